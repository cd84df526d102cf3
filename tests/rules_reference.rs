//! Files generated from the rule declarations — `docs/rules.md`, the rule table of
//! `docs/editors.md`, the VS Code settings schema — must not drift from them.
//! `RESOLUTE_BLESS=1 cargo test --test rules_reference` rewrites whichever is stale.

use resolute::cli::editors;
use std::path::Path;

/// Compares a generated file with the one on disk, or rewrites it under `RESOLUTE_BLESS=1`.
fn assert_fresh(relative: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk == generated {
        return;
    }
    if std::env::var_os("RESOLUTE_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    panic!("{relative} is stale: run `RESOLUTE_BLESS=1 cargo test --test rules_reference`");
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

#[test]
fn rules_reference_is_up_to_date() {
    assert_fresh("docs/rules.md", &resolute::rules::reference_markdown());
}

#[test]
fn vscode_settings_schema_is_up_to_date() {
    let file = "editors/vscode/package.json";
    let mut manifest: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
    let rules = &mut manifest["contributes"]["configuration"]["properties"]["resolute.rules"];
    assert!(rules.is_object(), "{file} has no resolute.rules setting");
    *rules = editors::vscode_rules_schema();
    let generated = serde_json::to_string_pretty(&manifest).unwrap() + "\n";
    assert_fresh(file, &generated);
}

#[test]
fn editors_rule_table_is_up_to_date() {
    let file = "docs/editors.md";
    let text = read(file);
    let (start, end) = (
        text.find(editors::TABLE_START),
        text.find(editors::TABLE_END),
    );
    let (Some(start), Some(end)) = (start, end) else {
        panic!("{file} lacks the rule table markers");
    };
    let generated = format!(
        "{}{}{}",
        &text[..start],
        editors::editors_rule_table(),
        &text[end + editors::TABLE_END.len()..]
    );
    assert_fresh(file, &generated);
}

#[test]
fn every_rule_is_in_every_generated_file() {
    let manifest = read("editors/vscode/package.json");
    let editors_md = read("docs/editors.md");
    for rule in resolute::rules::all() {
        let code = format!("\"{}\"", rule.code);
        assert!(
            manifest.contains(&code),
            "{} not in package.json",
            rule.code
        );
        let row = format!("| [`{}`](rules.md#{})", rule.code, rule.code);
        assert!(
            editors_md.contains(&row),
            "{} not in docs/editors.md",
            rule.code
        );
    }
}

#[test]
fn every_rule_is_documented_with_why_example_and_fix() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .unwrap_or_default();
    for rule in resolute::rules::all() {
        assert!(
            doc.contains(&format!("\n## {}\n", rule.code)),
            "{} has no section",
            rule.code
        );
        assert!(
            rule.summary().ends_with(['.', '…']),
            "{}: the summary (first doc line) is cut mid-sentence",
            rule.code
        );
        for part in ["**Why.**", "**Example.**", "**Fix.**"] {
            assert!(rule.doc.contains(part), "{} lacks {part}", rule.code);
        }
    }
}
