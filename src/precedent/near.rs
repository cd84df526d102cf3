//! Near misses of known instrument names: a name that differs from one precedents use by one
//! small word ("Vienna Declaration and Programme for Action" for "… of Action") or by a
//! "United Nations" the official name does not have ("United Nations Convention on Biological
//! Diversity").
//!
//! Names and text are compared by their skeletons, in which every confusable small word is the
//! same placeholder: one Aho–Corasick pattern per skeleton of a well-established name (and of
//! it with "united nations" before it) finds in one pass every place where a name may be
//! misspelt, and the words there are then compared with the names of that skeleton. (An
//! automaton of every misspelt form was ten times larger, and most of a loaded index.)

use super::index::{Instrument, MIN_SOURCES};
use super::words::{for_each_word, push_lowercase};
use aho_corasick::AhoCorasick;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Small words that drafters confuse inside names ("and" is left out: it joins a name to the
/// next item of a list, "the 2030 Agenda and the Sustainable Development Goals").
const CONFUSED: [&str; 6] = ["of", "for", "on", "in", "to", "against"];

/// What a confusable word is in a skeleton.
const PLACEHOLDER: &str = "~";

/// Fewest words of a name whose misspellings are looked for: shorter ones ("Plan of Action")
/// begin longer names too often.
const MIN_WORDS: usize = 4;

const UNITED_NATIONS: [&str; 2] = ["united", "nations"];

/// A well-established name as a skeleton stands for it.
#[derive(Debug)]
struct Candidate {
    id: usize,
    /// The name's normalised words, "united nations" first when the skeleton adds it.
    words: Vec<String>,
    /// Whether "united nations" was added: the written words must then be these exactly.
    prefixed: bool,
}

/// The skeletons of well-established names, and every known name (a form that is a known
/// name in its own right is no near miss).
#[derive(Debug, Default)]
pub struct NearMisses {
    automaton: Option<AhoCorasick>,
    /// The names each pattern stands for.
    candidates: Vec<Vec<Candidate>>,
    known: HashSet<String>,
}

impl NearMisses {
    pub fn new(instruments: &[Instrument]) -> NearMisses {
        let mut by_skeleton: HashMap<String, Vec<Candidate>> = HashMap::new();
        let established = instruments
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.learned && i.resolution_count() >= MIN_SOURCES as usize);
        for (id, instrument) in established {
            let words: Vec<&str> = instrument.key.split(' ').collect();
            if words.len() < MIN_WORDS {
                continue;
            }
            if (1..words.len()).any(|i| swappable(&words, i)) {
                by_skeleton
                    .entry(skeleton(&words))
                    .or_default()
                    .push(candidate(id, &words, false));
            }
            if !words.starts_with(&UNITED_NATIONS) {
                let prefixed: Vec<&str> = UNITED_NATIONS.iter().copied().chain(words).collect();
                by_skeleton
                    .entry(skeleton(&prefixed))
                    .or_default()
                    .push(candidate(id, &prefixed, true));
            }
        }
        let (patterns, candidates): (Vec<String>, Vec<Vec<Candidate>>) = by_skeleton
            .into_iter()
            .map(|(skeleton, names)| (format!(" {skeleton} "), names))
            .unzip();
        NearMisses {
            automaton: AhoCorasick::new(&patterns).ok(),
            candidates,
            known: instruments.iter().map(|i| i.key.clone()).collect(),
        }
    }

    /// Near misses in `text`: the instrument meant, and the plain range of the name written.
    /// Where they overlap, the first and then the longest is kept.
    pub fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for window in windows(text) {
            let start = window.start;
            let misses = self.find_in(automaton, &text[window]);
            found.extend((misses.into_iter()).map(|(id, r)| (id, r.start + start..r.end + start)));
        }
        // A name in the overlap of two windows is found in both: kept once, as overlaps are.
        found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
        let mut end = 0;
        found.retain(|(_, r)| {
            let apart = r.start >= end;
            end = end.max(r.end);
            apart
        });
        found
    }

    /// [`Self::find`] in a text of at most a window's length.
    fn find_in(&self, automaton: &AhoCorasick, text: &str) -> Vec<(usize, Range<usize>)> {
        let words = NormalWords::of(text);
        (automaton.find_overlapping_iter(&words.skeleton))
            .filter_map(|m| {
                let at = words.at_skeleton(m.start() + 1..m.end())?;
                let id = self.meant(&words, at.clone(), m.pattern().as_usize())?;
                let joined = (at.start + 1..at.end)
                    .all(|i| only_spaces(&text[words.written(i - 1).end..words.written(i).start]));
                let range = words.written(at.start).start..words.written(at.end - 1).end;
                joined.then_some((id, range))
            })
            .collect()
    }

    /// The one instrument whose name the words at `at` misspell, if exactly one does and they
    /// are not a known name themselves.
    fn meant(&self, words: &NormalWords, at: Range<usize>, pattern: usize) -> Option<usize> {
        let written: Vec<&str> = at.map(|i| words.word(i)).collect();
        if self.known.contains(&written.join(" ")) {
            return None;
        }
        let mut meant = self.candidates[pattern]
            .iter()
            .filter(|c| c.misspelt_as(&written))
            .map(|c| c.id);
        let id = meant.next()?;
        // A form that two names could come from is left alone.
        meant.all(|other| other == id).then_some(id)
    }
}

fn candidate(id: usize, words: &[&str], prefixed: bool) -> Candidate {
    Candidate {
        id,
        words: words.iter().map(|w| w.to_string()).collect(),
        prefixed,
    }
}

impl Candidate {
    /// Whether `written` (of the same skeleton) is this name with "united nations" added, or
    /// with one confusable word swapped.
    fn misspelt_as(&self, written: &[&str]) -> bool {
        if self.prefixed {
            return self.words.iter().zip(written).all(|(a, b)| a == b);
        }
        let name: Vec<&str> = self.words.iter().map(String::as_str).collect();
        let mut differ = (0..name.len()).filter(|&i| name[i] != written[i]);
        matches!((differ.next(), differ.next()), (Some(i), None) if swappable(&name, i))
    }
}

/// Whether word `i` of a name may be the confused one: a confusable word, not the first, and
/// not before a date ("… Arrangements of 13 September 1993" is a date, not a name, after
/// "on").
fn swappable(words: &[&str], i: usize) -> bool {
    let dated = words
        .get(i + 1)
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    i > 0 && CONFUSED.contains(&words[i]) && !dated
}

/// Words joined by spaces, each confusable word replaced by the placeholder.
fn skeleton(words: &[&str]) -> String {
    let skeletal: Vec<&str> = words.iter().map(|w| skeletal(w)).collect();
    skeletal.join(" ")
}

fn skeletal(word: &str) -> &str {
    if CONFUSED.contains(&word) {
        PLACEHOLDER
    } else {
        word
    }
}

/// Whether words are joined only by spaces, hyphens and "the", as within one name (not
/// across a comma or a marker: "the Charter of the United Nations, the Universal Declaration").
/// A long paragraph is searched in windows of about this many bytes: its word table takes
/// about five times its length, and for a draft on one line it was most of the memory of
/// checking it (issue 14).
const WINDOW: usize = 64 * 1024;

/// How far each window reaches back into the one before: far longer than any name written
/// with its spaces, so that a name across a window's end is found whole in the next one.
const WINDOW_OVERLAP: usize = 4 * 1024;

/// The windows of `text`: ranges that start and end at white space (or at the text's ends), at
/// most [`WINDOW`] bytes and a word long, each starting at least [`WINDOW_OVERLAP`] bytes
/// before the one before it ends. A text up to [`WINDOW`] long is one window.
fn windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let space_from = |at: usize| {
        let at = crate::source::floor_char_boundary(text, at);
        text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i)
    };
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let end = if text.len() - start <= WINDOW {
            text.len()
        } else {
            space_from(start + WINDOW)
        };
        next = (end < text.len()).then(|| space_from(end - WINDOW_OVERLAP));
        Some(start..end)
    })
}

fn only_spaces(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == '-')
        .all(|w| w.is_empty() || w.eq_ignore_ascii_case("the"))
}

/// A text's words as [`crate::model::instrument::normalize`] writes them (lower case, no
/// "the"), one after another, and their skeleton with each word between spaces. Positions are
/// `u32`: a draft on one line has a word every six bytes, and this table was most of the peak
/// memory of checking it (issue 14).
struct NormalWords {
    normal: String,
    skeleton: String,
    words: Vec<NormalWord>,
}

/// Where one word is: its start in the skeleton, its end in the normalised words (it starts
/// where the word before it ends) and its place in the text.
struct NormalWord {
    skeleton_start: u32,
    normal_end: u32,
    start: u32,
    end: u32,
}

impl NormalWords {
    fn of(text: &str) -> NormalWords {
        let mut out = NormalWords {
            normal: String::with_capacity(text.len()),
            skeleton: String::with_capacity(text.len() + 1),
            words: Vec::new(),
        };
        out.skeleton.push(' ');
        for_each_word(text, |word, _| {
            let start = out.normal.len();
            push_lowercase(&mut out.normal, &text[word.clone()]);
            let skeleton_start = out.skeleton.len();
            out.skeleton.push_str(skeletal(&out.normal[start..]));
            out.skeleton.push(' ');
            out.words.push(NormalWord {
                skeleton_start: skeleton_start as u32,
                normal_end: out.normal.len() as u32,
                start: word.start as u32,
                end: word.end as u32,
            });
        });
        out
    }

    /// The words that the skeleton's `range` covers, when it starts at a word.
    fn at_skeleton(&self, range: Range<usize>) -> Option<Range<usize>> {
        let first = (self.words)
            .binary_search_by_key(&range.start, |w| w.skeleton_start as usize)
            .ok()?;
        let end = (self.words).partition_point(|w| (w.skeleton_start as usize) < range.end);
        Some(first..end)
    }

    fn word(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .map_or(0, |before| self.words[before].normal_end);
        &self.normal[start as usize..self.words[i].normal_end as usize]
    }

    /// Where word `i` is written in the text.
    fn written(&self, i: usize) -> Range<usize> {
        self.words[i].start as usize..self.words[i].end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_put_one_placeholder_for_every_confusable_word() {
        let words: Vec<&str> = "vienna declaration and programme of action"
            .split(' ')
            .collect();
        assert_eq!(
            skeleton(&words),
            "vienna declaration and programme ~ action"
        );
        assert!(swappable(&words, 4));
        let dated: Vec<&str> = "agreement on 13 september".split(' ').collect();
        assert!(!swappable(&dated, 1));
    }

    #[test]
    fn a_swapped_word_or_an_added_united_nations_is_a_misspelling() {
        let words: Vec<&str> = "vienna declaration and programme of action"
            .split(' ')
            .collect();
        let swapped = candidate(0, &words, false);
        assert!(swapped.misspelt_as(&[
            "vienna",
            "declaration",
            "and",
            "programme",
            "for",
            "action"
        ]));
        assert!(!swapped.misspelt_as(&words));
        let prefixed: Vec<&str> = UNITED_NATIONS
            .iter()
            .copied()
            .chain(words.clone())
            .collect();
        assert!(candidate(0, &prefixed, true).misspelt_as(&prefixed));
    }

    #[test]
    fn normal_words_lead_back_to_the_words_as_written() {
        // "İ" is longer in lower case than as written: positions must not drift after it.
        let text = "İstanbul, the Programme OF Action for Ümraniye";
        let words = NormalWords::of(text);
        let normal: Vec<&str> = (0..words.words.len()).map(|i| words.word(i)).collect();
        assert_eq!(
            normal,
            [
                "i\u{307}stanbul",
                "programme",
                "of",
                "action",
                "for",
                "ümraniye"
            ]
        );
        let written: Vec<&str> = (0..words.words.len())
            .map(|i| &text[words.written(i)])
            .collect();
        assert_eq!(
            written,
            ["İstanbul", "Programme", "OF", "Action", "for", "Ümraniye"]
        );
        assert_eq!(
            words.skeleton,
            " i\u{307}stanbul programme ~ action ~ ümraniye "
        );
        let phrase = " programme ~ action ";
        let start = words.skeleton.find(phrase).unwrap() + 1;
        assert_eq!(
            words.at_skeleton(start..start + phrase.len() - 1),
            Some(1..4)
        );
        assert_eq!(words.at_skeleton(start + 1..start + 4), None);
    }
}
