//! What the precedent index finds in each paragraph's plain text: near misses of instrument
//! names, the known names themselves, and before each marker the known name and the name
//! as the model and the precedent module read it. All depend on the
//! text (and the marker's place) and the index alone, so a [`ScanCache`] kept from one
//! analysis to the next (the language server keeps one per document) rescans only the
//! paragraphs whose text changed and reuses the others' results.

use crate::model::plain::PlainText;
use crate::model::{Document, instrument};
use crate::precedent::PrecedentIndex;
use crate::precedent::names::{self, NameAt};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

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

impl Scan {
    fn of(index: &PrecedentIndex, text: &str) -> Scan {
        Scan {
            near: index.near_misses(text),
            known: index.matcher().find(text),
            windows: Mutex::default(),
        }
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
        let mut memo = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= MAX_WINDOWS && !memo.contains_key(&window) {
            memo.clear();
        }
        slot(memo.entry(window).or_default())
            .get_or_insert_with(read)
            .clone()
    }
}

/// The scans of the last analysis, with the paragraph texts they were made of, under one
/// index. Only the paragraphs of the last analysis are kept, so it holds about one document's
/// worth.
#[derive(Default)]
pub struct ScanCache(Mutex<Option<Kept>>);

struct Kept {
    index: u64,
    /// In paragraph order.
    paragraphs: Vec<(PlainText, Arc<Scan>)>,
}

impl ScanCache {
    /// What the last analysis under `index` found; empty after another index. Taken, so that
    /// two analyses at once each work on their own (the second starts empty).
    fn take(&self, index: &PrecedentIndex) -> Vec<(PlainText, Arc<Scan>)> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        kept.filter(|k| k.index == index.id())
            .map(|k| k.paragraphs)
            .unwrap_or_default()
    }

    fn keep(&self, index: &PrecedentIndex, paragraphs: Vec<(PlainText, Arc<Scan>)>) {
        let kept = Kept {
            index: index.id(),
            paragraphs,
        };
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(kept);
    }
}

/// The scan of every paragraph of `doc`, in paragraph order: from `cache` when the previous
/// analysis had the same text in the same place, else computed (and then kept in it). An edit
/// leaves the paragraphs before it at their index and those after it at their distance from
/// the end, so those are the places looked at; a paragraph moved elsewhere is scanned again.
pub fn scan(doc: &Document, index: &PrecedentIndex, cache: Option<&ScanCache>) -> Vec<Arc<Scan>> {
    let texts = doc.paragraphs.iter().map(|p| &p.text);
    let Some(cache) = cache else {
        return texts
            .map(|t| Arc::new(Scan::of(index, t.as_str())))
            .collect();
    };
    let previous = cache.take(index);
    let (before, now) = (previous.len(), doc.paragraphs.len());
    let kept_at = |at: usize, text: &PlainText| {
        let (old, scan) = previous.get(at)?;
        (old.shares_text(text) || old.as_str() == text.as_str()).then(|| scan.clone())
    };
    let scans: Vec<Arc<Scan>> = texts
        .enumerate()
        .map(|(i, text)| {
            kept_at(i, text)
                .or_else(|| kept_at((i + before).checked_sub(now)?, text))
                .unwrap_or_else(|| Arc::new(Scan::of(index, text.as_str())))
        })
        .collect();
    let kept = doc.paragraphs.iter().map(|p| p.text.clone());
    cache.keep(index, kept.zip(scans.iter().cloned()).collect());
    scans
}
