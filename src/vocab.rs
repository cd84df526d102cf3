//! The vocabulary of opening phrases: which phrases open preambular paragraphs ("Recalling",
//! "Deeply concerned") and which open operative paragraphs ("Decides", "Calls upon").
//!
//! The bundled list (`data/openings.tsv`) is measured on adopted resolutions, with the
//! Security Council's own openings (`data/openings-security-council.tsv`); users extend it
//! through `[openings]` in the configuration. Phrases are analysed compositionally, so that
//! "Also strongly urges" is known because "Urges" is: a modifier ("also"/"further", before an
//! operative verb or after a preambular participle) and leading adverbs ("Strongly", "Once
//! again") are split off, and -ise spellings count as -ize.

use crate::config::Config;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

/// Which part of a resolution an opening belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Preambular,
    Operative,
}

/// "also" or "further" in an opening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modifier {
    Also,
    Further,
}

impl Modifier {
    fn word(self) -> &'static str {
        match self {
            Modifier::Also => "also",
            Modifier::Further => "further",
        }
    }
}

/// An opening phrase, analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub part: Part,
    /// The phrase without its modifier, capitalised: "Urges" for "Also urges", "Noting with
    /// concern" for "Noting also with concern". Adverbs stay ("Strongly urges"). Shared: the
    /// memo hands out one analysis to every paragraph that opens alike.
    pub base: Arc<str>,
    pub modifier: Option<Modifier>,
}

/// Adverbs that may precede any opening ("Strongly urges", "Deeply concerned").
const ADVERBS: &[&[&str]] = &[
    &["once", "again"],
    &["strongly"],
    &["deeply"],
    &["further"],
    &["again"],
    &["urgently"],
    &["firmly"],
    &["fully"],
];

/// Longest opening phrase looked for at the start of a paragraph, in words.
const MAX_WORDS: usize = 8;

/// Punctuation that may close an opening phrase ("Recalling,"); not part of the phrase.
const PHRASE_END: [char; 4] = [',', ';', ':', '.'];

/// Words italicised after an opening phrase without being part of it.
const CONNECTIVES: [&str; 12] = [
    "by", "that", "with", "of", "to", "in", "on", "at", "about", "upon", "for", "from",
];

/// Opening phrases by part, keyed by their normalised core (modifier and adverbs removed).
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Normalised core → (part, count).
    cores: HashMap<String, (Part, u32)>,
    /// The last word of every core, to reject most candidate phrases before splitting them.
    last_words: HashSet<String>,
    /// Every phrase as written, with its part and count, for suggestions and completion.
    phrases: Vec<(String, Part, u32)>,
    /// `phrases` lower-cased, in the same order, for the edit distances of suggestions.
    lowercase: Vec<Vec<char>>,
    /// Openings already found, by the words read: a keystroke changes one paragraph, and the
    /// editor finds every other opening again.
    found: Memo<FoundOpening>,
    /// [`Self::analyse_marked`]'s answers by the italic phrase, likewise.
    marked: Memo<(usize, Option<Opening>)>,
    /// [`Self::suggest`]'s answers by the phrase: an unknown opening is suggested for on every
    /// keystroke while it stands, and the search reads the whole vocabulary.
    suggested: Memo<Arc<[String]>>,
}

/// Answers by the text they read. A copy of the vocabulary, which may be extended, starts
/// without them.
#[derive(Debug)]
struct Memo<T>(Mutex<FxHashMap<Box<str>, T>>);

/// An opening's length in bytes and its analysis, if the text starts with one.
type FoundOpening = Option<(usize, Opening)>;

/// More answers than the paragraphs of a few long drafts: past this the memo starts again.
const MAX_MEMO: usize = 4096;

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(Mutex::default())
    }
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<T: Clone> Memo<T> {
    fn get_or_find(&self, read: &str, find: impl FnOnce() -> T) -> T {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(read) {
            return found.clone();
        }
        let found = find();
        let mut memo = lock();
        if memo.len() >= MAX_MEMO {
            memo.clear();
        }
        memo.insert(read.into(), found.clone());
        found
    }

    fn clear(&mut self) {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Openings of Security Council texts ("Determining", "Acting under Chapter VII",
/// "Demands", "Renews"), which General Assembly texts seldom or never use.
const SECURITY_COUNCIL: &str = include_str!("../data/openings-security-council.tsv");

static BUNDLED: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut v = Vocabulary::default();
    let rows = include_str!("../data/openings.tsv")
        .lines()
        .skip(1)
        .chain(SECURITY_COUNCIL.lines().skip(1));
    for line in rows {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(part), Some(phrase)) = (cols.first(), cols.get(1)) else {
            continue;
        };
        let part = if *part == "operative" {
            Part::Operative
        } else {
            Part::Preambular
        };
        let count = cols.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
        v.add(phrase, part, count);
    }
    v
});

impl Vocabulary {
    /// The vocabulary measured on adopted resolutions.
    pub fn bundled() -> &'static Vocabulary {
        &BUNDLED
    }

    /// This vocabulary plus the phrases of `[openings]` in the configuration.
    pub fn with_config(&self, config: &Config) -> Vocabulary {
        let mut v = self.clone();
        for p in &config.openings.preambular {
            v.add(p, Part::Preambular, 1);
        }
        for p in &config.openings.operative {
            v.add(p, Part::Operative, 1);
        }
        v
    }

    fn add(&mut self, phrase: &str, part: Part, count: u32) {
        self.found.clear();
        self.marked.clear();
        self.suggested.clear();
        let words = normalise(phrase);
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        if words.is_empty() {
            return;
        }
        let mut scratch = Scratch::new();
        scratch.decompose(&words, part);
        if let Some(last) = scratch.rest.last() {
            self.last_words.insert(last.to_string());
        }
        let entry = self.cores.entry(scratch.key).or_insert((part, 0));
        // A core seen in both parts belongs to the part it opens most often.
        if entry.0 == part {
            entry.1 += count;
        } else if count > entry.1 {
            *entry = (part, count);
        }
        let phrase = phrase.trim();
        self.phrases.push((phrase.to_string(), part, count));
        self.lowercase.push(phrase.to_lowercase().chars().collect());
    }

    /// Every phrase with its part and corpus count (configured phrases count 1).
    pub fn phrases(&self) -> impl Iterator<Item = (&str, Part, u32)> {
        self.phrases
            .iter()
            .map(|(p, part, c)| (p.as_str(), *part, *c))
    }

    /// Analyses a whole phrase ("Also strongly urges", "Noting also with concern").
    /// A participle the vocabulary knows only in its operative form ("Requesting") is read
    /// by grammar as preambular.
    pub fn analyse(&self, phrase: &str) -> Option<Opening> {
        self.analyse_known(phrase)
            .or_else(|| self.analyse_by_grammar(phrase))
    }

    /// [`Self::analyse`] of the phrases the vocabulary itself holds.
    fn analyse_known(&self, phrase: &str) -> Option<Opening> {
        let phrase = trim_phrase(phrase);
        let words = normalise(phrase);
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        self.analyse_words(phrase, &words, &mut Scratch::new())
    }

    /// A participle the vocabulary knows only as an operative verb, read by grammar as the
    /// preambular form it is: "Requesting" is the participle of "Requests", "Looking
    /// forward" of "Looks forward". The wrong-part rules then name it and offer the
    /// operative form. (The other direction is not guessed: "Welcoms" would pass for the
    /// finite form of "Welcoming"; finite forms come from the vocabulary alone.)
    fn analyse_by_grammar(&self, phrase: &str) -> Option<Opening> {
        let phrase = trim_phrase(phrase);
        let words = normalise(phrase);
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let verb_at = adverb_prefix_len(&words).min(words.len().checked_sub(1)?);
        let known = third_person_forms(words[verb_at]).iter().any(|form| {
            let mut swapped = words.clone();
            swapped[verb_at] = form;
            let mut scratch = Scratch::new();
            scratch.decompose(&swapped, Part::Operative);
            self.cores
                .get(scratch.key.as_str())
                .is_some_and(|&(part, _)| part == Part::Operative)
        });
        if !known {
            return None;
        }
        let modifier = Scratch::new().decompose(&words, Part::Preambular);
        Some(Opening {
            part: Part::Preambular,
            base: base_of(phrase, modifier, Part::Preambular).into(),
            modifier,
        })
    }

    /// The opening a phrase marked in italics holds, with its length in bytes: the whole
    /// phrase, else the phrase without the connectives that drafters often italicise with it
    /// ("*Guided by*", "*Deeply concerned about*").
    pub fn analyse_marked(&self, phrase: &str) -> (usize, Option<Opening>) {
        self.marked
            .get_or_find(phrase, || self.analyse_marked_afresh(phrase))
    }

    fn analyse_marked_afresh(&self, phrase: &str) -> (usize, Option<Opening>) {
        let phrase = phrase.trim_end_matches(|c| PHRASE_END.contains(&c) || c == ' ');
        let mut end = phrase.len();
        loop {
            if let Some(opening) = self.analyse(&phrase[..end]) {
                return (end, Some(opening));
            }
            match phrase[..end].rsplit_once(' ') {
                Some((head, last)) if CONNECTIVES.contains(&last.to_lowercase().as_str()) => {
                    end = head.trim_end().len();
                }
                _ => return (phrase.len(), None),
            }
        }
    }

    /// [`Self::analyse`] of a trimmed phrase, given its normalised words.
    fn analyse_words<'w>(
        &self,
        phrase: &str,
        words: &[&'w str],
        scratch: &mut Scratch<'w>,
    ) -> Option<Opening> {
        let last = *words.last()?;
        // A core ends with the phrase's last word unless that word is the modifier.
        let modifier_last = last == "also" || last == "further";
        if !modifier_last && !self.last_words.contains(last) {
            return None;
        }
        // Without "also" or "further" both parts split the phrase alike, so one lookup tells
        // the part; otherwise each part splits it its own way.
        let plain = !words.iter().any(|w| *w == "also" || *w == "further");
        let parts: &[Part] = if plain {
            &[Part::Operative]
        } else {
            &[Part::Operative, Part::Preambular]
        };
        for &part in parts {
            let modifier = scratch.decompose(words, part);
            let Some(&(found, _)) = self.cores.get(scratch.key.as_str()) else {
                continue;
            };
            if found == part || plain {
                return Some(Opening {
                    part: found,
                    base: base_of(phrase, modifier, found).into(),
                    modifier,
                });
            }
        }
        None
    }

    /// The longest opening phrase at the start of a paragraph's text: its length in bytes
    /// and its analysis. For ODS text and Markdown paragraphs whose opening is not italic.
    pub fn find_opening(&self, text: &str) -> Option<(usize, Opening)> {
        let mut spans = Vec::with_capacity(MAX_WORDS);
        spans.extend(word_spans(text).take(MAX_WORDS));
        // Nothing after the last word read changes the answer: words end at white space.
        let read = &text[..spans.last().map_or(0, |&(_, end)| end)];
        self.found
            .get_or_find(read, || self.find_opening_in(read, &spans))
    }

    /// [`Self::find_opening`] over the `spans` of the words of `text`.
    fn find_opening_in(&self, text: &str, spans: &[(usize, usize)]) -> Option<(usize, Opening)> {
        // Every candidate phrase is a run of leading words, so each word is normalised once;
        // only the last word of a phrase loses its closing punctuation ("Recalling,").
        let normal: Vec<Cow<str>> = spans
            .iter()
            .map(|&(start, end)| normalise_word(&text[start..end]))
            .collect();
        let stripped: Vec<Option<Cow<str>>> = spans
            .iter()
            .map(|&(start, end)| {
                let word = &text[start..end];
                let bare = word.trim_end_matches(PHRASE_END);
                (bare.len() < word.len()).then(|| normalise_word(bare))
            })
            .collect();
        let mut words: Vec<&str> = Vec::with_capacity(MAX_WORDS);
        let mut scratch = Scratch::new();
        for k in (0..spans.len()).rev() {
            words.clear();
            words.extend(normal[..k].iter().map(AsRef::as_ref));
            match &stripped[k] {
                Some(bare) if bare.is_empty() => {}
                Some(bare) => words.push(bare),
                None => words.push(&normal[k]),
            }
            let end = spans[k].1;
            let phrase = trim_phrase(&text[..end]);
            if let Some(o) = self.analyse_words(phrase, &words, &mut scratch) {
                return Some((end, o));
            }
        }
        // Only an opening the vocabulary does not know is read by grammar: the common case
        // costs nothing more.
        spans
            .iter()
            .rev()
            .find_map(|&(_, end)| Some((end, self.analyse_by_grammar(&text[..end])?)))
    }

    /// The same opening in the other part: "Recalls" ↔ "Recalling", "Also takes note" ↔
    /// "Taking note also". Only forms the vocabulary knows are offered.
    pub fn counterpart(&self, opening: &Opening) -> Option<String> {
        let target = match opening.part {
            Part::Preambular => Part::Operative,
            Part::Operative => Part::Preambular,
        };
        let words: Vec<&str> = opening.base.split(' ').collect();
        let verb_at = adverb_prefix_len(&normalise(&opening.base));
        let verb = words.get(verb_at)?;
        let candidates = match target {
            Part::Operative => third_person_forms(verb),
            Part::Preambular => participle_forms(verb),
        };
        candidates.into_iter().find_map(|form| {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            w[verb_at] = form;
            let found = self
                .analyse_known(&w.join(" "))
                .filter(|o| o.part == target)?;
            Some(place_modifier(&found.base, opening.modifier, target))
        })
    }

    /// The "also" form of an opening: "Also urges", "Recalling also".
    pub fn also_form(&self, opening: &Opening) -> String {
        place_modifier(&opening.base, Some(Modifier::Also), opening.part)
    }

    /// The "further" form of an opening: "Further urges", "Recalling further".
    pub fn further_form(&self, opening: &Opening) -> String {
        place_modifier(&opening.base, Some(Modifier::Further), opening.part)
    }

    /// Vocabulary phrases nearest to `phrase` by edit distance, most frequent first among
    /// equals; at most three, none further than about a quarter of the phrase.
    pub fn suggest(&self, phrase: &str) -> Arc<[String]> {
        (self.suggested).get_or_find(phrase, || self.nearest(phrase).into())
    }

    fn nearest(&self, phrase: &str) -> Vec<String> {
        let wanted: Vec<char> = phrase.trim().to_lowercase().chars().collect();
        let limit = (wanted.len() / 4).clamp(1, 4);
        let mut row = Vec::new();
        let mut scored: Vec<(usize, u32, &str)> = self
            .phrases
            .iter()
            .zip(&self.lowercase)
            .filter_map(|((p, _, count), lower)| {
                let d = edit_distance_within(&wanted, lower, limit, &mut row)?;
                (d > 0).then_some((d, u32::MAX - count, p.as_str()))
            })
            .collect();
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, p) in scored {
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }
}

/// A phrase without surrounding spaces and closing punctuation.
fn trim_phrase(phrase: &str) -> &str {
    phrase.trim().trim_end_matches(PHRASE_END).trim()
}

/// Lowercase words with -ise spellings turned into -ize, so both spellings meet.
fn normalise(phrase: &str) -> Vec<Cow<'_, str>> {
    phrase.split_whitespace().map(normalise_word).collect()
}

/// One word of [`normalise`], borrowed when it is already in normal form, as most words are.
fn normalise_word(word: &str) -> Cow<'_, str> {
    let lower = if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    };
    for (from, to) in [
        ("ising", "izing"),
        ("ises", "izes"),
        ("ised", "ized"),
        ("ise", "ize"),
        ("isation", "ization"),
    ] {
        if let Some(stem) = lower.strip_suffix(from) {
            return Cow::Owned(format!("{stem}{to}"));
        }
    }
    lower
}

/// Buffers for splitting phrases, reused across the candidate phrases of one paragraph so
/// that a lookup allocates nothing.
struct Scratch<'w> {
    /// The words without the modifier.
    rest: Vec<&'w str>,
    /// The core (adverbs and modifier removed) joined by spaces: a key of `cores`.
    key: String,
}

impl<'w> Scratch<'w> {
    /// Room for the longest phrase looked for, so that the buffers never grow in a search.
    fn new() -> Self {
        Scratch {
            rest: Vec::with_capacity(MAX_WORDS),
            key: String::with_capacity(MAX_WORDS * 12),
        }
    }

    /// Splits non-empty normalised words into the core, left in `key`, and the modifier.
    /// Operative phrases take the modifier first ("Also urges") or, in Security Council
    /// style, second ("Decides also"); preambular phrases take it anywhere after the first
    /// word.
    fn decompose(&mut self, words: &[&'w str], part: Part) -> Option<Modifier> {
        let modifier_at = words.iter().enumerate().position(|(i, w)| {
            (*w == "also" || *w == "further")
                && match part {
                    Part::Operative => i <= 1 && words.len() > 1,
                    Part::Preambular => i >= 1,
                }
        });
        self.rest.clear();
        self.rest.extend(
            words
                .iter()
                .enumerate()
                .filter(|&(i, _)| Some(i) != modifier_at)
                .map(|(_, w)| *w),
        );
        // The last word is never an adverb: it is the verb or the participle itself.
        let skip = adverb_prefix_len(&self.rest).min(self.rest.len() - 1);
        self.key.clear();
        for (i, w) in self.rest[skip..].iter().enumerate() {
            if i > 0 {
                self.key.push(' ');
            }
            self.key.push_str(w);
        }
        modifier_at.map(|i| {
            if words[i] == "also" {
                Modifier::Also
            } else {
                Modifier::Further
            }
        })
    }
}

/// How many leading words are adverbs ("once again strongly urges" → 3).
fn adverb_prefix_len<S: AsRef<str>>(words: &[S]) -> usize {
    let mut i = 0;
    'outer: while i < words.len() {
        for adverb in ADVERBS {
            let end = i + adverb.len();
            if end < words.len()
                && words[i..end]
                    .iter()
                    .zip(adverb.iter())
                    .all(|(a, b)| a.as_ref() == *b)
            {
                i = end;
                continue 'outer;
            }
        }
        break;
    }
    i
}

/// The phrase as written with its modifier word removed and its first letter capitalised.
fn base_of(phrase: &str, modifier: Option<Modifier>, part: Part) -> String {
    let Some(m) = modifier else {
        return capitalise(phrase);
    };
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let skip = words.iter().enumerate().position(|(i, w)| {
        w.eq_ignore_ascii_case(m.word())
            && match part {
                Part::Operative => i <= 1,
                Part::Preambular => i >= 1,
            }
    });
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, w)| *w)
        .collect();
    capitalise(&kept.join(" ").to_lowercase_first())
}

/// Puts a modifier where the part wants it: "Also urges"; "Recalling also", "Noting also
/// with concern" (after the participle, before its complement).
fn place_modifier(base: &str, modifier: Option<Modifier>, part: Part) -> String {
    let Some(m) = modifier else {
        return base.to_string();
    };
    // "URGES", as some drafts type openings: "ALSO URGES", not "Also uRGES".
    let capitals = !base.contains(char::is_lowercase);
    let word = if capitals {
        m.word().to_uppercase()
    } else {
        m.word().to_string()
    };
    match part {
        Part::Operative if capitals => format!("{word} {base}"),
        Part::Operative => format!("{} {}", capitalise(&word), base.to_lowercase_first()),
        Part::Preambular => {
            let words: Vec<&str> = base.split(' ').collect();
            let verb_at = adverb_prefix_len(&normalise(base)).min(words.len() - 1);
            let mut out: Vec<&str> = words[..=verb_at].to_vec();
            out.push(&word);
            out.extend_from_slice(&words[verb_at + 1..]);
            out.join(" ")
        }
    }
}

/// "Recalling" → "Recalls", "Welcoming" → "Welcomes", "Taking" → "Takes".
fn third_person_forms(participle: &str) -> Vec<String> {
    let Some(stem) = participle.strip_suffix("ing") else {
        return Vec::new();
    };
    let mut out = vec![format!("{stem}s"), format!("{stem}es")];
    if let Some(undoubled) = doubled_stem(stem) {
        out.push(format!("{undoubled}s"));
    }
    if participle == "Having" || participle == "having" {
        out.insert(0, "Has".into());
    }
    out
}

/// "Recalls" → "Recalling", "Welcomes" → "Welcoming", "Expresses" → "Expressing".
fn participle_forms(verb: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = verb.strip_suffix("es") {
        out.push(format!("{stem}ing"));
    }
    if let Some(stem) = verb.strip_suffix('s') {
        out.push(format!("{stem}ing"));
        if let Some(last) = stem.chars().last() {
            out.push(format!("{stem}{last}ing"));
        }
    }
    out
}

/// "Committ" → "Commit".
fn doubled_stem(stem: &str) -> Option<&str> {
    let mut chars = stem.chars().rev();
    let (a, b) = (chars.next()?, chars.next()?);
    (a == b).then(|| &stem[..stem.len() - a.len_utf8()])
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().collect();
    out.push_str(chars.as_str());
    out
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for str {
    /// Lowercases the first letter, for a word that moves behind "Also"/"Further".
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        let Some(first) = chars.next() else {
            return String::new();
        };
        let mut out: String = first.to_lowercase().collect();
        out.push_str(chars.as_str());
        out
    }
}

/// Byte ranges of the words of `text` (runs of non-whitespace), in order.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| !c.is_whitespace())?;
        let end = chars
            .find(|&(_, c)| c.is_whitespace())
            .map_or(text.len(), |(i, _)| i);
        Some((start, end))
    })
}

/// Levenshtein distance over characters if it is at most `limit`, else `None`. `row` is a
/// buffer reused across calls.
fn edit_distance_within(
    a: &[char],
    b: &[char],
    limit: usize,
    row: &mut Vec<usize>,
) -> Option<usize> {
    // The distance is at least the difference in length.
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
            best = best.min(row[j + 1]);
        }
        // Every alignment passes through this row, and costs only grow from here.
        if best > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> &'static Vocabulary {
        Vocabulary::bundled()
    }

    #[test]
    fn a_remembered_opening_is_the_one_found_afresh() {
        let texts = [
            "Also requests the Secretary-General to report",
            "Also requests the Secretary-General to submit",
            "Also requests",
            "Also requests\t",
            "Recalling its resolution 75/1,",
            "Recalling its resolution 75/1, and",
        ];
        for text in texts.iter().chain(&texts) {
            let fresh = Vocabulary::bundled().clone();
            assert_eq!(v().find_opening(text), fresh.find_opening(text), "{text}");
        }
    }

    #[test]
    fn a_remembered_suggestion_is_the_one_found_afresh() {
        for phrase in ["Requestz", "Recallling", "Requestz", "Zzzzzz"] {
            let fresh = Vocabulary::bundled().clone();
            assert_eq!(v().suggest(phrase), fresh.suggest(phrase), "{phrase}");
        }
        assert_eq!(v().suggest("Requestz")[0], "Requests");
    }

    #[test]
    fn a_vocabulary_extended_by_the_configuration_forgets_what_it_found() {
        let text = "Zorbles the report of the Secretary-General;";
        assert_eq!(v().find_opening(text), None);
        let mut config = Config::default();
        config.openings.operative.push("Zorbles".to_string());
        let extended = v().with_config(&config);
        let (len, opening) = extended.find_opening(text).expect("an added opening");
        assert_eq!((len, opening.part), ("Zorbles".len(), Part::Operative));
    }

    #[test]
    fn also_forms_keep_the_case_the_opening_is_typed_in() {
        let forms = |text: &str| {
            let (_, o) = v().find_opening(text).expect(text);
            (v().also_form(&o), v().further_form(&o))
        };
        assert_eq!(
            forms("Urges States"),
            ("Also urges".into(), "Further urges".into())
        );
        assert_eq!(
            forms("URGES States"),
            ("ALSO URGES".into(), "FURTHER URGES".into())
        );
        assert_eq!(forms("RECALLING its resolution").0, "RECALLING ALSO");
    }

    #[test]
    fn marked_phrases_drop_trailing_connectives() {
        let (len, o) = v().analyse_marked("Deeply concerned about,");
        assert_eq!(len, "Deeply concerned".len());
        assert_eq!(o.unwrap().part, Part::Preambular);
        assert_eq!(v().analyse_marked("Recalling").0, "Recalling".len());
        assert_eq!(
            v().analyse_marked("Recaling by"),
            ("Recaling by".len(), None)
        );
    }

    #[test]
    fn analyses_compositionally() {
        let o = v().analyse("Also strongly urges").unwrap();
        assert_eq!(
            (o.part, &*o.base, o.modifier),
            (Part::Operative, "Strongly urges", Some(Modifier::Also))
        );
        let o = v().analyse("Noting also with concern").unwrap();
        assert_eq!(
            (o.part, &*o.base),
            (Part::Preambular, "Noting with concern")
        );
        assert_eq!(
            v().analyse("Decides also").unwrap().modifier,
            Some(Modifier::Also)
        );
        assert_eq!(v().analyse("Recognising").unwrap().part, Part::Preambular);
        assert_eq!(
            v().analyse("Firmly condemns").unwrap().part,
            Part::Operative
        );
        assert!(v().analyse("Purple elephants").is_none());
    }

    #[test]
    fn finds_longest_opening() {
        let (len, o) = v()
            .find_opening("Noting with concern that the situation")
            .unwrap();
        assert_eq!((len, &*o.base), (19, "Noting with concern"));
        let (len, _) = v()
            .find_opening("Recalling also its resolution 70/1,")
            .unwrap();
        assert_eq!(len, 14);
    }

    #[test]
    fn counterparts() {
        let c = |p: &str| v().counterpart(&v().analyse(p).unwrap());
        assert_eq!(c("Recalls").as_deref(), Some("Recalling"));
        assert_eq!(c("Welcoming").as_deref(), Some("Welcomes"));
        assert_eq!(c("Takes note").as_deref(), Some("Taking note"));
        assert_eq!(c("Also recalls").as_deref(), Some("Recalling also"));
        assert_eq!(c("Recalling further").as_deref(), Some("Further recalls"));
        assert_eq!(
            c("Expresses concern").as_deref(),
            Some("Expressing concern")
        );
    }

    #[test]
    fn bounded_edit_distance() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let within = |a: &str, b: &str, limit| {
            edit_distance_within(&chars(a), &chars(b), limit, &mut Vec::new())
        };
        assert_eq!(within("recaling", "recalling", 2), Some(1));
        assert_eq!(within("kitten", "sitting", 3), Some(3));
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("urges", "notes with concern", 4), None);
        assert_eq!(within("", "ab", 2), Some(2));
    }

    #[test]
    fn suggests_near_phrases() {
        assert_eq!(
            v().suggest("Recallin").first().map(String::as_str),
            Some("Recalling")
        );
    }
}
