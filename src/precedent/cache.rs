//! Where the corpus lives and the on-disk cache of the index.
//!
//! The cache is one JSON file per set of corpus folders, under `$XDG_CACHE_HOME/resolute`
//! (else `~/.cache/resolute`). It records every indexed file's path, size and modification
//! time; any difference (a file changed, added or removed) rebuilds the index.

use super::PrecedentIndex;
use super::bundled::{bundled_corpus_dir, unpacked_corpus_dir};
use crate::config::CorpusConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Bump whenever what the index extracts or how it is stored changes, so that caches written
/// by an earlier build are rebuilt rather than trusted.
const FORMAT: &str = concat!("3:", env!("CARGO_PKG_VERSION"));

/// The folders a configuration asks to index: the bundled corpus (unless turned off, and
/// unpacked on first use), then the user's folders. A bundled corpus that cannot be unpacked is
/// reported on standard error (the editor's log) and left out.
pub fn corpus_folders(config: &CorpusConfig) -> Vec<PathBuf> {
    let bundled = config
        .bundled
        .then(unpacked_corpus_dir)
        .and_then(|unpacked| {
            unpacked
                .inspect_err(|e| eprintln!("resolute: {e}; going on without it"))
                .ok()
        });
    bundled
        .into_iter()
        .chain(config.paths.iter().cloned())
        .collect()
}

/// Whether `path` lies in one of the configured corpus folders: the editor shows no diagnostics
/// for precedents, which are adopted texts.
pub fn is_corpus_file(config: &CorpusConfig, path: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let path = absolute(path);
    let bundled = config.bundled.then(bundled_corpus_dir);
    bundled
        .iter()
        .chain(&config.paths)
        .any(|folder| path.starts_with(absolute(folder)))
}

/// `$XDG_CACHE_HOME/resolute`, else `~/.cache/resolute`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("resolute"))
}

/// A file as it was when indexed.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    path: PathBuf,
    size: u64,
    modified_ns: u128,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: String,
    stamps: Vec<Stamp>,
    index: PrecedentIndex,
}

/// How [`PrecedentIndex::load_or_build_in`] got its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Cache,
    Built,
}

impl PrecedentIndex {
    /// The index of the configured corpus: from the cache when no file changed, else built
    /// (reporting `(done, total)` files) and cached.
    pub fn load_or_build(config: &CorpusConfig, progress: impl Fn(usize, usize) + Sync) -> Self {
        let folders = corpus_folders(config);
        Self::load_or_build_in(&folders, cache_dir().as_deref(), progress).0
    }

    /// The index of these folders, cached under `cache` (no caching when `None`).
    pub fn load_or_build_in(
        folders: &[PathBuf],
        cache: Option<&Path>,
        progress: impl Fn(usize, usize) + Sync,
    ) -> (Self, Origin) {
        let files = corpus_files(folders);
        let stamps: Vec<Stamp> = files.iter().filter_map(|f| stamp(f)).collect();
        let cache_file = cache.map(|dir| dir.join(cache_name(folders)));
        if let Some(index) = cache_file.as_deref().and_then(|f| load(f, &stamps)) {
            progress(files.len(), files.len());
            return (index, Origin::Cache);
        }
        let index = PrecedentIndex::build(&files, progress);
        let index = match cache_file {
            Some(file) => save(&file, stamps, index),
            None => index,
        };
        (index, Origin::Built)
    }
}

/// The drafts in the folders, skipping folders that do not exist.
pub(crate) fn corpus_files(folders: &[PathBuf]) -> Vec<PathBuf> {
    let existing: Vec<PathBuf> = folders.iter().filter(|f| f.exists()).cloned().collect();
    crate::files::collect_files(&existing).unwrap_or_default()
}

pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(Stamp {
        path: path.to_path_buf(),
        size: meta.len(),
        modified_ns: modified.as_nanos(),
    })
}

/// One cache file per set of folders.
fn cache_name(folders: &[PathBuf]) -> String {
    format!("index-{:016x}.json", folders_hash(folders))
}

/// FNV-1a of the folders' absolute paths: names what is cached for one set of folders.
pub(crate) fn folders_hash(folders: &[PathBuf]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for f in folders {
        let absolute = std::path::absolute(f).unwrap_or_else(|_| f.clone());
        for b in absolute.to_string_lossy().bytes().chain([0]) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Whether this build would trust the cache file: written in its format, over files that have
/// not changed since. Reads the stamps only, not the index.
pub(super) fn is_current(file: &Path) -> bool {
    #[derive(Deserialize)]
    struct Header {
        format: String,
        stamps: Vec<Stamp>,
    }
    let Ok(bytes) = std::fs::read(file) else {
        return false;
    };
    serde_json::from_slice::<Header>(&bytes).is_ok_and(|h| {
        h.format == FORMAT && h.stamps.iter().all(|s| stamp(&s.path).as_ref() == Some(s))
    })
}

fn load(file: &Path, stamps: &[Stamp]) -> Option<PrecedentIndex> {
    // Read through a buffer rather than whole: the file's bytes would add to the peak of a
    // `check` (issue 14).
    let reader = std::io::BufReader::new(std::fs::File::open(file).ok()?);
    let cached: CacheFile = serde_json::from_reader(reader).ok()?;
    (cached.format == FORMAT && cached.stamps == stamps).then(|| cached.index.finish())
}

/// Writes the cache (through a temporary file, so that a reader never sees half of it) and
/// hands the index back. A cache that cannot be written only costs a rebuild next time.
fn save(file: &Path, stamps: Vec<Stamp>, index: PrecedentIndex) -> PrecedentIndex {
    let cached = CacheFile {
        format: FORMAT.to_string(),
        stamps,
        index,
    };
    if let Some(dir) = file.parent() {
        super::clean::remove_abandoned(dir);
        let tmp = file.with_extension(format!("tmp{}", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, serde_json::to_vec(&cached).unwrap_or_default()))
            .and_then(|()| std::fs::rename(&tmp, file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    cached.index
}
