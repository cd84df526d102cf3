//! `resolute cache clean`: removes what other builds left in the cache folder.
//!
//! Removed: unpacked corpora of other builds (`corpus-<id>` with another id than this binary's),
//! index caches this build would not trust (another format, or files changed or gone since), and
//! temporary files of an interrupted write: its process is gone, or it began more than an hour
//! ago. Kept: this build's corpus, every index cache it would load, and anything else in the
//! folder. A build of the indexes removes the abandoned temporary files itself
//! ([`remove_abandoned`]): a server killed while it built one leaves a folder of tens of
//! megabytes.
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

/// Removes the temporary files and folders of interrupted writes in the cache folder `dir`;
/// what cannot be removed stays.
pub fn remove_abandoned(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let temporary =
            (path.file_name().and_then(|n| n.to_str())).is_some_and(|n| n.contains(".tmp"));
        if temporary && is_abandoned(&path) {
            let _ = remove(&path);
        }
    }
}

/// A temporary file (`….tmp<pid>`) whose writer has ended, or that is older than any write.
fn is_abandoned(path: &Path) -> bool {
    let age = fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .map(|t| SystemTime::now().duration_since(t).unwrap_or_default());
    writer_gone(path) || age.is_ok_and(|age| age > TEMPORARY_GRACE)
}

/// Whether the process named in a temporary file's name (`….tmp<pid>`) is known to have
/// ended. Told only where `/proc` lists the running processes (Linux); elsewhere the age of
/// the file decides.
fn writer_gone(path: &Path) -> bool {
    let pid = (path.file_name().and_then(|n| n.to_str()))
        .and_then(|n| n.rsplit_once(".tmp"))
        .and_then(|(_, pid)| pid.parse::<u32>().ok());
    let processes = Path::new("/proc");
    pid.is_some_and(|pid| {
        processes.join("self").exists() && !processes.join(pid.to_string()).exists()
    })
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A write whose process has ended is abandoned at once; one still running is not, however
    /// young; other files are no temporaries.
    #[test]
    fn a_temporary_of_an_ended_process_is_removed_at_once() {
        let dir = std::env::temp_dir().join(format!("resolute-clean-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let ended = child.id();
        child.wait().unwrap();
        let abandoned = dir.join(format!("agreed-0123.tmp{ended}"));
        fs::create_dir_all(abandoned.join("segments")).unwrap();
        fs::write(abandoned.join("segments/a"), "half an index").unwrap();
        let running = dir.join(format!("index-0123.tmp{}", std::process::id()));
        fs::write(&running, "").unwrap();
        fs::write(dir.join("agreed-0123"), "").unwrap();

        remove_abandoned(&dir);
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let running = running.file_name().unwrap().to_str().unwrap().to_string();
        assert_eq!(left, ["agreed-0123".to_string(), running]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
