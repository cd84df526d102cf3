//! Applying fixes: single edits, every safe fix of a document, and the document-wide
//! renumbering of operative paragraphs and footnotes.

use crate::config::Config;
use crate::model::citation::{self, NoteInfo};
use crate::model::{Document, Label};
use crate::precedent::PrecedentIndex;
use crate::rules::numbering;
use crate::rules::{self, Applicability, Diagnostic, Edit, Severity};
use crate::source::Span;
use crate::vocab::Vocabulary;
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// Passes of check-and-fix before giving up on reaching a fixpoint.
const MAX_PASSES: usize = 8;

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

/// The fixes of one applicability that `fix_all` takes at once.
#[derive(Debug, Default)]
pub struct Taken {
    /// The rule code of each diagnostic fixed, with the edits its fix adds to those before.
    pub fixes: Vec<(&'static str, Vec<Edit>)>,
}

impl Taken {
    pub fn edits(&self) -> Vec<Edit> {
        self.fixes
            .iter()
            .flat_map(|(_, e)| e.iter().cloned())
            .collect()
    }

    fn contains(&self, edit: &Edit) -> bool {
        self.fixes.iter().any(|(_, e)| e.contains(edit))
    }

    fn overlaps(&self, edit: &Edit) -> bool {
        self.fixes
            .iter()
            .any(|(_, e)| e.iter().any(|t| overlap(t.span, edit.span)))
    }
}

/// The first fix of each diagnostic with this applicability, taken whole or not at all when
/// it overlaps a fix already taken.
pub fn fix_all(diagnostics: &[Diagnostic], applicability: Applicability) -> Taken {
    let mut taken = Taken::default();
    for d in diagnostics {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability == applicability) else {
            continue;
        };
        let fresh: Vec<Edit> = fix
            .edits
            .iter()
            .filter(|e| !taken.contains(e))
            .cloned()
            .collect();
        if !fresh.iter().any(|e| taken.overlaps(e)) {
            taken.fixes.push((d.code(), fresh));
        }
    }
    taken
}

fn overlap(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || a == b
}

/// What `fix` may apply, and the precedents the citation rules check against (the same index
/// `check` loads, so that `fix` sees every fix `check` lists).
#[derive(Clone, Copy, Default)]
pub struct FixOptions<'a> {
    pub precedents: Option<&'a PrecedentIndex>,
    pub unsafe_fixes: bool,
}

/// A document after `fix`.
pub struct Fixed {
    pub doc: Document,
    /// Diagnostics fixed, per rule code.
    pub applied: BTreeMap<&'static str, usize>,
    /// Diagnostics of the fixed document that still offer a fix: unsafe ones without
    /// `--unsafe-fixes`, readings left to the drafter, fixes that kept conflicting.
    pub left: Vec<Diagnostic>,
}

impl Fixed {
    pub fn count(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Applies fixes, re-checking after each pass, until nothing is left to fix: safe fixes
/// first, and (with `unsafe_fixes`) unsafe ones only once no safe fix is left, so that a
/// precedent-based edit never lands in the same pass as a renumbering.
pub fn fix_document(doc: Document, config: &Config, options: FixOptions) -> Fixed {
    let mut doc = doc;
    let mut applied = BTreeMap::new();
    let mut allowed = vec![Applicability::Safe];
    if options.unsafe_fixes {
        allowed.push(Applicability::Unsafe);
    }
    let check = |d: &Document| check(d, config, options.precedents);
    let mut diagnostics = check(&doc);
    for _ in 0..MAX_PASSES {
        let Some(taken) = allowed
            .iter()
            .map(|&a| fix_all(&diagnostics, a))
            .find(|t| !t.fixes.is_empty())
        else {
            break;
        };
        let Some((next, next_diagnostics, codes)) = no_worse(&doc, &diagnostics, taken, &check)
        else {
            break;
        };
        for code in codes {
            *applied.entry(code).or_insert(0) += 1;
        }
        (doc, diagnostics) = (next, next_diagnostics);
    }
    let left = diagnostics
        .into_iter()
        .filter(|d| !d.fixes.is_empty())
        .collect();
    Fixed { doc, applied, left }
}

/// The document after the fixes taken, or, when together they add an error (a fix that reads
/// the draft's structure next to one that changes it), after the first single fix that adds
/// none; `None` when every one of them would.
fn no_worse(
    doc: &Document,
    before: &[Diagnostic],
    taken: Taken,
    check: &dyn Fn(&Document) -> Vec<Diagnostic>,
) -> Option<(Document, Vec<Diagnostic>, Vec<&'static str>)> {
    let errors = error_counts(before);
    let attempt = |edits: &[Edit]| {
        let next = Document::parse(apply(&doc.text, edits), doc.format);
        let diagnostics = check(&next);
        let worse = error_counts(&diagnostics)
            .iter()
            .any(|(code, n)| n > errors.get(code).unwrap_or(&0));
        (!worse).then_some((next, diagnostics))
    };
    if let Some((next, diagnostics)) = attempt(&taken.edits()) {
        let codes = taken.fixes.iter().map(|(code, _)| *code).collect();
        return Some((next, diagnostics, codes));
    }
    taken.fixes.iter().find_map(|(code, edits)| {
        attempt(edits).map(|(next, diagnostics)| (next, diagnostics, vec![*code]))
    })
}

fn error_counts(diagnostics: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        *counts.entry(d.code()).or_insert(0) += 1;
    }
    counts
}

fn check(doc: &Document, config: &Config, precedents: Option<&PrecedentIndex>) -> Vec<Diagnostic> {
    let cx = rules::Context::new(doc, config);
    match precedents {
        Some(index) => rules::check_with(&cx.with_precedents(index)),
        None => rules::check_with(&cx),
    }
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
