//! Go to definition and find references: markers and footnote bodies, "Ibid." and the note it
//! leans on, "paragraph 12 above" and paragraph 12.

use super::{Analysis, ibid_span};
use crate::model::Document;
use crate::rules::numbering;
use crate::source::Span;

/// Where the thing under `offset` is defined: a footnote body for a marker, the footnote an
/// Ibid. leans on, the paragraph a cross-reference names.
pub fn definition(a: &Analysis, offset: usize) -> Vec<Span> {
    let doc = &a.doc;
    if let Some(m) = doc.markers.iter().find(|m| m.span.contains(offset)) {
        return doc.footnotes_numbered(m.number).map(|f| f.span).collect();
    }
    if let Some((index, f)) = a.footnote_at(offset) {
        let leans_on = a.notes.get(index).and_then(|n| n.antecedent);
        return match leans_on {
            Some(before) if ibid_span(f).contains(offset) => vec![doc.footnotes[before].span],
            _ => Vec::new(),
        };
    }
    referenced_paragraph(doc, offset)
        .map(|p| vec![doc.paragraphs[p].span])
        .unwrap_or_default()
}

/// Every marker of the footnote under `offset` (on its body or on one of its markers), and
/// the body's number when the declaration is asked for.
pub fn references(a: &Analysis, offset: usize, include_declaration: bool) -> Vec<Span> {
    let doc = &a.doc;
    let number = doc
        .markers
        .iter()
        .find(|m| m.span.contains(offset))
        .map(|m| m.number)
        .or_else(|| a.footnote_at(offset).map(|(_, f)| f.number));
    let Some(number) = number else {
        return Vec::new();
    };
    let mut out: Vec<Span> = Vec::new();
    if include_declaration {
        out.extend(doc.footnotes_numbered(number).map(|f| f.number_span));
    }
    out.extend(
        doc.markers
            .iter()
            .filter(|m| m.number == number)
            .map(|m| m.span),
    );
    out
}

/// The paragraph a cross-reference names ("paragraph 12 above" → operative paragraph 12 of the
/// same section): on one of several numbers, that number's paragraph, elsewhere in the phrase
/// the first's.
fn referenced_paragraph(doc: &Document, offset: usize) -> Option<usize> {
    let r = numbering::references(doc)
        .into_iter()
        .find(|r| r.span.contains(offset))?;
    let number = r
        .numbers
        .iter()
        .find(|(_, span)| span.contains(offset))
        .or(r.numbers.first())?
        .0;
    numbering::Targets::new(doc).find(doc, &r, number)
}
