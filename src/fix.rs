//! Applying fixes: single edits, and every fix of a document to a fixpoint (safe ones, then
//! unsafe ones when asked). The renumberings that fixes are made of live with the rules
//! (`rules::renumber`).

use crate::config::Config;
use crate::edit::Edit;
use crate::model::Document;
use crate::precedent::PrecedentIndex;
use crate::rules::{self, Applicability, Diagnostic, Severity};
use crate::source::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

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
    set: HashSet<Edit>,
    /// The spans taken, in order, for the overlap test.
    spans: BTreeSet<(usize, usize)>,
}

impl Taken {
    pub fn edits(&self) -> Vec<Edit> {
        self.fixes
            .iter()
            .flat_map(|(_, e)| e.iter().cloned())
            .collect()
    }

    fn add(&mut self, code: &'static str, edits: Vec<Edit>) {
        for e in &edits {
            self.set.insert(e.clone());
            self.spans.insert((e.span.start, e.span.end));
        }
        self.fixes.push((code, edits));
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

/// The first fix of each diagnostic with this applicability, taken whole or not at all when
/// it overlaps a fix already taken. A fix shared by several diagnostics (a renumbering) is
/// read once and counts for each of them.
pub fn fix_all(diagnostics: &[Diagnostic], applicability: Applicability) -> Taken {
    let mut taken = Taken::default();
    let mut shared: HashMap<*const Vec<Edit>, bool> = HashMap::new();
    for d in diagnostics {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability == applicability) else {
            continue;
        };
        if let Some(&was_taken) = shared.get(&Arc::as_ptr(&fix.edits)) {
            if was_taken {
                taken.fixes.push((d.code(), Vec::new()));
            }
            continue;
        }
        let fresh: Vec<Edit> = fix
            .edits
            .iter()
            .filter(|e| !taken.set.contains(*e))
            .cloned()
            .collect();
        let fits = !fresh.iter().any(|e| taken.overlaps(e.span));
        shared.insert(Arc::as_ptr(&fix.edits), fits);
        if fits {
            taken.add(d.code(), fresh);
        }
    }
    taken
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
