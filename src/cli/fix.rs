//! `resolute fix [--dry-run] PATH…` (also `resolute check --fix`): applies every safe fix.

use super::{EXIT_CLEAN, EXIT_USAGE, config_for, drafts, read_source, usage};
use crate::model::Document;
use std::io::Write;
use std::path::Path;

/// Fixes every file; with `dry_run`, prints a diff instead of writing.
pub fn fix(paths: &[std::path::PathBuf], dry_run: bool, config: Option<&Path>) -> i32 {
    let files = match drafts(paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let mut status = EXIT_CLEAN;
    for file in &files {
        if let Err(e) = fix_file(file, dry_run, config) {
            eprintln!("error: {e}");
            status = EXIT_USAGE;
        }
    }
    status
}

fn fix_file(path: &Path, dry_run: bool, config: Option<&Path>) -> Result<(), String> {
    let text = read_source(path)?;
    let config = config_for(path, config)?;
    let doc = Document::parse_path(path, text.clone());
    if !doc.is_resolution() {
        return Ok(());
    }
    let fixed = crate::fix::fix_text(doc, &config);
    if fixed == text {
        return Ok(());
    }
    if dry_run {
        print!("{}", diff(&path.display().to_string(), &text, &fixed));
        return Ok(());
    }
    write_atomic(path, &fixed)
}

/// Writes through a temporary file in the same folder, then renames over the original.
fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("draft");
    let tmp = dir.join(format!(".{name}.resolute-{}", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| {
            if let Ok(meta) = std::fs::metadata(path) {
                std::fs::set_permissions(&tmp, meta.permissions())?;
            }
            std::fs::rename(&tmp, path)
        });
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", path.display())
    })
}

/// A unified diff of two texts, one hunk per run of changed lines. Fixes keep line breaks,
/// so lines are compared position by position; differing line counts show as one hunk.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        old.split_inclusive('\n').collect(),
        new.split_inclusive('\n').collect(),
    );
    let mut out = format!("--- {name}\n+++ {name}\n");
    if a.len() != b.len() {
        out.push_str(&format!("@@ -1,{} +1,{} @@\n", a.len(), b.len()));
        a.iter().for_each(|l| push_line(&mut out, '-', l));
        b.iter().for_each(|l| push_line(&mut out, '+', l));
        return out;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] == b[i] {
            i += 1;
            continue;
        }
        let end = (i..a.len()).find(|&j| a[j] == b[j]).unwrap_or(a.len());
        out.push_str(&format!("@@ -{0},{1} +{0},{1} @@\n", i + 1, end - i));
        a[i..end].iter().for_each(|l| push_line(&mut out, '-', l));
        b[i..end].iter().for_each(|l| push_line(&mut out, '+', l));
        i = end;
    }
    out
}

fn push_line(out: &mut String, sign: char, line: &str) {
    out.push(sign);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}
