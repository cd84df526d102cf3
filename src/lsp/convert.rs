//! Byte spans of an analysed version to LSP positions and back, in the negotiated encoding,
//! the model's diagnostics and edits as LSP values, and lines of corpus files as locations.

use crate::model::Document;
use crate::precedent::lookup;
use crate::rules::{self, Edit, Severity};
use crate::source::{Encoding, LineCol, Span};
use std::str::FromStr;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};

/// Where each rule is documented; a diagnostic links to `#<code>`.
pub const RULES_DOC_URL: &str = "https://github.com/resolute-lint/resolute/blob/main/docs/rules.md";

/// Positions of one version of one document.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    pub doc: &'a Document,
    pub encoding: Encoding,
}

impl Positions<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let LineCol { line, col } = self
            .doc
            .lines
            .position(&self.doc.text, offset, self.encoding);
        Position::new(line, col)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a client position, clamped (never out of the text).
    pub fn offset(&self, p: Position) -> usize {
        let pos = LineCol {
            line: p.line,
            col: p.character,
        };
        self.doc.lines.offset(&self.doc.text, pos, self.encoding)
    }

    /// A client range as a span, its ends put in order.
    pub fn span(&self, r: Range) -> Span {
        let (a, b) = (self.offset(r.start), self.offset(r.end));
        Span::new(a.min(b), a.max(b))
    }

    pub fn text_edit(&self, e: &Edit) -> TextEdit {
        TextEdit::new(self.range(e.span), e.replacement.clone())
    }

    /// A rule diagnostic with its code, its link to the rules reference and its related places.
    pub fn diagnostic(&self, uri: &Uri, d: &rules::Diagnostic) -> Diagnostic {
        let related: Vec<DiagnosticRelatedInformation> = d
            .related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), self.range(r.span)),
                message: r.message.clone(),
            })
            .collect();
        Diagnostic {
            range: self.range(d.span),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code().to_string())),
            code_description: rule_link(d.code()),
            source: Some("resolute".to_string()),
            message: d.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn rule_link(code: &str) -> Option<CodeDescription> {
    let href = Uri::from_str(&format!("{RULES_DOC_URL}#{code}")).ok()?;
    Some(CodeDescription { href })
}

/// The start of a line of a corpus file. The file is not read: every encoding agrees on column 0.
pub fn corpus_location(l: &lookup::Location) -> Option<Location> {
    let path = std::path::absolute(&l.file).ok()?;
    let at = Position::new(l.line, 0);
    Some(Location::new(
        Uri::from_file_path(path)?,
        Range::new(at, at),
    ))
}

/// Width of `text` in the columns of `encoding`.
pub fn width(text: &str, encoding: Encoding) -> u32 {
    let n = match encoding {
        Encoding::Utf8 => text.len(),
        Encoding::Utf16 => text.encode_utf16().count(),
    };
    n as u32
}
