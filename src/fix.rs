//! Applying fixes: single edits, and every safe fix of a document to a fixpoint. The
//! renumberings that fixes are made of live with the rules (`rules::renumber`).

use crate::config::Config;
use crate::edit::Edit;
use crate::model::Document;
use crate::rules;
use crate::source::Span;

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
/// already taken.
pub fn fix_all(doc: &Document, config: &Config) -> Vec<Edit> {
    let mut taken: Vec<Edit> = Vec::new();
    for d in rules::check(doc, config) {
        let Some(fix) = d.fixes.first() else { continue };
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        let overlaps = fresh
            .iter()
            .any(|e| taken.iter().any(|t| overlap(t.span, e.span)));
        if !overlaps {
            taken.extend(fresh.into_iter().cloned());
        }
    }
    taken
}

fn overlap(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || a == b
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
