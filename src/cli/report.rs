//! Diagnostics for people (rustc/ruff style) and for programs (JSON, LSP-shaped ranges).

use crate::model::Document;
use crate::rules::{Applicability, Diagnostic, Edit, Fix};
use crate::source::{Encoding, Span};
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

pub type Report = (PathBuf, Document, Vec<Diagnostic>);

pub fn print(reports: &[Report], format: OutputFormat) {
    match format {
        OutputFormat::Human => print_human(reports),
        OutputFormat::Json => {
            if let Err(e) = print_json(reports) {
                eprintln!("error: cannot write the report: {e}");
            }
        }
    }
}

fn print_human(reports: &[Report]) {
    let mut counts = [0usize; 4];
    for (path, doc, diagnostics) in reports {
        for d in diagnostics {
            counts[d.severity as usize] += 1;
            let pos = doc.lines.position(&doc.text, d.span.start, Encoding::Utf8);
            let col = char_column(doc, d.span.start);
            println!(
                "{}:{}:{}: {}[{}]: {}",
                path.display(),
                pos.line + 1,
                col + 1,
                d.severity.as_str(),
                d.code(),
                d.message
            );
            print_excerpt(doc, d.span);
            for r in &d.related {
                let rp = doc.lines.position(&doc.text, r.span.start, Encoding::Utf8);
                println!(
                    "   = note: {} ({}:{})",
                    r.message,
                    rp.line + 1,
                    char_column(doc, r.span.start) + 1
                );
            }
            for f in &d.fixes {
                match f.applicability {
                    Applicability::Safe => println!("   = fix: {}", f.title),
                    a => println!("   = fix ({}): {}", a.as_str(), f.title),
                }
            }
        }
    }
    let [errors, warnings, infos, hints] = counts;
    println!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} information, {hints} hint(s)",
        reports.len()
    );
}

/// Column in characters, for people.
fn char_column(doc: &Document, offset: usize) -> usize {
    let line = doc.lines.line_of(offset);
    let start = doc.lines.line_start(line);
    let offset = crate::source::floor_char_boundary(&doc.text, offset);
    doc.text[start..offset].chars().count()
}

/// The source line around a span, cut to a readable window, with a caret underline.
fn print_excerpt(doc: &Document, span: Span) {
    const CONTEXT: usize = 50;
    let line = doc.lines.line_of(span.start);
    let start = doc.lines.line_start(line);
    let end = doc.lines.line_end(&doc.text, line);
    let text = &doc.text[start..end];
    let at = crate::source::floor_char_boundary(text, span.start - start);
    let until =
        crate::source::floor_char_boundary(text, (span.end.min(end)).saturating_sub(start).max(at));
    let before: Vec<char> = text[..at].chars().collect();
    let from = before.len().saturating_sub(CONTEXT);
    let lead = if from > 0 { "…" } else { "" };
    let shown_before: String = before[from..].iter().collect();
    let marked: String = text[at..until].chars().take(80).collect();
    let after: String = text[until..].chars().take(CONTEXT).collect();
    let tail = if text[until..].chars().count() > CONTEXT {
        "…"
    } else {
        ""
    };
    let number = (line + 1).to_string();
    let pad = " ".repeat(number.len());
    println!("{pad} |");
    println!("{number} | {lead}{shown_before}{marked}{after}{tail}");
    let indent = lead.chars().count() + shown_before.chars().count();
    let width = marked.chars().count().max(1);
    println!("{pad} | {}{}", " ".repeat(indent), "^".repeat(width));
}

fn range(doc: &Document, span: Span) -> Value {
    let s = doc.lines.position(&doc.text, span.start, Encoding::Utf16);
    let e = doc.lines.position(&doc.text, span.end, Encoding::Utf16);
    json!({
        "start": { "line": s.line, "character": s.col },
        "end": { "line": e.line, "character": e.col },
    })
}

/// One pretty-printed JSON array, written a diagnostic at a time (a big draft's report is
/// never held whole in memory).
fn print_json(reports: &[Report]) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut json = serde_json::Serializer::pretty(&mut out);
    let mut array = json.serialize_seq(None)?;
    let mut written = HashMap::new();
    let mut index = 0;
    for (path, doc, ds) in reports {
        for d in ds {
            array.serialize_element(&to_json(path, doc, d, index, &mut written))?;
            index += 1;
        }
    }
    array.end()?;
    writeln!(out)?;
    Ok(())
}

/// Edit lists already written, by address, with the index of the diagnostic that has them.
type Written = HashMap<*const Vec<Edit>, usize>;

/// The diagnostic at `index` of the output. A fix shared by several diagnostics (renumbering)
/// has its edits written once; the others give that diagnostic's index as `sameAs`.
fn to_json(
    path: &std::path::Path,
    doc: &Document,
    d: &Diagnostic,
    index: usize,
    written: &mut Written,
) -> Value {
    json!({
        "path": path.display().to_string(),
        "code": d.code(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": range(doc, d.span),
        "related": d.related.iter().map(|r| json!({ "range": range(doc, r.span), "message": r.message })).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|f| fix_json(doc, f, index, written)).collect::<Vec<_>>(),
    })
}

fn fix_json(doc: &Document, f: &Fix, index: usize, written: &mut Written) -> Value {
    match written.entry(Arc::as_ptr(&f.edits)) {
        Entry::Occupied(first) => json!({
            "title": f.title,
            "applicability": f.applicability,
            "sameAs": first.get(),
        }),
        Entry::Vacant(slot) => {
            slot.insert(index);
            json!({
                "title": f.title,
                "applicability": f.applicability,
                "edits": f.edits.iter().map(|e| json!({ "range": range(doc, e.span), "newText": e.replacement })).collect::<Vec<_>>(),
            })
        }
    }
}
