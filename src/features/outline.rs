//! The outline of a draft (Preamble, Operative part, Annexes, Footnotes) and its folding
//! ranges.

use super::{Analysis, excerpt, openings};
use crate::model::{Document, Footnote, ParagraphKind, SectionKind};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// The title line ("71/167. Trafficking in women and girls").
    Title,
    /// Preamble, operative part, a lettered resolution part, the footnotes.
    Part,
    Annex,
    Paragraph,
    Heading,
    /// The group of all footnote bodies.
    Footnotes,
    Footnote,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub span: Span,
    /// The part to select when the symbol is picked; inside `span`.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

impl Symbol {
    fn group(name: impl Into<String>, kind: SymbolKind, children: Vec<Symbol>) -> Option<Symbol> {
        let span = children.iter().map(|c| c.span).reduce(Span::cover)?;
        Some(Symbol {
            name: name.into(),
            detail: None,
            kind,
            span,
            selection: Span::empty(span.start),
            children,
        })
    }
}

/// The document as a tree: the title, then per resolution part its preamble and operative
/// part, then the annexes, then the footnotes.
pub fn symbols(a: &Analysis) -> Vec<Symbol> {
    let doc = &a.doc;
    let mut out = Vec::new();
    if let Some(t) = &doc.title {
        out.push(Symbol {
            name: doc.slice(t.span).to_string(),
            detail: None,
            kind: SymbolKind::Title,
            span: t.span,
            selection: t.span,
            children: Vec::new(),
        });
    }
    let parts = doc
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Resolution)
        .count();
    for (index, section) in doc.sections.iter().enumerate() {
        match section.kind {
            SectionKind::Resolution if parts > 1 => {
                let name = format!(
                    "Resolution {}",
                    section.label.as_deref().unwrap_or_default()
                );
                out.extend(Symbol::group(
                    name.trim_end(),
                    SymbolKind::Part,
                    resolution_parts(a, index),
                ));
            }
            SectionKind::Resolution => out.extend(resolution_parts(a, index)),
            SectionKind::Annex => out.extend(annex(a, index)),
        }
    }
    let footnotes = doc.footnotes.iter().map(footnote_symbol).collect();
    out.extend(Symbol::group("Footnotes", SymbolKind::Footnotes, footnotes));
    out
}

fn resolution_parts(a: &Analysis, section: usize) -> Vec<Symbol> {
    let doc = &a.doc;
    let top = |kind: ParagraphKind| -> Vec<Symbol> {
        doc.sections[section]
            .paragraphs
            .clone()
            .filter(|&i| doc.paragraphs[i].kind == kind)
            .map(|i| paragraph_symbol(a, i))
            .collect()
    };
    [
        Symbol::group("Preamble", SymbolKind::Part, top(ParagraphKind::Preambular)),
        Symbol::group(
            "Operative part",
            SymbolKind::Part,
            top(ParagraphKind::Operative),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn annex(a: &Analysis, section: usize) -> Option<Symbol> {
    let doc = &a.doc;
    let s = &doc.sections[section];
    let children: Vec<Symbol> = s
        .paragraphs
        .clone()
        .filter(|&i| doc.paragraphs[i].parent().is_none())
        .map(|i| paragraph_symbol(a, i))
        .collect();
    let name = match &s.label {
        Some(l) => format!("Annex {l}"),
        None => "Annex".to_string(),
    };
    match s.heading {
        Some(heading) => Some(Symbol {
            name,
            detail: None,
            kind: SymbolKind::Annex,
            span: children.iter().map(|c| c.span).fold(heading, Span::cover),
            selection: heading,
            children,
        }),
        None => Symbol::group(name, SymbolKind::Annex, children),
    }
}

/// "1. Welcomes …" with its subparagraphs as children.
fn paragraph_symbol(a: &Analysis, index: usize) -> Symbol {
    let doc = &a.doc;
    let p = &doc.paragraphs[index];
    let text = p.text.as_str();
    let lead = match openings::opening(a, index) {
        Some(o) => format!("{} …", o.phrase),
        None => excerpt(text, 40),
    };
    let name = match &p.label {
        Some(l) if p.kind == ParagraphKind::Operative => format!("{}. {lead}", l.text),
        Some(l) => format!("{} {lead}", l.text),
        None => lead,
    };
    // Subparagraphs follow their parent directly, nested deeper.
    let children = doc
        .paragraphs
        .iter()
        .enumerate()
        .skip(index + 1)
        .take_while(|(_, c)| c.depth > p.depth)
        .filter(|(_, c)| c.parent() == Some(index))
        .map(|(i, _)| paragraph_symbol(a, i))
        .collect();
    Symbol {
        name,
        detail: Some(excerpt(text, 80)),
        kind: if p.kind == ParagraphKind::Heading {
            SymbolKind::Heading
        } else {
            SymbolKind::Paragraph
        },
        span: p.span,
        selection: p
            .label
            .as_ref()
            .map_or(Span::empty(p.span.start), |l| l.span),
        children,
    }
}

fn footnote_symbol(f: &Footnote) -> Symbol {
    Symbol {
        name: format!("{} {}", f.number, excerpt(f.text.as_str(), 60)),
        detail: None,
        kind: SymbolKind::Footnote,
        span: f.span,
        selection: f.number_span,
        children: Vec::new(),
    }
}

/// A foldable range of whole lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: usize,
    pub end_line: usize,
    /// Footnote bodies fold like comments: editors can fold them all at once.
    pub footnotes: bool,
}

/// Every part, annex and paragraph of the outline that spans several lines, and each run of
/// consecutive footnote bodies (the footnotes group itself spans the whole document).
pub fn folding_ranges(a: &Analysis) -> Vec<Fold> {
    let doc = &a.doc;
    let mut out = Vec::new();
    let mut visit: Vec<Symbol> = symbols(a)
        .into_iter()
        .filter(|s| s.kind != SymbolKind::Footnotes)
        .collect();
    while let Some(s) = visit.pop() {
        out.extend(fold(doc, s.span, false));
        visit.extend(s.children);
    }
    out.extend(
        footnote_runs(doc)
            .into_iter()
            .filter_map(|span| fold(doc, span, true)),
    );
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}

fn fold(doc: &Document, span: Span, footnotes: bool) -> Option<Fold> {
    let start_line = doc.lines.line_of(span.start);
    let end = doc.text[..span.end].trim_end().len().max(span.start);
    let end_line = doc.lines.line_of(end);
    (end_line > start_line).then_some(Fold {
        start_line,
        end_line,
        footnotes,
    })
}

/// Footnote bodies not separated by a paragraph, as one span each.
fn footnote_runs(doc: &Document) -> Vec<Span> {
    let mut bodies: Vec<Span> = doc.footnotes.iter().map(|f| f.span).collect();
    bodies.sort();
    let mut starts: Vec<usize> = doc.paragraphs.iter().map(|p| p.span.start).collect();
    starts.sort_unstable();
    let paragraph_between = |from: usize, to: usize| {
        let first = starts.partition_point(|&s| s < from);
        starts.get(first).is_some_and(|&s| s < to)
    };
    let mut runs: Vec<Span> = Vec::new();
    for body in bodies {
        let joins = runs
            .last()
            .is_some_and(|last| !paragraph_between(last.end, body.start));
        match runs.last_mut() {
            Some(last) if joins => *last = last.cover(body),
            _ => runs.push(body),
        }
    }
    runs
}
