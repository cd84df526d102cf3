//! Diagnostics over stdio: published with their version, code, source, rules link and related
//! places; only for resolutions; debounced; not re-sent when unchanged; pulled when the client
//! supports pull diagnostics.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{LspClient, TIMEOUT, did_change, find, fixture, range_change};
use serde_json::{Value, json};
use std::time::Duration;

const URI: &str = "file:///drafts/A_RES_71_167.md";
const RULES_DOC: &str = "https://github.com/resolute-lint/resolute/blob/main/docs/rules.md";

/// A/RES/71/167 with errors injected: an operative form in the preamble, operative paragraphs
/// numbered 4, 6, 6, the last footnote body removed, and an Ibid. that cannot follow a
/// resolution.
fn injected() -> String {
    let text = fixture("A_RES_71_167.md")
        .replacen("*Recalling* all international conventions", "*Recalls* all international conventions", 1)
        .replacen("5. *Urges* Member States to consider signing", "6. *Urges* Member States to consider signing", 1)
        .replacen("<sup>12</sup> *Official Records of the Economic and Social Council, 2016, Supplement No. 7 (E/2016/27)*, chap. I, sect. A.", "<sup>12</sup> *Ibid.*, vol. 2131, No. 20378.", 1);
    let cut = text.rfind("\n---").expect("last page break");
    format!("{}\n", &text[..cut])
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(diagnostics)))
}

#[test]
fn diagnostics_carry_version_code_source_link_and_related_places() {
    let mut client = LspClient::start();
    let text = injected();
    client.open(URI, "markdown", 7, &text);
    let diagnostics = client.diagnostics_for(URI, 7);
    let recalls = with_code(&diagnostics, "preambular-opening");
    assert_eq!(recalls["source"], "resolute");
    assert_eq!(recalls["severity"], 1);
    assert_eq!(
        recalls["codeDescription"]["href"],
        format!("{RULES_DOC}#preambular-opening")
    );
    let (line, col) = find(&text, "Recalls* all", 0);
    assert_eq!(
        recalls["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(
        with_code(&diagnostics, "operative-numbering")["range"]["start"]["line"],
        find(&text, "6. *Urges* Member States to consider", 0).0
    );
    with_code(&diagnostics, "footnote-undefined");
    let ibid = with_code(&diagnostics, "ibid-incompatible");
    let related = &ibid["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert!(
        related["message"]
            .as_str()
            .unwrap()
            .starts_with("footnote 11"),
        "{related}"
    );
}

#[test]
fn an_ordinary_markdown_file_gets_no_diagnostics() {
    let mut client = LspClient::start();
    let readme = "# Notes\n\nSee the draft<sup>3</sup> and the other one<sup>1</sup>.\n\n<sup>7</sup> Unused.\n";
    client.open("file:///README.md", "markdown", 1, readme);
    client.open(URI, "markdown", 1, &injected());
    client.diagnostics_for(URI, 1);
    assert!(
        client
            .published("file:///README.md", Duration::from_millis(300))
            .is_empty()
    );
}

#[test]
fn unchanged_sets_are_not_sent_again_and_versions_follow_edits() {
    let mut client = LspClient::start();
    let text = injected();
    client.open(URI, "markdown", 1, &text);
    assert!(codes(&client.diagnostics_for(URI, 1)).contains(&"operative-numbering".to_string()));
    // Same-length edit in the title: every diagnostic keeps its place.
    let title = find(&text, "Trafficking in women and girls", 0);
    client.send(&did_change(
        URI,
        2,
        vec![range_change(title, (title.0, title.1 + 11), "Traffick-ng")],
    ));
    // Renumbering paragraph 6 back to 5 removes a diagnostic.
    let six = find(&text, "6. *Urges* Member States to consider", 0);
    client.send(&did_change(
        URI,
        3,
        vec![range_change(six, (six.0, six.1 + 1), "5")],
    ));
    let after = client.diagnostics_for(URI, 3);
    assert!(
        !codes(&after).contains(&"operative-numbering".to_string()),
        "{:?}",
        codes(&after)
    );
    let earlier = client.published(URI, Duration::ZERO);
    assert!(
        earlier.iter().all(|p| p["version"] != 2),
        "version 2 changed nothing and must not be sent"
    );
}

#[test]
fn debounce_publishes_only_the_last_of_a_burst() {
    let mut client = LspClient::spawn();
    client.initialize(json!({}), json!({ "debounceMs": 300 }), None);
    let text = injected();
    client.open(URI, "markdown", 1, &text);
    for v in 2..=6 {
        client.send(&did_change(
            URI,
            v,
            vec![range_change((0, 0), (0, 0), "\n")],
        ));
    }
    let last = client.diagnostics_for(URI, 6);
    assert!(!last.is_empty());
    let all = client.published(URI, Duration::from_millis(500));
    assert!(
        all.is_empty(),
        "versions before 6 were published: {:?}",
        all.iter().map(|p| &p["version"]).collect::<Vec<_>>()
    );
}

#[test]
fn without_debounce_a_burst_ends_on_its_last_version_in_order() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, &injected());
    for v in 2..=40 {
        client.send(&did_change(
            URI,
            v,
            vec![range_change((0, 0), (0, 0), "\n")],
        ));
    }
    client.diagnostics_for(URI, 40);
    let versions: Vec<i64> = client
        .published(URI, Duration::from_millis(300))
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert!(
        versions.iter().all(|&v| v < 40),
        "nothing after the last version: {versions:?}"
    );
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "in version order: {versions:?}"
    );
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, &injected());
    assert!(!client.diagnostics_for(URI, 1).is_empty());
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let cleared = client
        .notification(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == URI && p["diagnostics"] == json!([]),
            TIMEOUT,
        )
        .expect("cleared");
    assert!(cleared["version"].is_null());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut client = LspClient::spawn();
    let caps = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true }, "configuration": true },
    });
    let init = client.initialize(caps, json!({ "debounceMs": 0 }), None);
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        false
    );
    client.open(URI, "markdown", 1, &injected());
    let params = json!({ "textDocument": { "uri": URI } });
    let report = client
        .request("textDocument/diagnostic", params.clone())
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert!(codes(report["items"].as_array().unwrap()).contains(&"footnote-undefined".to_string()));
    let id = report["resultId"].clone();
    let again = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
        )
        .unwrap();
    assert_eq!(again["kind"], "unchanged");
    // A configuration change asks the client to pull again.
    client.settings = json!({ "rules": { "footnote-undefined": "off" } });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    client
        .wait_message(|m| m["method"] == "workspace/diagnostic/refresh", TIMEOUT)
        .expect("refresh request");
    let report = client.request("textDocument/diagnostic", params).unwrap();
    assert!(
        !codes(report["items"].as_array().unwrap()).contains(&"footnote-undefined".to_string())
    );
    assert!(
        client.published(URI, Duration::from_millis(200)).is_empty(),
        "pull clients get no pushed diagnostics"
    );
}
