//! Agreed-language measurements over the bundled corpus (`corpus/`, or the folders given):
//!
//! * quality: paragraphs adopted again with edits in a later session under the same title
//!   (the same agenda item year after year); each later version is the query, its earlier
//!   version the expected answer among the 5 closest paragraphs of other resolutions. Prints
//!   recall@5 and MRR (a hit is the expected paragraph or one with exactly its wording);
//! * speed: cold build and opening from the cache, resident memory added; the nearest
//!   paragraph of each paragraph of a 200-paragraph draft (best and worst of five runs, and the
//!   best run's time on the CPU, which other processes do not inflate), and
//!   how often it has the wording of the closest BM25 candidate;
//! * `--scale N`: a synthetic corpus of N resolutions (the corpus replicated, words varied),
//!   built once: build time, index size and p99 of search, closest and nearest.
//!
//! `cargo run --release --example agreed_report [-- --scale 25000] [FOLDER…]`

use resolute::agreed::cache::{corpus_paragraphs, load_or_build_in};
use resolute::agreed::quality::{edited_draft, measure, re_adoptions};
use resolute::agreed::{AgreedIndex, AgreedParagraph, AgreedSearch, Nearest};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TOP: usize = 5;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let scale = match args.iter().position(|a| a == "--scale") {
        Some(i) => {
            let n = args
                .get(i + 1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(25_000);
            args.drain(i..(i + 2).min(args.len()));
            Some(n)
        }
        None => None,
    };
    let folders: Vec<PathBuf> = if args.is_empty() {
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    match scale {
        Some(n) => scale_run(&folders, n),
        None => report(&folders),
    }
}

fn report(folders: &[PathBuf]) {
    let cache = std::env::temp_dir().join(format!("agreed-report-{}", std::process::id()));
    let rss0 = resident_kb();
    let start = Instant::now();
    let (index, origin) = load_or_build_in(folders, Some(&cache), |_, _| {}).expect("index");
    println!(
        "{origin:?} in {:?}: {} paragraphs",
        start.elapsed(),
        index.len()
    );
    drop(index);
    let start = Instant::now();
    let (index, origin) = load_or_build_in(folders, Some(&cache), |_, _| {}).expect("index");
    println!("{origin:?} in {:?}", start.elapsed());
    if let (Some(before), Some(after)) = (rss0, resident_kb()) {
        println!("resident memory added: {} kB", after.saturating_sub(before));
    }
    let paragraphs = corpus_paragraphs(folders);
    nearest_in_draft(&index, &edited_draft(&paragraphs, 200));
    quality(&index, &paragraphs);
    let _ = std::fs::remove_dir_all(&cache);
}

/// Resident memory of this process, in kB (Linux).
fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn nearest_in_draft(index: &AgreedIndex, draft: &[String]) {
    let mut runs: Vec<(Duration, Option<Duration>)> = (0..5)
        .map(|_| {
            let (start, cpu) = (Instant::now(), cpu_time());
            draft.iter().filter_map(|p| index.nearest(p)).count();
            let on_cpu = cpu.zip(cpu_time()).map(|(before, after)| after - before);
            (start.elapsed(), on_cpu)
        })
        .collect();
    runs.sort();
    let wording = |n: Option<Nearest>| n.map(|n| n.paragraph.text);
    let agreeing = draft
        .iter()
        .filter(|p| wording(index.nearest(p)) == wording(index.closest(p, 1).pop()))
        .count();
    println!(
        "nearest for a {}-paragraph draft: {:?} to {:?} (best run on the CPU {:?}); \
         the closest BM25 candidate's wording for {agreeing}",
        draft.len(),
        runs[0].0,
        runs[runs.len() - 1].0,
        runs[0].1.unwrap_or_default()
    );
}

/// Time this thread has spent on a CPU (Linux): on a loaded machine, what the work costs.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

fn quality(index: &AgreedIndex, paragraphs: &[AgreedParagraph]) {
    let pairs = re_adoptions(paragraphs);
    let start = Instant::now();
    let q = measure(index, &pairs, TOP);
    println!(
        "quality: {} edited re-adoptions; recall@{TOP} {:.1}%, MRR {:.3} ({:?} per query)",
        pairs.len(),
        100.0 * q.recall,
        q.mrr,
        start.elapsed() / pairs.len().max(1) as u32
    );
    for pair in q.missed.iter().take(10) {
        println!(
            "  missed: {} {} ← {} {}",
            pair.later.symbol, pair.later.label, pair.earlier.symbol, pair.earlier.label
        );
    }
}

fn percentile(times: &mut [Duration], q: f64) -> Duration {
    times.sort();
    let i = ((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1));
    times.get(i).copied().unwrap_or_default()
}

/// The corpus replicated to `target` resolutions: each copy under new symbols, with every
/// tenth word of one paragraph in three replaced by a word from elsewhere.
fn scale_run(folders: &[PathBuf], target: usize) {
    let base = corpus_paragraphs(folders);
    let resolutions = base
        .iter()
        .map(|p| &p.symbol)
        .collect::<std::collections::HashSet<_>>()
        .len()
        .max(1);
    let copies = target.div_ceil(resolutions);
    let vocabulary: Vec<&str> = base
        .iter()
        .flat_map(|p| p.text.split_whitespace())
        .collect();
    let synthetic = (0..copies).flat_map(|copy| {
        let vocabulary = &vocabulary;
        base.iter().enumerate().map(move |(i, p)| {
            let mut p = p.clone();
            p.symbol = format!("{} copy {copy}", p.symbol);
            if copy > 0 && (i + copy) % 3 == 0 {
                p.text = vary(&p.text, vocabulary, i * 31 + copy);
            }
            p
        })
    });
    let dir = std::env::temp_dir().join(format!("agreed-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scale folder");
    let start = Instant::now();
    let index = AgreedIndex::build(Some(&dir), synthetic).expect("scale index");
    let built = start.elapsed();
    println!(
        "scale: {} resolutions ({copies} copies), {} paragraphs, built in {built:?}, index {} MB",
        copies * resolutions,
        index.len(),
        folder_bytes(&dir) / 1_000_000
    );
    let queries: Vec<&AgreedParagraph> = base.iter().step_by((base.len() / 500).max(1)).collect();
    let mut search = Vec::new();
    let mut closest = Vec::new();
    let mut nearest = Vec::new();
    for q in &queries {
        let phrase: Vec<&str> = q.text.split_whitespace().take(4).collect();
        let start = Instant::now();
        index.search(&phrase.join(" "), 10);
        search.push(start.elapsed());
        let start = Instant::now();
        index.closest(&q.text, 1);
        closest.push(start.elapsed());
        let start = Instant::now();
        index.nearest(&q.text);
        nearest.push(start.elapsed());
    }
    println!(
        "scale: search p50 {:?} p99 {:?}; closest p50 {:?} p99 {:?}; nearest p50 {:?} p99 {:?} \
         ({} queries)",
        percentile(&mut search, 0.5),
        percentile(&mut search, 0.99),
        percentile(&mut closest, 0.5),
        percentile(&mut closest, 0.99),
        percentile(&mut nearest, 0.5),
        percentile(&mut nearest, 0.99),
        queries.len()
    );
    drop(index);
    let _ = std::fs::remove_dir_all(&dir);
}

fn vary(text: &str, vocabulary: &[&str], seed: usize) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i % 10 == seed % 10 {
                vocabulary[(seed * 7919 + i * 104_729) % vocabulary.len()]
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}
