//! The document model: a draft resolution read into its parts, each with its byte span.
//!
//! Nothing here knows about LSP or the command line. [`Document::parse`] detects the format,
//! runs the format parser (`markdown` or `ods`) to get [`block::Block`]s, and `structure`
//! assembles sections, paragraphs, markers and footnotes from them.

mod block;
pub mod citation;
pub mod instrument;
mod markdown;
mod ods;
mod organ;
pub mod plain;
mod reuse;
mod structure;

pub use block::{Directive, DirectiveKind};
pub use organ::Body;
use plain::PlainText;
use regex::Regex;
pub use reuse::{BlockCache, PlaceCache};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};
pub use structure::{index_u32, to_roman};

use crate::source::{LineIndex, Span};

/// The two formats drafts come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    /// ODS plain text, as exported by the UN Official Document System.
    Ods,
}

impl Format {
    /// From the file extension, else from the content.
    pub fn detect(path: Option<&Path>, text: &str) -> Format {
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
            Some("txt" | "text") => Format::Ods,
            _ => Self::sniff(text),
        }
    }

    fn sniff(text: &str) -> Format {
        let head = &text[..crate::source::floor_char_boundary(text, 20_000)];
        let markdown = ["<sup>", "[^", "\n*", "\n# ", "\n## "]
            .iter()
            .any(|m| head.contains(m));
        let tabbed = head.lines().filter(|l| l.starts_with('\t')).count();
        if !markdown && tabbed >= 2 {
            Format::Ods
        } else {
            Format::Markdown
        }
    }
}

/// A resolution's body or one of its annexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Resolution,
    Annex,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub kind: SectionKind,
    /// "A", "B" for multi-part resolutions; "I", "II" for annexes.
    pub label: Option<String>,
    /// The "Annex I" or "B" heading.
    pub heading: Option<Span>,
    /// "The General Assembly," and the like.
    pub organ: Option<Organ>,
    /// Indices into [`Document::paragraphs`].
    pub paragraphs: Range<usize>,
    pub closing: Option<Closing>,
}

#[derive(Clone, Debug)]
pub struct Organ {
    pub span: Span,
    /// "General Assembly", "Security Council", …
    pub name: String,
}

/// The meeting line and the date under it.
#[derive(Clone, Debug)]
pub struct Closing {
    pub meeting: Span,
    pub date: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphKind {
    Preambular,
    Operative,
    /// `(a)`, `(i)`, … under a paragraph or another subparagraph.
    Subparagraph,
    /// A heading inside a section ("I", "Introduction", "Article 1").
    Heading,
    /// Unclassified text, such as annex paragraphs without a number.
    Other,
}

/// Paragraph labels: operative numbers, negotiation labels and subparagraph letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelValue {
    /// `12`, or a negotiation label `5 bis`, `[5 alt]`, `OP 5` (suffix, or the whole label,
    /// kept).
    Number {
        value: u32,
        suffix: Option<Box<str>>,
    },
    /// `(a)` = 1 … `(z)` = 26, `(aa)` = 27 …
    Letter(u32),
    /// `(i)` = 1, `(ii)` = 2 …
    Roman(u32),
}

#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub text: Arc<str>,
    pub value: LabelValue,
}

impl Label {
    pub fn number(&self) -> Option<u32> {
        match &self.value {
            LabelValue::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// A negotiation text's label of a preambular paragraph ("PP 3"), which numbers no
    /// operative paragraph.
    pub fn is_preambular(&self) -> bool {
        self.text.starts_with("PP ")
    }

    pub fn is_negotiation(&self) -> bool {
        matches!(
            &self.value,
            LabelValue::Number {
                suffix: Some(_),
                ..
            }
        )
    }
}

#[derive(Clone, Debug)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    /// Whole paragraph in the source, label included; spans page breaks when split by one.
    pub span: Span,
    pub label: Option<Label>,
    /// Text after the label, without markup or markers.
    pub text: PlainText,
    /// Italic ranges of `text` (Markdown).
    pub italics: Arc<[Span]>,
    /// Nesting depth: 0 for paragraphs, 1 for `(a)`, 2 for `(i)` under `(a)`, …
    pub depth: u8,
    /// Narrower than an index: a draft may have a paragraph every 70 bytes (issue 14).
    parent: Option<u32>,
    section: u32,
    /// Indices into [`Document::markers`].
    pub markers: Range<usize>,
}

impl Paragraph {
    /// The paragraph (index) this subparagraph belongs to.
    pub fn parent(&self) -> Option<usize> {
        self.parent.map(|p| p as usize)
    }

    /// The section (index) the paragraph belongs to.
    pub fn section(&self) -> usize {
        self.section as usize
    }

    /// The paragraph's number, for operative paragraphs.
    pub fn number(&self) -> Option<u32> {
        self.label.as_ref().and_then(Label::number)
    }

    /// The leading italic span, if the paragraph starts in italics (after any stray spaces).
    pub fn leading_italic(&self) -> Option<Span> {
        let lead = self.text.len() - self.text.as_str().trim_start().len();
        self.italics.first().copied().filter(|s| s.start <= lead)
    }
}

#[derive(Clone, Debug)]
pub struct Marker {
    pub number: u32,
    pub span: Span,
    pub number_span: Span,
    /// The paragraph it stands in; `None` in the header (a title with a marker).
    pub paragraph: Option<usize>,
    /// Offset in the paragraph's plain text where the marker stands.
    pub plain_at: usize,
}

#[derive(Clone, Debug)]
pub struct Footnote {
    pub number: u32,
    pub span: Span,
    pub number_span: Span,
    pub text: PlainText,
}

#[derive(Clone, Debug)]
pub struct Title {
    pub span: Span,
    /// "61/144" in "61/144. Trafficking in women and girls".
    pub number: Option<String>,
    pub text: String,
}

/// A parsed draft.
#[derive(Clone, Debug)]
pub struct Document {
    /// Shared with the cache of blocks a parse keeps for the next (`BlockCache`), which would
    /// otherwise copy the whole text on every keystroke.
    pub text: Arc<String>,
    pub format: Format,
    pub lines: LineIndex,
    /// Masthead and heading lines before the first organ line.
    pub header: Option<Span>,
    pub symbol: Option<String>,
    pub title: Option<Title>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    /// Markers in reading order.
    pub markers: Vec<Marker>,
    /// Footnote bodies in source order.
    pub footnotes: Vec<Footnote>,
    pub directives: Vec<Directive>,
}

impl Document {
    pub fn parse(text: String, format: Format) -> Document {
        Document::parse_reusing(text, format, None)
    }

    /// Parses, reusing the blocks that `cache` kept from the previous version where their
    /// source is unchanged, and keeping this version's for the next: an editor
    /// keeps one cache per document. The model is the one [`Document::parse`] builds.
    pub fn parse_reusing(text: String, format: Format, cache: Option<&BlockCache>) -> Document {
        let text = Arc::new(text);
        let mut reuse = reuse::Reuse::new(cache, &text, format);
        let lines = reuse.lines(&text);
        let blocks = match format {
            Format::Markdown => markdown::parse(&text, &lines, &mut reuse),
            Format::Ods => ods::parse(&text, &lines, &mut reuse),
        };
        reuse.finish(&text, &lines, &blocks.directives);
        structure::build(text, lines, format, blocks)
    }

    /// The text, taken out of the document.
    pub fn into_text(self) -> String {
        Arc::unwrap_or_clone(self.text)
    }

    /// Reads a document, detecting its format from the path and the content.
    pub fn parse_path(path: &Path, text: String) -> Document {
        let format = Format::detect(Some(path), &text);
        Document::parse(text, format)
    }

    /// The organ whose text this is: from the organ line ("The Security Council,"), else from
    /// the symbol (S/…, A/HRC/…, E/…), else from the heading ("Adopted by the Security
    /// Council at its 4385th meeting"); the General Assembly when nothing says otherwise.
    pub fn body(&self) -> Body {
        self.sections
            .iter()
            .find_map(|s| s.organ.as_ref())
            .and_then(|o| Body::from_organ(&o.name))
            .or_else(|| self.symbol.as_deref().and_then(Body::from_symbol))
            .or_else(|| {
                let header = self.slice(self.header?);
                header
                    .contains("by the Security Council")
                    .then_some(Body::SecurityCouncil)
            })
            .unwrap_or(Body::GeneralAssembly)
    }

    /// Whether this is an adopted text, not a draft: its heading says "Resolution adopted by
    /// the …" (or "Adopted by the …").
    pub fn is_adopted(&self) -> bool {
        self.header.is_some_and(|h| {
            let header = self.slice(h);
            header.contains("esolution adopted by the") || header.contains("Adopted by the")
        })
    }

    /// Whether this looks like a resolution at all (an organ line, or numbered operative
    /// paragraphs), so that editors do not lint an ordinary README.
    pub fn is_resolution(&self) -> bool {
        self.sections.iter().any(|s| s.organ.is_some())
            || self
                .paragraphs
                .iter()
                .filter(|p| p.kind == ParagraphKind::Operative && p.number().is_some())
                .count()
                >= 2
    }

    pub fn paragraph_text(&self, index: usize) -> &str {
        self.paragraphs[index].text.as_str()
    }

    /// Footnote bodies carrying `number`.
    pub fn footnotes_numbered(&self, number: u32) -> impl Iterator<Item = &Footnote> {
        self.footnotes.iter().filter(move |f| f.number == number)
    }

    pub fn footnote(&self, number: u32) -> Option<&Footnote> {
        self.footnotes_numbered(number).next()
    }

    /// The first marker of each number, in order of appearance.
    pub fn first_markers(&self) -> Vec<&Marker> {
        let mut seen =
            rustc_hash::FxHashSet::with_capacity_and_hasher(self.markers.len(), Default::default());
        self.markers
            .iter()
            .filter(|m| seen.insert(m.number))
            .collect()
    }

    /// Source text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The paragraph containing a byte offset.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        self.paragraphs.iter().position(|p| p.span.contains(offset))
    }
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(\d{1,3})[ \t]*(bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?\\?\.|\\?\[(\d{1,3})[ \t]*(alt|bis|ter|quater)?\\?\]\.?|\(([a-z]{1,4})\)|(PP|OP)[ \t]*(\d{1,3})[ \t]*(alt|bis|ter|quater|quinquies|sexies)?\\?\.?|(\d{1,3})\)|([a-z]{1,4})\))[ \t\u{a0}]+",
    )
    .unwrap()
});

static SLOPPY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}|l(?:\.))(?:\t\.?|[ \t]+\.|( +))[ \t]*").unwrap());

/// A paragraph number typed without its full stop or with the stop displaced, as adopted texts
/// occasionally have it: "3<TAB>Calls upon" (ODS), "232<TAB>.Recognizes", "3 *Calls upon*"
/// (Markdown, where the italic opening makes it unambiguous), and "l." typed for "1.".
fn sloppy_number(s: &str) -> Option<(String, Range<usize>, usize)> {
    let caps = SLOPPY_NUMBER.captures(s)?;
    let end = caps[0].len();
    let rest = &s[end..];
    let italic_opening = rest.starts_with('*') && rest[1..].starts_with(char::is_uppercase);
    let starts_paragraph = if caps.get(2).is_some() || italic_opening {
        italic_opening
    } else {
        // Table rows ("1<TAB>P-4<TAB>Finance Officer") have more cells; a paragraph does not.
        let mut chars = rest.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.next().is_some_and(char::is_lowercase)
            && !rest.contains('\t')
    };
    let number = caps
        .get(1)?
        .as_str()
        .trim_end_matches('.')
        .replace('l', "1");
    starts_paragraph.then(|| (number, 0..s[..end].trim_end().len(), end))
}

/// A paragraph label at the start of `s`: its normalised text, its range in `s`, and where
/// the paragraph text starts.
pub(crate) fn scan_label(s: &str) -> Option<(String, Range<usize>, usize)> {
    // Every label starts with one of these bytes; most paragraphs are rejected without the
    // cost of a regex search.
    // "a)", as typed drafts letter subparagraphs: a lower-case letter or two before a ")".
    let typed_letter =
        s.starts_with(|c: char| c.is_ascii_lowercase()) && s.bytes().take(5).any(|b| b == b')');
    if !typed_letter
        && !s.starts_with(|c: char| {
            c.is_ascii_digit() || matches!(c, '\\' | '[' | '(' | 'l' | 'P' | 'O')
        })
    {
        return None;
    }
    let Some(caps) = LABEL.captures(s) else {
        return sloppy_number(s);
    };
    let end = caps[0].len();
    if let Some(n) = caps.get(1) {
        let text = match caps.get(2) {
            Some(suffix) => format!("{} {}", n.as_str(), suffix.as_str()),
            None => n.as_str().to_string(),
        };
        let dot = s[..end].find('.').map_or(end, |i| i + 1);
        return Some((text, 0..dot, end));
    }
    if let Some(n) = caps.get(3) {
        let suffix = caps.get(4).map_or("alt", |m| m.as_str());
        let close = s[..end].rfind(']').map_or(end, |i| i + 1);
        return Some((format!("[{} {}]", n.as_str(), suffix), 0..close, end));
    }
    if let (Some(part), Some(n)) = (caps.get(6), caps.get(7)) {
        let suffix = caps
            .get(8)
            .map_or(String::new(), |m| format!(" {}", m.as_str()));
        let written = s[..end].trim_end_matches([' ', '\t', '\u{a0}']).len();
        return Some((
            format!("{} {}{suffix}", part.as_str(), n.as_str()),
            0..written,
            end,
        ));
    }
    // "1)" as typed drafts number paragraphs: a number whose label lacks its full stop.
    if let Some(n) = caps.get(9) {
        return Some((n.as_str().to_string(), 0..n.end() + 1, end));
    }
    let letters = caps.get(5).or_else(|| caps.get(10)).unwrap();
    Some((format!("({})", letters.as_str()), 0..letters.end() + 1, end))
}
