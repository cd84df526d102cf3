//! Corpus-wide measurements over `../shared/corpus` (or the folder given as argument):
//! ODS-versus-Markdown marker agreement and diagnostics per rule on adopted resolutions, with
//! the citation rules checking the corpus against a precedent index built from itself.
//!
//! `cargo run --release --example corpus_report [-- CORPUS_DIR] [--show N] [--sessions 75,76]`
//!
//! `--sessions` checks only the resolutions of those General Assembly sessions (the folder
//! names under `ga/`), so that one split can be kept aside as unseen; the precedent index is
//! still built from the whole corpus.

use resolute::config::Config;
use resolute::model::Document;
use resolute::precedent::PrecedentIndex;
use resolute::rules::{self, Context};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = PathBuf::from("../shared/corpus");
    let mut show = 5usize;
    let mut sessions: Option<Vec<String>> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--show" => show = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--sessions" => {
                sessions = args
                    .next()
                    .map(|s| s.split(',').map(str::to_string).collect())
            }
            _ => root = PathBuf::from(a),
        }
    }
    if !root.is_dir() {
        eprintln!(
            "no corpus at {} (pass the corpus folder as argument)",
            root.display()
        );
        std::process::exit(2);
    }
    let files = resolute::files::collect_files(&[root.clone()]).expect("corpus readable");
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| {
            !f.file_name()
                .is_some_and(|n| n == "README.md" || n == "SOURCE.md")
        })
        .collect();
    let checked: Vec<PathBuf> = files
        .iter()
        .filter(|f| in_sessions(f, sessions.as_deref()))
        .cloned()
        .collect();
    marker_agreement(&checked, show);
    diagnostics(&files, &checked, show);
}

/// Whether a file lies in one of the session folders asked for (every file when none was).
fn in_sessions(file: &Path, sessions: Option<&[String]>) -> bool {
    let Some(sessions) = sessions else {
        return true;
    };
    let folder = file
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    folder.is_some_and(|f| sessions.iter().any(|s| s == f))
}

fn parse(path: &Path) -> Option<Document> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(Document::parse_path(path, text))
}

fn marker_agreement(files: &[PathBuf], show: usize) {
    let (mut docs, mut agree, mut markers, mut matched) = (0, 0, 0usize, 0usize);
    let mut shown = 0;
    for txt in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
    {
        let md = txt.with_extension("md");
        let (Some(a), Some(b)) = (parse(txt), parse(&md)) else {
            continue;
        };
        let ta: Vec<u32> = a.markers.iter().map(|m| m.number).collect();
        let tb: Vec<u32> = b.markers.iter().map(|m| m.number).collect();
        docs += 1;
        markers += tb.len();
        matched += common_prefix_len(&ta, &tb);
        if ta == tb {
            agree += 1;
        } else if shown < show {
            shown += 1;
            println!(
                "  markers differ: {}\n    txt: {ta:?}\n    md:  {tb:?}",
                txt.display()
            );
        }
    }
    println!(
        "marker agreement (.txt vs .md): {agree}/{docs} documents identical ({:.2}%), {matched}/{markers} markers in agreeing prefix",
        100.0 * agree as f64 / docs.max(1) as f64
    );
}

fn common_prefix_len(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn diagnostics(files: &[PathBuf], checked: &[PathBuf], show: usize) {
    let config = Config::default();
    let start = Instant::now();
    let index = PrecedentIndex::build(files, |_, _| {});
    println!(
        "precedent index: {} resolutions, {} instruments, built in {:.2}s",
        index.resolutions.len(),
        index.instruments.len(),
        start.elapsed().as_secs_f64()
    );
    let mut per_rule: BTreeMap<(String, &str), Vec<String>> = BTreeMap::new();
    let (mut bytes, mut docs) = (0usize, 0usize);
    let start = Instant::now();
    for f in checked {
        let Some(doc) = parse(f) else { continue };
        bytes += doc.text.len();
        docs += 1;
        let cx = Context::new(&doc, &config).with_precedents(&index);
        for d in rules::check_with(&cx) {
            let line = doc.lines.line_of(d.span.start) + 1;
            per_rule
                .entry((d.severity.as_str().to_string(), d.code()))
                .or_default()
                .push(format!("{}:{line}: {}", f.display(), d.message));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "checked {docs} documents, {:.1} MB in {secs:.2}s ({:.1} MB/s incl. reading)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    for ((severity, code), items) in &per_rule {
        println!("{severity:12} {code:32} {}", items.len());
        for item in items.iter().take(show) {
            println!("    {item}");
        }
    }
}
