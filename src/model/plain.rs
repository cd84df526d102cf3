//! Plain text of a paragraph with a map back to source offsets.
//!
//! Parsers strip markup (`*italics*`, `<sup>N</sup>`, glued ODS footnote digits, link wrappers)
//! and join paragraphs split by page breaks. Rules read the plain text and report spans that
//! [`PlainText::source_span`] maps back into the original document.

use crate::source::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainText {
    text: String,
    /// Source offset of every byte of `text`, plus one entry for the end.
    map: Vec<usize>,
}

impl PlainText {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Source offset of a plain-text offset (the end maps to just after the last source byte).
    pub fn source_offset(&self, plain: usize) -> usize {
        self.map
            .get(plain.min(self.text.len()))
            .copied()
            .unwrap_or_default()
    }

    /// Source span of a plain-text span. The end maps to just after the last included byte, so
    /// markup stripped after the span is not included.
    pub fn source_span(&self, plain: Span) -> Span {
        let start = self.source_offset(plain.start);
        let end = if plain.end > plain.start {
            self.map[plain.end - 1] + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }
}

/// Accumulates a [`PlainText`] from pieces of the source.
#[derive(Default)]
pub struct PlainBuilder {
    out: PlainText,
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
        self.out.map.extend(std::iter::repeat_n(at, text.len()));
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
            self.out.map[trimmed]
        } else {
            end
        };
        self.out.text.truncate(trimmed);
        self.out.map.truncate(trimmed);
        self.out.map.push(end);
        self.out
    }
}

impl PlainText {
    /// Appends `other` after a joining space that maps to `other`'s first source byte; used
    /// for paragraphs that a page break split in two.
    pub fn join(&mut self, other: &PlainText) {
        let end = self.map.pop().unwrap_or_default();
        if !self.text.is_empty() && !other.text.is_empty() {
            self.text.push(' ');
            self.map.push(other.map.first().copied().unwrap_or(end));
        }
        self.text.push_str(&other.text);
        self.map.extend_from_slice(&other.map);
        if other.map.is_empty() {
            self.map.push(end);
        }
    }
}
