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

/// Small words that drafters confuse inside names.
const CONFUSED: [&str; 7] = ["of", "for", "on", "in", "to", "and", "against"];

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
            .filter(|(_, i)| i.resolution_count() >= MIN_SOURCES as usize);
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
        let words: Vec<Range<usize>> = Words::from(text, 0).collect();
        let mut haystack = String::from(" ");
        let mut starts = Vec::with_capacity(words.len());
        for w in &words {
            starts.push(haystack.len());
            haystack.push_str(&text[w.clone()].to_lowercase());
            haystack.push(' ');
        }
        automaton
            .find_iter(&haystack)
            .filter_map(|m| {
                let first = starts.binary_search(&(m.start() + 1)).ok()?;
                let last = starts.partition_point(|&s| s < m.end()) - 1;
                let range = words[first].start..words[last].end;
                Some((self.ids[m.pattern().as_usize()], range))
            })
            .collect()
    }
}

/// A normalised name with one confusable small word swapped, and with "united nations" put
/// before it when it does not start so.
fn misspellings(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() < 3 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !CONFUSED.contains(word) || i == 0 {
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
        assert!(misspellings("paris agreement").is_empty());
    }
}
