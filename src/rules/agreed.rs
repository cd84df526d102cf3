//! Agreed language: a paragraph that departs from a precedent paragraph by a few words. Silent
//! without a paragraph index (`Context::with_agreed`).

use super::{Context, Diagnostic, declare_rules};
use crate::agreed::extract;

declare_rules! { "agreed";
    /// A paragraph equals a paragraph of an adopted resolution but for a few words.
    ///
    /// **Why.** Wording already adopted ("agreed language") is far easier to have accepted
    /// than new wording, and negotiators check every departure from it. A departure of a word
    /// or two is often an accident of copying; when it is deliberate, it is worth knowing.
    ///
    /// **Example.** `Urges all States to take measures` where 76/167 OP 5 reads `Calls upon
    /// all States to take measures`.
    ///
    /// **Fix.** The code action "Use the wording of …" restores the precedent's wording with
    /// its footnotes. Off by default: drafts depart from precedents on purpose.
    NEAR_AGREED_LANGUAGE = "near-agreed-language", Information, off;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(search) = cx.agreed else {
        return;
    };
    for (index, _) in extract::labels(cx.doc) {
        let p = &cx.doc.paragraphs[index];
        let Some(n) = search.nearest(p.text.as_str()).filter(|n| n.is_near()) else {
            continue;
        };
        let message = format!(
            "near agreed language: {} ({})",
            n.describe(),
            n.comparison.differences()
        );
        out.push(Diagnostic::new(&NEAR_AGREED_LANGUAGE, p.span, message));
    }
}
