//! The command line: `check`, `fix`, `footnotes`, `rules` and `lsp` share one model and one
//! rule set.

mod agreed;
pub mod editors;
mod fix;
mod report;

use crate::config::{Config, CorpusConfig};
use crate::files::{collect_files, read_source};
use crate::model::Document;
use crate::model::citation::{self, IbidProblem};
use crate::precedent::PrecedentIndex;
use crate::rules::{self, Severity};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use agreed::{ListFormat, search, similar};
pub use fix::{FixMode, fix};
pub use report::{ColorWhen, OutputFormat};

/// Exit statuses.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// The configuration for `path`: an explicit `--config` file, else `resolute.toml` found
/// upwards from the file, else the defaults.
pub fn config_for(path: &Path, explicit: Option<&Path>) -> Result<Config, String> {
    let (config, file) = match explicit {
        Some(file) => {
            let text = read_source(file)?;
            let config =
                Config::from_toml(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            (config, Some(file.to_path_buf()))
        }
        None => Config::load_for(path)?,
    };
    let Some(file) = file else {
        return Ok(config);
    };
    rules::validate_config(&config).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(anchor_corpus_paths(config, &file))
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

/// The drafts named by the command line: an argument that holds none is a usage error, not
/// a silent success.
pub fn drafts(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let files = collect_files(paths)?;
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no drafts found in {} (drafts are .md, .markdown and .txt files)",
            names.join(", ")
        ));
    }
    Ok(files)
}

/// `resolute check`: diagnostics for every file; the exit status says whether any error was
/// found. Files are checked in parallel, a batch at a time, and reported in the order given.
pub fn check(
    paths: &[PathBuf],
    format: OutputFormat,
    color: ColorWhen,
    config: Option<&Path>,
) -> i32 {
    let files = match drafts(paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let precedents = Precedents::default();
    let mut printer = report::Printer::new(format, color);
    let mut status = EXIT_CLEAN;
    // A few files per thread: enough to keep every thread busy, few enough that the models
    // waiting for their turn to be reported stay small.
    let batch = 4 * rayon::current_num_threads();
    for files in files.chunks(batch) {
        let check = |file: &PathBuf| check_file(file, config, &precedents);
        // One file is checked on this thread: a worker thread would take an allocator arena
        // of its own, and the memory freed in one arena (building the precedent index) would
        // not serve the other, doubling the peak.
        let checked: Vec<_> = match files {
            [one] => vec![check(one)],
            _ => files.par_iter().map(check).collect(),
        };
        for (file, checked) in files.iter().zip(checked) {
            match checked {
                Err(e) => {
                    eprintln!("error: {e}");
                    status = EXIT_USAGE;
                }
                // A README in a folder of drafts is not checked, as in the editor; but it is
                // said.
                Ok(None) => skipped(file),
                Ok(Some(report)) => {
                    let error = report.2.iter().any(|d| d.severity == Severity::Error);
                    if status == EXIT_CLEAN && error {
                        status = EXIT_ERRORS;
                    }
                    printer.file(&report);
                }
            }
        }
    }
    printer.finish();
    status
}

/// One file read and checked; `None` when it is not a resolution draft.
fn check_file(
    file: &Path,
    config: Option<&Path>,
    precedents: &Precedents,
) -> Result<Option<report::Report>, String> {
    let text = read_source(file)?;
    let config = config_for(file, config)?;
    let doc = Document::parse_path(file, text);
    if !doc.is_resolution() {
        return Ok(None);
    }
    let index = precedents.for_config(&config.corpus);
    let cx = rules::Context::new(&doc, &config).with_precedents(&index);
    let diagnostics = rules::check_with(&cx);
    Ok(Some((file.to_path_buf(), doc, diagnostics)))
}

/// The precedent index of each corpus configuration met, loaded (or built) once per run and
/// shared by the threads: the first to need one loads it while the others wait.
#[derive(Default)]
struct Precedents(Mutex<Vec<(CorpusConfig, Arc<PrecedentIndex>)>>);

impl Precedents {
    fn for_config(&self, corpus: &CorpusConfig) -> Arc<PrecedentIndex> {
        let mut loaded = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, index)) = loaded.iter().find(|(c, _)| c == corpus) {
            return index.clone();
        }
        let index = PrecedentIndex::load_or_build(corpus, |_, _| {}).for_rules_only();
        let index = Arc::new(index);
        loaded.push((corpus.clone(), index.clone()));
        index
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
            (None, Some(p)) => format!("(unresolved: {})", unresolved_reason(p)),
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

/// Why an "Ibid." stands for nothing, in the words of the footnotes listing.
fn unresolved_reason(problem: IbidProblem) -> &'static str {
    match problem {
        IbidProblem::NoAntecedent => "“Ibid.” has no earlier footnote to repeat",
        IbidProblem::Ambiguous => {
            "the footnote before cites several sources, or only gives examples"
        }
        IbidProblem::Incompatible => {
            "its locator cannot belong to the source the footnote before cites"
        }
    }
}

/// `resolute rules [--markdown]`.
pub fn list_rules(markdown: bool) -> i32 {
    if markdown {
        print!("{}", rules::reference_markdown());
    } else {
        for r in rules::all() {
            println!("{:32} {:12} {}", r.code, r.default_setting(), r.summary());
        }
    }
    EXIT_CLEAN
}

/// Says that a file is not checked: `check`, `fix` and the language server agree that only
/// resolution drafts (an organ line, or numbered operative paragraphs) are.
fn skipped(path: &Path) {
    eprintln!("{}: not a resolution draft: skipped", path.display());
}

pub fn usage(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_USAGE
}

/// `resolute cache clean`: removes corpus copies and index caches that this build does not use.
pub fn clean_cache() -> i32 {
    let Some(dir) = crate::precedent::cache_dir() else {
        return usage("no cache folder: neither XDG_CACHE_HOME nor HOME is set");
    };
    match crate::precedent::clean::clean(&dir) {
        Ok(removed) if removed.is_empty() => {
            println!("nothing to clean in {}", dir.display());
            EXIT_CLEAN
        }
        Ok(removed) => {
            for r in &removed {
                println!("removed {} ({})", r.path.display(), megabytes(r.bytes));
            }
            let total = removed.iter().map(|r| r.bytes).sum();
            println!("freed {} in {}", megabytes(total), dir.display());
            EXIT_CLEAN
        }
        Err(e) => usage(&format!("cleaning {}: {e}", dir.display())),
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
