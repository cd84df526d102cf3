//! What the precedent index finds in each paragraph's plain text: near misses of instrument
//! names, the known names themselves, and before each marker the known name and the name
//! as the model and the precedent module read it. All depend on the
//! text (and the marker's place) and the index alone, so a [`ScanCache`] kept from one
//! analysis to the next (the language server keeps one per document) rescans only the
//! paragraphs whose text changed and reuses the others' results.

use crate::model::PlaceCache;
use crate::model::plain::PlainText;
use crate::model::{Document, instrument};
use crate::precedent::PrecedentIndex;
use crate::precedent::names::{self, NameAt};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

/// Instrument ids (indices into [`PrecedentIndex::instruments`]) with plain-text ranges.
pub type Found = Vec<(usize, Range<usize>)>;

/// One paragraph's findings.
#[derive(Debug)]
pub struct Scan {
    /// Near misses of well-established names ([`PrecedentIndex::near_misses`]).
    pub near: Found,
    /// Names of instruments cited by several precedents, left to right, not overlapping.
    pub known: Found,
    /// What is read before each marker, by the marker's window (`floor`, `at`), on first use:
    /// markers are not in the plain text, so their places are not in the key.
    windows: Mutex<FxHashMap<(usize, usize), Window>>,
}

/// What is read before one marker, each on first use.
#[derive(Debug, Default)]
struct Window {
    /// The known instrument ([`PrecedentIndex::known_before`]).
    known: Option<Option<usize>>,
    /// The name as the model reads it ([`instrument::name_before`]).
    name_before: Option<Option<Range<usize>>>,
    /// The name as the precedent module reads it ([`names::name_at`]).
    name_at: Option<NameAt>,
}

/// More windows than a paragraph has markers only come from markers moved about; past this
/// many the memo starts again.
const MAX_WINDOWS: usize = 64;

/// The scan of every paragraph without findings or markers: one shared scan, not one per
/// paragraph (issue 14). It remembers no window, as texts that share it differ.
static NOTHING: LazyLock<Arc<Scan>> = LazyLock::new(|| {
    Arc::new(Scan {
        near: Found::new(),
        known: Found::new(),
        windows: Mutex::default(),
    })
});

impl Scan {
    /// The scan of a paragraph's text; `markers` says whether the paragraph has any.
    fn of(index: &PrecedentIndex, text: &str, markers: bool) -> Arc<Scan> {
        let near = index.near_misses(text);
        let known = index.matcher().find(text);
        if near.is_empty() && known.is_empty() && !markers {
            return NOTHING.clone();
        }
        Arc::new(Scan {
            near,
            known,
            windows: Mutex::default(),
        })
    }

    /// [`PrecedentIndex::known_before`] in this paragraph's `text`, remembered.
    pub fn known_before(
        &self,
        index: &PrecedentIndex,
        text: &str,
        floor: usize,
        at: usize,
    ) -> Option<usize> {
        self.remember(
            (floor, at),
            |w| &mut w.known,
            || index.known_before(text, floor, at),
        )
    }

    /// [`instrument::name_before`] in this paragraph's `text`, remembered.
    pub fn name_before(&self, text: &str, floor: usize, at: usize) -> Option<Range<usize>> {
        self.remember(
            (floor, at),
            |w| &mut w.name_before,
            || instrument::name_before(text, floor, at),
        )
    }

    /// [`names::name_at`] in this paragraph's `text`, remembered.
    pub fn name_at(&self, text: &str, floor: usize, at: usize) -> NameAt {
        self.remember(
            (floor, at),
            |w| &mut w.name_at,
            || names::name_at(text, floor, at),
        )
    }

    fn remember<T: Clone>(
        &self,
        window: (usize, usize),
        slot: impl FnOnce(&mut Window) -> &mut Option<T>,
        read: impl FnOnce() -> T,
    ) -> T {
        // A later version may give the shared scan's text markers without changing the text.
        if std::ptr::eq(self, &**NOTHING) {
            return read();
        }
        let mut memo = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= MAX_WINDOWS && !memo.contains_key(&window) {
            memo.clear();
        }
        slot(memo.entry(window).or_default())
            .get_or_insert_with(read)
            .clone()
    }
}

/// The scans of the last analysis, found again by place and reused where the paragraph is
/// unchanged, under one index (its id is the key).
pub type ScanCache = PlaceCache<Arc<Scan>>;

/// The scan of every paragraph of `doc`, in paragraph order; with a `cache`, only the
/// paragraphs an edit changed are scanned ([`PlaceCache::read`]).
pub fn scan(doc: &Document, index: &PrecedentIndex, cache: Option<&ScanCache>) -> Vec<Arc<Scan>> {
    let texts = doc.paragraphs.iter().map(|p| &p.text);
    let read = |i: usize, text: &PlainText| {
        Scan::of(index, text.as_str(), !doc.paragraphs[i].markers.is_empty())
    };
    PlaceCache::read_through(cache, index.id(), texts, read)
}
