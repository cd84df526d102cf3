//! Semantic tokens: opening phrases, paragraph numbers, footnote markers and citations, so that
//! the structure of a draft shows in any theme.

use super::{Analysis, openings};
use crate::model::ParagraphKind;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    PreambularOpening,
    OperativeOpening,
    /// Operative numbers and subparagraph letters.
    ParagraphNumber,
    /// A marker in the text, or the number of a footnote body.
    FootnoteMarker,
    /// The text of a footnote body.
    Citation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Tokens in source order, without overlaps (the earlier token wins).
pub fn tokens(a: &Analysis) -> Vec<Token> {
    let doc = &a.doc;
    let mut out = Vec::new();
    for (index, p) in doc.paragraphs.iter().enumerate() {
        if let Some(label) = &p.label {
            out.push(Token {
                span: label.span,
                kind: TokenKind::ParagraphNumber,
            });
        }
        let kind = match p.kind {
            ParagraphKind::Preambular => TokenKind::PreambularOpening,
            ParagraphKind::Operative => TokenKind::OperativeOpening,
            _ => continue,
        };
        if let Some(o) = openings::opening(a, index) {
            out.push(Token { span: o.span, kind });
        }
    }
    out.extend(doc.markers.iter().map(|m| Token {
        span: m.span,
        kind: TokenKind::FootnoteMarker,
    }));
    for f in &doc.footnotes {
        out.push(Token {
            span: f.number_span,
            kind: TokenKind::FootnoteMarker,
        });
        let text = f.text.source_span(Span::new(0, f.text.len()));
        out.push(Token {
            span: text,
            kind: TokenKind::Citation,
        });
    }
    out.retain(|t| !t.span.is_empty());
    out.sort_by_key(|t| (t.span.start, t.span.end));
    let mut end = 0;
    out.retain(|t| {
        let keep = t.span.start >= end;
        if keep {
            end = t.span.end;
        }
        keep
    });
    out
}
