//! Editor features as plain functions over the model: hover text, definition targets, the
//! outline, folding, semantic tokens, completion, inlay hints, code-action candidates and what
//! the precedent index adds to them.
//!
//! Nothing here knows about LSP. Every function reads an [`Analysis`] (a parsed draft with its
//! footnotes resolved and its diagnostics) and answers in byte spans of [`Document::text`] and
//! Markdown strings, so each feature can be tested on its own; the `lsp` module only converts
//! positions and types.

pub mod actions;
pub mod agreed;
pub mod completion;
pub mod hints;
pub mod hover;
pub mod navigation;
pub mod outline;
pub mod precedent;
pub mod tokens;

mod openings;

use crate::agreed::AgreedIndex;
use crate::config::Config;
use crate::model::citation::{self, NoteCache, NoteInfo};
use crate::model::{BlockCache, Document, Footnote, Format};
use crate::precedent::PrecedentIndex;
use crate::rules::{self, Context, Diagnostic};
use crate::source::Span;
pub(crate) use crate::source::excerpt;
use crate::vocab::Vocabulary;
use std::borrow::Cow;
use std::sync::Arc;

/// A draft read once per version: the model, its footnotes analysed and the diagnostics of
/// every enabled rule. Features share it so that a keystroke costs one parse.
pub struct Analysis {
    pub doc: Document,
    /// One entry per footnote body, in body order (`notes[i].footnote == i`).
    pub notes: Vec<NoteInfo>,
    /// Empty unless the document is a resolution: editors must not lint an ordinary README.
    pub diagnostics: Vec<Diagnostic>,
    pub config: Arc<Config>,
    /// The bundled opening phrases, extended by `[openings]`.
    pub vocab: Cow<'static, Vocabulary>,
    /// Prior resolutions, once indexed: the citation rules and [`precedent`] features use them.
    pub precedents: Option<Arc<PrecedentIndex>>,
    /// Precedent paragraphs, once indexed: the [`agreed`] features and rule use them.
    pub agreed: Option<Arc<AgreedIndex>>,
}

/// What the precedent corpus brings to an analysis.
#[derive(Clone, Default)]
pub struct Precedents {
    /// The index, when built.
    pub index: Option<Arc<PrecedentIndex>>,
    /// The paragraph index, when built.
    pub agreed: Option<Arc<AgreedIndex>>,
    /// The draft is itself one of the corpus's adopted texts: it gets no diagnostics.
    pub in_corpus: bool,
    /// What was read from this document's previous version: an editor keeps one per
    /// document, so that a keystroke reads and rescans only the paragraph it changed.
    pub kept: Option<Arc<Kept>>,
}

/// What one analysis keeps for the next analysis of the same document.
#[derive(Default)]
pub struct Kept {
    /// The paragraphs read into blocks ([`Document::parse_reusing`]).
    pub blocks: BlockCache,
    /// What the rules read in each paragraph and footnote.
    pub rules: rules::Kept,
    /// The footnotes read as citations.
    pub notes: NoteCache,
}

impl Analysis {
    /// An analysis without precedents: the citation rules stay silent.
    pub fn new(text: String, format: Format, config: Arc<Config>) -> Analysis {
        Analysis::with_precedents(text, format, config, Precedents::default())
    }

    pub fn with_precedents(
        text: String,
        format: Format,
        config: Arc<Config>,
        precedents: Precedents,
    ) -> Analysis {
        let kept = precedents.kept.as_deref();
        let doc = Document::parse_reusing(text, format, kept.map(|k| &k.blocks));
        let notes = citation::analyse_reusing(&doc, kept.map(|k| &k.notes));
        let cx = Context::with_notes(&doc, &config, notes);
        let cx = match precedents.index.as_deref() {
            Some(index) => cx.with_precedents(index),
            None => cx,
        };
        let cx = match precedents.agreed.as_deref() {
            Some(search) => cx.with_agreed(search),
            None => cx,
        };
        let cx = match kept {
            Some(kept) => cx.with_kept(&kept.rules),
            None => cx,
        };
        let diagnostics = if doc.is_resolution() && !precedents.in_corpus {
            rules::check_with(&cx)
        } else {
            Vec::new()
        };
        let notes = cx.notes;
        Analysis {
            doc,
            notes,
            diagnostics,
            vocab: vocabulary(&config),
            config,
            precedents: precedents.index,
            agreed: precedents.agreed,
        }
    }

    /// The analysed note of the first footnote body carrying `number`.
    pub fn note_numbered(&self, number: u32) -> Option<&NoteInfo> {
        let index = self.doc.footnotes.iter().position(|f| f.number == number)?;
        self.notes.get(index)
    }

    /// The footnote body containing `offset`, with its index.
    pub fn footnote_at(&self, offset: usize) -> Option<(usize, &Footnote)> {
        self.doc
            .footnotes
            .iter()
            .enumerate()
            .find(|(_, f)| f.span.contains(offset))
    }
}

/// The bundled vocabulary is shared; only a configuration that adds phrases pays for a copy.
fn vocabulary(config: &Config) -> Cow<'static, Vocabulary> {
    let bundled = Vocabulary::bundled();
    if config.openings.preambular.is_empty() && config.openings.operative.is_empty() {
        Cow::Borrowed(bundled)
    } else {
        Cow::Owned(bundled.with_config(config))
    }
}

/// The word "Ibid." of an Ibid. note, as written in the source (inside its italics).
fn ibid_span(footnote: &Footnote) -> Span {
    let text = &footnote.text;
    let len = text.as_str().find('.').map_or(4, |i| i + 1).min(text.len());
    text.source_span(Span::new(0, len))
}

/// Escapes text for Markdown so that citations with `*`, `_` or `<` show as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape_markdown("*Treaty Series*"), "\\*Treaty Series\\*");
    }
}
