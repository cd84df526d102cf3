//! The open documents: each a rope kept in sync through its version queue, and the analysis of
//! its current version (under one configuration and one precedent index), computed once off
//! the reactor and shared by every request.

use super::sync::{self, GAP_WAIT, VersionQueue};
use super::{guarded, log};
use crate::agreed::AgreedIndex;
use crate::config::Config;
use crate::features::{Analysis, Precedents};
use crate::model::Format;
use crate::precedent::{PrecedentIndex, is_corpus_file};
use crate::source::Encoding;
use ropey::Rope;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, OnceCell};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// Changes that arrived for a document the server does not know (its `didOpen` overtaken)
/// are kept up to this many versions…
const MAX_ORPHAN_VERSIONS: usize = 64;
/// …for this long: older ones belong to no open that is coming (a client bug, or a change
/// sent after `didClose`) and must not be applied to the next session of that document.
const ORPHAN_TTL: Duration = Duration::from_secs(1);

type Changes = Vec<TextDocumentContentChangeEvent>;

struct Entry {
    /// `None` until `didOpen` arrives.
    rope: Option<Rope>,
    created: Instant,
    path: Option<PathBuf>,
    queue: VersionQueue<Changes>,
    /// Wakes readers waiting for a gap in the versions to close.
    arrived: Arc<Notify>,
    analysis: Option<Arc<Cell>>,
}

/// The analysis of one version under one configuration and index, computed at most once.
struct Cell {
    version: i32,
    config: Arc<Config>,
    precedents: Option<Arc<PrecedentIndex>>,
    agreed: Option<Arc<AgreedIndex>>,
    text: Arc<String>,
    path: Option<PathBuf>,
    value: OnceCell<std::result::Result<Arc<Analysis>, String>>,
}

/// A version of a document with its analysis.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub analysis: Arc<Analysis>,
}

#[derive(Default)]
pub struct Documents {
    entries: Mutex<HashMap<Uri, Entry>>,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Entry>> {
        // A panic while holding the lock leaves plain data behind, still usable.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn open(&self, uri: Uri, version: i32, text: &str, encoding: Encoding) {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let mut entries = self.lock();
        let early = entries
            .remove(&uri)
            .filter(|e| e.rope.is_none() && e.created.elapsed() < ORPHAN_TTL)
            .map(|e| e.queue);
        let mut entry = Entry {
            rope: Some(Rope::from_str(text)),
            created: Instant::now(),
            path,
            queue: VersionQueue::new(version),
            arrived: Arc::new(Notify::new()),
            analysis: None,
        };
        if let Some(mut early) = early {
            let now = Instant::now();
            for (v, changes) in early.pop_ready(now, Duration::ZERO) {
                entry.queue.push(v, changes, now);
            }
        }
        apply_ready(&mut entry, encoding, Instant::now());
        entries.insert(uri, entry);
    }

    /// Queues a change and applies whatever is ready, in version order.
    pub fn change(&self, uri: Uri, version: i32, changes: Changes, encoding: Encoding) {
        let now = Instant::now();
        let mut entries = self.lock();
        let entry = entries.entry(uri).or_insert_with(|| orphan(now));
        if entry.rope.is_none() {
            if entry.created.elapsed() >= ORPHAN_TTL {
                *entry = orphan(now);
            }
            if entry.queue.pending_len() >= MAX_ORPHAN_VERSIONS {
                log(format!(
                    "dropping change {version} to a document that is not open"
                ));
                return;
            }
        }
        if !entry.queue.push(version, changes, now) {
            log(format!(
                "ignoring change to version {version}: the document is at version {} already",
                entry.queue.version()
            ));
        }
        apply_ready(entry, encoding, now);
        entry.arrived.notify_waiters();
    }

    pub fn close(&self, uri: &Uri) {
        self.lock().remove(uri);
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock()
            .iter()
            .filter(|(_, e)| e.rope.is_some())
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// The text and version once every change that can be applied has been.
    pub async fn text(&self, uri: &Uri, encoding: Encoding) -> Result<(i32, String)> {
        self.settled(uri, encoding, |e| {
            let rope = e.rope.as_ref().expect("settled documents are open");
            (e.queue.version(), rope.to_string())
        })
        .await
    }

    /// The analysis of the current version under `config` and the indexes, computing it if no
    /// request did yet.
    pub async fn snapshot(
        &self,
        uri: &Uri,
        encoding: Encoding,
        config: &Arc<Config>,
        indexes: Indexes,
    ) -> Result<Snapshot> {
        let cell = self
            .settled(uri, encoding, |e| current_cell(e, config, indexes))
            .await?;
        let value = cell.value.get_or_init(|| analyse(cell.clone())).await;
        match value {
            Ok(analysis) => Ok(Snapshot {
                version: cell.version,
                analysis: analysis.clone(),
            }),
            Err(message) => Err(internal(message)),
        }
    }

    /// The current version without waiting, to tell whether a result is stale.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock()
            .get(uri)
            .filter(|e| e.rope.is_some())
            .map(|e| e.queue.version())
    }

    /// Runs `read` on the document once no change is waiting for a missing version (or the
    /// wait is over and the queue has been applied as it stands).
    async fn settled<T>(
        &self,
        uri: &Uri,
        encoding: Encoding,
        read: impl FnOnce(&mut Entry) -> T,
    ) -> Result<T> {
        loop {
            let (wait, arrived) = {
                let mut entries = self.lock();
                let entry = entries
                    .get_mut(uri)
                    .filter(|e| e.rope.is_some())
                    .ok_or_else(|| not_open(uri))?;
                let now = Instant::now();
                apply_ready(entry, encoding, now);
                match entry.queue.gap_remaining(now, GAP_WAIT) {
                    None => return Ok(read(entry)),
                    Some(wait) => (wait, entry.arrived.clone()),
                }
            };
            let _ = tokio::time::timeout(wait, arrived.notified()).await;
        }
    }
}

/// An entry for changes to a document not open (yet).
fn orphan(now: Instant) -> Entry {
    Entry {
        rope: None,
        created: now,
        path: None,
        queue: VersionQueue::new(i32::MIN),
        arrived: Arc::new(Notify::new()),
        analysis: None,
    }
}

/// Applies the changes the queue releases; none before the document is opened.
fn apply_ready(entry: &mut Entry, encoding: Encoding, now: Instant) {
    let Some(rope) = entry.rope.as_mut() else {
        return;
    };
    for (_, changes) in entry.queue.pop_ready(now, GAP_WAIT) {
        for change in &changes {
            sync::apply_change(rope, change, encoding);
        }
        entry.analysis = None;
    }
}

/// The precedent index and the paragraph index an analysis reads, when built.
pub type Indexes = (Option<Arc<PrecedentIndex>>, Option<Arc<AgreedIndex>>);

fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

fn current_cell(
    entry: &mut Entry,
    config: &Arc<Config>,
    (precedents, agreed): Indexes,
) -> Arc<Cell> {
    let version = entry.queue.version();
    let same_index = |c: &Cell| same(&c.precedents, &precedents) && same(&c.agreed, &agreed);
    if let Some(cell) = entry
        .analysis
        .as_ref()
        .filter(|c| c.version == version && Arc::ptr_eq(&c.config, config) && same_index(c))
    {
        return cell.clone();
    }
    let rope = entry.rope.as_ref().expect("settled documents are open");
    let cell = Arc::new(Cell {
        version,
        config: config.clone(),
        precedents,
        agreed,
        text: Arc::new(rope.to_string()),
        path: entry.path.clone(),
        value: OnceCell::new(),
    });
    entry.analysis = Some(cell.clone());
    cell
}

/// Parses and checks a version on a blocking thread, behind the panic guard.
async fn analyse(cell: Arc<Cell>) -> std::result::Result<Arc<Analysis>, String> {
    let job = tokio::task::spawn_blocking(move || {
        guarded("analysis", || {
            let text = String::clone(&cell.text);
            let format = Format::detect(cell.path.as_deref(), &text);
            let precedents = Precedents {
                index: cell.precedents.clone(),
                agreed: cell.agreed.clone(),
                in_corpus: (cell.path.as_deref())
                    .is_some_and(|p| is_corpus_file(&cell.config.corpus, p)),
            };
            let config = cell.config.clone();
            Arc::new(Analysis::with_precedents(text, format, config, precedents))
        })
    });
    match job.await {
        Ok(result) => result.map_err(|e| e.message.to_string()),
        Err(e) => Err(format!("analysis task failed: {e}")),
    }
}

fn not_open(uri: &Uri) -> Error {
    Error::invalid_params(format!("document not open: {}", uri.as_str()))
}

fn internal(message: &str) -> Error {
    Error {
        message: message.to_string().into(),
        ..Error::internal_error()
    }
}
