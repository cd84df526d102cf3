//! "Ibid." notes: each must lean on a single, compatible source in the note before it.

use super::{Context, Diagnostic, declare_rules};
use crate::model::citation::{IbidProblem, NoteInfo};
use crate::source::Span;

declare_rules! { "ibid";
    /// "Ibid." in the first footnote, which has no note before it.
    ///
    /// **Why.** "Ibid." stands for the source of the immediately preceding note; the first
    /// note has none.
    ///
    /// **Example.** `1 Ibid., vol. 1249, No. 20378.`
    ///
    /// **Fix.** Write the full citation.
    IBID_WITHOUT_ANTECEDENT = "ibid-without-antecedent", Error;

    /// "Ibid." after a note that cites two or more sources, or only gives examples.
    ///
    /// **Why.** When the preceding note cites several sources ("…, No. 27531; and resolution
    /// 66/138, annex."), "Ibid." cannot tell which one it repeats, so UN practice repeats the
    /// full citation. A single-source "See …" note before an "Ibid." is normal practice and
    /// not ambiguous; an explanatory "Such as …" note is.
    ///
    /// **Example.** `19 United Nations, Treaty Series, vols. 2171 and 2173, No. 27531; and
    /// resolution 66/138, annex.` followed by `20 Ibid., vol. 2220, No. 39481.`
    ///
    /// **Fix.** Write the full citation.
    IBID_AMBIGUOUS = "ibid-ambiguous", Warning;

    /// The locator after "Ibid." cannot belong to the preceding note's kind of source.
    ///
    /// **Why.** "Ibid." repeats the series or document of the note before it and changes only
    /// its trailing locators. A Treaty Series volume cannot follow a General Assembly
    /// resolution or a document symbol; an annex cannot follow a Treaty Series citation.
    /// This usually means footnotes were reordered.
    ///
    /// **Example.** `6 Resolution 55/25, annex I.` followed by `7 Ibid., vol. 2131, No. 20378.`
    ///
    /// **Fix.** Write the full citation.
    IBID_INCOMPATIBLE = "ibid-incompatible", Warning;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for info in &cx.notes {
        let Some(problem) = info.problem else {
            continue;
        };
        let span = ibid_span(cx, info);
        let footnote = &cx.doc.footnotes[info.footnote];
        let d = match problem {
            IbidProblem::NoAntecedent => Diagnostic::new(
                &IBID_WITHOUT_ANTECEDENT,
                span,
                format!(
                    "“Ibid.” in footnote {}, which has no footnote before it",
                    footnote.number
                ),
            ),
            IbidProblem::Ambiguous => with_antecedent(
                cx,
                info,
                Diagnostic::new(
                    &IBID_AMBIGUOUS,
                    span,
                    "“Ibid.” cannot tell which source it repeats: the previous footnote cites several sources or gives examples",
                ),
            ),
            IbidProblem::Incompatible => with_antecedent(
                cx,
                info,
                Diagnostic::new(
                    &IBID_INCOMPATIBLE,
                    span,
                    format!(
                        "the locator of this “Ibid.” cannot belong to the source of footnote {}",
                        antecedent_number(cx, info)
                    ),
                ),
            ),
        };
        out.push(d);
    }
}

fn antecedent_number(cx: &Context, info: &NoteInfo) -> u32 {
    info.antecedent.map_or(0, |a| cx.doc.footnotes[a].number)
}

fn with_antecedent(cx: &Context, info: &NoteInfo, d: Diagnostic) -> Diagnostic {
    match info.antecedent {
        Some(a) => {
            let f = &cx.doc.footnotes[a];
            d.related(
                f.span,
                format!("footnote {}: {}", f.number, f.text.as_str()),
            )
        }
        None => d,
    }
}

/// The word "Ibid." (with its italics) in a footnote body.
pub fn ibid_span(cx: &Context, info: &NoteInfo) -> Span {
    let text = &cx.doc.footnotes[info.footnote].text;
    let len = text.as_str().find('.').map_or(4, |i| i + 1).min(text.len());
    text.source_span(Span::new(0, len))
}
