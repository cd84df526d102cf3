//! The instrument a footnote marker stands for, read by the index's known names.
//!
//! [`super::names`] reads a name from its shape (capitalised words up to a title word), which
//! fails on what real texts put in: lower-case words inside official names ("… including the
//! Moon and Other Celestial Bodies"), a list whose marker follows the last name ("… and parties
//! to the United Nations Framework Convention on Climate Change²"), "the Convention" after the
//! full name. Here every known name and alias is matched at once against the words that end at
//! the marker: the names are kept word-reversed in one Aho–Corasick automaton, and an anchored
//! leftmost-longest search over the reversed words before the marker gives the longest known
//! name ending there. The automaton is built once per index; a reading costs a few microseconds.

use super::index::Instrument;
use super::words::Words;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind};
use std::ops::Range;

/// Words read back from a marker: enough for the longest official names.
const MAX_WORDS: usize = 60;

/// Head words that a short form ("the Convention", "the Agreement") repeats.
pub(super) const SHORT_FORMS: [&str; 8] = [
    "convention",
    "covenant",
    "agreement",
    "protocol",
    "treaty",
    "declaration",
    "charter",
    "statute",
];

/// Every known name of the index's instruments, word-reversed, in one automaton.
#[derive(Debug, Default)]
pub struct KnownNames {
    automaton: Option<AhoCorasick>,
    /// Instrument id (index into the index's instruments) of each pattern.
    ids: Vec<usize>,
    /// Each pattern's name, normalised and in reading order.
    aliases: Vec<String>,
}

/// A known name read before a marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Index into [`super::PrecedentIndex::instruments`].
    pub instrument: usize,
    /// Where the name is written in the paragraph's plain text.
    pub range: Range<usize>,
}

impl KnownNames {
    /// Names of the instruments cited by at least `min_resolutions` resolutions or whose
    /// *Treaty Series* locators precedents agree on (two resolutions giving them are enough,
    /// whatever name each writes) or designations precedents agree on
    /// ([`super::designations`]), with their aliases (see [`aliases`]).
    pub fn new(instruments: &[Instrument], min_resolutions: usize) -> KnownNames {
        let mut patterns = Vec::new();
        let mut ids = Vec::new();
        let mut names = Vec::new();
        for (id, instrument) in instruments.iter().enumerate() {
            let agreed = instrument.treaty.is_some() || !instrument.designations.is_empty();
            if instrument.resolution_count() < min_resolutions && !agreed {
                continue;
            }
            let written = instrument.places.iter().map(|p| p.name.as_str());
            let mut forms = instrument.designations.clone();
            if !instrument.learned {
                forms.extend(aliases(&instrument.key, written));
            }
            for alias in forms {
                patterns.push(reversed(&alias));
                ids.push(id);
                names.push(alias);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&patterns)
            .ok();
        KnownNames {
            automaton,
            ids,
            aliases: names,
        }
    }

    /// The instrument a marker at plain offset `at` of `text` stands for (its name starting
    /// no earlier than `floor`): by known names, then by the short form of a name read earlier
    /// in the paragraph, then by a head shared by the names of a list.
    pub fn read_any(&self, text: &str, floor: usize, at: usize) -> Option<Reading> {
        self.read(text, floor, at)
            .or_else(|| self.short_form(text, floor, at))
            .or_else(|| self.shared_head(text, at))
    }

    /// The known name ending at plain offset `at` of `text` and starting no earlier than
    /// `floor`.
    pub fn read(&self, text: &str, floor: usize, at: usize) -> Option<Reading> {
        let words = words_before(text, floor, at);
        let found = candidate_ends(text, &words)
            .filter_map(|skip| self.longest(text, &words[..words.len() - skip]))
            .max_by_key(|r| r.range.end - r.range.start)?;
        Some(found)
    }

    /// The longest known name made of the last words of `words`.
    fn longest(&self, text: &str, words: &[Range<usize>]) -> Option<Reading> {
        self.longest_pattern(text, words)
            .map(|(reading, _)| reading)
    }

    /// [`KnownNames::longest`] with the alias matched.
    fn longest_pattern(&self, text: &str, words: &[Range<usize>]) -> Option<(Reading, &str)> {
        self.longest_anywhere(text, words)
            .filter(|(reading, _)| !inside_larger_name(text, reading.range.start))
    }

    /// The longest known name made of the last words of `words`, with its alias, even when it
    /// is part of a larger name ("the Conference of the Parties to the Convention …").
    fn longest_anywhere(&self, text: &str, words: &[Range<usize>]) -> Option<(Reading, &str)> {
        let automaton = self.automaton.as_ref()?;
        let haystack = reversed_words(text, words);
        let input = Input::new(&haystack).anchored(Anchored::Yes);
        let found = automaton.find(input)?;
        let count = haystack[..found.end()].split(' ').count() - 1;
        let first = &words[words.len() - count];
        let pattern = found.pattern().as_usize();
        let reading = Reading {
            instrument: self.ids[pattern],
            range: first.start..words.last()?.end,
        };
        Some((reading, self.aliases[pattern].as_str()))
    }

    /// "the Convention" or "that Convention" standing for the full name earlier in the
    /// paragraph: the last known name before it that holds the short form's head word, even
    /// inside a larger name ("the Conference of the Parties to the Convention on … added …
    /// to the appendices to that Convention").
    pub fn short_form(&self, text: &str, floor: usize, at: usize) -> Option<Reading> {
        let words = words_before(text, 0, at);
        let (head, mut before) = words.split_last()?;
        let head_word = text[head.clone()].to_lowercase();
        let gap = &text[before.last().map_or(0, |w| w.end)..head.start];
        let after_the = gap.trim_end().to_lowercase().ends_with("the");
        if let Some((that, rest)) = before.split_last()
            && !after_the
            && text[that.clone()].eq_ignore_ascii_case("that")
        {
            before = rest;
        } else if !after_the {
            return None;
        }
        let short = SHORT_FORMS.contains(&head_word.as_str())
            && text[head.clone()].starts_with(char::is_uppercase);
        if !short || head.start < floor {
            return None;
        }
        (1..=before.len()).rev().find_map(|end| {
            let (found, alias) = self.longest_anywhere(text, &before[..end])?;
            alias.split(' ').any(|w| w == head_word).then_some(Reading {
                instrument: found.instrument,
                range: head.clone(),
            })
        })
    }
}

/// Plural head words and the singular that each name of a list sharing them takes.
const PLURALS: [(&str, &str); 4] = [
    ("treaties", "treaty"),
    ("conventions", "convention"),
    ("protocols", "protocol"),
    ("agreements", "agreement"),
];

/// Most capitalised and joining words between a plural head's "of" and a marker.
const MAX_LIST_WORDS: usize = 12;

impl KnownNames {
    /// A name of a list whose items share a plural head written once before them: "the
    /// treaties of Tlatelolco,¹ Rarotonga,² Bangkok³" reads "Treaty of Bangkok" at the third
    /// marker, when the index knows that name.
    pub fn shared_head(&self, text: &str, at: usize) -> Option<Reading> {
        let words = words_before(text, 0, at);
        let capitalised = |w: &Range<usize>| text[w.clone()].starts_with(char::is_uppercase);
        let separated = |i: usize| {
            let gap = &text[words[i - 1].end..words[i].start];
            gap.contains(',') || text[words[i - 1].clone()].eq_ignore_ascii_case("and")
        };
        let last = words.len().checked_sub(1)?;
        // The last item: capitalised words back to a separator or to "of".
        let mut first = last;
        while first > 0 && capitalised(&words[first - 1]) && !separated(first) {
            first -= 1;
        }
        // Earlier items, back to "<plural> of".
        let mut of = first.checked_sub(1)?;
        while of > 0 && of + MAX_LIST_WORDS > last {
            let word = &text[words[of].clone()];
            if word == "of" {
                break;
            }
            let item = capitalised(&words[of]) || word == "and";
            if !item {
                return None;
            }
            of -= 1;
        }
        let plural = text[words.get(of.checked_sub(1)?)?.clone()].to_lowercase();
        let (_, singular) = PLURALS.iter().find(|(p, _)| *p == plural)?;
        if &text[words[of].clone()] != "of" || !capitalised(&words[first]) {
            return None;
        }
        let mut haystack = reversed_words(text, &words[first..]);
        haystack.push_str("of ");
        haystack.push_str(singular);
        haystack.push(' ');
        let found = self
            .automaton
            .as_ref()?
            .find(Input::new(&haystack).anchored(Anchored::Yes))?;
        (found.end() == haystack.len()).then(|| Reading {
            instrument: self.ids[found.pattern().as_usize()],
            range: words[first].start..words[last].end,
        })
    }
}

/// The known forms of a name: its key, the key without a trailing year or ILO number
/// ("domestic workers convention 2011 no 189" → "domestic workers convention"), and, for a
/// written name with a parenthesised short name of two words or more ("Treaty for the
/// Prohibition … (Treaty of Tlatelolco)"), each part alone.
fn aliases<'a>(key: &str, written: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = vec![key.to_string()];
    out.extend(without_year_or_number(key));
    for name in written {
        let Some((full, short)) = parenthesised(name) else {
            continue;
        };
        for part in [full, short] {
            let part = crate::model::instrument::normalize(part);
            if part.split(' ').count() >= 2 {
                out.push(part);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// "X (Y)" → ("X", "Y") when Y is a name of capitalised words, not an acronym or a number.
fn parenthesised(name: &str) -> Option<(&str, &str)> {
    let inner = name.strip_suffix(')')?;
    let (full, short) = inner.rsplit_once(" (")?;
    let short = short.strip_prefix("the ").unwrap_or(short);
    let capitalised = short.split(' ').count() >= 2
        && short.starts_with(char::is_uppercase)
        && !short.starts_with("No.");
    capitalised.then_some((full, short))
}

fn without_year_or_number(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let mut end = words.len();
    if end >= 2 && words[end - 2] == "no" && is_number(words[end - 1]) {
        end -= 2;
    }
    if end >= 1 && words[end - 1].len() == 4 && is_number(words[end - 1]) {
        end -= 1;
    }
    (end >= 2 && end < words.len()).then(|| words[..end].join(" "))
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// How many trailing words a name may be followed by before the marker: none, a year and/or
/// an ILO number ("…, 2011 (No. 189)"), or a parenthesised short name ("(Treaty of
/// Tlatelolco)").
fn candidate_ends(text: &str, words: &[Range<usize>]) -> impl Iterator<Item = usize> {
    let last = |skip: usize| {
        words
            .len()
            .checked_sub(skip + 1)
            .map(|i| &text[words[i].clone()])
    };
    let mut skips = vec![0];
    let mut skip = 0;
    if last(0).is_some_and(is_number) && last(1).is_some_and(|w| w.eq_ignore_ascii_case("no")) {
        skip = 2;
        skips.push(skip);
    }
    if last(skip).is_some_and(|w| w.len() == 4 && is_number(w)) {
        skips.push(skip + 1);
    }
    if let Some(dated) = date_before(text, words) {
        skips.push(dated);
    }
    if let Some(open) = parenthesis_before(text, words) {
        skips.push(words.len() - open);
    }
    skips.extend(tails_before(text, words));
    skips.into_iter().filter(move |&s| s < words.len())
}

/// Words that start what is said of a name rather than more of it: how it came about
/// ("…, held in Doha from 29 November to 2 December 2008", "…, adopted on 8 June 2016 at …"),
/// how it was amended ("… of 1961 as amended by the 1972 Protocol").
const TAIL_WORDS: [&str; 6] = ["held", "adopted", "signed", "done", "convened", "amended"];

/// Farthest back a tail may start, in words.
const MAX_TAIL_WORDS: usize = 30;

/// How many words each trailing tail takes (see [`TAIL_WORDS`]); "as amended" takes its "as".
fn tails_before(text: &str, words: &[Range<usize>]) -> Vec<usize> {
    let from = words.len().saturating_sub(MAX_TAIL_WORDS).max(1);
    (from..words.len())
        .filter(|&i| TAIL_WORDS.contains(&&text[words[i].clone()]))
        .map(|i| {
            let as_amended = &text[words[i - 1].clone()] == "as";
            words.len() - i + usize::from(as_amended)
        })
        .collect()
}

/// How many words a trailing date takes ("of 12 August 1949", "of 1977").
fn date_before(text: &str, words: &[Range<usize>]) -> Option<usize> {
    let word = |i: usize| Some(&text[words.get(words.len().checked_sub(i + 1)?)?.clone()]);
    if !word(0).is_some_and(|w| w.len() == 4 && is_number(w)) {
        return None;
    }
    let dated = word(1).is_some_and(|w| w.starts_with(char::is_uppercase))
        && word(2).is_some_and(is_number);
    let of = if dated { 3 } else { 1 };
    (word(of) == Some("of")).then_some(of + 1)
}

/// Where the parenthesis closing just before the marker opens, as an index into `words`.
fn parenthesis_before(text: &str, words: &[Range<usize>]) -> Option<usize> {
    let last = words.last()?;
    let after = text[last.end..].trim_start_matches(|c: char| !c.is_alphanumeric());
    let closed = text[last.end..text.len() - after.len()].contains(')');
    if !closed {
        return None;
    }
    let open = text[..last.end].rfind('(')?;
    words.iter().position(|w| w.start > open)
}

/// Words of `text` (as [`Words`] gives them: no "the") from `floor` up to `at`, at most
/// [`MAX_WORDS`], last word last.
fn words_before(text: &str, floor: usize, at: usize) -> Vec<Range<usize>> {
    let at = crate::source::floor_char_boundary(text, at);
    let from = crate::source::floor_char_boundary(text, floor.max(at.saturating_sub(600)));
    let mut words: Vec<Range<usize>> = Words::from(&text[..at], from).collect();
    if words.len() > MAX_WORDS {
        words.drain(..words.len() - MAX_WORDS);
    }
    words
}

/// The words lower-cased, last first, each followed by a space.
fn reversed_words(text: &str, words: &[Range<usize>]) -> String {
    let mut out = String::new();
    for w in words.iter().rev() {
        out.push_str(&text[w.clone()].to_lowercase());
        out.push(' ');
    }
    out
}

/// A normalised name's words, last first, each followed by a space.
fn reversed(key: &str) -> String {
    let mut out = String::new();
    for w in key.split(' ').rev() {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// Whether the name starting at `start` is the tail of a larger name ("Kigali Amendment to the
/// Montreal Protocol …", "Optional Protocol to the Convention …"): [`super::names`]'s reading,
/// when the capitalised words before it hold a word that heads such a name ("the extension to
/// Saint Helena of the Convention …" cites the Convention).
fn inside_larger_name(text: &str, start: usize) -> bool {
    let before = &text[..start];
    super::names::inside_larger_name(before) && larger_head(before)
}

/// Words that head a name another instrument's name is part of.
const LARGER_HEADS: [&str; 16] = [
    "Protocol",
    "Protocols",
    "Amendment",
    "Amendments",
    "Agreement",
    "Conference",
    "Parties",
    "Meeting",
    "Implementation",
    "Review",
    "Secretariat",
    "Committee",
    "Commission",
    "Organization",
    "Declaration",
    "Convention",
];

/// Whether the run of capitalised and small words before the joining words ("to the", "of
/// the") holds one of [`LARGER_HEADS`] ("Cartagena Protocol on Biosafety to the"); true when
/// no capitalised word comes before them.
fn larger_head(before: &str) -> bool {
    let small = |w: &&str| ["of", "on", "to", "the", "and", "for", "in", "against"].contains(w);
    let mut words = before
        .split_whitespace()
        .rev()
        .skip_while(|w| w.starts_with(char::is_lowercase))
        .take_while(|w| {
            (w.starts_with(char::is_uppercase) || small(w)) && !w.ends_with([',', ';', '.'])
        })
        .peekable();
    words.peek().is_none() || words.any(|w| LARGER_HEADS.contains(&w))
}
