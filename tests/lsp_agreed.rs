//! Agreed language through `resolute lsp` over stdio, on the fixture corpus: the paragraph
//! index built after the precedent index with its own `$/progress`, hover on a paragraph,
//! the "Use the wording of …" action, paragraph search as workspace symbols, completion of
//! whole paragraphs and the near-agreed-language diagnostic (off by default).

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{
    LspClient, TIMEOUT, apply_workspace_edit, did_change, find, range_change, temp_dir, text_pos,
};
use resolute::source::Encoding;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

const URI: &str = "file:///drafts/agreed.md";

/// PP 19 of 71/167 with "women and children," changed to "women,".
const DRAFT: &str = "The General Assembly,

*Recognizing also* the need to address the impact of globalization on the particular problem of trafficking in women, in particular girls,

1. *Decides* to continue its consideration of the question.
";

fn options() -> Value {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
    json!({ "debounceMs": 0, "corpus": { "paths": [corpus], "bundled": false } })
}

/// A server that has indexed the fixture corpus's paragraphs, with `DRAFT` open.
fn indexed(options: Value) -> LspClient {
    let mut client = LspClient::spawn();
    client.initialize(
        json!({ "window": { "workDoneProgress": true } }),
        options,
        None,
    );
    let values = client.progress_until_end("resolute/agreed/1");
    assert_eq!(values[0]["title"], "Resolute: indexing agreed language");
    assert!(
        values.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .ends_with("paragraphs")
    );
    client.open(URI, "markdown", 1, DRAFT);
    client
}

fn at_globalization() -> Value {
    text_pos(URI, find(DRAFT, "globalization", 0))
}

#[test]
fn hover_names_the_closest_precedent_and_what_differs() {
    let mut client = indexed(options());
    let hover = client
        .request("textDocument/hover", at_globalization())
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("closest: 71/167 PP 19 — 2 words differ"),
        "{text}"
    );
    assert!(text.contains(r#"precedent: "and children""#), "{text}");
    assert!(text.contains("Trafficking in women and girls"), "{text}");
}

#[test]
fn the_action_restores_the_wording_of_the_precedent() {
    let mut client = indexed(options());
    let at = find(DRAFT, "globalization", 0);
    let params = json!({
        "textDocument": { "uri": URI },
        "range": { "start": { "line": at.0, "character": at.1 }, "end": { "line": at.0, "character": at.1 } },
        "context": { "diagnostics": [] }
    });
    let actions = client.request("textDocument/codeAction", params).unwrap();
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Use the wording of 71/167 PP 19")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(action["kind"], "refactor.rewrite");
    let done = apply_workspace_edit(DRAFT, &action["edit"], URI, Encoding::Utf16);
    assert!(
        done.contains(
            "*Recognizing also* the need to address the impact of globalization on the \
             particular problem of trafficking in women and children, in particular girls,\n"
        ),
        "{done}"
    );
    assert!(done.ends_with("consideration of the question.\n"), "{done}");
}

#[test]
fn workspace_symbols_search_the_paragraphs() {
    let mut client = indexed(options());
    let found = client
        .request(
            "workspace/symbol",
            json!({ "query": "\"impact of globalization\" trafficking" }),
        )
        .unwrap();
    let paragraph = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().starts_with("71/167 PP 19: "))
        .unwrap_or_else(|| panic!("{found:#}"));
    assert_eq!(
        paragraph["containerName"],
        "Trafficking in women and girls (2016-12-19)"
    );
    let line = paragraph["location"]["range"]["start"]["line"]
        .as_u64()
        .unwrap() as usize;
    let path = paragraph["location"]["uri"]
        .as_str()
        .unwrap()
        .strip_prefix("file://")
        .unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.lines()
            .nth(line)
            .unwrap()
            .contains("impact of globalization"),
        "line {line} of {path}"
    );
}

#[test]
fn completion_offers_whole_paragraphs_after_the_first_words() {
    let mut client = indexed(options());
    let uri = "file:///drafts/typing.md";
    let text = "The General Assembly,\n\n*Recognizing also* the need to address the impact";
    client.open(uri, "markdown", 1, text);
    let end = find(text, "impact", 0);
    let r = client
        .request("textDocument/completion", text_pos(uri, (end.0, end.1 + 6)))
        .unwrap();
    let items = r["items"].as_array().cloned().unwrap_or_default();
    let item = items
        .iter()
        .find(|i| {
            i["detail"]
                .as_str()
                .unwrap_or_default()
                .starts_with("71/167 PP 19")
        })
        .unwrap_or_else(|| panic!("{r:#}"));
    assert!(
        item["textEdit"]["newText"]
            .as_str()
            .unwrap()
            .ends_with("trafficking in women and children, in particular girls,")
    );
}

#[test]
fn near_agreed_language_is_reported_when_turned_on() {
    let mut options = options();
    options["rules"] = json!({ "near-agreed-language": "information" });
    let mut client = indexed(options);
    let found = client
        .wait_message(
            |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["diagnostics"]
                        .as_array()
                        .is_some_and(|d| d.iter().any(|d| d["code"] == "near-agreed-language"))
            },
            TIMEOUT,
        )
        .expect("a near-agreed-language diagnostic");
    let diagnostic = found["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "near-agreed-language")
        .unwrap()
        .clone();
    assert_eq!(diagnostic["severity"], 3);
    assert_eq!(diagnostic["range"]["start"]["line"], 2);
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .starts_with("near agreed language: closest: 71/167 PP 19 — 2 words differ")
    );
}

/// Building the paragraph index takes both cores for a moment: it waits for a pause in typing
/// (an index opened from the cache does not), and shows no progress while it waits.
#[test]
fn the_paragraph_index_is_built_in_a_pause_in_typing() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
    // A corpus folder of its own, so that no other test has cached its index.
    let corpus = temp_dir("agreed-pause");
    for file in std::fs::read_dir(&fixtures).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, corpus.join(file.file_name().unwrap())).unwrap();
    }
    let mut client = LspClient::spawn();
    client.initialize(
        json!({ "window": { "workDoneProgress": true } }),
        json!({ "debounceMs": 0, "corpus": { "paths": [corpus], "bundled": false } }),
        None,
    );
    client.open(URI, "markdown", 1, DRAFT);
    let agreed = |p: &Value| p["token"] == "resolute/agreed/1";
    let typing = Instant::now();
    let mut version = 1;
    while typing.elapsed() < Duration::from_millis(2500) {
        version += 1;
        let letter = if version % 2 == 0 { "x" } else { "" };
        let erased = if version % 2 == 0 { 0 } else { 1 };
        let change = range_change((0, 0), (0, erased), letter);
        client.send(&did_change(URI, version, vec![change]));
        let during = client.notification("$/progress", agreed, Duration::from_millis(150));
        assert!(during.is_none(), "indexing shown while typing: {during:?}");
    }
    let values = client.progress_until_end("resolute/agreed/1");
    assert!(
        (values.last().unwrap()["message"].as_str().unwrap()).ends_with("paragraphs"),
        "{values:?}"
    );
}
