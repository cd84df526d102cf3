//! Blocks kept from a document's previous version. Reading a block (markup stripped, markers
//! found) depends only on its source and on a little state: for a Markdown paragraph, whether a
//! page break comes before it; for an ODS line, the notes and the markers read before it. An
//! edit leaves the text before it and the text after it as they were, so an editor that keeps
//! a [`BlockCache`] per document reads again only the blocks that overlap what changed or whose
//! state changed: the others are taken from the previous version, moved by the length the
//! edit added or removed, and share their text with it. [`PlaceCache`] does the same for what
//! rules read in each paragraph.

use super::Format;
use super::block::{Block, Blocks, Directive, ParsedBlock};
use super::plain::PlainText;
use crate::source::{LineIndex, Span};
use smallvec::SmallVec;
use std::sync::{Arc, Mutex};

/// The text and blocks of the last parse.
#[derive(Default)]
pub struct BlockCache(Mutex<Option<Kept>>);

#[derive(Default)]
struct Kept {
    /// The format the text was read in: blocks of another format are never reused.
    format: Option<Format>,
    text: Arc<String>,
    /// Where the text's lines start.
    lines: Option<LineIndex>,
    /// The blocks read, in source order.
    blocks: Vec<Stored<Arc<Block>>>,
    /// What the ODS reader's first reading found in each line, in source order.
    numbers: Vec<Stored<Numbers>>,
    /// Where the Markdown reader had gathered no lines, in source order.
    resumes: Vec<Resume>,
    /// The suppression comments read.
    directives: Vec<Directive>,
}

/// A line the Markdown reader reached with no lines gathered into a paragraph: what it reads
/// from there on depends only on the text from there and on whether a page break came before.
/// A parse starts at the last such line before an edit, with what the previous parse read
/// before it, and stops at the first after the edit where the previous parse was in the same
/// state, taking what it read after it.
#[derive(Clone, Copy)]
pub(super) struct Resume {
    /// Where the line starts.
    pub at: usize,
    pub line: usize,
    pub after_break: bool,
    /// How many blocks and directives were read before the line.
    pub blocks: usize,
    pub directives: usize,
}

/// The numbers of a line's markers, all that the ODS reader's first reading (which only learns
/// which notes plain markers cite) keeps of a line: held inline, as most lines have a few or
/// none, so that a keystroke passes over the lines without visiting a block for each.
pub(super) type Numbers = SmallVec<[u32; 4]>;

/// What was read from one piece of the source: a block, or a line's marker numbers.
struct Stored<T> {
    /// The source it was read from.
    whole: Span,
    /// What else the reading depended on (a page break before it, the marker count so far).
    state: u64,
    /// Taken (`None`) by the parse that reuses it. A block is shared with that parse's
    /// [`super::Blocks`], which the model is built from and which are dropped once it is: the
    /// block is then this cache's alone again, and is moved by the next edit without being
    /// copied.
    value: Option<T>,
}

impl BlockCache {
    /// What the last parse kept, taken: two parses at once each work on their own (the second
    /// starts empty).
    fn take(&self) -> Kept {
        (self.0.lock().unwrap_or_else(|e| e.into_inner()).take()).unwrap_or_default()
    }

    fn keep(&self, kept: Kept) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(kept);
    }
}

/// What was read from each of a list of texts (the paragraphs, the footnotes) by the last
/// analysis, found again by place: an edit leaves the texts before it at their index and those
/// after it at their distance from the end. What was read is reused where the text at either
/// place is the same, shared ([`PlainText::shares_text`]) or equal; no text is hashed. Only
/// the last analysis's texts are kept, so it holds about one document's worth.
pub struct PlaceCache<T>(Mutex<Option<Read<T>>>);

struct Read<T> {
    /// What the results were read with (an index's id): results read with another are dropped.
    key: u64,
    /// In list order; an entry is taken (`None`) once a call reuses it.
    texts: Vec<Option<(PlainText, T)>>,
}

impl<T> Default for PlaceCache<T> {
    fn default() -> Self {
        PlaceCache(Mutex::default())
    }
}

impl<T: Clone> PlaceCache<T> {
    /// `read` of each text (with its place), through `cache` ([`Self::read`]) when there is
    /// one.
    pub fn read_through<'t>(
        cache: Option<&Self>,
        key: u64,
        texts: impl ExactSizeIterator<Item = &'t PlainText>,
        mut read: impl FnMut(usize, &PlainText) -> T,
    ) -> Vec<T> {
        match cache {
            Some(cache) => cache.read(key, texts, read),
            None => (texts.enumerate()).map(|(i, text)| read(i, text)).collect(),
        }
    }

    /// `read` of each text, in order: kept from the last call under the same `key` where the
    /// text is the same in the same place, else read (and then kept). The kept results are
    /// taken during the call, so two calls at once each work on their own (the second reads
    /// everything). What is kept moves on to the next call rather than being copied: one
    /// count taken per text, not three, in each of the caches a keystroke reads through.
    pub fn read<'t>(
        &self,
        key: u64,
        texts: impl ExactSizeIterator<Item = &'t PlainText>,
        mut read: impl FnMut(usize, &PlainText) -> T,
    ) -> Vec<T> {
        let taken = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        let before = taken.filter(|r| r.key == key).map(|r| r.texts);
        let mut before = before.unwrap_or_default();
        let (then, now) = (before.len(), texts.len());
        if then == now {
            let values = Self::read_in_place(&mut before, texts, read);
            self.keep(key, before);
            return values;
        }
        // An entry is taken once: a second text equal to it reads afresh.
        let mut take_at = |at: usize, text: &PlainText| {
            let slot = before.get_mut(at)?;
            let (old, _) = slot.as_ref()?;
            same_text(old, text).then(|| slot.take()).flatten()
        };
        let mut kept = Vec::with_capacity(now);
        let mut values = Vec::with_capacity(now);
        for (i, text) in texts.enumerate() {
            let (kept_text, value) = take_at(i, text)
                .or_else(|| take_at((i + then).checked_sub(now)?, text))
                .unwrap_or_else(|| (text.clone(), read(i, text)));
            values.push(value.clone());
            kept.push(Some((kept_text, value)));
        }
        self.keep(key, kept);
        values
    }

    /// [`Self::read`] when there are as many texts as before (an edit inside one, the common
    /// case): each is at its index, and what was kept is updated where it stands rather than
    /// moved into a new list.
    fn read_in_place<'t>(
        kept: &mut [Option<(PlainText, T)>],
        texts: impl ExactSizeIterator<Item = &'t PlainText>,
        mut read: impl FnMut(usize, &PlainText) -> T,
    ) -> Vec<T> {
        let mut values = Vec::with_capacity(texts.len());
        for (i, (slot, text)) in kept.iter_mut().zip(texts).enumerate() {
            let value = match slot {
                Some((old, value)) if same_text(old, text) => value.clone(),
                _ => {
                    let value = read(i, text);
                    *slot = Some((text.clone(), value.clone()));
                    value
                }
            };
            values.push(value);
        }
        values
    }

    fn keep(&self, key: u64, texts: Vec<Option<(PlainText, T)>>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Read { key, texts });
    }
}

/// Whether what was read from `old` holds for `text`: the same text, shared or equal.
fn same_text(old: &PlainText, text: &PlainText) -> bool {
    old.shares_text(text) || old.as_str() == text.as_str()
}

/// The entry of `stored` read from `whole` moved to `from`, in `state`, taken: it moves on to
/// this parse instead of being copied. Entries are asked for in source order: the one wanted
/// is at or after the last one `looked` at, and stepping there beats a binary search each.
fn take<T>(
    stored: &mut [Stored<T>],
    looked: &mut usize,
    from: usize,
    whole: Span,
    state: u64,
) -> Option<T> {
    let at = if looked
        .checked_sub(1)
        .is_some_and(|b| stored[b].whole.start >= from)
    {
        stored.partition_point(|s| s.whole.start < from)
    } else {
        let mut at = *looked;
        while stored.get(at).is_some_and(|s| s.whole.start < from) {
            at += 1;
        }
        at
    };
    *looked = at;
    let entry = stored.get_mut(at)?;
    let same = entry.whole == Span::new(from, from + whole.len()) && entry.state == state;
    same.then(|| entry.value.take()).flatten()
}

/// Carries the previous parse's `kept` blocks, taken, into this parse, moved by `growth`: into
/// `out`, and into what this parse keeps (`into`).
fn carry(
    kept: &mut [Stored<Arc<Block>>],
    growth: isize,
    into: &mut Vec<Stored<Arc<Block>>>,
    out: &mut Blocks,
) {
    let moved = |at: usize| at.wrapping_add_signed(growth);
    for stored in kept {
        let Some(mut block) = stored.value.take() else {
            continue;
        };
        let whole = Span::new(moved(stored.whole.start), moved(stored.whole.end));
        if growth != 0 {
            Arc::make_mut(&mut block).shift(stored.whole.start, whole.start);
        }
        out.blocks.push(ParsedBlock::Kept(Arc::clone(&block)));
        into.push(Stored {
            whole,
            state: stored.state,
            value: Some(block),
        });
    }
}

/// Compared a chunk at a time: the library's vectorised comparison of whole chunks is far
/// faster than a byte-by-byte loop over a long draft.
const CHUNK: usize = 256;

/// How many bytes `a` and `b` share at their start.
fn shared_prefix(a: &[u8], b: &[u8]) -> usize {
    let chunks = (a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)))
        .take_while(|(x, y)| x == y)
        .count()
        * CHUNK;
    chunks
        + (a[chunks..].iter().zip(&b[chunks..]))
            .take_while(|(x, y)| x == y)
            .count()
}

/// How many bytes `a` and `b` share at their end.
fn shared_suffix(a: &[u8], b: &[u8]) -> usize {
    let chunks = (a.rchunks_exact(CHUNK).zip(b.rchunks_exact(CHUNK)))
        .take_while(|(x, y)| x == y)
        .count()
        * CHUNK;
    let (a, b) = (&a[..a.len() - chunks], &b[..b.len() - chunks]);
    chunks
        + (a.iter().rev().zip(b.iter().rev()))
            .take_while(|(x, y)| x == y)
            .count()
}

/// The blocks of one parse: taken from the previous parse where their source lies in the text
/// the versions share at their start or at their end, read afresh elsewhere.
pub(super) struct Reuse<'c> {
    cache: Option<&'c BlockCache>,
    previous: Kept,
    /// Bytes the two versions share at their start, and at their end.
    same_start: usize,
    same_end: usize,
    /// The new text's length, less the previous one's.
    growth: isize,
    blocks: Vec<Stored<Arc<Block>>>,
    numbers: Vec<Stored<Numbers>>,
    resumes: Vec<Resume>,
    /// Where the last block, and the last line's numbers, asked for were looked up among the
    /// previous ones.
    looked: [usize; 2],
}

impl<'c> Reuse<'c> {
    pub fn new(cache: Option<&'c BlockCache>, text: &str, format: Format) -> Self {
        let taken = cache.map(BlockCache::take);
        let mut previous = taken
            .filter(|k| k.format == Some(format))
            .unwrap_or_default();
        previous.format = Some(format);
        let (old, new) = (previous.text.as_bytes(), text.as_bytes());
        let same_start = shared_prefix(old, new);
        // Counted after the shared start, so that the two never overlap.
        let same_end = shared_suffix(&old[same_start..], &new[same_start..]);
        Reuse {
            cache,
            growth: new.len() as isize - old.len() as isize,
            same_start,
            same_end,
            blocks: Vec::with_capacity(previous.blocks.len()),
            numbers: Vec::with_capacity(previous.numbers.len()),
            resumes: Vec::with_capacity(previous.resumes.len()),
            previous,
            looked: [0; 2],
        }
    }

    /// How many blocks the previous parse read: about as many as this one will.
    pub fn previous_blocks(&self) -> usize {
        self.previous.blocks.len()
    }

    /// The block of `text[whole]`, read in `state`: `read` unless the previous parse read the
    /// same source in the same state. `read` must depend on nothing else. Shared with the
    /// cache when there is one to keep the block for the next parse.
    pub fn block(
        &mut self,
        text: &str,
        (whole, state): (Span, u64),
        read: impl FnOnce() -> Block,
    ) -> ParsedBlock {
        if self.cache.is_none() {
            return ParsedBlock::Own(read());
        }
        let from = self.previous_start(text, whole);
        let kept = from.and_then(|from| {
            let kept = &mut self.previous.blocks;
            Some((from, take(kept, &mut self.looked[0], from, whole, state)?))
        });
        let block = match kept {
            Some((from, mut kept)) => {
                if from != whole.start {
                    Arc::make_mut(&mut kept).shift(from, whole.start);
                }
                kept
            }
            None => Arc::new(read()),
        };
        self.blocks.push(Stored {
            whole,
            state,
            value: Some(Arc::clone(&block)),
        });
        ParsedBlock::Kept(block)
    }

    /// The marker numbers of the line `text[whole]` in the ODS reader's first reading, in
    /// `state`: `read` unless the previous parse read the same source in the same state.
    pub fn numbers(
        &mut self,
        text: &str,
        (whole, state): (Span, u64),
        read: impl FnOnce() -> Numbers,
    ) -> Numbers {
        if self.cache.is_none() {
            return read();
        }
        let from = self.previous_start(text, whole);
        let kept = &mut self.previous.numbers;
        let kept = from.and_then(|from| take(kept, &mut self.looked[1], from, whole, state));
        let numbers = kept.unwrap_or_else(read);
        self.numbers.push(Stored {
            whole,
            state,
            value: Some(numbers.clone()),
        });
        numbers
    }

    /// Where the source of `text[whole]` started in the previous version, when it lies in the
    /// text the two share at their start or at their end.
    fn previous_start(&self, text: &str, whole: Span) -> Option<usize> {
        if whole.end <= self.same_start {
            Some(whole.start)
        } else if whole.start >= text.len() - self.same_end {
            whole.start.checked_add_signed(-self.growth)
        } else {
            None
        }
    }

    /// The last line before the edit where the previous parse had gathered no lines, as a line
    /// of the new text (its number and whether a page break came before it), with what the
    /// previous parse read before it taken into `out`; the first line when there is none.
    pub fn resume(&mut self, lines: &LineIndex, out: &mut Blocks) -> (usize, bool) {
        let previous = &mut self.previous;
        let before_edit = previous
            .resumes
            .partition_point(|r| r.at <= self.same_start);
        let kept = previous.blocks.len();
        // The line must start at the same place in the new text ("\r" then "\n" typed after it
        // makes one line break of two).
        let usable = |r: &&Resume| {
            r.line < lines.line_count()
                && lines.line_start(r.line) == r.at
                && r.blocks <= kept
                && r.directives <= previous.directives.len()
        };
        let Some(&start) = previous.resumes[..before_edit].iter().rev().find(usable) else {
            return (0, false);
        };
        // Nothing is taken from the previous parse before this.
        carry(
            &mut previous.blocks[..start.blocks],
            0,
            &mut self.blocks,
            out,
        );
        self.looked[0] = start.blocks;
        out.directives
            .extend_from_slice(&previous.directives[..start.directives]);
        let earlier = previous.resumes.iter().take_while(|r| r.at < start.at);
        self.resumes.extend(earlier);
        (start.line, start.after_break)
    }

    /// Notes that the Markdown reader reached `point` of `text` with no lines gathered. Past
    /// the edit, where the previous parse reached the same text in the same state, what it
    /// read from there is taken into `out`, moved by the edit, and the reading is done (true).
    pub fn reached(&mut self, text: &str, point: Resume, out: &mut Blocks) -> bool {
        if self.cache.is_none() {
            return false;
        }
        self.resumes.push(point);
        if point.at < text.len() - self.same_end {
            return false;
        }
        let Some(from) = point.at.checked_add_signed(-self.growth) else {
            return false;
        };
        let previous = &mut self.previous;
        let at = previous.resumes.partition_point(|r| r.at < from);
        let Some(&then) = previous.resumes.get(at) else {
            return false;
        };
        let same = then.at == from
            && then.after_break == point.after_break
            && then.blocks <= previous.blocks.len()
            && then.directives <= previous.directives.len();
        if !same {
            return false;
        }
        // The blocks read before `point` lie before `from` in the previous version: none of
        // those from `then` on was taken.
        let kept = &mut previous.blocks[then.blocks..];
        carry(kept, self.growth, &mut self.blocks, out);
        let moved = |at: usize| at.wrapping_add_signed(self.growth);
        let lines_moved = |line: usize| line.wrapping_add(point.line.wrapping_sub(then.line));
        let directives = previous.directives[then.directives..]
            .iter()
            .map(|d| Directive {
                span: Span::new(moved(d.span.start), moved(d.span.end)),
                line: lines_moved(d.line),
                ..d.clone()
            });
        out.directives.extend(directives);
        let resumes = previous.resumes[at + 1..].iter().map(|r| Resume {
            at: moved(r.at),
            line: lines_moved(r.line),
            after_break: r.after_break,
            blocks: r.blocks - then.blocks + point.blocks,
            directives: r.directives - then.directives + point.directives,
        });
        self.resumes.extend(resumes);
        true
    }

    /// Where the lines of `text` start: those in the text the two versions share taken from
    /// the previous parse.
    pub fn lines(&self, text: &str) -> LineIndex {
        match &self.previous.lines {
            Some(lines) => LineIndex::reusing(lines, text, self.same_start, self.same_end),
            None => LineIndex::new(text),
        }
    }

    /// Keeps this parse's text, line starts, blocks and directives for the next.
    pub fn finish(self, text: &Arc<String>, lines: &LineIndex, directives: &[Directive]) {
        if let Some(cache) = self.cache {
            let mut kept = self.previous;
            kept.text = Arc::clone(text);
            kept.lines = Some(lines.clone());
            kept.blocks = self.blocks;
            kept.numbers = self.numbers;
            kept.resumes = self.resumes;
            kept.directives = directives.to_vec();
            cache.keep(kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunked comparisons count what a byte-by-byte comparison counts, wherever the first
    /// difference falls and whatever the two lengths.
    #[test]
    fn shared_start_and_end_are_counted_byte_for_byte() {
        let naive_prefix = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let naive_suffix = |a: &[u8], b: &[u8]| {
            (a.iter().rev().zip(b.iter().rev()))
                .take_while(|(x, y)| x == y)
                .count()
        };
        let base: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
        for at in [0, 1, CHUNK - 1, CHUNK, CHUNK + 5, 2 * CHUNK, base.len() - 1] {
            let mut changed = base.clone();
            changed[at] ^= 0xff;
            for other in [
                changed.clone(),
                changed[..at + 1].to_vec(),
                changed[at..].to_vec(),
            ] {
                assert_eq!(
                    shared_prefix(&base, &other),
                    naive_prefix(&base, &other),
                    "{at}"
                );
                assert_eq!(
                    shared_suffix(&base, &other),
                    naive_suffix(&base, &other),
                    "{at}"
                );
            }
        }
        assert_eq!(shared_prefix(&base, &base), base.len());
        assert_eq!(shared_suffix(&base, &base), base.len());
    }
}
