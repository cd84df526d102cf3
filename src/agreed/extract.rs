//! The paragraphs of a resolution as the agreed-language index keeps them: every preambular and
//! operative paragraph and subparagraph of the resolution's own sections (annexes are not
//! agreed language of the resolution's kind), labelled "PP 5", "OP 12", "OP 3 (a)".

use crate::model::{Document, Paragraph, ParagraphKind, SectionKind};

/// One paragraph of a precedent.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgreedParagraph {
    /// "A/RES/77/186".
    pub symbol: String,
    /// "PP 5", "OP 12", "OP 3 (a)".
    pub label: String,
    /// ISO 8601 adoption date, when known.
    pub date: Option<String>,
    pub title: String,
    /// Plain text, without label or footnote markers.
    pub text: String,
    /// The bodies of the footnotes whose markers stand in the paragraph, in marker order.
    pub footnotes: Vec<String>,
    /// Where each of those markers stands in `text` (byte offsets).
    pub markers: Vec<usize>,
    /// The precedent's file and the paragraph's zero-based line, to open it.
    pub file: String,
    pub line: u32,
}

impl AgreedParagraph {
    /// "77/186 OP 12": the symbol as delegates say it, then the label.
    pub fn citation(&self) -> String {
        format!("{} {}", short_symbol(&self.symbol), self.label)
    }
}

/// "A/RES/77/186" → "77/186"; other bodies keep their full symbol.
pub fn short_symbol(symbol: &str) -> &str {
    symbol.strip_prefix("A/RES/").unwrap_or(symbol)
}

/// Which resolution the paragraphs come from.
pub struct Source<'a> {
    pub symbol: &'a str,
    pub title: &'a str,
    pub date: Option<String>,
    pub file: &'a str,
}

/// The labelled paragraphs of a document's resolution sections (of a draft too: `source`
/// then names the draft).
pub fn paragraphs(doc: &Document, source: &Source) -> Vec<AgreedParagraph> {
    labels(doc)
        .into_iter()
        .filter_map(|(index, label)| {
            let p = &doc.paragraphs[index];
            let text = p.text.as_str().trim();
            (!text.is_empty()).then(|| AgreedParagraph {
                symbol: source.symbol.to_string(),
                label,
                date: source.date.clone(),
                title: source.title.to_string(),
                text: text.to_string(),
                footnotes: footnotes(doc, p),
                markers: markers(doc, p),
                file: source.file.to_string(),
                line: doc.lines.line_of(p.span.start) as u32,
            })
        })
        .collect()
}

/// `(paragraph index, label)` of every labelled paragraph: preambular paragraphs counted per
/// section, operative paragraphs by their number, subparagraphs after their parent's label.
pub fn labels(doc: &Document) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for section in doc
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Resolution)
    {
        let mut preambular = 0;
        for index in section.paragraphs.clone() {
            let p = &doc.paragraphs[index];
            let label = match p.kind {
                ParagraphKind::Preambular => {
                    preambular += 1;
                    Some(format!("PP {preambular}"))
                }
                ParagraphKind::Operative => p.label.as_ref().map(|l| format!("OP {}", l.text)),
                ParagraphKind::Subparagraph => subparagraph_label(&out, p),
                ParagraphKind::Heading | ParagraphKind::Other => None,
            };
            out.extend(label.map(|l| (index, l)));
        }
    }
    out
}

/// "OP 3 (a)": the parent's label, then the subparagraph's own.
fn subparagraph_label(labelled: &[(usize, String)], p: &Paragraph) -> Option<String> {
    let parent = p.parent()?;
    let (_, parent_label) = labelled.iter().rev().find(|(i, _)| *i == parent)?;
    Some(format!("{parent_label} {}", p.label.as_ref()?.text))
}

fn footnotes(doc: &Document, p: &Paragraph) -> Vec<String> {
    doc.markers[p.markers.clone()]
        .iter()
        .map(|m| {
            doc.footnote(m.number)
                .map(|f| f.text.as_str().trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// Marker offsets in the trimmed text.
fn markers(doc: &Document, p: &Paragraph) -> Vec<usize> {
    let lead = p.text.len() - p.text.as_str().trim_start().len();
    let len = p.text.as_str().trim().len();
    doc.markers[p.markers.clone()]
        .iter()
        .map(|m| m.plain_at.saturating_sub(lead).min(len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    const DRAFT: &str = "The General Assembly,\n\nRecalling its resolution 70/1,\n\n\
        *Noting* the report,<sup>1</sup>\n\n\
        1. *Decides* to act;\n\n2. *Requests*:\n\n(a) A report;\n\n(b) A plan.\n\n\
        ---\n\n<sup>1</sup> A/77/1.\n";

    #[test]
    fn labels_preambular_operative_and_subparagraphs() {
        let doc = Document::parse(DRAFT.to_string(), Format::Markdown);
        let source = Source {
            symbol: "A/RES/77/1",
            title: "Test",
            date: None,
            file: "x.md",
        };
        let found = paragraphs(&doc, &source);
        let labels: Vec<&str> = found.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            ["PP 1", "PP 2", "OP 1", "OP 2", "OP 2 (a)", "OP 2 (b)"]
        );
        assert_eq!(found[1].text, "Noting the report,");
        assert_eq!(found[1].footnotes, ["A/77/1."]);
        assert_eq!(found[1].markers, ["Noting the report,".len()]);
        assert_eq!(found[2].citation(), "77/1 OP 1");
    }
}
