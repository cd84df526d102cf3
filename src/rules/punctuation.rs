//! Closing punctuation: preambular paragraphs end with a comma, operative paragraphs with a
//! semicolon (a colon before subparagraphs), the last operative paragraph with a full stop.

use super::{Context, Diagnostic, Edit, declare_rules};
use crate::model::{Document, ParagraphKind, SectionKind};
use crate::source::Span;
use std::sync::Arc;

declare_rules! { "punctuation";
    /// A preambular paragraph does not end with a comma.
    ///
    /// **Why.** The preamble is one long sentence: each paragraph ends with a comma (a colon
    /// when subparagraphs follow).
    ///
    /// **Example.** `Recalling its resolution 70/1;`
    ///
    /// **Fix.** End the paragraph with a comma.
    PREAMBULAR_PUNCTUATION = "preambular-punctuation", Warning;

    /// An operative paragraph does not end with a semicolon.
    ///
    /// **Why.** Operative paragraphs end with a semicolon, or a colon when subparagraphs
    /// follow; only the last one ends with a full stop.
    ///
    /// **Example.** `2. Requests the Secretary-General to report.` followed by paragraph 3.
    ///
    /// **Fix.** End the paragraph with a semicolon.
    OPERATIVE_PUNCTUATION = "operative-punctuation", Warning;

    /// The last operative paragraph does not end with a full stop.
    ///
    /// **Why.** The resolution is one sentence that ends with its last operative paragraph
    /// (or that paragraph's last subparagraph).
    ///
    /// **Example.** `12. Decides to remain seized of the matter;` as the last paragraph.
    ///
    /// **Fix.** End the paragraph with a full stop.
    FINAL_PUNCTUATION = "final-punctuation", Warning;

    /// A subparagraph does not end as its list requires.
    ///
    /// **Why.** Subparagraphs end with a semicolon (optionally "; and"); the last one takes
    /// the closing mark of its parent paragraph (comma, semicolon or full stop).
    ///
    /// **Example.** `(a) Strengthen cooperation,` followed by `(b) …`.
    ///
    /// **Fix.** Use the expected mark.
    SUBPARAGRAPH_PUNCTUATION = "subparagraph-punctuation", Hint;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Only paragraphs that open as their part should are checked: numbered declaration text
    // ("1. We, the Heads of State …") follows the grammar of prose, not of resolutions.
    let mut regular = vec![false; cx.doc.paragraphs.len()];
    for f in cx.openings() {
        regular[f.paragraph] = f.opening.as_ref().is_some_and(|o| o.part == f.part);
    }
    for (s, section) in cx.doc.sections.iter().enumerate() {
        if section.kind == SectionKind::Resolution {
            let mut found = Vec::new();
            check_section(cx, s, &regular, &mut found);
            out.extend(merge_runs(found));
        }
    }
}

/// A run of paragraphs with the same slip (every operative paragraph ending with a comma) is
/// one finding with one fix, not a wall of identical warnings.
fn merge_runs(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for d in found {
        match merged.last_mut() {
            Some((run, count)) if run.rule.code == d.rule.code && run.message == d.message => {
                *count += 1;
                run.related.push(super::Related {
                    span: d.span,
                    message: "the same here".to_string(),
                });
                if let (Some(all), Some(one)) = (run.fixes.first_mut(), d.fixes.into_iter().next())
                {
                    Arc::make_mut(&mut all.edits).extend(one.edits.iter().cloned());
                }
            }
            _ => merged.push((d, 1)),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, count)| {
            if count > 1 {
                let rest = d.message.trim_start_matches("this paragraph ");
                d.message = format!(
                    "this paragraph and the {} after it {}",
                    count - 1,
                    rest.replacen("ends", "end", 1).replacen("has", "have", 1)
                );
            }
            d
        })
        .collect()
}

/// The closing marks a top-level paragraph may take, the rule that asks for them and the
/// mark its last subparagraph takes.
fn check_section(cx: &Context, s: usize, regular: &[bool], out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let range = doc.sections[s].paragraphs.clone();
    let last_operative = last_operative(cx, range.clone());
    for i in range.clone() {
        let p = &doc.paragraphs[i];
        let last = Some(i) == last_operative;
        if p.depth != 0 || !(regular[i] || last) {
            continue;
        }
        let (rule, close) = match p.kind {
            ParagraphKind::Preambular => (&PREAMBULAR_PUNCTUATION, ','),
            ParagraphKind::Operative if cx.numbered_preambular(i) => (&PREAMBULAR_PUNCTUATION, ','),
            _ if last => (&FINAL_PUNCTUATION, '.'),
            ParagraphKind::Operative => (&OPERATIVE_PUNCTUATION, ';'),
            _ => continue,
        };
        let children: Vec<usize> = (i + 1..range.end)
            .take_while(|&j| doc.paragraphs[j].depth > 0)
            .collect();
        // A numbered list inside the paragraph (agenda items) is quoted matter, not
        // subparagraphs of the resolution's sentence.
        let children = if children
            .iter()
            .any(|&j| doc.paragraphs[j].number().is_some())
        {
            Vec::new()
        } else {
            children
        };
        // Unlabelled text after a paragraph (a quoted article, a page-break remnant) may
        // continue its sentence: only a paragraph followed by a regular one is checked.
        let next = i + 1 + children.len();
        if close != '.' && !(next < range.end && regular[next]) {
            continue;
        }
        expect(doc, i, &[':', close], rule, out);
        if !children.is_empty() {
            subparagraphs(doc, &children, close, out);
        }
    }
}

/// The paragraph that closes the resolution's sentence: the last operative paragraph, or an
/// unnumbered paragraph after it that opens with an operative verb (Fifth Committee
/// resolutions end in titled sections whose paragraphs may be unnumbered).
fn last_operative(cx: &Context, range: std::ops::Range<usize>) -> Option<usize> {
    let doc = cx.doc;
    let numbered = range.clone().rev().find(|&i| {
        doc.paragraphs[i].kind == ParagraphKind::Operative && doc.paragraphs[i].depth == 0
    })?;
    let unnumbered = (numbered + 1..range.end).rev().find(|&i| {
        let p = &doc.paragraphs[i];
        p.kind == ParagraphKind::Other
            && p.depth == 0
            && cx
                .vocab
                .find_opening(p.text.as_str())
                .is_some_and(|(_, o)| o.part == crate::vocab::Part::Operative)
    });
    Some(unnumbered.unwrap_or(numbered))
}

/// Each subparagraph ends with a semicolon, the last of its list with the parent's mark.
/// Subparagraphs that open a nested list are left alone.
fn subparagraphs(doc: &Document, children: &[usize], close: char, out: &mut Vec<Diagnostic>) {
    for (k, &j) in children.iter().enumerate() {
        let next = children.get(k + 1).map(|&n| doc.paragraphs[n].depth);
        let depth = doc.paragraphs[j].depth;
        if next.is_some_and(|d| d > depth) {
            continue;
        }
        let last = next.is_none_or(|d| d < depth)
            && children[k + 1..]
                .iter()
                .all(|&n| doc.paragraphs[n].depth != depth);
        // Items of a list inside a preambular paragraph end as the paragraph does, with a
        // comma, or with the semicolon of operative lists.
        let allowed: &[char] = match (last, close) {
            (true, _) => &[close],
            (false, ',') => &[';', ','],
            (false, _) => &[';'],
        };
        expect(doc, j, allowed, &SUBPARAGRAPH_PUNCTUATION, out);
    }
}

fn expect(
    doc: &Document,
    i: usize,
    allowed: &[char],
    rule: &'static super::Rule,
    out: &mut Vec<Diagnostic>,
) {
    let text = doc.paragraphs[i].text.as_str();
    let trimmed = text.trim_end_matches([
        ' ', '\u{a0}', '\u{200b}', '\u{200e}', '\u{200f}', '\u{feff}',
    ]);
    let trimmed = trimmed
        .strip_suffix("; and")
        .or_else(|| trimmed.strip_suffix("; or"))
        .map_or(trimmed, |t| &text[..t.len() + 1]);
    let Some(last) = trimmed.chars().last() else {
        return;
    };
    if allowed.contains(&last) {
        return;
    }
    let want = allowed.last().copied().unwrap_or('.');
    let plain = &doc.paragraphs[i].text;
    let (span, replacement, message) = if matches!(last, ',' | ';' | ':' | '.') {
        let at = trimmed.len() - 1;
        (
            plain.source_span(Span::new(at, at + 1)),
            want.to_string(),
            format!("ends with “{last}”; expected “{want}”"),
        )
    } else {
        let end = plain.source_span(Span::new(0, trimmed.len())).end;
        (
            Span::empty(end),
            want.to_string(),
            format!("has no closing mark; expected “{want}”"),
        )
    };
    let report = if span.is_empty() {
        Span::new(span.start.saturating_sub(last.len_utf8()), span.start)
    } else {
        span
    };
    out.push(
        Diagnostic::new(rule, report, format!("this paragraph {message}")).fix(
            format!("End with “{want}”"),
            vec![Edit { span, replacement }],
        ),
    );
}
