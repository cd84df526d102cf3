//! The document-wide renumbering of operative paragraphs (with the references that follow
//! them) and of footnotes (with Ibid. protection, italics kept), and the other reading of
//! markers out of order (markers relabelled, footnotes in place): the fixes of
//! `operative-numbering`, `footnote-sequence` and `footnote-body-order`, and code actions of
//! their own.

use super::numbering;
use crate::edit::Edit;
use crate::model::citation::{self, NoteInfo};
use crate::model::{Document, Label};
use crate::source::Span;
use crate::vocab::Vocabulary;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Renumbers operative paragraphs 1, 2, 3, … per section (annexes on their own, restarting
/// at 1 where the draft restarts after a heading), and rewrites internal references to
/// follow their paragraphs.
pub fn renumber_operative(doc: &Document) -> Vec<Edit> {
    renumber_operative_with(doc, Vocabulary::bundled())
}

pub(crate) fn renumber_operative_with(doc: &Document, vocab: &Vocabulary) -> Vec<Edit> {
    let mut new_number: HashMap<usize, u32> = HashMap::new();
    let mut edits = Vec::new();
    for s in 0..doc.sections.len() {
        let mut counter = 0;
        for (i, heading) in numbering::numbered(doc, vocab, s) {
            let label = doc.paragraphs[i].label.as_ref().unwrap();
            if heading && label.number() == Some(1) && !label.is_negotiation() {
                counter = 0;
            }
            counter += 1;
            new_number.insert(i, counter);
            if label.number() != Some(counter) || label.is_negotiation() {
                edits.push(relabel(doc, label, counter));
            }
        }
    }
    let targets = numbering::Targets::new(doc);
    for r in numbering::references(doc) {
        for &(n, span) in &r.numbers {
            let Some(new) = targets.find(doc, &r, n).and_then(|t| new_number.get(&t)) else {
                continue;
            };
            if *new != n {
                edits.push(Edit {
                    span,
                    replacement: new.to_string(),
                });
            }
        }
    }
    edits
}

/// Replaces an operative label's number (and negotiation suffix) with `n`.
fn relabel(doc: &Document, label: &Label, n: u32) -> Edit {
    let source = doc.slice(label.span);
    if source.starts_with(['[', '\\', 'P', 'O']) {
        let dot_follows = doc.text[label.span.end..].starts_with('.');
        let replacement = if dot_follows {
            n.to_string()
        } else {
            format!("{n}.")
        };
        return Edit {
            span: label.span,
            replacement,
        };
    }
    let digits = source.len()
        - source
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let suffix_end = match label.value {
        crate::model::LabelValue::Number {
            suffix: Some(ref s),
            ..
        } => source.find(&**s).map_or(digits, |at| at + s.len()),
        _ => digits,
    };
    Edit {
        span: Span::new(label.span.start, label.span.start + suffix_end),
        replacement: n.to_string(),
    }
}

/// Renumbers footnotes by order of first citation: markers get their new numbers, and body
/// contents move between the existing body slots so that bodies read in order. An "Ibid."
/// that would lean on a different note after the move is replaced by its full citation.
/// Returns nothing when the draft is not safely renumberable (two bodies with one number, or
/// a marker without a body).
pub fn renumber_footnotes(doc: &Document) -> Vec<Edit> {
    let Some(new) = footnote_numbers(doc) else {
        return Vec::new();
    };
    let mut edits: Vec<Edit> = doc
        .markers
        .iter()
        .filter(|m| new[&m.number] != m.number)
        .map(|m| Edit {
            span: m.number_span,
            replacement: new[&m.number].to_string(),
        })
        .collect();
    let notes = citation::analyse(doc);
    let mut order: Vec<usize> = (0..doc.footnotes.len()).collect();
    order.sort_by_key(|&i| new[&doc.footnotes[i].number]);
    for (slot, &moved) in order.iter().enumerate() {
        let (here, body) = (&doc.footnotes[slot], &doc.footnotes[moved]);
        let number = new[&body.number];
        if here.number != number {
            edits.push(Edit {
                span: here.number_span,
                replacement: number.to_string(),
            });
        }
        let leans_elsewhere = slot.checked_sub(1).map(|p| order[p]) != notes[moved].antecedent;
        let expanded = (notes[moved].is_ibid() && leans_elsewhere)
            .then(|| expanded_ibid(doc, &notes, moved))
            .flatten();
        let content = expanded.unwrap_or_else(|| doc.slice(content_span(doc, moved)).to_string());
        if content != doc.slice(content_span(doc, slot)) {
            edits.push(Edit {
                span: content_span(doc, slot),
                replacement: content,
            });
        }
    }
    edits
}

/// The other reading of markers out of order: they were typed in the wrong order and the
/// footnotes stand where they belong. The first citations take the numbers of the first
/// citations sorted; repeated markers keep theirs. Returns the new number of each marker, or
/// `None` when nothing is out of order or a repeated marker would come before its number's
/// first citation.
pub fn markers_in_order(doc: &Document) -> Option<Vec<u32>> {
    let mut seen = HashSet::new();
    let firsts: Vec<usize> = (0..doc.markers.len())
        .filter(|&i| seen.insert(doc.markers[i].number))
        .collect();
    let mut sorted: Vec<u32> = firsts.iter().map(|&i| doc.markers[i].number).collect();
    sorted.sort_unstable();
    let mut numbers: Vec<u32> = doc.markers.iter().map(|m| m.number).collect();
    for (&i, &n) in firsts.iter().zip(&sorted) {
        numbers[i] = n;
    }
    let mut seen = HashSet::new();
    let mut firsts_in_new = numbers.iter().filter(|&&n| seen.insert(n));
    let ascending = firsts_in_new
        .try_fold(0, |last, &n| (n > last).then_some(n))
        .is_some();
    let changes = numbers
        .iter()
        .zip(&doc.markers)
        .any(|(&n, m)| n != m.number);
    (ascending && changes).then_some(numbers)
}

/// Gives each marker its number from `numbers`, footnotes untouched.
pub fn relabel_markers(doc: &Document, numbers: &[u32]) -> Vec<Edit> {
    doc.markers
        .iter()
        .zip(numbers)
        .filter(|(m, n)| m.number != **n)
        .map(|(m, n)| Edit {
            span: m.number_span,
            replacement: n.to_string(),
        })
        .collect()
}

/// The full citation an "Ibid." footnote stands for, with the emphasis the draft gives its
/// chain: "United Nations, *Treaty Series*, vol. 2237, No. 39574." after a note that
/// italicises *Treaty Series*.
pub fn expanded_ibid(doc: &Document, notes: &[NoteInfo], footnote: usize) -> Option<String> {
    let info = notes.get(footnote)?;
    let mut out = info.resolved.as_ref()?.render();
    for f in info.origin.unwrap_or(footnote)..=footnote {
        for caps in EMPHASIS.captures_iter(doc.slice(content_span(doc, f))) {
            emphasise(&mut out, &caps[1], &caps[2]);
        }
    }
    Some(out)
}

/// `*…*`, `**…**` or `_…_` within one line: the delimiter and the emphasised text.
static EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|\*|_)([^*_\n]+?)(?:\*\*|\*|_)").expect("valid"));

/// Wraps the first plain occurrence of `text` in `delimiter`.
fn emphasise(out: &mut String, delimiter: &str, text: &str) {
    let Some(at) = out.find(text) else { return };
    if out[..at].ends_with(delimiter) {
        return;
    }
    out.insert_str(at + text.len(), delimiter);
    out.insert_str(at, delimiter);
}

/// Old number → new number, by first citation; bodies never cited follow in body order.
fn footnote_numbers(doc: &Document) -> Option<HashMap<u32, u32>> {
    let mut new: HashMap<u32, u32> = HashMap::new();
    for m in doc.first_markers() {
        let next = new.len() as u32 + 1;
        new.insert(m.number, next);
    }
    let mut bodies = HashSet::new();
    for f in &doc.footnotes {
        if !bodies.insert(f.number) {
            return None;
        }
        let next = new.len() as u32 + 1;
        new.entry(f.number).or_insert(next);
    }
    new.keys().all(|n| bodies.contains(n)).then_some(new)
}

/// The source of a footnote body's text, without its number, with any emphasis markup
/// that opens or closes it ("*Official Records …*") so that moving it keeps the markup whole.
fn content_span(doc: &Document, index: usize) -> Span {
    let footnote = &doc.footnotes[index];
    let text = &footnote.text;
    let inner = text.source_span(Span::new(0, text.len()));
    let markup = |b: &u8| matches!(b, b'*' | b'_');
    let bytes = doc.text.as_bytes();
    let lead = bytes[footnote.number_span.end..inner.start]
        .iter()
        .rev()
        .take_while(|b| markup(b))
        .count();
    let trail = bytes[inner.end..footnote.span.end.max(inner.end)]
        .iter()
        .take_while(|b| markup(b))
        .count();
    Span::new(inner.start - lead, inner.end + trail)
}
