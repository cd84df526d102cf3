//! Diagnostics for people (rustc's renderer, annotate-snippets), for programs (JSON with
//! LSP-shaped ranges) and for code-scanning dashboards (SARIF 2.1.0).
//!
//! Every format prints the same [`Entry`] per diagnostic: what a report says is decided once,
//! in [`entry`], and each format only lays it out.

use crate::model::Document;
use crate::rules::{self, Applicability, Diagnostic, Edit, Fix, Severity};
use crate::source::{Encoding, LineCol, Span, floor_char_boundary};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use serde::ser::Serializer;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One block per diagnostic with the source line underlined, then a summary.
    Human,
    /// A JSON array; ranges are LSP ranges (0-based lines, UTF-16 columns).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).
    Sarif,
}

/// When the human report is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces colour).
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

pub type Report = (PathBuf, Document, Vec<Diagnostic>);

/// What the report says of one diagnostic, in every format.
struct Entry<'a> {
    path: &'a Path,
    doc: &'a Document,
    diagnostic: &'a Diagnostic,
    notes: Vec<Note<'a>>,
    fixes: Vec<FixEntry<'a>>,
}

/// A related place ("footnote 4 first cited here").
struct Note<'a> {
    message: &'a str,
    span: Span,
}

/// A fix the report offers, with the label people read.
struct FixEntry<'a> {
    label: String,
    fix: &'a Fix,
}

fn entry<'a>(path: &'a Path, doc: &'a Document, d: &'a Diagnostic) -> Entry<'a> {
    Entry {
        path,
        doc,
        diagnostic: d,
        notes: d
            .related
            .iter()
            .map(|r| Note {
                message: &r.message,
                span: r.span,
            })
            .collect(),
        fixes: d
            .fixes
            .iter()
            .map(|fix| FixEntry {
                label: match fix.applicability {
                    Applicability::Safe => fix.title.to_string(),
                    a => format!("{} ({})", fix.title, a.as_str()),
                },
                fix,
            })
            .collect(),
    }
}

fn entries(report: &Report) -> impl Iterator<Item = Entry<'_>> {
    let (path, doc, ds) = report;
    ds.iter().map(move |d| entry(path, doc, d))
}

/// Writes a report a file at a time, in the order the files are given: no file's model is
/// held after its turn, so a corpus is reported in the memory of a few drafts.
pub struct Printer {
    format: OutputFormat,
    out: anstream::AutoStream<std::io::StdoutLock<'static>>,
    files: usize,
    /// Diagnostics by severity (human), and how many were written (JSON).
    counts: [usize; 4],
    written: usize,
    /// SARIF results: the log is one JSON value, written at the end.
    results: Vec<Value>,
}

impl Printer {
    pub fn new(format: OutputFormat, color: ColorWhen) -> Printer {
        let choice = match color {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        Printer {
            format,
            out: anstream::AutoStream::new(std::io::stdout().lock(), choice),
            files: 0,
            counts: [0; 4],
            written: 0,
            results: Vec::new(),
        }
    }

    /// Writes one file's diagnostics.
    pub fn file(&mut self, report: &Report) {
        self.files += 1;
        let done = match self.format {
            OutputFormat::Human => self.human(report),
            OutputFormat::Json => self.json(report),
            OutputFormat::Sarif => {
                self.results.extend(entries(report).map(sarif_result));
                Ok(())
            }
        };
        cannot_write(done);
    }

    /// Ends the report: the summary line, the closing bracket, or the SARIF log.
    pub fn finish(mut self) {
        let done = match self.format {
            OutputFormat::Human => {
                let [errors, warnings, infos, hints] = self.counts;
                writeln!(
                    self.out,
                    "{} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} information, {hints} hint(s)",
                    self.files
                )
            }
            OutputFormat::Json if self.written == 0 => writeln!(self.out, "[]"),
            OutputFormat::Json => writeln!(self.out, "\n]"),
            OutputFormat::Sarif => {
                let log = sarif(std::mem::take(&mut self.results));
                writeln!(self.out, "{}", pretty(&log))
            }
        };
        cannot_write(done);
    }

    /// Each diagnostic as rustc shows an error.
    fn human(&mut self, report: &Report) -> std::io::Result<()> {
        let renderer = Renderer::styled();
        for e in entries(report) {
            self.counts[e.diagnostic.severity as usize] += 1;
            let text = renderer.render(&[group(&e)]);
            write!(self.out, "{text}\n\n")?;
        }
        Ok(())
    }

    /// The elements of one pretty-printed JSON array, serialised straight to the output a
    /// diagnostic at a time (a big draft's report, or one renumbering's edits, is never held
    /// whole in memory), indented as the array's elements.
    fn json(&mut self, report: &Report) -> std::io::Result<()> {
        let mut shared = HashMap::new();
        let mut out = Indented(std::io::BufWriter::new(&mut self.out));
        for e in entries(report) {
            let open = if self.written == 0 { "[\n  " } else { ",\n  " };
            out.0.write_all(open.as_bytes())?;
            serde_json::to_writer_pretty(&mut out, &to_json(&e, self.written, &mut shared))?;
            self.written += 1;
        }
        out.flush()
    }
}

/// Writes through to the writer inside, every line after the first indented by two spaces:
/// an element of the report's array as it stands inside the array.
struct Indented<W>(W);

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.0.write_all(b"\n  ")?;
            }
            self.0.write_all(line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A closed pipe (`resolute check … | head`) is not an error worth reporting.
fn cannot_write(done: std::io::Result<()>) {
    match done {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the report: {e}");
        }
        _ => {}
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn level(severity: Severity) -> Level<'static> {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint => Level::HELP,
    };
    level.with_name(severity.as_str())
}

/// One diagnostic as an annotate-snippets group: title, the lines of its span underlined,
/// related places and fixes as notes.
fn group<'a>(e: &'a Entry<'a>) -> Group<'a> {
    let (doc, d) = (e.doc, e.diagnostic);
    let first = doc.lines.line_of(d.span.start);
    let last = doc.lines.line_of(d.span.end.max(d.span.start));
    let from = doc.lines.line_start(first);
    let to = doc.lines.line_end(&doc.text, last);
    let at = |offset: usize| floor_char_boundary(&doc.text, offset.clamp(from, to)) - from;
    let snippet = Snippet::source(&doc.text[from..to])
        .line_start(first + 1)
        .path(e.path.to_string_lossy())
        .annotation(AnnotationKind::Primary.span(at(d.span.start)..at(d.span.end)));
    let notes = e.notes.iter().map(|n| {
        let pos = human_position(doc, n.span.start);
        Level::NOTE.message(format!("{} (line {}:{})", n.message, pos.line, pos.col))
    });
    let fixes = e
        .fixes
        .iter()
        .map(|f| Level::HELP.with_name("fix").message(f.label.as_str()));
    level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.code())
        .element(snippet)
        .elements(notes)
        .elements(fixes)
}

/// 1-based line and character column, as people count.
fn human_position(doc: &Document, offset: usize) -> LineCol {
    let line = doc.lines.line_of(offset);
    let start = doc.lines.line_start(line);
    let offset = floor_char_boundary(&doc.text, offset.max(start));
    LineCol {
        line: line as u32 + 1,
        col: doc.text[start..offset].chars().count() as u32 + 1,
    }
}

/// An LSP range: 0-based lines, UTF-16 columns.
#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: u32,
    character: u32,
}

fn range(doc: &Document, span: Span) -> JsonRange {
    let position = |offset: usize| {
        let p = doc.lines.position(&doc.text, offset, Encoding::Utf16);
        JsonPosition {
            line: p.line,
            character: p.col,
        }
    };
    JsonRange {
        start: position(span.start),
        end: position(span.end),
    }
}

/// Edit lists already written, by address, with the index of the diagnostic that has them
/// (one file's: a fix never spans files, and a freed file's addresses are used again).
type Written = HashMap<*const Vec<Edit>, usize>;

/// One diagnostic of the JSON report.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    range: JsonRange,
    related: JsonRelated<'a>,
    fixes: Vec<JsonFix<'a>>,
}

/// A diagnostic's related places, serialised one at a time as they are written: a footnote
/// cited again and again has one per citation.
struct JsonRelated<'a> {
    doc: &'a Document,
    notes: &'a [Note<'a>],
}

impl Serialize for JsonRelated<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.notes.iter().map(|n| JsonNote {
            range: range(self.doc, n.span),
            message: n.message,
        }))
    }
}

#[derive(Serialize)]
struct JsonNote<'a> {
    range: JsonRange,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    #[serde(rename = "newText")]
    new_text: &'a str,
}

/// A fix of the JSON report: its edits, or the index of the diagnostic that wrote them.
#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edits: Option<JsonEdits<'a>>,
}

/// A fix's edits, serialised one at a time as they are written: a renumbering of a big draft
/// has an edit per paragraph, and a JSON value of them all would cost many times their size.
struct JsonEdits<'a> {
    doc: &'a Document,
    edits: &'a [Edit],
}

impl Serialize for JsonEdits<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        serializer.collect_seq(self.edits.iter().map(|e| JsonEdit {
            range: range(doc, e.span),
            new_text: &e.replacement,
        }))
    }
}

/// The diagnostic at `index` of the output. A fix shared by several diagnostics (renumbering)
/// has its edits written once; the others give that diagnostic's index as `sameAs`.
fn to_json<'a>(e: &'a Entry<'a>, index: usize, written: &mut Written) -> JsonDiagnostic<'a> {
    let (doc, d) = (e.doc, e.diagnostic);
    JsonDiagnostic {
        path: e.path.display().to_string(),
        code: d.code(),
        severity: d.severity.as_str(),
        message: &d.message,
        range: range(doc, d.span),
        related: JsonRelated {
            doc,
            notes: &e.notes,
        },
        fixes: e
            .fixes
            .iter()
            .map(|f| fix_json(doc, f.fix, index, written))
            .collect(),
    }
}

fn fix_json<'a>(doc: &'a Document, f: &'a Fix, index: usize, written: &mut Written) -> JsonFix<'a> {
    let first = *written.entry(Arc::as_ptr(&f.edits)).or_insert(index);
    let own = first == index;
    JsonFix {
        title: &f.title,
        applicability: f.applicability,
        same_as: (!own).then_some(first),
        edits: own.then(|| JsonEdits {
            doc,
            edits: &f.edits,
        }),
    }
}

/// The SARIF 2.1.0 log: one run, the rule registry as the driver's rules, one result per
/// diagnostic. Columns are UTF-16 code units (SARIF's default `columnKind`), 1-based.
fn sarif(results: Vec<Value>) -> Value {
    let rules: Vec<Value> = rules::all()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.doc.trim() },
                "defaultConfiguration": {
                    "level": sarif_level(r.default_severity),
                    "enabled": r.enabled_by_default,
                },
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "resolute",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn sarif_result(e: Entry<'_>) -> Value {
    let (doc, d) = (e.doc, e.diagnostic);
    let uri = file_uri_reference(e.path);
    let location = |span: Span| {
        json!({ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": sarif_region(doc, span),
        }})
    };
    let related: Vec<Value> = e
        .notes
        .iter()
        .map(|n| {
            let mut l = location(n.span);
            l["message"] = json!({ "text": n.message });
            l
        })
        .collect();
    json!({
        "ruleId": d.code(),
        "ruleIndex": rules::all().position(|r| r.code == d.code()),
        "level": sarif_level(d.severity),
        "message": { "text": d.message },
        "locations": [location(d.span)],
        "relatedLocations": related,
        "fixes": e.fixes.iter().map(|f| json!({
            "description": { "text": f.label },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": f.fix.edits.iter().map(|edit| json!({
                    "deletedRegion": sarif_region(doc, edit.span),
                    "insertedContent": { "text": edit.replacement },
                })).collect::<Vec<_>>(),
            }],
        })).collect::<Vec<_>>(),
    })
}

fn sarif_region(doc: &Document, span: Span) -> Value {
    let s = doc.lines.position(&doc.text, span.start, Encoding::Utf16);
    let e = doc.lines.position(&doc.text, span.end, Encoding::Utf16);
    json!({
        "startLine": s.line + 1,
        "startColumn": s.col + 1,
        "endLine": e.line + 1,
        "endColumn": e.col + 1,
    })
}

/// The path as a URI reference: `/` separators, and every byte that may not stand in a URI
/// path percent-encoded. Absolute paths become `file:` URIs; relative paths stay relative (to
/// where `resolute` ran), as code-scanning services expect.
fn file_uri_reference(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = match (path.is_absolute(), text.starts_with('/')) {
        (true, true) => String::from("file://"),
        (true, false) => String::from("file:///"),
        (false, _) => String::new(),
    };
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=@".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}
