//! `resolute fix` restores clean numbering in real drafts whose paragraph and footnote numbers
//! were shuffled, skipped or duplicated, while every cross-reference and every footnote marker
//! (Ibid. chains included) keeps pointing at the same target.

use proptest::prelude::*;
use resolute::config::Config;
use resolute::fix::{self, FixOptions};
use resolute::model::citation;
use resolute::model::{Document, ParagraphKind};
use resolute::rules::{self, Edit};
use std::path::Path;

const SEEDS: &[&str] = &[
    "A_RES_71_167.md",
    "A_RES_59_166.md",
    "A_RES_61_144.txt",
    "A_RES_61_180.txt",
];

fn seed(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("seed fixture");
    Document::parse_path(&path, text)
}

/// `resolute fix` without precedents.
fn fixed_text(doc: Document) -> String {
    fix::fix_document(doc, &Config::default(), FixOptions::default())
        .doc
        .text
}

fn reparse(like: &Document, text: String) -> Document {
    Document::parse(text, like.format)
}

/// The full citation each marker leads to, in reading order.
fn marker_targets(doc: &Document) -> Vec<Option<String>> {
    let notes = citation::analyse(doc);
    doc.markers
        .iter()
        .map(|m| {
            let i = doc.footnotes.iter().position(|f| f.number == m.number)?;
            notes[i].resolved.as_ref().map(|c| c.render())
        })
        .collect()
}

/// Renames footnote numbers through a permutation, in markers and bodies alike.
fn permute_footnotes(doc: &Document, order: &[usize]) -> String {
    let mut numbers: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    // A permutation of 0..numbers.len(): the shuffled 0..64 without the larger values.
    let order: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&k| k < numbers.len())
        .collect();
    let rename = |n: u32| {
        let i = numbers.iter().position(|&m| m == n).unwrap_or(0);
        numbers[order[i]]
    };
    let mut edits: Vec<Edit> = doc
        .markers
        .iter()
        .map(|m| Edit {
            span: m.number_span,
            replacement: rename(m.number).to_string(),
        })
        .collect();
    edits.extend(doc.footnotes.iter().map(|f| Edit {
        span: f.number_span,
        replacement: rename(f.number).to_string(),
    }));
    fix::apply(&doc.text, &edits)
}

fn operative_paragraphs(doc: &Document) -> Vec<usize> {
    (0..doc.paragraphs.len())
        .filter(|&i| {
            let p = &doc.paragraphs[i];
            p.kind == ParagraphKind::Operative && p.number().is_some() && p.section == 0
        })
        .collect()
}

/// Renumbers operative paragraphs with gaps and repeats (never backwards), and makes the last
/// paragraph refer to paragraph `target` by the number it now carries.
/// `None` when the target's new number is shared with another paragraph (the reference
/// would be ambiguous).
fn scramble_operative(doc: &Document, steps: &[u32], target: usize) -> Option<(String, String)> {
    let ops = operative_paragraphs(doc);
    let numbers: Vec<u32> = ops
        .iter()
        .enumerate()
        .scan(0, |n, (k, _)| {
            *n += steps[k % steps.len()];
            Some((*n).max(1))
        })
        .collect();
    let target_number = numbers[target];
    if numbers.iter().filter(|&&n| n == target_number).count() > 1 {
        return None;
    }
    let mut edits: Vec<Edit> = ops
        .iter()
        .zip(&numbers)
        .map(|(&i, n)| Edit {
            span: doc.paragraphs[i].label.as_ref().unwrap().span,
            replacement: format!("{n}."),
        })
        .collect();
    let last = *ops.last().unwrap();
    let end = doc.paragraphs[last]
        .text
        .source_span(resolute::source::Span::new(
            0,
            doc.paragraphs[last].text.len(),
        ))
        .end;
    edits.push(Edit {
        span: resolute::source::Span::empty(end - 1),
        replacement: format!(", as set out in paragraph {target_number} above"),
    });
    let target_text = doc.paragraphs[ops[target]].text.as_str().to_string();
    Some((fix::apply(&doc.text, &edits), target_text))
}

fn codes(doc: &Document) -> Vec<&'static str> {
    rules::check(doc, &Config::default())
        .iter()
        .map(|d| d.code())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_footnotes_are_renumbered_and_keep_their_sources(
        which in 0..SEEDS.len(),
        order in Just((0..64).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let original = seed(SEEDS[which]);
        let shuffled = reparse(&original, permute_footnotes(&original, &order));
        let fixed = reparse(&original, fixed_text(shuffled));
        let left = codes(&fixed);
        for code in ["footnote-sequence", "footnote-body-order", "footnote-undefined", "footnote-unreferenced"] {
            prop_assert!(!left.contains(&code), "{code} left after fix:\n{}", fixed.text);
        }
        prop_assert_eq!(marker_targets(&fixed), marker_targets(&original));
    }

    #[test]
    fn scrambled_operative_numbers_are_renumbered_and_references_follow(
        which in 0..SEEDS.len(),
        steps in prop::collection::vec(0u32..3, 1..8),
        target_pick in 0usize..1000,
    ) {
        let original = seed(SEEDS[which]);
        let ops = operative_paragraphs(&original);
        let target = target_pick % (ops.len() - 1);
        let scrambled = scramble_operative(&original, &steps, target);
        prop_assume!(scrambled.is_some());
        let (text, target_text) = scrambled.unwrap();
        let scrambled = reparse(&original, text);
        let fixed = reparse(&original, fixed_text(scrambled));
        prop_assert!(!codes(&fixed).contains(&"operative-numbering"), "{}", fixed.text);
        let fixed_ops = operative_paragraphs(&fixed);
        let numbers: Vec<u32> = fixed_ops.iter().filter_map(|&i| fixed.paragraphs[i].number()).collect();
        prop_assert_eq!(numbers, (1..=fixed_ops.len() as u32).collect::<Vec<_>>());
        let last = fixed.paragraph_text(*fixed_ops.last().unwrap());
        let cited: u32 = last
            .rsplit("paragraph ")
            .next()
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let cited_text = fixed.paragraph_text(fixed_ops[cited as usize - 1]);
        prop_assert_eq!(cited_text, target_text.as_str());
    }
}
