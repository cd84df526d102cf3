//! The command line: `check`, `fix`, `footnotes`, `rules` and `lsp` share one model and one
//! rule set.

mod agreed;
mod fix;
mod report;

use crate::config::{Config, CorpusConfig};
use crate::model::Document;
use crate::model::citation;
use crate::precedent::PrecedentIndex;
use crate::rules::{self, Severity};
use std::path::{Path, PathBuf};

pub use agreed::{search, similar};
pub use fix::fix;
pub use report::OutputFormat;

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Exit statuses.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Reads a draft, refusing what cannot be a text file.
pub fn read_source(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(path, &e))?;
    if meta.is_dir() {
        return Err(format!("{}: is a directory", path.display()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{}: file is {} bytes, over the {} MiB limit",
            path.display(),
            meta.len(),
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 at byte {} (save the file as UTF-8)",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("{}: permission denied", path.display()),
        _ => format!("{}: {e}", path.display()),
    }
}

/// Expands directories into the drafts they contain (`.md`, `.markdown`, `.txt`).
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| io_message(p, &e))?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "markdown" | "txt")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// The configuration for `path`: an explicit `--config` file, else `resolute.toml` found
/// upwards from the file, else the defaults.
pub fn config_for(path: &Path, explicit: Option<&Path>) -> Result<Config, String> {
    match explicit {
        Some(file) => {
            let text = read_source(file)?;
            let config =
                Config::from_toml(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            Ok(anchor_corpus_paths(config, file))
        }
        None => Config::load_for(path).map(|(c, file)| match file {
            Some(file) => anchor_corpus_paths(c, &file),
            None => c,
        }),
    }
}

/// `[corpus] paths` are relative to the configuration file that names them.
fn anchor_corpus_paths(mut config: Config, file: &Path) -> Config {
    let base = file.parent().unwrap_or(Path::new(""));
    for p in &mut config.corpus.paths {
        if p.is_relative() {
            *p = base.join(&*p);
        }
    }
    config
}

/// `resolute check`: diagnostics for every file; the exit status says whether any error was
/// found.
pub fn check(paths: &[PathBuf], format: OutputFormat, config: Option<&Path>) -> i32 {
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let mut reports = Vec::new();
    let mut status = EXIT_CLEAN;
    let mut precedents = Precedents::default();
    for file in &files {
        let (text, config) =
            match read_source(file).and_then(|t| Ok((t, config_for(file, config)?))) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("error: {e}");
                    status = EXIT_USAGE;
                    continue;
                }
            };
        let doc = Document::parse_path(file, text);
        let cx = rules::Context::new(&doc, &config);
        // Only resolutions are checked against precedents; a README costs no index load.
        let cx = if doc.is_resolution() {
            cx.with_precedents(precedents.for_config(&config.corpus))
        } else {
            cx
        };
        let diagnostics = rules::check_with(&cx);
        if status == EXIT_CLEAN && diagnostics.iter().any(|d| d.severity == Severity::Error) {
            status = EXIT_ERRORS;
        }
        reports.push((file.clone(), doc, diagnostics));
    }
    report::print(&reports, format);
    status
}

/// The precedent index of each corpus configuration met, loaded (or built) once per run.
#[derive(Default)]
struct Precedents(Vec<(CorpusConfig, PrecedentIndex)>);

impl Precedents {
    fn for_config(&mut self, corpus: &CorpusConfig) -> &PrecedentIndex {
        let i = match self.0.iter().position(|(c, _)| c == corpus) {
            Some(i) => i,
            None => {
                let index = PrecedentIndex::load_or_build(corpus, |_, _| {});
                self.0.push((corpus.clone(), index));
                self.0.len() - 1
            }
        };
        &self.0[i].1
    }
}

/// `resolute footnotes FILE`: every footnote with its first citation and resolved source.
pub fn footnotes(path: &Path) -> i32 {
    let text = match read_source(path) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let doc = Document::parse_path(path, text);
    for info in citation::analyse(&doc) {
        let f = &doc.footnotes[info.footnote];
        let first = doc
            .markers
            .iter()
            .find(|m| m.number == f.number)
            .map_or("-".to_string(), |m| {
                (doc.lines.line_of(m.span.start) + 1).to_string()
            });
        let resolved = match (&info.resolved, info.problem) {
            (Some(c), _) => c.render(),
            (None, Some(p)) => format!("(unresolved: {p:?})"),
            (None, None) => "(unresolved)".to_string(),
        };
        println!(
            "{}\tline {first}\t{}\t=> {resolved}",
            f.number,
            f.text.as_str()
        );
    }
    EXIT_CLEAN
}

/// `resolute rules [--markdown]`.
pub fn list_rules(markdown: bool) -> i32 {
    if markdown {
        print!("{}", rules::reference_markdown());
    } else {
        for r in rules::all() {
            let default = if r.enabled_by_default {
                r.default_severity.as_str()
            } else {
                "off"
            };
            println!("{:32} {:12} {}", r.code, default, r.summary());
        }
    }
    EXIT_CLEAN
}

pub fn usage(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_USAGE
}
