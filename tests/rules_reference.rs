//! `docs/rules.md` is generated from the rule declarations and must not drift from them.

#[test]
fn rules_reference_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = resolute::rules::reference_markdown();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `cargo run -q -- rules --markdown > docs/rules.md`"
    );
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
