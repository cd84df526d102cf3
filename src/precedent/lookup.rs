//! What the editor asks of the index, as plain functions over a draft and byte offsets: hover,
//! definition, references, workspace symbols and completion. The language server converts
//! offsets and paths to LSP types.

use super::index::{CitedPlace, Instrument, PrecedentIndex, Resolution, StoredReference};
use super::references::{self, ResolutionRef};
use super::{Body, Date, undocs_link};
use crate::edit::Edit;
use crate::model::citation::{self, Note};
use crate::model::{Document, Format, instrument};
use crate::source::Span;
use regex::Regex;
use std::path::PathBuf;
use std::sync::LazyLock;

/// Most precedents listed in an instrument hover.
pub const MAX_CITED_IN: usize = 8;
/// Most locations returned for an instrument's definition or uses.
pub const MAX_LOCATIONS: usize = 200;

/// A line in a corpus file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    /// Zero-based.
    pub line: u32,
}

/// A known instrument named in a draft.
#[derive(Clone, Debug)]
pub struct InstrumentHit<'a> {
    pub instrument: &'a Instrument,
    /// Source span of the name in the draft.
    pub span: Span,
}

/// Hover content for an instrument.
#[derive(Clone, Debug, PartialEq)]
pub struct InstrumentHover {
    pub span: Span,
    pub name: String,
    /// The form most precedents use.
    pub citation: Option<String>,
    /// Other forms, with the number of resolutions using each, when precedents disagree.
    pub variants: Vec<(String, u32)>,
    /// "A/RES/71/167, footnote 4", newest first, at most [`MAX_CITED_IN`].
    pub cited_in: Vec<String>,
    /// Resolutions citing it in all.
    pub resolutions: usize,
}

impl InstrumentHover {
    pub fn markdown(&self) -> String {
        let mut out = format!("**{}**\n\n", self.name);
        if let Some(c) = &self.citation {
            out.push_str(&format!("Standard citation: {}\n\n", italic_series(c)));
        }
        if !self.variants.is_empty() {
            out.push_str("Also cited as:\n");
            for (v, n) in &self.variants {
                let s = if *n == 1 { "" } else { "s" };
                out.push_str(&format!("- {} ({n} resolution{s})\n", italic_series(v)));
            }
            out.push('\n');
        }
        let more = self.resolutions.saturating_sub(self.cited_in.len());
        out.push_str(&format!("Cited in {}", self.cited_in.join("; ")));
        if more > 0 {
            out.push_str(&format!("; and {more} more"));
        }
        out
    }
}

/// Hover content for a resolution reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolutionHover<'a> {
    pub reference: ResolutionRef,
    /// The indexed resolution, when the corpus knows it.
    pub resolution: Option<&'a Resolution>,
    /// Resolutions in the corpus that cite it.
    pub cited_by: usize,
    /// The adoption date the citing resolutions agree on, for a resolution the corpus does not
    /// hold.
    pub cited_date: Option<Date>,
    pub link: String,
}

impl ResolutionHover<'_> {
    pub fn markdown(&self) -> String {
        let symbol = self
            .resolution
            .map_or_else(|| self.reference.symbol(), |r| r.symbol.clone());
        let mut out = format!("**{symbol}**");
        if let Some(r) = self.resolution {
            out.push_str(&format!(" — {}\n\n", r.title));
            let date = r.date.map_or("date unknown".to_string(), |d| d.to_string());
            out.push_str(&format!("Adopted by the {} on {date}. ", r.body.name()));
            let s = if self.cited_by == 1 { "" } else { "s" };
            out.push_str(&format!(
                "Cited by {} later resolution{s} in the corpus.",
                self.cited_by
            ));
        } else {
            let body = self.reference.body.name();
            out.push_str(&format!(" ({body})\n\nNot in the precedent corpus"));
            if self.cited_by > 0 {
                out.push_str("; ");
                out.push_str(&citing(self.cited_by));
                if let Some(date) = self.cited_date {
                    out.push_str(&format!(" as adopted on {date}"));
                }
            }
            out.push('.');
        }
        out.push_str(&format!("\n\n{}", self.link));
        out
    }
}

/// "1 resolution in the corpus cites it", "12 resolutions in the corpus cite it".
fn citing(n: usize) -> String {
    match n {
        1 => "1 resolution in the corpus cites it".to_string(),
        n => format!("{n} resolutions in the corpus cite it"),
    }
}

/// Instrument and resolution uses: in the open document and in the corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uses {
    pub in_document: Vec<Span>,
    pub in_corpus: Vec<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Resolution,
    Instrument,
}

/// A workspace symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolMatch {
    pub kind: SymbolKind,
    /// "A/RES/59/166" or the instrument's name.
    pub name: String,
    /// The title and date, or the standard citation.
    pub detail: String,
    pub location: Location,
}

/// A completion candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// "59/166" or the instrument's name.
    pub label: String,
    /// The title and date, or the standard citation.
    pub detail: String,
    /// "59/166 of 20 December 2004", or the instrument's name.
    pub insert_text: String,
    /// What the typed text is replaced with the insert text.
    pub replace: Span,
    /// For instruments: the footnote to add with the name (see [`insert_footnote`]).
    pub footnote: Option<String>,
}

/// The resolution reference at `offset` (on its number, date or the word "resolution").
pub fn reference_at(doc: &Document, offset: usize) -> Option<ResolutionRef> {
    references::references(doc)
        .into_iter()
        .find(|r| r.full.contains(offset) || r.span.contains(offset))
}

/// Every resolution reference of the document with its `https://undocs.org/en/<symbol>` link,
/// for `textDocument/documentLink`. Needs no index.
pub fn document_links(doc: &Document) -> Vec<(Span, String)> {
    references::references(doc)
        .into_iter()
        .map(|r| (r.span, undocs_link(&r.symbol())))
        .collect()
}

/// Title, date, body, citing resolutions and link of the resolution referred to at `offset`.
pub fn resolution_hover<'a>(
    index: &'a PrecedentIndex,
    doc: &Document,
    offset: usize,
) -> Option<ResolutionHover<'a>> {
    let reference = reference_at(doc, offset)?;
    let found = index.resolve_exact(reference.body, &reference.number, &reference.parts);
    let resolution = found.map(|i| &index.resolutions[i]);
    let link = resolution.map_or_else(|| undocs_link(&reference.symbol()), Resolution::link);
    let cited = index.cited(reference.body, &reference.number, &reference.parts);
    let cited_by = match found {
        Some(i) => index.cited_by(i).len(),
        None => cited.map_or(0, |c| c.by.len()),
    };
    Some(ResolutionHover {
        cited_by,
        cited_date: cited.and_then(|c| c.date).filter(|_| found.is_none()),
        resolution,
        reference,
        link,
    })
}

/// The instrument named at `offset`: the name before a footnote marker, or any mention of an
/// instrument that several precedents cite.
pub fn instrument_at<'a>(
    index: &'a PrecedentIndex,
    doc: &Document,
    offset: usize,
) -> Option<InstrumentHit<'a>> {
    let p = doc.paragraph_at(offset)?;
    named_instruments(index, doc, p)
        .into_iter()
        .find(|hit| hit.span.contains(offset))
}

/// Known instruments named in paragraph `p`: before markers first, then other mentions.
fn named_instruments<'a>(
    index: &'a PrecedentIndex,
    doc: &Document,
    p: usize,
) -> Vec<InstrumentHit<'a>> {
    let para = &doc.paragraphs[p];
    let text = para.text.as_str();
    let mut out = Vec::new();
    let names = super::names::marker_names(doc);
    for named in names[para.markers.clone()].iter().flatten() {
        let key = super::index::instrument_key(&named.name);
        if let Some(instrument) = key.and_then(|k| index.instrument(&k)) {
            let span = para
                .text
                .source_span(Span::new(named.range.start, named.range.end));
            out.push(InstrumentHit { instrument, span });
        }
    }
    for (id, range) in index.matcher().find(text) {
        let span = para.text.source_span(Span::new(range.start, range.end));
        out.push(InstrumentHit {
            instrument: &index.instruments[id],
            span,
        });
    }
    out
}

/// Standard citation, variants and where precedents cite the instrument named at `offset`.
pub fn instrument_hover(
    index: &PrecedentIndex,
    doc: &Document,
    offset: usize,
) -> Option<InstrumentHover> {
    let hit = instrument_at(index, doc, offset)?;
    let i = hit.instrument;
    let mut cited_in: Vec<String> = Vec::new();
    let mut last = None;
    for place in &i.places {
        if last == Some(place.resolution) {
            continue;
        }
        last = Some(place.resolution);
        if cited_in.len() < MAX_CITED_IN {
            let symbol = &index.resolutions[place.resolution as usize].symbol;
            cited_in.push(format!("{symbol}, footnote {}", place.footnote));
        }
    }
    Some(InstrumentHover {
        span: hit.span,
        name: i.name.clone(),
        citation: i.standard_citation().map(str::to_string),
        variants: i.citations.iter().skip(1).take(3).cloned().collect(),
        cited_in,
        resolutions: i.resolution_count(),
    })
}

/// Where to go from `offset`: a referenced resolution's title line, or the precedent footnote
/// that gives the standard citation of the instrument named there.
pub fn definition(index: &PrecedentIndex, doc: &Document, offset: usize) -> Vec<Location> {
    if let Some(r) = reference_at(doc, offset) {
        let held: Vec<Location> = index
            .resolve(r.body, &r.number, &r.parts)
            .into_iter()
            .map(|i| title_location(&index.resolutions[i]))
            .collect();
        return if held.is_empty() {
            citing_locations(index, &r)
        } else {
            held
        };
    }
    instrument_at(index, doc, offset)
        .and_then(|hit| standard_place(hit.instrument))
        .map(|p| corpus_line(index, p.resolution, p.line))
        .into_iter()
        .collect()
}

/// Where an instrument's standard citation is best seen: the newest precedent whose footnote
/// gives it, else its newest citation. References list the others.
fn standard_place(instrument: &Instrument) -> Option<&CitedPlace> {
    let standard = instrument.standard_citation();
    let places = &instrument.places;
    places
        .iter()
        .find(|p| p.citation.is_some() && p.citation.as_deref() == standard)
        .or(places.first())
}

/// Where the corpus cites a resolution it does not hold: the first citation in each citing
/// resolution, newest resolution first.
fn citing_locations(index: &PrecedentIndex, r: &ResolutionRef) -> Vec<Location> {
    let mut citations: Vec<&StoredReference> = Vec::new();
    for o in &index.references {
        let same = o.body == r.body && *o.number == *r.number && o.parts == r.parts;
        if same && !citations.iter().any(|c| c.from == o.from) {
            citations.push(o);
        }
    }
    citations.sort_by_key(|c| std::cmp::Reverse(index.resolutions[c.from as usize].date));
    citations
        .into_iter()
        .take(MAX_LOCATIONS)
        .map(|c| corpus_line(index, c.from, c.line))
        .collect()
}

/// Line `line` of the file of resolution `resolution` of the index.
fn corpus_line(index: &PrecedentIndex, resolution: u32, line: u32) -> Location {
    Location {
        file: index.resolutions[resolution as usize].file.clone(),
        line,
    }
}

fn title_location(r: &Resolution) -> Location {
    Location {
        file: r.file.clone(),
        line: r.title_line,
    }
}

fn place_locations(index: &PrecedentIndex, places: &[CitedPlace]) -> Vec<Location> {
    places
        .iter()
        .take(MAX_LOCATIONS)
        .map(|p| corpus_line(index, p.resolution, p.line))
        .collect()
}

/// Uses of the resolution or instrument at `offset`, in the document and in the corpus.
pub fn uses(index: &PrecedentIndex, doc: &Document, offset: usize) -> Option<Uses> {
    if let Some(r) = reference_at(doc, offset) {
        let same = |body: Body, number: &str| body == r.body && number == &*r.number;
        let in_document = references::references(doc)
            .into_iter()
            .filter(|o| same(o.body, &o.number))
            .map(|o| o.span)
            .collect();
        let in_corpus = index
            .references
            .iter()
            .filter(|o| same(o.body, &o.number))
            .take(MAX_LOCATIONS)
            .map(|o| corpus_line(index, o.from, o.line))
            .collect();
        return Some(Uses {
            in_document,
            in_corpus,
        });
    }
    let key = &instrument_at(index, doc, offset)?.instrument.key;
    let mut in_document: Vec<Span> = (0..doc.paragraphs.len())
        .flat_map(|p| named_instruments(index, doc, p))
        .filter(|hit| &hit.instrument.key == key)
        .map(|hit| hit.span)
        .collect();
    in_document.sort();
    in_document.dedup();
    let in_corpus = place_locations(index, &index.instrument(key)?.places);
    Some(Uses {
        in_document,
        in_corpus,
    })
}

/// Resolutions by symbol or title words, and instruments by name; newest resolutions first,
/// most cited instruments first.
pub fn workspace_symbols(index: &PrecedentIndex, query: &str, limit: usize) -> Vec<SymbolMatch> {
    let query = query.trim().to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let has_words = |text: &str| {
        let text = text.to_lowercase();
        words.iter().all(|w| text.contains(w))
    };
    let resolutions = index
        .resolutions
        .iter()
        .filter(|r| r.symbol.to_lowercase().contains(&query) || has_words(&r.title))
        .map(|r| SymbolMatch {
            kind: SymbolKind::Resolution,
            name: r.symbol.clone(),
            detail: resolution_detail(r),
            location: title_location(r),
        });
    let mut instruments: Vec<&Instrument> = index
        .instruments
        .iter()
        .filter(|i| !words.is_empty() && has_words(&i.name))
        .collect();
    instruments.sort_by_key(|i| std::cmp::Reverse(i.resolution_count()));
    let instruments = instruments.into_iter().filter_map(|i| {
        Some(SymbolMatch {
            kind: SymbolKind::Instrument,
            name: i.name.clone(),
            detail: i.standard_citation().unwrap_or_default().to_string(),
            location: place_locations(index, &i.places).into_iter().next()?,
        })
    });
    resolutions.chain(instruments).take(limit).collect()
}

fn resolution_detail(r: &Resolution) -> String {
    match r.date {
        Some(d) => format!("{} ({d})", r.title),
        None => r.title.clone(),
    }
}

static RESOLUTION_TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(General Assembly|Security Council|Human Rights Council|Economic and Social Council|its) )?[Rr]esolutions? ([0-9/]*)$").unwrap()
});

/// Resolutions to complete after "resolution " (and the digits typed so far) at `offset` of
/// `text`: label "59/166", detail the title and date, inserting "59/166 of 20 December 2004".
pub fn resolution_completions(
    index: &PrecedentIndex,
    text: &str,
    offset: usize,
    limit: usize,
) -> Vec<Completion> {
    let offset = crate::source::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let Some(caps) = RESOLUTION_TYPED.captures(&text[line_start..offset]) else {
        return Vec::new();
    };
    let typed = caps.get(2).unwrap();
    let body = match caps.get(1).map(|m| m.as_str()) {
        Some("its") | None => Body::GeneralAssembly,
        Some(name) => Body::from_organ(name).unwrap_or(Body::GeneralAssembly),
    };
    let replace = Span::new(line_start + typed.start(), offset);
    let typed = typed.as_str();
    let held = index
        .resolutions
        .iter()
        .filter(|r| r.body == body && r.number.starts_with(typed))
        .map(|r| resolution_completion(&r.number, &r.parts, r.date, resolution_detail(r), replace));
    let mut cited: Vec<_> = index
        .cited_resolutions()
        .filter(|((b, number, parts), _)| {
            *b == body
                && number.starts_with(typed)
                && index.resolve_exact(body, number, parts).is_none()
        })
        .collect();
    // The most cited first: those are the ones drafts cite.
    cited.sort_by(|(a, ca), (b, cb)| cb.by.len().cmp(&ca.by.len()).then_with(|| a.cmp(b)));
    let cited = cited.into_iter().map(|((_, number, parts), c)| {
        resolution_completion(number, parts, c.date, citing(c.by.len()), replace)
    });
    held.chain(cited).take(limit).collect()
}

/// Completes "59/166" (with its part letter, if one) as "59/166 of 20 December 2004".
fn resolution_completion(
    number: &str,
    parts: &[String],
    date: Option<Date>,
    detail: String,
    replace: Span,
) -> Completion {
    let label = match parts {
        [] => number.to_string(),
        parts => format!("{number} {}", parts.join(" and ")),
    };
    let insert_text = match date {
        Some(d) => format!("{label} of {d}"),
        None => label.clone(),
    };
    Completion {
        label,
        detail,
        insert_text,
        replace,
        footnote: None,
    }
}

/// Instruments whose name starts with the capitalised words typed before `offset` ("Convention
/// on the R", taken from the earliest "the" that gives matches), most cited first, each with
/// the footnote citation to add with it.
pub fn instrument_completions(
    index: &PrecedentIndex,
    text: &str,
    offset: usize,
    limit: usize,
) -> Vec<Completion> {
    let offset = crate::source::floor_char_boundary(text, offset);
    for start in typed_name_starts(text, offset) {
        let typed = instrument::normalize(&text[start..offset]);
        let mut found: Vec<&Instrument> = index
            .instruments
            .iter()
            .filter(|i| i.key.starts_with(&typed) && i.standard_citation().is_some())
            .collect();
        if found.is_empty() {
            continue;
        }
        found.sort_by_key(|i| std::cmp::Reverse(i.resolution_count()));
        return found
            .into_iter()
            .take(limit)
            .map(|i| Completion {
                label: i.name.clone(),
                detail: i.standard_citation().unwrap_or_default().to_string(),
                insert_text: i.name.clone(),
                replace: Span::new(start, offset),
                footnote: i.standard_citation().map(str::to_string),
            })
            .collect();
    }
    Vec::new()
}

/// Where the name being typed may start: after each "the " (or the start of the phrase) that is
/// followed by a capital, earliest first.
fn typed_name_starts(text: &str, offset: usize) -> Vec<usize> {
    let floor = crate::source::floor_char_boundary(text, offset.saturating_sub(160));
    let window = &text[floor..offset];
    let cut = window
        .rfind(['\n', '\r', ',', ';', ':', '(', '*', '>'])
        .map_or(0, |i| i + 1);
    let phrase = &window[cut..];
    let lead = phrase.len() - phrase.trim_start().len();
    std::iter::once(cut + lead)
        .chain(phrase.match_indices("the ").map(|(i, _)| cut + i + 4))
        .filter(|&s| window[s..].starts_with(char::is_uppercase) && window.len() - s >= 2)
        .map(|s| floor + s)
        .collect()
}

/// Edits that add a footnote citing `citation` at `at` (just after an instrument's name),
/// numbered in sequence: later markers and notes move up by one, and an "Ibid." that would
/// now lean on the new note is written out in full.
pub fn insert_footnote(doc: &Document, at: usize, citation: &str) -> Vec<Edit> {
    let number = doc
        .markers
        .iter()
        .filter(|m| m.span.start < at)
        .map(|m| m.number)
        .max()
        .unwrap_or(0)
        + 1;
    let caret = doc.text.contains("[^");
    let mut edits: Vec<Edit> = doc
        .markers
        .iter()
        .map(|m| (m.number, m.number_span))
        .chain(doc.footnotes.iter().map(|f| (f.number, f.number_span)))
        .filter(|(n, _)| *n >= number)
        .map(|(n, span)| Edit {
            span,
            replacement: (n + 1).to_string(),
        })
        .collect();
    edits.push(Edit {
        span: Span::empty(at),
        replacement: marker_text(doc.format, caret, number),
    });
    let body = body_text(doc.format, caret, number, citation);
    let next = doc.footnotes.iter().position(|f| f.number >= number);
    edits.push(match next {
        Some(i) => Edit {
            span: Span::empty(doc.footnotes[i].span.start),
            replacement: format!("{body}\n\n"),
        },
        None => {
            let end = doc
                .footnotes
                .last()
                .map_or(doc.text.trim_end().len(), |f| f.span.end);
            Edit {
                span: Span::empty(end),
                replacement: format!("\n\n{body}"),
            }
        }
    });
    if let Some(i) = next {
        edits.extend(write_out_ibid(doc, i));
    }
    edits
}

fn marker_text(format: Format, caret: bool, number: u32) -> String {
    match (format, caret) {
        (Format::Ods, _) => number.to_string(),
        (Format::Markdown, true) => format!("[^{number}]"),
        (Format::Markdown, false) => format!("<sup>{number}</sup>"),
    }
}

/// A citation as Markdown footnotes print it: the *Treaty Series* in italics.
fn italic_series(citation: &str) -> String {
    citation.replace("Treaty Series", "*Treaty Series*")
}

fn body_text(format: Format, caret: bool, number: u32, citation: &str) -> String {
    let italic = italic_series(citation);
    match (format, caret) {
        (Format::Ods, _) => format!("{number} {citation}"),
        (Format::Markdown, true) => format!("[^{number}]: {italic}"),
        (Format::Markdown, false) => format!("<sup>{number}</sup> {italic}"),
    }
}

/// An "Ibid." note that will follow a new note is replaced by the citation it stood for.
fn write_out_ibid(doc: &Document, footnote: usize) -> Option<Edit> {
    let notes = citation::analyse(doc);
    let info = notes.iter().find(|n| n.footnote == footnote)?;
    let (Note::Ibid { .. }, Some(resolved)) = (&*info.note, &info.resolved) else {
        return None;
    };
    let text = &doc.footnotes[footnote].text;
    let span = text.source_span(Span::new(0, text.len()));
    // Take in the emphasis around "*Ibid.*", which the plain text leaves out.
    let (before, after) = (&doc.text[..span.start], &doc.text[span.end..]);
    let opening = before.len() - before.trim_end_matches(['*', '_']).len();
    let closing = after.len() - after.trim_start_matches(['*', '_']).len();
    Some(Edit {
        span: Span::new(span.start - opening, span.end + closing),
        replacement: resolved.render(),
    })
}
