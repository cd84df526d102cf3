//! Near misses of known instrument names: a name that differs from one precedents use by one
//! small word ("Vienna Declaration and Programme for Action" for "… of Action") or by a
//! "United Nations" the official name does not have ("United Nations Convention on Biological
//! Diversity"). The misspelt forms of every well-established name are generated once per index
//! and found in one Aho–Corasick pass over a paragraph's words.

use super::index::{Instrument, MIN_SOURCES};
use super::words::Words;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Small words that drafters confuse inside names ("and" is left out: it joins a name to the
/// next item of a list, "the 2030 Agenda and the Sustainable Development Goals").
const CONFUSED: [&str; 6] = ["of", "for", "on", "in", "to", "against"];

/// Fewest words of a name whose misspellings are looked for: shorter ones ("Plan of Action")
/// begin longer names too often.
const MIN_WORDS: usize = 4;

/// The misspelt forms of well-established names.
#[derive(Debug, Default)]
pub struct NearMisses {
    automaton: Option<AhoCorasick>,
    /// Instrument id of each pattern.
    ids: Vec<usize>,
}

impl NearMisses {
    pub fn new(instruments: &[Instrument]) -> NearMisses {
        let known: HashSet<&str> = instruments.iter().map(|i| i.key.as_str()).collect();
        let mut variants: HashMap<String, Option<usize>> = HashMap::new();
        let established = instruments
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.learned && i.resolution_count() >= MIN_SOURCES as usize);
        for (id, instrument) in established {
            for variant in misspellings(&instrument.key) {
                if !known.contains(variant.as_str()) {
                    variants
                        .entry(variant)
                        .and_modify(|v| *v = v.filter(|&other| other == id))
                        .or_insert(Some(id));
                }
            }
        }
        // A form that two names could come from is left alone.
        let (patterns, ids): (Vec<String>, Vec<usize>) = variants
            .into_iter()
            .filter_map(|(v, id)| Some((format!(" {v} "), id?)))
            .unzip();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        NearMisses { automaton, ids }
    }

    /// Near misses in `text`: the instrument meant, and the plain range of the name written.
    pub fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let words = NormalWords::of(text);
        automaton
            .find_iter(&words.haystack)
            .filter_map(|m| {
                let first = words.starts.binary_search(&(m.start() + 1)).ok()?;
                let last = words.starts.partition_point(|&s| s < m.end()) - 1;
                let ranges = &words.ranges[first..=last];
                let joined = ranges
                    .windows(2)
                    .all(|pair| only_spaces(&text[pair[0].end..pair[1].start]));
                let range = ranges.first()?.start..ranges.last()?.end;
                joined.then(|| (self.ids[m.pattern().as_usize()], range))
            })
            .collect()
    }
}

/// Whether words are joined only by spaces, hyphens and "the", as within one name (not
/// across a comma or a marker: "the Charter of the United Nations, the Universal Declaration").
fn only_spaces(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == '-')
        .all(|w| w.is_empty() || w.eq_ignore_ascii_case("the"))
}

/// A text's words as [`crate::model::instrument::normalize`] writes them (lower case, no
/// "the"), each between spaces, with where each starts in that string and in the text.
struct NormalWords {
    haystack: String,
    starts: Vec<usize>,
    ranges: Vec<Range<usize>>,
}

impl NormalWords {
    fn of(text: &str) -> NormalWords {
        let mut out = NormalWords {
            haystack: String::with_capacity(text.len() + 1),
            starts: Vec::new(),
            ranges: Vec::new(),
        };
        out.haystack.push(' ');
        for word in Words::from(text, 0) {
            out.starts.push(out.haystack.len());
            let written = &text[word.clone()];
            if written.is_ascii() {
                out.haystack
                    .extend(written.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                out.haystack.push_str(&written.to_lowercase());
            }
            out.haystack.push(' ');
            out.ranges.push(word);
        }
        out
    }
}

/// A normalised name with one confusable small word swapped, and with "united nations" put
/// before it when it does not start so.
fn misspellings(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() < MIN_WORDS {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        // "… Arrangements of 13 September 1993" is a date, not a name, after "on".
        let dated = words
            .get(i + 1)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        if !CONFUSED.contains(word) || i == 0 || dated {
            continue;
        }
        for other in CONFUSED.iter().filter(|o| *o != word) {
            let mut changed = words.clone();
            changed[i] = other;
            out.push(changed.join(" "));
        }
    }
    if !key.starts_with("united nations ") {
        out.push(format!("united nations {key}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_small_words_and_a_added_united_nations() {
        let forms = misspellings("vienna declaration and programme of action");
        assert!(forms.contains(&"vienna declaration and programme for action".to_string()));
        assert!(
            forms
                .contains(&"united nations vienna declaration and programme of action".to_string())
        );
        assert!(misspellings("plan of action").is_empty());
    }
}
