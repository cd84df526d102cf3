//! Footnote numbering: markers in the text against footnote bodies.

use super::citations::{self, Verdict};
use super::{Applicability, Context, Diagnostic, Edit, Fix, declare_rules};
use crate::config::FootnoteStyle;
use crate::model::{index_u32, instrument};
use crate::source::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

declare_rules! { "footnotes";
    /// Footnote numbers must first appear in the text in order: 1, 2, 3, …
    ///
    /// **Why.** Footnotes are numbered in order of the first appearance of their indicator,
    /// across preamble, operative part and annexes. A number cited before a smaller one, or a
    /// number skipped, means the notes were not renumbered after an edit.
    /// Repeating the number of a footnote already cited is allowed (older practice repeats
    /// the indicator when the same source is cited again), unless `footnotes.style` is
    /// `new-notes`. A later part of a resolution ("B") may start above 1 when no note comes
    /// below its first: it continues the notes of its first part. So may an adopted text
    /// ("Resolution adopted by the …"), whose lower notes stood in its heading; a draft may not.
    ///
    /// **Example.** `…against Women1 … of the Child3 … thereto,2`: footnote 2 is first cited
    /// after footnote 3.
    ///
    /// **Fix.** Markers out of order have two readings. "Renumber footnotes" numbers markers
    /// and bodies by order of first appearance, each marker keeping its footnote (the text was
    /// moved); "Renumber the markers, footnotes staying in place" gives the first citations
    /// their numbers in order and leaves the footnotes alone (the markers were mistyped). The
    /// evidence decides: which reading pairs each instrument with the *Treaty Series* citation
    /// precedents give it, keeps repeated markers after the same instrument, and whether the
    /// footnotes were moved along with their markers. When it cannot tell, both are offered as
    /// quick fixes and `resolute fix` applies neither, saying so.
    FOOTNOTE_SEQUENCE = "footnote-sequence", Error;

    /// A footnote marker has no footnote body.
    ///
    /// **Why.** Every indicator needs its note; a missing note is usually a deleted or
    /// renumbered footnote.
    ///
    /// **Example.** `…the Convention on the Rights of the Child14` with no footnote 14.
    ///
    /// **Fix.** Add the footnote, or remove the marker.
    FOOTNOTE_UNDEFINED = "footnote-undefined", Error;

    /// A footnote body is never cited in the text.
    ///
    /// **Why.** Every note must hang on an indicator; an orphan note usually means its marker
    /// was deleted with the text it belonged to.
    ///
    /// **Example.** Footnote 7 "Resolution 64/293." with no marker 7 in the text.
    ///
    /// **Fix.** Restore the marker where the source is mentioned, or delete the footnote.
    FOOTNOTE_UNREFERENCED = "footnote-unreferenced", Warning;

    /// Two footnote bodies carry the same number.
    ///
    /// **Why.** A marker can only lead to one note.
    ///
    /// **Example.** Two bodies numbered 5.
    ///
    /// **Fix.** "Renumber footnotes", or merge the notes.
    FOOTNOTE_DUPLICATE_DEFINITION = "footnote-duplicate-definition", Error;

    /// Footnote bodies are not in ascending order.
    ///
    /// **Why.** Notes are printed in number order; bodies out of order usually come from
    /// moving text without its notes. "Ibid." reads the note before it in this order.
    ///
    /// **Example.** Footnote 7 is followed by footnote 5.
    ///
    /// **Fix.** "Renumber footnotes" reorders the bodies.
    FOOTNOTE_BODY_ORDER = "footnote-body-order", Warning;

    /// A repeated footnote marker follows a different instrument than at its first use.
    ///
    /// **Why.** When a source is cited again by repeating its indicator, the indicator must
    /// stand after the same source. A repeated number after another instrument usually
    /// means the wrong number was typed.
    ///
    /// **Example.** Marker 1 first follows "the Convention on the Elimination of All Forms of
    /// Discrimination against Women", then "the Convention on the Rights of the Child".
    ///
    /// **Fix.** Use the footnote number of the instrument actually cited.
    FOOTNOTE_REPEAT_MISMATCH = "footnote-repeat-mismatch", Warning;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    sequence(cx, out);
    definitions(cx, out);
    body_order(cx, out);
    repeat_mismatch(cx, out);
    attach_renumbering(cx, &mut out[start..]);
}

/// "Renumber footnotes" fixes numbering and body order in one document-wide edit. Markers out
/// of order have two readings: the text moved (renumber, each marker keeping its footnote) or
/// the markers were typed in the wrong order (renumber the markers, footnotes staying in
/// place). The evidence decides; when it cannot, both are offered and neither is applied.
fn attach_renumbering(cx: &Context, diagnostics: &mut [Diagnostic]) {
    let renumbers = |d: &Diagnostic| {
        d.rule.code == FOOTNOTE_SEQUENCE.code || d.rule.code == FOOTNOTE_BODY_ORDER.code
    };
    if !diagnostics.iter().any(renumbers) {
        return;
    }
    let fixes = renumbering_fixes(cx);
    for d in diagnostics.iter_mut().filter(|d| renumbers(d)) {
        // Renumbering the markers in place leaves the footnotes' order to the next pass.
        let fits = |f: &&Fix| d.rule.code == FOOTNOTE_SEQUENCE.code || f.title == RENUMBER;
        d.fixes.extend(fixes.iter().filter(fits).cloned());
    }
}

const RENUMBER: &str = "Renumber footnotes";
const MARKERS_IN_ORDER: &str = "Renumber the markers, footnotes staying in place";

fn renumbering_fixes(cx: &Context) -> Vec<Fix> {
    let doc = cx.doc;
    let renumber = super::renumber::renumber_footnotes(doc);
    if renumber.is_empty() {
        return Vec::new();
    }
    let fix = |applicability, title: &'static str, edits: Vec<Edit>| Fix {
        title: title.into(),
        edits: Arc::new(edits),
        applicability,
    };
    let Some(in_order) = super::renumber::markers_in_order(doc) else {
        return vec![fix(Applicability::Safe, RENUMBER, renumber)];
    };
    let kept: Vec<u32> = doc.markers.iter().map(|m| m.number).collect();
    let evidence = Evidence::new(cx);
    // Each exchange of numbers is read on its own evidence: a draft can have a passage moved
    // and two markers mistyped.
    let mut mistyped: FxHashSet<u32> = FxHashSet::default();
    let mut undecided = false;
    for cycle in exchanges(&kept, &in_order) {
        let within = |n: u32| cycle.contains(&n);
        let renumbered = evidence.score(&kept, &kept, within)
            + evidence.bodies_moved_with_markers(&in_order, within);
        match renumbered.cmp(&evidence.score(&kept, &in_order, within)) {
            Ordering::Less => mistyped.extend(cycle),
            Ordering::Equal => undecided = true,
            Ordering::Greater => {}
        }
    }
    if !mistyped.is_empty() {
        // The exchanges read as mistyped markers are relabelled now, the rest on the next pass.
        let numbers: Vec<u32> = kept
            .iter()
            .zip(&in_order)
            .map(|(&k, &n)| if mistyped.contains(&k) { n } else { k })
            .collect();
        let edits = super::renumber::relabel_markers(doc, &numbers);
        return vec![fix(Applicability::Safe, MARKERS_IN_ORDER, edits)];
    }
    if !undecided {
        return vec![fix(Applicability::Safe, RENUMBER, renumber)];
    }
    let moved = super::renumber::relabel_markers(doc, &in_order);
    vec![
        fix(Applicability::Manual, RENUMBER, renumber),
        fix(Applicability::Manual, MARKERS_IN_ORDER, moved),
    ]
}

/// The cycles of numbers that putting the first citations in order exchanges (old number →
/// number in order, over each first citation).
fn exchanges(kept: &[u32], in_order: &[u32]) -> Vec<Vec<u32>> {
    let to: FxHashMap<u32, u32> = kept
        .iter()
        .copied()
        .zip(in_order.iter().copied())
        .filter(|(k, n)| k != n)
        .collect();
    let mut seen = FxHashSet::default();
    let mut cycles = Vec::new();
    let mut starts: Vec<u32> = to.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        let mut cycle = Vec::new();
        let mut at = start;
        while seen.insert(at) {
            cycle.push(at);
            at = to.get(&at).copied().unwrap_or(start);
        }
        if !cycle.is_empty() {
            cycles.push(cycle);
        }
    }
    cycles
}

/// What tells the two readings of markers out of order apart. A reading is scored by the
/// footnote each marker would lead to (its number in `leads`: bodies keep their numbers in one
/// reading and are renumbered with their markers in the other, so the body a marker leads to
/// is named by its current number either way). Ibid. chains cannot decide: renumbering
/// expands an Ibid. that would lean on another note, and the other reading moves no note.
struct Evidence<'a> {
    cx: &'a Context<'a>,
    /// The instrument before each marker, as the repeat check reads it.
    names: &'a [Option<String>],
    /// The instrument before each marker, as the precedent index reads it.
    instruments: &'a [Option<usize>],
}

impl<'a> Evidence<'a> {
    fn new(cx: &'a Context<'a>) -> Self {
        Evidence {
            cx,
            names: cx.model_names(),
            instruments: cx.marker_instruments(),
        }
    }

    /// Over the markers whose number is `within`: precedent pairings agreeing minus
    /// disagreeing, minus repeated markers that would follow another instrument than at their
    /// first use.
    fn score(&self, kept: &[u32], leads: &[u32], within: impl Fn(u32) -> bool) -> i64 {
        let of_interest: Vec<bool> = kept.iter().map(|&n| within(n)).collect();
        self.pairings(leads, &of_interest) - self.repeat_conflicts(leads, &of_interest)
    }

    fn pairings(&self, leads: &[u32], of_interest: &[bool]) -> i64 {
        let Some(index) = self.cx.precedents else {
            return 0;
        };
        let mut score = 0;
        for (instrument, number) in of_interest_only(self.instruments, leads, of_interest) {
            let (Some(instrument), Some(citation)) = (*instrument, self.citation(number)) else {
                continue;
            };
            score += match citations::pairing(index, instrument, citation).map(|p| p.verdict) {
                Some(Verdict::Agrees) => 1,
                Some(Verdict::OfAnother(_)) => -1,
                _ => 0,
            };
        }
        score
    }

    fn citation(&self, number: u32) -> Option<&crate::model::citation::Citation> {
        let f = self
            .cx
            .doc
            .footnotes
            .iter()
            .position(|f| f.number == number)?;
        self.cx.notes.get(f)?.resolved.as_deref()
    }

    fn repeat_conflicts(&self, leads: &[u32], of_interest: &[bool]) -> i64 {
        let mut first: FxHashMap<u32, &str> = FxHashMap::default();
        let mut conflicts = 0;
        for (name, number) in of_interest_only(self.names, leads, of_interest) {
            let Some(name) = name else { continue };
            match first.get(&number) {
                Some(original) if names_conflict(original, name) => conflicts += 1,
                Some(_) => {}
                None => {
                    first.insert(number, name);
                }
            }
        }
        conflicts
    }

    /// First citations out of order (numbered `within`) whose footnote stands where the
    /// renumbered order puts it:
    /// markers and bodies were renumbered together, which speaks for renumbering.
    fn bodies_moved_with_markers(&self, in_order: &[u32], within: impl Fn(u32) -> bool) -> i64 {
        let doc = self.cx.doc;
        let mut sorted: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
        sorted.sort_unstable();
        let slot = |n: u32| doc.footnotes.iter().position(|f| f.number == n);
        let rank = |n: u32| sorted.iter().position(|&s| s == n);
        let moved = doc
            .markers
            .iter()
            .zip(in_order)
            .filter(|(m, n)| within(m.number) && m.number != **n && slot(m.number).is_some())
            .filter(|(m, n)| slot(m.number) == rank(**n))
            .count();
        moved as i64
    }
}

fn sequence(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let firsts = doc.first_markers();
    let first_span: FxHashMap<u32, Span> =
        firsts.iter().map(|m| (m.number, m.number_span)).collect();
    let mut cited: Vec<u32> = first_span.keys().copied().collect();
    cited.sort_unstable();
    let mut max_seen = numbering_start(doc, &cited) - 1;
    for m in &firsts {
        if m.number < max_seen {
            out.push(
                Diagnostic::new(
                    &FOOTNOTE_SEQUENCE,
                    m.number_span,
                    format!(
                        "footnote {} is first cited after footnote {max_seen}; footnotes are numbered in order of first citation",
                        m.number
                    ),
                )
                .related(first_span.get(&max_seen).copied().unwrap_or_default(), format!("footnote {max_seen} first cited here")),
            );
        } else if m.number > max_seen + 1 {
            // Every number cited so far is at most `max_seen`: a number of the gap cited at
            // all is cited later, and the gap is only reported when none is.
            let expected = max_seen + 1;
            let gap = expected..m.number;
            let cited_in_gap =
                cited.partition_point(|&n| n < gap.end) > cited.partition_point(|&n| n < gap.start);
            if !cited_in_gap {
                out.push(Diagnostic::new(
                    &FOOTNOTE_SEQUENCE,
                    m.number_span,
                    format!(
                        "footnote {} is cited where footnote {expected} is expected; {} never cited",
                        m.number,
                        numbers_phrase(gap)
                    ),
                ));
            }
        }
        max_seen = max_seen.max(m.number);
    }
    if cx.config.footnotes.style == FootnoteStyle::NewNotes {
        let mut seen: FxHashMap<u32, Span> = FxHashMap::default();
        for m in &doc.markers {
            match seen.get(&m.number) {
                Some(&first) => out.push(
                    Diagnostic::new(
                        &FOOTNOTE_SEQUENCE,
                        m.number_span,
                        format!("footnote {} is cited again; current practice gives a repeated source a new footnote", m.number),
                    )
                    .related(first, format!("footnote {} first cited here", m.number)),
                ),
                None => {
                    seen.insert(m.number, m.number_span);
                }
            }
        }
    }
}

/// A part heading after the first ("B", "**C**", with or without its note marker) alone on
/// its line.
static LATER_PART: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?m)^[*_]*[B-H][*_]*(?:<sup>\d+</sup>|\d+)?[ \t]*\r?$").expect("valid")
});

/// The first number of the draft's notes: 1, or the lowest note when neither a body nor a
/// marker comes below it, in a later part of a resolution ("B", which continues the notes of
/// its first part) or in an adopted text, whose lower notes stood in its heading (an ODS
/// "[DU1]" anchor) and were lost when it was converted: a draft's missing note 1 is a slip,
/// an adopted text's is not.
fn numbering_start(doc: &crate::model::Document, cited: &[u32]) -> u32 {
    let lowest_body = doc.footnotes.iter().map(|f| f.number).min().unwrap_or(1);
    let lowest_cited = cited.first().copied().unwrap_or(1);
    let lowest = lowest_body.min(lowest_cited).max(1);
    // The text is searched for a part heading only when the notes do not start at 1.
    if lowest > 1 && (doc.is_adopted() || LATER_PART.is_match(&doc.text)) {
        lowest
    } else {
        1
    }
}

/// "footnote 2 is", "footnotes 2, 3 are", and for long runs "footnotes 2 to 40 are".
fn numbers_phrase(numbers: std::ops::Range<u32>) -> String {
    const LISTED: usize = 10;
    match numbers.len() {
        1 => format!("footnote {} is", numbers.start),
        n if n > LISTED => format!("footnotes {} to {} are", numbers.start, numbers.end - 1),
        _ => format!(
            "footnotes {} are",
            numbers
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn definitions(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let mut bodies: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, f) in doc.footnotes.iter().enumerate() {
        bodies.entry(f.number).or_default().push(i);
    }
    // The markers by number, each number's in document order: a number's markers are found
    // at once rather than by reading every marker again for each footnote missing its text.
    let mut by_number: Vec<u32> = (0..index_u32(doc.markers.len())).collect();
    by_number.sort_by_key(|&i| doc.markers[i as usize].number);
    let numbered = |number: u32| {
        let from = by_number.partition_point(|&i| doc.markers[i as usize].number < number);
        let to = by_number.partition_point(|&i| doc.markers[i as usize].number <= number);
        by_number[from..to]
            .iter()
            .map(|&i| &doc.markers[i as usize])
    };
    for m in doc.first_markers() {
        if !bodies.contains_key(&m.number) {
            let mut d = Diagnostic::new(
                &FOOTNOTE_UNDEFINED,
                m.number_span,
                format!("footnote {} has no footnote text", m.number),
            );
            let again = numbered(m.number).skip(1);
            d.related.reserve_exact(again.len());
            for other in again {
                d = d.related(
                    other.number_span,
                    format!("footnote {} cited again here", m.number),
                );
            }
            out.push(d);
        }
    }
    for (number, indices) in &bodies {
        let first = &doc.footnotes[indices[0]];
        if numbered(*number).next().is_none() {
            out.push(Diagnostic::new(
                &FOOTNOTE_UNREFERENCED,
                first.number_span,
                format!("footnote {number} is never cited in the text"),
            ));
        }
        for &dup in &indices[1..] {
            out.push(
                Diagnostic::new(
                    &FOOTNOTE_DUPLICATE_DEFINITION,
                    doc.footnotes[dup].number_span,
                    format!("a second footnote is numbered {number}"),
                )
                .related(
                    first.number_span,
                    format!("footnote {number} is defined here"),
                ),
            );
        }
    }
}

fn body_order(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let mut max: Option<&crate::model::Footnote> = None;
    for f in &doc.footnotes {
        match max {
            Some(prev) if f.number < prev.number => out.push(
                Diagnostic::new(
                    &FOOTNOTE_BODY_ORDER,
                    f.number_span,
                    format!(
                        "footnote {} comes after footnote {}; footnotes must be in ascending order",
                        f.number, prev.number
                    ),
                )
                .related(prev.number_span, format!("footnote {}", prev.number)),
            ),
            Some(prev) if f.number == prev.number => {}
            _ => max = Some(f),
        }
    }
}

fn repeat_mismatch(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let names = cx.model_names();
    let mut first: FxHashMap<u32, usize> = FxHashMap::default();
    for (i, m) in doc.markers.iter().enumerate() {
        let Some(&f) = first.get(&m.number) else {
            first.insert(m.number, i);
            continue;
        };
        let (Some(original), Some(again)) = (&names[f], &names[i]) else {
            continue;
        };
        if names_conflict(original, again) {
            out.push(
                Diagnostic::new(
                    &FOOTNOTE_REPEAT_MISMATCH,
                    m.number_span,
                    format!(
                        "footnote {} was first cited for “{original}”, but here it follows “{again}”",
                        m.number
                    ),
                )
                .related(doc.markers[f].number_span, format!("footnote {} first cited here", m.number)),
            );
        }
    }
}

/// Each marker's `items` entry with the number it leads to, for the markers of interest.
fn of_interest_only<'b, T>(
    items: &'b [T],
    leads: &'b [u32],
    of_interest: &'b [bool],
) -> impl Iterator<Item = (&'b T, u32)> {
    items
        .iter()
        .zip(leads)
        .zip(of_interest)
        .filter(|(_, wanted)| **wanted)
        .map(|((item, &number), _)| (item, number))
}

/// Two specific names that cannot be the same instrument. Short forms ("the Convention")
/// and names that contain each other are taken to agree.
fn names_conflict(a: &str, b: &str) -> bool {
    let (a, b) = (instrument::normalize(a), instrument::normalize(b));
    let specific = |s: &str| s.split(' ').count() >= 3;
    specific(&a) && specific(&b) && !a.contains(&b) && !b.contains(&a)
}
