//! Numbering, opening and punctuation rules: a minimal violating and a clean draft per rule,
//! in both formats, through the library and the binary.

use resolute::config::Config;
use resolute::model::{Document, Format};
use resolute::rules;

fn codes(text: &str, format: Format) -> Vec<&'static str> {
    let doc = Document::parse(text.to_string(), format);
    rules::check(&doc, &Config::default())
        .iter()
        .map(|d| d.code())
        .collect()
}

const CLEAN_MD: &str = "*The General Assembly,*\n\n*Recalling* its resolution 70/1,\n\n*Recalling also* its resolution 71/1,\n\n1. *Welcomes* the report;\n\n2. *Requests* the Secretary-General to report, as set out in paragraph 1 above:\n\n(a) On the first point;\n\n(b) On the second point;\n\n3. *Decides* to remain seized of the matter.\n";
const CLEAN_ODS: &str = "\tThe General Assembly,\n\n\tRecalling its resolution 70/1,\n\n\tRecalling also its resolution 71/1,\n\n\t1.\tWelcomes the report;\n\n\t2.\tRequests the Secretary-General to report, as set out in paragraph 1 above:\n\n\t(a)\tOn the first point;\n\n\t(b)\tOn the second point;\n\n\t3.\tDecides to remain seized of the matter.\n";

#[test]
fn clean_drafts_are_clean() {
    assert_eq!(codes(CLEAN_MD, Format::Markdown), Vec::<&str>::new());
    assert_eq!(codes(CLEAN_ODS, Format::Ods), Vec::<&str>::new());
}

fn fires(code: &str, from: &str, to: &str) {
    for (clean, format) in [(CLEAN_MD, Format::Markdown), (CLEAN_ODS, Format::Ods)] {
        let md = format == Format::Markdown;
        if !md && code == "opening-not-italic" {
            continue;
        }
        let (from, to) = if md {
            (from.to_string(), to.to_string())
        } else {
            (from.replace('*', ""), to.replace('*', ""))
        };
        let (from, to) = if md {
            (from, to)
        } else {
            (
                from.replace("1. ", "1.\t").replace("3. ", "3.\t"),
                to.replace("1. ", "1.\t")
                    .replace("3. ", "3.\t")
                    .replace("4. ", "4.\t"),
            )
        };
        assert!(clean.contains(&from), "{from:?} not in {format:?} draft");
        let text = clean.replacen(&from, &to, 1);
        assert!(
            codes(&text, format).contains(&code),
            "{code} not reported in {format:?}:\n{text}\n{:?}",
            codes(&text, format)
        );
    }
}

#[test]
fn numbering_rules() {
    fires("operative-numbering", "3. *Decides*", "4. *Decides*");
    fires("subparagraph-sequence", "(b)", "(c)");
    fires(
        "paragraph-reference",
        "paragraph 1 above",
        "paragraph 3 above",
    );
}

/// A reference is looked up on the side it names: "below" finds a later paragraph, "above"
/// an earlier one, "of the present resolution" any; only the one pointing the wrong way is
/// reported.
#[test]
fn paragraph_references_look_on_the_side_they_name() {
    let text = "*The General Assembly,*\n\n1. *Welcomes* the report;\n\n2. *Requests* the Secretary-General to act on paragraph 3 below;\n\n3. *Decides* to review paragraph 2 above and paragraph 1 below;\n\n4. *Decides* to remain seized of the matter, as in paragraph 4 of the present resolution.\n";
    let doc = Document::parse(text.to_string(), Format::Markdown);
    let found: Vec<String> = rules::check(&doc, &Config::default())
        .into_iter()
        .filter(|d| d.code() == "paragraph-reference")
        .map(|d| format!("{}: {}", doc.slice(d.span), d.message))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with('1'), "{found:?}");
    assert!(found[0].contains("not below"), "{found:?}");
}

#[test]
fn opening_rules() {
    fires("preambular-opening", "*Recalling* its", "*Recalls* its");
    fires("operative-opening", "*Welcomes*", "*Welcoming*");
    fires("unknown-opening", "*Recalling* its", "*Recaling* its");
    fires("opening-not-italic", "*Recalling* its", "Recalling its");
}

/// "*Guided by*": the connective italicised with the opening is not part of the phrase.
#[test]
fn connectives_italicised_with_an_opening() {
    let text = "The General Assembly,\n\n*Guided by* the Charter,\n\n*Deeply concerned about* the situation,\n\n1.\t*Calls upon* States to act;\n";
    let found = codes(text, Format::Markdown);
    assert!(!found.contains(&"unknown-opening"), "{found:?}");
    let misspelt = text.replace("*Guided by*", "*Guidded by*");
    assert!(codes(&misspelt, Format::Markdown).contains(&"unknown-opening"));
}

#[test]
fn information_rules() {
    fires("also-without-antecedent", "*Recalling* its", "*Noting* its");
    fires(
        "further-without-also",
        "*Recalling also*",
        "*Recalling further*",
    );
}

#[test]
fn punctuation_rules() {
    fires("preambular-punctuation", "70/1,", "70/1;");
    fires("operative-punctuation", "the report;", "the report.");
    fires("final-punctuation", "of the matter.", "of the matter;");
}

#[test]
fn repeated_opening_is_off_by_default() {
    let text = CLEAN_MD.replace("*Recalling also*", "*Recalling*");
    assert!(!codes(&text, Format::Markdown).contains(&"repeated-opening"));
    let config = Config::from_toml("[rules]\nrepeated-opening = \"hint\"\n").unwrap();
    let doc = Document::parse(text, Format::Markdown);
    assert!(
        rules::check(&doc, &config)
            .iter()
            .any(|d| d.code() == "repeated-opening")
    );
}

#[test]
fn seeds_have_no_errors_or_warnings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("A_RES"))
    {
        let doc = Document::parse_path(&e.path(), std::fs::read_to_string(e.path()).unwrap());
        let bad: Vec<_> = rules::check(&doc, &Config::default())
            .into_iter()
            .filter(|d| d.severity <= rules::Severity::Warning)
            .map(|d| d.message)
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", e.path().display());
    }
}

#[test]
fn binary_reports_structure_rules() {
    let dir = std::env::temp_dir().join(format!("resolute-structure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draft.md");
    std::fs::write(&file, CLEAN_MD.replace("3. *Decides*", "4. *Decides*")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("operative-numbering"));
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
