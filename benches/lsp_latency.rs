//! Keystroke-to-diagnostics latency at the LSP boundary, resident memory with ten large
//! drafts open, and hover and definition latency with the bundled precedent corpus loaded:
//! `cargo bench --bench lsp_latency`.
//!
//! The server runs as `resolute lsp` with `debounceMs: 0`. Each keystroke types or deletes one
//! character in operative paragraph 1 of the longest corpus resolution (A/RES/76/258, 224 KB),
//! before an undefined footnote marker on the same line, so that every keystroke moves a
//! diagnostic and the server must publish; the latency is from writing the `didChange` to
//! reading the `publishDiagnostics` of its version. Once with consecutive versions, once with
//! versions that jump as Neovim's `changedtick` does: both should cost the same.

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{
    LspClient, TIMEOUT, did_change, find, fixture, range_change, test_cache_dir, text_pos,
};
use resolute::config::Config;
use resolute::features::{Analysis, Kept, Precedents};
use resolute::model::Format;
use resolute::precedent::PrecedentIndex;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEYSTROKES: usize = 500;
const WARMUP: usize = 20;
const DRAFT: &str = "A_RES_76_258.md";
/// Keystrokes go into operative paragraph 1, before "Doha" ([`EDITED_AT`] bytes into this).
const EDITED: &str = "1. *Endorses* the Doha";
const EDITED_AT: usize = 18;

fn main() {
    let text = fixture(DRAFT).replacen(
        "implementing the Programme of Action;",
        "implementing the Programme of Action;<sup>99</sup>",
        1,
    );
    floor(&text);
    incremental(&text);
    latency(LspClient::start(), &text, "no precedents", 1);
    latency(
        LspClient::start(),
        &text,
        "no precedents, versions jumping",
        7,
    );
    memory(&text);
    precedents(&text);
}

/// The same parse and check in process, without LSP: what a keystroke costs at least.
fn floor(text: &str) {
    let config = Arc::new(Config::default());
    let mut samples: Vec<Duration> = (0..WARMUP + 100)
        .map(|_| {
            let started = Instant::now();
            Analysis::new(text.to_string(), Format::Markdown, config.clone());
            started.elapsed()
        })
        .skip(WARMUP)
        .collect();
    samples.sort();
    println!("{}", summary("in-process parse + check (no LSP)", &samples));
}

/// The keystrokes of [`latency`] analysed in process, each reusing what the analysis before
/// it kept, as the server does: what the server spends on one, without the protocol.
fn incremental(text: &str) {
    let config = Arc::new(Config::default());
    let index = Arc::new(PrecedentIndex::load_or_build(&config.corpus, |_, _| {}));
    let at = text.find(EDITED).expect("the edited paragraph") + EDITED_AT;
    for (setting, index) in [("no precedents", None), ("bundled precedents", Some(index))] {
        let kept = Arc::new(Kept::default());
        let mut previous = None;
        let mut samples = Vec::with_capacity(KEYSTROKES);
        for i in 0..WARMUP + KEYSTROKES {
            let typed = if i % 2 == 0 { "x" } else { "" };
            let version = format!("{}{typed}{}", &text[..at], &text[at..]);
            let precedents = Precedents {
                index: index.clone(),
                kept: Some(kept.clone()),
                ..Precedents::default()
            };
            let started = Instant::now();
            let analysis =
                Analysis::with_precedents(version, Format::Markdown, config.clone(), precedents);
            if i >= WARMUP {
                samples.push(started.elapsed());
            }
            previous = Some(analysis);
        }
        drop(previous);
        samples.sort();
        let label = format!("in-process keystroke, reusing the previous analysis, {setting}");
        println!("{}", summary(&label, &samples));
    }
}

/// "label: p50 …, p99 …, mean …, max …" in milliseconds.
fn summary(label: &str, sorted: &[Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| ms(sorted[((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1)]);
    let mean = sorted.iter().map(|d| ms(*d)).sum::<f64>() / sorted.len() as f64;
    format!(
        "{label}: p50 {:.2} ms, p99 {:.2} ms, mean {:.2} ms, max {:.2} ms",
        pct(0.50),
        pct(0.99),
        mean,
        ms(*sorted.last().unwrap())
    )
}

/// Keystrokes on an initialized `client`, their versions `step` apart; `setting` names its
/// corpus in the report.
fn latency(mut client: LspClient, text: &str, setting: &str, step: i32) {
    let uri = "file:///bench/A_RES_76_258.md";
    client.open(uri, "markdown", 0, text);
    client.diagnostics_for(uri, 0);
    let at = find(text, EDITED, EDITED_AT);
    let mut samples = Vec::with_capacity(KEYSTROKES);
    for i in 0..WARMUP + KEYSTROKES {
        let version = (i as i32 + 1) * step;
        let change = if i % 2 == 0 {
            range_change(at, at, "x")
        } else {
            range_change(at, (at.0, at.1 + 1), "")
        };
        let sent = Instant::now();
        client.send(&did_change(uri, version, vec![change]));
        client.diagnostics_for(uri, version);
        if i >= WARMUP {
            samples.push(sent.elapsed());
        }
    }
    samples.sort();
    let label = format!(
        "keystroke-to-diagnostics on {DRAFT} ({} bytes), {KEYSTROKES} edits, debounce 0, {setting}",
        text.len()
    );
    println!("{}", summary(&label, &samples));
    assert!(client.shutdown().success());
}

fn memory(text: &str) {
    let mut client = LspClient::spawn();
    client.initialize(json!({}), json!({ "debounceMs": 0 }), None);
    let before = rss_kib(client.pid());
    for i in 0..10 {
        let uri = format!("file:///bench/draft{i}.md");
        client.open(&uri, "markdown", 1, text);
        client.diagnostics_for(&uri, 1);
    }
    let after = rss_kib(client.pid());
    println!(
        "resident memory: {:.1} MiB at start, {:.1} MiB with ten drafts of {} KB open and analysed",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        text.len() / 1000
    );
    assert!(client.shutdown().success());
}

/// Requests timed on each kind of precedent lookup.
const LOOKUPS: usize = 200;

/// Start-up with the bundled corpus (cold: unpacking it from the binary and indexing it; then
/// from the cache the first start wrote), hover
/// and definition round trips on a resolution reference in the 224 KB draft and on an
/// instrument name in A/RES/71/167, then keystrokes with the citation rules on.
fn precedents(text: &str) {
    drop(indexed_server("cold cache"));
    let mut client = indexed_server("from the cache");
    let big = "file:///bench/lookups.md";
    let big_text = fixture(DRAFT);
    client.open(big, "markdown", 1, &big_text);
    let reference = text_pos(big, find(&big_text, "76/251", 0));
    let small = "file:///bench/A_RES_71_167.md";
    let small_text = fixture("A_RES_71_167.md");
    client.open(small, "markdown", 1, &small_text);
    let instrument = text_pos(small, find(&small_text, "Rights of the Child<sup>6", 0));
    for (label, method, params) in [
        (
            "hover on a resolution reference (224 KB draft)",
            "textDocument/hover",
            &reference,
        ),
        (
            "definition of a resolution (224 KB draft)",
            "textDocument/definition",
            &reference,
        ),
        (
            "hover on an instrument name (42 KB draft)",
            "textDocument/hover",
            &instrument,
        ),
        (
            "definition of an instrument (42 KB draft)",
            "textDocument/definition",
            &instrument,
        ),
    ] {
        let samples = round_trips(&mut client, method, params);
        println!("{}", summary(label, &samples));
    }
    println!(
        "resident memory with the bundled corpus loaded and two drafts open: {:.1} MiB",
        rss_kib(client.pid()) as f64 / 1024.0
    );
    latency(client, text, "bundled precedents", 1);
}

/// A server with the bundled corpus, once its index is ready; reports the time it took.
fn indexed_server(how: &str) -> LspClient {
    let started = Instant::now();
    let mut client = LspClient::spawn_packed(&test_cache_dir());
    let progress = json!({ "window": { "workDoneProgress": true } });
    client.initialize(progress, json!({ "debounceMs": 0 }), None);
    let end = client
        .notification("$/progress", |p| p["value"]["kind"] == "end", TIMEOUT)
        .expect("the index is ready");
    println!(
        "bundled precedent corpus ({how}): {} ready {:.0} ms after spawn",
        end["value"]["message"].as_str().unwrap_or_default(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    client
}

/// Sorted request-to-response times, after a warm-up that also checks there is an answer.
fn round_trips(client: &mut LspClient, method: &str, params: &serde_json::Value) -> Vec<Duration> {
    for _ in 0..WARMUP {
        let answer = client.request(method, params.clone()).expect(method);
        assert!(!answer.is_null(), "{method} answers");
    }
    let mut samples: Vec<Duration> = (0..LOOKUPS)
        .map(|_| {
            let sent = Instant::now();
            client.request(method, params.clone()).expect(method);
            sent.elapsed()
        })
        .collect();
    samples.sort();
    samples
}

/// VmRSS from /proc (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
