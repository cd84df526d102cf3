//! `resolute fix`: every fix, idempotence, completeness, references and footnotes kept.

use resolute::config::Config;
use resolute::fix::{self, FixOptions};
use resolute::model::{Document, Format};
use resolute::rules;

const BROKEN: &str = "*The General Assembly,*\n\n*Recalls* its resolution 70/1,<sup>2</sup>\n\nNoting with concern the situation;\n\n1. *Welcoming* the report;\n\n3. *Requests* the Secretary-General to act as set out in paragraph 1 above:\n\n(a) First;\n\n(c) Second;\n\n5 bis. *Decides* to act under paragraph 3 above;\n\n<sup>2</sup> Resolution 70/1.\n";

fn fixed(text: &str) -> String {
    let doc = Document::parse(text.to_string(), Format::Markdown);
    fix::fix_document(doc, &Config::default(), FixOptions::default())
        .doc
        .into_text()
}

/// The "Renumber footnotes" reading: each marker keeps its footnote.
fn renumbered(text: &str) -> String {
    let doc = Document::parse(text.to_string(), Format::Markdown);
    fix::apply(text, &resolute::rules::renumber::renumber_footnotes(&doc))
}

#[test]
fn fixes_everything_fixable() {
    let out = fixed(BROKEN);
    assert!(
        out.contains("*Recalling* its resolution 70/1,<sup>1</sup>"),
        "{out}"
    );
    assert!(
        out.contains("*Noting with concern* the situation,"),
        "{out}"
    );
    assert!(out.contains("1. *Welcomes*"), "{out}");
    assert!(out.contains("2. *Requests*"), "{out}");
    assert!(out.contains("(b) Second;"), "{out}");
    assert!(
        out.contains("3. *Decides* to act under paragraph 2 above."),
        "{out}"
    );
    assert!(out.contains("<sup>1</sup> Resolution 70/1."), "{out}");
    let doc = Document::parse(out.clone(), Format::Markdown);
    let left: Vec<_> = rules::check(&doc, &Config::default())
        .into_iter()
        .filter(|d| !d.fixes.is_empty())
        .map(|d| d.message)
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(fixed(&out), out, "fixing twice equals fixing once");
}

#[test]
fn renumbering_footnotes_keeps_ibid_targets() {
    let text = "*The General Assembly,*\n\n*Recalling* A,<sup>2</sup> B<sup>3</sup> and C,<sup>1</sup>\n\n1. *Decides* to act.\n\n<sup>1</sup> Resolution 54/4, annex.\n\n<sup>2</sup> Resolution 55/25, annex I.\n\n<sup>3</sup> Ibid., annex II.\n";
    let out = renumbered(text);
    assert!(
        out.contains("A,<sup>1</sup> B<sup>2</sup> and C,<sup>3</sup>"),
        "{out}"
    );
    // The Ibid. still follows 55/25, so it stays an Ibid.
    assert!(out.contains("<sup>1</sup> Resolution 55/25, annex I.\n\n<sup>2</sup> Ibid., annex II.\n\n<sup>3</sup> Resolution 54/4, annex."), "{out}");
}

#[test]
fn ibid_losing_its_antecedent_is_expanded() {
    let text = "*The General Assembly,*\n\n*Recalling* A,<sup>2</sup> B<sup>1</sup> and C,<sup>3</sup>\n\n1. *Decides* to act.\n\n<sup>1</sup> Resolution 55/25, annex I.\n\n<sup>2</sup> Resolution 54/4, annex.\n\n<sup>3</sup> Ibid., annex II.\n";
    let out = renumbered(text);
    // It leaned on 54/4; after reordering 55/25 would stand before it.
    assert!(
        out.contains("<sup>3</sup> Resolution 54/4, annex II."),
        "{out}"
    );
}

#[test]
fn apply_drops_overlaps() {
    let e = |s, t, r: &str| rules::Edit {
        span: resolute::source::Span::new(s, t),
        replacement: r.into(),
    };
    assert_eq!(fix::apply("abc", &[e(1, 2, "X"), e(1, 3, "Y")]), "aXc");
}

#[test]
fn binary_fix_and_dry_run() {
    let dir = std::env::temp_dir().join(format!("resolute-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.md");
    let crlf = BROKEN.replace('\n', "\r\n");
    std::fs::write(&file, &crlf).unwrap();
    let bin = env!("CARGO_BIN_EXE_resolute");
    let out = std::process::Command::new(bin)
        .args(["fix", "--dry-run"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("+1. *Welcomes*"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        crlf,
        "dry run changes nothing"
    );
    let out = std::process::Command::new(bin)
        .args(["check", "--fix"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("1. *Welcomes* the report;\r\n"),
        "{written}"
    );
    // Not UTF-8 (nor a UTF-16 byte order mark, which would be an empty UTF-16 draft).
    std::fs::write(&file, [0xff, 0xff]).unwrap();
    let out = std::process::Command::new(bin)
        .arg("fix")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn moving_a_footnote_keeps_its_italics_whole() {
    let draft = "*The General Assembly,*\n\n*Recalling* its report,<sup>2</sup> and the Convention,<sup>1</sup>\n\n1. *Decides* to act.\n\n---\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378.\n\n<sup>2</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23).\n";
    let out = renumbered(draft);
    assert!(
        out.contains("<sup>1</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23)."),
        "{out}"
    );
    assert!(
        out.contains("<sup>2</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378."),
        "{out}"
    );
}

#[test]
fn expanding_an_ibid_keeps_the_drafts_italics() {
    // Renumbering puts other notes before both Ibid., so they are written in full.
    let draft = "*The General Assembly,*\n\n*Recalling* its report,<sup>3</sup> the Protocol<sup>2</sup> and the Convention,<sup>1</sup>\n\n1. *Decides* to act on chapter II of the report.<sup>4</sup>\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378.\n\n<sup>2</sup> *Ibid.*, vol. 2131, No. 20378.\n\n<sup>3</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23).\n\n<sup>4</sup> *Ibid.*, chap. II.\n";
    let out = renumbered(draft);
    assert!(
        out.contains("<sup>1</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23).\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 2131, No. 20378.\n\n<sup>3</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378.\n\n<sup>4</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23), chap. II."),
        "{out}"
    );
}

#[test]
fn no_fix_drops_emphasis() {
    let draft = "*The General Assembly,*\n\n*Recalls* the Convention,<sup>2</sup> and its report,<sup>1</sup>\n\n1. *Decides* to act;\n\n<sup>1</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23).\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378.\n";
    let emphasis = |t: &str| t.matches('*').count();
    for out in [fixed(draft), renumbered(draft)] {
        assert_ne!(out, draft);
        assert_eq!(emphasis(&out), emphasis(draft), "{out}");
    }
}

#[test]
fn precedent_quick_fixes_say_they_are_unsafe_and_are_not_preferred() {
    use resolute::features::actions::{ActionKind, code_actions};
    use resolute::features::{Analysis, Precedents};
    use std::sync::Arc;
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
    let files = resolute::files::collect_files(&[folder]).unwrap();
    let index = resolute::precedent::PrecedentIndex::build(&files, |_, _| {});
    let text = "*The General Assembly,*\n\n*Recalls* its resolution 59/166 of 21 December 2004,\n\n1. *Decides* to act.\n";
    let precedents = Precedents {
        index: Some(Arc::new(index)),
        ..Default::default()
    };
    let a = Analysis::with_precedents(
        text.to_string(),
        Format::Markdown,
        Arc::new(Config::default()),
        precedents,
    );
    let everywhere = resolute::source::Span::new(0, text.len());
    let actions = code_actions(&a, everywhere, |k| k == ActionKind::QuickFix);
    let titled = |start: &str| {
        let found = actions.iter().find(|x| x.title.starts_with(start));
        found.unwrap_or_else(|| {
            panic!(
                "{start}: {:?}",
                actions.iter().map(|x| &x.title).collect::<Vec<_>>()
            )
        })
    };
    let date = titled("Use the adoption date, 20 December 2004");
    assert!(date.title.ends_with("(unsafe: from precedents, check it)"));
    assert!(!date.preferred);
    let opening = titled("Replace with “Recalling”");
    assert!(opening.preferred, "{}", opening.title);
    let all = code_actions(&a, everywhere, |k| k == ActionKind::FixAll);
    let fixed = fix::apply(text, &all[0].edits);
    assert!(fixed.contains("*Recalling* its resolution 59/166 of 21 December 2004"));
}

#[test]
fn undecidable_renumbering_offers_both_readings_and_prefers_neither() {
    use resolute::features::Analysis;
    use resolute::features::actions::{ActionKind, code_actions};
    let text = "*The General Assembly,*\n\n*Recalling* A,<sup>2</sup> B<sup>3</sup> and C,<sup>1</sup>\n\n1. *Decides* to act.\n\n<sup>1</sup> Resolution 54/4, annex.\n\n<sup>2</sup> Resolution 55/25, annex I.\n\n<sup>3</sup> Ibid., annex II.\n";
    let a = Analysis::new(
        text.to_string(),
        Format::Markdown,
        std::sync::Arc::new(Config::default()),
    );
    let at = resolute::source::Span::empty(text.find(">1<").unwrap() + 1);
    let quick = code_actions(&a, at, |k| k == ActionKind::QuickFix);
    let titles: Vec<&str> = quick.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Renumber footnotes",
            "Renumber the markers, footnotes staying in place"
        ]
    );
    assert!(quick.iter().all(|x| !x.preferred));
    assert_eq!(
        fix::apply(text, &quick[1].edits),
        text.replace(
            "A,<sup>2</sup> B<sup>3</sup> and C,<sup>1</sup>",
            "A,<sup>1</sup> B<sup>2</sup> and C,<sup>3</sup>"
        )
    );
    assert!(code_actions(&a, at, |k| k == ActionKind::FixAll).is_empty());
}

/// Fifty operative paragraphs all numbered 1: forty-nine diagnostics offer the same
/// renumbering, which JSON output writes once (the others point to it with `sameAs`), and
/// which renumbers every paragraph.
#[test]
fn a_shared_renumbering_is_written_once_in_json() {
    let mut text = "*The General Assembly,*\n\n".to_string();
    for _ in 0..50 {
        text.push_str("1. *Requests* the Secretary-General to act;\n\n");
    }
    let dir = std::env::temp_dir().join(format!("resolute-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.md");
    std::fs::write(&file, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let renumber: Vec<(usize, &serde_json::Value)> = all
        .iter()
        .enumerate()
        .filter(|(_, d)| d["code"] == "operative-numbering")
        .map(|(i, d)| (i, &d["fixes"][0]))
        .collect();
    assert_eq!(renumber.len(), 49);
    let (first, fix) = renumber[0];
    assert_eq!(fix["edits"].as_array().map(Vec::len), Some(49));
    for (_, other) in &renumber[1..] {
        assert_eq!(other["sameAs"], first, "{other}");
        assert!(other.get("edits").is_none(), "{other}");
    }
}
