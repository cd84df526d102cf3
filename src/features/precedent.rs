//! What the precedent index adds to the editor: hover on instrument names and resolution
//! references, navigation to the precedents, uses in the draft and in the corpus, completion of
//! resolution numbers and of instrument names (with their footnote), workspace symbols and
//! links to the official texts.
//!
//! Until the index is built ([`Analysis::precedents`] is `None`) only the links answer: they
//! need nothing but the draft.

use super::Analysis;
use super::completion::{Completion, CompletionKind};
use super::hover::Hover;
use crate::precedent::PrecedentIndex;
use crate::precedent::lookup::{self, Location, SymbolMatch, Uses};
use crate::rules::Edit;
use crate::source::Span;

/// Most resolutions offered after "resolution ": the client asks again as digits are typed.
pub const MAX_RESOLUTIONS: usize = 50;
/// Most instruments offered for a name being typed; each carries its own footnote edits.
pub const MAX_INSTRUMENTS: usize = 20;
/// Most workspace symbols returned for a query.
pub const MAX_SYMBOLS: usize = 200;

/// On a resolution reference: title, date, body, citing resolutions and link; on an instrument
/// name: its standard citation and where precedents cite it.
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let index = a.precedents.as_deref()?;
    if let Some(h) = lookup::resolution_hover(index, &a.doc, offset) {
        return Some(Hover {
            span: h.reference.full,
            markdown: h.markdown(),
        });
    }
    let h = lookup::instrument_hover(index, &a.doc, offset)?;
    Some(Hover {
        span: h.span,
        markdown: h.markdown(),
    })
}

/// The title line of the resolution referred to at `offset`, or the places precedents cite the
/// instrument named there.
pub fn definition(a: &Analysis, offset: usize) -> Vec<Location> {
    match a.precedents.as_deref() {
        Some(index) => lookup::definition(index, &a.doc, offset),
        None => Vec::new(),
    }
}

/// Uses of the resolution or instrument at `offset`, in the draft and in the corpus.
pub fn uses(a: &Analysis, offset: usize) -> Option<Uses> {
    lookup::uses(a.precedents.as_deref()?, &a.doc, offset)
}

/// Resolutions by symbol or title words, instruments by name.
pub fn symbols(index: &PrecedentIndex, query: &str) -> Vec<SymbolMatch> {
    lookup::workspace_symbols(index, query, MAX_SYMBOLS)
}

/// Every resolution reference with its `https://undocs.org/en/<symbol>` link.
pub fn links(a: &Analysis) -> Vec<(Span, String)> {
    lookup::document_links(&a.doc)
}

/// Resolution numbers after "resolution ", else instrument names being typed.
pub fn completions(a: &Analysis, offset: usize) -> Vec<Completion> {
    let Some(index) = a.precedents.as_deref() else {
        return Vec::new();
    };
    let text = &a.doc.text;
    let resolutions = lookup::resolution_completions(index, text, offset, MAX_RESOLUTIONS);
    if !resolutions.is_empty() {
        return resolutions
            .into_iter()
            .enumerate()
            .map(|(i, c)| completion(c, CompletionKind::Resolution, i, Vec::new()))
            .collect();
    }
    lookup::instrument_completions(index, text, offset, MAX_INSTRUMENTS)
        .into_iter()
        .enumerate()
        .map(|(i, c)| with_footnote(a, c, i))
        .collect()
}

/// An instrument's name followed by a new footnote marker; the footnote body, and the later
/// footnotes renumbered, as additional edits. The marker belongs to the main insertion: an
/// additional edit at the very end of the replaced text would leave its order to the client.
fn with_footnote(a: &Analysis, mut c: lookup::Completion, rank: usize) -> Completion {
    let Some(citation) = c.footnote.take() else {
        return completion(c, CompletionKind::Instrument, rank, Vec::new());
    };
    let at = c.replace.end;
    let (marker, others): (Vec<Edit>, Vec<Edit>) = lookup::insert_footnote(&a.doc, at, &citation)
        .into_iter()
        .partition(|e| e.span == Span::empty(at));
    c.insert_text
        .extend(marker.into_iter().map(|e| e.replacement));
    completion(c, CompletionKind::Instrument, rank, others)
}

fn completion(
    c: lookup::Completion,
    kind: CompletionKind,
    rank: usize,
    additional_edits: Vec<Edit>,
) -> Completion {
    Completion {
        filter: c.label.clone(),
        // After the opening phrases, in the index's order (newest or most cited first).
        sort: format!("2{rank:04}"),
        label: c.label,
        detail: c.detail,
        insert: c.insert_text,
        replace: c.replace,
        kind,
        additional_edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::fix::apply;
    use crate::model::Format;
    use std::path::Path;
    use std::sync::{Arc, OnceLock};

    /// The index of the test fixture corpus, built once.
    fn index() -> Arc<PrecedentIndex> {
        static INDEX: OnceLock<Arc<PrecedentIndex>> = OnceLock::new();
        INDEX
            .get_or_init(|| {
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
                let files = crate::files::collect_files(&[dir]).unwrap();
                Arc::new(PrecedentIndex::build(&files, |_, _| {}))
            })
            .clone()
    }

    fn analysis(text: &str, index: Option<Arc<PrecedentIndex>>) -> Analysis {
        let precedents = super::super::Precedents {
            agreed: None,
            index,
            ..Default::default()
        };
        let config = Arc::new(Config::default());
        Analysis::with_precedents(text.into(), Format::Markdown, config, precedents)
    }

    #[test]
    fn resolution_hover_covers_the_reference() {
        let text =
            "The General Assembly,\n\n*Recalling* its resolution 59/166 of 20 December 2004,\n";
        let a = analysis(text, Some(index()));
        let h = hover(&a, text.find("166").unwrap()).unwrap();
        assert_eq!(a.doc.slice(h.span), "resolution 59/166 of 20 December 2004");
        assert!(h.markdown.contains("Trafficking in women and girls"));
        let without = analysis(text, None);
        assert!(hover(&without, text.find("166").unwrap()).is_none());
        assert_eq!(links(&without).len(), 1, "links need no index");
    }

    #[test]
    fn an_instrument_completes_with_its_footnote() {
        let text = "The General Assembly,\n\n*Recalling* the Convention on the Ri\n\n*Noting* the Covenant,<sup>1</sup>\n\n<sup>1</sup> Resolution 2200 A (XXI).\n";
        let a = analysis(text, Some(index()));
        let at = text.find("Ri\n").unwrap() + 2;
        let items = completions(&a, at);
        let c = &items[0];
        assert_eq!(c.kind, CompletionKind::Instrument);
        assert_eq!(
            c.insert,
            "Convention on the Rights of the Child<sup>1</sup>"
        );
        let mut edits = c.additional_edits.clone();
        edits.push(Edit {
            span: c.replace,
            replacement: c.insert.clone(),
        });
        let done = apply(text, &edits);
        assert!(done.contains("the Child<sup>1</sup>\n\n*Noting* the Covenant,<sup>2</sup>"));
        assert!(done.contains(
            "<sup>1</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n\n<sup>2</sup> Resolution 2200"
        ));
    }

    #[test]
    fn resolutions_complete_after_the_word() {
        let text = "The General Assembly,\n\n*Recalling* its resolution 59/1";
        let a = analysis(text, Some(index()));
        let items = completions(&a, text.len());
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].insert, "59/166 of 20 December 2004");
        assert_eq!(a.doc.slice(items[0].replace), "59/1");
    }
}
