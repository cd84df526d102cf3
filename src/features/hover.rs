//! Hover text: a footnote behind its marker, the citation behind an "Ibid.", the forms of an
//! opening phrase; and what precedents say of an instrument or a resolution named there.

use super::{Analysis, escape_markdown, ibid_span, openings, precedent};
use crate::model::citation::{IbidProblem, NoteInfo};
use crate::source::Span;

/// What to show for a place in the text, and the span it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// The draft's own hover and the precedents', one after the other when both apply (a marker
/// right after an instrument's name).
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let own = marker(a, offset)
        .or_else(|| ibid(a, offset))
        .or_else(|| opening(a, offset));
    match (own, precedent::hover(a, offset)) {
        (Some(own), Some(more)) => Some(Hover {
            span: own.span,
            markdown: format!("{}\n\n---\n\n{}", own.markdown, more.markdown),
        }),
        (own, more) => own.or(more).or_else(|| super::agreed::hover(a, offset)),
    }
}

/// On a footnote marker: the footnote, with an Ibid. expanded so the reader need not scroll
/// back through the chain.
fn marker(a: &Analysis, offset: usize) -> Option<Hover> {
    let m = a.doc.markers.iter().find(|m| m.span.contains(offset))?;
    let mut markdown = format!("**Footnote {}**\n\n", m.number);
    match a.doc.footnote(m.number) {
        None => markdown.push_str("No footnote body carries this number."),
        Some(f) => {
            markdown.push_str(&escape_markdown(f.text.as_str()));
            if let Some(info) = a.note_numbered(m.number).filter(|n| n.is_ibid()) {
                markdown.push_str("\n\n");
                markdown.push_str(&ibid_meaning(a, info));
            }
        }
    }
    Some(Hover {
        span: m.span,
        markdown,
    })
}

/// On the word "Ibid." in a footnote body: the full citation and the footnote it leans on.
fn ibid(a: &Analysis, offset: usize) -> Option<Hover> {
    let (index, f) = a.footnote_at(offset)?;
    let info = a.notes.get(index).filter(|n| n.is_ibid())?;
    let span = ibid_span(f);
    if !span.contains(offset) {
        return None;
    }
    let mut markdown = ibid_meaning(a, info);
    if let Some(antecedent) = info.antecedent.map(|i| &a.doc.footnotes[i]) {
        markdown.push_str(&format!(
            "\n\nIt leans on footnote {}: {}",
            antecedent.number,
            escape_markdown(antecedent.text.as_str())
        ));
    }
    if let Some(origin) = info.origin.filter(|&o| Some(o) != info.antecedent) {
        markdown.push_str(&format!(
            "\n\nThe chain starts at footnote {}.",
            a.doc.footnotes[origin].number
        ));
    }
    Some(Hover { span, markdown })
}

/// What an Ibid. note stands for, or why it stands for nothing.
fn ibid_meaning(a: &Analysis, info: &NoteInfo) -> String {
    if let Some(c) = &info.resolved {
        return format!("*Ibid.* stands for: {}", escape_markdown(&c.render()));
    }
    let before = info.antecedent.map_or(0, |i| a.doc.footnotes[i].number);
    match info.problem {
        Some(IbidProblem::NoAntecedent) => "*Ibid.* has no footnote before it to stand for.".into(),
        Some(IbidProblem::Ambiguous) => format!(
            "*Ibid.* is ambiguous: footnote {before} cites several sources or only gives examples."
        ),
        Some(IbidProblem::Incompatible) => format!(
            "*Ibid.* cannot stand for footnote {before}: its locator does not fit that kind of source."
        ),
        None => format!("*Ibid.* leans on footnote {before}, which does not resolve either."),
    }
}

/// On an opening phrase: its part, its counterpart and its "also"/"further" forms.
fn opening(a: &Analysis, offset: usize) -> Option<Hover> {
    let index = a.doc.paragraph_at(offset)?;
    let o = openings::opening(a, index)?;
    if !o.span.contains(offset) {
        return None;
    }
    Some(Hover {
        span: o.span,
        markdown: openings::describe(&a.vocab, &o),
    })
}
