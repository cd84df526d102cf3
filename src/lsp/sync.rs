//! Text synchronisation: LSP positions on a rope, incremental changes, and the queue that
//! applies changes in the order of their versions.
//!
//! tower-lsp polls handlers concurrently, so a `didChange` can be handled before the one sent
//! just before it (tower-lsp issue #284). Changes therefore go through a [`VersionQueue`]: a
//! change whose version does not follow the document's waits until the missing one arrives.
//! Versions need not be consecutive (Neovim sends its `changedtick`, which jumps), so a gap
//! that stays open for [`GAP_WAIT`] is taken for a jump and the queue is applied in version
//! order anyway.

use crate::source::Encoding;
use ropey::{Rope, RopeSlice};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

/// How long a change waits for a lower version before the gap is taken for a jump in the
/// client's numbering. Reordered handlers run microseconds apart; this is ample.
pub const GAP_WAIT: Duration = Duration::from_millis(20);

/// Char index of an LSP position, clamped as the specification asks: a line past the end
/// means the end of the text, a column past the end of its line means the line's end (before
/// its line break), and a column inside a character means that character's start.
pub fn char_index(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = start + content_len(rope.line(line));
    let col = pos.character as usize;
    match encoding {
        Encoding::Utf16 => {
            let target = rope.char_to_utf16_cu(start) + col;
            if target >= rope.char_to_utf16_cu(end) {
                end
            } else {
                rope.utf16_cu_to_char(target)
            }
        }
        Encoding::Utf8 => {
            let target = rope.char_to_byte(start) + col;
            if target >= rope.char_to_byte(end) {
                end
            } else {
                rope.byte_to_char(target)
            }
        }
    }
}

/// Chars of a line without its line break (`\n`, `\r\n` or `\r`).
fn content_len(line: RopeSlice) -> usize {
    let len = line.len_chars();
    let last = |i: usize| (len >= i).then(|| line.char(len - i));
    match (last(2), last(1)) {
        (Some('\r'), Some('\n')) => len - 2,
        (_, Some('\n' | '\r')) => len - 1,
        _ => len,
    }
}

/// Applies one content change: a range replacement, or the whole text when it has no range.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return;
    };
    let a = char_index(rope, range.start, encoding);
    let b = char_index(rope, range.end, encoding);
    let (start, end) = (a.min(b), a.max(b));
    rope.remove(start..end);
    rope.insert(start, &change.text);
}

/// Items keyed by version, released in version order.
#[derive(Debug)]
pub struct VersionQueue<T> {
    /// The version of the last item released (or of the opened document).
    version: i32,
    pending: BTreeMap<i32, T>,
    /// When the oldest unfilled gap opened.
    gap_since: Option<Instant>,
}

impl<T> VersionQueue<T> {
    pub fn new(version: i32) -> Self {
        VersionQueue {
            version,
            pending: BTreeMap::new(),
            gap_since: None,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Queues an item; returns `false` (and drops it) when its version is not newer than
    /// what was already released or queued.
    pub fn push(&mut self, version: i32, item: T, now: Instant) -> bool {
        if version <= self.version || self.pending.contains_key(&version) {
            return false;
        }
        self.pending.insert(version, item);
        self.gap_since.get_or_insert(now);
        true
    }

    /// Releases, in order, the items whose predecessors are all released; every queued item
    /// once the oldest gap has waited `wait`.
    pub fn pop_ready(&mut self, now: Instant, wait: Duration) -> Vec<(i32, T)> {
        let expired = self
            .gap_since
            .is_some_and(|t| now.duration_since(t) >= wait);
        let mut out = Vec::new();
        while let Some(entry) = self.pending.first_entry() {
            if !expired && *entry.key() != self.version + 1 {
                break;
            }
            let (version, item) = entry.remove_entry();
            self.version = version;
            out.push((version, item));
        }
        if self.pending.is_empty() {
            self.gap_since = None;
        } else if !out.is_empty() {
            self.gap_since = Some(now);
        }
        out
    }

    /// How much longer the open gap may wait, if one is open.
    pub fn gap_remaining(&self, now: Instant, wait: Duration) -> Option<Duration> {
        self.gap_since
            .map(|t| wait.saturating_sub(now.duration_since(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    fn change(rope: &mut Rope, a: Position, b: Position, text: &str, enc: Encoding) {
        let c = TextDocumentContentChangeEvent {
            range: Some(Range { start: a, end: b }),
            range_length: None,
            text: text.into(),
        };
        apply_change(rope, &c, enc);
    }

    #[test]
    fn line_breaks_are_lsp_line_breaks() {
        let rope = Rope::from_str("a\r\nb\rc\nd\u{2028}e\u{c}f");
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(char_index(&rope, pos(0, 9), Encoding::Utf16), 1);
        assert_eq!(
            char_index(&rope, pos(3, 99), Encoding::Utf16),
            rope.len_chars()
        );
    }

    #[test]
    fn clamps_and_snaps() {
        let rope = Rope::from_str("é😀x\nnext");
        // Inside the surrogate pair / inside the UTF-8 bytes: the emoji's start.
        assert_eq!(char_index(&rope, pos(0, 2), Encoding::Utf16), 1);
        assert_eq!(char_index(&rope, pos(0, 4), Encoding::Utf8), 1);
        assert_eq!(char_index(&rope, pos(0, 4), Encoding::Utf16), 3);
        assert_eq!(char_index(&rope, pos(0, 7), Encoding::Utf8), 3);
        assert_eq!(char_index(&rope, pos(0, 99), Encoding::Utf16), 3);
        assert_eq!(
            char_index(&rope, pos(7, 0), Encoding::Utf16),
            rope.len_chars()
        );
        assert_eq!(
            char_index(&rope, pos(u32::MAX, u32::MAX), Encoding::Utf8),
            rope.len_chars()
        );
    }

    #[test]
    fn edits_join_and_split_crlf() {
        let mut rope = Rope::from_str("a\r");
        change(&mut rope, pos(1, 0), pos(1, 0), "\nb", Encoding::Utf16);
        assert_eq!(rope.to_string(), "a\r\nb");
        assert_eq!(rope.len_lines(), 2);
        change(&mut rope, pos(1, 0), pos(0, 1), "", Encoding::Utf16);
        assert_eq!(rope.to_string(), "ab");
    }

    #[test]
    fn queue_waits_for_missing_versions() {
        let t0 = Instant::now();
        let mut q = VersionQueue::new(1);
        assert!(q.push(3, 'c', t0));
        assert!(q.pop_ready(t0, GAP_WAIT).is_empty());
        assert!(q.push(2, 'b', t0));
        assert_eq!(q.pop_ready(t0, GAP_WAIT), vec![(2, 'b'), (3, 'c')]);
        assert!(!q.push(3, 'x', t0), "stale versions are dropped");
        assert_eq!(q.version(), 3);
    }

    #[test]
    fn queue_takes_a_lasting_gap_for_a_jump() {
        let t0 = Instant::now();
        let mut q = VersionQueue::new(1);
        q.push(9, 'j', t0);
        q.push(5, 'e', t0);
        assert!(q.pop_ready(t0, GAP_WAIT).is_empty());
        assert_eq!(q.gap_remaining(t0, GAP_WAIT), Some(GAP_WAIT));
        assert_eq!(
            q.pop_ready(t0 + GAP_WAIT, GAP_WAIT),
            vec![(5, 'e'), (9, 'j')]
        );
        assert_eq!(q.gap_remaining(t0 + GAP_WAIT, GAP_WAIT), None);
    }
}
