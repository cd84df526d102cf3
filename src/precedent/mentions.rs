//! Mentions of known instruments in running text, footnoted or not.
//!
//! Names are compared word by word in [`instrument::normalize`]'s form (lower case, no "the"),
//! longest name first from each word. A match counts only when the model's own reading of the
//! name ending there ([`instrument::name_before`]) is the same instrument, so "the Convention on
//! the Rights of the Child" inside "the Optional Protocol to the Convention on the Rights of the
//! Child" is not a mention of the Convention.

use super::words::{Words, for_each_word};
use crate::model::Document;
use crate::model::instrument;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// A known name found in a paragraph's plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The instrument's id, as given to [`Matcher::new`].
    pub instrument: usize,
    pub paragraph: usize,
    /// Plain-text range of the name in the paragraph.
    pub range: Range<usize>,
    /// Whether a footnote marker stands for it: right after the name, or after the name and a
    /// short "and the Optional Protocols thereto" that shares the note.
    pub footnoted: bool,
}

/// Finds the names of a set of instruments in text.
#[derive(Debug, Default)]
pub struct Matcher {
    /// The names' first words, sorted by [`fingerprint`].
    firsts: Vec<FirstWord>,
    /// Bit set of the first words' fingerprints: an ASCII word whose fingerprint is not in it
    /// starts no name. That rules out nearly every word of a text without lower-casing it.
    fingerprints: Vec<u64>,
}

#[derive(Debug)]
struct FirstWord {
    fingerprint: usize,
    word: String,
    /// The names starting with it, longest first.
    names: Vec<Name>,
}

/// A name's words and its instrument id.
type Name = (Vec<String>, usize);

impl Matcher {
    /// A matcher for normalised names (see [`instrument::normalize`]) with their ids.
    pub fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        let mut by_first: HashMap<String, Vec<Name>> = HashMap::new();
        for (id, key) in names {
            let words: Vec<String> = key.split(' ').map(str::to_string).collect();
            // The text's "the" is never compared, so a name starting with it never matches.
            if let Some(first) = words.first().filter(|w| !w.is_empty() && *w != "the") {
                by_first.entry(first.clone()).or_default().push((words, id));
            }
        }
        let mut firsts: Vec<FirstWord> = by_first
            .into_iter()
            .map(|(word, mut names)| {
                names.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
                let fingerprint = fingerprint(word.as_bytes());
                FirstWord {
                    fingerprint,
                    word,
                    names,
                }
            })
            .collect();
        firsts.sort_by_key(|f| f.fingerprint);
        let mut fingerprints = vec![0; 1 << (FINGERPRINT_BITS - 6)];
        for f in &firsts {
            fingerprints[f.fingerprint / 64] |= 1 << (f.fingerprint % 64);
        }
        Matcher {
            firsts,
            fingerprints,
        }
    }

    /// Known names in one text, left to right, not overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        let mut resume = 0;
        let mut from_word = |word: Range<usize>| {
            if word.start < resume {
                return;
            }
            if let Some((id, end)) = self.longest_at(text, word.clone()) {
                out.push((id, word.start..end));
                resume = end;
            }
        };
        for_each_word(text, |word, ascii| {
            // Nearly all ASCII words start no name: they are passed over on their fingerprint
            // alone.
            if !ascii || self.may_start_name(&text.as_bytes()[word.clone()]) {
                from_word(word);
            }
        });
        out
    }

    /// The longest name that starts with word `first` and reads as itself there: its id and
    /// where it ends.
    fn longest_at(&self, text: &str, first: Range<usize>) -> Option<(usize, usize)> {
        let mut following = Following::new(text, first.end);
        self.names_starting(&text[first.clone()])
            .iter()
            .find_map(|(name, id)| {
                let mut end = first.end;
                for (i, key) in name[1..].iter().enumerate() {
                    let word = following.word(i)?;
                    if !same_word(&text[word.clone()], key) {
                        return None;
                    }
                    end = word.end;
                }
                same_name(text, first.start..end, name).then_some((*id, end))
            })
    }

    /// The names whose first word is `word` lower-cased.
    fn names_starting(&self, word: &str) -> &[Name] {
        let lower = if word.is_ascii() {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        };
        let at = fingerprint(lower.as_bytes());
        let from = self.firsts.partition_point(|f| f.fingerprint < at);
        self.firsts[from..]
            .iter()
            .take_while(|f| f.fingerprint == at)
            .find(|f| same_word(word, &f.word))
            .map_or(&[], |f| f.names.as_slice())
    }

    /// Whether an ASCII word may be a first word, by its fingerprint.
    fn may_start_name(&self, word: &[u8]) -> bool {
        let at = fingerprint(word);
        self.fingerprints
            .get(at / 64)
            .is_some_and(|bits| bits & 1 << (at % 64) != 0)
    }
}

/// Every mention of a known instrument in the document's paragraphs, from what
/// [`Matcher::find`] found in each (one list per paragraph, in order).
pub fn mentions<'a>(
    doc: &Document,
    found: impl IntoIterator<Item = &'a [(usize, Range<usize>)]>,
) -> Vec<Mention> {
    let mut out = Vec::new();
    for ((p, para), found) in doc.paragraphs.iter().enumerate().zip(found) {
        let text = para.text.as_str();
        let markers: Vec<usize> = doc.markers[para.markers.clone()]
            .iter()
            .map(|m| m.plain_at)
            .collect();
        for (instrument, range) in found {
            out.push(Mention {
                instrument: *instrument,
                paragraph: p,
                range: range.clone(),
                footnoted: footnoted(text, range.end, &markers),
            });
        }
    }
    out
}

/// The words after a first word, read once for all the names that start with it.
struct Following<'a> {
    words: Words<'a>,
    read: Vec<Range<usize>>,
}

impl<'a> Following<'a> {
    fn new(text: &'a str, at: usize) -> Following<'a> {
        Following {
            words: Words::from(text, at),
            read: Vec::new(),
        }
    }

    /// The `i`th word after the first word.
    fn word(&mut self, i: usize) -> Option<Range<usize>> {
        while self.read.len() <= i {
            self.read.push(self.words.next()?);
        }
        Some(self.read[i].clone())
    }
}

const FINGERPRINT_BITS: u32 = 14;

/// A hash of an ASCII word's lower-case form from its length and its first two and last two
/// bytes (`| 0x20` lower-cases a letter and keeps a digit). Words of a text that share it with
/// no name's first word are the vast majority.
fn fingerprint(word: &[u8]) -> usize {
    let last = word.len() - 1;
    let byte = |i: usize| u64::from(word[i] | 0x20);
    let key = byte(0)
        | byte(last.min(1)) << 8
        | byte(last.saturating_sub(1)) << 16
        | byte(last) << 24
        | (word.len() as u64) << 32;
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FINGERPRINT_BITS)) as usize
}

/// Whether a word of the text, lower-cased, is `key`.
fn same_word(word: &str, key: &str) -> bool {
    if word.is_ascii() {
        // Nearly every word: compared without lower-casing a copy.
        word.len() == key.len()
            && word
                .bytes()
                .zip(key.bytes())
                .all(|(w, k)| w.to_ascii_lowercase() == k)
    } else {
        word.to_lowercase() == key
    }
}

/// Whether the name ending at `range.end` reads as exactly `name`, and not as a longer name
/// containing it.
fn same_name(text: &str, range: Range<usize>, name: &[String]) -> bool {
    let Some((found, _)) = super::names::name_at(text, 0, range.end) else {
        return false;
    };
    let found = instrument::normalize(&text[found]);
    found.split(' ').eq(name.iter().map(String::as_str))
}

/// Whether `at` lies inside a quotation ("entitled “Transforming our world: the 2030 Agenda for
/// Sustainable Development”"), where a title is quoted rather than an instrument cited.
pub fn in_quotes(text: &str, at: usize) -> bool {
    let before = &text[..crate::source::floor_char_boundary(text, at)];
    before.matches('“').count() > before.matches('”').count()
}

/// Whether a marker stands for the name ending at `end`: right after it (past closing quotes
/// and commas, or a date: "Agenda 21 of 14 June 1992³"), or after a short joined phrase without
/// punctuation ("and the Optional Protocols thereto") whose note covers both.
pub(crate) fn footnoted(text: &str, end: usize, markers: &[usize]) -> bool {
    let Some(&next) = markers.iter().find(|&&m| m >= end) else {
        return false;
    };
    let between =
        text[end..next].trim_end_matches(|c: char| c.is_whitespace() || ",”\"’".contains(c));
    let joined = between.len() <= 120
        && !between.contains([',', ';', '.', ':', '('])
        && between.trim_start().starts_with("and ");
    between.is_empty() || DATED.is_match(between) || joined
}

static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?[ \u{a0}]+of[ \u{a0}]+(?:\d{1,2}[ \u{a0}]+[A-Z][a-z]+[ \u{a0}]+)?\d{4}$")
        .unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_name_and_no_inner_match() {
        let m = Matcher::new([
            (0, "convention on rights of child"),
            (
                1,
                "optional protocol to convention on rights of child on sale of children child prostitution and child pornography",
            ),
        ]);
        let text = "the Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography and the Convention on the Rights of the Child";
        let found: Vec<usize> = m.find(text).into_iter().map(|(id, _)| id).collect();
        assert_eq!(found, [1, 0]);
        let only_child = Matcher::new([(0, "convention on rights of child")]);
        let found = only_child.find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].1.clone()],
            "Convention on the Rights of the Child"
        );
        assert!(found[0].1.start > 100);
    }

    #[test]
    fn any_case_and_non_ascii_words() {
        let m = Matcher::new([(0, "nouméa accord"), (1, "paris agreement")]);
        let text = "the NOUMÉA Accord and the Nouméa Accord, then the PARIS Agreement and the Paris Agreementé";
        let found: Vec<&str> = m.find(text).into_iter().map(|(_, r)| &text[r]).collect();
        assert_eq!(found, ["NOUMÉA Accord", "Nouméa Accord", "PARIS Agreement"]);
    }

    #[test]
    fn footnoted_mentions() {
        assert!(footnoted("the Convention, and", 14, &[15]));
        assert!(footnoted(
            "the Convention and the Optional Protocols thereto",
            14,
            &[49]
        ));
        assert!(!footnoted("the Convention, the Covenant", 14, &[28]));
        assert!(!footnoted("the Convention", 14, &[]));
        assert!(footnoted("the Agenda 21 of 14 June 1992", 13, &[29]));
    }
}
