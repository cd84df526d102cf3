//! Inlay hints: after each "Ibid.", the source it stands for (its locators follow it).

use super::{Analysis, ibid_span};
use crate::model::citation::Note;
use crate::source::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Byte offset the hint stands after.
    pub at: usize,
    pub label: String,
    /// The full citation, for the hint's tooltip.
    pub tooltip: String,
}

/// Hints for the Ibid. notes inside `range`, unless `inlayHints.ibid` is off.
pub fn ibid_hints(a: &Analysis, range: Span) -> Vec<Hint> {
    if !a.config.inlay_hints.ibid {
        return Vec::new();
    }
    let mut out = Vec::new();
    for info in a.notes.iter().filter(|n| n.is_ibid()) {
        let (Some(resolved), Note::Ibid { locators }) = (&info.resolved, &*info.note) else {
            continue;
        };
        let at = after_markup(&a.doc.text, ibid_span(&a.doc.footnotes[info.footnote]).end);
        if range.contains(at) {
            out.push(Hint {
                at,
                label: format!("= {}", resolved.ibid_part(locators.len())),
                tooltip: resolved.render(),
            });
        }
    }
    out
}

/// Past the closing `*` or `_` of an italic "*Ibid.*", so the hint does not split the markup.
fn after_markup(text: &str, at: usize) -> usize {
    at + text[at..]
        .bytes()
        .take_while(|b| matches!(b, b'*' | b'_'))
        .count()
}
