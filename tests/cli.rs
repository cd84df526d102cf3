//! The command line as a user or a CI job meets it, through the binary: the human report's
//! layout and colour, SARIF, the footnotes listing, help texts, exit statuses and
//! `resolute cache clean`.

#[path = "common/drafts.rs"]
mod drafts;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use unicode_width::UnicodeWidthStr;

/// A fresh, empty directory under the target directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent")
}

/// Runs `resolute` with the small fixture corpus, a private cache and no colour variables.
fn resolute(args: &[&str], cache: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_resolute"));
    command
        .args(args)
        .env("RESOLUTE_CORPUS", fixture_corpus())
        .env("XDG_CACHE_HOME", cache)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// An ODS draft: tab-indented paragraphs, wide characters before a preambular paragraph that
/// ends with a semicolon.
const ODS_DRAFT: &str = "Resolution adopted by the General Assembly on 15 December 2020\n\n\
75/999.\tTest\n\n\n\tThe General Assembly,\n\
\tRecalling its decision 74/545 of 2 April 2020,\n\
\tRecalling also its decision 74/559 on 全角 matters, which it decided;\n\
\t1.\tDecides to take note;\n\t2.\tRequests the Secretary-General to report.\n";

/// The character shown above the caret of the report's first underline.
fn underlined(report: &str) -> char {
    let lines: Vec<&str> = report.lines().collect();
    let carets = lines
        .iter()
        .position(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no caret line in\n{report}"));
    let (excerpt, caret_line) = (lines[carets - 1], lines[carets]);
    let caret_column = caret_line.find('^').unwrap();
    // Walk the excerpt by display width (tabs are shown as spaces) to the caret's column.
    let mut width = 0;
    for c in excerpt.chars() {
        if width == caret_column {
            return c;
        }
        width += c.to_string().width();
    }
    panic!("the caret is past the excerpt\n{excerpt}\n{caret_line}");
}

#[test]
fn human_report_underlines_the_right_character_under_tabs_and_wide_characters() {
    let dir = temp_dir("human-tabs");
    let file = write(&dir, "draft.txt", ODS_DRAFT);
    let out = resolute(&["check", "--color", "never", &file], &dir, &[]);
    let report = stdout(&out);
    assert!(
        report.contains("warning[preambular-punctuation]"),
        "{report}"
    );
    assert!(report.contains(&format!("--> {file}:8:")), "{report}");
    assert!(!report.contains('\t'), "tabs are expanded:\n{report}");
    assert_eq!(underlined(&report), ';', "{report}");

    let markdown = "# A/RES/1\n\nThe General Assembly,\n\n*Recalling* the 全角全角 Convention,\n\n\
        1. *Decides* to 全角 act;\n\n2. *Requests* the 全角 Secretary-General to report;\n";
    let file = write(&dir, "draft.md", markdown);
    let report = stdout(&resolute(&["check", "--color", "never", &file], &dir, &[]));
    assert!(report.contains("warning[final-punctuation]"), "{report}");
    assert_eq!(underlined(&report), ';', "{report}");
}

#[test]
fn colour_follows_the_option_and_the_environment() {
    let dir = temp_dir("colour");
    let file = write(&dir, "draft.txt", ODS_DRAFT);
    let escape = |out: Output| stdout(&out).contains("\x1b[");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.push(&file);
        resolute(&all, &dir, env)
    };
    assert!(escape(run(&["--color", "always"], &[])));
    assert!(!escape(run(&["--color", "never"], &[])));
    // `auto` on a pipe: plain, unless forced; NO_COLOR wins over forcing.
    assert!(!escape(run(&[], &[])));
    assert!(escape(run(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!escape(run(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
}

#[test]
fn sarif_report_has_what_the_schema_requires() {
    let dir = temp_dir("sarif");
    let file = write(&dir, "draft with space.txt", ODS_DRAFT);
    let out = resolute(&["check", "--format", "sarif", &file], &dir, &[]);
    assert_eq!(out.status.code(), Some(0), "a warning is not an error");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "resolute");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule_id);
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(uri.ends_with("/draft%20with%20space.txt"), "{uri}");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                location["region"][key].as_u64().is_some_and(|n| n >= 1),
                "{key}"
            );
        }
    }
    let punctuation = results
        .iter()
        .find(|r| r["ruleId"] == "preambular-punctuation")
        .unwrap();
    assert_eq!(
        punctuation["locations"][0]["physicalLocation"]["region"]["startLine"],
        8
    );
}

#[test]
fn footnotes_explain_an_unresolved_ibid_in_plain_words() {
    let dir = temp_dir("footnotes");
    let draft = "# A/RES/1\n\nThe General Assembly,\n\n*Recalling* the Charter,<sup>1</sup>\n\n\
        1. *Decides* to act.\n\n---\n\n<sup>1</sup> *Ibid.*, p. 4.\n";
    let file = write(&dir, "draft.md", draft);
    let out = stdout(&resolute(&["footnotes", &file], &dir, &[]));
    assert!(
        out.contains("unresolved: “Ibid.” has no earlier footnote to repeat"),
        "{out}"
    );
    assert!(!out.contains("NoAntecedent"), "{out}");
}

#[test]
fn help_describes_every_argument() {
    let dir = temp_dir("help");
    for (command, wanted) in [
        (vec!["check", "--help"], "folders searched for `.md`"),
        (vec!["check", "--help"], "SARIF 2.1.0"),
        (vec!["check", "--help"], "NO_COLOR"),
        (
            vec!["fix", "--help"],
            "Use this configuration file (rule severities",
        ),
        (vec!["rules", "--help"], "the text of docs/rules.md"),
        (vec!["footnotes", "--help"], "why it stands for none"),
        (
            vec!["cache", "clean", "--help"],
            "Safe while an editor runs",
        ),
    ] {
        let help = stdout(&resolute(&command, &dir, &[]));
        assert!(help.contains(wanted), "{command:?}: {wanted:?} in\n{help}");
    }
}

#[test]
fn a_folder_without_drafts_is_a_usage_error() {
    let dir = temp_dir("no-drafts");
    std::fs::write(dir.join("notes.odt"), "not a draft").unwrap();
    for command in ["check", "fix"] {
        let out = resolute(&[command, dir.to_str().unwrap()], &dir, &[]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no drafts found in"), "{command}: {err}");
    }
}

#[test]
fn cache_clean_removes_what_this_version_does_not_use() {
    let dir = temp_dir("cache-clean");
    let cache = dir.join("cache");
    // This version's index over the fixture corpus, written by a check.
    let draft = write(&dir, "draft.txt", ODS_DRAFT);
    resolute(&["check", &draft], &cache, &[]);
    let folder = cache.join("resolute");
    let current_index = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("index-"))
        .expect("the check cached its index");
    // What another version left: its corpus copy (read-only files) and an index it wrote.
    let old_corpus = folder.join("corpus-0123456789abcdef");
    std::fs::create_dir_all(&old_corpus).unwrap();
    std::fs::write(old_corpus.join("A_RES_1_1.md"), "old").unwrap();
    let mut readonly = std::fs::metadata(old_corpus.join("A_RES_1_1.md"))
        .unwrap()
        .permissions();
    readonly.set_readonly(true);
    std::fs::set_permissions(old_corpus.join("A_RES_1_1.md"), readonly).unwrap();
    std::fs::write(
        folder.join("index-00000000000000aa.json"),
        r#"{"format":"0:old","stamps":[]}"#,
    )
    .unwrap();
    // This version's corpus copy, a write in progress and someone else's file stay.
    let this_corpus = resolute::precedent::bundled_corpus_dir();
    let this_corpus = folder.join(this_corpus.file_name().unwrap());
    std::fs::create_dir_all(&this_corpus).unwrap();
    let in_progress = format!(".corpus-1.tmp{}", std::process::id());
    std::fs::write(folder.join(&in_progress), "").unwrap();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();

    let out = resolute(&["cache", "clean"], &cache, &[]);
    assert_eq!(out.status.code(), Some(0));
    let said = stdout(&out);
    assert!(
        said.contains("removed") && said.contains("corpus-0123456789abcdef"),
        "{said}"
    );
    assert!(said.contains("freed"), "{said}");
    let mut left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    let mut kept = vec![
        in_progress,
        current_index,
        "notes.txt".to_string(),
        this_corpus
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    ];
    kept.sort();
    assert_eq!(left, kept);

    let again = stdout(&resolute(&["cache", "clean"], &cache, &[]));
    assert!(again.contains("nothing to clean"), "{again}");
}

/// `check --format json` on `text`, parsed.
fn check_json(name: &str, text: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let dir = temp_dir(name);
    let draft = write(&dir, "draft.md", text);
    let out = resolute(&["check", "--format", "json", &draft], &dir, &[]);
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// Ten thousand footnotes, ten to a paragraph, their bodies a third full citations and the
/// others "Ibid.": the footnote checks, once quadratic in the count, find nothing wrong.
#[test]
fn many_footnotes_in_order_draw_no_finding() {
    let text = drafts::many_footnotes(10_000);
    assert_eq!(check_json("many-footnotes", &text), (Some(0), Vec::new()));
}

/// Operative paragraphs all numbered 1, each referring to "paragraph 1 above": the
/// renumbering points every reference at the paragraph just above it, found by number
/// rather than by scanning the section for each reference.
#[test]
fn renumbering_keeps_each_reference_on_the_nearest_paragraph_above() {
    let paragraph = "1. *Requests* the Secretary-General to report on paragraph 1 above;\n\n";
    let text = format!("*The General Assembly,*\n\n{}", paragraph.repeat(300));
    let (_, all) = check_json("references-above", &text);
    let fix = all
        .iter()
        .find(|d| d["code"] == "operative-numbering")
        .map(|d| &d["fixes"][0])
        .unwrap();
    let references: Vec<(u64, String)> = fix["edits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["range"]["start"]["character"] != 0)
        .map(|e| {
            let line = e["range"]["start"]["line"].as_u64().unwrap();
            (line, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(references.len(), 298);
    for (line, number) in references {
        // Paragraph k (1-based) stands on line 2k; its reference names paragraph k - 1.
        assert_eq!(number, (line / 2 - 1).to_string());
    }
}

/// A draft of one line of a megabyte, with characters outside ASCII and outside the Basic
/// Multilingual Plane: every place a footnote is cited again is given in UTF-16 columns from
/// the line's start (counted once from the start for each, the report took minutes).
#[test]
fn a_one_line_draft_gives_each_place_its_utf16_column() {
    let unit = "*Recalling* its resolution 70/1 of 25 September 2015 on “Société” 𝒜,<sup>1</sup> ";
    let count = 12_000;
    let text = format!("*The General Assembly,*\n\n{}\n", unit.repeat(count));
    let (_, all) = check_json("one-line", &text);
    let undefined = all
        .iter()
        .find(|d| d["code"] == "footnote-undefined")
        .unwrap();
    let related = undefined["related"].as_array().unwrap();
    assert_eq!(related.len(), count - 1);
    // Each unit moves the next marker on by its own length in UTF-16 code units.
    let width = unit.encode_utf16().count() as u64;
    let first = &undefined["range"]["start"];
    assert_eq!(first["line"], 2);
    for (k, place) in related.iter().enumerate() {
        let start = &place["range"]["start"];
        assert_eq!(start["line"], 2);
        assert_eq!(
            start["character"].as_u64().unwrap(),
            first["character"].as_u64().unwrap() + (k as u64 + 1) * width
        );
    }
}

/// Files checked together (in parallel) report exactly what each checked alone reports, in
/// the order of the folder walk: a folder of fixture drafts, some with slips, and a README.
#[test]
fn a_folder_reports_as_its_files_one_by_one_in_order() {
    let cache = temp_dir("parallel-cache");
    let dir = temp_dir("parallel");
    let mut sources = resolute::files::collect_files(&[
        fixture_corpus(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds"),
    ])
    .unwrap();
    sources.sort();
    for (i, source) in sources.iter().enumerate() {
        let text = std::fs::read_to_string(source).unwrap();
        let name = source.file_name().unwrap().to_string_lossy();
        write(&dir, &format!("{i:02}-{name}"), &text);
        let slipped = text
            .replacen("2.", "7.", 1)
            .replacen("Recalling", "Recallin", 1);
        write(&dir, &format!("{i:02}-slipped-{name}"), &slipped);
    }
    let files = resolute::files::collect_files(std::slice::from_ref(&dir)).unwrap();
    let body = |out: &Output| {
        let text = stdout(out);
        let summary = text.trim_end().rfind('\n').map_or(0, |i| i + 1);
        (text[..summary].to_string(), text[summary..].to_string())
    };
    let together = resolute(
        &["check", "--color", "never", dir.to_str().unwrap()],
        &cache,
        &[],
    );
    let (mut alone, mut checked, mut errors) = (String::new(), 0, false);
    for file in &files {
        let out = resolute(
            &["check", "--color", "never", file.to_str().unwrap()],
            &cache,
            &[],
        );
        errors |= out.status.code() == Some(1);
        let (reported, summary) = body(&out);
        alone.push_str(&reported);
        checked += usize::from(summary.starts_with("1 file(s) checked"));
    }
    let (reported, summary) = body(&together);
    assert!(reported.contains("warning["), "{reported}");
    assert_eq!(reported, alone);
    assert!(checked >= 20, "{checked} drafts");
    assert!(
        summary.starts_with(&format!("{checked} file(s) checked")),
        "{summary}"
    );
    assert_eq!(together.status.code(), Some(if errors { 1 } else { 0 }));
}
