//! `resolute fix`: every fix, idempotence, completeness, references and footnotes kept.

use resolute::config::Config;
use resolute::fix;
use resolute::model::{Document, Format};
use resolute::rules;

const BROKEN: &str = "*The General Assembly,*\n\n*Recalls* its resolution 70/1,<sup>2</sup>\n\nNoting with concern the situation;\n\n1. *Welcoming* the report;\n\n3. *Requests* the Secretary-General to act as set out in paragraph 1 above:\n\n(a) First;\n\n(c) Second;\n\n5 bis. *Decides* to act under paragraph 3 above;\n\n<sup>2</sup> Resolution 70/1.\n";

fn fixed(text: &str) -> String {
    fix::fix_text(
        Document::parse(text.to_string(), Format::Markdown),
        &Config::default(),
    )
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
    let out = fixed(text);
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
    let out = fixed(text);
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
    std::fs::write(&file, [0xff, 0xfe]).unwrap();
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
    let out = fixed(draft);
    assert!(
        out.contains("<sup>1</sup> *Official Records of the General Assembly, Seventy-fifth Session, Supplement No. 23* (A/75/23)."),
        "{out}"
    );
    assert!(
        out.contains("<sup>2</sup> United Nations, *Treaty Series*, vol. 1249, No. 20378."),
        "{out}"
    );
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
