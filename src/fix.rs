//! Applying fixes: single edits, every safe fix of a document, and the document-wide
//! renumbering of operative paragraphs and footnotes.

use crate::config::Config;
use crate::model::citation::{self, Note};
use crate::model::{Document, Label};
use crate::rules::numbering;
use crate::rules::{self, Edit};
use crate::source::Span;
use crate::vocab::Vocabulary;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Passes of check-and-fix before giving up on reaching a fixpoint.
const MAX_PASSES: usize = 5;

/// Applies edits to `text`. Edits are applied in source order; an edit overlapping one
/// already taken is dropped.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at || e.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The first fix of every diagnostic, taken whole or not at all when it overlaps a fix
/// already taken. A fix shared by several diagnostics is considered once.
pub fn fix_all(doc: &Document, config: &Config) -> Vec<Edit> {
    let diagnostics = rules::check(doc, config);
    let mut considered = HashSet::new();
    let mut taken = Taken::default();
    for d in &diagnostics {
        let Some(fix) = d.fixes.first() else { continue };
        if !considered.insert(Arc::as_ptr(&fix.edits)) {
            continue;
        }
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.has(e)).collect();
        if !fresh.iter().any(|e| taken.overlaps(e.span)) {
            for e in fresh {
                taken.add(e);
            }
        }
    }
    taken.edits
}

/// The edits taken so far, with their spans in order for the overlap test.
#[derive(Default)]
struct Taken {
    edits: Vec<Edit>,
    set: HashSet<Edit>,
    spans: BTreeSet<(usize, usize)>,
}

impl Taken {
    fn has(&self, e: &Edit) -> bool {
        self.set.contains(e)
    }

    fn add(&mut self, e: &Edit) {
        self.edits.push(e.clone());
        self.set.insert(e.clone());
        self.spans.insert((e.span.start, e.span.end));
    }

    /// Whether `span` overlaps a taken span or is one (two insertions at one place). Taken
    /// spans do not overlap one another, so the last one starting before `span` ends is the
    /// only one that can reach into it.
    fn overlaps(&self, span: Span) -> bool {
        let before = self.spans.range(..(span.end, 0)).next_back();
        before.is_some_and(|&(_, end)| end > span.start)
            || self.spans.contains(&(span.start, span.end))
    }
}

/// Applies every safe fix, re-checking after each pass, until nothing is left to fix.
pub fn fix_text(doc: Document, config: &Config) -> String {
    let mut doc = doc;
    for _ in 0..MAX_PASSES {
        let edits = fix_all(&doc, config);
        if edits.is_empty() {
            break;
        }
        let text = apply(&doc.text, &edits);
        doc = Document::parse(text, doc.format);
    }
    doc.text
}

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
    for r in numbering::references(doc) {
        for &(n, span) in &r.numbers {
            let Some(new) = numbering::target(doc, &r, n).and_then(|t| new_number.get(&t)) else {
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
    if source.starts_with(['[', '\\']) {
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
        } => source.find(s.as_str()).map_or(digits, |at| at + s.len()),
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
        let content = match (&notes[moved].note, &notes[moved].resolved) {
            (Note::Ibid { .. }, Some(c)) if leans_elsewhere => c.render(),
            _ => doc.slice(content_span(doc, moved)).to_string(),
        };
        if content != doc.slice(content_span(doc, slot)) {
            edits.push(Edit {
                span: content_span(doc, slot),
                replacement: content,
            });
        }
    }
    edits
}

/// Old number → new number, by first citation; bodies never cited follow in body order.
fn footnote_numbers(doc: &Document) -> Option<HashMap<u32, u32>> {
    let mut new: HashMap<u32, u32> = HashMap::new();
    for m in doc.first_markers() {
        let next = new.len() as u32 + 1;
        new.insert(m.number, next);
    }
    let mut bodies = std::collections::HashSet::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_sorted_and_drops_overlaps() {
        let e = |s, t, r: &str| Edit {
            span: Span::new(s, t),
            replacement: r.into(),
        };
        assert_eq!(
            apply("abcdef", &[e(4, 5, "E"), e(0, 1, "A"), e(0, 2, "X")]),
            "AbcdEf"
        );
    }
}
