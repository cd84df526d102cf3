//! The format-neutral intermediate form: a draft as a sequence of blocks.
//!
//! Each format parser (`markdown`, `ods`) turns lines into [`Block`]s; `structure` then builds
//! the document model from blocks alone, so the rules of UN drafting live in one place.

use super::plain::PlainText;
use crate::source::{LineIndex, Span};
use std::sync::Arc;

/// Line `line` of `text` without its break. A byte order mark (which an editor may send, and
/// which stays in the text so that spans keep their offsets) is no part of the first line.
pub fn line_span(text: &str, idx: &LineIndex, line: usize) -> Span {
    let start = match idx.line_start(line) {
        0 if text.starts_with('\u{FEFF}') => '\u{FEFF}'.len_utf8(),
        start => start,
    };
    Span::new(start, idx.line_end(text, line).max(start))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text (indented in ODS text).
    Text,
    /// A line that stands alone: Markdown heading or bold line, unindented ODS line.
    Heading,
    /// A footnote body, with its number.
    FootnoteBody { number: u32, number_span: Span },
}

/// A footnote marker in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawMarker {
    pub number: u32,
    /// The marker in the source (`<sup>4</sup>`, `[^4]` or the glued digits).
    pub span: Span,
    /// The digits alone.
    pub number_span: Span,
    /// Offset in the block's plain text where the marker stood.
    pub plain_at: usize,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// Source span of the whole block, label included.
    pub span: Span,
    /// Paragraph label as written (`12`, `5 bis`, `(a)`, `PP 3`), with its span. Shared, as are the
    /// italics: keeping a block for the next keystroke and moving it there copies neither.
    pub label: Option<(Arc<str>, Span)>,
    /// Text after the label, markup stripped.
    pub text: PlainText,
    pub markers: Vec<RawMarker>,
    /// Italic ranges in `text` (Markdown only).
    pub italics: Arc<[Span]>,
    /// Whether this block follows a page break and may continue the previous paragraph.
    pub after_page_break: bool,
}

impl Block {
    /// Moves every source offset from `from` to `to` (offset `from + k` becomes `to + k`): a
    /// paragraph read at one place, standing at another. What is shared stays shared.
    pub fn shift(&mut self, from: usize, to: usize) {
        let shift = |s: &mut Span| *s = Span::new(s.start - from + to, s.end - from + to);
        if let BlockKind::FootnoteBody { number_span, .. } = &mut self.kind {
            shift(number_span);
        }
        shift(&mut self.span);
        if let Some((_, span)) = &mut self.label {
            shift(span);
        }
        for marker in &mut self.markers {
            shift(&mut marker.span);
            shift(&mut marker.number_span);
        }
        self.text = std::mem::take(&mut self.text).moved(from, to);
    }
}

/// A `<!-- resolute-… -->` comment in Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub rules: Vec<String>,
    pub span: Span,
    /// Zero-based line of the comment.
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
}

/// A block as a parse hands it on: its own when nothing keeps it (a check), else shared with
/// the [`super::reuse::BlockCache`] that keeps it for the next parse (an editor). A check's
/// blocks stay in one list rather than one allocation each, which a draft of a hundred
/// thousand footnotes left scattered over the heap (11 MB more at its peak).
pub enum ParsedBlock {
    Own(Block),
    Kept(Arc<Block>),
}

impl std::ops::Deref for ParsedBlock {
    type Target = Block;

    fn deref(&self) -> &Block {
        match self {
            ParsedBlock::Own(block) => block,
            ParsedBlock::Kept(block) => block,
        }
    }
}

/// What a format parser hands to the structure builder.
#[derive(Default)]
pub struct Blocks {
    pub blocks: Vec<ParsedBlock>,
    pub directives: Vec<Directive>,
    /// Document symbol found in format-specific places (ODS job trailer).
    pub symbol: Option<String>,
}
