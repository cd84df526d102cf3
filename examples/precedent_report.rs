//! Precedent index measurements over the bundled corpus (or the folders given).
//!
//! - Build time and what the index holds.
//! - Resolution references: the share that resolve to an indexed resolution whose title and
//!   date agree with `INDEX.tsv` (ground truth written by the corpus converter), and the share
//!   of dates given in the text that agree with it.
//! - A seeded random sample of footnoted mentions with the instrument name extracted before
//!   the marker, to judge extraction precision by hand (`--sample N`, `--seed S`).
//!
//! `cargo run --release --example precedent_report [-- DIR …] [--sample 50] [--seed 7]
//! [--index PATH/INDEX.tsv] [--instruments]`

use resolute::model::{Document, instrument};
use resolute::precedent::{Body, Date, PrecedentIndex, unpacked_corpus_dir};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    folders: Vec<PathBuf>,
    tsv: PathBuf,
    sample: usize,
    seed: u64,
    instruments: bool,
    memory: bool,
}

fn args() -> Args {
    let bundled = unpacked_corpus_dir().expect("the bundled corpus unpacks");
    let mut out = Args {
        folders: Vec::new(),
        tsv: bundled.join("INDEX.tsv"),
        sample: 50,
        seed: 7,
        instruments: false,
        memory: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sample" => out.sample = it.next().and_then(|n| n.parse().ok()).unwrap_or(50),
            "--seed" => out.seed = it.next().and_then(|n| n.parse().ok()).unwrap_or(7),
            "--index" => out.tsv = it.next().map(PathBuf::from).unwrap_or(out.tsv),
            "--instruments" => out.instruments = true,
            "--memory" => out.memory = true,
            _ => out.folders.push(PathBuf::from(a)),
        }
    }
    if out.folders.is_empty() {
        out.folders.push(bundled);
    }
    out
}

fn main() {
    let args = args();
    if args.memory {
        memory(&args.folders);
        return;
    }
    let files = resolute::files::collect_files(&args.folders).expect("corpus readable");
    let start = Instant::now();
    let index = PrecedentIndex::build(&files, |_, _| {});
    let secs = start.elapsed().as_secs_f64();
    let strong = index
        .instruments
        .iter()
        .filter(|i| i.resolution_count() >= 3)
        .count();
    println!(
        "index: {} files → {} resolutions, {} instruments ({strong} cited by ≥ 3 resolutions), {} references, built in {secs:.2}s",
        files.len(),
        index.resolutions.len(),
        index.instruments.len(),
        index.references.len()
    );
    let always = index
        .instruments
        .iter()
        .filter(|i| i.always_footnoted())
        .count();
    let treaty = index
        .instruments
        .iter()
        .filter(|i| i.treaty.is_some())
        .count();
    println!("  always footnoted: {always}; Treaty Series consensus: {treaty}");
    if args.instruments {
        print_instruments(&index);
    }
    reference_accuracy(&index, &args.tsv);
    cited_date_accuracy(&index);
    sample_mentions(&index, &files, args.sample, args.seed);
}

/// How far the date that citations agree on (what checks a resolution the corpus does not
/// hold) can be trusted: compared, for the resolutions the corpus does hold, with their own date.
fn cited_date_accuracy(index: &PrecedentIndex) {
    let (mut agree, mut undecided) = (0, 0);
    let mut disagree = Vec::new();
    for r in &index.resolutions {
        let cited = index.cited(r.body, &r.number, &r.parts);
        let Some((own, cited)) = r.date.zip(cited.filter(|c| c.by.len() >= 2)) else {
            continue;
        };
        match cited.date {
            Some(date) if date == own => agree += 1,
            Some(date) => disagree.push(format!("{} ({own}, cited as {date})", r.symbol)),
            None => undecided += 1,
        }
    }
    println!(
        "dates agreed by citations, checked on held resolutions cited by ≥ 2: {agree} right, {} wrong, {undecided} without agreement",
        disagree.len()
    );
    for d in disagree {
        println!("  wrong: {d}");
    }
}

/// Resident memory of this process, in kB (Linux): current and peak.
fn resident_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// What a language server pays: the index loaded from the cache (built first if missing), in
/// a process that has done nothing else.
fn memory(folders: &[PathBuf]) {
    let cache = resolute::precedent::cache_dir();
    let before = resident_kb();
    let start = Instant::now();
    let (index, origin) = PrecedentIndex::load_or_build_in(folders, cache.as_deref(), |_, _| {});
    let secs = start.elapsed().as_secs_f64();
    let (Some((rss0, _)), Some((rss, peak))) = (before, resident_kb()) else {
        return;
    };
    println!(
        "{origin:?} in {:.0} ms: {} resolutions; resident {rss0} kB before, {rss} kB with the index (+{} kB), peak {peak} kB",
        secs * 1000.0,
        index.resolutions.len(),
        rss - rss0
    );
}

fn print_instruments(index: &PrecedentIndex) {
    let mut list: Vec<_> = index.instruments.iter().collect();
    list.sort_by_key(|i| std::cmp::Reverse(i.resolution_count()));
    for i in list.iter().take(60) {
        println!(
            "  {:4} res, first mention footnoted {}/{}{}  {}  => {}",
            i.resolution_count(),
            i.footnoted_first_in,
            i.mentioned_in,
            if i.always_footnoted() {
                " (always)"
            } else {
                ""
            },
            i.name,
            i.standard_citation().unwrap_or("-")
        );
    }
}

/// Ground truth: symbol → (title, date).
fn read_tsv(path: &Path) -> HashMap<String, (String, Option<Date>)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let symbol = cols.get(1)?.to_string();
            Some((
                symbol,
                (cols.get(2)?.to_string(), Date::parse_iso(cols.get(3)?)),
            ))
        })
        .collect()
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace(['“', '”'], "\"")
            .replace(['‘', '’'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

fn reference_accuracy(index: &PrecedentIndex, tsv: &Path) {
    let truth = read_tsv(tsv);
    let (mut known, mut resolved, mut right) = (0usize, 0usize, 0usize);
    let (mut dated, mut date_agrees) = (0usize, 0usize);
    let mut wrong = Vec::new();
    let ga = index
        .references
        .iter()
        .filter(|r| r.body == Body::GeneralAssembly);
    for r in ga.clone() {
        let symbol = Body::GeneralAssembly.symbol(&r.number);
        let expected = match r.parts.as_slice() {
            [one] => truth.get(&format!("{symbol} {one}")),
            _ => truth.get(&symbol),
        };
        let Some((title, date)) = expected else {
            continue;
        };
        known += 1;
        let Some(i) = index.resolve_exact(r.body, &r.number, &r.parts) else {
            wrong.push(format!("unresolved {symbol}"));
            continue;
        };
        resolved += 1;
        let found = &index.resolutions[i];
        if same_title(&found.title, title) && found.date == *date {
            right += 1;
        } else {
            wrong.push(format!(
                "{}: {:?} {:?} vs {title:?} {date:?}",
                found.symbol, found.title, found.date
            ));
        }
        if let Some(d) = r.date {
            dated += 1;
            date_agrees += usize::from(Some(d) == *date);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let with_date = index.references.iter().filter(|r| r.date.is_some()).count();
    println!(
        "references: {} in all ({with_date} with a date), {} to General Assembly resolutions, {known} to resolutions listed in INDEX.tsv",
        index.references.len(),
        ga.count()
    );
    println!(
        "  resolved to the indexed resolution: {resolved}/{known} ({:.1}%); right title and date: {right}/{known} ({:.1}%)",
        pct(resolved, known),
        pct(right, known)
    );
    println!(
        "  dates given in the text that agree with INDEX.tsv: {date_agrees}/{dated} ({:.1}%)",
        pct(date_agrees, dated)
    );
    for w in wrong.iter().take(10) {
        println!("    {w}");
    }
}

/// A small deterministic generator (xorshift64*), so the sample can be checked again.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// Samples the footnoted mentions the index keeps, with their names, and shows the text before
/// each marker so that the name can be judged by hand.
fn sample_mentions(index: &PrecedentIndex, files: &[PathBuf], n: usize, seed: u64) {
    let model_named: usize = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .filter_map(|f| Some(Document::parse_path(f, std::fs::read_to_string(f).ok()?)))
        .map(|d| instrument::marker_names(&d).iter().flatten().count())
        .sum();
    let places: Vec<_> = index.instruments.iter().flat_map(|i| &i.places).collect();
    println!(
        "footnoted mentions named by the model: {model_named}; kept by the index: {}; sample of {n} (seed {seed}):",
        places.len()
    );
    let mut state = seed.max(1);
    for k in 0..n.min(places.len()) {
        let place = places[next(&mut state) as usize % places.len()];
        let r = &index.resolutions[place.resolution as usize];
        let text = std::fs::read_to_string(&r.file).unwrap_or_default();
        let line = text.lines().nth(place.line as usize).unwrap_or_default();
        let marker = format!("<sup>{}</sup>", place.footnote);
        let end = line.find(&marker).unwrap_or(line.len());
        let from = resolute::source::floor_char_boundary(line, end.saturating_sub(180));
        println!(
            "{:2}. {} fn {}\n    …{}⟨{}⟩\n    name: {}",
            k + 1,
            r.symbol,
            place.footnote,
            &line[from..end],
            place.footnote,
            place.name
        );
    }
}
