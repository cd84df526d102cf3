//! Comparing a paragraph with a precedent: word 3-shingles for "the same wording" (a cheap
//! set overlap that tolerates moved clauses, and MinHash bands that find paragraphs sharing
//! most of them without comparing), and a word diff (the `similar` crate) for what differs.

use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::collections::{HashMap, HashSet};

/// Marks that end a clause: compared as words of their own, so that "women," and "women"
/// differ by the comma alone.
const CLAUSE_MARKS: [char; 3] = [',', ';', ':'];

/// Words of a paragraph as compared: split on white space, clause marks apart, the closing
/// mark dropped (a paragraph ends with a comma, semicolon or full stop depending on where it
/// stands).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text
        .trim_end()
        .trim_end_matches([',', ';', '.', ':'])
        .split_whitespace()
    {
        match word.strip_suffix(CLAUSE_MARKS) {
            Some(head) if !head.is_empty() => out.extend([head, &word[head.len()..]]),
            _ => out.push(word),
        }
    }
    out
}

fn is_mark(word: &str) -> bool {
    word.len() == 1 && word.starts_with(CLAUSE_MARKS)
}

/// Words joined back into text, clause marks against the word before them.
fn join(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() && !is_mark(w) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Words proper, clause marks left out.
fn count(words: &[&str]) -> usize {
    words.iter().filter(|w| !is_mark(w)).count()
}

/// Hashes of the word 3-shingles (of single words when there are fewer than three),
/// case-insensitive. FNV-1a, whose values never change: the index keeps bands made of them.
pub fn shingles(words: &[&str]) -> HashSet<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    // Above every char: no word ends like another word's beginning.
    const WORD_END: u64 = 0x11_0000;
    let width = words.len().clamp(1, 3);
    words
        .windows(width)
        .map(|window| {
            window.iter().fold(OFFSET, |hash, word| {
                word.chars()
                    .flat_map(char::to_lowercase)
                    .map(u64::from)
                    .chain([WORD_END])
                    .fold(hash, |h, c| (h ^ c).wrapping_mul(PRIME))
            })
        })
        .collect()
}

/// MinHash bands of a paragraph's shingles: BANDS keys of ROWS minimum hashes each. Two
/// paragraphs whose shingles overlap by a Jaccard similarity J share at least one key with
/// probability 1 − (1 − J³)¹⁰: all but certainly above 0.8 (a word or two changed in a long
/// paragraph), one time in three at 0.33.
pub fn bands(shingles: &HashSet<u64>) -> Vec<u64> {
    const BANDS: usize = 10;
    const ROWS: usize = 3;
    if shingles.is_empty() {
        return Vec::new();
    }
    let seeds: [u64; BANDS * ROWS] = std::array::from_fn(|row| mix(row as u64 + 1));
    let mut mins = [u64::MAX; BANDS * ROWS];
    for &shingle in shingles {
        let spread = mix(shingle);
        for (min, seed) in mins.iter_mut().zip(seeds) {
            // One multiplication per row (the building of an index spends most of its hashing
            // here): the high bits, which decide the minimum, depend on every bit.
            *min = (*min).min((spread ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
    }
    mins.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            rows.iter()
                .fold(mix(band as u64), |key, &min| mix(key ^ min))
        })
        .collect()
}

/// SplitMix64's finaliser: a cheap, well-spread permutation of the 64-bit values.
fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Jaccard similarity of two shingle sets (0 when both are empty).
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f32 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f32 / all as f32
    }
}

/// How a draft paragraph's wording departs from a precedent's.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// Share of words in common, 0 to 1 (2 × common / (draft words + precedent words)).
    pub similarity: f32,
    /// Words that differ: for each changed run, the longer of its two sides.
    pub differing: usize,
    /// Runs of the precedent's words that the draft drops or replaces.
    pub precedent_only: Vec<String>,
    /// Runs of the draft's words that the precedent does not have.
    pub draft_only: Vec<String>,
}

impl Comparison {
    pub fn identical(&self) -> bool {
        self.differing == 0
    }

    /// What differs, quoted: `precedent: "Calls upon"; draft: "Urges", "effective"`.
    pub fn differences(&self) -> String {
        let quoted = |runs: &[String]| {
            runs.iter()
                .map(|r| format!("\"{r}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.precedent_only.is_empty() {
            parts.push(format!("precedent: {}", quoted(&self.precedent_only)));
        }
        if !self.draft_only.is_empty() {
            parts.push(format!("draft: {}", quoted(&self.draft_only)));
        }
        parts.join("; ")
    }
}

/// The word diff from the precedent to the draft (exact words: agreed language is agreed to the
/// letter).
fn diff(draft: &[&str], precedent: &[&str]) -> Vec<DiffOp> {
    capture_diff_slices(Algorithm::Myers, precedent, draft)
}

/// Compares the draft's words with the precedent's, word by word.
pub fn compare(draft: &[&str], precedent: &[&str]) -> Comparison {
    let ops = diff(draft, precedent);
    let mut common = 0;
    let mut out = Comparison {
        similarity: 0.0,
        differing: 0,
        precedent_only: Vec::new(),
        draft_only: Vec::new(),
    };
    for op in ops {
        let (old, new) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { len, .. } = op {
            common += len;
            continue;
        }
        let (old, new) = (&precedent[old], &draft[new]);
        // A changed clause mark alone counts as one difference.
        out.differing += count(old).max(count(new)).max(1);
        if !old.is_empty() {
            out.precedent_only.push(join(old));
        }
        if !new.is_empty() {
            out.draft_only.push(join(new));
        }
    }
    let total = draft.len() + precedent.len();
    out.similarity = if total == 0 {
        1.0
    } else {
        (2 * common) as f32 / total as f32
    };
    out
}

/// Like [`Comparison::similarity`], with each word counted by its `weight`: 2 × the weight of
/// the words in common / (the draft's weight + the precedent's). With rare words weighing more,
/// a changed name ("Saint Helena" for "Anguilla") parts two paragraphs more than a changed
/// "more than".
pub fn weighted_similarity(
    draft: &[&str],
    precedent: &[&str],
    weight: impl Fn(&str) -> f32,
) -> f32 {
    share_of_weight(draft, precedent, weight, |weight| {
        diff(draft, precedent)
            .iter()
            .filter_map(|op| match *op {
                DiffOp::Equal { new_index, len, .. } => Some(&draft[new_index..new_index + len]),
                _ => None,
            })
            .flatten()
            .map(|w| weight(w))
            .sum()
    })
}

/// At least [`weighted_similarity`], without a diff: the words in common counted whatever their
/// order. A precedent whose bound falls below a score already found need not be diffed.
pub fn weighted_similarity_bound(
    draft: &[&str],
    precedent: &[&str],
    weight: impl Fn(&str) -> f32,
) -> f32 {
    share_of_weight(draft, precedent, weight, |weight| {
        let mut unmatched: HashMap<&str, usize> = HashMap::new();
        for w in draft {
            *unmatched.entry(w).or_default() += 1;
        }
        precedent
            .iter()
            .filter(|w| match unmatched.get_mut(*w) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    true
                }
                _ => false,
            })
            .map(|w| weight(w))
            .sum()
    })
}

/// 2 × the weight of the words in common (as `common` counts them with `weight`) / the weight
/// of both paragraphs' words; 0 for paragraphs without weight.
fn share_of_weight<W: Fn(&str) -> f32>(
    draft: &[&str],
    precedent: &[&str],
    weight: W,
    common: impl FnOnce(&W) -> f32,
) -> f32 {
    let total: f32 = draft.iter().chain(precedent).map(|w| weight(w)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    2.0 * common(&weight) / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_marks_do_not_count() {
        let a = words("Recalling its resolution 70/1,");
        let b = words("Recalling its resolution 70/1;");
        assert!(compare(&a, &b).identical());
    }

    #[test]
    fn clause_marks_are_words_of_their_own() {
        let draft = words("trafficking in women, in particular girls,");
        let precedent = words("trafficking in women and children, in particular girls;");
        let c = compare(&draft, &precedent);
        assert_eq!(c.differing, 2);
        assert_eq!(c.precedent_only, ["and children"]);
        assert!(c.draft_only.is_empty());
    }

    #[test]
    fn reports_the_replaced_words() {
        let draft = words("Urges all States to take effective measures;");
        let precedent = words("Calls upon all States to take measures;");
        let c = compare(&draft, &precedent);
        assert_eq!(c.differing, 3);
        assert_eq!(c.precedent_only, ["Calls upon"]);
        assert_eq!(c.draft_only, ["Urges", "effective"]);
        assert_eq!(
            c.differences(),
            r#"precedent: "Calls upon"; draft: "Urges", "effective""#
        );
        assert!(c.similarity > 0.6 && c.similarity < 0.8, "{}", c.similarity);
    }

    #[test]
    fn weighted_similarity_counts_rare_words_more() {
        let draft =
            words("there still remain, more than ever, 17 Territories including Saint Helena,");
        let boilerplate = words("there remain 17 Territories including Saint Helena,");
        let name = words("there still remain, more than ever, 17 Territories including Anguilla,");
        // The names are the rare words.
        let rare = |w: &str| {
            if w.starts_with(['S', 'H', 'A']) {
                5.0
            } else {
                1.0
            }
        };
        let (b, n) = (compare(&draft, &boilerplate), compare(&draft, &name));
        assert!(n.similarity > b.similarity, "{n:?} {b:?}");
        assert!(
            weighted_similarity(&draft, &boilerplate, rare)
                > weighted_similarity(&draft, &name, rare)
        );
        assert_eq!(weighted_similarity(&draft, &draft, rare), 1.0);
        assert_eq!(weighted_similarity(&[], &[], rare), 0.0);
    }

    #[test]
    fn the_bound_is_never_below_the_similarity() {
        let draft = words("Calls upon all States to take measures, in particular States parties;");
        let moved = words("in particular States parties, Calls upon all States to take measures;");
        let one = |_: &str| 1.0;
        let exact = weighted_similarity(&draft, &moved, one);
        let bound = weighted_similarity_bound(&draft, &moved, one);
        assert!(bound > exact, "{bound} {exact}");
        assert_eq!(bound, 1.0);
        assert_eq!(weighted_similarity_bound(&draft, &draft, one), 1.0);
        assert_eq!(weighted_similarity_bound(&[], &[], one), 0.0);
    }

    #[test]
    fn near_paragraphs_share_a_band_and_others_do_not() {
        let text = "Calls upon all States to take effective measures to prevent and combat \
            trafficking in persons, in particular women and children, and to protect victims";
        let edited = text.replace("effective", "appropriate");
        let other = "Decides to include in the provisional agenda of its seventy-eighth \
            session the item entitled Advancement of women and the rights of the child";
        let of = |t: &str| bands(&shingles(&words(t)));
        let shared = |a: &[u64], b: &[u64]| a.iter().filter(|k| b.contains(k)).count();
        assert_eq!(of(text), of(&text.to_uppercase()));
        assert!(shared(&of(text), &of(&edited)) > 0);
        assert_eq!(shared(&of(text), &of(other)), 0);
        assert!(bands(&HashSet::new()).is_empty());
    }

    #[test]
    fn shingles_measure_shared_wording() {
        let a = shingles(&words("Welcomes the report of the Secretary-General"));
        let b = shingles(&words("Welcomes the report of the Special Rapporteur"));
        let c = shingles(&words("Decides to remain seized of the matter"));
        assert!(jaccard(&a, &b) > jaccard(&a, &c));
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&HashSet::new(), &HashSet::new()), 0.0);
    }
}
