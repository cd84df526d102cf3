//! ODS plain-text drafts: tab- or space-indented paragraphs, `N.<TAB>` operative numbers,
//! footnote markers glued to the preceding character, footnote bodies `N text` after the
//! closing block, and a trailer of ODS job fields at the end.
//!
//! A glued digit is a footnote marker only when the footnote list and the order of first
//! appearance make it plausible: "1 July 2002", "A/61/438", "E.96.IV.13" and "Convention
//! No. 29" are text, while "Women1", "thereto,2" and "12 July 20214" (marker 4 after a year)
//! are markers.

use super::block::{Block, BlockKind, Blocks, ParsedBlock, RawMarker, line_span};
use super::plain::{PlainBuilder, PlainText};
use super::reuse::{Numbers, Reuse};
use super::scan_label;
use crate::source::{LineIndex, Span};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

static TRAILER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\[DU\d*\])?<<ODS ").unwrap());
static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<<ODS DOC SYMBOL1>>([^<]+)<<").unwrap());
static ARTEFACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[DU\d*\]|_{3,}|-{3,}|\d{1,3}|\d{2}-\d{5}|<<ODS[^>]*>>.*)?\s*$").unwrap()
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}[ \u{a0}](?:January|February|March|April|May|June|July|August|September|October|November|December)[ \u{a0}]\d{4}\s*$").unwrap()
});

/// Abbreviations after which a glued number is part of a reference, not a marker.
const ABBREVIATIONS: &[&str] = &[
    "Add", "Corr", "Rev", "No", "Nos", "vol", "vols", "para", "paras", "sect", "sects", "chap",
    "chaps", "art", "arts", "p", "pp", "Amend", "Suppl", "Sales", "Inf", "Misc", "L", "Sub", "op",
    "annex", "fig", "Vol", "Part", "Ser", "WP", "CN", "Res", "Dec", "Rec",
];

struct RawLine {
    span: Span,
    indented: bool,
    /// Whether a blank line comes before it.
    after_blank: bool,
    /// Lines that continue this one: a hand-typed paragraph wrapped over several lines.
    more: Vec<Span>,
}

/// `idx` indexes the lines of `text`.
pub fn parse(text: &str, idx: &LineIndex, reuse: &mut Reuse) -> Blocks {
    let mut raw = Vec::with_capacity(idx.line_count());
    let mut symbol = None;
    let mut after_blank = false;
    for l in 0..idx.line_count() {
        let span = line_span(text, idx, l);
        let s = &text[span.range()];
        // Checked first: most lines fail here, far more cheaply than in the regexes.
        let trimmed = s.trim();
        let first = trimmed.bytes().next();
        if s.starts_with(['[', '<']) && TRAILER.is_match(s) {
            symbol = text[span.start..]
                .lines()
                .find_map(|t| SYMBOL.captures(t).map(|c| c[1].trim().to_string()));
            break;
        }
        if trimmed.is_empty() {
            after_blank = true;
        }
        // An artefact that opens with a digit is a page or job number, at most "12-34567":
        // a numbered paragraph is longer, and is not matched against the regex.
        let number_length = trimmed.len() <= 8;
        let may_be_artefact =
            first.is_none_or(|b| b"[_-<".contains(&b) || b.is_ascii_digit() && number_length);
        if may_be_artefact && ARTEFACT.is_match(s) {
            continue;
        }
        raw.push(RawLine {
            span,
            indented: s.starts_with([' ', '\t']),
            after_blank: std::mem::take(&mut after_blank),
            more: Vec::new(),
        });
    }
    let (raw, footnotes_from) = if hand_typed(text, &raw) {
        hand_typed_paragraphs(text, raw)
    } else {
        let from = footnote_block_start(text, &raw);
        (raw, from)
    };
    let mut blocks = Vec::new();
    for line in &raw[footnotes_from..] {
        // Hand-typed notes on consecutive lines make one paragraph: each line may open a note.
        for span in std::iter::once(line.span).chain(line.more.iter().copied()) {
            read_note_line(text, span, &mut blocks);
        }
    }
    let defined: BTreeSet<u32> = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::FootnoteBody { number, .. } => Some(number),
            _ => None,
        })
        .collect();
    let notes = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::FootnoteBody { number, .. } => Some((number, b.text.clone())),
            _ => None,
        })
        .collect();
    // Two readings: the first finds the notes cited by ordinary markers, so that the second
    // can split a number glued to a marker ("COVID-1915", "S-35/16") for a note cited nowhere
    // else.
    // Numbering starts at the lowest note: a later part of a resolution ("B") continues its
    // first part's notes.
    let before_first = defined.first().map_or(0, |n| n.saturating_sub(1));
    let mut scanner = MarkerScanner {
        defined,
        notes,
        max_seen: before_first,
        cited_elsewhere: BTreeSet::new(),
        first_reading: true,
        settled: 0,
    };
    scanner.settle();
    for line in &raw[..footnotes_from] {
        scanner.count(reuse, text, line);
    }
    scanner.max_seen = before_first;
    scanner.first_reading = false;
    scanner.settle();
    let mut body = Vec::with_capacity(footnotes_from + blocks.len());
    let read = |line| scanner.read(reuse, text, line);
    body.extend(raw[..footnotes_from].iter().map(read));
    body.extend(blocks.into_iter().map(ParsedBlock::Own));
    Blocks {
        blocks: body,
        directives: Vec::new(),
        symbol,
    }
}

/// Text typed by hand rather than exported: paragraphs not indented by tabs ("1. Decides …"
/// at the margin, or lines wrapped and indented with spaces, blank lines between
/// paragraphs). ODS exports indent every paragraph with a tab, one line each.
fn hand_typed(text: &str, raw: &[RawLine]) -> bool {
    let tabbed = |l: &&RawLine| text[l.span.range()].starts_with('\t');
    raw.iter().filter(tabbed).count() < 2
}

/// Hand-typed text read as paragraphs: lines joined up to a blank line (or the next label),
/// each paragraph treated as an indented ODS line, a short line without closing punctuation
/// standing alone as a heading unless the sentence before is unfinished; footnote bodies are
/// the "N text" paragraphs after the body, each line opening a note of its own.
/// Returns the paragraphs and where the footnotes start.
fn hand_typed_paragraphs(text: &str, raw: Vec<RawLine>) -> (Vec<RawLine>, usize) {
    let separated = raw.iter().any(|l| l.after_blank);
    let mut out: Vec<RawLine> = Vec::new();
    for line in raw {
        let s = &text[line.span.range()];
        let labelled = scan_label(s.trim_start()).is_some();
        let starts_paragraph = !separated || line.after_blank || labelled;
        match out.last_mut() {
            // A wrapped line's indentation is layout, not text.
            Some(last) if !starts_paragraph => last.more.push(past_indent(text, line.span)),
            _ => out.push(line),
        }
    }
    // A heading never interrupts a sentence: a line after one ending with a comma (the organ
    // line, a preambular paragraph) is a paragraph, though it lacks its own comma.
    let mut sentence_open = false;
    for p in &mut out {
        let first = text[p.span.range()].trim_start();
        let standalone = p.more.is_empty()
            && first.len() <= 100
            && !first.trim_end().ends_with(['.', ',', ';', ':'])
            && scan_label(first).is_none()
            && !sentence_open;
        p.indented = !standalone;
        let last = p.more.last().copied().unwrap_or(p.span);
        // Past a marker glued to the comma ("…against Women,1").
        let end = text[last.range()].trim_end();
        sentence_open = end
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .ends_with(',');
    }
    let body_end = out
        .iter()
        .rposition(|p| {
            let s = text[p.span.range()].trim_start();
            scan_label(s).is_some() || footnote_number(s).is_none() || DATE_LINE.is_match(s)
        })
        .map_or(0, |i| i + 1);
    (out, body_end)
}

/// The number a footnote body's line opens with ("12  See …"): one to three ASCII digits, then
/// spaces or tabs, then text. Read by hand: a regex's captures took a tenth of the time an
/// editor spends reading an ODS text's notes on each keystroke.
fn footnote_number(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let text = rest.trim_start_matches([' ', '\t']);
    let spaced = text.len() < rest.len();
    let starts_text = text.chars().next().is_some_and(|c| !c.is_whitespace());
    ((1..=3).contains(&digits) && spaced && starts_text).then_some(&line[..digits])
}

/// A line of the footnotes: the start of a note, or more of the one before.
fn read_note_line(text: &str, line: Span, blocks: &mut Vec<Block>) {
    let line = past_indent(text, line);
    let s = &text[line.range()];
    let number = footnote_number(s).filter(|&n| !DATE_LINE.is_match(s) && starts_note(blocks, n));
    let Some(number) = number else {
        return append_to_last(text, blocks, line);
    };
    let digits = number.len();
    let body = past_indent(text, Span::new(line.start + digits, line.end));
    blocks.push(plain_block(
        text,
        BlockKind::FootnoteBody {
            number: number.parse().unwrap_or(0),
            number_span: Span::new(line.start, line.start + digits),
        },
        body,
        line,
    ));
}

/// `span` past the white space it opens with.
fn past_indent(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    Span::new(span.end - s.trim_start().len(), span.end)
}

/// A line "15 June–17 July 1998, …" inside an unfinished note continues it; a new note follows
/// a finished one or carries the next number.
fn starts_note(blocks: &[Block], number: &str) -> bool {
    let number: u32 = number.parse().unwrap_or(0);
    match blocks.last() {
        Some(Block {
            kind: BlockKind::FootnoteBody {
                number: previous, ..
            },
            text,
            ..
        }) => text.as_str().ends_with('.') || number == previous + 1,
        _ => true,
    }
}

/// Index of the first footnote-body line: footnotes follow the last indented paragraph.
fn footnote_block_start(text: &str, raw: &[RawLine]) -> usize {
    let after_last_paragraph = raw.iter().rposition(|l| l.indented).map_or(0, |i| i + 1);
    raw[after_last_paragraph..]
        .iter()
        .position(|l| {
            let s = &text[l.span.range()];
            footnote_number(s).is_some() && !DATE_LINE.is_match(s)
        })
        .map_or(raw.len(), |i| after_last_paragraph + i)
}

fn plain_block(text: &str, kind: BlockKind, content: Span, span: Span) -> Block {
    let mut plain = PlainBuilder::default();
    plain.push_source(text, content);
    Block {
        kind,
        span,
        label: None,
        text: plain.finish(content.end),
        markers: Vec::new(),
        italics: Arc::default(),
        after_page_break: false,
    }
}

/// A footnote body that wraps onto a further line.
fn append_to_last(text: &str, blocks: &mut [Block], line: Span) {
    if let Some(last) = blocks.last_mut() {
        let mut plain = PlainBuilder::default();
        let content = last.text.source_span(Span::new(0, last.text.len()));
        plain.push_source(text, content);
        plain.push_synthetic(" ", line.start);
        plain.push_source(text, line);
        last.text = plain.finish(line.end);
        last.span = last.span.cover(line);
    }
}

/// The source of a body line with the lines that continue it.
fn whole(line: &RawLine) -> Span {
    line.more.last().map_or(line.span, |&l| line.span.cover(l))
}

fn body_block(text: &str, line: &RawLine, scanner: &mut MarkerScanner) -> Block {
    let s = &text[line.span.range()];
    let indent = s.len() - s.trim_start().len();
    let (label, content_start) = if line.indented {
        match scan_label(&s[indent..]) {
            Some((value, range, end)) => (
                Some((
                    value.into(),
                    Span::new(
                        line.span.start + indent + range.start,
                        line.span.start + indent + range.end,
                    ),
                )),
                line.span.start + indent + end,
            ),
            None => (None, line.span.start + indent),
        }
    } else {
        (None, line.span.start)
    };
    let mut lines = vec![Span::new(content_start, line.span.end)];
    lines.extend(line.more.iter().copied());
    let (plain, markers) = scanner.scan(text, &lines);
    let span = whole(line);
    Block {
        kind: if line.indented {
            BlockKind::Text
        } else {
            BlockKind::Heading
        },
        span,
        label,
        text: plain,
        markers,
        italics: Arc::default(),
        after_page_break: false,
    }
}

/// Finds glued footnote markers, in document order.
struct MarkerScanner {
    defined: BTreeSet<u32>,
    /// Footnote texts by number, to confirm a marker glued to the number its note cites.
    notes: FxHashMap<u32, PlainText>,
    /// Highest marker number seen so far: a new marker is expected to be the next one.
    max_seen: u32,
    /// Notes cited by the markers of the first reading, which splits no number for a note
    /// cited nowhere else.
    cited_elsewhere: BTreeSet<u32>,
    first_reading: bool,
    /// A hash of what stays the same during a reading ([`Self::settle`]).
    settled: u64,
}

impl MarkerScanner {
    /// The block of one body line, read (or taken from `reuse` when the previous version read
    /// the same line in the same state), and the scanner moved past it.
    fn read(&mut self, reuse: &mut Reuse, text: &str, line: &RawLine) -> ParsedBlock {
        let key = (whole(line), self.state(line));
        let block = reuse.block(text, key, || body_block(text, line, self));
        // What a line tells the scanner is in its markers, whether it was read or reused.
        self.pass(block.markers.iter().map(|m| m.number));
        block
    }

    /// [`Self::read`] for the first reading, which keeps only the numbers of the line's
    /// markers.
    fn count(&mut self, reuse: &mut Reuse, text: &str, line: &RawLine) {
        let key = (whole(line), self.state(line));
        let numbers = reuse.numbers(text, key, || {
            let block = body_block(text, line, self);
            block.markers.iter().map(|m| m.number).collect::<Numbers>()
        });
        self.pass(numbers);
    }

    /// Moves the scanner past a line's markers.
    fn pass(&mut self, numbers: impl IntoIterator<Item = u32>) {
        for number in numbers {
            self.max_seen = self.max_seen.max(number);
            if self.first_reading {
                self.cited_elsewhere.insert(number);
            }
        }
    }

    /// Before a reading: hashes what stays the same while it reads, the notes and what the
    /// first reading found.
    fn settle(&mut self) {
        let mut hash = FxHasher::default();
        for number in &self.defined {
            (number, self.notes.get(number).map(PlainText::as_str)).hash(&mut hash);
        }
        (&self.cited_elsewhere, self.first_reading).hash(&mut hash);
        self.settled = hash.finish();
    }

    /// Everything a line's reading depends on besides its text, as one hash: what stays the
    /// same during the reading, the highest marker so far, and the line's shape.
    fn state(&self, line: &RawLine) -> u64 {
        let mut hash = FxHasher::default();
        (self.settled, self.max_seen, line.indented, line.more.len()).hash(&mut hash);
        hash.finish()
    }

    /// Reads the lines of one paragraph (one line in exported text), joined by spaces.
    fn scan(&mut self, text: &str, lines: &[Span]) -> (PlainText, Vec<RawMarker>) {
        let mut plain = PlainBuilder::default();
        let mut markers: Vec<RawMarker> = Vec::new();
        for (k, &content) in lines.iter().enumerate() {
            if k > 0 {
                plain.push_synthetic(" ", content.start);
            }
            self.scan_line(text, content, &mut plain, &mut markers);
        }
        let end = lines.last().map_or(0, |l| l.end);
        (plain.finish(end), markers)
    }

    fn scan_line(
        &mut self,
        text: &str,
        content: Span,
        plain: &mut PlainBuilder,
        markers: &mut Vec<RawMarker>,
    ) {
        let s = &text[content.range()];
        let bytes = s.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        loop {
            i = next_digit(bytes, i);
            if i == bytes.len() {
                break;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let glued_to_marker = markers
                .last()
                .is_some_and(|m| m.number_span.end == content.start + start - 1);
            if let Some(digits) = self.marker_digits(s, start, i, glued_to_marker) {
                if self.first_reading {
                    self.cited_elsewhere
                        .insert(s[digits..i].parse().unwrap_or_default());
                }
                let m_start = content.start + digits;
                plain.push_source(text, Span::new(content.start + copied, m_start));
                copied = i;
                let number: u32 = s[digits..i].parse().unwrap_or(0);
                self.max_seen = self.max_seen.max(number);
                markers.push(RawMarker {
                    number,
                    span: Span::new(m_start, content.start + i),
                    number_span: Span::new(m_start, content.start + i),
                    plain_at: plain.len(),
                });
            }
        }
        plain.push_source(text, Span::new(content.start + copied, content.end));
    }

    /// If the digit run `s[start..end]` ends in a marker, the offset where the marker begins.
    fn marker_digits(
        &self,
        s: &str,
        start: usize,
        end: usize,
        after_marker: bool,
    ) -> Option<usize> {
        let next = s[end..].chars().next();
        let next_ok = match next {
            None => true,
            Some(c) => c.is_whitespace() || ",;:.)]”’\"'".contains(c),
        };
        // "2.5", "10.000" and "1,000" continue a number.
        // "2.5" and "1,500" continue a number; "General,1,2" is two markers.
        let digits_after = s
            .get(end + 1..)
            .unwrap_or("")
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let continues_number = match next {
            Some('.') => digits_after > 0,
            Some(',') => digits_after == 3,
            _ => false,
        };
        // "making100 per cent": a quantity that lost its space, not a marker.
        if continues_number || s[end..].starts_with(" per cent") {
            return None;
        }
        let prev = s[..start].chars().next_back()?;
        let value: u32 = s[start..end].parse().ok()?;
        let len = end - start;
        if !next_ok {
            // "5 December 1994,1in which": a marker the export glued to the next word.
            // "t6he": the export dropped the next marker inside a word.
            let glued_forward = (",;".contains(prev) || prev.is_lowercase())
                && next.is_some_and(char::is_lowercase)
                && len <= 2;
            return (glued_forward && self.is_next(value) && self.fits(value)).then_some(start);
        }
        // "recommendation (2022)17": a numbered series after a year; a marker after "(2000)"
        // must at least be the next one.
        let after_year =
            prev == ')' && start >= 5 && s.get(start - 5..start - 1).is_some_and(is_year);
        if after_year {
            return (self.is_next(value) && self.fits(value)).then_some(start);
        }
        // "“1.	Calls upon": a quoted paragraph's number after its opening quote (a draft
        // quoted whole, as the Economic and Social Council recommends one), not a marker.
        let opening_quote = "\"“".contains(prev)
            && s[..start - prev.len_utf8()]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
        if opening_quote {
            return None;
        }
        if prev.is_lowercase() || ")]”’\";:".contains(prev) {
            return self.strong(value, len).then_some(start);
        }
        if prev == ',' {
            // "2020,1" is a year and a marker; "1,500" is a thousands separator.
            let plausible =
                !digit_before(s, start - 1) || after_marker || len < 3 || self.fits(value);
            return (plausible && self.strong(value, len)).then_some(start);
        }
        if prev.is_uppercase() {
            let word = word_before(s, start);
            // "B1" alone on a line: a part heading with a marker.
            let part_heading = s.trim() == format!("{word}{}", &s[start..end]);
            let plausible = word.chars().count() >= 2 || self.is_next(value) || part_heading;
            return (plausible && self.fits(value)).then_some(start);
        }
        // "COVID-1914": marker 14 after COVID-19.
        let after_acronym = prev == '-' && {
            let word = word_before(s, start - 1);
            word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase())
        };
        if (prev == '/' || prev == '.' || after_acronym) && len >= 4 {
            return self.after_number(start, end, s);
        }
        if prev == '/' {
            return self
                .cited_by_next_note(s, start, end)
                .or_else(|| self.uncited_suffix(s, start, end));
        }
        if prev == '-' || (prev == ' ' && s[..start - 1].ends_with("No.")) {
            // "S-35/16", "COVID-1915", "No. 2753114": the next note, cited nowhere else.
            return self.uncited_suffix(s, start, end);
        }
        if prev == '.' {
            let word = word_before(s, start - 1);
            let year = word.len() == 4 && is_year(word);
            let abbreviation = ABBREVIATIONS.contains(&word)
                || (word.chars().any(|c| c.is_ascii_uppercase())
                    && word
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
                || (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) && !year);
            return (!abbreviation && self.fits(value)).then_some(start);
        }
        if prev.is_whitespace()
            && word_before(s, start - prev.len_utf8()) == "Agenda"
            && s[start..end].starts_with("21")
            && len > 2
        {
            // "Agenda 216": marker 6 after Agenda 21.
            let marker = start + 2;
            let value: u32 = s[marker..end].parse().ok()?;
            return (!s[marker..].starts_with('0') && self.fits(value)).then_some(marker);
        }
        if prev.is_whitespace() || "(–-".contains(prev) {
            return self.after_year(s, start, end);
        }
        None
    }

    /// "12 July 20214": a marker glued to a year.
    fn after_year(&self, s: &str, start: usize, end: usize) -> Option<usize> {
        if end - start < 5 || end - start > 7 || !is_year(&s[start..start + 4]) {
            return None;
        }
        let value: u32 = s[start + 4..end].parse().ok()?;
        (!s[start + 4..].starts_with('0') && self.fits(value)).then_some(start + 4)
    }

    /// "resolution 59/3008", "decision 1/CP.2125": the next marker glued to a number too
    /// long to be a resolution or decision number.
    fn after_number(&self, start: usize, end: usize, s: &str) -> Option<usize> {
        let (split, next) = self.next_marker_suffix(s, start, end)?;
        let followed_by_path = s[end..].starts_with('/');
        (!followed_by_path && self.defined.contains(&next)).then_some(split)
    }

    /// "resolutions 5/13 and 5/64": "5/13" is resolution 5/1 with marker 3 only if note 3
    /// cites resolution 5/1 ("UNEP/EA.5/Res.1.").
    fn cited_by_next_note(&self, s: &str, start: usize, end: usize) -> Option<usize> {
        let (split, next) = self.next_marker_suffix(s, start, end)?;
        let note = self.notes.get(&next)?.as_str();
        let session = word_before(s, start - 1);
        let number = &s[start..split];
        let cites = |form: String| {
            note.match_indices(&form)
                .any(|(i, m)| !note[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
        };
        (cites(format!("{session}/{number}")) || cites(format!("{session}/Res.{number}")))
            .then_some(split)
    }

    /// A digit run that ends in the next expected note, when no unmistakable marker cites
    /// that note: every note is cited somewhere, so here is where.
    fn uncited_suffix(&self, s: &str, start: usize, end: usize) -> Option<usize> {
        if self.first_reading {
            return None;
        }
        let (split, next) = self.next_marker_suffix(s, start, end)?;
        let followed_by_path = s[end..].starts_with('/');
        (!followed_by_path && self.defined.contains(&next) && !self.cited_elsewhere.contains(&next))
            .then_some(split)
    }

    /// Where the digit run `s[start..end]` ends in the next expected marker number after at
    /// least one digit of its own: the split offset and that number.
    fn next_marker_suffix(&self, s: &str, start: usize, end: usize) -> Option<(usize, u32)> {
        let next = self.max_seen + 1;
        let digits = next.to_string();
        let split = end.checked_sub(digits.len()).filter(|&at| at > start)?;
        (s[split..end] == digits).then_some((split, next))
    }

    fn is_next(&self, value: u32) -> bool {
        value == self.max_seen + 1
    }

    /// A marker glued to a lower-case word or closing punctuation.
    fn strong(&self, value: u32, len: usize) -> bool {
        let max_defined = self.defined.last().copied().unwrap_or(0);
        let undefined_but_plausible =
            len <= 2 && value <= max_defined.max(self.max_seen) + 2 && value <= self.max_seen + 2;
        value > 0 && (self.defined.contains(&value) || undefined_but_plausible)
    }

    /// A doubtful candidate: it must be defined and continue the sequence.
    fn fits(&self, value: u32) -> bool {
        self.defined.contains(&value) && value <= self.max_seen + 1 && value > 0
    }
}

/// Offset of the first ASCII digit at or after `from`, or the end. Digits are rare in prose,
/// so whole chunks are tested at once (the compiler vectorises the test).
fn next_digit(bytes: &[u8], from: usize) -> usize {
    const CHUNK: usize = 16;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + CHUNK) {
        if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            break;
        }
        i += CHUNK;
    }
    bytes[i..]
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(bytes.len(), |n| i + n)
}

fn digit_before(s: &str, at: usize) -> bool {
    s[..at].ends_with(|c: char| c.is_ascii_digit())
}

fn is_year(s: &str) -> bool {
    s.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y))
}

/// The run of alphanumeric characters ending at `at`.
fn word_before(s: &str, at: usize) -> &str {
    let head = &s[..at];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(at, |(i, _)| i);
    &head[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_lines_open_with_a_number_then_text() {
        for (line, number) in [
            ("12  See A/77/1.", Some("12")),
            ("1\tIbid., para. 3.", Some("1")),
            ("123 \t Official Records", Some("123")),
            ("1234 Official Records", None),
            ("12", None),
            ("12 \t ", None),
            ("12\u{a0}June", None),
            ("12 \u{a0}June", None),
            ("12See", None),
            (" 12 See", None),
            ("See 12", None),
        ] {
            assert_eq!(footnote_number(line), number, "{line:?}");
        }
    }

    #[test]
    fn finds_digits_across_chunks() {
        let text = "a".repeat(40) + "7" + &"b".repeat(20) + "12";
        let bytes = text.as_bytes();
        assert_eq!(next_digit(bytes, 0), 40);
        assert_eq!(next_digit(bytes, 41), 61);
        assert_eq!(next_digit(bytes, 63), 63);
        assert_eq!(next_digit(b"no digits here", 0), 14);
    }
}
