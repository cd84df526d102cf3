//! Opening phrases as features see them: where a paragraph's opening stands and how to
//! describe it.

use super::Analysis;
use crate::model::ParagraphKind;
use crate::source::Span;
use crate::vocab::{self, Part, Vocabulary};

/// The opening phrase of a paragraph.
pub struct OpeningAt {
    /// The phrase in the source (inside its italics in Markdown).
    pub span: Span,
    /// The phrase as written.
    pub phrase: String,
    /// `None` for an italic lead-in the vocabulary does not know.
    pub opening: Option<vocab::Opening>,
}

/// The opening of a preambular or operative paragraph: its leading italics in Markdown (what
/// the drafter marked), else the longest phrase the vocabulary recognises.
pub fn opening(a: &Analysis, index: usize) -> Option<OpeningAt> {
    let p = &a.doc.paragraphs[index];
    if !matches!(p.kind, ParagraphKind::Preambular | ParagraphKind::Operative) {
        return None;
    }
    let text = p.text.as_str();
    let (len, opening) = match p.leading_italic() {
        Some(italic) => a.vocab.analyse_marked(&text[italic.range()]),
        None => {
            let (len, o) = a.vocab.find_opening(text)?;
            (len, Some(o))
        }
    };
    (len > 0).then(|| OpeningAt {
        span: p.text.source_span(Span::new(0, len)),
        phrase: text[..len].to_string(),
        opening,
    })
}

/// Markdown for an opening: its part, its counterpart in the other part, its "also" and
/// "further" forms — or suggestions when the vocabulary does not know it.
pub fn describe(vocab: &Vocabulary, at: &OpeningAt) -> String {
    let Some(o) = &at.opening else {
        let mut out = format!("**{}** is not a known opening phrase.", at.phrase);
        let suggestions = vocab.suggest(&at.phrase);
        if !suggestions.is_empty() {
            out.push_str(&format!("\n\nDid you mean: {}?", italic_list(&suggestions)));
        }
        return out;
    };
    let (this, other) = match o.part {
        Part::Preambular => ("preambular", "Operative"),
        Part::Operative => ("operative", "Preambular"),
    };
    let mut out = format!("**{}** — {this} opening", at.phrase);
    if let Some(counterpart) = vocab.counterpart(o) {
        out.push_str(&format!("\n\n{other} form: *{counterpart}*"));
    }
    let forms = [
        o.base.to_string(),
        vocab.also_form(o),
        vocab.further_form(o),
    ];
    out.push_str(&format!(
        "\n\nPlain, *also* and *further* forms: {}",
        italic_list(&forms)
    ));
    out
}

fn italic_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("*{s}*"))
        .collect::<Vec<_>>()
        .join(", ")
}
