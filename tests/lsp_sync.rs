//! Text synchronisation over stdio: incremental edits in both position encodings, version
//! jumps, stale versions and closed documents, clamping of positions past the end.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{ClientDoc, LspClient, did_change, fixture, range_change};
use resolute::source::Encoding;
use serde_json::{Value, json};

const URI: &str = "file:///stress/draft.md";

/// xorshift64*: reproducible randomness without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Pieces that make edits hard: multi-byte and astral characters, every line break, and
/// halves of CRLF.
const PIECES: &[&str] = &[
    "a",
    " ",
    "é",
    "😀",
    "中文",
    "ß",
    "\n",
    "\r\n",
    "\r",
    "x\r\ny",
    "Ibid.",
    "<sup>3</sup>",
    "",
];

/// A random position: sometimes past the end of its line, sometimes past the last line.
fn random_position(rng: &mut Rng, doc: &ClientDoc, encoding: Encoding) -> (u32, u32) {
    let lines = doc.text.split('\n').count() as u64;
    let line = rng.below(lines + 2) as u32;
    let line_len = doc
        .text
        .lines()
        .nth(line as usize)
        .map_or(0, |l| match encoding {
            Encoding::Utf8 => l.len(),
            Encoding::Utf16 => l.encode_utf16().count(),
        }) as u64;
    let col = if rng.below(10) == 0 {
        line_len + rng.below(5)
    } else {
        rng.below(line_len + 1)
    };
    (line, col as u32)
}

fn random_change(rng: &mut Rng, doc: &mut ClientDoc, encoding: Encoding) -> Value {
    let start = random_position(rng, doc, encoding);
    let end = if rng.below(3) == 0 {
        start
    } else {
        random_position(rng, doc, encoding)
    };
    let (start, end) = if rng.below(20) == 0 {
        (end, start)
    } else {
        (start.min(end), start.max(end))
    };
    let mut text = String::new();
    for _ in 0..rng.below(4) {
        text.push_str(PIECES[rng.below(PIECES.len() as u64) as usize]);
    }
    doc.apply(start, end, &text, encoding);
    range_change(start, end, &text)
}

/// A draft with every kind of line break.
fn mixed_line_breaks() -> String {
    let seed = fixture("A_RES_71_167.md");
    let head: String = seed.chars().take(12_000).collect();
    head.split('\n')
        .enumerate()
        .map(|(i, l)| match i % 3 {
            0 => format!("{l}\r\n"),
            1 => format!("{l}\n"),
            _ => format!("{l}\r"),
        })
        .collect()
}

/// 2,000 random edits sent without waiting, some notifications carrying several changes and
/// some versions jumping; the server must end with the client's exact text.
fn stress(capabilities: Value, expected: Encoding) {
    let mut client = LspClient::spawn();
    client.initialize(capabilities, json!({ "debounceMs": 0 }), None);
    assert_eq!(client.encoding, expected);
    let mut doc = ClientDoc {
        text: mixed_line_breaks(),
        version: 1,
    };
    client.open(URI, "markdown", 1, &doc.text);
    let mut rng = Rng(0x5eed_0000 + expected as u64);
    let mut edits = 0;
    while edits < 2000 {
        let n = 1 + rng.below(3) as usize;
        let changes: Vec<Value> = (0..n)
            .map(|_| random_change(&mut rng, &mut doc, expected))
            .collect();
        edits += n;
        doc.version += 1 + (rng.below(4) == 0) as i32 * rng.below(50) as i32;
        client.send(&did_change(URI, doc.version, changes));
    }
    let (version, text) = client.server_text(URI);
    assert_eq!(version, doc.version);
    assert!(
        text == doc.text,
        "server text differs from the client's after {edits} edits"
    );
    assert!(client.shutdown().success());
}

#[test]
fn random_edits_stay_in_sync_in_utf16() {
    stress(json!({}), Encoding::Utf16);
}

#[test]
fn random_edits_stay_in_sync_in_utf8() {
    stress(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        Encoding::Utf8,
    );
}

#[test]
fn utf16_is_chosen_when_utf8_is_not_offered() {
    let mut client = LspClient::spawn();
    let result = client.initialize(
        json!({ "general": { "positionEncodings": ["utf-32", "utf-16"] } }),
        json!({}),
        None,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
}

#[test]
fn versions_may_jump() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 0, "abc");
    client.send(&did_change(URI, 7, vec![range_change((0, 3), (0, 3), "d")]));
    client.send(&did_change(URI, 12, vec![range_change((0, 0), (0, 1), "")]));
    assert_eq!(client.server_text(URI), (12, "bcd".to_string()));
}

#[test]
fn stale_and_duplicate_versions_are_ignored() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 5, "abc");
    client.send(&did_change(URI, 5, vec![range_change((0, 0), (0, 0), "x")]));
    client.send(&did_change(URI, 6, vec![range_change((0, 0), (0, 0), "y")]));
    client.send(&did_change(URI, 6, vec![range_change((0, 0), (0, 0), "z")]));
    assert_eq!(client.server_text(URI), (6, "yabc".to_string()));
}

/// A change sent after `didClose`, or before `didOpen`, belongs to no open document: it must
/// not reach the document opened next under the same URI.
#[test]
fn changes_to_a_closed_document_die_with_it() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, "hello");
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let stale = did_change(URI, 2, vec![range_change((0, 0), (0, 0), "STALE ")]);
    client.send(&stale);
    client.open(URI, "markdown", 1, "hello");
    assert_eq!(client.server_text(URI), (1, "hello".to_string()));
    let other = "file:///stress/other.md";
    client.send(&did_change(
        other,
        2,
        vec![range_change((0, 1), (0, 1), "!")],
    ));
    client.open(other, "markdown", 1, "ab");
    assert_eq!(client.server_text(other), (1, "ab".to_string()));
}

#[test]
fn positions_past_the_end_clamp() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, "é😀\r\nend");
    let changes = vec![
        // Past the end of line 0 (before its CRLF), inside the surrogate pair, past the last line.
        range_change((0, 99), (0, 99), "|"),
        range_change((0, 2), (0, 2), "<"),
        range_change((40, 3), (50, 0), ">"),
        json!({ "range": { "start": { "line": 4294967295u32, "character": 4294967295u32 },
                           "end": { "line": 4294967295u32, "character": 4294967295u32 } }, "text": "$" }),
    ];
    client.send(&did_change(URI, 2, changes));
    assert_eq!(client.server_text(URI), (2, "é<😀|\r\nend>$".to_string()));
}

#[test]
fn a_change_without_range_replaces_the_text() {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, "old");
    client.send(&did_change(URI, 2, vec![json!({ "text": "new\r\ntext" })]));
    assert_eq!(client.server_text(URI), (2, "new\r\ntext".to_string()));
}
