//! The open documents: each a rope kept in sync with the client's changes, the analysis of
//! its current version (under one configuration and one precedent index), computed once and
//! shared by every request, and the turn its requests take to run.
//!
//! Changes apply in the order they arrive, which is the client's order: the transport polls
//! notification handlers in arrival order, and a handler applies its change before its first
//! `.await`. Versions are only checked to increase: they may jump (Neovim sends its
//! `changedtick`), and waiting for a missing one would cost every keystroke.

use super::sync;
use super::{blocking, guarded, log};
use crate::agreed::AgreedIndex;
use crate::config::Config;
use crate::features::{Analysis, Kept, Precedents};
use crate::model::Format;
use crate::precedent::{PrecedentIndex, is_corpus_file};
use crate::source::Encoding;
use ropey::Rope;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

type Changes = Vec<TextDocumentContentChangeEvent>;

struct Entry {
    rope: Rope,
    version: i32,
    path: Option<PathBuf>,
    analysis: Option<Arc<Cell>>,
    /// What the last version analysed kept for the next: its blocks and scans.
    kept: Arc<Kept>,
    /// One request at a time works on the document, in the order they came: a flood of
    /// requests on a huge draft takes one thread, not every one, and leaves the others to
    /// other documents.
    turn: Arc<Semaphore>,
    /// How long its last analysis took.
    cost: Arc<Cost>,
}

/// Where a request's work runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// On a blocking thread, leaving the reactor to other messages.
    OffReactor,
    /// On the reactor when the document is quick to analyse ([`Cost::is_quick`]): for a
    /// keystroke's diagnostics, waking a blocking thread and the reactor again costs more than
    /// the work, and its delays are the slowest keystrokes (measured at the boundary on the
    /// longest resolution: p99 2.2–4.8 ms through a blocking thread, 0.7–1.9 ms on the reactor).
    OnReactorWhenQuick,
}

/// The last analysis of a document, in microseconds; unknown (`u64::MAX`) before the first.
struct Cost(AtomicU64);

impl Default for Cost {
    fn default() -> Self {
        Cost(AtomicU64::new(u64::MAX))
    }
}

/// Work on a document may hold the reactor when its last analysis took at most this long...
const QUICK_ANALYSIS: Duration = Duration::from_millis(2);
/// ...and it is at most this long: the next analysis may have to read it all again (an edit to
/// a footnote an ODS text's every line depends on), which for the longest resolution (224 KB)
/// takes about 5 ms.
const QUICK_DOCUMENT_BYTES: usize = 512 * 1024;

impl Cost {
    fn record(&self, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.0.store(micros, Ordering::Relaxed);
    }

    /// Whether a document of `bytes` whose last analysis took this long is quick to analyse.
    fn is_quick(&self, bytes: usize) -> bool {
        let micros = self.0.load(Ordering::Relaxed);
        bytes <= QUICK_DOCUMENT_BYTES && micros <= QUICK_ANALYSIS.as_micros() as u64
    }
}

/// The analysis of one version under one configuration and index, computed at most once, by
/// the first request (or diagnostics run) that needs it, on its own blocking thread (or, for
/// the diagnostics of a document quick to analyse, on the reactor): reading and answering
/// take one thread hop together, not two.
struct Cell {
    version: i32,
    config: Arc<Config>,
    precedents: Option<Arc<PrecedentIndex>>,
    agreed: Option<Arc<AgreedIndex>>,
    /// The version's text: a rope shares its chunks with the document's, so taking it costs
    /// no copy under the lock; the analysis reads it into its one string off the reactor.
    rope: Rope,
    kept: Arc<Kept>,
    /// The document's, told how long this analysis took.
    cost: Arc<Cost>,
    path: Option<PathBuf>,
    value: OnceLock<std::result::Result<Arc<Analysis>, String>>,
}

impl Cell {
    /// The analysis, computed now if no one did yet (a panic in it is kept as its error).
    /// Blocks: call it off the reactor, unless the document is quick to analyse
    /// ([`Runs::OnReactorWhenQuick`]).
    fn analysis(&self) -> std::result::Result<Arc<Analysis>, String> {
        let computed = || {
            let started = Instant::now();
            let analysis = guarded("analysis", || analyse(self));
            self.cost.record(started.elapsed());
            analysis.map_err(|e| e.message.to_string())
        };
        self.value.get_or_init(computed).clone()
    }
}

#[derive(Default)]
pub struct Documents {
    entries: Mutex<HashMap<Uri, Entry>>,
    /// When a document was last opened or changed (or the server started).
    activity: Activity,
}

/// The time of the last opening or change: background builds wait for a pause.
struct Activity(Mutex<Instant>);

impl Default for Activity {
    fn default() -> Self {
        Activity(Mutex::new(Instant::now()))
    }
}

impl Activity {
    fn lock(&self) -> MutexGuard<'_, Instant> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Entry>> {
        // A panic while holding the lock leaves plain data behind, still usable.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn open(&self, uri: Uri, version: i32, text: &str) {
        let entry = Entry {
            rope: Rope::from_str(text),
            version,
            path: uri.to_file_path().map(|p| p.into_owned()),
            analysis: None,
            kept: Arc::default(),
            turn: Arc::new(Semaphore::new(1)),
            cost: Arc::default(),
        };
        self.lock().insert(uri, entry);
        *self.activity.lock() = Instant::now();
    }

    /// Blocks until no document has been opened or changed for `pause`. Call it off the
    /// reactor.
    pub fn wait_for_pause(&self, pause: Duration) {
        loop {
            let quiet = self.activity.lock().elapsed();
            match pause.checked_sub(quiet) {
                Some(left) if !left.is_zero() => std::thread::sleep(left),
                _ => return,
            }
        }
    }

    /// Applies a change to an open document; a change to a document that is not open, or
    /// that does not move its version forward, is dropped. Returns the analysis the change
    /// superseded, to be dropped once the new version's diagnostics are out.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Changes,
        encoding: Encoding,
    ) -> Superseded {
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(uri) else {
            log(format!(
                "dropping change {version} to a document that is not open: {}",
                uri.as_str()
            ));
            return Superseded::default();
        };
        if version <= entry.version {
            log(format!(
                "ignoring change to version {version}: the document is at version {} already",
                entry.version
            ));
            return Superseded::default();
        }
        for change in &changes {
            sync::apply_change(&mut entry.rope, change, encoding);
        }
        entry.version = version;
        let superseded = Superseded(entry.analysis.take());
        drop(entries);
        *self.activity.lock() = Instant::now();
        superseded
    }

    pub fn close(&self, uri: &Uri) {
        self.lock().remove(uri);
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    /// The text and version.
    pub fn text(&self, uri: &Uri) -> Result<(i32, String)> {
        self.read(uri, |e| (e.version, String::from(&e.rope)))
    }

    /// Runs `f` on the analysis of the current version (under `config` and the indexes,
    /// computed first if no request did yet) and that version, where `runs` says, once it is
    /// this document's turn. A request cancelled while it waits never runs; one that started
    /// holds the turn until it ends.
    pub async fn run<T: Send + 'static>(
        &self,
        uri: &Uri,
        config: &Arc<Config>,
        indexes: Indexes,
        (what, runs): (&'static str, Runs),
        f: impl FnOnce(&Analysis, i32) -> T + Send + 'static,
    ) -> Result<T> {
        let (cell, turn, quick) = self.read(uri, |e| {
            let quick = e.cost.is_quick(e.rope.len_bytes());
            (current_cell(e, config, indexes), e.turn.clone(), quick)
        })?;
        let turn = turn.acquire_owned().await.ok();
        let work = move || {
            let _turn = turn;
            cell.analysis().map(|a| f(&a, cell.version))
        };
        let answer = if runs == Runs::OnReactorWhenQuick && quick {
            guarded(what, work)?
        } else {
            blocking(what, work).await?
        };
        answer.map_err(|message| internal(&message))
    }

    /// The current version, to tell whether a result is stale.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().get(uri).map(|e| e.version)
    }

    fn read<T>(&self, uri: &Uri, read: impl FnOnce(&mut Entry) -> T) -> Result<T> {
        let mut entries = self.lock();
        let entry = entries.get_mut(uri).ok_or_else(|| not_open(uri))?;
        Ok(read(entry))
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
    let version = entry.version;
    let same_index = |c: &Cell| same(&c.precedents, &precedents) && same(&c.agreed, &agreed);
    if let Some(cell) = entry
        .analysis
        .as_ref()
        .filter(|c| c.version == version && Arc::ptr_eq(&c.config, config) && same_index(c))
    {
        return cell.clone();
    }
    let cell = Arc::new(Cell {
        version,
        config: config.clone(),
        precedents,
        agreed,
        rope: entry.rope.clone(),
        kept: entry.kept.clone(),
        cost: entry.cost.clone(),
        path: entry.path.clone(),
        value: OnceLock::new(),
    });
    entry.analysis = Some(cell.clone());
    cell
}

/// Parses and checks a version.
fn analyse(cell: &Cell) -> Arc<Analysis> {
    // Sized once: `to_string` would grow it through the formatter, copying it as it doubles.
    let text = String::from(&cell.rope);
    let format = Format::detect(cell.path.as_deref(), &text);
    let precedents = Precedents {
        index: cell.precedents.clone(),
        agreed: cell.agreed.clone(),
        in_corpus: (cell.path.as_deref()).is_some_and(|p| is_corpus_file(&cell.config.corpus, p)),
        kept: Some(cell.kept.clone()),
    };
    let config = cell.config.clone();
    Arc::new(Analysis::with_precedents(text, format, config, precedents))
}

/// Documents up to this size free a superseded analysis at once: for the longest resolution
/// (224 KB) that takes about 16 µs, less than waking a thread to do it, which then frees
/// memory beside the next analysis (measured at the boundary: 0.1 ms a keystroke).
const FREED_AT_ONCE_BYTES: usize = 1 << 20;

/// The analysis of a version a change superseded, freed when this is dropped: at once for a
/// document of ordinary size, on a blocking thread for a larger one, whose model is so many
/// allocations that freeing them on the reactor would delay the next change. Held until the
/// change's diagnostics are written, so that freeing it costs the keystroke nothing (0.02–0.03
/// ms for the longest resolution).
#[derive(Default)]
#[must_use = "dropped at once, it frees the superseded analysis before the next is published"]
pub struct Superseded(Option<Arc<Cell>>);

impl Drop for Superseded {
    fn drop(&mut self) {
        let Some(cell) = self.0.take() else { return };
        if cell.rope.len_bytes() <= FREED_AT_ONCE_BYTES {
            return drop(cell);
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || drop(cell));
        }
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
