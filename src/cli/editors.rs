//! Editor files generated from the rule registry: the `resolute.rules` schema of the VS Code
//! extension (`editors/vscode/package.json`) and the rule table of `docs/editors.md`.
//! `tests/rules_reference.rs` fails when either is stale and rewrites both with
//! `RESOLUTE_BLESS=1`.

use crate::rules;
use serde_json::{Map, Value, json};

/// The severities a user may give a rule, with what each does in VS Code.
const SEVERITIES: [(&str, &str); 5] = [
    ("off", "Do not check this rule."),
    ("error", "Report as an error."),
    ("warning", "Report as a warning."),
    ("information", "Report as information."),
    (
        "hint",
        "Report as a hint (shown faintly, not listed in the Problems panel by default).",
    ),
];

/// Where the rule table sits in `docs/editors.md`.
pub const TABLE_START: &str =
    "<!-- rules: generated from the rule registry, see tests/rules_reference.rs -->\n";
pub const TABLE_END: &str = "<!-- end of rules -->\n";

fn severity_schema(markdown_description: String) -> Value {
    json!({
        "type": "string",
        "enum": SEVERITIES.map(|(name, _)| name),
        "enumDescriptions": SEVERITIES.map(|(_, what)| what),
        "markdownDescription": markdown_description,
    })
}

/// `contributes.configuration.properties["resolute.rules"]` of the VS Code extension: every
/// rule with its summary and default, as a drop-down of severities in the Settings editor.
pub fn vscode_rules_schema() -> Value {
    let properties: Map<String, Value> = rules::all()
        .map(|r| {
            let description = format!(
                "`{}` (default: {}): {}",
                r.code,
                r.default_setting(),
                r.summary()
            );
            (r.code.to_string(), severity_schema(description))
        })
        .collect();
    json!({
        "type": "object",
        "default": {},
        "scope": "resource",
        "markdownDescription": "Severity per rule code: `off`, `error`, `warning`, `information` or `hint`. Rules not listed keep the severity the server gives them. Example: `{ \"repeated-opening\": \"off\", \"footnote-undefined\": \"error\" }`.",
        "properties": properties,
        "additionalProperties": severity_schema("Severity of a rule code not known to this version of the extension.".to_string()),
    })
}

/// The rule table of `docs/editors.md`, between its markers.
pub fn editors_rule_table() -> String {
    let mut out = String::from(TABLE_START);
    out.push_str("| rule code | default | checks |\n|---|---|---|\n");
    for r in rules::all() {
        out.push_str(&format!(
            "| [`{}`](rules.md#{}) | {} | {} |\n",
            r.code,
            r.code,
            r.default_setting(),
            r.summary()
        ));
    }
    out.push_str(TABLE_END);
    out
}
