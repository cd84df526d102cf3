//! Packs the bundled precedent corpus (`corpus/`) into the binary, so that an installed
//! `resolute` has its precedents without the source tree.
//!
//! The archive is a zlib stream of entries `u64 path length, path, u64 text length, text`,
//! with `/`-separated paths relative to `corpus/`, in sorted order. `src/precedent/bundled.rs`
//! unpacks it; `RESOLUTE_CORPUS_ID` (a hash of the uncompressed entries) names the folder it
//! unpacks to, so that a binary with a different corpus never reuses another's files.

use std::path::{Path, PathBuf};

fn main() {
    // Read when the script runs, not when it was compiled: a script built for a checkout
    // elsewhere (a moved or second working tree sharing a target folder) packed nothing.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("corpus");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut entries = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).expect("walked under the root");
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        let text = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        entries.extend_from_slice(&(name.len() as u64).to_le_bytes());
        entries.extend_from_slice(name.as_bytes());
        entries.extend_from_slice(&(text.len() as u64).to_le_bytes());
        entries.extend_from_slice(&text);
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&entries, 9);
    std::fs::write(out.join("corpus.zlib"), packed).expect("write the packed corpus");
    println!(
        "cargo:rustc-env=RESOLUTE_CORPUS_ID={:016x}",
        fnv1a(&entries)
    );
}

/// Every file under `dir`; a missing `corpus/` packs an empty corpus.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
