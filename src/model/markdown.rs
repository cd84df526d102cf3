//! Markdown drafts: `*italic*` openings, `<sup>N</sup>` or `[^N]` markers, footnote bodies
//! (`<sup>N</sup> text` or `[^N]: text`) interleaved after `---` page breaks.

use super::block::{Block, BlockKind, Blocks, Directive, DirectiveKind, RawMarker, line_span};
use super::plain::PlainBuilder;
use super::reuse::{Resume, Reuse};
use super::scan_label;
use crate::source::{LineIndex, Span};
use regex::Regex;
use std::sync::LazyLock;

static FOOTNOTE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:<sup>\s*(\d{1,4})\s*</sup>|\[\^(\d{1,4})\]:)[ \t]*").unwrap()
});
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--\s*resolute-(disable-next-line|disable|enable)\b([^>]*?)-->\s*$").unwrap()
});
static TRAILING_MARKERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:<sup>[^<]*</sup>|\[\^\d+\])+$").unwrap());
static PAGE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$").unwrap());

/// A line of the source: its span without the line break.
#[derive(Clone, Copy)]
struct Line {
    span: Span,
}

/// `idx` indexes the lines of `text`; `reuse` holds the blocks of the previous version. Only
/// the lines around an edit are read: reading starts at the last line before it where no
/// lines were gathered into a paragraph, and ends at the first after it where the previous
/// version's reading was in the same state ([`Resume`]).
pub fn parse(text: &str, idx: &LineIndex, reuse: &mut Reuse) -> Blocks {
    let mut out = Blocks {
        blocks: Vec::with_capacity(reuse.previous_blocks()),
        ..Blocks::default()
    };
    let (first, mut after_break) = reuse.resume(idx, &mut out);
    let mut group: Vec<Line> = Vec::new();
    for n in first..idx.line_count() {
        if group.is_empty() {
            let point = Resume {
                at: idx.line_start(n),
                line: n,
                after_break,
                blocks: out.blocks.len(),
                directives: out.directives.len(),
            };
            if reuse.reached(text, point, &mut out) {
                return out;
            }
        }
        let line = Line {
            span: line_span(text, idx, n),
        };
        let s = &text[line.span.range()];
        let trimmed = s.trim();
        let page_break = is_page_break(s);
        let flush = trimmed.is_empty()
            || page_break
            || ends_footnote(text, &group, trimmed)
            || starts_paragraph(text, &group, trimmed)
            || trimmed.starts_with("<!--")
            || trimmed.starts_with('#')
            || is_footnote_body(s);
        if flush && !group.is_empty() {
            push_group(text, &group, &mut after_break, &mut out, reuse);
            group.clear();
        }
        if trimmed.is_empty() {
            continue;
        }
        if page_break {
            after_break = true;
        } else if trimmed.starts_with("<!--") {
            if let Some(d) = directive(s, line.span, n) {
                out.directives.push(d);
            }
        } else if trimmed.starts_with('#') {
            let heading = || heading_block(text, line.span, after_break);
            let block = reuse.block(text, (line.span, after_break.into()), heading);
            out.blocks.push(block);
        } else {
            group.push(line);
        }
    }
    if !group.is_empty() {
        push_group(text, &group, &mut after_break, &mut out, reuse);
    }
    out
}

/// A thematic break (`---`, `***`, `___`): the regex runs only on a line that opens with
/// three of those marks, not on every line of every keystroke.
fn is_page_break(line: &str) -> bool {
    let marks = line.trim_start();
    ["---", "***", "___"].iter().any(|m| marks.starts_with(m)) && PAGE_BREAK.is_match(line)
}

/// A `#` heading line.
fn heading_block(text: &str, line: Span, after_break: bool) -> Block {
    let s = &text[line.range()];
    let trimmed = s.trim();
    let content = trimmed.trim_start_matches('#').trim_start();
    let offset = line.start + (s.len() - s.trim_start().len()) + (trimmed.len() - content.len());
    let segments = [Span::new(offset, line.end)];
    inline_block(text, BlockKind::Heading, &segments, line, after_break)
}

/// The start of a footnote body (`<sup>4</sup>` or `[^4]:`) on a line. Most lines start with
/// neither `<` nor `[`, and are ruled out without running the regex.
fn footnote_body(line: &str) -> Option<regex::Captures<'_>> {
    line.starts_with(['<', '['])
        .then(|| FOOTNOTE_BODY.captures(line))
        .flatten()
}

/// Whether a footnote body starts on the line: [`footnote_body`] without the cost of its
/// captures, for the lines of every keystroke.
fn is_footnote_body(line: &str) -> bool {
    line.starts_with(['<', '[']) && FOOTNOTE_BODY.is_match(line)
}

/// A footnote body ends where a numbered or italic-opened paragraph starts, even without a
/// blank line between them.
fn ends_footnote(text: &str, group: &[Line], line: &str) -> bool {
    let in_footnote = group
        .first()
        .is_some_and(|l| is_footnote_body(&text[l.span.range()]));
    in_footnote
        && (scan_label(line).is_some() || (line.starts_with('*') && !line.starts_with("**")))
}

/// A numbered paragraph or subparagraph on the line after a finished sentence starts a new
/// paragraph even without a blank line between them (a slip seen in converted texts).
fn starts_paragraph(text: &str, group: &[Line], line: &str) -> bool {
    let previous_ended = group.last().is_some_and(|l| {
        let line = text[l.span.range()].trim_end();
        let line = TRAILING_MARKERS
            .find(line)
            .map_or(line, |m| &line[..m.start()]);
        line.ends_with([';', '.', ':', ','])
    });
    previous_ended && scan_label(line).is_some()
}

fn directive(line: &str, span: Span, n: usize) -> Option<Directive> {
    let caps = DIRECTIVE.captures(line.trim())?;
    let kind = match &caps[1] {
        "disable" => DirectiveKind::Disable,
        "enable" => DirectiveKind::Enable,
        _ => DirectiveKind::DisableNextLine,
    };
    let rules = caps[2]
        .split([',', ' '])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        kind,
        rules,
        span,
        line: n,
    })
}

/// Turns a group of consecutive non-blank lines into a block.
fn push_group(
    text: &str,
    group: &[Line],
    after_break: &mut bool,
    out: &mut Blocks,
    reuse: &mut Reuse,
) {
    let whole = group[0].span.cover(group[group.len() - 1].span);
    let read = || group_block(text, group, whole, *after_break);
    let state = (whole, (*after_break).into());
    let block = reuse.block(text, state, read);
    // A footnote body leaves the page break to the paragraph it interrupts.
    if !matches!(block.kind, BlockKind::FootnoteBody { .. }) {
        *after_break = false;
    }
    out.blocks.push(block);
}

/// The block of a group of lines, which span `whole`.
fn group_block(text: &str, group: &[Line], whole: Span, after_break: bool) -> Block {
    let first = group[0].span;
    let first_src = &text[first.range()];
    if let Some(caps) = footnote_body(first_src) {
        let num = caps.get(1).or(caps.get(2)).unwrap();
        let number = num.as_str().parse().unwrap_or(0);
        let number_span = Span::new(first.start + num.start(), first.start + num.end());
        let mut segments = vec![Span::new(first.start + caps[0].len(), first.end)];
        segments.extend(group[1..].iter().map(|l| l.span));
        return inline_block(
            text,
            BlockKind::FootnoteBody {
                number,
                number_span,
            },
            &segments,
            whole,
            false,
        );
    }
    let indent = first_src.len() - first_src.trim_start().len();
    let label = scan_label(&first_src[indent..]);
    let label_end = label.as_ref().map_or(indent, |(_, _, end)| indent + end);
    let mut segments = vec![Span::new(first.start + label_end, first.end)];
    segments.extend(group[1..].iter().map(|l| l.span));
    let mut block = inline_block(text, BlockKind::Text, &segments, whole, after_break);
    block.label = label.map(|(value, range, _)| {
        (
            value.into(),
            Span::new(
                first.start + indent + range.start,
                first.start + indent + range.end,
            ),
        )
    });
    if block.label.is_none() && is_bold_line(&text[whole.range()]) {
        block.kind = BlockKind::Heading;
    }
    block
}

fn is_bold_line(s: &str) -> bool {
    let t = s.trim();
    t.len() > 4 && t.starts_with("**") && t.ends_with("**") && !t[2..t.len() - 2].contains("**")
}

/// Builds a block from source segments, stripping inline Markdown.
fn inline_block(
    text: &str,
    kind: BlockKind,
    segments: &[Span],
    span: Span,
    after_page_break: bool,
) -> Block {
    let mut inline = Inline::default();
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 && !inline.plain.is_empty() && !inline.plain.ends_with_space() {
            inline.plain.push_synthetic(" ", seg.start);
        }
        inline.scan(text, *seg);
    }
    let end = segments.last().map_or(span.end, |s| s.end);
    let text = inline.plain.finish(end);
    // `finish` trims trailing whitespace, which an italic run or a marker may have ended on.
    let len = text.len();
    let italics = inline
        .italics
        .into_iter()
        .map(|s| Span::new(s.start.min(len), s.end.min(len)))
        .filter(|s| !s.is_empty())
        .collect();
    let mut markers = inline.markers;
    for m in &mut markers {
        m.plain_at = m.plain_at.min(len);
    }
    Block {
        kind,
        span,
        label: None,
        text,
        markers,
        italics,
        after_page_break,
    }
}

static SUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^<sup>([^<]{0,40})</sup>").unwrap());
static SUP_NUMBERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{1,4}(?:\s*,\s*\d{1,4})*\s*$").unwrap());
static CARET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[\^(\d{1,4})\]").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[([^\]\[]*)\]\([^)\s]*\)").unwrap());
static BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^<br\s*/?>").unwrap());

/// Finds the bytes that may start inline markup (`<`, `[`, `*`, `\\`, `_`) with two vectorised
/// searches, the frequent bytes and the rare ones, each result kept until scanning passes it.
struct MarkupBytes<'t> {
    bytes: &'t [u8],
    frequent: Option<usize>,
    rare: Option<usize>,
}

impl<'t> MarkupBytes<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        MarkupBytes {
            bytes,
            frequent: None,
            rare: None,
        }
    }

    /// The first markup byte at or after `from`, or the end of the bytes.
    fn next(&mut self, from: usize) -> usize {
        let end = self.bytes.len();
        let tail = &self.bytes[from..];
        if self.frequent.is_none_or(|at| at < from) {
            self.frequent = Some(memchr::memchr3(b'<', b'[', b'*', tail).map_or(end, |n| from + n));
        }
        if self.rare.is_none_or(|at| at < from) {
            self.rare = Some(memchr::memchr2(b'\\', b'_', tail).map_or(end, |n| from + n));
        }
        self.frequent.min(self.rare).unwrap_or(end)
    }
}

#[derive(Default)]
struct Inline {
    plain: PlainBuilder,
    markers: Vec<RawMarker>,
    italics: Vec<Span>,
    italic_open: Option<usize>,
}

impl Inline {
    fn scan(&mut self, text: &str, seg: Span) {
        // Two trailing spaces are a Markdown hard break, not content.
        let end = seg.start + text[seg.range()].trim_end().len();
        let mut markup = MarkupBytes::new(&text.as_bytes()[..end]);
        let mut i = seg.start;
        while i < end {
            // Text between markup characters is copied in one piece, not char by char.
            let next = markup.next(i);
            self.plain.push_source(text, Span::new(i, next));
            i = if next < end {
                self.markup(text, next, end)
            } else {
                end
            };
        }
    }

    /// Reads the markup character at `i` and returns where scanning resumes; a character that
    /// turns out not to be markup is copied as text.
    fn markup(&mut self, text: &str, i: usize, end: usize) -> usize {
        let rest = &text[i..end];
        let bytes = rest.as_bytes();
        let consumed = match bytes[0] {
            b'<' => self.tag(text, i, rest),
            b'[' => self.bracket(text, i, rest),
            b'\\' if bytes.len() > 1 && bytes[1].is_ascii_punctuation() => {
                self.plain.push_source(text, Span::new(i + 1, i + 2));
                Some(2)
            }
            b'*' => {
                let run = bytes.iter().take_while(|&&b| b == b'*').count();
                if run % 2 == 1 {
                    self.toggle_italic();
                }
                Some(run)
            }
            b'_' if self.underscore_is_emphasis(text, i, end) => {
                self.toggle_italic();
                Some(1)
            }
            _ => None,
        };
        if let Some(n) = consumed {
            return i + n;
        }
        self.plain.push_source(text, Span::new(i, i + 1));
        i + 1
    }

    /// `<sup>…</sup>` (markers, or superscript text kept as text) and `<br>`: the length read.
    fn tag(&mut self, text: &str, i: usize, rest: &str) -> Option<usize> {
        if let Some(caps) = SUP.captures(rest) {
            let inner = caps.get(1).unwrap();
            if SUP_NUMBERS.is_match(inner.as_str()) {
                self.sup_markers(i, inner.start(), inner.as_str(), caps[0].len());
            } else {
                self.plain
                    .push_source(text, Span::new(i + 5, i + 5 + inner.len()));
            }
            return Some(caps[0].len());
        }
        let m = BREAK_TAG.find(rest)?;
        self.plain.push_synthetic(" ", i);
        Some(m.len())
    }

    /// `[^N]` markers and `[text](url)` links (their text is read): the length read.
    fn bracket(&mut self, text: &str, i: usize, rest: &str) -> Option<usize> {
        if let Some(caps) = CARET.captures(rest) {
            let m = caps.get(1).unwrap();
            self.markers.push(RawMarker {
                number: m.as_str().parse().unwrap_or(0),
                span: Span::new(i, i + caps[0].len()),
                number_span: Span::new(i + m.start(), i + m.end()),
                plain_at: self.plain.len(),
            });
            return Some(caps[0].len());
        }
        let caps = LINK.captures(rest)?;
        let inner = caps.get(1).unwrap();
        self.scan(text, Span::new(i + 1, i + 1 + inner.len()));
        Some(caps[0].len())
    }

    fn sup_markers(&mut self, at: usize, inner_start: usize, inner: &str, whole: usize) {
        let mut offset = 0;
        for part in inner.split(',') {
            let digits = part.trim();
            let lead = part.len() - part.trim_start().len();
            let start = at + inner_start + offset + lead;
            self.markers.push(RawMarker {
                number: digits.parse().unwrap_or(0),
                span: Span::new(at, at + whole),
                number_span: Span::new(start, start + digits.len()),
                plain_at: self.plain.len(),
            });
            offset += part.len() + 1;
        }
    }

    fn toggle_italic(&mut self) {
        match self.italic_open.take() {
            Some(start) => self.italics.push(Span::new(start, self.plain.len())),
            None => self.italic_open = Some(self.plain.len()),
        }
    }

    fn underscore_is_emphasis(&self, text: &str, i: usize, end: usize) -> bool {
        let before = text[..i].chars().next_back();
        let after = text[i + 1..end].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if self.italic_open.is_some() {
            !word(after)
        } else {
            !word(before) && after.is_some_and(|c| !c.is_whitespace())
        }
    }
}
