//! Measuring the search: paragraphs adopted again with edits in a later session under the same
//! title (the same agenda item year after year). The later version is the query; the earlier
//! one should be among the closest paragraphs of other resolutions.

use super::AgreedSearch;
use super::compare::{compare, words};
use super::extract::AgreedParagraph;
use std::collections::HashMap;

/// Edited versions at least this close to their earlier version count as adopted again.
const SAME_ITEM: f32 = 0.6;
/// Shorter paragraphs say too little to be told apart.
const MIN_WORDS: usize = 8;

/// A later paragraph and the earlier one it was edited from.
pub struct Pair<'a> {
    pub later: &'a AgreedParagraph,
    pub earlier: &'a AgreedParagraph,
}

/// Later paragraphs that are edited versions of a paragraph of the resolution with the same
/// title in the previous session, ordered by symbol and label.
pub fn re_adoptions(paragraphs: &[AgreedParagraph]) -> Vec<Pair<'_>> {
    let mut by_item: HashMap<(u32, &str), Vec<&AgreedParagraph>> = HashMap::new();
    for p in paragraphs {
        if let Some(session) = session(&p.symbol) {
            by_item.entry((session, &p.title)).or_default().push(p);
        }
    }
    let mut out: Vec<Pair> = by_item
        .iter()
        .filter_map(|((session, title), later)| {
            let earlier = previous(&by_item, *session, title)?;
            Some(later.iter().filter_map(move |p| edited_from(p, earlier)))
        })
        .flatten()
        .collect();
    out.sort_by(|a, b| (&a.later.symbol, &a.later.label).cmp(&(&b.later.symbol, &b.later.label)));
    out
}

/// The paragraphs of the latest earlier session with a resolution of this title.
fn previous<'m, 'a>(
    by_item: &'m HashMap<(u32, &'a str), Vec<&'a AgreedParagraph>>,
    session: u32,
    title: &'a str,
) -> Option<&'m Vec<&'a AgreedParagraph>> {
    (1..session).rev().find_map(|s| by_item.get(&(s, title)))
}

/// `p` as an edited version of one of `earlier`: not identical to any, close to the closest.
fn edited_from<'a>(p: &'a AgreedParagraph, earlier: &[&'a AgreedParagraph]) -> Option<Pair<'a>> {
    let w = words(&p.text);
    if w.len() < MIN_WORDS || earlier.iter().any(|e| e.text == p.text) {
        return None;
    }
    let (similarity, closest) = earlier
        .iter()
        .map(|e| (compare(&w, &words(&e.text)).similarity, *e))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    (SAME_ITEM..1.0).contains(&similarity).then_some(Pair {
        later: p,
        earlier: closest,
    })
}

/// "A/RES/76/222" → 76.
fn session(symbol: &str) -> Option<u32> {
    symbol
        .strip_prefix("A/RES/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// A draft of `n` corpus paragraphs spread over the corpus, a word changed in each that has
/// " the " (the benchmarks' draft: what a delegate adapting agreed language writes).
pub fn edited_draft(paragraphs: &[AgreedParagraph], n: usize) -> Vec<String> {
    let step = (paragraphs.len() / n.max(1)).max(1);
    paragraphs
        .iter()
        .step_by(step)
        .take(n)
        .map(|p| p.text.replacen(" the ", " a ", 1))
        .collect()
}

/// Recall at `k` and mean reciprocal rank over the pairs, with the pairs missed.
pub struct Quality<'a> {
    pub recall: f64,
    pub mrr: f64,
    pub missed: Vec<&'a Pair<'a>>,
}

/// Asks for the `k` closest paragraphs of each later version, its own resolution left out; a
/// hit is a paragraph worded exactly as the earlier version (the same wording adopted in
/// several resolutions is the same agreed language).
pub fn measure<'a>(search: &dyn AgreedSearch, pairs: &'a [Pair<'a>], k: usize) -> Quality<'a> {
    let mut reciprocal = 0.0;
    let mut missed = Vec::new();
    for pair in pairs {
        let rank = search
            .closest(&pair.later.text, k + 4)
            .iter()
            .filter(|n| n.paragraph.symbol != pair.later.symbol)
            .take(k)
            .position(|n| n.paragraph.text == pair.earlier.text);
        match rank {
            Some(r) => reciprocal += 1.0 / (r + 1) as f64,
            None => missed.push(pair),
        }
    }
    let n = pairs.len().max(1) as f64;
    Quality {
        recall: (pairs.len() - missed.len()) as f64 / n,
        mrr: reciprocal / n,
        missed,
    }
}
