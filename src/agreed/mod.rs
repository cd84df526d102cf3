//! Agreed language: every preambular and operative paragraph of the precedents, searchable, and
//! the nearest precedent paragraph of any paragraph of a draft.
//!
//! [`extract`] reads a document's paragraphs with their labels ("PP 5", "OP 3 (a)") and
//! footnotes; [`index`] keeps them in a tantivy index (BM25, phrase queries, snippets);
//! [`compare`] tells "the same wording" by word shingles and shows what differs with a word
//! diff; [`cache`] keeps the index on disk next to the precedent cache. Callers use the
//! [`AgreedSearch`] interface, which a distributed engine could serve as well
//! (`docs/agreed-language.md`). Nothing here knows about LSP.

pub mod cache;
pub mod compare;
pub mod extract;
pub mod index;
pub mod quality;

pub use cache::load_or_build;
pub use compare::Comparison;
pub use extract::{AgreedParagraph, short_symbol};
pub use index::AgreedIndex;

/// A paragraph found by a search.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    pub paragraph: AgreedParagraph,
    /// BM25 score.
    pub score: f32,
    /// The best passage, matched words in `**`.
    pub snippet: String,
}

/// The precedent paragraph closest to a draft paragraph.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Nearest {
    pub paragraph: AgreedParagraph,
    pub comparison: Comparison,
}

impl Nearest {
    /// Equal but for a few words: the draft departs from agreed language, perhaps by accident.
    pub fn is_near(&self) -> bool {
        let c = &self.comparison;
        !c.identical() && c.differing <= NEAR_WORDS && c.similarity >= NEAR_SIMILARITY
    }

    /// "agreed language: 77/186 OP 12 (identical)" or "closest: 76/167 PP 5 — 3 words differ".
    pub fn describe(&self) -> String {
        let at = self.paragraph.citation();
        match self.comparison.differing {
            0 => format!("agreed language: {at} (identical)"),
            1 => format!("closest: {at} — 1 word differs"),
            words => format!("closest: {at} — {words} words differ"),
        }
    }

    /// Close enough to be worth showing at all.
    pub fn is_related(&self) -> bool {
        self.comparison.similarity >= RELATED_SIMILARITY
    }
}

/// At most this many differing words make "near agreed language".
pub const NEAR_WORDS: usize = 5;
const NEAR_SIMILARITY: f32 = 0.8;
const RELATED_SIMILARITY: f32 = 0.5;

/// The questions asked of agreed language, whatever engine answers them: the embedded index
/// here, or a service over the same schema for a whole organisation.
pub trait AgreedSearch: Send + Sync {
    /// Paragraphs matching a query (words, "quoted phrases", `title:` and `footnotes:`
    /// fields), best first.
    fn search(&self, query: &str, limit: usize) -> Vec<Hit>;
    /// The precedent paragraphs closest to `text` in wording, closest (then latest) first.
    fn closest(&self, text: &str, limit: usize) -> Vec<Nearest>;
    /// The precedent paragraph closest to `text`, if any shares its wording.
    fn nearest(&self, text: &str) -> Option<Nearest> {
        self.closest(text, 1).pop()
    }
    /// Distinct paragraphs that begin with these words (the last one possibly unfinished),
    /// latest first.
    fn starting_with(&self, words: &str, limit: usize) -> Vec<AgreedParagraph>;
}
