//! Every footnote and "Ibid." rule, in both draft formats, through the library and through the
//! `resolute` binary.
//!
//! Each rule has one minimal violating draft and one clean draft. Drafts are built by small
//! helpers that write a realistic resolution ("The General Assembly,", preambular "Recalling …,",
//! operative "1. Urges …;", a closing block and footnotes) in three renderings:
//!
//! * Markdown with `<sup>N</sup>` markers and footnote bodies after a `---` page break;
//! * Markdown with GitHub-style `[^N]` markers and `[^N]: …` bodies;
//! * ODS plain text: tab-indented paragraphs, markers glued to the word before them, bodies
//!   `N text` after the closing block, ODS job trailer.
//!
//! The renderer records where it put every marker and every footnote body, so the expected
//! positions come from the draft itself, never from the program's output.

use resolute::config::Config;
use resolute::model::{Document, Format};
use resolute::rules::{self, Diagnostic, Severity};
use serde_json::Value;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

const CEDAW: &str =
    "the Convention on the Elimination of All Forms of Discrimination against Women";
const CRC: &str = "the Convention on the Rights of the Child";
const UNTOC: &str = "the United Nations Convention against Transnational Organized Crime";
const PROTOCOL: &str = "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime";
const MIGRANTS: &str = "the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families";

const TS_CEDAW: &str = "United Nations, Treaty Series, vol. 1249, No. 20378.";
const TS_CRC: &str = "United Nations, Treaty Series, vol. 1577, No. 27531.";
const IBID_CRC: &str = "Ibid., vol. 1577, No. 27531.";
const RES_CRC: &str = "Resolution 44/25, annex.";
const RES_UNTOC: &str = "Resolution 55/25, annex I.";

/// How a draft is written down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// Markdown, `<sup>N</sup>` markers, bodies after `---`.
    Sup,
    /// Markdown, GitHub `[^N]` markers and `[^N]: …` bodies.
    Caret,
    /// ODS plain text.
    Ods,
}

impl Style {
    const ALL: [Style; 3] = [Style::Sup, Style::Caret, Style::Ods];

    fn format(self) -> Format {
        match self {
            Style::Sup | Style::Caret => Format::Markdown,
            Style::Ods => Format::Ods,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Style::Sup | Style::Caret => "md",
            Style::Ods => "txt",
        }
    }
}

#[derive(Clone, Debug)]
enum Part {
    Preambular { opening: &'static str, rest: String },
    Operative { opening: &'static str, rest: String },
}

/// A resolution draft. Paragraph text carries `{N}` where footnote marker N stands.
#[derive(Clone, Debug, Default)]
struct Draft {
    parts: Vec<Part>,
    /// Footnote bodies, in the order they are written.
    notes: Vec<(u32, String)>,
}

fn draft() -> Draft {
    Draft::default()
}

impl Draft {
    fn preambular(mut self, opening: &'static str, rest: impl Into<String>) -> Self {
        self.parts.push(Part::Preambular {
            opening,
            rest: rest.into(),
        });
        self
    }

    fn operative(mut self, opening: &'static str, rest: impl Into<String>) -> Self {
        self.parts.push(Part::Operative {
            opening,
            rest: rest.into(),
        });
        self
    }

    fn note(mut self, number: u32, text: &str) -> Self {
        self.notes.push((number, text.to_string()));
        self
    }
}

/// Where the renderer put something: the number of a marker or footnote, its digits.
#[derive(Clone, Debug)]
struct Placed {
    number: u32,
    digits: Range<usize>,
}

/// A footnote body as rendered.
#[derive(Clone, Debug)]
struct PlacedBody {
    number: u32,
    digits: Range<usize>,
    /// Start of the line the body is written on.
    line_start: usize,
    /// The word "Ibid." (without its italics markup), when the body starts with it.
    ibid: Option<Range<usize>>,
}

struct Rendered {
    text: String,
    /// Markers in reading order.
    markers: Vec<Placed>,
    /// Bodies in source order.
    bodies: Vec<PlacedBody>,
}

/// Writes `rest`, replacing `{N}` with a marker in `style`, and records the markers.
fn push_with_markers(out: &mut String, markers: &mut Vec<Placed>, rest: &str, style: Style) {
    let mut s = rest;
    while let Some(open) = s.find('{') {
        let close = open + s[open..].find('}').expect("unclosed {N}");
        out.push_str(&s[..open]);
        let number: u32 = s[open + 1..close].parse().expect("{N} must be a number");
        let digits = number.to_string();
        let (before, after) = match style {
            Style::Sup => ("<sup>", "</sup>"),
            Style::Caret => ("[^", "]"),
            Style::Ods => ("", ""),
        };
        out.push_str(before);
        let at = out.len();
        out.push_str(&digits);
        out.push_str(after);
        markers.push(Placed {
            number,
            digits: at..at + digits.len(),
        });
        s = &s[close + 1..];
    }
    out.push_str(s);
}

fn render(d: &Draft, style: Style) -> Rendered {
    let mut out = String::new();
    let mut markers = Vec::new();
    let mut bodies = Vec::new();
    let md = style != Style::Ods;
    if md {
        out.push_str(
            "# General Assembly\n\nDistr.: General  \n2 January 2023\n\n**Seventy-seventh session**  \nAgenda item 68\n\n\
             ## Resolution adopted by the General Assembly on 15 December 2022\n\n\
             [on the report of the Third Committee (A/77/463)]\n\n\
             ### **77/999. Trafficking in women and girls**\n\n*The General Assembly,*\n\n",
        );
    } else {
        out.push_str(
            "[DU1]\nResolution adopted by the General Assembly on 15 December 2022\n\
             [on the report of the Third Committee (A/77/463)]\n77/999.\tTrafficking in women and girls\n\n\n\
             \tThe General Assembly,\n",
        );
    }
    let mut number = 0;
    let parts = d
        .parts
        .iter()
        .cloned()
        .chain(std::iter::once(Part::Operative {
            opening: "Decides",
            rest: "to continue its consideration of the question at its seventy-ninth session."
                .into(),
        }));
    for part in parts {
        let (opening, rest) = match part {
            Part::Preambular { opening, rest } => {
                out.push_str(if md { "" } else { "\t" });
                (opening, rest)
            }
            Part::Operative { opening, rest } => {
                number += 1;
                out.push_str(&if md {
                    format!("{number}. ")
                } else {
                    format!("\t{number}.\t")
                });
                (opening, rest)
            }
        };
        if md {
            out.push_str(&format!("*{opening}* "));
        } else {
            out.push_str(&format!("{opening} "));
        }
        push_with_markers(&mut out, &mut markers, &rest, style);
        out.push_str(if md { "\n\n" } else { "\n" });
    }
    if md {
        out.push_str("*52nd plenary meeting  \n15 December 2022*\n\n");
    } else {
        out.push_str("\n52nd plenary meeting\n15 December 2022\n");
    }
    if style == Style::Sup {
        out.push_str("---\n\n");
    }
    for (n, text) in &d.notes {
        let line_start = out.len();
        let (before, after) = match style {
            Style::Sup => ("<sup>", "</sup> "),
            Style::Caret => ("[^", "]: "),
            Style::Ods => ("", " "),
        };
        out.push_str(before);
        let at = out.len();
        out.push_str(&n.to_string());
        let digits = at..out.len();
        out.push_str(after);
        let mut ibid = None;
        let body = if md {
            text.replace("Treaty Series", "*Treaty Series*")
        } else {
            text.clone()
        };
        match body.strip_prefix("Ibid.") {
            Some(tail) if md => {
                out.push('*');
                ibid = Some(out.len()..out.len() + 5);
                out.push_str("Ibid.*");
                out.push_str(tail);
            }
            Some(_) => {
                ibid = Some(out.len()..out.len() + 5);
                out.push_str(&body);
            }
            None => out.push_str(&body),
        }
        out.push_str(if md { "\n\n" } else { "\n" });
        bodies.push(PlacedBody {
            number: *n,
            digits,
            line_start,
            ibid,
        });
    }
    if !md {
        out.push_str(
            "[DU1]<<ODS JOB NO>>N2274512E<<ODS JOB NO>>\n<<ODS DOC SYMBOL1>>A/RES/77/999<<ODS DOC SYMBOL1>>\n\
             <<ODS DOC SYMBOL2>><<ODS DOC SYMBOL2>>\n",
        );
    }
    Rendered {
        text: out,
        markers,
        bodies,
    }
}

// ---------------------------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------------------------

/// A place in a rendered draft.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The digits of the k-th marker in reading order.
    Marker(usize),
    /// The number of the k-th footnote body in source order.
    Body(usize),
    /// The word "Ibid." in the k-th footnote body.
    Ibid(usize),
    /// The start of the line of the k-th footnote body (the whole note is the related place).
    BodyLine(usize),
}

impl At {
    fn span(self, r: &Rendered) -> Range<usize> {
        match self {
            At::Marker(k) => r.markers[k].digits.clone(),
            At::Body(k) => r.bodies[k].digits.clone(),
            At::Ibid(k) => r.bodies[k].ibid.clone().expect("not an Ibid. note"),
            At::BodyLine(k) => r.bodies[k].line_start..r.bodies[k].line_start,
        }
    }

    /// Whether only the start of the place is known (the related note spans the whole note).
    fn start_only(self) -> bool {
        matches!(self, At::BodyLine(_))
    }
}

struct Expect {
    code: &'static str,
    severity: Severity,
    at: At,
    related: Vec<At>,
    /// Words the message must contain.
    message: Vec<String>,
    /// The quick fix the rule's documentation promises, if any.
    fix: Option<&'static str>,
}

struct Case {
    violating: Draft,
    expect: Expect,
    clean: Draft,
}

/// Zero-based line and UTF-16 column of a byte offset, as LSP counts them.
fn lsp_position(text: &str, offset: usize) -> (u64, u64) {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (0u64, 0usize);
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, text[line_start..offset].encode_utf16().count() as u64)
}

fn is_footnote_rule(code: &str) -> bool {
    code.starts_with("footnote-") || code.starts_with("ibid-")
}

fn library_check(text: &str, style: Style) -> (Document, Vec<Diagnostic>) {
    let doc = Document::parse(text.to_string(), style.format());
    let diagnostics = rules::check(&doc, &Config::default());
    (doc, diagnostics)
}

fn describe(doc: &Document, ds: &[&Diagnostic]) -> String {
    ds.iter()
        .map(|d| {
            format!(
                "{}@{}: {}",
                d.code(),
                doc.lines.line_of(d.span.start),
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The markers and bodies the model found are the ones the draft was written with, so that a
/// clean result cannot come from a draft the parser did not read.
fn assert_model_matches(doc: &Document, r: &Rendered, style: Style) {
    let markers: Vec<u32> = doc.markers.iter().map(|m| m.number).collect();
    let expected: Vec<u32> = r.markers.iter().map(|m| m.number).collect();
    assert_eq!(
        markers, expected,
        "{style:?}: markers found in the draft\n{}",
        r.text
    );
    let bodies: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
    let expected: Vec<u32> = r.bodies.iter().map(|b| b.number).collect();
    assert_eq!(
        bodies, expected,
        "{style:?}: footnote bodies found in the draft"
    );
}

fn check_library(case: &Case, style: Style) {
    let e = &case.expect;
    let r = render(&case.violating, style);
    let (doc, all) = library_check(&r.text, style);
    let ours: Vec<&Diagnostic> = all.iter().filter(|d| is_footnote_rule(d.code())).collect();
    assert!(
        ours.len() == 1 && ours[0].code() == e.code,
        "{style:?}: expected exactly one {} diagnostic, got:\n{}\n--- draft ---\n{}",
        e.code,
        describe(&doc, &ours),
        r.text
    );
    let d = ours[0];
    assert_eq!(d.severity, e.severity, "{style:?}: severity of {}", e.code);
    let want = e.at.span(&r);
    let (want_line, _) = lsp_position(&r.text, want.start);
    assert_eq!(
        doc.lines.line_of(d.span.start) as u64,
        want_line,
        "{style:?}: {} points at the wrong line",
        e.code
    );
    assert_eq!(d.span.range(), want, "{style:?}: {} span", e.code);
    for word in &e.message {
        assert!(
            d.message.contains(word.as_str()),
            "{style:?}: message {:?} lacks {word:?}",
            d.message
        );
    }
    assert_eq!(
        d.related.len(),
        e.related.len(),
        "{style:?}: related places of {}",
        e.code
    );
    for (rel, at) in d.related.iter().zip(&e.related) {
        let want = at.span(&r);
        if at.start_only() {
            assert_eq!(
                rel.span.start, want.start,
                "{style:?}: related place of {}",
                e.code
            );
        } else {
            assert_eq!(
                rel.span.range(),
                want,
                "{style:?}: related place of {}",
                e.code
            );
        }
        assert!(!rel.message.is_empty());
    }
    if let Some(title) = e.fix {
        assert_eq!(
            d.fixes.first().map(|f| &*f.title),
            Some(title),
            "{style:?}: fix offered for {}",
            e.code
        );
    }
    for fix in &d.fixes {
        assert!(!fix.title.is_empty());
        let edits: Vec<(Range<usize>, String)> = fix
            .edits
            .iter()
            .map(|e| (e.span.range(), e.replacement.clone()))
            .collect();
        check_fix(&r.text, &edits, style, &fix.title);
    }

    let r = render(&case.clean, style);
    let (doc, all) = library_check(&r.text, style);
    let ours: Vec<&Diagnostic> = all.iter().filter(|d| is_footnote_rule(d.code())).collect();
    assert!(
        ours.is_empty(),
        "{style:?}: clean draft for {} gave:\n{}\n--- draft ---\n{}",
        e.code,
        describe(&doc, &ours),
        r.text
    );
    assert_model_matches(&doc, &r, style);
}

/// Applies non-overlapping edits.
fn apply_edits(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    let mut limit = usize::MAX;
    for (range, replacement) in sorted {
        assert!(range.end <= limit, "overlapping edits");
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        out.replace_range(range.clone(), replacement);
        limit = range.start;
    }
    out
}

/// What each marker, in reading order, cites: the resolved citation of its footnote.
fn cited(doc: &Document) -> Vec<Option<String>> {
    let notes = resolute::model::citation::analyse(doc);
    doc.markers
        .iter()
        .map(|m| {
            notes
                .iter()
                .find(|n| doc.footnotes[n.footnote].number == m.number)
                .and_then(|n| n.resolved.as_ref().map(|c| c.render()))
        })
        .collect()
}

/// A fix leaves no footnote or Ibid. problem behind, numbers markers and bodies in order, and
/// every marker still cites what it cited before (an "Ibid." that moves is written in full).
fn check_fix(text: &str, edits: &[(Range<usize>, String)], style: Style, title: &str) {
    let fixed = apply_edits(text, edits);
    let (before, _) = library_check(text, style);
    let (doc, all) = library_check(&fixed, style);
    let left: Vec<&Diagnostic> = all.iter().filter(|d| is_footnote_rule(d.code())).collect();
    assert!(
        left.is_empty(),
        "{style:?}: after “{title}”:\n{}\n--- fixed draft ---\n{fixed}",
        describe(&doc, &left)
    );
    let firsts: Vec<u32> = doc.first_markers().iter().map(|m| m.number).collect();
    assert_eq!(
        firsts,
        (1..=firsts.len() as u32).collect::<Vec<_>>(),
        "{style:?}: after “{title}”"
    );
    let bodies: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
    assert!(
        bodies.windows(2).all(|w| w[0] < w[1]),
        "{style:?}: bodies after “{title}”: {bodies:?}"
    );
    if title.starts_with("Renumber the markers") {
        // The other reading of markers out of order: the footnotes stay as they are.
        let bodies = |d: &Document| -> Vec<String> {
            d.footnotes
                .iter()
                .map(|f| f.text.as_str().to_string())
                .collect()
        };
        assert_eq!(bodies(&doc), bodies(&before), "{style:?}: after “{title}”");
        return;
    }
    assert_eq!(
        cited(&doc),
        cited(&before),
        "{style:?}: what each marker cites, after “{title}”"
    );
}

/// Byte offset of a 0-based line and UTF-16 character, as LSP counts them.
fn lsp_offset(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line in range") + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == character {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    assert_eq!(units, character);
    text.len()
}

// ---------------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------------

fn resolute<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .output()
        .expect("run resolute")
}

/// A fresh directory for one test, with an empty `resolute.toml` so that no configuration
/// from outside the test applies.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("footnote_rules-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("resolute.toml"), "").unwrap();
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_output(o: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr: {}",
            stdout(o),
            stderr(o)
        )
    });
    let items = v.as_array().expect("a JSON array").clone();
    for item in &items {
        assert_diagnostic_shape(item);
    }
    items
}

fn range_of(v: &Value) -> ((u64, u64), (u64, u64)) {
    let pos = |p: &Value| {
        (
            p["line"].as_u64().expect("range line"),
            p["character"].as_u64().expect("range character"),
        )
    };
    (pos(&v["start"]), pos(&v["end"]))
}

/// Every diagnostic object has the documented fields and nothing malformed.
fn assert_diagnostic_shape(d: &Value) {
    assert!(d["path"].is_string(), "path: {d}");
    assert!(d["code"].is_string(), "code: {d}");
    assert!(
        matches!(
            d["severity"].as_str(),
            Some("error" | "warning" | "information" | "hint")
        ),
        "severity: {d}"
    );
    assert!(
        d["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message: {d}"
    );
    let (start, end) = range_of(&d["range"]);
    assert!(start <= end, "range: {d}");
    for r in d["related"].as_array().expect("related is an array") {
        range_of(&r["range"]);
        assert!(r["message"].is_string(), "related message: {d}");
    }
    for f in d["fixes"].as_array().expect("fixes is an array") {
        assert!(f["title"].is_string(), "fix title: {d}");
        for e in f["edits"].as_array().expect("fix edits") {
            range_of(&e["range"]);
            assert!(e["newText"].is_string(), "fix newText: {d}");
        }
    }
}

fn check_binary(case: &Case, style: Style, name: &str) {
    let e = &case.expect;
    let dir = scratch(&format!("{name}-{style:?}"));

    let r = render(&case.violating, style);
    let path = dir.join(format!("draft.{}", style.extension()));
    std::fs::write(&path, &r.text).unwrap();
    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let want_status = if e.severity == Severity::Error { 1 } else { 0 };
    assert_eq!(
        out.status.code(),
        Some(want_status),
        "{style:?}: exit status; stderr: {}",
        stderr(&out)
    );
    let items = json_output(&out);
    let ours: Vec<&Value> = items
        .iter()
        .filter(|d| is_footnote_rule(d["code"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        ours.len(),
        1,
        "{style:?}: expected one {} in {items:#?}",
        e.code
    );
    let d = ours[0];
    assert_eq!(
        d["path"].as_str(),
        Some(path.display().to_string().as_str())
    );
    assert_eq!(d["code"].as_str(), Some(e.code));
    assert_eq!(d["severity"].as_str(), Some(e.severity.as_str()));
    for word in &e.message {
        assert!(
            d["message"].as_str().unwrap().contains(word.as_str()),
            "{style:?}: message {}",
            d["message"]
        );
    }
    let want = e.at.span(&r);
    assert_eq!(
        range_of(&d["range"]),
        (
            lsp_position(&r.text, want.start),
            lsp_position(&r.text, want.end)
        ),
        "{style:?}: range of {} (0-based line, UTF-16 character)",
        e.code
    );
    // The fixes, applied through their LSP ranges, do what the library's fixes do.
    if let Some(title) = e.fix {
        assert_eq!(
            d["fixes"][0]["title"].as_str(),
            Some(title),
            "{style:?}: JSON fixes"
        );
    }
    for fix in d["fixes"].as_array().unwrap() {
        let edits: Vec<(Range<usize>, String)> = fix["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let ((sl, sc), (el, ec)) = range_of(&e["range"]);
                let range = lsp_offset(&r.text, sl, sc)..lsp_offset(&r.text, el, ec);
                (range, e["newText"].as_str().unwrap().to_string())
            })
            .collect();
        check_fix(&r.text, &edits, style, fix["title"].as_str().unwrap());
    }
    let related = d["related"].as_array().unwrap();
    assert_eq!(
        related.len(),
        e.related.len(),
        "{style:?}: related of {}",
        e.code
    );
    for (rel, at) in related.iter().zip(&e.related) {
        let want = at.span(&r);
        let (start, end) = range_of(&rel["range"]);
        assert_eq!(
            start,
            lsp_position(&r.text, want.start),
            "{style:?}: related start"
        );
        if !at.start_only() {
            assert_eq!(
                end,
                lsp_position(&r.text, want.end),
                "{style:?}: related end"
            );
        }
    }

    let r = render(&case.clean, style);
    std::fs::write(&path, &r.text).unwrap();
    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{style:?}: clean draft exit status; {}",
        stdout(&out)
    );
    let items = json_output(&out);
    assert!(
        items
            .iter()
            .all(|d| !is_footnote_rule(d["code"].as_str().unwrap_or_default())),
        "{style:?}: clean draft for {}: {items:#?}",
        e.code
    );
}

fn run(case: Case, style: Style, name: &str) {
    check_library(&case, style);
    check_binary(&case, style, name);
}

// ---------------------------------------------------------------------------------------------
// The cases, one per rule
// ---------------------------------------------------------------------------------------------

fn words(ws: &[&str]) -> Vec<String> {
    ws.iter().map(|w| w.to_string()).collect()
}

fn footnote_sequence() -> Case {
    Case {
        violating: draft()
            .preambular(
                "Recalling",
                format!("{CRC},{{2}} which protects every child from sale and trafficking,"),
            )
            .preambular(
                "Recalling also",
                format!("that Côte d’Ivoire and other States have ratified {CEDAW},{{1}}"),
            )
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
        expect: Expect {
            code: "footnote-sequence",
            severity: Severity::Error,
            at: At::Marker(1),
            related: vec![At::Marker(0)],
            fix: Some("Renumber footnotes"),
            message: words(&["footnote 1", "footnote 2"]),
        },
        // Repeating the number of a footnote already cited is older UN practice, not an error.
        clean: draft()
            .preambular(
                "Recalling",
                format!("that Côte d’Ivoire and other States have ratified {CEDAW},{{1}}"),
            )
            .preambular(
                "Recalling also",
                format!("{CRC},{{2}} which protects every child from sale and trafficking,"),
            )
            .operative(
                "Urges",
                format!("Governments to consider ratifying {CEDAW}{{1}} and {CRC};{{2}}"),
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
    }
}

fn footnote_undefined() -> Case {
    Case {
        violating: draft()
            .preambular(
                "Recalling",
                format!("{CEDAW}{{1}} and, as ratified by Côte d’Ivoire, {CRC},{{2}}"),
            )
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW),
        expect: Expect {
            code: "footnote-undefined",
            severity: Severity::Error,
            at: At::Marker(1),
            related: vec![],
            fix: None,
            message: words(&["footnote 2"]),
        },
        clean: draft()
            .preambular(
                "Recalling",
                format!("{CEDAW}{{1}} and, as ratified by Côte d’Ivoire, {CRC},{{2}}"),
            )
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
    }
}

fn footnote_unreferenced() -> Case {
    Case {
        violating: draft()
            .preambular("Recalling", format!("{CEDAW},{{1}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to the Convention;",
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
        expect: Expect {
            code: "footnote-unreferenced",
            severity: Severity::Warning,
            at: At::Body(1),
            related: vec![],
            fix: None,
            message: words(&["footnote 2"]),
        },
        clean: draft()
            .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
    }
}

fn footnote_duplicate_definition() -> Case {
    Case {
        violating: draft()
            .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC)
            .note(2, RES_CRC),
        expect: Expect {
            code: "footnote-duplicate-definition",
            severity: Severity::Error,
            at: At::Body(2),
            related: vec![At::Body(1)],
            fix: None,
            message: words(&["2"]),
        },
        clean: draft()
            .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, RES_CRC),
    }
}

fn footnote_body_order() -> Case {
    Case {
        violating: draft()
            .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(2, RES_CRC)
            .note(1, TS_CEDAW),
        expect: Expect {
            code: "footnote-body-order",
            severity: Severity::Warning,
            at: At::Body(1),
            related: vec![At::Body(0)],
            fix: Some("Renumber footnotes"),
            message: words(&["footnote 1", "footnote 2"]),
        },
        clean: draft()
            .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
            .operative(
                "Urges",
                "Governments to consider ratifying or acceding to these instruments;",
            )
            .note(1, TS_CEDAW)
            .note(2, RES_CRC),
    }
}

fn footnote_repeat_mismatch() -> Case {
    let preamble = |d: Draft| {
        d.preambular("Recalling", format!("{CEDAW},{{1}}"))
            .preambular("Recalling also", format!("{CRC},{{2}}"))
    };
    Case {
        violating: preamble(draft())
            .operative(
                "Urges",
                format!("States, including Côte d’Ivoire, to implement fully {CRC};{{1}}"),
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
        expect: Expect {
            code: "footnote-repeat-mismatch",
            severity: Severity::Warning,
            at: At::Marker(2),
            related: vec![At::Marker(0)],
            fix: None,
            message: words(&[
                "footnote 1",
                "Convention on the Elimination of All Forms of Discrimination against Women",
                "Convention on the Rights of the Child",
            ]),
        },
        clean: preamble(draft())
            .operative(
                "Urges",
                format!("States, including Côte d’Ivoire, to implement fully {CEDAW};{{1}}"),
            )
            .note(1, TS_CEDAW)
            .note(2, IBID_CRC),
    }
}

fn ibid_without_antecedent() -> Case {
    Case {
        violating: draft()
            .preambular("Recalling", format!("{CRC},{{1}}"))
            .operative("Urges", "States to implement the Convention fully;")
            .note(1, IBID_CRC),
        expect: Expect {
            code: "ibid-without-antecedent",
            severity: Severity::Error,
            at: At::Ibid(0),
            related: vec![],
            fix: None,
            message: words(&["footnote 1"]),
        },
        clean: draft()
            .preambular("Recalling", format!("{CRC},{{1}}"))
            .operative("Urges", "States to implement the Convention fully;")
            .note(1, TS_CRC),
    }
}

fn ibid_ambiguous() -> Case {
    Case {
        violating: draft()
            .preambular("Recalling", format!("the Optional Protocols to {CRC},{{1}}"))
            .preambular("Recalling also", format!("{MIGRANTS},{{2}}"))
            .operative("Urges", "States to implement these instruments fully;")
            .note(1, "United Nations, Treaty Series, vols. 2171 and 2173, No. 27531; and resolution 66/138, annex.")
            .note(2, "Ibid., vol. 2220, No. 39481."),
        expect: Expect {
            code: "ibid-ambiguous",
            severity: Severity::Warning,
            at: At::Ibid(1),
            related: vec![At::BodyLine(0)],
            fix: None,
            message: words(&["Ibid."]),
        },
        // A single-source "See …" note before an "Ibid." is normal UN practice.
        clean: draft()
            .preambular(
                "Recalling",
                "the United Nations Millennium Declaration,{1} and the resolve of Heads of State and Government \
                 to intensify efforts to fight transnational organized crime in all its dimensions,{2}",
            )
            .operative("Urges", "States to implement the Declaration fully;")
            .note(1, "See resolution 55/2.")
            .note(2, "Ibid."),
    }
}

fn ibid_incompatible() -> Case {
    Case {
        violating: draft()
            .preambular(
                "Welcoming",
                format!("the entry into force of {UNTOC}{{1}} and of the Optional Protocol to {CEDAW},{{2}}"),
            )
            .operative("Urges", "States to implement these instruments fully;")
            .note(1, RES_UNTOC)
            .note(2, "Ibid., vol. 2131, No. 20378."),
        expect: Expect {
            code: "ibid-incompatible",
            severity: Severity::Warning,
            at: At::Ibid(1),
            related: vec![At::BodyLine(0)],
            fix: None,
            message: words(&["footnote 1"]),
        },
        clean: draft()
            .preambular("Welcoming", format!("the entry into force of {UNTOC}{{1}} and of {PROTOCOL},{{2}}"))
            .operative("Urges", "States to implement these instruments fully;")
            .note(1, RES_UNTOC)
            .note(2, "Ibid., annex II."),
    }
}

/// Three tests per rule: `<Markdown sup>`, `<Markdown caret>`, `<ODS>`.
macro_rules! every_rule_in_every_style {
    ($($case:ident),+ $(,)?) => {
        mod markdown_sup {
            $(#[test] fn $case() { super::run(super::$case(), super::Style::Sup, stringify!($case)); })+
        }
        mod markdown_caret {
            $(#[test] fn $case() { super::run(super::$case(), super::Style::Caret, stringify!($case)); })+
        }
        mod ods {
            $(#[test] fn $case() { super::run(super::$case(), super::Style::Ods, stringify!($case)); })+
        }
        /// Every rule is covered.
        #[test]
        fn every_footnote_and_ibid_rule_has_a_case() {
            let covered: Vec<&str> = vec![$($case().expect.code),+];
            for rule in rules::all().filter(|r| r.family == "footnotes" || r.family == "ibid") {
                assert!(covered.contains(&rule.code), "no test case for {}", rule.code);
            }
        }
    };
}

every_rule_in_every_style!(
    footnote_sequence,
    footnote_undefined,
    footnote_unreferenced,
    footnote_duplicate_definition,
    footnote_body_order,
    footnote_repeat_mismatch,
    ibid_without_antecedent,
    ibid_ambiguous,
    ibid_incompatible,
);

// ---------------------------------------------------------------------------------------------
// More violations, through the library
// ---------------------------------------------------------------------------------------------

/// The codes, severities and lines of the footnote and Ibid. diagnostics of a draft.
fn found(d: &Draft, style: Style) -> (Rendered, Vec<(&'static str, Severity, usize)>) {
    let r = render(d, style);
    let (doc, all) = library_check(&r.text, style);
    let list = all
        .iter()
        .filter(|d| is_footnote_rule(d.code()))
        .map(|d| (d.code(), d.severity, doc.lines.line_of(d.span.start)))
        .collect();
    (r, list)
}

fn line_of(r: &Rendered, at: At) -> usize {
    lsp_position(&r.text, at.span(r).start).0 as usize
}

#[test]
fn a_skipped_footnote_number_is_a_sequence_error() {
    let d = draft()
        .preambular("Recalling", format!("{CEDAW},{{1}}"))
        .preambular("Recalling also", format!("{CRC},{{3}}"))
        .operative(
            "Urges",
            "Governments to consider ratifying or acceding to these instruments;",
        )
        .note(1, TS_CEDAW)
        .note(3, IBID_CRC);
    for style in Style::ALL {
        let (r, got) = found(&d, style);
        assert_eq!(
            got,
            vec![(
                "footnote-sequence",
                Severity::Error,
                line_of(&r, At::Marker(1))
            )],
            "{style:?}"
        );
    }
}

#[test]
fn an_ods_draft_without_any_footnote_text_reports_its_markers() {
    let d = draft()
        .preambular("Recalling", format!("{CEDAW},{{1}}"))
        .operative(
            "Urges",
            "Governments to consider ratifying or acceding to the Convention;",
        );
    let (r, got) = found(&d, Style::Ods);
    assert_eq!(
        got,
        vec![(
            "footnote-undefined",
            Severity::Error,
            line_of(&r, At::Marker(0))
        )]
    );
}

#[test]
fn an_undefined_marker_repeated_later_lists_the_repetition() {
    let d = draft()
        .preambular("Recalling", format!("{CEDAW}{{1}} and {CRC},{{2}}"))
        .operative(
            "Urges",
            format!("Governments to consider ratifying {CRC};{{2}}"),
        )
        .note(1, TS_CEDAW);
    for style in [Style::Sup, Style::Caret] {
        let r = render(&d, style);
        let (_, all) = library_check(&r.text, style);
        let d = all
            .iter()
            .find(|d| d.code() == "footnote-undefined")
            .expect("footnote-undefined");
        assert_eq!(d.span.range(), r.markers[1].digits, "{style:?}");
        let related: Vec<Range<usize>> = d.related.iter().map(|r| r.span.range()).collect();
        assert_eq!(related, vec![r.markers[2].digits.clone()], "{style:?}");
    }
}

#[test]
fn ibid_after_a_document_symbol_with_a_treaty_locator_is_incompatible() {
    let d = draft()
        .preambular("Taking note", "of the report of the Secretary-General,{1}")
        .preambular("Recalling", format!("{MIGRANTS},{{2}}"))
        .operative("Urges", "States to implement the Convention fully;")
        .note(1, "A/61/122 and Add.1.")
        .note(2, "Ibid., vol. 2220, No. 39481.");
    for style in Style::ALL {
        let (r, got) = found(&d, style);
        assert_eq!(
            got,
            vec![(
                "ibid-incompatible",
                Severity::Warning,
                line_of(&r, At::Ibid(1))
            )],
            "{style:?}"
        );
    }
}

#[test]
fn ibid_after_an_explanatory_note_is_ambiguous() {
    let d = draft()
        .preambular("Recognizing", "the importance of regional cooperation mechanisms,{1}")
        .preambular("Recalling", format!("{CRC},{{2}}"))
        .operative("Urges", "States to implement the Convention fully;")
        .note(1, "Such as the Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime.")
        .note(2, IBID_CRC);
    for style in Style::ALL {
        let (r, got) = found(&d, style);
        assert_eq!(
            got,
            vec![(
                "ibid-ambiguous",
                Severity::Warning,
                line_of(&r, At::Ibid(1))
            )],
            "{style:?}"
        );
    }
}

#[test]
fn several_problems_are_all_reported_in_source_order() {
    let d = draft()
        .preambular("Recalling", format!("{CRC},{{2}}"))
        .preambular("Recalling also", format!("{CEDAW},{{1}}"))
        .operative("Urges", format!("States to implement fully {CRC};{{3}}"))
        .note(1, IBID_CRC)
        .note(2, TS_CEDAW)
        .note(2, TS_CRC);
    for style in [Style::Sup, Style::Caret] {
        let (r, got) = found(&d, style);
        let codes: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            codes,
            vec![
                "footnote-sequence",
                "footnote-undefined",
                "ibid-without-antecedent",
                "footnote-duplicate-definition",
            ],
            "{style:?}"
        );
        assert_eq!(got[0].2, line_of(&r, At::Marker(1)));
        assert_eq!(got[1].2, line_of(&r, At::Marker(2)));
        assert_eq!(got[2].2, line_of(&r, At::Ibid(0)));
        assert_eq!(got[3].2, line_of(&r, At::Body(2)));
    }
}

/// Several indicators at the same point are separated by commas: "the reports of the
/// Secretary-General,1,2" (un-editorial-rules FN-09).
#[test]
fn several_markers_at_one_point_are_all_read() {
    let d = draft()
        .preambular(
            "Taking note",
            "of the reports of the Secretary-General,{1},{2}",
        )
        .operative(
            "Requests",
            "the Secretary-General to report on the implementation of the present resolution;",
        )
        .note(1, "A/77/100.")
        .note(2, "A/77/200.");
    for style in Style::ALL {
        let r = render(&d, style);
        let (doc, all) = library_check(&r.text, style);
        let ours: Vec<&Diagnostic> = all.iter().filter(|d| is_footnote_rule(d.code())).collect();
        assert!(
            ours.is_empty(),
            "{style:?}:\n{}\n{}",
            describe(&doc, &ours),
            r.text
        );
        assert_model_matches(&doc, &r, style);
    }
}

/// A footnote body that wraps onto a line starting with a number ("15 June–17 July 1998, …")
/// is one footnote, not a footnote 15.
#[test]
fn an_ods_footnote_wrapped_onto_a_line_starting_with_a_date_is_one_footnote() {
    let d = draft()
        .preambular(
            "Recalling",
            "the Rome Statute of the International Criminal Court,{1}",
        )
        .operative(
            "Calls upon",
            "States that have not yet done so to consider ratifying the Statute;",
        )
        .note(
            1,
            "Official Records of the United Nations Diplomatic Conference of Plenipotentiaries on the \
             Establishment of an International Criminal Court, Rome,\n15 June–17 July 1998, vol. I: Final \
             documents (United Nations publication, Sales No. E.02.I.5), sect. A.",
        );
    let r = render(&d, Style::Ods);
    let (doc, all) = library_check(&r.text, Style::Ods);
    let ours: Vec<&Diagnostic> = all.iter().filter(|d| is_footnote_rule(d.code())).collect();
    assert!(ours.is_empty(), "{}\n{}", describe(&doc, &ours), r.text);
    let bodies: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
    assert_eq!(bodies, vec![1]);
    assert!(
        doc.footnotes[0]
            .text
            .as_str()
            .ends_with("Sales No. E.02.I.5), sect. A.")
    );
}

/// In ODS text a marker is told apart from the digits of the text with the footnote list. In
/// these adopted resolutions the ODS text must give the markers of its Markdown twin, and no
/// footnote diagnostic: "resolutions 5/725 and 5/826" (77/163, markers 25 and 26 glued to
/// resolution numbers 5/7 and 5/8), "resolutions 5/13 and 5/64" (77/325), and
/// "resolution GC.18/Res.3 of 7 November 2019" (75/231, 77/180: "3" belongs to the symbol).
#[test]
fn ods_markers_agree_with_the_markdown_twin() {
    let mut problems = Vec::new();
    for stem in [
        "A_RES_77_163",
        "A_RES_77_325",
        "A_RES_75_231",
        "A_RES_77_180",
    ] {
        let read = |ext: &str| {
            let path = fixture(&format!("ga/{stem}.{ext}"));
            Document::parse_path(&path, std::fs::read_to_string(&path).unwrap())
        };
        let (md, txt) = (read("md"), read("txt"));
        let numbers = |d: &Document| d.markers.iter().map(|m| m.number).collect::<Vec<u32>>();
        if numbers(&md) != numbers(&txt) {
            problems.push(format!(
                "{stem}: markers differ\n  md:  {:?}\n  txt: {:?}",
                numbers(&md),
                numbers(&txt)
            ));
        }
        for (ext, doc) in [("md", &md), ("txt", &txt)] {
            for d in rules::check(doc, &Config::default()) {
                if is_footnote_rule(d.code()) {
                    problems.push(format!(
                        "{stem}.{ext}:{}: {}[{}] {}",
                        doc.lines.line_of(d.span.start) + 1,
                        d.severity.as_str(),
                        d.code(),
                        d.message
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Windows line ends change byte offsets but not lines or UTF-16 columns.
#[test]
fn crlf_line_ends_give_the_same_lines_and_columns() {
    let cases = [
        footnote_sequence(),
        footnote_undefined(),
        footnote_unreferenced(),
        footnote_duplicate_definition(),
        footnote_body_order(),
        footnote_repeat_mismatch(),
        ibid_without_antecedent(),
        ibid_ambiguous(),
        ibid_incompatible(),
    ];
    for case in &cases {
        for style in [Style::Sup, Style::Caret] {
            let r = render(&case.violating, style);
            let crlf = r.text.replace('\n', "\r\n");
            let (doc, all) = library_check(&crlf, style);
            let d = all
                .iter()
                .find(|d| d.code() == case.expect.code)
                .unwrap_or_else(|| {
                    panic!(
                        "{style:?}: {} not found with CRLF line ends",
                        case.expect.code
                    )
                });
            let want = case.expect.at.span(&r);
            let lf_position = (
                lsp_position(&r.text, want.start),
                lsp_position(&r.text, want.end),
            );
            let crlf_position = (
                lsp_position(&crlf, d.span.start),
                lsp_position(&crlf, d.span.end),
            );
            assert_eq!(
                crlf_position, lf_position,
                "{style:?}: {}",
                case.expect.code
            );
            let _ = doc;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

#[test]
fn human_output_names_the_place_and_underlines_it() {
    let case = footnote_sequence();
    for style in Style::ALL {
        let dir = scratch(&format!("human-{style:?}"));
        let r = render(&case.violating, style);
        let path = dir.join(format!("draft.{}", style.extension()));
        std::fs::write(&path, &r.text).unwrap();
        let out = resolute(["check".as_ref(), path.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{style:?}");
        let text = stdout(&out);
        let digits = r.markers[1].digits.clone();
        let (line, _) = lsp_position(&r.text, digits.start);
        let line_start = r.text[..digits.start].rfind('\n').map_or(0, |i| i + 1);
        let column = r.text[line_start..digits.start].chars().count();
        let title = "error[footnote-sequence]: footnote 1 is first cited after footnote 2";
        let place = format!("--> {}:{}:{}", path.display(), line + 1, column + 1);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("{style:?}: no line starting with {title:?} in:\n{text}"));
        assert!(
            lines[at + 1].ends_with(&place),
            "{style:?}: {place} in\n{text}"
        );
        // The excerpt shows the source line; the caret line underlines the marker's digit.
        let excerpt = lines[at + 3];
        let carets = lines[at + 4];
        let bar = excerpt.find("| ").expect("excerpt gutter") + 2;
        let caret = carets.find('^').expect("caret line");
        let underlined = excerpt[bar..]
            .chars()
            .nth(carets[bar..caret].chars().count());
        assert_eq!(
            underlined,
            Some('1'),
            "{style:?}: caret under the marker\n{excerpt}\n{carets}"
        );
        assert!(
            text.contains("1 file(s) checked: 1 error(s), 0 warning(s)"),
            "{style:?}: summary line in\n{text}"
        );
    }
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let dir = scratch("missing");
    let path = dir.join("no-such-draft.md");
    let out = resolute(["check".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("no such file"), "{err}");
    let out = resolute(["footnotes".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file"));
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_the_byte_offset() {
    let dir = scratch("latin1");
    let r = render(&footnote_sequence().clean, Style::Ods);
    // "Côte" saved as Latin-1: é/ô are single bytes that are not UTF-8.
    let at = r.text.find("ô").unwrap();
    let mut bytes = r.text.as_bytes()[..at].to_vec();
    bytes.push(0xF4);
    bytes.extend_from_slice(&r.text.as_bytes()[at + "ô".len()..]);
    let bad = dir.join("latin1.txt");
    std::fs::write(&bad, &bytes).unwrap();
    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("not UTF-8 at byte {at}")), "{err}");
    assert!(err.contains(&bad.display().to_string()), "{err}");

    // The other files are still checked and reported; the status stays 2.
    let good = dir.join("good.md");
    std::fs::write(
        &good,
        render(&footnote_sequence().violating, Style::Sup).text,
    )
    .unwrap();
    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        bad.as_os_str(),
        good.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let items = json_output(&out);
    assert!(
        items
            .iter()
            .any(|d| d["code"] == "footnote-sequence" && d["path"] == good.display().to_string())
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = scratch("huge");
    let path = dir.join("huge.md");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: takes no space on disk.
    file.set_len(resolute::files::MAX_FILE_BYTES + 1).unwrap();
    let out = resolute(["check".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("limit"), "{}", stderr(&out));
}

#[test]
fn a_directory_is_checked_for_markdown_and_text_drafts() {
    let dir = scratch("directory");
    let drafts = dir.join("drafts");
    std::fs::create_dir_all(drafts.join("nested")).unwrap();
    std::fs::create_dir_all(drafts.join(".hidden")).unwrap();
    let a = drafts.join("a.md");
    let b = drafts.join("b.txt");
    let c = drafts.join("nested").join("c.md");
    std::fs::write(&a, render(&footnote_sequence().violating, Style::Sup).text).unwrap();
    std::fs::write(
        &b,
        render(&footnote_unreferenced().violating, Style::Ods).text,
    )
    .unwrap();
    std::fs::write(
        &c,
        render(&footnote_duplicate_definition().violating, Style::Caret).text,
    )
    .unwrap();
    // Not drafts: another extension, and a hidden folder.
    std::fs::write(
        drafts.join("notes.json"),
        render(&footnote_sequence().violating, Style::Sup).text,
    )
    .unwrap();
    std::fs::write(
        drafts.join(".hidden").join("d.md"),
        render(&footnote_sequence().violating, Style::Sup).text,
    )
    .unwrap();

    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        drafts.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let items = json_output(&out);
    let mut got: Vec<(String, String)> = items
        .iter()
        .filter(|d| is_footnote_rule(d["code"].as_str().unwrap()))
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        (a.display().to_string(), "footnote-sequence".to_string()),
        (b.display().to_string(), "footnote-unreferenced".to_string()),
        (
            c.display().to_string(),
            "footnote-duplicate-definition".to_string(),
        ),
    ];
    want.sort();
    assert_eq!(got, want);

    // Human output counts the files.
    let out = resolute(["check".as_ref(), drafts.as_os_str()]);
    assert!(
        stdout(&out).contains("3 file(s) checked: 2 error(s), 1 warning(s)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let out = resolute(["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).is_empty());
    let seed = fixture("seeds/A_RES_59_166.md");
    let out = resolute([
        "check".as_ref(),
        "--format".as_ref(),
        "xml".as_ref(),
        seed.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("xml"), "{}", stderr(&out));
    let out = resolute(["lint-everything"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_every_footnote_and_ibid_rule_with_its_default_severity() {
    let out = resolute(["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let expected = [
        ("footnote-sequence", "error"),
        ("footnote-undefined", "error"),
        ("footnote-unreferenced", "warning"),
        ("footnote-duplicate-definition", "error"),
        ("footnote-body-order", "warning"),
        ("footnote-repeat-mismatch", "warning"),
        ("ibid-without-antecedent", "error"),
        ("ibid-ambiguous", "warning"),
        ("ibid-incompatible", "warning"),
    ];
    for (code, severity) in expected {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code))
            .unwrap_or_else(|| panic!("`resolute rules` does not list {code}:\n{text}"));
        assert_eq!(line.split_whitespace().nth(1), Some(severity), "{line}");
        let rule = rules::by_code(code).unwrap();
        assert_eq!(rule.default_severity.as_str(), severity);
    }
    let out = resolute(["rules", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for (code, _) in expected {
        assert!(
            text.contains(&format!("\n## {code}\n")),
            "no section for {code}"
        );
    }
}

#[test]
fn footnotes_prints_every_note_with_its_first_line_and_resolved_citation() {
    let case = ibid_incompatible();
    let dir = scratch("footnotes");
    for style in Style::ALL {
        let r = render(&case.clean, style);
        let path = dir.join(format!("draft.{}", style.extension()));
        std::fs::write(&path, &r.text).unwrap();
        let out = resolute(["footnotes".as_ref(), path.as_os_str()]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(lines.len(), 2, "{style:?}: {text}");
        let first_line = |k: usize| format!("line {}", line_of(&r, At::Marker(k)) + 1);
        assert_eq!(
            lines[0],
            vec![
                "1",
                &first_line(0),
                "Resolution 55/25, annex I.",
                "=> Resolution 55/25, annex I."
            ]
        );
        assert_eq!(
            lines[1],
            vec![
                "2",
                &first_line(1),
                "Ibid., annex II.",
                "=> Resolution 55/25, annex II."
            ]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The seeds
// ---------------------------------------------------------------------------------------------

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The seeds, with the number of footnotes each has (un-editorial-rules §2.2, FN-05).
const SEEDS: [(&str, u32); 4] = [
    ("seeds/A_RES_59_166.md", 14),
    ("seeds/A_RES_61_144.txt", 13),
    ("seeds/A_RES_61_180.txt", 7),
    ("seeds/A_RES_71_167.md", 32),
];

#[test]
fn the_seeds_have_no_errors_and_no_warnings() {
    for (rel, notes) in SEEDS {
        let path = fixture(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse_path(&path, text);
        // The parser read the notes: first citations run 1…N, one body per number.
        let firsts: Vec<u32> = doc.first_markers().iter().map(|m| m.number).collect();
        assert_eq!(
            firsts,
            (1..=notes).collect::<Vec<_>>(),
            "{rel}: first citations"
        );
        let bodies: Vec<u32> = doc.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(
            bodies,
            (1..=notes).collect::<Vec<_>>(),
            "{rel}: footnote bodies"
        );
        let diagnostics = rules::check(&doc, &Config::default());
        let serious: Vec<String> = diagnostics
            .iter()
            .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.code(),
                    doc.lines.line_of(d.span.start) + 1,
                    d.message
                )
            })
            .collect();
        assert!(serious.is_empty(), "{rel}:\n{}", serious.join("\n"));
    }
}

/// Older practice repeats a footnote number when the source is cited again (§2.1, FN-03):
/// the seeds do it, and it is not reported.
#[test]
fn the_seeds_repeat_markers_as_older_practice_did() {
    let repeated = |rel: &str| -> Vec<u32> {
        let path = fixture(rel);
        let doc = Document::parse_path(&path, std::fs::read_to_string(&path).unwrap());
        let mut seen = std::collections::HashSet::new();
        let mut again: Vec<u32> = doc
            .markers
            .iter()
            .filter(|m| !seen.insert(m.number))
            .map(|m| m.number)
            .collect();
        again.sort();
        again.dedup();
        again
    };
    // 61/144: CEDAW's marker 1 again in operative paragraph 5, with markers 2, 3, 4, 6, 7.
    assert_eq!(repeated("seeds/A_RES_61_144.txt"), vec![1, 2, 3, 4, 6, 7]);
    // 61/180: markers 1 and 2 again in operative paragraph 3, 3 and 4 in paragraph 4.
    assert_eq!(repeated("seeds/A_RES_61_180.txt"), vec![1, 2, 3, 4]);
}

#[test]
fn the_seeds_pass_through_the_binary() {
    let seeds: Vec<PathBuf> = SEEDS.iter().map(|(rel, _)| fixture(rel)).collect();
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(seeds.iter().map(|p| p.as_os_str()));
    let out = resolute(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let items = json_output(&out);
    let serious: Vec<&Value> = items
        .iter()
        .filter(|d| matches!(d["severity"].as_str(), Some("error" | "warning")))
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");

    // The seed folder as a directory argument, in human format.
    let out = resolute(["check".as_ref(), fixture("seeds").as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        stdout(&out)
    );
}
