//! Building the index: every prior resolution read once, in parallel, into what the editor and
//! the citation checks need; the documents themselves are not kept.

use super::cited::{Cited, CitedKey};
use super::designations::{self, Designation};
use super::known::KnownNames;
use super::mentions::Matcher;
use super::near::NearMisses;
use super::references::{self, RefPlace};
use super::{Body, Date};
use crate::model::citation::{self, Citation, ElementKind, SourceKind};
use crate::model::{Document, instrument};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A prior resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// "A/RES/59/166", "A/RES/75/242 B", "A/RES/75/254 A-C".
    pub symbol: String,
    pub body: Body,
    /// "59/166", without part letters.
    pub number: String,
    /// Part letters of a resolution adopted in parts ("B"; "A", "B", "C").
    pub parts: Vec<String>,
    pub title: String,
    pub date: Option<Date>,
    pub file: PathBuf,
    /// Zero-based line of the title ("59/166. Trafficking in women and girls").
    pub title_line: u32,
}

impl Resolution {
    pub fn link(&self) -> String {
        super::undocs_link(&self.symbol)
    }

    /// Whether a reference with these part letters is to this resolution.
    fn has_parts(&self, parts: &[String]) -> bool {
        parts.iter().all(|p| self.parts.contains(p))
    }
}

/// One footnote citation of an instrument in a precedent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitedPlace {
    /// Index into [`PrecedentIndex::resolutions`].
    pub resolution: u32,
    pub footnote: u32,
    /// Zero-based line of the footnote marker.
    pub line: u32,
    /// The name as written before the marker ("thereto" resolved).
    pub name: String,
    /// The footnote's citation, "Ibid." resolved; `None` when it cannot be resolved.
    pub citation: Option<String>,
    /// "vol. 1577" and "No. 27531" of a single Treaty Series citation.
    pub treaty: Option<(String, String)>,
}

/// An instrument cited in precedents, by its normalised name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    /// [`instrument::normalize`]d name.
    pub key: String,
    /// The form most precedents write.
    pub name: String,
    /// Every place it is cited, newest resolution first.
    pub places: Vec<CitedPlace>,
    /// Distinct citations with the number of resolutions using each, most used first.
    pub citations: Vec<(String, u32)>,
    /// The Treaty Series volume and number that precedents agree on.
    pub treaty: Option<TreatyConsensus>,
    /// Resolutions that mention it in running text.
    pub mentioned_in: u32,
    /// Of those, resolutions whose first mention carries a footnote.
    pub footnoted_first_in: u32,
    /// Designations that precedents citing it agree on, in [`instrument::normalize`]d form
    /// ([`super::designations`]).
    #[serde(default)]
    pub designations: Vec<String>,
    /// Known only by its designations, not by a name: not looked for in running text.
    #[serde(default)]
    pub learned: bool,
}

impl Instrument {
    /// The standard citation: the form most precedents use.
    pub fn standard_citation(&self) -> Option<&str> {
        self.citations.first().map(|(c, _)| c.as_str())
    }

    /// Cited by several resolutions and footnoted at its first mention in (nearly) every
    /// resolution that mentions it.
    pub fn always_footnoted(&self) -> bool {
        self.footnoted_first_in >= MIN_SOURCES
            && self.footnoted_first_in * 20 >= self.mentioned_in * 19
    }

    /// Distinct resolutions citing it.
    pub fn resolution_count(&self) -> usize {
        let mut seen: Vec<u32> = self.places.iter().map(|p| p.resolution).collect();
        seen.dedup();
        seen.len()
    }
}

/// The Treaty Series locators a clear majority of precedents give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatyConsensus {
    pub volume: String,
    pub number: String,
    /// Resolutions giving these locators, and resolutions giving any.
    pub support: u32,
    pub total: u32,
}

/// A reference to a resolution in a precedent's text or footnotes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredReference {
    /// Index into [`PrecedentIndex::resolutions`] of the resolution that makes it.
    pub from: u32,
    pub body: Body,
    pub number: String,
    pub parts: Vec<String>,
    pub date: Option<Date>,
    /// Zero-based line.
    pub line: u32,
    pub in_footnote: bool,
}

/// Fewest resolutions that make a precedent: below this, one text's habit is not a practice.
pub const MIN_SOURCES: u32 = 3;

/// Everything known from prior resolutions.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PrecedentIndex {
    pub resolutions: Vec<Resolution>,
    /// Sorted by key.
    pub instruments: Vec<Instrument>,
    pub references: Vec<StoredReference>,
    #[serde(skip)]
    derived: Derived,
}

/// Lookup tables rebuilt after loading.
#[derive(Debug, Default)]
struct Derived {
    by_number: FxHashMap<(Body, String), Vec<usize>>,
    /// Resolutions that cite each resolution (indices, deduplicated).
    cited_by: Vec<Vec<u32>>,
    /// Every resolution the corpus cites, held or not.
    cited: FxHashMap<CitedKey, Cited>,
    /// Instruments cited by at least [`MIN_SOURCES`] resolutions.
    matcher: Matcher,
    /// Names of the instruments cited by two resolutions or more, for reading markers.
    known: KnownNames,
    /// Misspelt forms of the instruments cited by at least [`MIN_SOURCES`] resolutions.
    near: NearMisses,
    /// Tells this index from every other built or loaded in the process, so that what was
    /// found with one is never reused with another (the rules' per-document scan cache).
    id: u64,
}

/// What one file contributes, before instruments are grouped across files.
struct FileRecord {
    resolution: Resolution,
    places: Vec<(String, CitedPlace)>,
    references: Vec<StoredReference>,
    /// Paragraph texts with their marker offsets, for counting unfootnoted mentions.
    paragraphs: Vec<(String, Vec<usize>)>,
    designations: Vec<Designation>,
}

static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"adopted by the ([A-Z][A-Za-z ]+?) on (\d{1,2}\s+[A-Z][a-z]+\s+\d{4})").unwrap()
});

impl PrecedentIndex {
    /// Builds the index from these files (either format), reporting `(done, total)` as files
    /// are read. Files that are not resolutions, or repeat a symbol already read, are skipped;
    /// of `X.md` and `X.txt` side by side only the Markdown is read.
    pub fn build(files: &[PathBuf], progress: impl Fn(usize, usize) + Sync) -> PrecedentIndex {
        let files = prefer_markdown(files);
        let done = AtomicUsize::new(0);
        let records = parallel_map(&files, |path| {
            let record = read_record(path);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            record
        });
        let mut seen = FxHashSet::default();
        let records: Vec<FileRecord> = records
            .into_iter()
            .flatten()
            .filter(|r| seen.insert(r.resolution.symbol.clone()))
            .collect();
        assemble(records)
    }

    /// Rebuilds the lookup tables; called after building or loading.
    pub(crate) fn finish(mut self) -> PrecedentIndex {
        // The automata first: what building them takes for a while is then not held beside
        // the tables below (a `check`'s peak, issue 14).
        self.derived.near = NearMisses::new(&self.instruments);
        self.derived.known = KnownNames::new(&self.instruments, 2);
        self.derived.matcher = matcher(&self.instruments);
        let mut by_number: FxHashMap<(Body, String), Vec<usize>> = FxHashMap::default();
        for (i, r) in self.resolutions.iter().enumerate() {
            by_number
                .entry((r.body, r.number.clone()))
                .or_default()
                .push(i);
        }
        self.derived.by_number = by_number;
        let mut cited_by = vec![Vec::new(); self.resolutions.len()];
        for r in &self.references {
            if let Some(target) = self.resolve_exact(r.body, &r.number, &r.parts) {
                if target != r.from as usize && !cited_by[target].contains(&r.from) {
                    cited_by[target].push(r.from);
                }
            }
        }
        self.derived.cited_by = cited_by;
        self.derived.cited = super::cited::tally(&self.references);
        static IDS: AtomicU64 = AtomicU64::new(1);
        self.derived.id = IDS.fetch_add(1, Ordering::Relaxed);
        self
    }

    /// This index's identity in the process (0 before [`Self::finish`]).
    /// The index without what only the editor's features show: where each instrument and
    /// resolution was cited, resolution titles and files. A `check` holds it beside each
    /// draft, about 3 MB less (issue 14); the rules read none of it, and what is derived from
    /// it (the automata, the cited resolutions) stays.
    pub fn for_rules_only(mut self) -> PrecedentIndex {
        self.references = Vec::new();
        self.derived.cited_by = Vec::new();
        for instrument in &mut self.instruments {
            instrument.places = Vec::new();
        }
        for resolution in &mut self.resolutions {
            resolution.title = String::new();
            resolution.file = PathBuf::new();
        }
        self
    }

    pub fn id(&self) -> u64 {
        self.derived.id
    }

    /// Resolutions a reference may stand for: same body and number, and the parts it names.
    pub fn resolve(&self, body: Body, number: &str, parts: &[String]) -> Vec<usize> {
        let Some(candidates) = self.derived.by_number.get(&(body, number.to_string())) else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&i| parts.is_empty() || self.resolutions[i].has_parts(parts))
            .collect()
    }

    /// The one resolution a reference stands for. A reference without part letters is to the
    /// whole resolution (or its first part), so an index holding only part B cannot answer it.
    pub fn resolve_exact(&self, body: Body, number: &str, parts: &[String]) -> Option<usize> {
        let mut whole = self.resolve(body, number, parts).into_iter().filter(|&i| {
            let r = &self.resolutions[i];
            !parts.is_empty() || r.parts.is_empty() || r.has_parts(&["A".into()])
        });
        match (whole.next(), whole.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// Resolutions (indices) that cite resolution `index` in their text or footnotes.
    pub fn cited_by(&self, index: usize) -> &[u32] {
        self.derived.cited_by.get(index).map_or(&[], Vec::as_slice)
    }

    /// How the corpus cites resolution `number` (`parts`) of `body`: by whom, and with which
    /// date.
    pub fn cited(&self, body: Body, number: &str, parts: &[String]) -> Option<&Cited> {
        let key = (body, number.to_string(), parts.to_vec());
        self.derived.cited.get(&key)
    }

    /// Every resolution the corpus cites, held or not.
    pub fn cited_resolutions(&self) -> impl Iterator<Item = (&CitedKey, &Cited)> {
        self.derived.cited.iter()
    }

    /// The adoption date of a referenced resolution: its own when the corpus holds exactly it,
    /// else the date its citations agree on.
    pub fn adoption_date(&self, body: Body, number: &str, parts: &[String]) -> Option<Date> {
        match self.resolve_exact(body, number, parts) {
            Some(i) => self.resolutions[i].date,
            None => self.cited(body, number, parts)?.date,
        }
    }

    pub fn instrument(&self, key: &str) -> Option<&Instrument> {
        self.instruments
            .binary_search_by(|i| i.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.instruments[i])
    }

    /// The instrument each footnote marker of `doc` stands for, as an index into
    /// [`PrecedentIndex::instruments`] (aligned with [`Document::markers`]): the longest known
    /// name ending at the marker, else the name read from its shape ("thereto" resolved) when
    /// the index holds it.
    pub fn marker_instruments(&self, doc: &Document) -> Vec<Option<usize>> {
        let shaped = super::names::marker_names(doc);
        self.marker_instruments_reading(doc, &shaped, |_, text, floor, at| {
            self.known_before(text, floor, at)
        })
    }

    /// [`Self::marker_instruments`] with the names read from each marker's shape
    /// ([`super::names::marker_names`]) already read, and `known(paragraph, text, floor, at)`
    /// reading the known name before a marker ([`Self::known_before`], or a memo of it).
    pub fn marker_instruments_reading(
        &self,
        doc: &Document,
        shaped: &[Option<super::names::MarkerName>],
        known: impl Fn(usize, &str, usize, usize) -> Option<usize>,
    ) -> Vec<Option<usize>> {
        let windows = crate::model::instrument::marker_windows(doc);
        (windows.zip(shaped))
            .map(|(window, shaped)| {
                let known = window.and_then(|(p, text, floor, at)| known(p, text, floor, at));
                known.or_else(|| self.shaped_instrument(shaped.as_ref()?))
            })
            .collect()
    }

    /// The instrument whose known name ends at `at` in a paragraph's plain text, starting no
    /// earlier than `floor` (see [`crate::model::instrument::marker_windows`]).
    pub fn known_before(&self, text: &str, floor: usize, at: usize) -> Option<usize> {
        self.derived
            .known
            .read_any(text, floor, at)
            .map(|k| k.instrument)
    }

    /// The instrument held under the name read from a marker's shape.
    pub fn shaped_instrument(&self, shaped: &super::names::MarkerName) -> Option<usize> {
        let key = instrument_key(&shaped.name)?;
        self.instruments
            .binary_search_by(|i| i.key.as_str().cmp(&key))
            .ok()
    }

    /// Near misses of well-established instrument names in `text`: the instrument meant (an
    /// index into [`PrecedentIndex::instruments`]) and the range of the name written.
    pub fn near_misses(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        self.derived.near.find(text)
    }

    /// Finds mentions of instruments cited by several precedents (ids index
    /// [`PrecedentIndex::instruments`]).
    pub fn matcher(&self) -> &Matcher {
        &self.derived.matcher
    }
}

/// Of `X.md` and `X.txt` in one folder (two renderings of one text), keeps the Markdown.
pub(crate) fn prefer_markdown(files: &[PathBuf]) -> Vec<PathBuf> {
    let set: FxHashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    files
        .iter()
        .filter(|f| {
            let txt = f.extension().is_some_and(|e| e == "txt");
            !(txt && set.contains(f.with_extension("md").as_path()))
        })
        .cloned()
        .collect()
}

/// Maps over items on every available core, keeping order.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("index worker panicked"))
            .collect()
    })
}

fn read_record(path: &Path) -> Option<FileRecord> {
    let text = crate::files::read_source(path).ok()?;
    let doc = Document::parse_path(path, text);
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    extract(&doc, absolute)
}

/// What the index keeps of one document; `None` when it is not a numbered resolution.
pub(crate) fn extract_resolution(doc: &Document, file: PathBuf) -> Option<Resolution> {
    let title = doc.title.as_ref()?;
    let (number, title_part) = split_part(title.number.as_deref()?);
    let header = doc.header.map_or("", |h| doc.slice(h));
    let adopted = ADOPTED.captures(header);
    let body = doc
        .sections
        .iter()
        .find_map(|s| s.organ.as_ref())
        .and_then(|o| Body::from_organ(&o.name))
        .or_else(|| adopted.as_ref().and_then(|c| Body::from_organ(&c[1])))
        .unwrap_or(Body::GeneralAssembly);
    let date = adopted
        .and_then(|c| Date::parse_text(&c[2]))
        .or_else(|| closing_date(doc));
    let parts = match title_part.or_else(|| part_after_title(doc, title.span.end)) {
        Some(p) => vec![p],
        None => section_parts(doc),
    };
    let symbol = match parts.as_slice() {
        [] => body.symbol(&number),
        [one] => format!("{} {one}", body.symbol(&number)),
        [first, .., last] => format!("{} {first}-{last}", body.symbol(&number)),
    };
    Some(Resolution {
        symbol,
        body,
        number,
        parts,
        title: title.text.trim_end_matches('*').trim().to_string(),
        date,
        file,
        title_line: doc.lines.line_of(title.span.start) as u32,
    })
}

/// "75/242 B" → ("75/242", Some("B")).
fn split_part(number: &str) -> (String, Option<String>) {
    match number.rsplit_once(' ') {
        Some((n, p)) if p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()) => {
            (n.to_string(), Some(p.to_string()))
        }
        _ => (number.to_string(), None),
    }
}

/// Letters of the parts ("A", "B") a resolution adopted in parts is divided into.
fn section_parts(doc: &Document) -> Vec<String> {
    doc.sections
        .iter()
        .filter(|s| s.kind == crate::model::SectionKind::Resolution)
        .filter_map(|s| s.label.clone())
        .filter(|l| l.len() == 1 && l.chars().all(|c| c.is_ascii_uppercase()))
        .collect()
}

static PART_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*\**([A-Z])\**(?:<sup>\d+</sup>|\[\^\d+\]|\d+)?[ \t]*$").unwrap()
});

/// The part letter on its own line between the title and the organ line ("**B**<sup>1</sup>"),
/// where a resolution adopted in parts prints it.
fn part_after_title(doc: &Document, title_end: usize) -> Option<String> {
    let organ = doc
        .sections
        .iter()
        .find_map(|s| s.organ.as_ref())?
        .span
        .start;
    let between = doc.text.get(title_end..organ)?;
    PART_LINE.captures(between).map(|c| c[1].to_string())
}

fn closing_date(doc: &Document) -> Option<Date> {
    doc.sections
        .iter()
        .find_map(|s| s.closing.as_ref()?.date)
        .and_then(|span| Date::parse_text(doc.slice(span)))
}

fn extract(doc: &Document, file: PathBuf) -> Option<FileRecord> {
    let resolution = extract_resolution(doc, file)?;
    let (places, designations) = cited_places(doc);
    let references = references::references(doc)
        .into_iter()
        .map(|r| StoredReference {
            from: 0,
            line: doc.lines.line_of(r.span.start) as u32,
            in_footnote: matches!(r.place, RefPlace::Footnote(_)),
            body: r.body,
            number: r.number.to_string(),
            parts: r.parts,
            date: r.date,
        })
        .collect();
    let paragraphs = doc
        .paragraphs
        .iter()
        .map(|p| {
            let markers = doc.markers[p.markers.clone()]
                .iter()
                .map(|m| m.plain_at)
                .collect();
            (p.text.as_str().to_string(), markers)
        })
        .collect();
    Some(FileRecord {
        resolution,
        places,
        references,
        paragraphs,
        designations,
    })
}

/// Every footnote marker that follows an instrument name, keyed by the normalised name; and
/// what is written before every marker whose note cites something.
fn cited_places(doc: &Document) -> (Vec<(String, CitedPlace)>, Vec<Designation>) {
    let notes = citation::analyse(doc);
    let resolved: FxHashMap<u32, &Citation> = notes
        .iter()
        .rev()
        .filter_map(|n| Some((doc.footnotes[n.footnote].number, n.resolved.as_deref()?)))
        .collect();
    let names = super::names::marker_names(doc);
    let windows = instrument::marker_windows(doc);
    let mut out = Vec::new();
    let mut designations = Vec::new();
    for ((marker, name), window) in doc.markers.iter().zip(names).zip(windows) {
        if marker.paragraph.is_none() {
            continue;
        }
        let cited = resolved.get(&marker.number).copied();
        let place = |name: String| CitedPlace {
            resolution: 0,
            footnote: marker.number,
            line: doc.lines.line_of(marker.span.start) as u32,
            name,
            citation: cited.map(Citation::render),
            treaty: cited.and_then(treaty_locators),
        };
        let name = name
            .map(|n| n.name)
            .filter(|_| !cited.is_some_and(cites_report));
        let key = name.as_deref().and_then(instrument_key);
        if let (Some(cited), Some((_, text, floor, at))) = (cited, window) {
            let named = key.is_some();
            designations.push(Designation::new(
                (text, floor, at),
                cited,
                named,
                place(String::new()),
            ));
        }
        if let (Some(key), Some(name)) = (key, name) {
            out.push((key, place(name)));
        }
    }
    (out, designations)
}

/// A footnote citing a report or meeting record rather than an instrument's text: a bare
/// document symbol ("A/75/123."), Official Records without an annex or resolution, an
/// explanatory note. The marker then stands for that report ("the report of the
/// Secretary-General on the implementation of the Programme of Action …"), not for the
/// instrument named before it.
fn cites_report(c: &Citation) -> bool {
    let text_of_instrument = c.elements.iter().any(|e| {
        matches!(
            e.kind,
            ElementKind::Annex | ElementKind::ResolutionRef | ElementKind::Chapter
        )
    });
    match c.kind {
        SourceKind::Document | SourceKind::OfficialRecords => !text_of_instrument,
        SourceKind::Explanatory => true,
        _ => false,
    }
}

/// The key of a name worth indexing: two words or more, "thereto" resolved, not a sentence.
pub(crate) fn instrument_key(name: &str) -> Option<String> {
    let key = instrument::normalize(name);
    let words = key.split(' ').count();
    let plausible = (2..=40).contains(&words) && !key.split(' ').any(|w| w == "thereto");
    plausible.then_some(key)
}

/// "vol. 1577" and "No. 27531" of a Treaty Series citation of one volume and one number.
pub fn treaty_locators(c: &Citation) -> Option<(String, String)> {
    if c.kind != SourceKind::TreatySeries || c.sources != 1 {
        return None;
    }
    let single = |kind: ElementKind, prefix: &str| {
        let mut found = c.elements.iter().filter(|e| e.kind == kind);
        let e = found.next()?;
        let rest = e.text.strip_prefix(prefix)?;
        let digits = rest.chars().all(|ch| ch.is_ascii_digit()) && !rest.is_empty();
        (digits && found.next().is_none()).then(|| e.text.clone())
    };
    Some((
        single(ElementKind::Volume, "vol. ")?,
        single(ElementKind::Number, "No. ")?,
    ))
}

/// Groups the files' records into the index.
fn assemble(records: Vec<FileRecord>) -> PrecedentIndex {
    let mut order: Vec<usize> = (0..records.len()).collect();
    // Newest first, so that "where it was cited" lists read from the latest precedent.
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&records[a].resolution, &records[b].resolution);
        rb.date
            .cmp(&ra.date)
            .then_with(|| ra.symbol.cmp(&rb.symbol))
    });
    let mut index = PrecedentIndex::default();
    let mut grouped: BTreeMap<String, Vec<CitedPlace>> = BTreeMap::new();
    let mut texts = Vec::with_capacity(records.len());
    let mut designations = Vec::new();
    let mut records: Vec<Option<FileRecord>> = records.into_iter().map(Some).collect();
    for (i, &r) in order.iter().enumerate() {
        let record = records[r].take().expect("each record once");
        for (key, mut place) in record.places {
            place.resolution = i as u32;
            grouped.entry(key).or_default().push(place);
        }
        index
            .references
            .extend(record.references.into_iter().map(|mut s| {
                s.from = i as u32;
                s
            }));
        designations.extend(record.designations.into_iter().map(|mut d| {
            d.set_resolution(i as u32);
            d
        }));
        index.resolutions.push(record.resolution);
        texts.push(record.paragraphs);
    }
    index.instruments = grouped
        .into_iter()
        .map(|(key, places)| instrument_from(key, places))
        .collect();
    pool_treaty_consensus(&mut index.instruments);
    designations::learn(&mut index.instruments, &designations);
    count_mentions(&mut index.instruments, &texts);
    index.finish()
}

pub(super) fn instrument_from(key: String, places: Vec<CitedPlace>) -> Instrument {
    let name = most_common(places.iter().map(|p| p.name.as_str()));
    let citations = per_resolution_counts(&places, |p| p.citation.clone());
    let treaty = consensus(&per_resolution_counts(&places, |p| p.treaty.clone()));
    Instrument {
        key,
        name,
        places,
        citations,
        treaty,
        mentioned_in: 0,
        footnoted_first_in: 0,
        designations: Vec::new(),
        learned: false,
    }
}

fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    let best = counts.iter().max_by_key(|(_, n)| **n).map(|(s, _)| *s);
    best.unwrap_or_default().to_string()
}

/// Distinct values with the number of resolutions giving each, most given first (ties: the
/// value given by the newest resolution).
fn per_resolution_counts<T: Clone + Eq + std::hash::Hash>(
    places: &[CitedPlace],
    value: impl Fn(&CitedPlace) -> Option<T>,
) -> Vec<(T, u32)> {
    let mut seen = FxHashSet::default();
    let mut counts: Vec<(T, u32)> = Vec::new();
    for p in places {
        let Some(v) = value(p) else { continue };
        if !seen.insert((p.resolution, v.clone())) {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| *c == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counts
}

/// The Treaty Series locators given by at least [`MIN_SOURCES`] resolutions and 80% of those
/// giving any, or by two resolutions and no other.
fn consensus(counts: &[((String, String), u32)]) -> Option<TreatyConsensus> {
    let total: u32 = counts.iter().map(|(_, n)| n).sum();
    let ((volume, number), support) = counts.first()?;
    let agreed = *support >= MIN_SOURCES && support * 5 >= total * 4;
    let unanimous = *support >= 2 && *support == total;
    (agreed || unanimous).then(|| TreatyConsensus {
        volume: volume.clone(),
        number: number.clone(),
        support: *support,
        total,
    })
}

/// Gives *Treaty Series* locators to an instrument that one resolution cites by one name and
/// another by another ("Convention concerning the Protection of the World Cultural and Natural
/// Heritage", "1972 Convention for the Protection of …"): resolutions giving the same volume and
/// number agree on the treaty whatever they call it, so an instrument whose precedents give one
/// pair of locators takes it when two resolutions or more give that pair.
fn pool_treaty_consensus(instruments: &mut [Instrument]) {
    let mut giving: FxHashMap<(String, String), FxHashSet<u32>> = FxHashMap::default();
    for place in instruments.iter().flat_map(|i| &i.places) {
        if let Some(locators) = &place.treaty {
            giving
                .entry(locators.clone())
                .or_default()
                .insert(place.resolution);
        }
    }
    for instrument in instruments.iter_mut().filter(|i| i.treaty.is_none()) {
        let counts = per_resolution_counts(&instrument.places, |p| p.treaty.clone());
        let [((volume, number), _)] = counts.as_slice() else {
            continue;
        };
        let support = giving[&(volume.clone(), number.clone())].len() as u32;
        instrument.treaty = (support >= 2).then(|| TreatyConsensus {
            volume: volume.clone(),
            number: number.clone(),
            support,
            total: support,
        });
    }
}

fn matcher(instruments: &[Instrument]) -> Matcher {
    Matcher::new(
        instruments
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.learned && i.resolution_count() >= MIN_SOURCES as usize)
            .map(|(id, i)| (id, i.key.as_str())),
    )
}

/// Counts, per instrument, the resolutions that mention it and those whose first mention is
/// footnoted.
fn count_mentions(instruments: &mut [Instrument], texts: &[Vec<(String, Vec<usize>)>]) {
    let matcher = matcher(instruments);
    let firsts = parallel_map(texts, |paragraphs| {
        let mut first: FxHashMap<usize, bool> = FxHashMap::default();
        for (text, markers) in paragraphs {
            for (id, range) in matcher.find(text) {
                if !super::mentions::in_quotes(text, range.start) {
                    first
                        .entry(id)
                        .or_insert_with(|| super::mentions::footnoted(text, range.end, markers));
                }
            }
        }
        first
    });
    for first in firsts {
        for (id, footnoted) in first {
            instruments[id].mentioned_in += 1;
            instruments[id].footnoted_first_in += u32::from(footnoted);
        }
    }
}
