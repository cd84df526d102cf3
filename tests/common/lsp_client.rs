//! A small LSP client for end-to-end tests: spawns `resolute lsp`, frames JSON-RPC over its
//! stdio, answers the server's own requests, and keeps documents the way an editor would.
//!
//! Included by each `tests/lsp_*.rs` with `#[path = "common/lsp_client.rs"] mod lsp_client;`;
//! not every test file uses every helper.
#![allow(dead_code)]

use resolute::source::{Encoding, LineCol, LineIndex};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded machine.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lsp")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh directory under the target directory, unique to the calling test.
pub fn temp_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A directory made once per test process (for what its servers share).
fn shared_dir(cell: &'static OnceLock<PathBuf>, name: &str) -> PathBuf {
    cell.get_or_init(|| temp_dir(name)).clone()
}

/// The bundled precedent corpus of the source tree, for servers that should index it.
/// `$XDG_CACHE_HOME` of this test process's servers.
pub fn test_cache_dir() -> PathBuf {
    static CACHE: OnceLock<PathBuf> = OnceLock::new();
    shared_dir(&CACHE, "xdg-cache")
}

pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and server requests not consumed yet.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// Returned for `workspace/configuration` items of section "resolute".
    pub settings: Value,
    /// Every `workspace/applyEdit` received, answered "applied".
    pub applied_edits: Vec<Value>,
    /// Methods of every request the server sent.
    pub server_requests: Vec<String>,
    /// Every registration of `client/registerCapability` received.
    pub registrations: Vec<Value>,
    pub encoding: Encoding,
}

impl LspClient {
    pub fn spawn() -> LspClient {
        Self::spawn_in(None)
    }

    pub fn spawn_in(dir: Option<&Path>) -> LspClient {
        static EMPTY_CORPUS: OnceLock<PathBuf> = OnceLock::new();
        Self::spawn_with(dir, &shared_dir(&EMPTY_CORPUS, "empty-corpus"))
    }

    /// A server whose bundled precedent corpus is `corpus` (`spawn` gives it an empty one, so
    /// that tests index only the corpus they configure), with a cache folder of this test
    /// process: never the user's cache.
    pub fn spawn_with(dir: Option<&Path>, corpus: &Path) -> LspClient {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_resolute"));
        cmd.env("RESOLUTE_CORPUS", corpus)
            .env("XDG_CACHE_HOME", test_cache_dir());
        Self::spawn_command(cmd, dir)
    }

    /// A server with the corpus packed into the binary, as an installed one has: unpacked into
    /// `cache` (its `$XDG_CACHE_HOME`).
    pub fn spawn_packed(cache: &Path) -> LspClient {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_resolute"));
        cmd.env_remove("RESOLUTE_CORPUS")
            .env("XDG_CACHE_HOME", cache);
        Self::spawn_command(cmd, None)
    }

    fn spawn_command(mut cmd: Command, dir: Option<&Path>) -> LspClient {
        cmd.arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().expect("spawn resolute lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 1,
            settings: Value::Null,
            applied_edits: Vec::new(),
            server_requests: Vec::new(),
            registrations: Vec::new(),
            encoding: Encoding::Utf16,
        }
    }

    /// `initialize` + `initialized` with `capabilities`; records the negotiated encoding.
    pub fn initialize(
        &mut self,
        capabilities: Value,
        options: Value,
        root: Option<&Path>,
    ) -> Value {
        let root_uri = root.map(file_uri);
        let folders = root.map(|r| json!([{ "uri": file_uri(r), "name": "ws" }]));
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": folders,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .expect("initialize succeeds");
        self.encoding = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Encoding::Utf8,
            _ => Encoding::Utf16,
        };
        self.notify("initialized", json!({}));
        result
    }

    /// Initializes as a plain client (UTF-16, push diagnostics) with `debounceMs: 0`.
    pub fn start() -> LspClient {
        let mut c = LspClient::spawn();
        c.initialize(json!({}), json!({ "debounceMs": 0 }), None);
        c
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        self.send_raw(&body);
    }

    /// One framed message with an arbitrary body (for malformed input).
    pub fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    /// Bytes written as they are, without a frame.
    pub fn send_unframed(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its answer: `Ok(result)` or `Err(error object)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let msg = self
            .wait_message(
                |m| m["id"] == json!(id) && m.get("method").is_none(),
                TIMEOUT,
            )
            .unwrap_or_else(|| panic!("no response to request {id}"));
        match msg.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(msg["result"].clone()),
        }
    }

    /// The next message (from the backlog first) matching `want`; others stay in the backlog.
    pub fn wait_message(
        &mut self,
        want: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&want) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let msg = match self.incoming.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                self.answer_server_request(&msg);
            }
            if want(&msg) {
                return Some(msg);
            }
            self.backlog.push_back(msg);
        }
    }

    /// The next notification `method` whose params satisfy `want`.
    pub fn notification(
        &mut self,
        method: &str,
        want: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        self.wait_message(
            |m| m["method"] == method && m.get("id").is_none() && want(&m["params"]),
            timeout,
        )
        .map(|m| m["params"].clone())
    }

    /// `publishDiagnostics` for `uri` at `version`.
    /// The `$/progress` values of the token until its "end", in order.
    pub fn progress_until_end(&mut self, token: &str) -> Vec<Value> {
        let mut values = Vec::new();
        loop {
            let params = self
                .notification("$/progress", |p| p["token"] == token, TIMEOUT)
                .unwrap_or_else(|| panic!("no $/progress end for {token}; got {values:?}"));
            let value = params["value"].clone();
            let end = value["kind"] == "end";
            values.push(value);
            if end {
                return values;
            }
        }
    }

    pub fn diagnostics_for(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let params = self
            .notification(
                "textDocument/publishDiagnostics",
                |p| p["uri"] == uri && p["version"] == json!(version),
                TIMEOUT,
            )
            .unwrap_or_else(|| panic!("no diagnostics for {uri} version {version}"));
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Drains what has arrived so far into the backlog and returns every `publishDiagnostics`
    /// for `uri` in it, in order.
    pub fn published(&mut self, uri: &str, settle: Duration) -> Vec<Value> {
        let _ = self.wait_message(|_| false, settle);
        let all: Vec<Value> = self
            .backlog
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect();
        self.backlog.retain(|m| {
            !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        });
        all
    }

    fn answer_server_request(&mut self, msg: &Value) {
        let method = msg["method"].as_str().unwrap_or_default().to_string();
        let result = match method.as_str() {
            "workspace/configuration" => {
                let items = msg["params"]["items"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                Value::Array(items.iter().map(|_| self.settings.clone()).collect())
            }
            "client/registerCapability" => {
                let registered = msg["params"]["registrations"].as_array();
                self.registrations
                    .extend(registered.into_iter().flatten().cloned());
                Value::Null
            }
            "workspace/applyEdit" => {
                self.applied_edits.push(msg["params"]["edit"].clone());
                json!({ "applied": true })
            }
            _ => Value::Null,
        };
        self.server_requests.push(method);
        self.send(&json!({ "jsonrpc": "2.0", "id": msg["id"], "result": result }));
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
    }

    /// The server's copy of a document.
    pub fn server_text(&mut self, uri: &str) -> (i32, String) {
        let r = self
            .request(
                "resolute/documentText",
                json!({ "textDocument": { "uri": uri } }),
            )
            .expect("documentText");
        (
            r["version"].as_i64().unwrap() as i32,
            r["text"].as_str().unwrap().to_string(),
        )
    }

    /// `shutdown` then `exit`; the exit status, waited for at most `TIMEOUT`.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null)
            .expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A document as the client holds it, edited with LSP ranges (using the library's line
/// index, an implementation independent of the server's rope).
#[derive(Clone, Debug)]
pub struct ClientDoc {
    pub text: String,
    pub version: i32,
}

impl ClientDoc {
    pub fn offset(&self, line: u32, col: u32, encoding: Encoding) -> usize {
        LineIndex::new(&self.text).offset(&self.text, LineCol { line, col }, encoding)
    }

    pub fn position(&self, offset: usize, encoding: Encoding) -> (u32, u32) {
        let p = LineIndex::new(&self.text).position(&self.text, offset, encoding);
        (p.line, p.col)
    }

    /// Applies a change given in LSP positions, clamped as the server must clamp them.
    pub fn apply(
        &mut self,
        start: (u32, u32),
        end: (u32, u32),
        new_text: &str,
        encoding: Encoding,
    ) {
        let a = self.offset(start.0, start.1, encoding);
        let b = self.offset(end.0, end.1, encoding);
        self.text.replace_range(a.min(b)..a.max(b), new_text);
    }
}

/// The `contentChanges` entry of one range edit.
pub fn range_change(start: (u32, u32), end: (u32, u32), text: &str) -> Value {
    json!({
        "range": {
            "start": { "line": start.0, "character": start.1 },
            "end": { "line": end.0, "character": end.1 },
        },
        "text": text,
    })
}

pub fn did_change(uri: &str, version: i32, changes: Vec<Value>) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": uri, "version": version }, "contentChanges": changes },
    })
}

/// Applies a WorkspaceEdit (either shape) for `uri` to a text, as an editor would.
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str, encoding: Encoding) -> String {
    let edits: Vec<Value> = if let Some(changes) = edit["changes"][uri].as_array() {
        changes.clone()
    } else {
        edit["documentChanges"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["textDocument"]["uri"] == uri)
            .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
            .collect()
    };
    apply_text_edits(text, &edits, encoding)
}

pub fn apply_text_edits(text: &str, edits: &[Value], encoding: Encoding) -> String {
    let index = LineIndex::new(text);
    let at = |p: &Value| {
        let pos = LineCol {
            line: p["line"].as_u64().unwrap() as u32,
            col: p["character"].as_u64().unwrap() as u32,
        };
        index.offset(text, pos, encoding)
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                at(&e["range"]["start"]),
                at(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|&(a, b, _)| std::cmp::Reverse((a, b)));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, new);
    }
    out
}

/// Zero-based line and UTF-16 column of the first occurrence of `needle` (plus `skip` bytes).
pub fn find(text: &str, needle: &str, skip: usize) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        + skip;
    let p = LineIndex::new(text).position(text, at, Encoding::Utf16);
    (p.line, p.col)
}

pub fn pos(p: (u32, u32)) -> Value {
    json!({ "line": p.0, "character": p.1 })
}

pub fn text_pos(uri: &str, p: (u32, u32)) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos(p) })
}
