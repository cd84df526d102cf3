//! The paragraph index on disk: one tantivy folder per set of corpus folders, next to the
//! precedent cache (`agreed-<hash>/` in the cache folder), with the stamps of the files it was
//! built from. Any file changed, added or removed rebuilds it.
//!
//! A folder appears only complete: it is built under a temporary name and renamed, so a server
//! and a command starting together never open half an index.

use super::AgreedIndex;
use super::extract::{self, AgreedParagraph};
use crate::config::CorpusConfig;
use crate::model::Document;
use crate::precedent::cache::{Stamp, corpus_files, folders_hash, stamp};
use crate::precedent::clean::remove_abandoned;
use crate::precedent::index::{extract_resolution, parallel_map, prefer_markdown};
use crate::precedent::{Origin, cache_dir, corpus_folders};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bump whenever what is extracted or how it is stored changes.
const FORMAT: &str = concat!("3:", env!("CARGO_PKG_VERSION"));
const STAMPS: &str = "resolute-stamps.json";

#[derive(Serialize, Deserialize)]
struct Stamps {
    format: String,
    stamps: Vec<Stamp>,
}

/// The paragraph index of the configured corpus, from the cache when no file changed; else
/// built once `ready` returns (the editor waits for a pause in typing).
pub fn load_or_build(
    config: &CorpusConfig,
    ready: impl FnOnce(),
    progress: impl Fn(usize, usize) + Sync,
) -> Result<AgreedIndex, String> {
    let folders = corpus_folders(config);
    open_or_build(&folders, cache_dir().as_deref(), ready, progress).map(|(index, _)| index)
}

/// The paragraph index of these folders, cached under `cache` (in memory when `None`),
/// reporting `(done, total)` files read when it is built.
pub fn load_or_build_in(
    folders: &[PathBuf],
    cache: Option<&Path>,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<(AgreedIndex, Origin), String> {
    open_or_build(folders, cache, || {}, progress)
}

fn open_or_build(
    folders: &[PathBuf],
    cache: Option<&Path>,
    ready: impl FnOnce(),
    progress: impl Fn(usize, usize) + Sync,
) -> Result<(AgreedIndex, Origin), String> {
    let files = prefer_markdown(&corpus_files(folders));
    let stamps = Stamps {
        format: FORMAT.to_string(),
        stamps: files.iter().filter_map(|f| stamp(f)).collect(),
    };
    let Some(cache) = cache else {
        ready();
        let index = AgreedIndex::build(None, read_paragraphs(&files, progress));
        return index.map(|i| (i, Origin::Built)).map_err(|e| e.to_string());
    };
    let dir = cache.join(format!("agreed-{:016x}", folders_hash(folders)));
    if let Some(index) = open_if_current(&dir, &stamps) {
        progress(files.len(), files.len());
        return Ok((index, Origin::Cache));
    }
    ready();
    build_in(&dir, &stamps, read_paragraphs(&files, progress))
        .map(|index| (index, Origin::Built))
        .map_err(|e| format!("cannot index agreed language in {}: {e}", dir.display()))
}

fn open_if_current(dir: &Path, stamps: &Stamps) -> Option<AgreedIndex> {
    let saved: Stamps = serde_json::from_slice(&fs::read(dir.join(STAMPS)).ok()?).ok()?;
    let current = saved.format == stamps.format && saved.stamps == stamps.stamps;
    current.then(|| AgreedIndex::open(dir).ok()).flatten()
}

/// Builds under a temporary name, then replaces `dir` with it.
fn build_in(
    dir: &Path,
    stamps: &Stamps,
    paragraphs: Vec<AgreedParagraph>,
) -> Result<AgreedIndex, Box<dyn std::error::Error>> {
    if let Some(folder) = dir.parent() {
        remove_abandoned(folder);
    }
    let tmp = dir.with_extension(format!("tmp{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp)?;
    let built = AgreedIndex::build(Some(&tmp), paragraphs)
        .map_err(Box::from)
        .and_then(|index| {
            drop(index);
            fs::write(tmp.join(STAMPS), serde_json::to_vec(stamps)?)?;
            install(&tmp, dir, stamps)
        });
    if built.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    built
}

/// Moves the index built in `tmp` to `dir` and opens it. A current index already there (another
/// server finished the same build first, and may be opening it) is kept and ours dropped; only
/// a stale one is replaced.
fn install(
    tmp: &Path,
    dir: &Path,
    stamps: &Stamps,
) -> Result<AgreedIndex, Box<dyn std::error::Error>> {
    if fs::rename(tmp, dir).is_err() {
        if let Some(index) = open_if_current(dir, stamps) {
            let _ = fs::remove_dir_all(tmp);
            return Ok(index);
        }
        fs::remove_dir_all(dir)?;
        fs::rename(tmp, dir)?;
    }
    Ok(AgreedIndex::open(dir)?)
}

/// Every paragraph of the resolutions in these folders (the measurements read them).
pub fn corpus_paragraphs(folders: &[PathBuf]) -> Vec<AgreedParagraph> {
    read_paragraphs(&prefer_markdown(&corpus_files(folders)), |_, _| {})
}

/// Every paragraph of the resolutions among `files`, read in parallel; a symbol read twice
/// counts once.
fn read_paragraphs(
    files: &[PathBuf],
    progress: impl Fn(usize, usize) + Sync,
) -> Vec<AgreedParagraph> {
    let done = AtomicUsize::new(0);
    let per_file = parallel_map(files, |path| {
        let found = read_file(path);
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
        found
    });
    let mut seen = std::collections::HashSet::new();
    per_file
        .into_iter()
        .flatten()
        .filter(|(symbol, _)| seen.insert(symbol.clone()))
        .flat_map(|(_, paragraphs)| paragraphs)
        .collect()
}

/// The symbol and paragraphs of a resolution file; `None` for anything else.
fn read_file(path: &Path) -> Option<(String, Vec<AgreedParagraph>)> {
    let text = crate::files::read_source(path).ok()?;
    let doc = Document::parse_path(path, text);
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolution = extract_resolution(&doc, absolute.clone())?;
    let source = extract::Source {
        symbol: &resolution.symbol,
        title: &resolution.title,
        date: resolution.date.map(|d| d.iso()),
        file: &absolute.to_string_lossy(),
    };
    Some((
        resolution.symbol.clone(),
        extract::paragraphs(&doc, &source),
    ))
}
