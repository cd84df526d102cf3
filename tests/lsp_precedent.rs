//! The precedent index through `resolute lsp` over stdio: indexing with `$/progress`, hover,
//! definition, references, workspace symbols, completion and document links on a draft, the
//! citation rules once the index is ready, and no diagnostics for the corpus's own files.
//!
//! Most servers index the small fixture corpus (`tests/fixtures/precedent/`, 11 resolutions);
//! one indexes the bundled corpus.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{
    LspClient, TIMEOUT, apply_text_edits, file_uri, find, pos, temp_dir, test_cache_dir, text_pos,
};
use resolute::source::Encoding;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const URI: &str = "file:///drafts/precedent.md";

const DRAFT: &str = "The General Assembly,

*Recalling* its resolution 59/166 of 20 December 2004 and the Convention on the Rights of the Child,<sup>1</sup>

1. *Urges* States to ratify the Convention on the Rights of the Child;

<sup>1</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.
";

fn fixture_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent")
}

/// Settings indexing only the fixture corpus.
fn options() -> Value {
    json!({ "debounceMs": 0, "corpus": { "paths": [fixture_corpus()], "bundled": false } })
}

fn progress_capabilities() -> Value {
    json!({ "window": { "workDoneProgress": true } })
}

/// A server that has indexed the fixture corpus, with `DRAFT` open.
fn indexed() -> LspClient {
    let mut client = LspClient::spawn();
    client.initialize(progress_capabilities(), options(), None);
    client.progress_until_end("resolute/precedents/1");
    client.open(URI, "markdown", 1, DRAFT);
    client
}

fn at(needle: &str) -> Value {
    text_pos(URI, find(DRAFT, needle, 0))
}

fn line_of_file(uri: &Value, line: &Value) -> String {
    let path = uri.as_str().unwrap().strip_prefix("file://").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let n = line.as_u64().unwrap() as usize;
    text.lines().nth(n).unwrap_or_default().to_string()
}

#[test]
fn indexing_reports_progress_and_follows_the_corpus_settings() {
    let mut client = LspClient::spawn();
    let init = client.initialize(
        progress_capabilities(),
        json!({ "debounceMs": 0, "corpus": { "bundled": false } }),
        None,
    );
    assert_eq!(init["capabilities"]["workspaceSymbolProvider"], true);
    assert_eq!(
        init["capabilities"]["documentLinkProvider"]["resolveProvider"],
        false
    );
    let first = client.progress_until_end("resolute/precedents/1");
    assert_eq!(first[0]["kind"], "begin");
    assert_eq!(first[0]["title"], "Resolute: indexing precedents");
    assert_eq!(first[0]["percentage"], 0);
    assert!(
        client
            .server_requests
            .iter()
            .any(|m| m == "window/workDoneProgress/create")
    );
    // Nothing indexed: no symbols.
    let none = client
        .request("workspace/symbol", json!({ "query": "59/166" }))
        .unwrap();
    assert_eq!(none, json!([]));
    // A new corpus setting indexes again, with its own progress.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "resolute": options() } }),
    );
    let second = client.progress_until_end("resolute/precedents/2");
    let reports: Vec<u64> = second
        .iter()
        .filter(|v| v["kind"] == "report")
        .map(|v| v["percentage"].as_u64().unwrap())
        .collect();
    assert_eq!(reports.last(), Some(&100), "{second:?}");
    assert!(reports.windows(2).all(|w| w[0] < w[1]), "{reports:?}");
    let message = second.last().unwrap()["message"].as_str().unwrap();
    assert!(message.starts_with("11 resolutions, "), "{message}");
    let found = client
        .request("workspace/symbol", json!({ "query": "59/166" }))
        .unwrap();
    assert_eq!(found[0]["name"], "A/RES/59/166");
}

#[test]
fn hover_on_a_resolution_reference_and_an_instrument_name() {
    let mut client = indexed();
    let h = client.request("textDocument/hover", at("59/166")).unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**A/RES/59/166** — Trafficking in women and girls"),
        "{md}"
    );
    assert!(
        md.contains("Adopted by the General Assembly on 20 December 2004"),
        "{md}"
    );
    assert!(md.contains("https://undocs.org/en/A/RES/59/166"), "{md}");
    assert_eq!(
        h["range"]["start"],
        pos(find(DRAFT, "resolution 59/166", 0))
    );

    let h = client
        .request("textDocument/hover", at("Rights of the Child,"))
        .unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**Convention on the Rights of the Child**"),
        "{md}"
    );
    assert!(
        md.contains("Standard citation: United Nations, *Treaty Series*, vol. 1577, No. 27531."),
        "{md}"
    );
    assert!(md.contains("Cited in A/RES/77/240, footnote 5"), "{md}");
    // The footnote marker keeps its own hover.
    let h = client
        .request(
            "textDocument/hover",
            text_pos(URI, find(DRAFT, "<sup>1</sup>", 6)),
        )
        .unwrap();
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**Footnote 1**")
    );
}

#[test]
fn definition_goes_to_the_precedents() {
    let mut client = indexed();
    let targets = client
        .request("textDocument/definition", at("59/166"))
        .unwrap();
    let targets = targets.as_array().unwrap();
    assert_eq!(targets.len(), 1);
    let uri = &targets[0]["uri"];
    assert_eq!(
        uri.as_str().unwrap(),
        file_uri(&fixture_corpus().join("A_RES_59_166.md"))
    );
    let line = line_of_file(uri, &targets[0]["range"]["start"]["line"]);
    assert!(
        line.contains("59/166. Trafficking in women and girls"),
        "{line}"
    );

    let places = client
        .request("textDocument/definition", at("Convention on the Rights"))
        .unwrap();
    let places = places.as_array().unwrap();
    assert_eq!(places.len(), 1, "the standard citation only: {places:?}");
    for place in places {
        let line = line_of_file(&place["uri"], &place["range"]["start"]["line"]);
        assert!(line.contains("Rights of the Child"), "{line}");
    }
}

#[test]
fn references_in_the_draft_and_in_the_corpus() {
    let mut client = indexed();
    let refs = |client: &mut LspClient, needle: &str| -> Vec<Value> {
        let mut params = at(needle);
        params["context"] = json!({ "includeDeclaration": true });
        let r = client.request("textDocument/references", params).unwrap();
        r.as_array().unwrap().clone()
    };
    let uses = refs(&mut client, "59/166");
    let (here, corpus): (Vec<&Value>, Vec<&Value>) = uses.iter().partition(|l| l["uri"] == URI);
    assert_eq!(here.len(), 1);
    assert_eq!(corpus.len(), 1);
    assert!(
        corpus[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("A_RES_61_180.txt")
    );

    let uses = refs(&mut client, "Convention on the Rights");
    let here: Vec<&Value> = uses.iter().filter(|l| l["uri"] == URI).collect();
    assert_eq!(here.len(), 2, "both mentions in the draft: {uses:?}");
    assert!(uses.len() > 5);
}

#[test]
fn workspace_symbols_by_symbol_title_and_name() {
    let mut client = indexed();
    let found = client
        .request("workspace/symbol", json!({ "query": "trafficking women" }))
        .unwrap();
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.starts_with(&["A/RES/71/167", "A/RES/61/144", "A/RES/59/166"]),
        "{names:?}"
    );
    let first = &found[0];
    assert_eq!(first["kind"], 1, "a resolution is a file");
    assert!(
        first["containerName"]
            .as_str()
            .unwrap()
            .contains("Trafficking")
    );
    let line = line_of_file(
        &first["location"]["uri"],
        &first["location"]["range"]["start"]["line"],
    );
    assert!(line.contains("71/167."), "{line}");

    let found = client
        .request(
            "workspace/symbol",
            json!({ "query": "rights of the child" }),
        )
        .unwrap();
    assert!(found.as_array().unwrap().iter().any(|s| {
        s["name"] == "Convention on the Rights of the Child"
            && s["containerName"] == "United Nations, Treaty Series, vol. 1577, No. 27531."
    }));
}

#[test]
fn completion_of_resolution_numbers() {
    let mut client = indexed();
    let text = format!("{DRAFT}\n*Recalling also* its resolution 59/1");
    let uri = "file:///drafts/typing.md";
    client.open(uri, "markdown", 1, &text);
    let end = find(&text, "also* its resolution 59/1", 25);
    let r = client
        .request("textDocument/completion", text_pos(uri, end))
        .unwrap();
    assert_eq!(r["isIncomplete"], true);
    let items = r["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["label"], "59/166");
    assert_eq!(
        items[0]["textEdit"]["newText"],
        "59/166 of 20 December 2004"
    );
    let done = apply_text_edits(&text, &[items[0]["textEdit"].clone()], Encoding::Utf16);
    assert!(
        done.ends_with("its resolution 59/166 of 20 December 2004"),
        "{done:?} {items:?}"
    );
}

#[test]
fn completion_of_an_instrument_adds_its_footnote() {
    let mut client = indexed();
    let text = DRAFT.replace(
        "1. *Urges* States to ratify the Convention on the Rights of the Child;",
        "*Noting* the Convention on the Ri\n\n1. *Urges* States to ratify the Convention on the Rights of the Child;",
    );
    let uri = "file:///drafts/instrument.md";
    client.open(uri, "markdown", 1, &text);
    let end = find(&text, "Ri\n", 2);
    let r = client
        .request("textDocument/completion", text_pos(uri, end))
        .unwrap();
    let item = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "Convention on the Rights of the Child")
        .expect("the instrument is offered")
        .clone();
    assert_eq!(
        item["detail"],
        "United Nations, Treaty Series, vol. 1577, No. 27531."
    );
    let mut edits = vec![item["textEdit"].clone()];
    edits.extend(
        item["additionalTextEdits"]
            .as_array()
            .unwrap()
            .iter()
            .cloned(),
    );
    let done = apply_text_edits(&text, &edits, Encoding::Utf16);
    assert!(
        done.contains("*Noting* the Convention on the Rights of the Child<sup>2</sup>\n"),
        "{done}"
    );
    assert!(
        done.ends_with(
            "<sup>1</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n"
        ),
        "{done}"
    );
}

#[test]
fn document_links_to_the_official_texts() {
    let mut client = indexed();
    let links = client
        .request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["target"], "https://undocs.org/en/A/RES/59/166");
    assert_eq!(links[0]["range"]["start"], pos(find(DRAFT, "59/166", 0)));
}

#[test]
fn citation_rules_run_once_the_index_is_ready() {
    let mut client = LspClient::spawn();
    client.initialize(json!({}), options(), None);
    // Opened at once: whether before or after the index is ready, the date is checked.
    let text = DRAFT.replace("20 December 2004", "21 December 2004");
    client.open(URI, "markdown", 1, &text);
    let params = client
        .notification(
            "textDocument/publishDiagnostics",
            |p| {
                p["uri"] == URI
                    && p["diagnostics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|d| d["code"] == "resolution-date-mismatch")
            },
            TIMEOUT,
        )
        .expect("the wrong date is reported");
    let d = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "resolution-date-mismatch")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"]["start"], pos(find(&text, "21 December 2004", 0)));
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": URI },
                "range": d["range"],
                "context": { "diagnostics": [d], "only": ["quickfix"] },
            }),
        )
        .unwrap();
    let fix = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(fix["newText"], "20 December 2004");
}

#[test]
fn a_draft_opened_while_the_cached_index_loads_gets_complete_first_diagnostics() {
    // The first server builds the cache; the second loads it, and the draft is opened at once.
    let mut first = LspClient::spawn();
    first.initialize(progress_capabilities(), options(), None);
    first.progress_until_end("resolute/precedents/1");
    first.shutdown();
    let mut client = LspClient::spawn();
    client.initialize(json!({}), options(), None);
    let text = DRAFT.replace("20 December 2004", "21 December 2004");
    client.open(URI, "markdown", 1, &text);
    let codes: Vec<Value> = (client.diagnostics_for(URI, 1).iter())
        .map(|d| d["code"].clone())
        .collect();
    assert!(
        codes.contains(&json!("resolution-date-mismatch")),
        "the first diagnostics lack the citation checks: {codes:?}"
    );
}

#[test]
fn pull_clients_are_asked_to_pull_again_once_the_index_is_ready() {
    let mut client = LspClient::spawn();
    let caps = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } },
        "window": { "workDoneProgress": true },
    });
    let no_corpus = json!({ "debounceMs": 0, "corpus": { "bundled": false } });
    client.initialize(caps, no_corpus, None);
    let text = DRAFT.replace("20 December 2004", "21 December 2004");
    client.open(URI, "markdown", 1, &text);
    let mismatch = |client: &mut LspClient| {
        let params = json!({ "textDocument": { "uri": URI } });
        let report = client.request("textDocument/diagnostic", params).unwrap();
        let items = report["items"].as_array().unwrap().clone();
        items
            .iter()
            .any(|d| d["code"] == "resolution-date-mismatch")
    };
    assert!(!mismatch(&mut client), "no corpus, no citation check");
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "resolute": options() } }),
    );
    client.progress_until_end("resolute/precedents/2");
    // One refresh for the new settings, one for the index.
    for _ in 0..2 {
        client
            .wait_message(|m| m["method"] == "workspace/diagnostic/refresh", TIMEOUT)
            .expect("refresh request");
    }
    assert!(mismatch(&mut client));
}

#[test]
fn corpus_files_get_no_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A relative corpus folder is read from the workspace root, not the server's directory.
    let mut client = LspClient::spawn_in(Some(&temp_dir("lsp-precedent-cwd")));
    let options = json!({ "debounceMs": 0, "corpus": { "paths": ["tests/fixtures/precedent"], "bundled": false } });
    client.initialize(json!({}), options, Some(root));
    let path = fixture_corpus().join("A_RES_59_166.md");
    // An undefined marker: a problem in any draft.
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "women and girls,",
        "women and girls,<sup>99</sup>",
        1,
    );
    let corpus_uri = file_uri(&path);
    client.open(&corpus_uri, "markdown", 1, &text);
    let draft_uri = "file:///drafts/copy.md";
    client.open(draft_uri, "markdown", 1, &text);
    let draft = client.diagnostics_for(draft_uri, 1);
    assert!(draft.iter().any(|d| d["code"] == "footnote-undefined"));
    let corpus = client.published(&corpus_uri, Duration::from_millis(500));
    assert!(
        corpus.iter().all(|p| p["diagnostics"] == json!([])),
        "{corpus:?}"
    );
}

/// Resolution 68/268 is not in the fixture corpus; two of its resolutions cite it.
#[test]
fn a_resolution_known_from_its_citations() {
    let mut client = LspClient::spawn();
    client.initialize(progress_capabilities(), options(), None);
    client.progress_until_end("resolute/precedents/1");
    let text = "The General Assembly,\n\n*Recalling* its resolution 68/268 of 10 April 2014,\n";
    client.open(URI, "markdown", 1, text);
    let found = client.diagnostics_for(URI, 1);
    assert!(
        found
            .iter()
            .any(|d| d["code"] == "resolution-date-mismatch"),
        "{found:?}"
    );
    let at = text_pos(URI, find(text, "68/268", 0));
    let hover = client.request("textDocument/hover", at.clone()).unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("2 resolutions in the corpus cite it as adopted on 9 April 2014"),
        "{md}"
    );
    let targets = client.request("textDocument/definition", at).unwrap();
    assert_eq!(targets.as_array().unwrap().len(), 2, "{targets}");
}

/// A resolution added to a user's corpus folder is indexed without a restart: the server asks
/// the client to watch the folder and indexes again on its `workspace/didChangeWatchedFiles`.
#[test]
fn corpus_folders_are_watched() {
    let folder = temp_dir("lsp-watched-corpus");
    let capabilities = json!({
        "window": { "workDoneProgress": true },
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true, "relativePatternSupport": true } }
    });
    let mut client = LspClient::spawn();
    let settings = json!({ "debounceMs": 0, "corpus": { "paths": [folder], "bundled": false } });
    client.initialize(capabilities, settings, None);
    client.progress_until_end("resolute/precedents/1");
    // The undefined marker makes sure that something is published.
    let text = "The General Assembly,\n\n*Recalling* its resolution 59/166 of 21 December 2004,<sup>9</sup>\n";
    client.open(URI, "markdown", 1, text);
    let mismatch = |d: &Value| d["code"] == "resolution-date-mismatch";
    assert!(!client.diagnostics_for(URI, 1).iter().any(mismatch));
    let watchers: Vec<&Value> = client
        .registrations
        .iter()
        .filter(|r| r["method"] == "workspace/didChangeWatchedFiles")
        .flat_map(|r| r["registerOptions"]["watchers"].as_array().unwrap())
        .collect();
    let folder_uri = file_uri(&folder);
    assert!(
        watchers
            .iter()
            .any(|w| w["globPattern"]["baseUri"] == folder_uri.as_str()
                && w["globPattern"]["pattern"] == "**/*.{md,txt}"),
        "{watchers:?}"
    );
    let added = folder.join("A_RES_59_166.md");
    std::fs::copy(fixture_corpus().join("A_RES_59_166.md"), &added).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&added), "type": 1 }] }),
    );
    let second = client.progress_until_end("resolute/precedents/2");
    let message = second.last().unwrap()["message"].as_str().unwrap();
    assert!(message.starts_with("1 resolutions, "), "{message}");
    let rechecked = client.notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == URI && p["diagnostics"].as_array().unwrap().iter().any(mismatch),
        TIMEOUT,
    );
    assert!(rechecked.is_some());
}

/// With no settings and no source tree (no `$RESOLUTE_CORPUS`), the corpus packed into the
/// binary is unpacked into the cache folder, indexed, and opened by go-to-definition; its files
/// get no diagnostics.
#[test]
fn the_packed_corpus_is_indexed_by_default() {
    let mut client = LspClient::spawn_packed(&test_cache_dir());
    client.initialize(progress_capabilities(), json!({ "debounceMs": 0 }), None);
    let values = client.progress_until_end("resolute/precedents/1");
    let summary = values.last().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    let resolutions: usize = summary.split(' ').next().unwrap().parse().unwrap();
    assert!(resolutions > 900, "{summary}");
    let text = "The General Assembly,\n\n*Recalling* its resolution 75/174 of 16 December 2020,\n";
    client.open(URI, "markdown", 1, text);
    let at = text_pos(URI, find(text, "75/174", 0));
    let h = client.request("textDocument/hover", at.clone()).unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**A/RES/75/174**"), "{md}");
    assert!(md.contains("Adopted by the General Assembly on"), "{md}");
    let found = client.request("textDocument/definition", at).unwrap();
    let uri = found[0]["uri"].as_str().unwrap();
    let path = PathBuf::from(uri.strip_prefix("file://").unwrap());
    assert!(path.starts_with(test_cache_dir().join("resolute")), "{uri}");
    assert!(path.ends_with("A_RES_75_174.md"), "{uri}");
    assert!(line_of_file(&found[0]["uri"], &found[0]["range"]["start"]["line"]).contains("75/174"));
    let precedent = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(",", ",<sup>99</sup>", 1);
    client.open(uri, "markdown", 1, &precedent);
    let published = client.published(uri, Duration::from_millis(500));
    assert!(
        published.iter().all(|p| p["diagnostics"] == json!([])),
        "{published:?}"
    );
}

/// A cache folder that cannot be written: the server says so and goes on without the bundled
/// corpus.
#[test]
fn a_corpus_that_cannot_be_unpacked_is_reported() {
    let dir = temp_dir("lsp-unwritable-cache");
    let not_a_folder = dir.join("file");
    std::fs::write(&not_a_folder, "").unwrap();
    let mut client = LspClient::spawn_packed(&not_a_folder);
    client.initialize(progress_capabilities(), json!({ "debounceMs": 0 }), None);
    let shown = client
        .notification("window/showMessage", |_| true, TIMEOUT)
        .expect("a message");
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("cannot unpack the bundled corpus"),
        "{message}"
    );
    assert_eq!(shown["type"], 2, "a warning");
    let values = client.progress_until_end("resolute/precedents/1");
    assert!(
        values.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .starts_with("0 resolutions")
    );
    client.open(URI, "markdown", 1, DRAFT);
    assert!(!client.diagnostics_for(URI, 1).is_empty());
}
