//! Text synchronisation: LSP positions on a rope and incremental changes.

use crate::source::Encoding;
use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

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
}
