//! `resolute cache clean`: removes what other builds left in the cache folder.
//!
//! Removed: unpacked corpora of other builds (`corpus-<id>` with another id than this binary's),
//! index caches this build would not trust (another format, or files changed or gone since), and
//! temporary files of a write interrupted more than an hour ago. Kept: this build's corpus, every
//! index cache it would load, and anything else in the folder.
//!
//! Safe while a server of another version runs: a server reads its index cache once, at start,
//! and keeps the index in memory. If its corpus copy is removed, only opening one of its
//! precedents fails until it restarts, and a restart unpacks the copy again.

use super::bundled::packed_dir;
use super::cache::is_current;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file or folder younger than this may still be being written.
const TEMPORARY_GRACE: Duration = Duration::from_secs(3600);

/// Something `clean` removed, with the bytes it freed.
#[derive(Debug)]
pub struct Removed {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Removes the stale entries of the cache folder `dir` (a missing folder holds none).
pub fn clean(dir: &Path) -> io::Result<Vec<Removed>> {
    let current_corpus = packed_dir().file_name().map(|n| n.to_os_string());
    let entries = match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        other => other?,
    };
    let mut removed = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let stale = if name.contains(".tmp") {
            is_abandoned(&path)
        } else if name.starts_with("corpus-") {
            Some(name.as_ref()) != current_corpus.as_deref()
        } else if name.starts_with("index-") && name.ends_with(".json") {
            !is_current(&path)
        } else {
            false
        };
        if stale {
            let bytes = size(&path);
            remove(&path)?;
            removed.push(Removed { path, bytes });
        }
    }
    removed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(removed)
}

fn is_abandoned(path: &Path) -> bool {
    let age = fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .map(|t| SystemTime::now().duration_since(t).unwrap_or_default());
    age.is_ok_and(|age| age > TEMPORARY_GRACE)
}

fn size(path: &Path) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| size(&e.path()))
        .sum()
}

fn remove(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}
