//! Words of running text for [`super::mentions`], which scans every paragraph of a draft on
//! every keystroke.
//!
//! [`for_each_run`] finds where words may be 64 bytes at a time with bit masks, several times
//! faster than deciding byte by byte; [`Words`] then reads exact words (runs of alphanumeric
//! characters) only where a run holds non-ASCII bytes and where a match looks ahead.

use std::ops::Range;

/// Byte ranges of a text's words (runs of alphanumeric characters), leaving out "the" as
/// [`crate::model::instrument::normalize`] does.
pub(super) struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    /// The words of `text` from byte `at` (a character boundary) on.
    pub(super) fn from(text: &'a str, at: usize) -> Words<'a> {
        Words { text, at }
    }

    /// The words inside `run`, which starts and ends on word boundaries.
    pub(super) fn within(text: &'a str, run: Range<usize>) -> Words<'a> {
        Words::from(&text[..run.end], run.start)
    }

    /// Moves past the characters that are (or are not) alphanumeric; returns where it stops.
    /// ASCII bytes, nearly all of a draft, are judged without decoding a character.
    fn skip(&mut self, alphanumeric: bool) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            let (is_alphanumeric, len) = if byte.is_ascii() {
                (byte.is_ascii_alphanumeric(), 1)
            } else {
                let c = self.text[self.at..]
                    .chars()
                    .next()
                    .expect("a character boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            if is_alphanumeric != alphanumeric {
                break;
            }
            self.at += len;
        }
        self.at
    }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        loop {
            let start = self.skip(false);
            if start == self.text.len() {
                return None;
            }
            let end = self.skip(true);
            if !self.text[start..end].eq_ignore_ascii_case("the") {
                return Some(start..end);
            }
        }
    }
}

/// Appends `word` in lower case, as `str::to_lowercase` writes it; an ASCII word (nearly
/// every word) without a copy of its own.
pub(crate) fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Calls `f` with each word of `text` (as [`Words`] gives them) and whether it is ASCII, reading
/// character by character only inside runs with non-ASCII bytes.
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>, bool)) {
    for_each_run(text, |run, ascii| {
        if !ascii {
            Words::within(text, run).for_each(|word| {
                let ascii = text[word.clone()].is_ascii();
                f(word, ascii);
            });
        } else if !text[run.clone()].eq_ignore_ascii_case("the") {
            f(run, true);
        }
    });
}

/// Calls `f` with each maximal run of bytes that may belong to words, and whether it is all
/// ASCII. Such bytes are ASCII letters and digits, and every non-ASCII byte (whether its
/// character is alphanumeric is left to [`Words`]), so an ASCII run is exactly one word and
/// every word lies inside one run.
pub(super) fn for_each_run(text: &str, mut f: impl FnMut(Range<usize>, bool)) {
    // A run going on past the block: its start, and whether it has non-ASCII bytes so far.
    let mut open: Option<(usize, bool)> = None;
    let mut carry = 0;
    for (base, block) in blocks(text.as_bytes()) {
        let (word, non_ascii) = masks(&block);
        let after_word_byte = word << 1 | carry;
        let mut starts = word & !after_word_byte;
        let mut ends = !word & after_word_byte;
        carry = word >> 63;
        // Starts and ends alternate: each end closes the run open before it.
        while ends != 0 {
            let end = take_lowest(&mut ends);
            let (start, from, earlier_non_ascii) = match open.take() {
                Some((start, seen)) => (start, 0, seen),
                None => {
                    let from = take_lowest(&mut starts);
                    (base + from, from, false)
                }
            };
            let own_non_ascii = non_ascii & low_bits(end) & !low_bits(from);
            f(start..base + end, !earlier_non_ascii && own_non_ascii == 0);
        }
        if starts != 0 {
            let from = take_lowest(&mut starts);
            open = Some((base + from, non_ascii & !low_bits(from) != 0));
        } else if let Some((_, seen)) = &mut open {
            *seen |= non_ascii != 0;
        }
    }
    if let Some((start, seen)) = open {
        f(start..text.len(), !seen);
    }
}

/// The text 64 bytes at a time with their offsets, the last block padded with NUL, which ends a
/// run like any punctuation.
fn blocks(bytes: &[u8]) -> impl Iterator<Item = (usize, [u8; 64])> {
    bytes.chunks(64).enumerate().map(|(i, chunk)| {
        let mut block = [0; 64];
        block[..chunk.len()].copy_from_slice(chunk);
        (64 * i, block)
    })
}

/// The bits below bit `n` (below 64).
fn low_bits(n: usize) -> u64 {
    (1 << n) - 1
}

/// Clears the lowest set bit of `bits`, returning its position.
fn take_lowest(bits: &mut u64) -> usize {
    let at = bits.trailing_zeros() as usize;
    *bits &= *bits - 1;
    at
}

/// Bit `i` of the first mask is set when byte `i` of the block may belong to a word, of the
/// second when it is not ASCII. Works on eight bytes at a time in a `u64` (SWAR).
fn masks(block: &[u8; 64]) -> (u64, u64) {
    block
        .chunks_exact(8)
        .enumerate()
        .map(|(i, eight)| {
            let bytes = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            let shift = 8 * i;
            (
                gather_high_bits(word_bytes(bytes)) << shift,
                gather_high_bits(bytes & HIGH_BITS) << shift,
            )
        })
        .fold((0, 0), |(word, non_ascii), (w, n)| {
            (word | w, non_ascii | n)
        })
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is an ASCII letter or digit, or not ASCII.
fn word_bytes(x: u64) -> u64 {
    let ascii = x & !HIGH_BITS;
    let letters = between(ascii | (ONES * 0x20), b'a', b'z');
    between(ascii, b'0', b'9') | letters | (x & HIGH_BITS)
}

/// The high bit of each byte of `ascii` (all below 0x80) that lies in `low..=high`: adding
/// `0x80 - low` sets a byte's high bit when it is at least `low`, adding `0x7f - high` when it
/// is above `high`, and neither sum carries into the next byte.
fn between(ascii: u64, low: u8, high: u8) -> u64 {
    let at_least_low = ascii + ONES * u64::from(0x80 - low);
    let above_high = ascii + ONES * u64::from(0x7f - high);
    at_least_low & !above_high & HIGH_BITS
}

/// Packs the high bits of the eight bytes into the low eight bits, byte order kept: the
/// multiplication moves bit `8k` of the shifted value to bit `56 + k`, with no two partial
/// products on the same bit.
fn gather_high_bits(high: u64) -> u64 {
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs as the byte-by-byte definition gives them.
    fn runs_by_bytes(text: &str) -> Vec<(Range<usize>, bool)> {
        let word = |b: &u8| b.is_ascii_alphanumeric() || !b.is_ascii();
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(start) = bytes[at..].iter().position(word).map(|i| at + i) {
            let end = bytes[start..]
                .iter()
                .position(|b| !word(b))
                .map_or(bytes.len(), |i| start + i);
            out.push((start..end, bytes[start..end].is_ascii()));
            at = end;
        }
        out
    }

    fn runs(text: &str) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        for_each_run(text, |run, ascii| out.push((run, ascii)));
        out
    }

    proptest! {
        #[test]
        fn runs_as_bytes_give_them(text in "[aZ09 ,./:@`\\[{~\u{7f}é“\u{a0}–Жk]{0,300}") {
            prop_assert_eq!(runs(&text), runs_by_bytes(&text));
        }
    }

    /// Words as the character-by-character definition gives them.
    fn words_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    out.push(from..at);
                    start = None;
                }
                _ => {}
            }
        }
        out.retain(|w| !text[w.clone()].eq_ignore_ascii_case("the"));
        out
    }

    fn words(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for_each_word(text, |word, ascii| {
            assert_eq!(ascii, text[word.clone()].is_ascii());
            out.push(word);
        });
        out
    }

    proptest! {
        #[test]
        fn words_found_by_runs_are_the_words(text in "[aZ09 ,.theTHE\u{7f}é“\u{a0}–Ж²]{0,200}") {
            prop_assert_eq!(words(&text), words_by_chars(&text));
        }

        #[test]
        fn words_are_runs_of_alphanumeric_characters(text in "[aZ09 ,.theTHE\u{7f}é“\u{a0}–Ж²]{0,200}") {
            prop_assert_eq!(Words::from(&text, 0).collect::<Vec<_>>(), words_by_chars(&text));
        }
    }

    #[test]
    fn runs_across_blocks() {
        let long = "a".repeat(130);
        let texts = [
            String::new(),
            "the Convention, (SAMOA) Pathway — 2015–2030; “Nouméa” Accord".to_string(),
            format!("{}é{long} “x", "b".repeat(62)),
            format!("{}“", "c".repeat(63)),
            format!("x {long} y"),
            format!("{long}!"),
            "z".repeat(64),
            format!("{} word", " ".repeat(63)),
            "@[`{/:09AZaz\u{7f}".to_string(),
        ];
        for text in &texts {
            assert_eq!(runs(text), runs_by_bytes(text));
        }
    }

    #[test]
    fn words_leave_out_the() {
        let text = "The Convention on the Rights of THE Child, Nouméa";
        let words: Vec<&str> = Words::from(text, 0).map(|r| &text[r]).collect();
        assert_eq!(
            words,
            ["Convention", "on", "Rights", "of", "Child", "Nouméa"]
        );
    }
}
