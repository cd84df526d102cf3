//! Plain text of a paragraph with a map back to source offsets.
//!
//! Parsers strip markup (`*italics*`, `<sup>N</sup>`, glued ODS footnote digits, link wrappers)
//! and join paragraphs split by page breaks. Rules read the plain text and report spans that
//! [`PlainText::source_span`] maps back into the original document.

use crate::source::Span;
use std::ops::Range;
use std::sync::Arc;

/// A paragraph's plain text. Cloning it shares the text, and moving it to another place in
/// the source ([`PlainText::moved`]) only changes the shift applied to its offsets: an editor
/// reuses the paragraphs a keystroke did not change, wherever the keystroke moved them.
#[derive(Clone, Default)]
pub struct PlainText {
    /// Added to every offset of the map.
    shift: isize,
    shared: Arc<Shared>,
}

#[derive(Clone, Default)]
struct Shared {
    text: String,
    /// Source offset of every byte of `text`, less `shift`, plus one entry for the end.
    map: OffsetMap,
}

impl PlainText {
    pub fn as_str(&self) -> &str {
        &self.shared.text
    }

    pub fn len(&self) -> usize {
        self.shared.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shared.text.is_empty()
    }

    fn place(&self, offset: usize) -> usize {
        offset.saturating_add_signed(self.shift)
    }

    /// Source offset of a plain-text offset (the end maps to just after the last source byte).
    pub fn source_offset(&self, plain: usize) -> usize {
        let map = &self.shared.map;
        map.get(plain.min(self.len())).map_or(0, |o| self.place(o))
    }

    /// Source span of a plain-text span. The end maps to just after the last included byte, so
    /// markup stripped after the span is not included.
    pub fn source_span(&self, plain: Span) -> Span {
        let start = self.source_offset(plain.start);
        let end = if plain.end > plain.start {
            self.place(self.shared.map.at(plain.end - 1)) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    /// The same text with its source offsets moved from `from` to `to` (offset `from + k`
    /// becomes `to + k`), sharing the text.
    pub fn moved(self, from: usize, to: usize) -> PlainText {
        PlainText {
            shift: self.shift + (to as isize - from as isize),
            shared: self.shared,
        }
    }

    /// Whether the two share one text, as a paragraph of one version and the same paragraph
    /// taken over by the next do: then they read the same.
    pub fn shares_text(&self, other: &PlainText) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }

    /// The source offsets of the map's runs, as `(index, offset)`.
    fn runs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (self.shared.map.runs.iter()).map(|&(index, offset)| (index, self.place(offset)))
    }
}

/// Texts are equal when they read the same and map to the same source offsets, however their
/// offsets are shifted.
impl PartialEq for PlainText {
    fn eq(&self, other: &PlainText) -> bool {
        self.as_str() == other.as_str()
            && self.shared.map.len == other.shared.map.len
            && self.runs().eq(other.runs())
    }
}

impl Eq for PlainText {}

impl std::fmt::Debug for PlainText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainText")
            .field("text", &self.as_str())
            .field("runs", &self.runs().collect::<Vec<_>>())
            .field("len", &self.shared.map.len)
            .finish()
    }
}

/// Accumulates a [`PlainText`] from pieces of the source.
#[derive(Default)]
pub struct PlainBuilder {
    out: Shared,
}

impl PlainBuilder {
    /// Appends `source[span]` verbatim.
    pub fn push_source(&mut self, source: &str, span: Span) {
        self.out.text.push_str(&source[span.range()]);
        self.out.map.extend(span.range());
    }

    /// Appends text that has no source of its own (e.g. a space joining two segments); its
    /// bytes map to `at`.
    pub fn push_synthetic(&mut self, text: &str, at: usize) {
        self.out.text.push_str(text);
        for _ in 0..text.len() {
            self.out.map.push(at);
        }
    }

    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    pub fn ends_with_space(&self) -> bool {
        self.out.text.ends_with(char::is_whitespace)
    }

    /// Finishes the text; `end` is the source offset just after the last pushed piece.
    pub fn finish(mut self, end: usize) -> PlainText {
        // Trailing whitespace carries no meaning for any rule.
        let trimmed = self.out.text.trim_end().len();
        let end = if trimmed < self.out.text.len() {
            self.out.map.at(trimmed)
        } else {
            end
        };
        self.out.text.truncate(trimmed);
        self.out.map.truncate(trimmed);
        self.out.map.push(end);
        // Held for the life of the model: without the spare room a growing text leaves, which
        // in a draft of short paragraphs is as much again as the text (issue 14).
        self.out.text.shrink_to_fit();
        self.out.map.runs.shrink_to_fit();
        PlainText {
            shift: 0,
            shared: Arc::new(self.out),
        }
    }
}

impl PlainText {
    /// Appends `other` after a joining space that maps to `other`'s first source byte; used
    /// for paragraphs that a page break split in two.
    pub fn join(&mut self, other: &PlainText) {
        let shift = std::mem::take(&mut self.shift);
        let own = Arc::make_mut(&mut self.shared);
        own.map.shift(shift);
        let end = own.map.pop().unwrap_or_default();
        if !own.text.is_empty() && !other.is_empty() {
            own.text.push(' ');
            let first = other.shared.map.first().map(|o| other.place(o));
            own.map.push(first.unwrap_or(end));
        }
        own.text.push_str(other.as_str());
        own.map.append(&other.shared.map, other.shift);
        if other.shared.map.is_empty() {
            own.map.push(end);
        }
    }
}

/// A list of source offsets stored as runs of consecutive offsets. Text copied from the
/// source maps byte for byte, so a paragraph needs a few runs instead of an offset per byte;
/// behaves as the `Vec<usize>` it stands for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct OffsetMap {
    /// Index of each run's first entry and that entry's offset, in index order; the offsets
    /// of a run count up by one. Runs are maximal, so equal lists have equal runs.
    runs: Vec<(usize, usize)>,
    len: usize,
}

impl OffsetMap {
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn get(&self, index: usize) -> Option<usize> {
        if index >= self.len {
            return None;
        }
        let (start, offset) = self.runs[self.runs.partition_point(|&(s, _)| s <= index) - 1];
        Some(offset + (index - start))
    }

    /// The entry at `index`, which must exist.
    fn at(&self, index: usize) -> usize {
        self.get(index).expect("offset index within the text")
    }

    fn first(&self) -> Option<usize> {
        self.runs.first().map(|&(_, offset)| offset)
    }

    fn last(&self) -> Option<usize> {
        let &(start, offset) = self.runs.last()?;
        Some(offset + (self.len - 1 - start))
    }

    fn push(&mut self, offset: usize) {
        self.extend(offset..offset + 1);
    }

    /// Appends the offsets of `range`, extending the last run when they continue it.
    fn extend(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        if self.last().is_none_or(|last| last + 1 != range.start) {
            self.runs.push((self.len, range.start));
        }
        self.len += range.len();
    }

    /// Appends the offsets of `other`, each shifted by `shift`.
    fn append(&mut self, other: &OffsetMap, shift: isize) {
        for (k, &(start, offset)) in other.runs.iter().enumerate() {
            let end = other.runs.get(k + 1).map_or(other.len, |&(next, _)| next);
            let offset = offset.saturating_add_signed(shift);
            self.extend(offset..offset + (end - start));
        }
    }

    /// Shifts every offset by `shift`.
    fn shift(&mut self, shift: isize) {
        for (_, offset) in &mut self.runs {
            *offset = offset.saturating_add_signed(shift);
        }
    }

    fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.len = len;
            let kept = self.runs.partition_point(|&(start, _)| start < len);
            self.runs.truncate(kept);
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let last = self.last()?;
        self.truncate(self.len - 1);
        Some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-length map answers exactly as the per-byte list it replaces.
    #[test]
    fn offset_map_behaves_as_a_list() {
        let (mut map, mut list) = (OffsetMap::default(), Vec::new());
        let check = |map: &OffsetMap, list: &Vec<usize>| {
            let got: Vec<Option<usize>> = (0..=list.len()).map(|i| map.get(i)).collect();
            let want: Vec<Option<usize>> = (0..=list.len()).map(|i| list.get(i).copied()).collect();
            assert_eq!(got, want);
            assert_eq!(
                (map.first(), map.last()),
                (list.first().copied(), list.last().copied())
            );
        };
        for range in [3..7, 7..9, 20..20, 12..15] {
            map.extend(range.clone());
            list.extend(range);
            check(&map, &list);
        }
        for at in [15, 5, 5] {
            map.push(at);
            list.push(at);
            check(&map, &list);
        }
        map.truncate(8);
        list.truncate(8);
        check(&map, &list);
        assert_eq!(map.pop(), list.pop());
        let other = map.clone();
        map.append(&other, 0);
        list.extend_from_slice(&list.clone());
        check(&map, &list);
        assert_eq!(map.runs.len(), 4, "adjacent runs are merged");
    }
}
