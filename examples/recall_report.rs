//! How well footnote markers are read as instruments, over folders of adopted resolutions
//! (by default sessions 75 and 76 of `../shared/corpus`), with the index built from them.
//!
//! - Recall: of the footnoted instrument mentions (markers whose note cites the *Treaty Series*
//!   or an annex to a resolution), the share the index reads as a known instrument; the misses
//!   are listed (`--show N`). Also the share among those whose text names what the note cites:
//!   not a note that names its instrument itself ("Protocol Additional to the Geneva
//!   Conventions … (United Nations, *Treaty Series* …)", "As defined in article 3 of …"), whose
//!   marker follows a generic "the international treaties governing …", nor one citing a
//!   provision ("Resolution 61/295, annex, art. 24, para. 1."), whose marker follows what the
//!   provision says.
//! - Precision: a seeded random sample of readings with their footnotes, to judge by hand
//!   (`--sample N`, `--seed S`).
//! - Injected errors: each *Treaty Series* volume and number changed in turn, and whether
//!   `instrument-citation-mismatch` then reports that footnote; also its findings on the
//!   unchanged texts.
//!
//! `cargo run --release --example recall_report [-- DIR …] [--show 40] [--sample 100] [--seed 7]`

use resolute::config::Config;
use resolute::model::Document;
use resolute::model::citation::{self, Citation, ElementKind, SourceKind};
use resolute::precedent::PrecedentIndex;
use resolute::precedent::index::treaty_locators;
use resolute::rules::{self, Context};
use resolute::source::{Span, floor_char_boundary};
use std::path::PathBuf;

struct Args {
    folders: Vec<PathBuf>,
    show: usize,
    sample: usize,
    seed: u64,
}

fn args() -> Args {
    let mut out = Args {
        folders: Vec::new(),
        show: 40,
        sample: 100,
        seed: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = || it.next().and_then(|n| n.parse().ok());
        match a.as_str() {
            "--show" => out.show = number().unwrap_or(40),
            "--sample" => out.sample = number().unwrap_or(100),
            "--seed" => out.seed = number().unwrap_or(7) as u64,
            _ => out.folders.push(PathBuf::from(a)),
        }
    }
    if out.folders.is_empty() {
        out.folders = ["75", "76"]
            .iter()
            .map(|s| PathBuf::from("../shared/corpus/ga").join(s))
            .collect();
    }
    out
}

/// A footnoted instrument mention: the first marker of a note citing an instrument's text.
struct Mention {
    file: usize,
    before: String,
    note: String,
    /// Whether the text, not the note, names what the note cites.
    named: bool,
    read: Option<String>,
}

fn main() {
    let args = args();
    let files = resolute::files::collect_files(&args.folders).expect("corpus readable");
    let index = PrecedentIndex::build(&files, |_, _| {});
    let docs: Vec<Document> = files
        .iter()
        .filter_map(|f| Some(Document::parse_path(f, std::fs::read_to_string(f).ok()?)))
        .collect();
    println!(
        "{} files, index of {} resolutions and {} instruments",
        docs.len(),
        index.resolutions.len(),
        index.instruments.len()
    );
    let mentions: Vec<Mention> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, doc)| mentions(&index, doc, i))
        .collect();
    recall(&mentions, &files, args.show);
    sample(&mentions, &files, args.sample, args.seed);
    injected(&index, &docs);
}

fn cites_instrument(c: &Citation) -> bool {
    let annex = c.elements.iter().any(|e| e.kind == ElementKind::Annex);
    c.kind == SourceKind::TreatySeries || (c.kind == SourceKind::Resolution && annex)
}

/// Whether the note leaves the naming to the text: it opens with its source, not with a name
/// of its own, and cites no article or paragraph.
fn named_in_text(c: &Citation, note: &str) -> bool {
    const SOURCES: [&str; 5] = ["United Nations", "Resolution", "Decision", "Ibid", "See"];
    let note = note.trim_start_matches(['*', '_', ' ']);
    let provision = c
        .elements
        .iter()
        .any(|e| matches!(e.kind, ElementKind::Article | ElementKind::Paragraph));
    SOURCES.iter().any(|s| note.starts_with(s)) && !provision
}

fn mentions(index: &PrecedentIndex, doc: &Document, file: usize) -> Vec<Mention> {
    let notes = citation::analyse(doc);
    let read = index.marker_instruments(doc);
    doc.markers
        .iter()
        .zip(read)
        .enumerate()
        .filter(|(i, (m, _))| doc.markers[..*i].iter().all(|o| o.number != m.number))
        .filter_map(|(_, (marker, read))| {
            let p = marker.paragraph?;
            let note = notes
                .iter()
                .find(|n| doc.footnotes[n.footnote].number == marker.number)?;
            let cited = note.resolved.as_ref().filter(|c| cites_instrument(c))?;
            let text = doc.paragraphs[p].text.as_str();
            let from = floor_char_boundary(text, marker.plain_at.saturating_sub(160));
            Some(Mention {
                file,
                before: text[from..marker.plain_at].to_string(),
                note: cited.render(),
                named: named_in_text(cited, doc.footnotes[note.footnote].text.as_str()),
                read: read.map(|i| index.instruments[i].name.clone()),
            })
        })
        .collect()
}

fn recall(mentions: &[Mention], files: &[PathBuf], show: usize) {
    let treaty = |m: &&Mention| m.note.contains("Treaty Series");
    let read = |m: &&Mention| m.read.is_some();
    let all: Vec<&Mention> = mentions.iter().collect();
    let treaties: Vec<&Mention> = mentions.iter().filter(treaty).collect();
    let named: Vec<&Mention> = mentions.iter().filter(|m| m.named).collect();
    for (what, group) in [
        ("", &all),
        (" citing the Treaty Series", &treaties),
        (" named in the text", &named),
    ] {
        let found = group.iter().filter(|m| read(m)).count();
        println!(
            "footnoted instrument mentions{what}: {}, read as a known instrument: {found} ({:.1}%)",
            group.len(),
            100.0 * found as f64 / group.len().max(1) as f64
        );
    }
    for m in mentions.iter().filter(|m| m.read.is_none()).take(show) {
        println!(
            "  miss{} {}: …{}⟨⟩  [{}]",
            if m.named {
                ""
            } else {
                " (not named in the text)"
            },
            files[m.file].display(),
            m.before,
            m.note
        );
    }
}

/// A small deterministic generator (xorshift64*), so the sample can be drawn again.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn sample(mentions: &[Mention], files: &[PathBuf], n: usize, seed: u64) {
    let read: Vec<&Mention> = mentions.iter().filter(|m| m.read.is_some()).collect();
    println!("sample of {n} readings (seed {seed}):");
    let mut state = seed.max(1);
    for k in 0..n.min(read.len()) {
        let m = read[next(&mut state) as usize % read.len()];
        println!(
            "{:3}. {}\n     …{}⟨⟩\n     read: {}\n     note: {}",
            k + 1,
            files[m.file].display(),
            m.before,
            m.read.as_deref().unwrap_or_default(),
            m.note
        );
    }
}

/// Each *Treaty Series* footnote with its volume, then its number, changed; counts those that
/// `instrument-citation-mismatch` reports.
fn injected(index: &PrecedentIndex, docs: &[Document]) {
    let config = Config::default();
    let (mut tried, mut caught, mut unchanged) = (0, 0, 0);
    for doc in docs {
        unchanged += mismatches(index, doc, &config).len();
        let notes = citation::analyse(doc);
        for note in &notes {
            let Some((volume, number)) = note.resolved.as_deref().and_then(treaty_locators) else {
                continue;
            };
            let footnote = &doc.footnotes[note.footnote];
            for locator in [volume, number] {
                let Some(text) = changed(doc, footnote, &locator) else {
                    continue;
                };
                tried += 1;
                let mutant = Document::parse(text, doc.format);
                let found = mismatches(index, &mutant, &config);
                let within = |s: &Span| (footnote.span.start..footnote.span.end).contains(&s.start);
                caught += usize::from(found.iter().any(within));
            }
        }
    }
    println!(
        "injected wrong Treaty Series volumes and numbers: {caught}/{tried} caught ({:.1}%); findings on the unchanged texts: {unchanged}",
        100.0 * caught as f64 / tried.max(1) as f64
    );
}

fn mismatches(index: &PrecedentIndex, doc: &Document, config: &Config) -> Vec<Span> {
    let cx = Context::new(doc, config).with_precedents(index);
    rules::check_with(&cx)
        .into_iter()
        .filter(|d| d.code() == "instrument-citation-mismatch")
        .map(|d| d.span)
        .collect()
}

/// The document's text with `locator` ("vol. 1577") in this footnote given another last
/// digit; `None` when the footnote does not write it (an Ibid. inheriting it).
fn changed(doc: &Document, footnote: &resolute::model::Footnote, locator: &str) -> Option<String> {
    let at = footnote.text.as_str().find(locator)?;
    let span = footnote.text.source_span(Span::new(at, at + locator.len()));
    let written = doc.slice(span);
    let last = written.chars().last()?.to_digit(10)?;
    let replacement = format!("{}{}", &written[..written.len() - 1], (last + 3) % 10);
    let mut text = doc.text.to_string();
    text.replace_range(span.start..span.end, &replacement);
    Some(text)
}
