//! Configuration over stdio: `resolute.toml` at the workspace root, `workspace/configuration`,
//! `didChangeConfiguration`, watched-file reloads and Markdown suppression comments.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{LspClient, TIMEOUT, file_uri, fixture, temp_dir};
use serde_json::{Value, json};
use std::path::Path;

/// A/RES/71/167 with an operative form in the preamble, a numbering gap and an undefined
/// footnote.
fn injected() -> String {
    let text = fixture("A_RES_71_167.md")
        .replacen(
            "*Recalling* all international conventions",
            "*Recalls* all international conventions",
            1,
        )
        .replacen(
            "5. *Urges* Member States to consider signing",
            "6. *Urges* Member States to consider signing",
            1,
        );
    let cut = text.rfind("\n---").unwrap();
    format!("{}\n", &text[..cut])
}

fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn has(params: &Value, code: &str) -> bool {
    codes(params).iter().any(|c| c == code)
}

/// Waits for diagnostics of `uri` that satisfy `want`.
fn diagnostics_where(client: &mut LspClient, uri: &str, want: impl Fn(&Value) -> bool) -> Value {
    client
        .notification(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri && want(p),
            TIMEOUT,
        )
        .expect("diagnostics as expected")
}

fn workspace(toml: &str) -> (std::path::PathBuf, String) {
    let dir = temp_dir("lsp-config");
    std::fs::write(dir.join("resolute.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    let draft = dir.join("drafts/draft.md");
    std::fs::write(&draft, injected()).unwrap();
    (dir, file_uri(&draft))
}

fn start_in(root: &Path, capabilities: Value, options: Value) -> LspClient {
    let mut client = LspClient::spawn();
    client.initialize(capabilities, options, Some(root));
    client
}

#[test]
fn resolute_toml_at_the_workspace_root_applies() {
    let (root, uri) = workspace(
        "debounce-ms = 0\n[rules]\nfootnote-undefined = \"off\"\npreambular-opening = \"hint\"\n",
    );
    let mut client = start_in(&root, json!({}), json!({}));
    client.open(&uri, "markdown", 1, &injected());
    let p = diagnostics_where(&mut client, &uri, |_| true);
    assert!(
        !has(&p, "footnote-undefined") && has(&p, "operative-numbering"),
        "{:?}",
        codes(&p)
    );
    let recalls = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "preambular-opening")
        .unwrap();
    assert_eq!(recalls["severity"], 4);
}

#[test]
fn the_file_wins_over_editor_settings_key_by_key() {
    let (root, uri) = workspace("[rules]\nfootnote-undefined = \"warning\"\n");
    let options = json!({ "debounceMs": 0, "rules": { "footnote-undefined": "off", "operative-numbering": "off" } });
    let mut client = start_in(&root, json!({}), options);
    client.open(&uri, "markdown", 1, &injected());
    let p = diagnostics_where(&mut client, &uri, |_| true);
    assert!(
        !has(&p, "operative-numbering"),
        "the editor's setting applies where the file is silent"
    );
    let undefined = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "footnote-undefined")
        .expect("the file's setting wins");
    assert_eq!(undefined["severity"], 2);
}

#[test]
fn settings_are_pulled_through_workspace_configuration() {
    let mut client = LspClient::spawn();
    client.settings = json!({ "debounceMs": 0, "rules": { "preambular-opening": "off" } });
    client.initialize(
        json!({ "workspace": { "configuration": true } }),
        json!({ "debounceMs": 0 }),
        None,
    );
    let uri = "file:///drafts/pulled.md";
    client.open(uri, "markdown", 1, &injected());
    diagnostics_where(&mut client, uri, |p| {
        !has(p, "preambular-opening") && has(p, "operative-numbering")
    });
    assert!(
        client
            .server_requests
            .iter()
            .any(|m| m == "workspace/configuration")
    );
}

#[test]
fn did_change_configuration_switches_rules_off_and_on() {
    let mut client = LspClient::start();
    let uri = "file:///drafts/changed.md";
    client.open(uri, "markdown", 1, &injected());
    diagnostics_where(&mut client, uri, |p| has(p, "footnote-undefined"));
    let off = json!({ "settings": { "resolute": { "debounceMs": 0, "rules": { "footnote-undefined": "off" } } } });
    client.notify("workspace/didChangeConfiguration", off);
    diagnostics_where(&mut client, uri, |p| {
        !has(p, "footnote-undefined") && has(p, "preambular-opening")
    });
    let on = json!({ "settings": { "resolute": { "debounceMs": 0, "rules": {} } } });
    client.notify("workspace/didChangeConfiguration", on);
    diagnostics_where(&mut client, uri, |p| has(p, "footnote-undefined"));
}

#[test]
fn invalid_settings_are_reported_and_the_rest_kept() {
    let mut client = LspClient::start();
    let uri = "file:///drafts/invalid.md";
    client.open(uri, "markdown", 1, &injected());
    diagnostics_where(&mut client, uri, |p| has(p, "footnote-undefined"));
    let bad = json!({ "settings": { "resolute": { "debounceMs": 0, "rules": { "no-such-rule": "off", "operative-numbering": "off" } } } });
    client.notify("workspace/didChangeConfiguration", bad);
    let message = client
        .notification("window/showMessage", |_| true, TIMEOUT)
        .expect("a warning");
    assert_eq!(message["type"], 2);
    assert!(
        message["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"),
        "{message}"
    );
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "\n" }] }));
    let p = diagnostics_where(&mut client, uri, |p| p["version"] == 2);
    assert!(
        has(&p, "footnote-undefined") && !has(&p, "operative-numbering"),
        "the valid entry still applies"
    );
}

#[test]
fn editing_resolute_toml_reloads_it() {
    let (root, uri) = workspace("debounceMs = 0\n");
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut client = start_in(&root, caps, json!({}));
    client
        .wait_message(|m| m["method"] == "client/registerCapability", TIMEOUT)
        .expect("a file watcher");
    client.open(&uri, "markdown", 1, &injected());
    diagnostics_where(&mut client, &uri, |p| has(p, "operative-numbering"));
    std::fs::write(
        root.join("resolute.toml"),
        "debounceMs = 0\n[rules]\noperative-numbering = \"off\"\n",
    )
    .unwrap();
    let change =
        json!({ "changes": [{ "uri": file_uri(&root.join("resolute.toml")), "type": 2 }] });
    client.notify("workspace/didChangeWatchedFiles", change);
    diagnostics_where(&mut client, &uri, |p| {
        !has(p, "operative-numbering") && has(p, "footnote-undefined")
    });
}

#[test]
fn markdown_suppression_comments_apply() {
    let text = injected().replacen(
        "*Recalls* all international",
        "<!-- resolute-disable-next-line preambular-opening -->\n*Recalls* all international",
        1,
    );
    let mut client = LspClient::start();
    let uri = "file:///drafts/suppressed.md";
    client.open(uri, "markdown", 1, &text);
    let p = diagnostics_where(&mut client, uri, |_| true);
    assert!(
        !has(&p, "preambular-opening") && has(&p, "operative-numbering"),
        "{:?}",
        codes(&p)
    );
}
