//! Code-action candidates: quick fixes from the rules' fixes, "fix all", and the document-wide
//! refactors (renumbering, expanding an Ibid.).

use super::Analysis;
use crate::rules::{Applicability, Edit, Fix};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// Every safe fix at once (`source.fixAll.resolute`).
    FixAll,
    RenumberOperative,
    RenumberFootnotes,
    ExpandIbid,
    /// Replaces a paragraph with the wording of its nearest precedent paragraph.
    UseWording,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// Index into [`Analysis::diagnostics`] for a quick fix.
    pub diagnostic: Option<usize>,
    /// The only fix of its diagnostic: editors apply it on "auto fix".
    pub preferred: bool,
}

/// Computes the edits of a document-wide action.
type DocumentEdits = fn(&Analysis) -> Vec<Edit>;

/// The actions of the kinds `wanted` that apply to `range`: quick fixes of the diagnostics it
/// touches, expanding an Ibid. it touches, then the document-wide actions that would change
/// something. Kinds not wanted are not computed (editors ask on every cursor move, often for
/// quick fixes only).
pub fn code_actions(a: &Analysis, range: Span, wanted: impl Fn(ActionKind) -> bool) -> Vec<Action> {
    let mut out = Vec::new();
    if wanted(ActionKind::QuickFix) {
        out.extend(quick_fixes(a, range));
    }
    if wanted(ActionKind::ExpandIbid) {
        out.extend(expand_ibid_at(a, range));
    }
    if wanted(ActionKind::UseWording) {
        out.extend(super::agreed::action(a, range));
    }
    let document_wide: [(&str, ActionKind, DocumentEdits); 3] = [
        ("Fix all Resolute problems", ActionKind::FixAll, fix_all),
        (
            "Renumber operative paragraphs",
            ActionKind::RenumberOperative,
            renumber_operative,
        ),
        (
            "Renumber footnotes",
            ActionKind::RenumberFootnotes,
            renumber_footnotes,
        ),
    ];
    for (title, kind, edits) in document_wide {
        // A quick fix already offers it (and names its diagnostic): one entry is enough.
        if !wanted(kind) || out.iter().any(|a| a.title == title) {
            continue;
        }
        let edits = edits(a);
        if !edits.is_empty() {
            out.push(Action {
                title: title.to_string(),
                kind,
                edits,
                diagnostic: None,
                preferred: false,
            });
        }
    }
    out
}

/// The fixes of the diagnostics `range` touches; a fix that several of them offer alike (the
/// renumbering of every misnumbered paragraph) is listed once.
fn quick_fixes(a: &Analysis, range: Span) -> Vec<Action> {
    let touches = |s: Span| s.start <= range.end && range.start <= s.end;
    let mut out: Vec<Action> = Vec::new();
    for (i, d) in a
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| touches(d.span))
    {
        for fix in &d.fixes {
            let safe = fix.applicability == Applicability::Safe;
            if out
                .iter()
                .any(|o| o.title == quick_fix_title(fix) && o.edits[..] == fix.edits[..])
            {
                continue;
            }
            out.push(Action {
                title: quick_fix_title(fix),
                kind: ActionKind::QuickFix,
                edits: fix.edits.to_vec(),
                diagnostic: Some(i),
                preferred: safe && d.fixes.len() == 1,
            });
        }
    }
    out
}

/// A fix that rests on precedents says so: editors must not take it for a mechanical one.
fn quick_fix_title(fix: &Fix) -> String {
    match fix.applicability {
        Applicability::Unsafe => format!("{} (unsafe: from precedents, check it)", fix.title),
        Applicability::Safe | Applicability::Manual => fix.title.to_string(),
    }
}

fn expand_ibid_at(a: &Analysis, range: Span) -> Option<Action> {
    let (index, f) = a.footnote_at(range.start)?;
    let edit = expand_ibid(a, index)?;
    Some(Action {
        title: format!("Expand Ibid. in footnote {} to full citation", f.number),
        kind: ActionKind::ExpandIbid,
        edits: vec![edit],
        diagnostic: None,
        preferred: false,
    })
}

/// Replaces an Ibid. note's text with the full citation it resolves to, taking the italics
/// of "*Ibid.*" with it and keeping those of its chain (*Treaty Series*).
pub fn expand_ibid(a: &Analysis, footnote: usize) -> Option<Edit> {
    a.notes.get(footnote).filter(|n| n.is_ibid())?;
    let replacement = crate::rules::renumber::expanded_ibid(&a.doc, &a.notes, footnote)?;
    let text = &a.doc.footnotes[footnote].text;
    let span = text.source_span(Span::new(0, text.len()));
    let before = &a.doc.text[..span.start];
    let markup = before.len() - before.trim_end_matches(['*', '_']).len();
    Some(Edit {
        span: Span::new(span.start - markup, span.end),
        replacement,
    })
}

/// Every safe fix at once.
pub fn fix_all(a: &Analysis) -> Vec<Edit> {
    crate::fix::fix_all(&a.diagnostics, Applicability::Safe).edits()
}

pub fn renumber_operative(a: &Analysis) -> Vec<Edit> {
    crate::rules::renumber::renumber_operative(&a.doc)
}

pub fn renumber_footnotes(a: &Analysis) -> Vec<Edit> {
    crate::rules::renumber::renumber_footnotes(&a.doc)
}
