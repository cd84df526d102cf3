//! Standard input, framed and checked before the server reads it.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the stream at the
//! first message it cannot decode: one malformed message would leave the server deaf. So a
//! thread reads the frames itself and passes on only messages the server can decode; anything
//! else (bad JSON, a JSON value that is no JSON-RPC message, a frame without
//! `Content-Length`) becomes a request for [`INVALID_MESSAGE_METHOD`], which the server answers
//! with the proper error (-32700 parse error or -32600 invalid request).

use super::log;
use serde::Deserialize;
use serde_json::{Value, json};
use std::io::{BufRead, Read};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// What a malformed message is turned into; never sent by a client.
pub const INVALID_MESSAGE_METHOD: &str = "$/resolute/invalidMessage";

/// Larger messages are refused rather than buffered (a draft is at most a few megabytes).
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// The parameters of an [`INVALID_MESSAGE_METHOD`] request.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvalidMessage {
    /// Not JSON at all (rather than JSON that is not a message).
    pub parse_error: bool,
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

fn pump(mut input: impl BufRead, tx: mpsc::Sender<Vec<u8>>) {
    while let Some(body) = next_body(&mut input) {
        let body = match body {
            Ok(body) => checked(body),
            Err(problem) => {
                log(format!("unreadable message: {problem}"));
                invalid(Value::Null, true)
            }
        };
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        if tx.blocking_send(frame).is_err() {
            return;
        }
    }
}

/// The body of the next frame; `None` at the end of input, `Err` for a frame that has no
/// usable `Content-Length` (its header is skipped).
fn next_body(input: &mut impl BufRead) -> Option<Result<Vec<u8>, String>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if seen_header {
                break;
            }
            continue;
        }
        seen_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Content-Length {value:?}")),
                );
            }
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Some(Err(e)),
        None => return Some(Err("no Content-Length header".to_string())),
    };
    if length > MAX_MESSAGE_BYTES {
        std::io::copy(&mut input.take(length as u64), &mut std::io::sink()).ok()?;
        return Some(Err(format!("message of {length} bytes is too large")));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    Some(Ok(body))
}

/// The body itself when the server can decode it, else an invalid-message request carrying
/// the message's id when it has a usable one.
fn checked(body: Vec<u8>) -> Vec<u8> {
    if serde_json::from_slice::<Request>(&body).is_ok()
        || serde_json::from_slice::<Response>(&body).is_ok()
    {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(value) => {
            log("a JSON value that is not a JSON-RPC message");
            let id = value
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned();
            invalid(id.unwrap_or(Value::Null), false)
        }
        Err(e) => {
            log(format!("malformed JSON: {e}"));
            invalid(Value::Null, true)
        }
    }
}

fn invalid(id: Value, parse_error: bool) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": INVALID_MESSAGE_METHOD,
        "params": { "parseError": parse_error },
    });
    serde_json::to_vec(&request).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(input: &str) -> Vec<Result<Vec<u8>, String>> {
        let mut reader = std::io::BufReader::new(input.as_bytes());
        std::iter::from_fn(|| next_body(&mut reader)).collect()
    }

    #[test]
    fn frames_are_read_whatever_the_header_case() {
        let got = bodies(
            "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}Content-Length: 1\r\n\r\nx",
        );
        assert_eq!(got, vec![Ok(b"{}".to_vec()), Ok(b"x".to_vec())]);
    }

    #[test]
    fn frames_without_length_are_reported() {
        let got = bodies("X-Junk: 1\r\n\r\nContent-Length: nope\r\n\r\n");
        assert!(got.iter().all(Result::is_err) && got.len() == 2, "{got:?}");
    }

    #[test]
    fn malformed_messages_become_invalid_message_requests() {
        let parse: Value = serde_json::from_slice(&checked(b"{ nope".to_vec())).unwrap();
        assert_eq!(
            (parse["method"].as_str(), &parse["params"]["parseError"]),
            (Some(INVALID_MESSAGE_METHOD), &json!(true))
        );
        let shape: Value =
            serde_json::from_slice(&checked(br#"{"id": 4, "method": 7}"#.to_vec())).unwrap();
        assert_eq!(
            (shape["id"].as_i64(), &shape["params"]["parseError"]),
            (Some(4), &json!(false))
        );
        let fine = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_vec();
        assert_eq!(checked(fine.clone()), fine);
    }
}
