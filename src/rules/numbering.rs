//! Paragraph numbering: operative numbers, subparagraph letters, numbered preambular
//! paragraphs and internal references ("paragraph 12 above").

use super::{Context, Diagnostic, Edit, declare_rules, openings};
use crate::model::{Document, LabelValue, Paragraph, ParagraphKind, SectionKind};
use crate::model::{index_u32, to_roman};
use crate::source::Span;
use crate::vocab::{Part, Vocabulary};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock};

declare_rules! { "numbering";
    /// Operative paragraphs must be numbered 1, 2, 3, … without gap, duplicate or disorder.
    ///
    /// **Why.** Operative paragraphs are cited by number ("paragraph 12 above", "paragraph 5 of
    /// resolution 70/1"); a gap or a duplicate after an edit makes every later reference wrong.
    /// Each annex numbers on its own, sections under a heading may restart at 1, and a
    /// resolution with a single operative paragraph leaves it unnumbered (one with several
    /// numbers them all). Negotiation labels
    /// (`5 bis`, `[5 alt]`, and the `PP 3` / `OP 5` of negotiation texts, which keep their
    /// numbers through revisions) are accepted in drafts and do not break the sequence.
    ///
    /// **Example.** `3. Requests …` followed by `5. Decides …`: paragraph 4 is missing.
    ///
    /// **Fix.** "Renumber operative paragraphs" numbers every section 1, 2, 3, …, turns
    /// negotiation labels into plain numbers and rewrites internal references to follow
    /// their paragraphs; "Number the operative paragraphs" numbers those of a draft that
    /// numbers none.
    OPERATIVE_NUMBERING = "operative-numbering", Error;

    /// Subparagraphs must run (a), (b), (c), … (then (aa)) and nested ones (i), (ii), (iii), …
    ///
    /// **Why.** A skipped or repeated letter usually means a subparagraph was deleted or
    /// inserted without relabelling the rest. "(i)" right after "(h)" is the letter i.
    ///
    /// **Example.** `(a) …; (c) …`: subparagraph (b) is missing.
    ///
    /// **Fix.** Relabel the subparagraphs of that list in order.
    SUBPARAGRAPH_SEQUENCE = "subparagraph-sequence", Error;

    /// A preambular paragraph carries a number.
    ///
    /// **Why.** Only operative paragraphs are numbered; preambular paragraphs open with a
    /// participle or adjective ("Recalling", "Deeply concerned") and end with a comma.
    ///
    /// **Example.** `1. Recalling its resolution 70/1,` before the first operative paragraph.
    ///
    /// **Fix.** Remove the number.
    PREAMBULAR_NUMBERED = "preambular-numbered", Warning;

    /// A paragraph reference names a paragraph that does not exist or is on the wrong side.
    ///
    /// **Why.** "paragraph 12 above" must name an earlier paragraph of the same text,
    /// "paragraph 3 below" a later one; after renumbering by hand such references are often
    /// left behind.
    ///
    /// **Example.** `as requested in paragraph 14 above` in paragraph 9.
    ///
    /// **Fix.** Correct the number; "Renumber operative paragraphs" keeps references in step.
    PARAGRAPH_REFERENCE = "paragraph-reference", Warning;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    operative(cx, out);
    unnumbered(cx.doc, out);
    subparagraphs(cx.doc, out);
    preambular_numbered(cx, out);
    references_exist(cx, out);
}

/// Where the numbered paragraphs that are really preambular end in `section`: the first
/// operative paragraph that does not open with a preambular phrase and end with a comma.
/// Those before it (in a resolution section) are a preamble numbered by mistake. Found once
/// per section, not once per paragraph of every keystroke.
pub(crate) fn preambular_run_end(doc: &Document, vocab: &Vocabulary, section: usize) -> usize {
    let s = &doc.sections[section];
    if s.kind != SectionKind::Resolution {
        return s.paragraphs.start;
    }
    let preambular = |q: &Paragraph| {
        q.text.as_str().ends_with(',')
            && vocab
                .find_opening(q.text.as_str())
                .is_some_and(|(_, o)| o.part == Part::Preambular)
    };
    let not_preambular = |&i: &usize| {
        let q = &doc.paragraphs[i];
        q.depth == 0 && q.kind == ParagraphKind::Operative && !preambular(q)
    };
    (s.paragraphs.clone())
        .find(not_preambular)
        .unwrap_or(s.paragraphs.end)
}

/// A numbered paragraph that is really preambular: it opens with a preambular phrase, ends
/// with a comma and comes before any operative paragraph of its section. `run_end` is its
/// section's [`preambular_run_end`].
pub(crate) fn is_numbered_preambular(doc: &Document, run_end: usize, index: usize) -> bool {
    let p = &doc.paragraphs[index];
    p.kind == ParagraphKind::Operative && p.label.is_some() && index < run_end
}

/// The numbered operative paragraphs of a section that the sequence covers, in order, with
/// whether a heading precedes each since the previous one (where numbering may restart).
pub(crate) fn numbered(doc: &Document, vocab: &Vocabulary, section: usize) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut heading = false;
    let run_end = preambular_run_end(doc, vocab, section);
    for i in doc.sections[section].paragraphs.clone() {
        let p = &doc.paragraphs[i];
        if p.kind == ParagraphKind::Heading {
            heading = true;
        } else if p.kind == ParagraphKind::Operative
            && p.label.is_some()
            && !is_numbered_preambular(doc, run_end, i)
        {
            out.push((i, heading));
            heading = false;
        }
    }
    out
}

fn operative(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let mut fix: Option<Arc<Vec<Edit>>> = None;
    for s in 0..doc.sections.len() {
        let mut prev: Option<u32> = None;
        for (i, heading) in numbered(doc, &cx.vocab, s) {
            let label = doc.paragraphs[i].label.as_ref().unwrap();
            if label.is_negotiation() {
                continue;
            }
            let n = label.number().unwrap_or(0);
            let problem = match prev {
                None if n != 1 && doc.sections[s].kind == SectionKind::Resolution => {
                    Some(format!("operative paragraphs start at 1, not {n}"))
                }
                Some(p) if n != p + 1 && !(n == 1 && heading) && !merged(doc, i, p) => {
                    Some(sequence_problem(n, p))
                }
                _ => None,
            };
            prev = Some(n);
            if let Some(message) = problem {
                let edits = fix.get_or_insert_with(|| {
                    Arc::new(super::renumber::renumber_operative_with(doc, &cx.vocab))
                });
                let mut d = Diagnostic::new(&OPERATIVE_NUMBERING, label.span, message);
                if !edits.is_empty() {
                    d = d.fix("Renumber operative paragraphs", edits.clone());
                }
                out.push(d);
            }
        }
    }
}

/// A resolution whose operative paragraphs, several of them, carry no number (the model reads
/// the paragraphs after the preamble that end with a semicolon, and the last one, as such).
fn unnumbered(doc: &Document, out: &mut Vec<Diagnostic>) {
    for section in doc
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Resolution)
    {
        let operative: Vec<&Paragraph> = (doc.paragraphs[section.paragraphs.clone()].iter())
            .filter(|p| p.depth == 0 && p.kind == ParagraphKind::Operative)
            .collect();
        if operative.len() < 2 || operative.iter().any(|p| p.label.is_some()) {
            continue;
        }
        let edits: Arc<Vec<Edit>> = Arc::new(
            (operative.iter().enumerate())
                .map(|(k, p)| Edit {
                    span: Span::empty(p.span.start),
                    replacement: format!("{}.{}", k + 1, label_gap(doc, p)),
                })
                .collect(),
        );
        for p in &operative {
            let first_word = openings::first_word_len(p.text.as_str());
            let span = p.text.source_span(Span::new(0, first_word));
            out.push(
                Diagnostic::new(
                    &OPERATIVE_NUMBERING,
                    span,
                    format!(
                        "this operative paragraph has no number: a resolution with {} operative paragraphs numbers them 1, 2, 3, …",
                        operative.len()
                    ),
                )
                .fix("Number the operative paragraphs", edits.clone()),
            );
        }
    }
}

/// What separates a new number from its paragraph: a tab in an ODS export, whose paragraphs
/// are indented by tabs, else a space.
fn label_gap(doc: &Document, p: &Paragraph) -> char {
    let line_start = doc.lines.line_start(doc.lines.line_of(p.span.start));
    if doc.text[line_start..p.span.start].ends_with('\t') {
        '\t'
    } else {
        ' '
    }
}

/// Whether the paragraphs the numbering seems to skip are lines merged into the paragraph
/// before (Markdown paragraphs not separated by a blank line).
fn merged(doc: &Document, i: usize, prev: u32) -> bool {
    let start = doc.sections[doc.paragraphs[i].section()].paragraphs.start;
    let before = doc.paragraphs[start..i]
        .iter()
        .rev()
        .find(|q| q.depth == 0 && q.number().is_some());
    before.is_some_and(|q| {
        let src = doc.slice(q.span);
        src.contains(&format!("\n{}. ", prev + 1)) || src.contains(&format!("\n{}\\. ", prev + 1))
    })
}

fn sequence_problem(n: u32, prev: u32) -> String {
    if n == prev {
        format!("paragraph {n} is numbered like the paragraph before it")
    } else if n < prev {
        format!(
            "paragraph {n} follows paragraph {prev}; expected {}",
            prev + 1
        )
    } else if n == prev + 2 {
        format!(
            "paragraph {n} follows paragraph {prev}; paragraph {} is missing",
            prev + 1
        )
    } else {
        format!(
            "paragraph {n} follows paragraph {prev}; paragraphs {} to {} are missing",
            prev + 1,
            n - 1
        )
    }
}

/// Sibling lists of subparagraphs: (parent, roman?) → paragraph indices in order.
fn sibling_lists(doc: &Document) -> Vec<Vec<usize>> {
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut by_key: FxHashMap<(usize, Option<usize>, bool, usize), usize> = FxHashMap::default();
    // A heading inside a paragraph ("A. …", "B. …") starts new lists under it.
    let mut headings = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if p.kind == ParagraphKind::Heading {
            headings += 1;
        }
        let Some(label) = &p.label else { continue };
        let roman = match label.value {
            LabelValue::Letter(_) => false,
            LabelValue::Roman(_) => true,
            LabelValue::Number { .. } => continue,
        };
        let key = (p.section(), p.parent(), roman, headings);
        // Only lists announced by a colon are checked: text between the items (bullets,
        // "Panel 1:") breaks the model's nesting.
        let announced = p
            .parent()
            .is_some_and(|q| doc.paragraphs[q].text.as_str().ends_with(':'));
        if !announced {
            continue;
        }
        match by_key.get(&key) {
            Some(&l) => lists[l].push(i),
            None => {
                by_key.insert(key, lists.len());
                lists.push(vec![i]);
            }
        }
    }
    lists
}

fn sub_value(p: &Paragraph) -> u32 {
    match p.label.as_ref().map(|l| &l.value) {
        Some(LabelValue::Letter(v) | LabelValue::Roman(v)) => *v,
        _ => 0,
    }
}

/// The number a list starts from: 2 for a roman list whose (i) shares its parent's line,
/// "(a) (i) …".
fn list_start(doc: &Document, list: &[usize]) -> u32 {
    let first = &doc.paragraphs[list[0]];
    let roman = matches!(
        first.label.as_ref().map(|l| &l.value),
        Some(LabelValue::Roman(_))
    );
    let parent_text = first.parent().map_or("", |q| doc.paragraph_text(q));
    if roman && parent_text.starts_with("(i)") {
        2
    } else {
        1
    }
}

fn subparagraphs(doc: &Document, out: &mut Vec<Diagnostic>) {
    for list in sibling_lists(doc) {
        let start = list_start(doc, &list) - 1;
        let wrong = list
            .iter()
            .enumerate()
            .find(|&(k, &i)| sub_value(&doc.paragraphs[i]) != start + k as u32 + 1);
        let Some((k, &i)) = wrong else { continue };
        let label = doc.paragraphs[i].label.as_ref().unwrap();
        let roman = matches!(label.value, LabelValue::Roman(_));
        let expected = sub_label(start + k as u32 + 1, roman);
        let edits: Vec<Edit> = list
            .iter()
            .enumerate()
            .filter_map(|(k, &j)| {
                let l = doc.paragraphs[j].label.as_ref()?;
                let want = sub_label(start + k as u32 + 1, roman);
                (*l.text != *want).then_some(Edit {
                    span: l.span,
                    replacement: want,
                })
            })
            .collect();
        out.push(
            Diagnostic::new(
                &SUBPARAGRAPH_SEQUENCE,
                label.span,
                format!("{} where {expected} is expected", label.text),
            )
            .fix("Relabel subparagraphs in order", edits),
        );
    }
}

/// `(b)` for 2, `(ii)` for 2 when roman.
pub(crate) fn sub_label(n: u32, roman: bool) -> String {
    if roman {
        format!("({})", to_roman(n))
    } else {
        let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
        format!(
            "({})",
            std::iter::repeat_n(letter, ((n.max(1) - 1) / 26 + 1) as usize).collect::<String>()
        )
    }
}

fn preambular_numbered(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if !cx.numbered_preambular(i) {
            continue;
        }
        let label = p.label.as_ref().unwrap();
        out.push(
            Diagnostic::new(
                &PREAMBULAR_NUMBERED,
                label.span,
                "preambular paragraphs are not numbered",
            )
            .fix(
                "Remove the number",
                vec![Edit {
                    span: label_with_space(doc, label.span),
                    replacement: String::new(),
                }],
            ),
        );
    }
}

/// A label span extended over the spaces after it.
fn label_with_space(doc: &Document, span: Span) -> Span {
    let rest = &doc.text[span.end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    Span::new(span.start, span.end + spaces)
}

/// Where an internal reference points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Above,
    Below,
    /// "of the present resolution".
    Present,
}

/// "paragraphs 4 and 5 above", "subparagraph (b) of paragraph 7 of the present resolution".
#[derive(Clone, Debug)]
pub(crate) struct Reference {
    /// The paragraph the reference stands in.
    pub paragraph: usize,
    /// Every paragraph number with its source span.
    pub numbers: Box<[(u32, Span)]>,
    /// For "subparagraph (b) of paragraph 7": the letter value and its label text.
    pub sub: Option<String>,
    pub direction: Direction,
    /// The whole reference, in the source.
    pub span: Span,
}

/// What every match of the regex below contains, searched for first.
static PARAGRAPH_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"paragraph"));
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    // Words may be joined by no-break spaces ("paragraph 10 above").
    let pattern = r"\b(?:subparagraph (\([a-z]{1,4}\)) of )?paragraphs? (\d{1,3}(?:(?:, | and | to |–|-)\d{1,3})*) (above|below|of the present resolution)\b";
    Regex::new(&pattern.replace(' ', r"[ \u{a0}\u{202f}]")).unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,3}").unwrap());

/// Every internal reference in the document's paragraphs.
pub(crate) fn references(doc: &Document) -> Vec<Reference> {
    let found: Vec<_> = (doc.paragraphs.iter())
        .map(|p| references_in(p.text.as_str()))
        .collect();
    placed(doc, &found).collect()
}

/// The references in one paragraph's text, with plain-text spans, as [`placed`] takes them.
fn references_in(text: &str) -> Arc<[Reference]> {
    // The regex's Unicode word boundaries keep it off the fastest engine; most paragraphs
    // lack the word it needs, and this search tells so in a fraction of the time.
    if PARAGRAPH_WORD.find(text.as_bytes()).is_none() {
        return NONE.clone();
    }
    let found = REFERENCE.captures_iter(text).map(|caps| {
        let list = caps.get(2).unwrap();
        let numbers = NUMBER
            .find_iter(list.as_str())
            .filter_map(|m| {
                let span = Span::new(list.start() + m.start(), list.start() + m.end());
                Some((m.as_str().parse().ok()?, span))
            })
            .collect::<Vec<_>>()
            // Exactly as long as the list: a collected list starts with room for four, and a
            // draft may have a reference in every paragraph (issue 14).
            .into_boxed_slice();
        let whole = caps.get(0).unwrap();
        let direction = match &caps[3] {
            "above" => Direction::Above,
            "below" => Direction::Below,
            _ => Direction::Present,
        };
        Reference {
            paragraph: 0,
            numbers,
            sub: caps.get(1).map(|m| m.as_str().to_string()),
            direction,
            span: Span::new(whole.start(), whole.end()),
        }
    });
    found.collect()
}

/// What a paragraph without references reads as: one shared empty list, not one per paragraph.
static NONE: LazyLock<Arc<[Reference]>> = LazyLock::new(|| Arc::new([]));

/// The references found in each paragraph's text, placed in the document (paragraph index and
/// source spans) one at a time: a draft of many references never holds them twice.
fn placed<'d>(
    doc: &'d Document,
    found: &'d [Arc<[Reference]>],
) -> impl Iterator<Item = Reference> + 'd {
    let paragraphs = doc.paragraphs.iter().enumerate().zip(found);
    paragraphs.flat_map(|((i, p), refs)| {
        refs.iter().map(move |r| Reference {
            paragraph: i,
            numbers: (r.numbers.iter())
                .map(|&(n, span)| (n, p.text.source_span(span)))
                .collect(),
            span: p.text.source_span(r.span),
            ..r.clone()
        })
    })
}

/// The section a reference's numbers live in: its own section, or for "the present
/// resolution" in an annex, the resolution section before it.
pub(crate) fn scope(doc: &Document, r: &Reference) -> usize {
    let own = doc.paragraphs[r.paragraph].section();
    if r.direction != Direction::Present {
        return own;
    }
    (0..=own)
        .rev()
        .find(|&s| doc.sections[s].kind == SectionKind::Resolution)
        .unwrap_or(own)
}

/// Top-level operative paragraphs by section and number, in document order: each referenced
/// number is looked up here rather than by a scan of its section, so resolving every
/// reference of a draft stays linear in its length. One sorted list of (section, number,
/// paragraph), sized once, not a list per number: it is built on every keystroke of a draft
/// with paragraph references, and a draft numbering every paragraph "1." gives it one entry
/// per paragraph (issue 14).
pub(crate) struct Targets(Vec<(u32, u32, u32)>);

impl Targets {
    pub(crate) fn new(doc: &Document) -> Self {
        let targets = || {
            (doc.sections.iter().enumerate()).flat_map(|(s, section)| {
                section.paragraphs.clone().filter_map(move |i| {
                    let p = &doc.paragraphs[i];
                    let top = p.depth == 0 && p.kind == ParagraphKind::Operative;
                    let n = p.number().filter(|_| top)?;
                    Some((index_u32(s), n, index_u32(i)))
                })
            })
        };
        let mut list = Vec::with_capacity(targets().count());
        list.extend(targets());
        list.sort_unstable();
        Targets(list)
    }

    /// The paragraph a referenced number names: the nearest one on the referenced side.
    pub(crate) fn find(&self, doc: &Document, r: &Reference, number: u32) -> Option<usize> {
        let key = (index_u32(scope(doc, r)), number);
        let from = self.0.partition_point(|&(s, n, _)| (s, n) < key);
        let to = from + self.0[from..].partition_point(|&(s, n, _)| (s, n) == key);
        let candidates = &self.0[from..to];
        let paragraph = |k: usize| candidates.get(k).map(|&(_, _, i)| i as usize);
        let before = |limit: usize| candidates.partition_point(|&(_, _, i)| (i as usize) < limit);
        match r.direction {
            Direction::Above => before(r.paragraph).checked_sub(1).and_then(paragraph),
            Direction::Below => paragraph(before(r.paragraph + 1)),
            Direction::Present => paragraph(0),
        }
    }
}

fn references_exist(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let found = cx.per_paragraph(
        0,
        |kept| &kept.paragraph_references,
        |text| references_in(text.as_str()),
    );
    if found.iter().all(|refs| refs.is_empty()) {
        return;
    }
    let targets = Targets::new(doc);
    for r in placed(doc, &found) {
        let section = &doc.sections[scope(doc, &r)];
        // A text with no numbered paragraphs refers to something else (a report, an annex).
        let any_numbered = doc.paragraphs[section.paragraphs.clone()]
            .iter()
            .any(|p| p.number().is_some());
        if !any_numbered || r.numbers.len() > 6 {
            continue;
        }
        for &(n, span) in &r.numbers {
            let problem = match targets.find(doc, &r, n) {
                None => Some(missing_message(doc, &targets, &r, n)),
                Some(t) => r
                    .sub
                    .as_ref()
                    .filter(|sub| !has_sub(doc, t, sub))
                    .map(|sub| format!("paragraph {n} has no subparagraph {sub}")),
            };
            if let Some(message) = problem {
                out.push(Diagnostic::new(&PARAGRAPH_REFERENCE, span, message));
            }
        }
    }
}

fn missing_message(doc: &Document, targets: &Targets, r: &Reference, n: u32) -> String {
    let exists = Reference {
        direction: Direction::Present,
        ..r.clone()
    };
    match (r.direction, targets.find(doc, &exists, n)) {
        (Direction::Above, Some(_)) => format!("paragraph {n} is not above this paragraph"),
        (Direction::Below, Some(_)) => format!("paragraph {n} is not below this paragraph"),
        _ => format!("there is no paragraph {n}"),
    }
}

fn has_sub(doc: &Document, parent: usize, sub: &str) -> bool {
    doc.paragraphs
        .iter()
        .any(|p| p.parent() == Some(parent) && p.label.as_ref().is_some_and(|l| &*l.text == sub))
}
