//! Standard input, framed and checked before the server reads it; standard output, written
//! at once.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream at the
//! first message it cannot decode: one malformed message would leave the server deaf. So a
//! thread reads the frames itself and passes on only messages the server can decode; anything
//! else (bad JSON, a JSON value that is no JSON-RPC message, a frame without
//! `Content-Length`) becomes a request for [`INVALID_MESSAGE_METHOD`], which the server answers
//! with the proper error (-32700 parse error or -32600 invalid request). So does a request
//! whose method starts with `$/` (-32601): tower-lsp-server would drop it unanswered.
//!
//! A wrong `Content-Length` (not a number, one byte short, characters counted instead of
//! bytes) leaves the frames out of step. The reader finds its footing again on the next
//! `Content-Length:` header, wherever it starts in a line, and hands back the bytes of a
//! body that was too long from the next header on.

use super::log;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::io::{BufRead, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// What a malformed message is turned into; never sent by a client.
pub const INVALID_MESSAGE_METHOD: &str = "$/resolute/invalidMessage";

/// Larger messages are refused rather than buffered (a draft is at most a few megabytes).
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// The parameters of an [`INVALID_MESSAGE_METHOD`] request.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvalidMessage {
    pub problem: Problem,
}

/// What was wrong with a message, and so which error answers it.
#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub enum Problem {
    /// Not JSON at all, or no usable frame.
    ParseError,
    /// JSON that is not a JSON-RPC message.
    InvalidRequest,
    /// A request for a `$/` method, which the server does not implement.
    MethodNotFound(String),
}

/// Standard input as the server should see it.
pub struct Input {
    frames: mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

/// Starts the reader thread. A plain thread, so that a read blocked on stdin never holds up
/// the exit of the process.
pub fn stdin() -> Input {
    let (tx, rx) = mpsc::channel(64);
    std::thread::spawn(move || pump(std::io::stdin().lock(), tx));
    Input {
        frames: rx,
        current: Vec::new(),
        at: 0,
    }
}

impl AsyncRead for Input {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.at == self.current.len() {
            match self.frames.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    self.current = frame;
                    self.at = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.current.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.current[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

/// Standard output as the server writes it: each message straight to the pipe from the task
/// that sends it. tokio's `Stdout` hands every write to its blocking pool, a thread hop on
/// each answer the client waits for. A write blocks only while the client's pipe is full, and
/// the client is reading it.
pub struct Output(std::io::Stdout);

pub fn stdout() -> Output {
    Output(std::io::stdout())
}

impl AsyncWrite for Output {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        // `Stdout` buffers up to the last line break: flushed here, a message leaves whole.
        let mut out = self.0.lock();
        Poll::Ready(
            out.write_all(buf)
                .and_then(|()| out.flush())
                .map(|()| buf.len()),
        )
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.0.lock().flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

fn pump(input: impl BufRead, tx: mpsc::Sender<Vec<u8>>) {
    let mut input = Replay::new(input);
    while let Some(body) = next_body(&mut input) {
        let body = match body {
            Ok(body) => checked(body),
            Err(problem) => {
                log(format!("unreadable message: {problem}"));
                invalid(Value::Null, Problem::ParseError)
            }
        };
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        if tx.blocking_send(frame).is_err() {
            return;
        }
    }
}

/// A reader that can be handed back bytes it read too far.
struct Replay<R> {
    back: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> Replay<R> {
    fn new(inner: R) -> Self {
        Replay {
            back: Vec::new(),
            at: 0,
            inner,
        }
    }

    /// Makes `bytes` the next bytes read.
    fn put_back(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.back[self.at..]);
        (self.back, self.at) = (back, 0);
    }
}

impl<R: BufRead> Read for Replay<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.fill_buf()?.read(buf)?;
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Replay<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at < self.back.len() {
            return Ok(&self.back[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.at < self.back.len() {
            self.at += n;
            if self.at >= self.back.len() {
                (self.back, self.at) = (Vec::new(), 0);
            }
        } else {
            self.inner.consume(n);
        }
    }
}

/// The body of the next frame; `None` at the end of input, `Err` for a frame that has no
/// usable `Content-Length` (its header is skipped).
fn next_body(input: &mut Replay<impl BufRead>) -> Option<Result<Vec<u8>, String>> {
    let length = match content_length(input)? {
        Ok(length) => length,
        Err(problem) => return Some(Err(problem)),
    };
    if length > MAX_MESSAGE_BYTES {
        std::io::copy(&mut input.take(length as u64), &mut std::io::sink()).ok()?;
        return Some(Err(format!("message of {length} bytes is too large")));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    if let Some(at) = overread(&body) {
        input.put_back(&body[at..]);
        body.truncate(at);
    }
    Some(Ok(body))
}

/// Where the next frame starts in a body read with a length too large: a `Content-Length:`
/// header in a body that is no JSON, or the start of one cut off at its end.
fn overread(body: &[u8]) -> Option<usize> {
    let cut_off = || {
        (1..CONTENT_LENGTH.len())
            .rev()
            .find(|&n| {
                body.len() >= n && body[body.len() - n..].eq_ignore_ascii_case(&CONTENT_LENGTH[..n])
            })
            .map(|n| body.len() - n)
    };
    let at = find_header(body).or_else(cut_off)?;
    serde_json::from_slice::<IgnoredAny>(body)
        .is_err()
        .then_some(at)
}

/// The length of the next header block. A `Content-Length` header counts wherever it starts
/// in its line: what precedes it is left over from a misframed message.
fn content_length(input: &mut impl BufRead) -> Option<Result<usize, String>> {
    let mut length = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_ascii_end();
        if line.is_empty() {
            if seen_header {
                break;
            }
            continue;
        }
        seen_header = true;
        if let Some(at) = find_header(line) {
            if at > 0 {
                log(format!("skipped {at} stray bytes before a header"));
            }
            let value = String::from_utf8_lossy(&line[at + CONTENT_LENGTH.len()..]);
            length = Some(
                (value.trim().parse())
                    .map_err(|_| format!("bad Content-Length {:?}", value.trim())),
            );
        }
    }
    Some(length.unwrap_or_else(|| Err("no Content-Length header".to_string())))
}

const CONTENT_LENGTH: &[u8] = b"content-length:";

/// Where a `Content-Length:` header (in any case) starts in `bytes`.
fn find_header(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(CONTENT_LENGTH.len())
        .position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
}

/// The body itself when the server can decode and should handle it, else an invalid-message
/// request carrying the message's id when it has a usable one.
fn checked(body: Vec<u8>) -> Vec<u8> {
    if let Ok(request) = serde_json::from_slice::<Request>(&body) {
        return match request.id() {
            Some(id) if request.method().starts_with("$/") => {
                log(format!("no such request: {}", request.method()));
                let id = serde_json::to_value(id).unwrap_or_default();
                invalid(id, Problem::MethodNotFound(request.method().to_string()))
            }
            _ => body,
        };
    }
    if serde_json::from_slice::<Response>(&body).is_ok() {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(value) => {
            log("a JSON value that is not a JSON-RPC message");
            let id = value
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned();
            invalid(id.unwrap_or(Value::Null), Problem::InvalidRequest)
        }
        Err(e) => {
            log(format!("malformed JSON: {e}"));
            invalid(Value::Null, Problem::ParseError)
        }
    }
}

fn invalid(id: Value, problem: Problem) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE_METHOD,
        "params": InvalidMessage { problem },
    });
    serde_json::to_vec(&request).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bodies(input: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        let mut reader = Replay::new(input);
        std::iter::from_fn(|| next_body(&mut reader)).collect()
    }

    fn frame(body: &str, length: usize) -> Vec<u8> {
        format!("Content-Length: {length}\r\n\r\n{body}").into_bytes()
    }

    const VALID: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    #[test]
    fn frames_are_read_whatever_the_header_case() {
        let got = bodies(
            b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}Content-Length: 1\r\n\r\nx",
        );
        assert_eq!(got, vec![Ok(b"{}".to_vec()), Ok(b"x".to_vec())]);
    }

    #[test]
    fn frames_without_length_are_reported() {
        let got = bodies(b"X-Junk: 1\r\n\r\nContent-Length: nope\r\n\r\n");
        assert!(got.iter().all(Result::is_err) && got.len() == 2, "{got:?}");
    }

    /// Each misframing is followed by a valid message, which must come out whole.
    #[test]
    fn a_wrong_length_loses_only_its_own_message() {
        let multibyte = r#"{"jsonrpc":"2.0","method":"x","params":{"t":"é😀 中文"}}"#;
        for (case, misframed) in [
            ("not a number", b"Content-Length: abc\r\n\r\n{}".to_vec()),
            ("one byte short", frame(VALID, VALID.len() - 1)),
            ("characters", frame(multibyte, multibyte.chars().count())),
            ("junk", b"junk without a newline".to_vec()),
            ("too long", frame(VALID, VALID.len() + 30)),
            ("header cut off", frame(VALID, VALID.len() + 3)),
        ] {
            let mut input = misframed;
            input.extend(frame(VALID, VALID.len()));
            let got = bodies(&input);
            assert_eq!(
                got.last(),
                Some(&Ok(VALID.as_bytes().to_vec())),
                "{case}: {got:?}"
            );
        }
    }

    #[test]
    fn malformed_messages_become_invalid_message_requests() {
        let parse: Value = serde_json::from_slice(&checked(b"{ nope".to_vec())).unwrap();
        assert_eq!(
            (parse["method"].as_str(), &parse["params"]["problem"]),
            (Some(INVALID_MESSAGE_METHOD), &json!("parseError"))
        );
        let shape: Value =
            serde_json::from_slice(&checked(br#"{"id": 4, "method": 7}"#.to_vec())).unwrap();
        assert_eq!(
            (shape["id"].as_i64(), &shape["params"]["problem"]),
            (Some(4), &json!("invalidRequest"))
        );
        let dollar = br#"{"jsonrpc":"2.0","id":5,"method":"$/x"}"#.to_vec();
        let dollar: Value = serde_json::from_slice(&checked(dollar)).unwrap();
        assert_eq!(
            (dollar["id"].as_i64(), &dollar["params"]["problem"]),
            (Some(5), &json!({ "methodNotFound": "$/x" }))
        );
        for fine in [
            br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_vec(),
            br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#.to_vec(),
        ] {
            assert_eq!(checked(fine.clone()), fine);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever precedes it (stray bytes, a frame whose length is off by up to 20 bytes
        /// either way), a valid message is read whole.
        #[test]
        fn framing_recovers_for_the_next_valid_message(
            junk in prop::collection::vec(any::<u8>(), 0..300),
            error in -20i64..=20,
            text in "\\PC{0,30}",
        ) {
            let misframed = json!({ "jsonrpc": "2.0", "method": "x", "params": { "t": text } })
                .to_string();
            let length = (misframed.len() as i64 + error).max(0) as usize;
            let mut input = junk;
            input.extend(frame(&misframed, length));
            input.extend(frame(VALID, VALID.len()));
            let got = bodies(&input);
            for body in got.iter().flatten() {
                checked(body.clone());
            }
            prop_assert_eq!(got.last(), Some(&Ok(VALID.as_bytes().to_vec())));
        }
    }
}
