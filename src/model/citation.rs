//! Footnote citations: what a footnote cites, and what an "Ibid." stands for.
//!
//! A citation is read as comma-separated elements: a base (the series or document) followed by
//! locators (vol., No., annex, chap., sect., para., session, supplement …). "Ibid." keeps the
//! preceding note's source and overrides its trailing locators from the first one of the same
//! kind: "Ibid., vol. 2131, No. 20378." after "United Nations, Treaty Series, vol. 1249,
//! No. 20378." stands for "United Nations, Treaty Series, vol. 2131, No. 20378.".

use super::plain::PlainText;
use super::{Document, PlaceCache};
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// What kind of source a footnote cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    TreatySeries,
    Resolution,
    OfficialRecords,
    Publication,
    Document,
    /// "Such as …", "For example …": a note of examples, not a source.
    Explanatory,
    Other,
}

/// Kinds of citation elements, from the most general to the most specific.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ElementKind {
    Base,
    Session,
    Supplement,
    Volume,
    Number,
    Part,
    Annex,
    Chapter,
    Section,
    ResolutionRef,
    Article,
    Paragraph,
    Page,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub kind: ElementKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub kind: SourceKind,
    pub elements: Vec<Element>,
    /// How many distinct sources the note cites.
    pub sources: usize,
}

impl Citation {
    /// The citation as a footnote would print it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, e) in self.elements.iter().enumerate() {
            if i > 0 && !e.text.starts_with(';') {
                out.push_str(", ");
            }
            out.push_str(&e.text);
        }
        if let Some(first) = out.chars().next() {
            let upper: String = first.to_uppercase().collect();
            out.replace_range(..first.len_utf8(), &upper);
        }
        if !out.ends_with('.') {
            out.push('.');
        }
        out
    }

    /// What an "Ibid." followed by `locators` locators stands for: this citation without
    /// those trailing locators, shortened for an inlay hint ("United Nations, Treaty Series"
    /// before "Ibid., vol. 2237, No. 39574.").
    pub fn ibid_part(&self, locators: usize) -> String {
        let len = self.elements.len();
        let keep = len.saturating_sub(locators).max(1).min(len);
        let part = Citation {
            elements: self.elements[..keep].to_vec(),
            ..self.clone()
        }
        .render();
        let part = part.trim_end_matches('.');
        if part.chars().count() > 60 {
            let cut: String = part.chars().take(57).collect();
            format!("{cut}…")
        } else {
            part.to_string()
        }
    }
}

/// A footnote body read as a citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Shared with the [`NoteInfo`] that resolves to it: not copied on every keystroke.
    Full(Arc<Citation>),
    Ibid {
        locators: Vec<Element>,
    },
}

static IBID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i:ibid)\.?\s*,?\s*").unwrap());
static SEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^See(?: also)?(?:,? (?:for example|e\.g\.|inter alia),?)? ").unwrap()
});
static EXPLANATORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Such as|For example|Including|E\.g\.|Namely|These are|The )").unwrap()
});
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])((?:[A-Z]{1,6}(?:\.\d+)?)(?:/[A-Za-z0-9.\-]+)+)").unwrap()
});
static RESOLUTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[A-Z]+-)?\d+/\d+\b|\b\d+ (?:[A-Z] )?\([IVXLC]+\)").unwrap());
static ORDINAL_SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z][a-z]+(?:-[a-z]+)? (?:Special |Emergency Special )?Session|\d{4}|Resumed)",
    )
    .unwrap()
});

/// Reads a footnote body.
pub fn parse_note(text: &str) -> Note {
    let text = text.trim();
    if let Some(m) = IBID.find(text) {
        let rest = text[m.end()..].trim_end_matches('.');
        return Note::Ibid {
            locators: split_elements(rest)
                .into_iter()
                .map(classify_element)
                .collect(),
        };
    }
    Note::Full(Arc::new(parse_citation(text)))
}

fn parse_citation(text: &str) -> Citation {
    let see = SEE.find(text);
    let body = see.map_or(text, |m| &text[m.end()..]).trim_end_matches('.');
    let kind = source_kind(body);
    let segments: Vec<&str> = split_top_level(body, ';');
    let sources = segments.iter().map(|s| sources_in(s)).sum::<usize>().max(1);
    let mut raw = split_elements(segments[0]);
    if raw.len() >= 2 && raw[1].starts_with("Treaty Series") {
        let base = format!("{}, {}", raw[0], raw[1]);
        raw.splice(0..2, [base]);
    }
    let mut elements: Vec<Element> = raw.into_iter().map(classify_element).collect();
    if let Some(first) = elements.first_mut() {
        first.kind = ElementKind::Base;
    }
    for extra in &segments[1..] {
        elements.push(Element {
            kind: ElementKind::Other,
            text: format!("; {}", extra.trim()),
        });
    }
    Citation {
        kind,
        elements,
        sources,
    }
}

fn source_kind(body: &str) -> SourceKind {
    let lower = body.to_ascii_lowercase();
    if body.contains("Treaty Series") {
        SourceKind::TreatySeries
    } else if lower.starts_with("resolution") || lower.starts_with("decision") {
        SourceKind::Resolution
    } else if body.starts_with("Official Records") {
        SourceKind::OfficialRecords
    } else if body.contains("Sales No.") {
        SourceKind::Publication
    } else if SYMBOL
        .captures(body)
        .is_some_and(|c| c.get(1).unwrap().start() == 0)
    {
        SourceKind::Document
    } else if EXPLANATORY.is_match(body) {
        SourceKind::Explanatory
    } else {
        SourceKind::Other
    }
}

/// Number of distinct sources in one ";"-free segment.
fn sources_in(segment: &str) -> usize {
    let s = segment.trim().trim_start_matches("and ");
    // "…, Supplement No. 12 (A/78/12); ibid., Seventy-ninth Session, …": another part of
    // the same series, not another source.
    if s.is_empty() || IBID.is_match(s) {
        return 0;
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("resolutions") || lower.starts_with("decisions") {
        return RESOLUTION_NUMBER.find_iter(s).count().max(1);
    }
    if source_kind(s) == SourceKind::Document {
        // "A/ES-10/273 and A/ES-10/273/Corr.1" is one document with its corrigendum.
        let mut roots: Vec<&str> = SYMBOL
            .captures_iter(s)
            .map(|c| document_root(c.get(1).unwrap().as_str()))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        return roots.len().max(1);
    }
    1
}

/// A document symbol without its `/Add.1`, `/Corr.1`, `/Rev.1` or `/Amend.1` suffixes.
fn document_root(symbol: &str) -> &str {
    let mut root = symbol.trim_end_matches(['.', ',']);
    while let Some(i) = root.rfind('/') {
        let last = &root[i + 1..];
        if ["Add.", "Corr.", "Rev.", "Amend."]
            .iter()
            .any(|p| last.starts_with(p))
        {
            root = &root[..i];
        } else {
            break;
        }
    }
    root
}

/// Splits on `sep` outside parentheses.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            c if c == sep && depth <= 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn split_elements(s: &str) -> Vec<String> {
    split_top_level(s, ',')
        .into_iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect()
}

fn classify_element(text: String) -> Element {
    let lower = text.to_ascii_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| lower.starts_with(p));
    let kind = if starts(&["vol.", "vols.", "vol ", "volume"]) {
        ElementKind::Volume
    } else if starts(&["no.", "nos."]) {
        ElementKind::Number
    } else if starts(&["supplement", "suppl."]) {
        ElementKind::Supplement
    } else if starts(&["annex", "appendix", "enclosure"]) {
        ElementKind::Annex
    } else if starts(&["chap.", "chaps.", "chapter"]) {
        ElementKind::Chapter
    } else if starts(&["sect.", "sects.", "section"]) {
        ElementKind::Section
    } else if starts(&["para.", "paras.", "paragraph"]) {
        ElementKind::Paragraph
    } else if starts(&["p. ", "pp. "]) {
        ElementKind::Page
    } else if starts(&["art.", "arts.", "article"]) {
        ElementKind::Article
    } else if starts(&["part "]) {
        ElementKind::Part
    } else if ["resolution", "decision", "recommendation"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        ElementKind::ResolutionRef
    } else if ORDINAL_SESSION.is_match(&text) {
        ElementKind::Session
    } else {
        ElementKind::Other
    };
    Element { kind, text }
}

/// Why an "Ibid." cannot be resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IbidProblem {
    /// The first footnote, or no footnote before it.
    NoAntecedent,
    /// The preceding footnote cites several sources (or only gives examples).
    Ambiguous,
    /// The locator cannot belong to the preceding footnote's kind of source.
    Incompatible,
}

/// Whether a locator of `kind` can follow "Ibid." after a source of `source`.
fn compatible(source: SourceKind, kind: ElementKind) -> bool {
    use ElementKind as E;
    match source {
        SourceKind::TreatySeries => matches!(
            kind,
            E::Volume | E::Number | E::Page | E::Article | E::Part | E::Other
        ),
        SourceKind::Resolution => {
            !matches!(kind, E::Volume | E::Number | E::Session | E::Supplement)
        }
        SourceKind::Document => !matches!(kind, E::Volume | E::Number | E::Session),
        _ => true,
    }
}

/// Resolves an "Ibid." against the citation it leans on.
pub fn resolve_ibid(antecedent: &Citation, locators: &[Element]) -> Result<Citation, IbidProblem> {
    if antecedent.kind == SourceKind::Explanatory {
        return Err(IbidProblem::Ambiguous);
    }
    let mut resolved = antecedent.clone();
    // A bare "Ibid." repeats the whole note before it, however many sources it cites.
    let Some(first) = locators.first() else {
        return Ok(resolved);
    };
    if antecedent.sources > 1 {
        return Err(IbidProblem::Ambiguous);
    }
    if !compatible(antecedent.kind, first.kind) {
        return Err(IbidProblem::Incompatible);
    }
    let keep = override_point(&resolved.elements, first.kind);
    resolved.elements.truncate(keep);
    resolved.elements.extend(locators.iter().cloned());
    Ok(resolved)
}

/// Where an Ibid.'s locators start replacing the antecedent's elements: at the element of the
/// same kind ("annex I" → "annex II", "Seventy-fourth Session" → "Seventy-fifth Session"), else
/// at the first locator more specific than it; descriptive elements (place, date, "advisory
/// opinion") are kept.
fn override_point(elements: &[Element], kind: ElementKind) -> usize {
    let locators = || {
        elements
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, e)| e.kind != ElementKind::Other)
    };
    locators()
        .find(|(_, e)| e.kind == kind)
        .or_else(|| locators().find(|(_, e)| e.kind > kind))
        .map_or(elements.len(), |(i, _)| i)
}

/// A footnote with its citation read and, for an "Ibid.", resolved.
#[derive(Clone, Debug)]
pub struct NoteInfo {
    /// Index into [`Document::footnotes`].
    pub footnote: usize,
    /// Shared with the reading an editor keeps for the next keystroke.
    pub note: Arc<Note>,
    /// The full citation this note stands for (`None` when an Ibid. cannot be resolved).
    pub resolved: Option<Arc<Citation>>,
    /// For an Ibid.: the footnote it leans on (the one before it).
    pub antecedent: Option<usize>,
    /// For an Ibid.: the first footnote of the chain, which is not an Ibid.
    pub origin: Option<usize>,
    pub problem: Option<IbidProblem>,
}

impl NoteInfo {
    pub fn is_ibid(&self) -> bool {
        matches!(*self.note, Note::Ibid { .. })
    }
}

/// The footnotes read by the last analysis, for the next: an edit changes one note at most.
pub type NoteCache = PlaceCache<Arc<Note>>;

/// Reads every footnote of a document and resolves its Ibid. chains, in body order.
pub fn analyse(doc: &Document) -> Vec<NoteInfo> {
    analyse_reusing(doc, None)
}

/// [`analyse`], reading again only the footnotes that changed since the reading kept in
/// `cache`.
pub fn analyse_reusing(doc: &Document, cache: Option<&NoteCache>) -> Vec<NoteInfo> {
    let texts = doc.footnotes.iter().map(|f| &f.text);
    let read = |_, text: &PlainText| Arc::new(parse_note(text.as_str()));
    let notes = PlaceCache::read_through(cache, 0, texts, read);
    let mut out: Vec<NoteInfo> = Vec::with_capacity(notes.len());
    for (i, note) in notes.into_iter().enumerate() {
        let info = match &*note {
            Note::Full(c) => NoteInfo {
                footnote: i,
                resolved: Some(c.clone()),
                note,
                antecedent: None,
                origin: None,
                problem: None,
            },
            Note::Ibid { locators } => {
                let prev = out.last();
                let (resolved, problem) = match prev {
                    None => (None, Some(IbidProblem::NoAntecedent)),
                    Some(p) => match &p.resolved {
                        Some(c) => match resolve_ibid(c, locators) {
                            Ok(r) => (Some(Arc::new(r)), None),
                            Err(e) => (None, Some(e)),
                        },
                        None => (None, None),
                    },
                };
                NoteInfo {
                    footnote: i,
                    antecedent: prev.map(|p| p.footnote),
                    origin: prev.map(|p| p.origin.unwrap_or(p.footnote)),
                    resolved,
                    note,
                    problem,
                }
            }
        };
        out.push(info);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(prev: &str, ibid: &str) -> Result<String, IbidProblem> {
        let Note::Full(c) = parse_note(prev) else {
            panic!("not a full note")
        };
        let Note::Ibid { locators } = parse_note(ibid) else {
            panic!("not an ibid")
        };
        resolve_ibid(&c, &locators).map(|c| c.render())
    }

    #[test]
    fn overrides_trailing_locators() {
        assert_eq!(
            resolve(
                "United Nations, Treaty Series, vol. 1249, No. 20378.",
                "Ibid., vol. 2131, No. 20378."
            ),
            Ok("United Nations, Treaty Series, vol. 2131, No. 20378.".into())
        );
        assert_eq!(
            resolve("Resolution 55/25, annex I.", "Ibid., annex II."),
            Ok("Resolution 55/25, annex II.".into())
        );
        assert_eq!(
            resolve("Resolution 70/1.", "Ibid."),
            Ok("Resolution 70/1.".into())
        );
        assert_eq!(
            resolve(
                "Official Records of the General Assembly, Seventy-fourth Session, Supplement No. 10 (A/74/10), chap. V.",
                "Ibid., Seventy-fifth Session, Supplement No. 10 (A/75/10)."
            ),
            Ok("Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 10 (A/75/10).".into())
        );
    }

    #[test]
    fn detects_problems() {
        assert_eq!(
            resolve("Resolution 55/25, annex I.", "Ibid., vol. 2131, No. 20378."),
            Err(IbidProblem::Incompatible)
        );
        assert_eq!(
            resolve("A/61/122 and Add.1.", "Ibid., vol. 2187, No. 38544."),
            Err(IbidProblem::Incompatible)
        );
        assert_eq!(
            resolve(
                "United Nations, Treaty Series, vols. 2171 and 2173, No. 27531; and resolution 66/138, annex.",
                "Ibid., vol. 2220, No. 39481."
            ),
            Err(IbidProblem::Ambiguous)
        );
        assert_eq!(
            resolve("See resolution 55/2.", "Ibid."),
            Ok("Resolution 55/2.".into())
        );
    }

    #[test]
    fn parts_of_one_series_and_bare_ibid_are_not_ambiguous() {
        let reports = "Official Records of the General Assembly, Seventy-eighth Session, Supplement No. 12 (A/78/12); ibid., Seventy-ninth Session, Supplement No. 12 (A/79/12).";
        assert_eq!(
            resolve(reports, "Ibid., Eightieth Session, Supplement No. 12 (A/80/12)."),
            Ok(
                "Official Records of the General Assembly, Eightieth Session, Supplement No. 12 (A/80/12)."
                    .into()
            )
        );
        let several =
            "United Nations, Treaty Series, vol. 1577, No. 27531; and resolution 66/138, annex.";
        assert!(resolve(several, "Ibid.").is_ok());
    }
}
