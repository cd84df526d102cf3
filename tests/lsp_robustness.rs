//! The server survives what a client may send: unknown methods, documents never opened,
//! positions past the end, malformed JSON, misframed messages, invalid parameters, a 10 MB
//! document, a flood of requests on a big one, cancellations; and `shutdown`/`exit` end it
//! promptly with the right exit code.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{LspClient, TIMEOUT, fixture, pos, text_pos};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const URI: &str = "file:///drafts/draft.md";

/// The server still answers: a round trip through a real request.
fn still_alive(client: &mut LspClient) {
    client.open("file:///alive.md", "markdown", 1, "alive");
    assert_eq!(
        client.server_text("file:///alive.md"),
        (1, "alive".to_string())
    );
}

#[test]
fn unknown_methods_get_method_not_found() {
    let mut client = LspClient::start();
    let err = client
        .request("resolute/noSuchThing", json!({}))
        .unwrap_err();
    assert_eq!(err["code"], -32601);
    client.notify("resolute/noSuchNotification", json!({ "x": 1 }));
    client.notify("$/setTrace", json!({ "value": "verbose" }));
    client.notify("$/resolute/noSuchThing", json!({}));
    still_alive(&mut client);
}

/// `$/` methods are optional for notifications, but a request must still be answered.
#[test]
fn dollar_requests_get_method_not_found() {
    let mut client = LspClient::start();
    for method in [
        "$/resolute/noSuchThing",
        "$/cancelRequest",
        "$/resolute/invalidMessage",
    ] {
        let err = client.request(method, json!({ "id": 1 })).unwrap_err();
        assert_eq!(err["code"], -32601, "{method}: {err}");
    }
    still_alive(&mut client);
}

/// After each misframed message, the next valid one is served: the server finds the next
/// `Content-Length` header again.
#[test]
fn misframed_messages_leave_the_next_one_served() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, "served");
    let request = |id: i64, text: &str| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "resolute/documentText",
                "params": { "textDocument": { "uri": URI }, "note": text } })
        .to_string()
    };
    let framed = |body: &str, length: usize| format!("Content-Length: {length}\r\n\r\n{body}");
    let one_short = request(900, "x");
    let multibyte = request(901, "é😀 中文 — «ü»");
    let variants = [
        (
            "a length that is no number",
            "Content-Length: abc\r\n\r\n{}".to_string(),
        ),
        (
            "a length one byte short",
            framed(&one_short, one_short.len() - 1),
        ),
        (
            "a length counted in characters",
            framed(&multibyte, multibyte.chars().count()),
        ),
        (
            "junk without a newline",
            "junk without a newline".to_string(),
        ),
    ];
    for (n, (what, bytes)) in variants.into_iter().enumerate() {
        client.send_unframed(bytes.as_bytes());
        let id = 1000 + n as i64;
        client.send_raw(request(id, "valid").as_bytes());
        let answer = client
            .response(id)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(answer["text"], "served", "{what}");
    }
}

#[test]
fn requests_for_documents_never_opened_are_invalid_params() {
    let mut client = LspClient::start();
    let never = "file:///never/opened.md";
    for (method, params) in [
        ("textDocument/hover", text_pos(never, (0, 0))),
        ("textDocument/definition", text_pos(never, (0, 0))),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": never } }),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": never } }),
        ),
        (
            "resolute/documentText",
            json!({ "textDocument": { "uri": never } }),
        ),
    ] {
        let err = client.request(method, params).unwrap_err();
        assert_eq!(err["code"], -32602, "{method}");
        assert!(
            err["message"].as_str().unwrap().contains("not open"),
            "{method}: {err}"
        );
    }
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": never } }),
    );
    still_alive(&mut client);
}

#[test]
fn positions_past_the_end_are_clamped() {
    let mut client = LspClient::start();
    let text = fixture("A_RES_59_166.md");
    client.open(URI, "markdown", 1, &text);
    for at in [(9999, 0), (0, 9999), (u32::MAX, u32::MAX)] {
        assert!(
            client
                .request("textDocument/hover", text_pos(URI, at))
                .is_ok()
        );
        assert!(
            client
                .request("textDocument/definition", text_pos(URI, at))
                .is_ok()
        );
        assert!(
            client
                .request("textDocument/completion", text_pos(URI, at))
                .is_ok()
        );
    }
    let range = json!({ "textDocument": { "uri": URI }, "range": { "start": pos((5000, 3)), "end": pos((2, 0)) },
                        "context": { "diagnostics": [] } });
    assert!(
        client
            .request("textDocument/codeAction", range.clone())
            .is_ok()
    );
    assert!(client.request("textDocument/inlayHint", range).is_ok());
}

#[test]
fn malformed_json_is_answered_and_skipped() {
    let mut client = LspClient::start();
    client.send_raw(b"{ this is not json");
    let reply = client
        .wait_message(|m| m.get("error").is_some() && m["id"].is_null(), TIMEOUT)
        .expect("a parse error");
    assert_eq!(reply["error"]["code"], -32700);
    client.send_raw(br#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover"}"#);
    let err = client.response(99).unwrap_err();
    assert_eq!(err["code"], -32602, "a request without its params");
    client.send_raw(br#"{"id":100,"method":17}"#);
    assert_eq!(
        client.response(100).unwrap_err()["code"],
        -32600,
        "JSON that is no message"
    );
    // One at a time: tower-lsp-server refuses a second request with the same (null) id while
    // the first is in flight.
    let bad: [(&[u8], bool, i64); 4] = [
        (&[0xff, 0xfe, b'{'], true, -32700),
        (b"[1, 2, 3]", true, -32600),
        (b"Content-Type: no length\r\n\r\n", false, -32700),
        (
            b"Content-Length: 99999999999999999999\r\n\r\n",
            false,
            -32700,
        ),
    ];
    for (bytes, framed, code) in bad {
        if framed {
            client.send_raw(bytes);
        } else {
            client.send_unframed(bytes);
        }
        let reply = client.wait_message(|m| m.get("error").is_some() && m["id"].is_null(), TIMEOUT);
        assert_eq!(
            reply.expect("an error")["error"]["code"],
            code,
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    still_alive(&mut client);
}

#[test]
fn invalid_params_are_invalid_params() {
    let mut client = LspClient::start();
    for (method, params) in [
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": -1, "character": "x" } }),
        ),
        ("textDocument/hover", json!({ "textDocument": 5 })),
        ("textDocument/codeAction", json!([1, 2, 3])),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "not a uri" } }),
        ),
        (
            "workspace/executeCommand",
            json!({ "command": "resolute.fixAll" }),
        ),
    ] {
        let err = client.request(method, params).unwrap_err();
        assert_eq!(err["code"], -32602, "{method}: {err}");
    }
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI } }),
    );
    client.notify("textDocument/didOpen", json!({ "textDocument": 1 }));
    still_alive(&mut client);
}

/// A 10 MB resolution: the seed's operative part repeated.
fn ten_megabytes() -> String {
    let seed = fixture("A_RES_71_167.md");
    let mut text = seed.clone();
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&seed);
    }
    text
}

#[test]
fn a_ten_megabyte_document_is_served() {
    let mut client = LspClient::start();
    let text = ten_megabytes();
    let started = Instant::now();
    client.open(URI, "markdown", 1, &text);
    client.send(&lsp_client::did_change(
        URI,
        2,
        vec![lsp_client::range_change((3, 0), (3, 0), "x")],
    ));
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    assert!(!symbols.as_array().unwrap().is_empty());
    let hover = client
        .request(
            "textDocument/hover",
            text_pos(URI, lsp_client::find(&text, "<sup>1</sup>", 5)),
        )
        .unwrap();
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Footnote 1")
    );
    client.diagnostics_for(URI, 2);
    let (version, served) = client.server_text(URI);
    assert_eq!((version, served.len()), (2, text.len() + 1));
    eprintln!(
        "10 MB document: open, edit, outline, hover and diagnostics in {:?}",
        started.elapsed()
    );
}

/// A draft of about 850 KB: the seed's text repeated.
fn big_draft() -> String {
    fixture("A_RES_71_167.md").repeat(20)
}

/// The answers to `ids`, in the order they arrived.
fn answers_in_order(client: &mut LspClient, ids: &[i64]) -> Vec<Value> {
    (0..ids.len())
        .map(|_| {
            client
                .wait_message(
                    |m| m.get("method").is_none() && ids.iter().any(|id| m["id"] == *id),
                    TIMEOUT,
                )
                .expect("an answer")
        })
        .collect()
}

/// Forty outlines of a big draft are outstanding: a hover on a small draft is answered before
/// any of them, the twenty cancelled ones are answered "cancelled", the others in full.
#[test]
fn requests_on_a_big_draft_neither_starve_others_nor_outlive_cancellation() {
    let mut client = LspClient::start();
    let big = "file:///drafts/big.md";
    client.open(big, "markdown", 1, &big_draft());
    let small_text = fixture("A_RES_59_166.md");
    client.open(URI, "markdown", 1, &small_text);
    let outlines: Vec<i64> = (0..40)
        .map(|_| {
            client.send_request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": big } }),
            )
        })
        .collect();
    let at = lsp_client::find(&small_text, "<sup>1</sup>", 5);
    let hover = client.send_request("textDocument/hover", text_pos(URI, at));
    let cancelled = &outlines[20..];
    for id in cancelled {
        client.notify("$/cancelRequest", json!({ "id": id }));
    }
    let mut ids = outlines.clone();
    ids.push(hover);
    let answers = answers_in_order(&mut client, &ids);
    let (cancels, rest): (Vec<&Value>, Vec<&Value>) = answers
        .iter()
        .partition(|a| cancelled.iter().any(|id| a["id"] == *id));
    for answer in cancels {
        assert_eq!(answer["error"]["code"], -32800, "{}", answer["id"]);
    }
    assert_eq!(rest[0]["id"], hover, "the small draft's hover comes first");
    for answer in &rest[1..] {
        let symbols = answer["result"].as_array();
        assert!(symbols.is_some_and(|s| !s.is_empty()), "{}", answer["id"]);
    }
}

#[test]
fn shutdown_then_exit_ends_with_zero_promptly() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, &fixture("A_RES_71_167.md"));
    client.request("shutdown", Value::Null).unwrap();
    let err = client
        .request("textDocument/hover", text_pos(URI, (0, 0)))
        .unwrap_err();
    assert_eq!(err["code"], -32600, "requests after shutdown are invalid");
    let asked = Instant::now();
    client.notify("exit", Value::Null);
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(0));
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "exit took {:?}",
        asked.elapsed()
    );
}

#[test]
fn exit_without_shutdown_ends_with_one() {
    let mut client = LspClient::start();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn end_of_input_ends_the_server() {
    let mut client = LspClient::start();
    client.close_stdin();
    assert_eq!(client.wait_exit().code(), Some(1));
}
