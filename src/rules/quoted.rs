//! A draft quoted whole inside another, as the Economic and Social Council and the Human Rights
//! Council recommend drafts to the General Assembly: "Recommends … the adoption of the
//! following draft resolution: “The General Assembly, “Recalling …, “1. Calls upon …;
//! “2. Requests ….”;". Each of its paragraphs opens with a quotation mark, so the outer draft
//! reads them as unlabelled text. Here they are read again, without their quotation marks, as
//! a draft of their own, and checked for what lies within it: numbering, openings,
//! punctuation and the slips of its labels and endings. Its markers, citations and names are
//! the outer draft's, and are checked there.

use super::{Context, Diagnostic, Edit, Fix, Related, Rule, check_families, suppressed};
use super::{numbering, openings, punctuation, slips};
use crate::model::{Body, Document, Format, Paragraph};
use crate::source::Span;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let paragraphs = &cx.doc.paragraphs;
    // What the outer draft's rules found, which a quoted draft's may find again: read once,
    // when the first quoted draft is.
    let mut outer: Option<HashSet<(&str, Span)>> = None;
    let mut at = 0;
    while at < paragraphs.len() {
        let run = quoted_run(cx.doc, at);
        if run > 1 && organ_line(&paragraphs[at]) {
            let inner = Inner::of(cx.doc, &paragraphs[at..at + run]);
            let found = inner.check(cx);
            let outer =
                outer.get_or_insert_with(|| (out.iter()).map(|d| (d.code(), d.span)).collect());
            // Configured in the quoted draft; silenced, too, by the outer draft's comments.
            let new = |d: &Diagnostic| !outer.contains(&(d.code(), d.span));
            out.extend((found.into_iter()).filter(|d| new(d) && !suppressed(cx.doc, d)));
        }
        at += run.max(1);
    }
}

/// What opens a quoted paragraph: a curly opening quotation mark, or a straight one as typed.
const OPENING_QUOTES: [char; 2] = ['“', '"'];

/// How many paragraphs from `at` on open with a quotation mark.
fn quoted_run(doc: &Document, at: usize) -> usize {
    (doc.paragraphs[at..].iter())
        .take_while(|p| after_opening_quote(doc.slice(p.span)).is_some())
        .count()
}

/// Where the text after a paragraph's opening quotation mark starts.
fn after_opening_quote(source: &str) -> Option<usize> {
    let lead = source.len() - source.trim_start().len();
    let quote = source[lead..]
        .chars()
        .next()
        .filter(|c| OPENING_QUOTES.contains(c))?;
    Some(lead + quote.len_utf8())
}

/// "“The General Assembly,": the quoted draft's organ line.
fn organ_line(p: &Paragraph) -> bool {
    let text = p.text.as_str().trim_start_matches(OPENING_QUOTES);
    let name = text.strip_prefix("The ").and_then(|t| t.strip_suffix(','));
    name.and_then(Body::from_organ)
        .is_some_and(|b| name == Some(b.name()))
}

/// The quoted draft as a text of its own, and where each piece of it lies in the outer text.
struct Inner {
    text: String,
    format: Format,
    /// Pieces copied from the outer text: (start here, start there, length), in order.
    pieces: Vec<(usize, usize, usize)>,
}

impl Inner {
    fn of(doc: &Document, quoted: &[Paragraph]) -> Inner {
        let mut inner = Inner {
            text: String::new(),
            format: doc.format,
            pieces: Vec::new(),
        };
        for (i, p) in quoted.iter().enumerate() {
            let source = doc.slice(p.span);
            let from = after_opening_quote(source).unwrap_or(0);
            let closing = if i + 1 == quoted.len() {
                closing_quote(source)
            } else {
                None
            };
            let to = closing.unwrap_or(source.len());
            inner.paragraph(doc, p.span.start + from, &source[from..to.max(from)]);
        }
        let cited: HashSet<u32> = (quoted.iter())
            .flat_map(|p| doc.markers[p.markers.clone()].iter().map(|m| m.number))
            .collect();
        inner.notes(doc, &cited);
        inner
    }

    /// One paragraph, on one line however the outer text wraps it.
    fn paragraph(&mut self, doc: &Document, mut at: usize, source: &str) {
        self.text.push_str(match self.format {
            Format::Ods if self.text.is_empty() => "\t",
            Format::Ods => "\n\t",
            Format::Markdown if self.text.is_empty() => "",
            Format::Markdown => "\n\n",
        });
        for (i, line) in source.split('\n').enumerate() {
            // A wrapped line joins the one before with a space, its indentation dropped.
            let indent = match i {
                0 => 0,
                _ => line.len() - line.trim_start().len(),
            };
            if i > 0 {
                self.text.push(' ');
            }
            let kept = line[indent..].trim_end_matches('\r');
            self.copy(doc, at + indent, kept.len());
            at += line.len() + 1;
        }
    }

    /// The outer text's notes that the quoted draft's markers cite (in an ODS text the notes
    /// also tell its markers from numbers): those alone, so that a text quoting many drafts
    /// copies each note once. Not mapped back: nothing found in them is kept.
    fn notes(&mut self, doc: &Document, cited: &HashSet<u32>) {
        let (first, between) = match self.format {
            Format::Ods => ("\n", "\n"),
            Format::Markdown => ("\n\n---\n\n", "\n\n"),
        };
        let notes = doc.footnotes.iter().filter(|n| cited.contains(&n.number));
        for (i, note) in notes.enumerate() {
            let line = doc.lines.line_of(note.number_span.start);
            let start = doc.lines.line_start(line).min(note.number_span.start);
            self.text.push_str(if i == 0 { first } else { between });
            self.text
                .push_str(&doc.text[start..note.span.end.max(start)]);
        }
    }

    fn copy(&mut self, doc: &Document, start: usize, len: usize) {
        self.pieces.push((self.text.len(), start, len));
        self.text.push_str(&doc.text[start..start + len]);
    }

    /// What the quoted draft's own rules find in it, placed in the outer text.
    fn check(mut self, outer: &Context) -> Vec<Diagnostic> {
        let doc = Document::parse(std::mem::take(&mut self.text), self.format);
        // Without precedents: no rule kept here reads them.
        let cx = Context::new(&doc, outer.config);
        let mut placed_fixes = PlacedFixes::default();
        (check_families(&cx).into_iter())
            .filter(|d| within_the_draft(d.rule))
            .filter_map(|d| self.placed(d, &mut placed_fixes))
            .collect()
    }

    fn placed(&self, mut d: Diagnostic, placed_fixes: &mut PlacedFixes) -> Option<Diagnostic> {
        d.span = self.span(d.span)?;
        d.related = (d.related.into_iter())
            .map(|r| {
                Some(Related {
                    span: self.span(r.span)?,
                    ..r
                })
            })
            .collect::<Option<_>>()?;
        d.fixes.retain_mut(|fix| {
            let key = Arc::as_ptr(&fix.edits) as usize;
            let (_, placed) = (placed_fixes.entry(key)).or_insert_with(|| {
                let edits = self.edits(fix).map(Arc::new);
                (fix.edits.clone(), edits)
            });
            match placed {
                Some(edits) => {
                    fix.edits = edits.clone();
                    true
                }
                None => false,
            }
        });
        Some(d)
    }

    fn edits(&self, fix: &Fix) -> Option<Vec<Edit>> {
        (fix.edits.iter())
            .map(|e| {
                let span = self.span(e.span)?;
                Some(Edit { span, ..e.clone() })
            })
            .collect()
    }

    /// Where a span of the quoted draft lies in the outer text. A piece's end is its own (an
    /// insertion there stays at the end of its paragraph); an end in the space put between two
    /// pieces is the end of the piece before, a start there the start of the piece after; a
    /// span in the notes has no place.
    fn span(&self, span: Span) -> Option<Span> {
        let start = self.start(span.start)?;
        Some(Span::new(start, self.end(span.end)?.max(start)))
    }

    // Pieces are in order and apart: the first that does not end before `at`, the last that
    // starts before it, found by halving (a big quoted draft has a finding per paragraph).
    fn start(&self, at: usize) -> Option<usize> {
        let first = (self.pieces).partition_point(|(here, _, len)| here + len < at);
        let (here, there, _) = self.pieces.get(first)?;
        match at.checked_sub(*here) {
            Some(into) => Some(there + into),
            None => (here - at <= 2).then_some(*there),
        }
    }

    fn end(&self, at: usize) -> Option<usize> {
        let after = (self.pieces).partition_point(|(here, _, _)| *here < at);
        let (here, there, len) = self.pieces.get(after.checked_sub(1)?)?;
        (at <= here + len + 2).then(|| there + (at - here).min(*len))
    }
}

/// The edit lists of the quoted draft's fixes placed in the outer text, by the list: a
/// renumbering offered by every misnumbered paragraph is placed once and stays shared. Each
/// entry holds the list it was placed from, so that no other list takes its address.
type PlacedFixes = HashMap<usize, (Arc<Vec<Edit>>, Option<Arc<Vec<Edit>>>)>;

/// Where the closing quotation mark of the last quoted paragraph stands, when only
/// punctuation follows it ("session.”;").
fn closing_quote(source: &str) -> Option<usize> {
    let trimmed = source.trim_end();
    let rest = trimmed.trim_end_matches([';', '.', ',', ':']);
    let quote = rest.chars().next_back().filter(|c| "”\"".contains(*c))?;
    Some(rest.len() - quote.len_utf8())
}

/// Whether a rule reads only what lies within the quoted draft. Footnotes, citations and
/// names are the outer draft's (its notes, its index), and are checked there.
fn within_the_draft(rule: &Rule) -> bool {
    let own_slips: [&Rule; 5] = [
        &slips::LABEL_WITHOUT_PERIOD,
        &slips::AND_COMMA_ENDING,
        &slips::CHAPEAU_WITHOUT_COLON,
        &slips::CAPITAL_AFTER_AND,
        &slips::OPENING_PARTLY_ITALIC,
    ];
    [numbering::RULES, openings::RULES, punctuation::RULES]
        .iter()
        .any(|family| family.iter().any(|r| std::ptr::eq(*r, rule)))
        || own_slips.iter().any(|r| std::ptr::eq(*r, rule))
}
