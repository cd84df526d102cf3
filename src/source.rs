//! Byte spans and line/column conversion.
//!
//! Everything in the model is addressed by byte offsets into the original text. Conversion to
//! line/column happens only at the edges (CLI output, LSP), in either UTF-16 or UTF-8 columns.
//! Line breaks are exactly LSP's: `\n`, `\r\n` and a lone `\r`.

use std::ops::Range;
use std::sync::OnceLock;

/// A half-open byte range into the document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// How columns are counted, as negotiated with an LSP client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Start offsets of every line of a text, and a running UTF-16 count, so that a column is
/// found without reading its line from the start (a draft may be one line of megabytes).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// UTF-16 code units before each multiple of [`CHECKPOINT`] (its char boundary), when the
    /// text is not all ASCII; counted when a column is first asked for far into a line.
    utf16: OnceLock<Option<Vec<usize>>>,
}

/// Bytes between two UTF-16 counts: at most this many are read for a column (a column nearer
/// its line's start is counted from there).
const CHECKPOINT: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // memchr skips the line's content many bytes at a time.
        let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
        while let Some(i) = breaks.next() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                breaks.next();
                starts.push(i + 2);
            } else {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            utf16: OnceLock::new(),
        }
    }

    /// The index of `text`, which shares its first `same_start` and last `same_end` bytes with
    /// the text `previous` indexed: lines there are taken from `previous` (those after the
    /// edit moved by its growth), and only the bytes between are searched for line breaks, so
    /// a keystroke does not read the whole draft again.
    pub fn reusing(previous: &LineIndex, text: &str, same_start: usize, same_end: usize) -> Self {
        let bytes = text.as_bytes();
        // Whether a line starts at `s`: the byte before ends a break ("\r" ends one only when
        // no "\n" follows it). Decided by bytes `s - 1` and `s`, so a start whose two bytes
        // lie in the shared start or end is the previous text's.
        let starts_at = |s: usize| match bytes[s - 1] {
            b'\n' => true,
            b'\r' => bytes.get(s) != Some(&b'\n'),
            _ => false,
        };
        if same_start + same_end > text.len().min(previous.len) {
            return LineIndex::new(text);
        }
        let changed_end = text.len() - same_end;
        let before = previous.starts.partition_point(|&s| s < same_start.max(1));
        let after = (previous.starts).partition_point(|&s| s <= previous.len - same_end);
        let mut starts = Vec::with_capacity(previous.starts.len() + 1);
        starts.extend_from_slice(&previous.starts[..before]);
        starts.extend((same_start.max(1)..=changed_end).filter(|&s| starts_at(s)));
        let moved = |&s: &usize| s + text.len() - previous.len;
        starts.extend(previous.starts[after..].iter().map(moved));
        LineIndex {
            starts,
            len: text.len(),
            utf16: OnceLock::new(),
        }
    }

    /// UTF-16 code units in `text[..offset]` (`offset` a char boundary): from the checkpoint
    /// before it, at most [`CHECKPOINT`] bytes read.
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let counts = self.utf16.get_or_init(|| {
            (!text.is_ascii()).then(|| {
                let mut total = 0;
                let mut from = 0;
                (0..=text.len() / CHECKPOINT)
                    .map(|k| {
                        let to = floor_char_boundary(text, k * CHECKPOINT);
                        total += utf16_len(&text[from..to]);
                        from = to;
                        total
                    })
                    .collect()
            })
        });
        let Some(counts) = counts else {
            return offset;
        };
        let k = offset / CHECKPOINT;
        counts[k] + utf16_len(&text[floor_char_boundary(text, k * CHECKPOINT)..offset])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Start offset of a zero-based line, clamped to the text.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Zero-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// End of a line's content, before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next;
        if end > self.line_start(line) && end <= bytes.len() && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > self.line_start(line) && end <= bytes.len() && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    /// Line and column of a byte offset; offsets inside a character snap to its start.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 if offset - start <= CHECKPOINT => utf16_len(&text[start..offset]),
            Encoding::Utf16 => self.utf16_before(text, offset) - self.utf16_before(text, start),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Byte offset of a line and column, clamped as the LSP specification asks: a line past the
    /// end means the end of the text, a column past the line's end means the line's end, and a
    /// column inside a character snaps to that character's start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.line_start(line);
        let end = self.line_end(text, line);
        let mut remaining = pos.col as usize;
        for (i, ch) in text[start..end].char_indices() {
            let w = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
            if remaining < w {
                return start + i;
            }
            remaining -= w;
        }
        end
    }
}

/// UTF-16 code units of `s`: a unit per character, two for those of four bytes in UTF-8.
fn utf16_len(s: &str) -> usize {
    let chars = s.bytes().filter(|&b| (b as i8) >= -0x40).count();
    chars + s.bytes().filter(|&b| b >= 0xF0).count()
}

/// The largest char boundary not after `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A one-line excerpt of at most `max` characters, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{} …", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("Welcomes the report", 40), "Welcomes the report");
        assert_eq!(
            excerpt("Welcomes the report of the Secretary-General", 20),
            "Welcomes the report …"
        );
    }

    proptest::proptest! {
        /// Lines taken from the previous version around an edit are the lines a full reading
        /// finds, wherever the edit falls among "\r", "\n" and "\r\n".
        #[test]
        fn lines_reused_around_an_edit_are_the_lines_read_afresh(
            old in "[a\r\né]{0,40}",
            at in 0usize..41,
            removed in 0usize..6,
            inserted in "[a\r\né]{0,5}",
        ) {
            let at = floor_char_boundary(&old, at.min(old.len()));
            let end = floor_char_boundary(&old, (at + removed).min(old.len()));
            let new = format!("{}{inserted}{}", &old[..at], &old[end..]);
            let same_start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
            let rest = (old.len() - same_start).min(new.len() - same_start);
            let same_end = (old.bytes().rev().zip(new.bytes().rev()))
                .take_while(|(a, b)| a == b)
                .count()
                .min(rest);
            let reused = LineIndex::reusing(&LineIndex::new(&old), &new, same_start, same_end);
            proptest::prop_assert_eq!(reused.starts, LineIndex::new(&new).starts);
        }
    }

    #[test]
    fn lsp_line_breaks_only() {
        let text = "a\r\nb\rc\nd\u{2028}e\u{c}f";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_end(text, 0), 1);
        assert_eq!(&text[idx.line_start(3)..], "d\u{2028}e\u{c}f");
    }

    #[test]
    fn utf16_columns_far_into_a_long_line() {
        let line = "aé😀—".repeat(3000);
        let text = format!("first\n{line}\nlast");
        let idx = LineIndex::new(&text);
        let start = idx.line_start(1);
        for (i, _) in text[start..].char_indices().step_by(97) {
            let counted = text[start..start + i].encode_utf16().count() as u32;
            assert_eq!(
                idx.position(&text, start + i, Encoding::Utf16),
                LineCol {
                    line: 1,
                    col: counted
                }
            );
        }
    }

    #[test]
    fn utf16_columns_and_clamping() {
        let text = "é😀x\nnext";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, Encoding::Utf16),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            idx.position(text, x, Encoding::Utf8),
            LineCol { line: 0, col: 6 }
        );
        // A column inside the surrogate pair snaps to the emoji's start.
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16),
            2
        );
        // Past the line end clamps to the line end; past the last line to the text end.
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            x + 1
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            text.len()
        );
    }
}
