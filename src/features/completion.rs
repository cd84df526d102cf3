//! Completion of opening phrases at the start of a paragraph: the forms of the part the cursor
//! is in, and the "also"/"further" form of openings already used in that part; then what the
//! precedents offer (resolution numbers, instrument names).

use super::{Analysis, openings, precedent};
use crate::model::{Format, ParagraphKind};
use crate::rules::Edit;
use crate::source::Span;
use crate::vocab::{Modifier, Part};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Opening,
    Resolution,
    Instrument,
    /// A whole paragraph of a precedent.
    Paragraph,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: String,
    /// Replaces `replace` (what was typed of the opening, an opening `*` included).
    pub insert: String,
    pub replace: Span,
    /// What the client matches the typed text against.
    pub filter: String,
    /// Orders candidates: "also"/"further" forms first, then by frequency.
    pub sort: String,
    pub kind: CompletionKind,
    /// Edits elsewhere in the document that come with the insertion (an instrument's footnote).
    pub additional_edits: Vec<Edit>,
}

/// Most frequent phrases offered; the vocabulary's long tail helps no one in a menu.
const MAX_PHRASES: usize = 300;

/// A line up to the cursor that is still at the start of a paragraph: an optional label, an
/// optional italic marker, then at most a few words of an opening.
static PARAGRAPH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\t ]*(?:(\d{1,3})\.[\t ]+|\([a-z]{1,4}\)[\t ]+)?([*_]?)([\p{L}][\p{L} ]{0,60})?$",
    )
    .unwrap()
});

/// Opening phrases, then the precedents' candidates.
pub fn complete(a: &Analysis, offset: usize) -> Vec<Completion> {
    let mut out = opening_phrases(a, offset);
    out.extend(precedent::completions(a, offset));
    out.extend(super::agreed::completions(a, offset));
    out
}

fn opening_phrases(a: &Analysis, offset: usize) -> Vec<Completion> {
    let doc = &a.doc;
    let offset = crate::source::floor_char_boundary(&doc.text, offset);
    let line_start = doc.lines.line_start(doc.lines.line_of(offset));
    let Some(caps) = PARAGRAPH_START.captures(&doc.text[line_start..offset]) else {
        return Vec::new();
    };
    let typed = caps.get(2).expect("the emphasis group always takes part");
    let part = if caps.get(1).is_some() {
        Part::Operative
    } else {
        part_at(a, offset)
    };
    // Markdown drafts put openings in italics; keep the drafter's `*` or `_` if typed.
    let emphasis = match (typed.as_str(), doc.format) {
        ("", Format::Markdown) => "*",
        (star, _) => star,
    };
    candidates(a, offset, part)
        .into_iter()
        .map(|(phrase, sort, detail)| Completion {
            insert: format!("{emphasis}{phrase}{emphasis} "),
            filter: format!("{}{phrase}", typed.as_str()),
            label: phrase,
            detail,
            sort,
            replace: Span::new(line_start + typed.start(), offset),
            kind: CompletionKind::Opening,
            additional_edits: Vec::new(),
        })
        .collect()
}

/// (phrase, sort key, detail): the follow-ups of openings used above, then the vocabulary.
fn candidates(a: &Analysis, offset: usize, part: Part) -> Vec<(String, String, String)> {
    let used = used_before(a, offset, part);
    let follow_ups = follow_ups(a, &used)
        .into_iter()
        .enumerate()
        .map(|(i, phrase)| {
            let detail = "follows an opening used above".to_string();
            (phrase, format!("0{i:04}"), detail)
        });
    let mut seen = HashSet::new();
    follow_ups
        .chain(vocabulary_phrases(a, part))
        .filter(|(phrase, _, _)| seen.insert(phrase.clone()))
        .collect()
}

/// The part the cursor is in: its paragraph's, else the part of the paragraph before it.
fn part_at(a: &Analysis, offset: usize) -> Part {
    let before = a
        .doc
        .paragraphs
        .iter()
        .rev()
        .find(|p| p.span.start <= offset);
    match before.map(|p| p.kind) {
        Some(ParagraphKind::Operative | ParagraphKind::Subparagraph) => Part::Operative,
        _ => Part::Preambular,
    }
}

/// Openings used in `part` before `offset`, analysed.
fn used_before(a: &Analysis, offset: usize, part: Part) -> Vec<crate::vocab::Opening> {
    a.doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.span.end < offset)
        .filter_map(|(i, _)| openings::opening(a, i)?.opening)
        .filter(|o| o.part == part)
        .collect()
}

/// "Also urges" after "Urges", "Further urges" after "Also urges"; the latest first.
fn follow_ups(a: &Analysis, used: &[crate::vocab::Opening]) -> Vec<String> {
    let mut out = Vec::new();
    for o in used.iter().rev() {
        out.push(match o.modifier {
            None => a.vocab.also_form(o),
            Some(Modifier::Also | Modifier::Further) => a.vocab.further_form(o),
        });
    }
    out
}

/// The vocabulary's phrases of `part`, most frequent first, with a sort key keeping that order.
fn vocabulary_phrases(
    a: &Analysis,
    part: Part,
) -> impl Iterator<Item = (String, String, String)> + '_ {
    let mut phrases: Vec<(&str, u32)> = a
        .vocab
        .phrases()
        .filter(|(_, p, _)| *p == part)
        .map(|(s, _, c)| (s, c))
        .collect();
    phrases.sort_by_key(|&(s, c)| (std::cmp::Reverse(c), s));
    let kind = match part {
        Part::Preambular => "preambular",
        Part::Operative => "operative",
    };
    phrases
        .into_iter()
        .take(MAX_PHRASES)
        .enumerate()
        .map(move |(i, (s, c))| {
            (
                s.to_string(),
                format!("1{i:04}"),
                format!("{kind} opening · {c} in adopted texts"),
            )
        })
}
