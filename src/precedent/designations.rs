//! Designations learned from the precedents themselves.
//!
//! Texts often cite a source by a description rather than a name: "the Conference on the World
//! Financial and Economic Crisis and Its Impact on Development and its outcome document",
//! "the further initiatives for social development adopted by the General Assembly at its
//! twenty-fourth special session". No reading of shape finds a name there, but precedents
//! repeat such designations from year to year. When two resolutions end the words before
//! markers citing the same source with the same words, and no marker citing another source
//! ends with them, those words become an alias of that source: of the instrument that cites it
//! as standard, or of a learned instrument known only by its designations.

use super::index::{self, CitedPlace, Instrument};
use super::known::{KnownNames, SHORT_FORMS};
use super::words::Words;
use crate::model::citation::{Citation, ElementKind, SourceKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// Words read back from a marker, at most.
const MAX_WORDS: usize = 24;

/// Fewest words of a learned designation: shorter shared endings ("held in 2006") designate
/// many things.
const MIN_WORDS: usize = 3;

/// What a precedent writes before a footnote marker whose note cites a source.
pub(crate) struct Designation {
    /// The note's citation, rendered ("Resolution 63/303, annex.").
    citation: String,
    /// Whether the note cites an instrument's text: the *Treaty Series* or a resolution's annex.
    instrument: bool,
    /// The paragraph's text up to the marker.
    text: String,
    /// Where the words before the marker may start: after the previous marker.
    floor: usize,
    /// Whether the name before the marker was read from its shape.
    named: bool,
    place: CitedPlace,
}

impl Designation {
    /// The designation before plain offset `at` of `text` (no earlier than `floor`), whose
    /// marker's note is `cited`.
    pub(crate) fn new(
        (text, floor, at): (&str, usize, usize),
        cited: &Citation,
        named: bool,
        place: CitedPlace,
    ) -> Designation {
        let at = crate::source::floor_char_boundary(text, at);
        let annex = cited.elements.iter().any(|e| e.kind == ElementKind::Annex);
        Designation {
            citation: cited.render(),
            instrument: cited.kind == SourceKind::TreatySeries
                || (cited.kind == SourceKind::Resolution && annex),
            text: text[..at].to_string(),
            floor: floor.min(at),
            named,
            place,
        }
    }

    /// The place's resolution, set when the index is assembled.
    pub(crate) fn set_resolution(&mut self, resolution: u32) {
        self.place.resolution = resolution;
    }

    /// Whether the index's known names read the marker.
    fn read_by(&self, known: &KnownNames) -> bool {
        known
            .read_any(&self.text, self.floor, self.text.len())
            .is_some()
    }

    /// The last [`MAX_WORDS`] words before the marker.
    fn words(&self) -> Vec<Range<usize>> {
        let mut words: Vec<Range<usize>> = Words::from(&self.text, self.floor).collect();
        words.drain(..words.len().saturating_sub(MAX_WORDS));
        words
    }

    fn lower(&self) -> Vec<String> {
        self.words()
            .into_iter()
            .map(|w| self.text[w].to_lowercase())
            .collect()
    }

    /// Whether the last `n` words hold a capitalised word other than the paragraph's opening
    /// and a short form's head ("that Convention"): what designates a particular source ("the
    /// Conference on …", "… of the General Assembly") rather than what a paragraph says.
    fn capitalised(&self, n: usize) -> bool {
        let words = self.words();
        let first = words.len().saturating_sub(n);
        words[first..]
            .iter()
            .filter(|w| !self.text[..w.start].trim().is_empty())
            .map(|w| &self.text[w.clone()])
            .any(|w| {
                w.starts_with(char::is_uppercase)
                    && !SHORT_FORMS.contains(&w.to_lowercase().as_str())
            })
    }

    /// The last `n` words as written.
    fn written(&self, n: usize) -> &str {
        let words = self.words();
        let first = words.len().saturating_sub(n);
        words.get(first).map_or("", |w| {
            self.text[w.start..].trim_end_matches([',', ';', ' '])
        })
    }
}

/// Learns designations shared by precedents and gives them to the instruments (see the
/// module's documentation); `instruments` stays sorted by key.
pub(crate) fn learn(instruments: &mut Vec<Instrument>, designations: &[Designation]) {
    let known = KnownNames::new(instruments, 2);
    let lower: Vec<Vec<String>> = designations.iter().map(Designation::lower).collect();
    let mut unread: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in designations.iter().enumerate() {
        if d.instrument && !d.named && !d.read_by(&known) {
            unread.entry(d.citation.as_str()).or_default().push(i);
        }
    }
    for (citation, group) in unread {
        let aliases = shared_endings(designations, &lower, group);
        if !aliases.is_empty() {
            give(instruments, designations, &lower, citation, aliases);
        }
    }
    instruments.sort_by(|a, b| a.key.cmp(&b.key));
}

/// The endings, long and distinctive enough, that designations of one source from two
/// resolutions share and no designation of another source has.
fn shared_endings(
    designations: &[Designation],
    lower: &[Vec<String>],
    mut group: Vec<usize>,
) -> Vec<Vec<String>> {
    // Sorted by their words read backwards, the designations sharing the longest ending with
    // each one lie next to it.
    group.sort_by(|&a, &b| lower[a].iter().rev().cmp(lower[b].iter().rev()));
    let citation = &designations[group[0]].citation;
    let mut out: Vec<Vec<String>> = Vec::new();
    for pair in group.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if designations[a].place.resolution == designations[b].place.resolution {
            continue;
        }
        let n = lower[a]
            .iter()
            .rev()
            .zip(lower[b].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let alias = lower[a][lower[a].len() - n..].to_vec();
        let capitalised = designations[a].capitalised(n);
        let unambiguous = designations
            .iter()
            .zip(lower)
            .all(|(d, l)| d.citation == *citation || !l.ends_with(&alias));
        if n >= MIN_WORDS && capitalised && unambiguous && !out.contains(&alias) {
            out.push(alias);
        }
    }
    out
}

/// Gives `aliases` to the instrument that precedents cite by `citation` as standard, or to a
/// new learned instrument when none does.
fn give(
    instruments: &mut Vec<Instrument>,
    designations: &[Designation],
    lower: &[Vec<String>],
    citation: &str,
    aliases: Vec<Vec<String>>,
) {
    let joined: Vec<String> = aliases.iter().map(|a| a.join(" ")).collect();
    let standard = instruments
        .iter_mut()
        .filter(|i| i.standard_citation() == Some(citation))
        .max_by_key(|i| i.resolution_count());
    if let Some(instrument) = standard {
        instrument.designations.extend(joined);
        return;
    }
    if instruments.iter().any(|i| joined.contains(&i.key)) {
        return;
    }
    let mut places: Vec<CitedPlace> = designations
        .iter()
        .zip(lower)
        .filter(|(d, _)| d.citation == citation)
        .filter_map(|(d, l)| {
            let alias = aliases.iter().find(|a| l.ends_with(a))?;
            let mut place = d.place.clone();
            place.name = d.written(alias.len()).to_string();
            Some(place)
        })
        .collect();
    places.sort_by_key(|p| p.resolution);
    let mut learned = index::instrument_from(joined[0].clone(), places);
    learned.name = shown(&learned.name).to_string();
    learned.designations = joined;
    learned.learned = true;
    instruments.push(learned);
}

/// How a learned instrument is shown: the last clause of its designation when that clause
/// still designates ("…, inter alia, the Organization of African Unity Convention for the
/// elimination of mercenarism in Africa"), without a leading "and" or "the".
fn shown(written: &str) -> &str {
    let clause = written
        .rsplit_once(", ")
        .map(|(_, last)| last)
        .filter(|last| {
            let words: Vec<&str> = last.split_whitespace().collect();
            words.len() >= MIN_WORDS && words.iter().any(|w| w.starts_with(char::is_uppercase))
        })
        .unwrap_or(written);
    let clause = clause.strip_prefix("and ").unwrap_or(clause);
    clause.strip_prefix("the ").unwrap_or(clause)
}
