//! Pushed diagnostics: debounced after each change, computed on the reactor for a document
//! quick to analyse and off it otherwise, dropped when a newer version arrived meanwhile, and
//! not sent again when nothing changed.

use super::convert::Positions;
use super::documents::{Runs, Superseded};
use super::log;
use super::server::Shared;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

#[derive(Default)]
pub struct Publisher {
    state: Mutex<HashMap<Uri, State>>,
}

#[derive(Default)]
struct State {
    /// Bumped by every change: a scheduled run that is not the latest gives up.
    generation: u64,
    /// What the client shows now.
    published: Vec<Diagnostic>,
    /// Serialises publishing so that an older set can never overtake a newer one.
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl Publisher {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, State>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self, uri: &Uri) -> u64 {
        let mut state = self.lock();
        let s = state.entry(uri.clone()).or_default();
        s.generation += 1;
        s.generation
    }

    fn is_latest(&self, uri: &Uri, generation: u64) -> bool {
        self.lock()
            .get(uri)
            .is_some_and(|s| s.generation == generation)
    }

    fn gate(&self, uri: &Uri) -> Option<Arc<tokio::sync::Mutex<()>>> {
        self.lock().get(uri).map(|s| s.gate.clone())
    }

    /// Records `items` as published; `false` when the client already shows exactly them.
    fn record(&self, uri: &Uri, items: &[Diagnostic]) -> bool {
        let mut state = self.lock();
        let Some(s) = state.get_mut(uri) else {
            return false;
        };
        if s.published == items {
            return false;
        }
        s.published = items.to_vec();
        true
    }

    /// Forgets a closed document; `true` when it had diagnostics the client must clear.
    pub fn forget(&self, uri: &Uri) -> bool {
        self.lock()
            .remove(uri)
            .is_some_and(|s| !s.published.is_empty())
    }
}

/// The longest a document just opened waits for a precedent index on its way before its
/// first diagnostics: a cached index loads in tens of milliseconds, a first build takes
/// seconds and is not waited for.
const OPENED_WAIT: Duration = Duration::from_millis(300);

/// Schedules diagnostics for the document's latest version after the configured debounce.
pub fn schedule(shared: &Arc<Shared>, uri: Uri) {
    schedule_after(shared, uri, Duration::ZERO, Superseded::default());
}

/// [`schedule`] after a change, freeing the analysis it superseded once they are out.
pub fn schedule_changed(shared: &Arc<Shared>, uri: Uri, superseded: Superseded) {
    schedule_after(shared, uri, Duration::ZERO, superseded);
}

/// [`schedule`] for a document just opened: its first diagnostics wait for a precedent index
/// being loaded, at most [`OPENED_WAIT`], so that they come complete instead of gaining the
/// citation checks a moment later.
pub fn schedule_opened(shared: &Arc<Shared>, uri: Uri) {
    schedule_after(shared, uri, OPENED_WAIT, Superseded::default());
}

fn schedule_after(shared: &Arc<Shared>, uri: Uri, index_wait: Duration, superseded: Superseded) {
    if shared.caps().pull_diagnostics {
        return;
    }
    let generation = shared.publisher.bump(&uri);
    let shared = shared.clone();
    tokio::spawn(async move {
        if !index_wait.is_zero() {
            shared.precedents.settled(index_wait).await;
        }
        let debounce = shared.config().debounce_ms;
        if debounce > 0 {
            tokio::time::sleep(Duration::from_millis(debounce)).await;
        }
        if shared.publisher.is_latest(&uri, generation) {
            publish(&shared, uri).await;
        }
        // Publishing queues the notification; the serve loop writes it once this task yields.
        // Only then is the superseded analysis freed, which would otherwise delay the answer
        // by the time it takes (0.02 ms for the longest resolution).
        tokio::task::yield_now().await;
        drop(superseded);
    });
}

/// The diagnostics of the document's current version, in the client's terms, and that
/// version: computed on the reactor when the document is quick to analyse (a keystroke's
/// diagnostics are the answer typing waits for), else on a blocking thread.
pub async fn current(
    shared: &Shared,
    uri: &Uri,
    what: &'static str,
) -> tower_lsp_server::jsonrpc::Result<(Vec<Diagnostic>, i32)> {
    let encoding = shared.caps().encoding;
    let target = uri.clone();
    let runs = (what, Runs::OnReactorWhenQuick);
    let converted = shared.run(uri, runs, move |a, version| {
        let p = Positions {
            doc: &a.doc,
            encoding,
        };
        let items = (a.diagnostics.iter())
            .map(|d| p.diagnostic(&target, d))
            .collect::<Vec<_>>();
        (items, version)
    });
    converted.await
}

async fn publish(shared: &Shared, uri: Uri) {
    let Ok((items, version)) = current(shared, &uri, "diagnostics").await else {
        return;
    };
    let Some(gate) = shared.publisher.gate(&uri) else {
        return;
    };
    let _turn = gate.lock().await;
    if shared.docs.version(&uri) != Some(version) {
        return; // A newer version is on its way; its own run publishes.
    }
    if shared.publisher.record(&uri, &items) {
        shared
            .client
            .publish_diagnostics(uri, items, Some(version))
            .await;
    }
}

/// Clears what a closed document showed.
pub async fn clear(shared: &Shared, uri: Uri) {
    if shared.publisher.forget(&uri) {
        shared
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}

/// Checks every open document again (the configuration or the precedents changed): a pull
/// client is asked to pull, a push client gets the new sets.
pub async fn recheck_all(shared: &Arc<Shared>, why: &str) {
    if shared.caps().pull_diagnostics {
        if let Err(e) = shared.client.workspace_diagnostic_refresh().await {
            log(format!("workspace/diagnostic/refresh failed: {e}"));
        }
        return;
    }
    let uris = shared.docs.uris();
    log(format!("{why}: re-checking {} document(s)", uris.len()));
    for uri in uris {
        schedule(shared, uri);
    }
}
