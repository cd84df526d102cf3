//! `resolute lsp`: the language server, over stdio.
//!
//! The only module that speaks JSON-RPC. It keeps documents in sync ([`sync`],
//! [`documents`]), runs the configuration ([`settings`]), keeps the precedent index of the
//! configured corpus ([`precedents`]), publishes diagnostics ([`diagnostics`]) and answers
//! requests by converting positions around the LSP-free functions of [`crate::features`]
//! ([`requests`]). Every feature call runs on a blocking thread behind a panic guard, so a bug
//! answers one request with an error instead of taking the editor's server down.

mod agreed;
mod capabilities;
mod convert;
mod diagnostics;
mod documents;
mod precedents;
mod requests;
mod server;
mod settings;
mod sync;
mod transport;
mod watch;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::{LspService, Server};

/// The custom request returning the server's copy of a document (`{ uri, version, text }`),
/// so tests can compare it with the client's byte for byte.
pub const DOCUMENT_TEXT_METHOD: &str = "resolute/documentText";

/// Messages in flight at once. Beyond it, further messages (text changes included) wait in
/// line, so it is far above what an editor keeps outstanding: requests on a huge draft wait
/// for their document's turn ([`documents::Documents::run`]) without holding up the others.
const CONCURRENCY: usize = 1024;

/// Serves LSP on stdin/stdout until `exit` or end of input; returns the process exit code:
/// 0 after a `shutdown` request, 1 otherwise, as the specification asks.
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            log(format!("cannot start the async runtime: {e}"));
            return 1;
        }
    };
    let clean = runtime.block_on(serve());
    // Tasks still running (an analysis, a debounce timer) have no one left to answer.
    runtime.shutdown_background();
    if clean { 0 } else { 1 }
}

async fn serve() -> bool {
    let (service, socket) = LspService::build(server::Backend::new)
        .custom_method(DOCUMENT_TEXT_METHOD, server::Backend::document_text)
        .custom_method(
            transport::INVALID_MESSAGE_METHOD,
            server::Backend::invalid_message,
        )
        .finish();
    let shared = service.inner().shared();
    Server::new(transport::stdin(), transport::stdout(), socket)
        .concurrency_level(CONCURRENCY)
        .serve(service)
        .await;
    shared.shutdown_requested.load(Ordering::SeqCst)
}

/// Server log lines go to stderr, which editors show as the server's output.
pub(crate) fn log(message: impl AsRef<str>) {
    eprintln!("[resolute] {}", message.as_ref());
}

/// Runs feature code, turning a panic into a logged JSON-RPC internal error.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        log(format!("internal error in {what}: {reason}"));
        Error {
            message: format!("internal error in {what}: {reason}").into(),
            ..Error::internal_error()
        }
    })
}

/// Runs feature code on a blocking thread behind the panic guard.
pub(crate) async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    match tokio::task::spawn_blocking(move || guarded(what, f)).await {
        Ok(result) => result,
        Err(e) => {
            log(format!("{what}: task failed: {e}"));
            Err(Error::internal_error())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::jsonrpc::ErrorCode;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        assert_eq!(guarded("ok", || 4), Ok(4));
        let err = guarded("hover", || -> u8 { panic!("index out of bounds") }).unwrap_err();
        assert_eq!(err.code, ErrorCode::InternalError);
        assert!(err.message.contains("hover") && err.message.contains("index out of bounds"));
    }
}
