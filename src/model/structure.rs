//! Builds the document model from blocks: header, sections (resolution parts and annexes),
//! paragraphs with their kind and nesting, closing blocks, markers and footnotes.

use super::block::{Block, BlockKind, Blocks, ParsedBlock};
use super::{
    Body, Closing, Document, Footnote, Format, Label, LabelValue, Marker, Organ, Paragraph,
    ParagraphKind, Section, SectionKind, Title,
};
use crate::source::{LineIndex, Span};
use regex::Regex;
use std::sync::{Arc, LazyLock};

static ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^The ((?:[A-Z][\w’'-]*)(?: (?:[A-Z][\w’'-]*|of|on|and|for|the))*) ?[,:]?$")
        .unwrap()
});
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+(?:st|nd|rd|th) (?:\((?:resumed|continued)\) )?(?:plenary )?meeting)(?:\s+(\d{1,2}\s\w+\s\d{4}))?$").unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}\s(?:January|February|March|April|May|June|July|August|September|October|November|December)\s\d{4}$").unwrap()
});
static ANNEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Annex(?:es)?(?:\s+([IVXLC]+|\d+))?$").unwrap());
static PART_LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z]$").unwrap());
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z]+-)?\d+/\d+(?: [A-Z])?|\d+ (?:[A-Z] )?\([IVXLC]+\))\.?\s+(.+)$").unwrap()
});
/// A heading that opens a numbering scope in annexed instruments, whatever its style
/// ("Article 12", "*Chapter IV*", "Part II. Final provisions", "Section 3"), or a lettered
/// heading inside a resolution ("A. Programme budget").
static SCOPE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Article|Chapter|Part|Section|Rule|Regulation|Principle|Guideline|Title)[ \u{a0}]+(?:\d+|[IVXLC]+|[A-Z])\b|[A-Z]\.[ \u{a0}\t]+[A-Z])").unwrap()
});
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:A|S|E)/(?:RES/)?[A-Z0-9.\-]+(?:/[A-Za-z0-9.\-]+)*)").unwrap()
});

#[derive(PartialEq)]
enum Phase {
    Header,
    Body,
    AfterClosing,
}

/// Per-section memory of the open subparagraph lists.
#[derive(Default)]
struct Nesting {
    top: Option<usize>,
    letter: Option<(usize, u32)>,
    roman: Option<(usize, u32)>,
    /// A numbered list inside a paragraph that ends with ":" (agenda items, objectives): its
    /// parent and the last number read.
    numbered: Option<(usize, u32)>,
}

struct Builder {
    doc: Document,
    phase: Phase,
    pending_label: Option<(String, Span)>,
    nesting: Nesting,
    /// Whether the current section has an operative paragraph yet.
    operative_seen: bool,
}

/// `lines` indexes `text`.
pub fn build(text: Arc<String>, lines: LineIndex, format: Format, blocks: Blocks) -> Document {
    // Sized once: grown by doubling, a draft of many short paragraphs held the old and the
    // new list at once (issue 14). Headings reserve a little room they do not use.
    let is_body = |b: &ParsedBlock| matches!(b.kind, BlockKind::FootnoteBody { .. });
    let (bodies, markers) = (blocks.blocks.iter()).fold((0, 0), |(bodies, markers), b| {
        (bodies + usize::from(is_body(b)), markers + b.markers.len())
    });
    let mut b = Builder {
        doc: Document {
            text,
            format,
            lines,
            header: None,
            symbol: blocks.symbol,
            title: None,
            sections: Vec::new(),
            paragraphs: Vec::with_capacity(blocks.blocks.len() - bodies),
            markers: Vec::with_capacity(markers),
            footnotes: Vec::with_capacity(bodies),
            directives: blocks.directives,
        },
        phase: Phase::Header,
        pending_label: None,
        nesting: Nesting::default(),
        operative_seen: false,
    };
    // Whether an organ line ("The General Assembly,") is still to come, asked at the first
    // text of the header: a text without one opens its resolution at its first paragraph.
    // Every block before the organ line is in the header, so the answer holds until then.
    let mut organ_ahead = None;
    // Each block let go once read: without a cache to keep it, it is freed at once.
    let mut blocks = blocks.blocks.into_iter();
    while let Some(block) = blocks.next() {
        if b.phase == Phase::Header && block.kind == BlockKind::Text {
            let rest = || std::iter::once(&block).chain(blocks.as_slice());
            if !*organ_ahead.get_or_insert_with(|| rest().any(|b| organ(b).is_some())) {
                b.open_section(SectionKind::Resolution, None, None);
            }
        }
        b.block(&block);
    }
    b.finish()
}

fn organ(block: &Block) -> Option<String> {
    if block.label.is_some() || matches!(block.kind, BlockKind::FootnoteBody { .. }) {
        return None;
    }
    let mut text = block.text.as_str();
    // Checked first: most blocks fail here, far more cheaply than in the regex.
    let capitals;
    if text.starts_with("THE ") && !text.contains(char::is_lowercase) {
        // "THE GENERAL ASSEMBLY,", as Model UN drafts type it.
        capitals = title_case(text);
        text = &capitals;
    } else if !text.starts_with("The ") {
        // "General Assembly,": a typed draft's organ line without its article. Most blocks
        // are longer than any organ's name, and are passed over on their length alone.
        if text.len() > "Economic and Social Council,".len() {
            return None;
        }
        let bare = text.strip_suffix(',').and_then(Body::from_organ);
        return bare
            .filter(|b| text.len() == b.name().len() + 1)
            .map(|b| b.name().to_string());
    }
    let name = ORGAN.captures(text)?[1].to_string();
    // Without its comma ("The General Assembly" alone, as some texts print it) only an
    // organ's name counts, not a heading such as "The Regular Process".
    let organ_word = [
        "Assembly",
        "Council",
        "Commission",
        "Committee",
        "Conference",
        "Board",
    ]
    .iter()
    .any(|w| name.ends_with(w));
    (text.ends_with(',') || organ_word).then_some(name)
}

/// "THE ECONOMIC AND SOCIAL COUNCIL," → "The Economic and Social Council,".
fn title_case(text: &str) -> String {
    let word = |(i, w): (usize, &str)| {
        let lower = w.to_lowercase();
        if i > 0 && ["of", "on", "and", "for", "the"].contains(&lower.as_str()) {
            return lower;
        }
        let mut chars = lower.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    };
    text.split(' ')
        .enumerate()
        .map(word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Calls upon", "Also requests", "Strongly condemns", "URGES": a verb in the third person,
/// after "Also", "Further" or an adverb, as operative paragraphs open. Preambular paragraphs
/// open with participles and adjectives ("Recalling", "Deeply concerned", "Conscious of").
fn opens_with_a_verb(text: &str) -> bool {
    let mut words = (text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase());
    let Some(mut word) = words.next() else {
        return false;
    };
    if word == "also" || word == "further" || word.ends_with("ly") {
        word = words.next().unwrap_or_default();
    }
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ous") && !word.ends_with("ss")
}

/// The closing meeting line ("66th plenary meeting"). Checked first: the regex would run on
/// every paragraph of every keystroke, and a meeting line opens with a digit and names the
/// meeting.
fn meeting(text: &str) -> Option<regex::Captures<'_>> {
    let maybe = text.chars().next().is_some_and(char::is_numeric) && text.contains("meeting");
    maybe.then(|| MEETING.captures(text)).flatten()
}

impl Builder {
    fn block(&mut self, block: &Block) {
        if let BlockKind::FootnoteBody {
            number,
            number_span,
        } = block.kind
        {
            self.doc.footnotes.push(Footnote {
                number,
                span: block.span,
                number_span,
                text: block.text.clone(),
            });
            return;
        }
        let text = block.text.as_str();
        if let Some(name) = organ(block) {
            let label = self.pending_label.take();
            let organ = Organ {
                span: block.span,
                name,
            };
            self.open_section(SectionKind::Resolution, label, Some(organ));
            self.phase = Phase::Body;
            self.add_markers(block, None);
            return;
        }
        if let Some(caps) = meeting(text) {
            if self.phase != Phase::Header {
                let meeting = block.text.source_span(span_of(caps.get(1).unwrap()));
                let date = caps.get(2).map(|m| block.text.source_span(span_of(m)));
                if let Some(section) = self.doc.sections.last_mut() {
                    section.closing = Some(Closing { meeting, date });
                }
                self.phase = Phase::AfterClosing;
                return;
            }
        }
        if self.phase == Phase::AfterClosing && DATE.is_match(text) {
            if let Some(closing) = self
                .doc
                .sections
                .last_mut()
                .and_then(|s| s.closing.as_mut())
            {
                if closing.date.is_none() {
                    closing.date = Some(block.text.source_span(Span::new(0, text.len())));
                    return;
                }
            }
        }
        if block.kind == BlockKind::Heading || self.phase == Phase::AfterClosing {
            // Most headings are not annex headings, and are passed over without the regex.
            let annex = text.starts_with("Annex").then(|| ANNEX.captures(text));
            if let Some(caps) = annex.flatten() {
                let label = caps.get(1).map(|m| (m.as_str().to_string(), block.span));
                self.open_section(SectionKind::Annex, label, None);
                self.doc.sections.last_mut().unwrap().heading = Some(block.span);
                self.phase = Phase::Body;
                self.add_markers(block, None);
                return;
            }
            if PART_LETTER.is_match(text) && self.phase != Phase::Body {
                self.pending_label = Some((text.to_string(), block.span));
                self.add_markers(block, None);
                return;
            }
        }
        if self.phase == Phase::Header {
            self.header_block(block);
            return;
        }
        self.paragraph(block);
    }

    fn header_block(&mut self, block: &Block) {
        self.doc.header = Some(match self.doc.header {
            Some(h) => h.cover(block.span),
            None => block.span,
        });
        let text = block.text.as_str();
        if self.doc.title.is_none() {
            if let Some(caps) = TITLE.captures(text) {
                self.doc.title = Some(Title {
                    span: block.text.source_span(Span::new(0, text.len())),
                    number: Some(caps[1].to_string()),
                    text: caps[2].trim().to_string(),
                });
            }
        }
        if self.doc.symbol.is_none() {
            if let Some(m) = SYMBOL.captures(text) {
                if m[1].contains('/') && m[1].len() > 4 {
                    self.doc.symbol = Some(m[1].trim_end_matches('.').to_string());
                }
            }
        }
        self.add_markers(block, None);
    }

    fn open_section(
        &mut self,
        kind: SectionKind,
        label: Option<(String, Span)>,
        organ: Option<Organ>,
    ) {
        let start = self.doc.paragraphs.len();
        let (label, heading) = match label {
            Some((l, span)) => (Some(l), Some(span)),
            None => (None, None),
        };
        self.close_section();
        self.doc.sections.push(Section {
            kind,
            label,
            heading,
            organ,
            paragraphs: start..start,
            closing: None,
        });
        self.nesting = Nesting::default();
        self.operative_seen = false;
        self.phase = Phase::Body;
    }

    fn paragraph(&mut self, block: &Block) {
        if self.doc.sections.is_empty() {
            self.open_section(SectionKind::Resolution, None, None);
        }
        if self.continues_previous(block) {
            self.join_previous(block);
            return;
        }
        let section_index = self.doc.sections.len() - 1;
        let section_kind = self.doc.sections[section_index].kind;
        let index = self.doc.paragraphs.len();
        let label = block
            .label
            .as_ref()
            .map(|(text, span)| self.label(text.clone(), *span));
        let heading = block.kind == BlockKind::Heading
            || (label.is_none() && heading_like(block.text.as_str(), section_kind));
        let nested = label
            .as_ref()
            .and_then(Label::number)
            .and_then(|n| self.nested_item(n, block));
        let (kind, depth, parent) = match (heading, &label) {
            (true, _) => {
                // A heading inside a paragraph ("A. …", "B. …") starts new subparagraph lists.
                self.nesting.letter = None;
                self.nesting.roman = None;
                self.nesting.numbered = None;
                (ParagraphKind::Heading, 0, None)
            }
            (_, Some(l)) if l.is_preambular() => {
                self.nesting = Nesting {
                    top: Some(index),
                    ..Nesting::default()
                };
                (ParagraphKind::Preambular, 0, None)
            }
            (_, Some(_)) if nested.is_some() => (ParagraphKind::Subparagraph, 1, nested),
            (_, Some(l)) if l.number().is_some() => {
                self.nesting = Nesting {
                    top: Some(index),
                    ..Nesting::default()
                };
                (ParagraphKind::Operative, 0, None)
            }
            (_, Some(l)) => {
                let (depth, parent) = self.sub_position(l, index);
                // "(a) (i) …": the roman list opens on its parent's line.
                if matches!(l.value, LabelValue::Letter(_))
                    && block.text.as_str().starts_with("(i)")
                {
                    self.nesting.roman = Some((index, 1));
                }
                (ParagraphKind::Subparagraph, depth, parent)
            }
            (_, None) => {
                self.nesting = Nesting {
                    top: Some(index),
                    ..Nesting::default()
                };
                if section_kind == SectionKind::Resolution && !self.operative_seen {
                    (ParagraphKind::Preambular, 0, None)
                } else {
                    (ParagraphKind::Other, 0, None)
                }
            }
        };
        self.operative_seen |= kind == ParagraphKind::Operative;
        self.add_markers(block, Some(index));
        let marker_end = self.doc.markers.len();
        let marker_start = marker_end - block.markers.len();
        self.doc.paragraphs.push(Paragraph {
            kind,
            span: block.span,
            label,
            text: block.text.clone(),
            italics: Arc::clone(&block.italics),
            depth,
            parent: parent.map(index_u32),
            section: index_u32(section_index),
            markers: marker_start..marker_end,
        });
        self.doc.sections[section_index].paragraphs.end = self.doc.paragraphs.len();
    }

    /// The parent of a numbered item that belongs to a list inside the paragraph before (a
    /// paragraph ending with ":" followed directly by "1.", not by a heading or a lettered
    /// list first), not to the paragraph sequence. The list ends where the paragraph sequence
    /// resumes: the next number of the sequence, opening as a resolution paragraph does (a
    /// finite verb, or italics).
    fn nested_item(&mut self, number: u32, block: &Block) -> Option<usize> {
        let top = self.nesting.top?;
        let parent = self.doc.paragraphs.get(top)?;
        let just_before = top + 1 == self.doc.paragraphs.len();
        if number == 1
            && just_before
            && parent.text.as_str().ends_with(':')
            && parent.number().is_some()
        {
            self.nesting.numbered = Some((top, 1));
            return Some(top);
        }
        let (list_parent, last) = self.nesting.numbered?;
        let outer = self.doc.paragraphs[list_parent].number().unwrap_or(0);
        let resumes = number == outer + 1 && (number != last + 1 || opens_paragraph(block));
        if number == last + 1 && !resumes {
            self.nesting.numbered = Some((list_parent, number));
            return Some(list_parent);
        }
        self.nesting.numbered = None;
        None
    }

    fn section_paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        let range = self
            .doc
            .sections
            .last()
            .map_or(0..0, |s| s.paragraphs.clone());
        self.doc.paragraphs[range].iter()
    }

    /// A Markdown block after a page break that carries on a sentence cut by the break.
    fn continues_previous(&self, block: &Block) -> bool {
        if !block.after_page_break || block.label.is_some() || block.kind != BlockKind::Text {
            return false;
        }
        let Some(prev) = self.section_paragraphs().last() else {
            return false;
        };
        let starts_lower = block.text.as_str().starts_with(|c: char| c.is_lowercase());
        let prev_open = !prev.text.as_str().ends_with([',', ';', ':', '.']);
        let starts_italic = block.italics.first().is_some_and(|s| s.start == 0);
        prev.kind != ParagraphKind::Heading && (starts_lower || (prev_open && !starts_italic))
    }

    fn join_previous(&mut self, block: &Block) {
        let index = self.doc.paragraphs.len() - 1;
        self.add_markers(block, Some(index));
        let prev = &mut self.doc.paragraphs[index];
        prev.text.join(&block.text);
        // The joint adds a space, except after an empty text: measure rather than assume.
        let shift = prev.text.len() - block.text.len();
        let joined = block
            .italics
            .iter()
            .map(|s| Span::new(s.start + shift, s.end + shift));
        prev.italics = prev.italics.iter().copied().chain(joined).collect();
        prev.span = prev.span.cover(block.span);
        prev.markers.end = self.doc.markers.len();
        let shift_markers = prev.markers.end - block.markers.len()..prev.markers.end;
        for m in &mut self.doc.markers[shift_markers] {
            m.plain_at += shift;
        }
    }

    fn add_markers(&mut self, block: &Block, paragraph: Option<usize>) {
        self.doc
            .markers
            .extend(block.markers.iter().map(|m| Marker {
                number: m.number,
                span: m.span,
                number_span: m.number_span,
                paragraph,
                plain_at: m.plain_at,
            }));
    }

    fn label(&self, text: Arc<str>, span: Span) -> Label {
        let value = if let Some(letters) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')'))
        {
            self.letter_or_roman(letters)
        } else {
            // "OP 2 bis": the whole label marks the paragraph as negotiated.
            let part = text.starts_with("PP ") || text.starts_with("OP ");
            let suffix = if part {
                Some(Box::from(&*text))
            } else {
                (text.trim_matches(['[', ']']).split_whitespace().nth(1)).map(Box::from)
            };
            LabelValue::Number {
                value: digits_value(&text),
                suffix,
            }
        };
        Label { span, text, value }
    }

    /// "(i)" is roman one, except directly after "(h)", where it is the letter i.
    fn letter_or_roman(&self, letters: &str) -> LabelValue {
        let letter = letter_value(letters);
        let roman = roman_value(letters);
        let next_letter = |v: u32| self.nesting.letter.is_some_and(|(_, last)| last + 1 == v);
        let next_roman = |v: u32| self.nesting.roman.is_some_and(|(_, last)| last + 1 == v);
        match (letter, roman) {
            (Some(l), Some(r)) => {
                if next_roman(r) {
                    LabelValue::Roman(r)
                } else if next_letter(l) || r != 1 && self.nesting.letter.is_some() {
                    LabelValue::Letter(l)
                } else {
                    LabelValue::Roman(r)
                }
            }
            (Some(l), None) => LabelValue::Letter(l),
            (None, Some(r)) => LabelValue::Roman(r),
            (None, None) => LabelValue::Letter(0),
        }
    }

    fn sub_position(&mut self, label: &Label, index: usize) -> (u8, Option<usize>) {
        match label.value {
            LabelValue::Roman(r) => {
                self.nesting.roman = Some((index, r));
                match self.nesting.letter {
                    Some((parent, _)) => (2, Some(parent)),
                    None => (1, self.nesting.top),
                }
            }
            LabelValue::Letter(l) => {
                self.nesting.letter = Some((index, l));
                self.nesting.roman = None;
                (1, self.nesting.top)
            }
            LabelValue::Number { .. } => (0, None),
        }
    }

    fn close_section(&mut self) {
        let Some(section) = self.doc.sections.last() else {
            return;
        };
        if section.kind != SectionKind::Resolution {
            return;
        }
        let range = section.paragraphs.clone();
        let paragraphs = &self.doc.paragraphs[range.clone()];
        if paragraphs
            .iter()
            .any(|p| p.kind == ParagraphKind::Operative)
        {
            return;
        }
        // A resolution with one operative paragraph leaves it unnumbered: the last top-level
        // paragraph, which ends with a full stop (itself or through its subparagraphs).
        let Some(last) = paragraphs
            .iter()
            .rposition(|p| p.kind == ParagraphKind::Preambular)
        else {
            return;
        };
        let index = range.start + last;
        let end_text = self.doc.paragraphs[index..range.end]
            .last()
            .map_or("", |p| p.text.as_str());
        if !end_text.ends_with('.') {
            return;
        }
        self.doc.paragraphs[index].kind = ParagraphKind::Operative;
        // A draft that leaves all its operative paragraphs unnumbered: the paragraphs before
        // the last one that end with a semicolon (or a colon, before subparagraphs) and open
        // with a verb are operative too. A preambular paragraph that lost its comma, or that
        // introduces a list, opens with a participle or an adjective and stays preambular.
        let ends_operatively = |p: &Paragraph| {
            let text = p.text.as_str();
            text.trim_end().ends_with([';', ':']) && opens_with_a_verb(text)
        };
        for p in self.doc.paragraphs[range.start..index].iter_mut().rev() {
            match p.kind {
                ParagraphKind::Preambular if ends_operatively(p) => {
                    p.kind = ParagraphKind::Operative
                }
                ParagraphKind::Subparagraph => {}
                _ => break,
            }
        }
    }

    fn finish(mut self) -> Document {
        self.close_section();
        // The lists grew by doubling and are never extended again: a big draft would keep up
        // to twice its paragraphs' worth of memory for the whole check.
        self.doc.paragraphs.shrink_to_fit();
        self.doc.markers.shrink_to_fit();
        self.doc.footnotes.shrink_to_fit();
        self.doc
    }
}

/// A paragraph or section index as the model stores it. No text under 4 GiB has more.
pub fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// An unlabelled block that heads what follows: an "Article 3" or "A. …" heading in any
/// style, or in an annex a short line without closing punctuation (a centred title that ODS
/// text indents like a paragraph).
fn heading_like(text: &str, section: SectionKind) -> bool {
    let text = text.trim();
    let short = text.len() <= 100 && text.split_whitespace().count() <= 12;
    let unpunctuated = !text.ends_with(['.', ',', ';', ':']);
    let titled = text.starts_with(|c: char| c.is_uppercase());
    short
        && unpunctuated
        && titled
        && (SCOPE_HEADING.is_match(text) || section == SectionKind::Annex)
}

/// Whether a numbered block opens as a resolution paragraph: with italics (Markdown) or a
/// finite verb ("Decides", "Calls upon").
fn opens_paragraph(block: &Block) -> bool {
    let text = block.text.as_str();
    let first = text.split_whitespace().next().unwrap_or_default();
    block.italics.first().is_some_and(|s| s.start == 0)
        || (first.len() > 3 && first.ends_with('s') && first.starts_with(char::is_uppercase))
}

fn span_of(m: regex::Match) -> Span {
    Span::new(m.start(), m.end())
}

/// `a` = 1 … `z` = 26, `aa` = 27 … `zz` = 52 (doubled letters only).
pub fn letter_value(s: &str) -> Option<u32> {
    let first = s.chars().next()?;
    if !first.is_ascii_lowercase() || !s.chars().all(|c| c == first) || s.len() > 3 {
        return None;
    }
    Some((s.len() as u32 - 1) * 26 + (first as u32 - 'a' as u32 + 1))
}

pub fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    (to_roman(total) == s).then_some(total)
}

pub fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The number that the digits of a label spell ("12" of "[12 bis]"); 0 when there are none
/// or too many.
fn digits_value(label: &str) -> u32 {
    (label.bytes().filter(u8::is_ascii_digit))
        .try_fold(0u32, |n, d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
        .unwrap_or(0)
}
