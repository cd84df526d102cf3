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
use std::path::{Path, PathBuf};

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
/// found.
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
        // A README in a folder of drafts is not checked, as in the editor; but it is said.
        if !doc.is_resolution() {
            skipped(file);
            continue;
        }
        let cx = rules::Context::new(&doc, &config)
            .with_precedents(precedents.for_config(&config.corpus));
        let diagnostics = rules::check_with(&cx);
        if status == EXIT_CLEAN && diagnostics.iter().any(|d| d.severity == Severity::Error) {
            status = EXIT_ERRORS;
        }
        reports.push((file.clone(), doc, diagnostics));
    }
    report::print(&reports, format, color);
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
