//! `resolute fix [--dry-run] [--unsafe-fixes] PATH…` (also `resolute check --fix`): applies
//! every safe fix (and, asked, every unsafe one), says what it changed and what it left for
//! review, and writes the file back without changing what it is (link, owner, mode).

use super::{EXIT_CLEAN, EXIT_USAGE, Precedents, config_for, drafts, usage};
use crate::files::read_text;
use crate::fix::{FixOptions, Fixed};
use crate::model::Document;
use crate::rules::{Applicability, Diagnostic};
use crate::source::Encoding;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `fix` runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixMode {
    /// Print a unified diff instead of writing.
    pub dry_run: bool,
    /// Also apply fixes that rest on precedents.
    pub unsafe_fixes: bool,
}

/// Fixes every file, then prints what was fixed (to stderr: stdout carries the diff).
pub fn fix(paths: &[PathBuf], mode: FixMode, config: Option<&Path>) -> i32 {
    let files = match drafts(paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let mut status = EXIT_CLEAN;
    let precedents = Precedents::default();
    let mut summary = Summary::default();
    for file in &files {
        match fix_file(file, mode, config, &precedents) {
            Ok(Some(fixed)) => summary.add(file, &fixed, mode),
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: {e}");
                status = EXIT_USAGE;
            }
        }
    }
    eprintln!("{}", summary.line(mode.dry_run));
    status
}

fn fix_file(
    path: &Path,
    mode: FixMode,
    config: Option<&Path>,
    precedents: &Precedents,
) -> Result<Option<Fixed>, String> {
    let (text, charset) = read_text(path)?;
    let config = config_for(path, config)?;
    let doc = Document::parse_path(path, text.clone());
    if !doc.is_resolution() {
        super::skipped(path);
        return Ok(None);
    }
    let index = precedents.for_config(&config.corpus);
    let options = FixOptions {
        precedents: Some(&index),
        unsafe_fixes: mode.unsafe_fixes,
    };
    let fixed = crate::fix::fix_document(doc, &config, options);
    if *fixed.doc.text != text {
        if mode.dry_run {
            print!(
                "{}",
                diff(&path.display().to_string(), &text, &fixed.doc.text)
            );
        } else if is_read_only(path)? {
            return Err(format!("{}: read-only file, not fixed", path.display()));
        } else {
            write_back(path, &charset.encode(&fixed.doc.text))?;
        }
    }
    Ok(Some(fixed))
}

/// What `fix` did over every file.
#[derive(Default)]
struct Summary {
    per_rule: BTreeMap<&'static str, usize>,
    files: usize,
    left: usize,
    /// Of those left, the ones `--unsafe-fixes` would apply.
    unsafe_left: usize,
}

impl Summary {
    /// Counts a file's fixes and prints what it left for review.
    fn add(&mut self, path: &Path, fixed: &Fixed, mode: FixMode) {
        if fixed.count() > 0 {
            self.files += 1;
        }
        for (code, n) in &fixed.applied {
            *self.per_rule.entry(code).or_insert(0) += n;
        }
        for d in &fixed.left {
            let pos = fixed
                .doc
                .lines
                .position(&fixed.doc.text, d.span.start, Encoding::Utf8);
            eprintln!(
                "{}:{}:{}: {}: not fixed: {}",
                path.display(),
                pos.line + 1,
                pos.col + 1,
                d.code(),
                why_left(d, mode)
            );
        }
        self.left += fixed.left.len();
        let unsafe_only = |d: &&Diagnostic| {
            !mode.unsafe_fixes
                && d.fixes
                    .iter()
                    .all(|f| f.applicability == Applicability::Unsafe)
        };
        self.unsafe_left += fixed.left.iter().filter(unsafe_only).count();
    }

    /// "applied 12 fixes in 3 files (footnote-sequence: 2, …); 3 left for review (2 with
    /// --unsafe-fixes)".
    fn line(&self, dry_run: bool) -> String {
        let total: usize = self.per_rule.values().sum();
        let verb = if dry_run { "would apply" } else { "applied" };
        let mut line = format!(
            "{verb} {total} {} in {} {}",
            plural(total, "fix", "fixes"),
            self.files,
            plural(self.files, "file", "files")
        );
        if total > 0 {
            let rules: Vec<String> = self
                .per_rule
                .iter()
                .map(|(code, n)| format!("{code}: {n}"))
                .collect();
            line.push_str(&format!(" ({})", rules.join(", ")));
        }
        if self.left > 0 {
            line.push_str(&format!("; {} left for review", self.left));
        }
        if self.unsafe_left > 0 {
            line.push_str(&format!(" ({} with --unsafe-fixes)", self.unsafe_left));
        }
        line
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Why `fix` left a diagnostic's fixes alone.
fn why_left(d: &Diagnostic, mode: FixMode) -> String {
    let titles: Vec<String> = d.fixes.iter().map(|f| format!("“{}”", f.title)).collect();
    let has = |a: Applicability| d.fixes.iter().any(|f| f.applicability == a);
    if has(Applicability::Manual) {
        format!(
            "the evidence cannot choose between {}; apply one in the editor",
            titles.join(" and ")
        )
    } else if has(Applicability::Unsafe) && !mode.unsafe_fixes {
        format!(
            "{} rests on precedents; rerun with --unsafe-fixes to apply it",
            titles.join(", ")
        )
    } else {
        format!(
            "{} would add an error or overlaps another fix; apply it in the editor",
            titles.join(", ")
        )
    }
}

fn is_read_only(path: &Path) -> Result<bool, String> {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the fixed text (encoded as the file was) to the file `path` names, through symlinks (the link stays a link).
/// A file with one name is replaced atomically: a temporary file in the same folder, given the
/// original's mode and owner, synced, renamed over it, and the folder synced, so that a crash
/// leaves the old file or the new one, never a part. A hard-linked file would lose its other
/// names by a rename, and a file whose owner cannot be given to the copy would change hands,
/// so those are rewritten in place after a synced backup copy that a crash leaves behind.
fn write_back(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", path.display());
    let target = std::fs::canonicalize(path).map_err(io)?;
    let meta = std::fs::metadata(&target).map_err(io)?;
    if link_count(&meta) > 1 {
        return write_in_place(&target, bytes).map_err(io);
    }
    match replace(&target, bytes, &meta) {
        Err(Replace::OwnerNotKept) => write_in_place(&target, bytes).map_err(io),
        Err(Replace::Io(e)) => Err(io(e)),
        Ok(()) => Ok(()),
    }
}

enum Replace {
    /// The temporary file cannot be given the original's owner.
    OwnerNotKept,
    Io(std::io::Error),
}

impl From<std::io::Error> for Replace {
    fn from(e: std::io::Error) -> Self {
        Replace::Io(e)
    }
}

fn replace(target: &Path, bytes: &[u8], meta: &std::fs::Metadata) -> Result<(), Replace> {
    let tmp = sibling(target, "tmp");
    let written = write_new(&tmp, bytes, meta).and_then(|()| {
        std::fs::rename(&tmp, target)?;
        sync_parent(target).map_err(Replace::Io)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Creates `path` with `bytes`, the mode and owner of `like`, synced to disk.
fn write_new(path: &Path, bytes: &[u8], like: &std::fs::Metadata) -> Result<(), Replace> {
    let mut file = File::create(path)?;
    file.set_permissions(like.permissions())?;
    keep_owner(path, like)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// Rewrites `target` in place, keeping its inode (and so its hard links, owner and mode),
/// after a synced backup copy next to it that is removed once the new text is on disk.
fn write_in_place(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let backup = sibling(target, "backup");
    std::fs::copy(target, &backup)?;
    File::open(&backup)?.sync_all()?;
    sync_parent(target)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::remove_file(&backup)?;
    sync_parent(target)
}

/// `.NAME.resolute-KIND-PID` in the same folder (so that a rename stays on one file system).
fn sibling(target: &Path, kind: &str) -> PathBuf {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("draft");
    target.with_file_name(format!(".{name}.resolute-{kind}-{}", std::process::id()))
}

/// Syncs the folder holding `path`, so that a rename or removal in it survives a crash.
fn sync_parent(path: &Path) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()
}

#[cfg(unix)]
fn link_count(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn keep_owner(path: &Path, like: &std::fs::Metadata) -> Result<(), Replace> {
    use std::os::unix::fs::MetadataExt;
    std::os::unix::fs::chown(path, Some(like.uid()), Some(like.gid()))
        .map_err(|_| Replace::OwnerNotKept)
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) -> Result<(), Replace> {
    Ok(())
}

/// A unified diff with three lines of context that `git apply` accepts (`a/` and `b/`
/// prefixes, "\ No newline at end of file" where it applies).
pub fn diff(name: &str, old: &str, new: &str) -> String {
    let mut out = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
