//! What agreed language adds to the editor: each paragraph compared with its nearest precedent
//! paragraph (hover, the "use the wording" action, the near-agreed-language rule), whole
//! paragraphs completed from precedents, and paragraph search for workspace symbols.
//!
//! Every function takes the [`AgreedSearch`] interface; nothing here knows which engine answers.

use super::Analysis;
use super::actions::{Action, ActionKind};
use super::completion::{Completion, CompletionKind};
use super::hover::Hover;
use crate::agreed::{AgreedParagraph, AgreedSearch, Nearest, extract};
use crate::fix::apply;
use crate::model::{Document, Format};
use crate::precedent::lookup::Location;
use crate::rules::Edit;
use crate::rules::renumber::renumber_footnotes;
use crate::source::Span;

/// Most paragraphs offered after the first words of a paragraph.
pub const MAX_COMPLETIONS: usize = 10;
/// Most paragraphs returned for a workspace-symbol query.
pub const MAX_SYMBOLS: usize = 50;
/// Words typed before whole paragraphs are offered.
const MIN_TYPED_WORDS: usize = 3;

/// A labelled paragraph of the draft.
pub struct DraftParagraph {
    /// Index into [`Document::paragraphs`].
    pub index: usize,
    pub label: String,
}

/// The draft's paragraphs that agreed language applies to.
pub fn draft_paragraphs(doc: &Document) -> Vec<DraftParagraph> {
    extract::labels(doc)
        .into_iter()
        .map(|(index, label)| DraftParagraph { index, label })
        .collect()
}

/// The nearest precedent of paragraph `index`, when it shares enough wording to matter.
pub fn nearest(doc: &Document, index: usize, search: &dyn AgreedSearch) -> Option<Nearest> {
    search
        .nearest(doc.paragraph_text(index))
        .filter(Nearest::is_related)
}

/// The labelled paragraph at `offset` and its nearest precedent paragraph.
fn nearest_at(a: &Analysis, offset: usize) -> Option<(usize, Nearest)> {
    let search = a.agreed.as_deref()?;
    let index = a.doc.paragraph_at(offset)?;
    draft_paragraphs(&a.doc).iter().find(|p| p.index == index)?;
    Some((index, nearest(&a.doc, index, search)?))
}

/// On a paragraph: its nearest precedent paragraph, what differs, and the precedent's text.
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let (index, n) = nearest_at(a, offset)?;
    let p = &n.paragraph;
    let mut markdown = format!("**{}**", super::escape_markdown(&n.describe()));
    if !n.comparison.identical() {
        markdown.push_str(&format!(
            "\n\n{}",
            super::escape_markdown(&n.comparison.differences())
        ));
    }
    markdown.push_str(&format!(
        "\n\n> {}\n\n{} ({})",
        super::escape_markdown(&p.text),
        super::escape_markdown(&p.title),
        p.date.as_deref().unwrap_or("undated")
    ));
    Some(Hover {
        span: a.doc.paragraphs[index].span,
        markdown,
    })
}

/// On a paragraph that departs from its nearest precedent: "Use the wording of …".
pub fn action(a: &Analysis, range: Span) -> Option<Action> {
    let (index, n) = nearest_at(a, range.start)?;
    let (title, edits) = use_wording(&a.doc, index, &n)?;
    Some(Action {
        title,
        kind: ActionKind::UseWording,
        edits,
        diagnostic: None,
        preferred: false,
    })
}

/// "Use the wording of 76/167 PP 5": the precedent's text in place of the paragraph's (the
/// draft's closing mark kept), its footnotes brought along and all footnotes renumbered.
/// `None` when the paragraph already has that wording.
pub fn use_wording(doc: &Document, index: usize, n: &Nearest) -> Option<(String, Vec<Edit>)> {
    if n.comparison.identical() {
        return None;
    }
    let title = format!("Use the wording of {}", n.paragraph.citation());
    let p = &doc.paragraphs[index];
    let closing = p
        .text
        .as_str()
        .trim_end()
        .chars()
        .last()
        .filter(|c| ",;.:".contains(*c));
    let first_number = doc.footnotes.iter().map(|f| f.number).max().unwrap_or(0) + 1;
    let mut text = with_markers(doc.format, &n.paragraph, first_number);
    text = text.trim_end_matches([',', ';', '.', ':']).to_string();
    text.extend(closing);
    let (start, text) = match kept_opening(doc, index, &text) {
        Some((end, rest)) => (end, rest.to_string()),
        None => (text_start(doc, index), text),
    };
    let mut edits = vec![Edit {
        span: Span::new(start, p.span.end),
        replacement: text,
    }];
    edits.extend(footnote_bodies(doc, &n.paragraph, first_number));
    Some((title, whole_change(doc, &edits)))
}

/// Where the paragraph's text begins in the source, after its label.
fn text_start(doc: &Document, index: usize) -> usize {
    let p = &doc.paragraphs[index];
    let start = p.label.as_ref().map_or(p.span.start, |l| l.span.end);
    let rest = &doc.text[start..p.span.end];
    start + (rest.len() - rest.trim_start().len())
}

/// When the precedent opens with the paragraph's italic opening, the source offset after that
/// opening and the rest of `replacement`: the draft's emphasis stays as it is.
fn kept_opening<'r>(
    doc: &Document,
    index: usize,
    replacement: &'r str,
) -> Option<(usize, &'r str)> {
    let p = &doc.paragraphs[index];
    let italic = p.leading_italic()?;
    let opening = p.text.as_str()[italic.range()].trim();
    let rest = replacement.strip_prefix(opening)?;
    Some((p.text.source_offset(italic.end), rest))
}

/// The precedent's text with its markers, numbered from `first`.
fn with_markers(format: Format, p: &AgreedParagraph, first: u32) -> String {
    let mut out = String::with_capacity(p.text.len() + 16 * p.markers.len());
    let mut at = 0;
    for (i, &marker) in p.markers.iter().enumerate() {
        let marker = floor_boundary(&p.text, marker.max(at));
        out.push_str(&p.text[at..marker]);
        out.push_str(&marker_text(format, first + i as u32));
        at = marker;
    }
    out.push_str(&p.text[at..]);
    out
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn marker_text(format: Format, number: u32) -> String {
    match format {
        Format::Markdown => format!("<sup>{number}</sup>"),
        Format::Ods => number.to_string(),
    }
}

/// The precedent's footnote bodies, appended to the draft's.
fn footnote_bodies(doc: &Document, p: &AgreedParagraph, first: u32) -> Option<Edit> {
    if p.footnotes.is_empty() {
        return None;
    }
    let end = doc.text.len();
    let mut replacement = String::new();
    if !doc.text.ends_with('\n') {
        replacement.push('\n');
    }
    if doc.footnotes.is_empty() && doc.format == Format::Markdown {
        replacement.push_str("\n---\n");
    }
    for (i, body) in p.footnotes.iter().enumerate() {
        let number = first + i as u32;
        replacement.push_str(&match doc.format {
            Format::Markdown => format!("\n<sup>{number}</sup> {body}\n"),
            Format::Ods => format!("\t{number}\t{body}\n"),
        });
    }
    Some(Edit {
        span: Span::new(end, end),
        replacement,
    })
}

/// Applies `edits`, renumbers the footnotes of the result, and returns the whole change as one
/// edit of the original text (from the first byte that differs to the last).
fn whole_change(doc: &Document, edits: &[Edit]) -> Vec<Edit> {
    let changed = Document::parse(apply(&doc.text, edits), doc.format);
    let renumbered = apply(&changed.text, &renumber_footnotes(&changed));
    let (old, new) = (doc.text.as_str(), renumbered.as_str());
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    vec![Edit {
        span: Span::new(prefix, old.len() - suffix),
        replacement: new[prefix..new.len() - suffix].to_string(),
    }]
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.char_indices()
        .rev()
        .zip(b.chars().rev())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, x), _)| {
            a.len() - i - x.len_utf8()
        })
}

/// After the first words of a paragraph: whole precedent paragraphs that begin with them,
/// latest first, inserted with their footnotes.
pub fn completions(a: &Analysis, offset: usize) -> Vec<Completion> {
    let (doc, Some(search)) = (&a.doc, a.agreed.as_deref()) else {
        return Vec::new();
    };
    let offset = crate::source::floor_char_boundary(&doc.text, offset);
    // At the end of the paragraph being typed, which `paragraph_at` leaves out.
    let Some(p) = doc
        .paragraphs
        .iter()
        .find(|p| p.span.start <= offset && offset <= p.span.end)
    else {
        return Vec::new();
    };
    let start = p.text.source_offset(0);
    let start = start + (doc.text[start..].len() - doc.text[start..].trim_start_matches('*').len());
    if offset < start || offset > p.span.end {
        return Vec::new();
    }
    let typed = doc.text[start..offset].replace('*', "");
    if typed.split_whitespace().count() < MIN_TYPED_WORDS {
        return Vec::new();
    }
    let replace = Span::new(start, offset);
    let first_number = doc.footnotes.iter().map(|f| f.number).max().unwrap_or(0) + 1;
    search
        .starting_with(&typed, MAX_COMPLETIONS)
        .into_iter()
        .enumerate()
        .map(|(rank, found)| Completion {
            label: super::excerpt(&found.text, 80),
            detail: format!("{} — {}", found.citation(), found.title),
            insert: with_markers(doc.format, &found, first_number),
            replace,
            filter: typed.clone(),
            sort: format!("{rank:03}"),
            kind: CompletionKind::Paragraph,
            additional_edits: footnote_bodies(doc, &found, first_number)
                .into_iter()
                .collect(),
        })
        .collect()
}

/// A precedent paragraph as a workspace symbol.
pub struct ParagraphSymbol {
    /// "77/186 OP 12: Welcomes the report …".
    pub name: String,
    /// The resolution's title and date.
    pub detail: String,
    pub location: Location,
}

/// Paragraphs matching a workspace-symbol query (two characters at least).
pub fn symbols(search: &dyn AgreedSearch, query: &str) -> Vec<ParagraphSymbol> {
    if query.trim().chars().count() < 2 {
        return Vec::new();
    }
    search
        .search(query, MAX_SYMBOLS)
        .into_iter()
        .map(|hit| {
            let p = hit.paragraph;
            ParagraphSymbol {
                name: format!("{}: {}", p.citation(), super::excerpt(&p.text, 80)),
                detail: format!("{} ({})", p.title, p.date.as_deref().unwrap_or("undated")),
                location: Location {
                    file: p.file.into(),
                    line: p.line,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreed::compare::{compare, words};

    const DRAFT: &str = "The General Assembly,\n\n\
        *Recalling* the Convention on the Rights of the Child,\n\n\
        *Noting* the report of the Secretary-General,<sup>1</sup>\n\n\
        1. *Decides* to act.\n\n---\n\n<sup>1</sup> A/77/1.\n";

    fn precedent() -> Nearest {
        let text = "Recalling the Convention on the Rights of the Child and the Optional Protocols \
            thereto,";
        let paragraph = AgreedParagraph {
            symbol: "A/RES/76/147".into(),
            label: "PP 2".into(),
            date: Some("2021-12-16".into()),
            title: "Rights of the child".into(),
            text: text.into(),
            footnotes: vec!["United Nations, Treaty Series, vol. 1577, No. 27531.".into()],
            markers: vec!["Recalling the Convention on the Rights of the Child".len()],
            file: "A_RES_76_147.md".into(),
            line: 20,
        };
        let draft = "Recalling the Convention on the Rights of the Child,";
        Nearest {
            comparison: compare(&words(draft), &words(text)),
            paragraph,
        }
    }

    #[test]
    fn the_wording_comes_with_its_footnotes_renumbered() {
        let doc = Document::parse(DRAFT.into(), Format::Markdown);
        let (title, edits) = use_wording(&doc, 0, &precedent()).unwrap();
        assert_eq!(title, "Use the wording of 76/147 PP 2");
        let done = apply(DRAFT, &edits);
        assert!(
            done.contains(
                "*Recalling* the Convention on the Rights of the Child<sup>1</sup> and the \
                 Optional Protocols thereto,\n\n*Noting* the report of the \
                 Secretary-General,<sup>2</sup>"
            ),
            "{done}"
        );
        let bodies = done.split("---").nth(1).unwrap();
        let first = bodies
            .find("<sup>1</sup> United Nations, Treaty Series")
            .unwrap();
        let second = bodies.find("<sup>2</sup> A/77/1.").unwrap();
        assert!(first < second, "{done}");
    }

    #[test]
    fn identical_wording_has_no_action() {
        let mut n = precedent();
        n.comparison = compare(&words("a b c d"), &words("a b c d"));
        let doc = Document::parse(DRAFT.into(), Format::Markdown);
        assert!(use_wording(&doc, 0, &n).is_none());
    }
}
