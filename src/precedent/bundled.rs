//! The bundled precedent corpus: packed into the binary by `build.rs` and unpacked, once per
//! corpus, into the cache folder, where the index reads it and the editor opens its texts.
//!
//! The unpacked files are made read-only: they are adopted texts, not drafts to edit. A folder
//! appears only complete (it is written under a temporary name and renamed), so a server and a
//! `resolute check` starting together never read half a corpus.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// The corpus as `build.rs` packed it: a zlib stream of `u64 name length, name, u64 text
/// length, text` entries.
static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/corpus.zlib"));

/// A hash of the packed entries, naming the folder they unpack to.
const CORPUS_ID: &str = env!("RESOLUTE_CORPUS_ID");

/// Where the bundled corpus is read from, without unpacking it: `$RESOLUTE_CORPUS` when set,
/// else the folder the packed corpus unpacks to.
pub fn bundled_corpus_dir() -> PathBuf {
    corpus_override().unwrap_or_else(packed_dir)
}

/// The bundled corpus folder, unpacked if it is not there yet (once per process).
pub fn unpacked_corpus_dir() -> Result<PathBuf, String> {
    if let Some(dir) = corpus_override() {
        return Ok(dir);
    }
    let dir = packed_dir();
    static UNPACKED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    UNPACKED
        .get_or_init(|| {
            unpack(&dir).map(|()| dir.clone()).map_err(|e| {
                format!(
                    "cannot unpack the bundled corpus into {}: {e}",
                    dir.display()
                )
            })
        })
        .clone()
}

/// `$RESOLUTE_CORPUS`, when set: a folder that replaces the packed corpus.
fn corpus_override() -> Option<PathBuf> {
    std::env::var_os("RESOLUTE_CORPUS")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// `corpus-<id>` in the cache folder (the system's temporary folder when there is none), where
/// the packed corpus is unpacked.
pub(super) fn packed_dir() -> PathBuf {
    super::cache_dir()
        .unwrap_or_else(|| std::env::temp_dir().join("resolute"))
        .join(format!("corpus-{CORPUS_ID}"))
}

/// Writes the packed corpus to `dir` unless a complete copy is there.
fn unpack(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(".corpus-{CORPUS_ID}.tmp{}", std::process::id()));
    let written = write_entries(&tmp).and_then(|()| fs::rename(&tmp, dir));
    if written.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    match written {
        // Another process finished first: its copy is as good as ours.
        Err(_) if dir.is_dir() => Ok(()),
        other => other,
    }
}

fn write_entries(root: &Path) -> io::Result<()> {
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(PACKED)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{e:?}")))?;
    for (name, text) in entries(&bytes)? {
        let path = root.join(name);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(&path, text)?;
        let mut permissions = fs::metadata(&path)?.permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions)?;
    }
    Ok(())
}

/// The `(relative path, text)` entries of the unpacked archive.
fn entries(mut bytes: &[u8]) -> io::Result<Vec<(&str, &[u8])>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let name_len = take_len(&mut bytes)?;
        let name = std::str::from_utf8(take(&mut bytes, name_len)?).map_err(|_| corrupt())?;
        let inside = Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(corrupt());
        }
        let text_len = take_len(&mut bytes)?;
        out.push((name, take(&mut bytes, text_len)?));
    }
    Ok(out)
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> io::Result<&'a [u8]> {
    let (head, rest) = bytes.split_at_checked(n).ok_or_else(corrupt)?;
    *bytes = rest;
    Ok(head)
}

fn take_len(bytes: &mut &[u8]) -> io::Result<usize> {
    let head: [u8; 8] = take(bytes, 8)?.try_into().map_err(|_| corrupt())?;
    usize::try_from(u64::from_le_bytes(head)).map_err(|_| corrupt())
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the packed corpus is corrupt")
}
