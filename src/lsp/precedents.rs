//! The precedent index of the configured corpus: loaded from the cache or built on a blocking
//! thread after `initialized`, and again whenever the `corpus` settings or the files of a
//! corpus folder change, reporting
//! `$/progress` to clients that accept server-created tokens.
//!
//! Requests never wait for it: they use the index that is ready, if any, so every other
//! feature works while the corpus is read. Once an index is ready the open documents are
//! checked again, now with the citation rules. Only the first diagnostics of a document just
//! opened wait, a moment, for an index on its way ([`PrecedentState::settled`]).

use super::server::Shared;
use super::{agreed, blocking, diagnostics, log};
use crate::agreed::AgreedIndex;
use crate::config::CorpusConfig;
use crate::precedent::{PrecedentIndex, unpacked_corpus_dir};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower_lsp_server::ls_types::{MessageType, NumberOrString};
use tower_lsp_server::{Bounded, NotCancellable, OngoingProgress};

const PROGRESS_TITLE: &str = "Resolute: indexing precedents";

pub(super) type Progress = OngoingProgress<Bounded, NotCancellable>;

/// The index requests use, and the build asked for last.
pub struct PrecedentState {
    ready: RwLock<Option<Arc<PrecedentIndex>>>,
    /// The paragraph index, built after the precedent index.
    agreed: RwLock<Option<Arc<AgreedIndex>>>,
    wanted: Mutex<Wanted>,
    /// Whether the precedent index asked for last is still being loaded or built.
    pending: watch::Sender<bool>,
}

impl Default for PrecedentState {
    fn default() -> Self {
        PrecedentState {
            ready: RwLock::default(),
            agreed: RwLock::default(),
            wanted: Mutex::default(),
            pending: watch::Sender::new(false),
        }
    }
}

/// The latest build asked for. Builds cannot be cancelled; one that finishes after a newer
/// one was asked for is dropped.
#[derive(Default)]
struct Wanted {
    corpus: Option<CorpusConfig>,
    generation: u64,
}

impl PrecedentState {
    /// The index ready now, if any.
    pub fn index(&self) -> Option<Arc<PrecedentIndex>> {
        self.ready.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The paragraph index ready now, if any.
    pub fn agreed(&self) -> Option<Arc<AgreedIndex>> {
        self.agreed
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn wanted(&self) -> MutexGuard<'_, Wanted> {
        self.wanted.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The generation of a new build when `corpus` is neither indexed nor being indexed.
    fn want(&self, corpus: &CorpusConfig) -> Option<u64> {
        let mut wanted = self.wanted();
        if wanted.corpus.as_ref() == Some(corpus) {
            return None;
        }
        wanted.corpus = Some(corpus.clone());
        wanted.generation += 1;
        self.pending.send_replace(true);
        Some(wanted.generation)
    }

    /// Build `generation` is over, installed or failed.
    fn settle(&self, generation: u64) {
        if self.wanted().generation == generation {
            self.pending.send_replace(false);
        }
    }

    /// Waits, at most `within`, for the precedent index under way (if any): loaded from the
    /// cache it is ready in tens of milliseconds, and a document's first diagnostics are then
    /// complete rather than gaining the citation checks a moment later.
    pub async fn settled(&self, within: Duration) {
        let mut pending = self.pending.subscribe();
        let _ = tokio::time::timeout(within, pending.wait_for(|p| !*p)).await;
    }

    /// Makes the next [`Self::want`] ask for a build, whatever the corpus.
    fn forget(&self) {
        self.wanted().corpus = None;
    }

    /// Makes `index` the one requests use, unless a newer build was asked for meanwhile; whether
    /// that changed anything. An empty corpus counts as none: the citation rules would only
    /// spend time on every keystroke finding nothing.
    fn install(&self, generation: u64, index: PrecedentIndex) -> bool {
        let wanted = self.wanted();
        if wanted.generation != generation {
            return false;
        }
        let index = (!index.resolutions.is_empty()).then(|| Arc::new(index));
        replace(&self.ready, index)
    }

    /// [`Self::install`] for the paragraph index.
    pub(super) fn install_agreed(&self, generation: u64, index: AgreedIndex) -> bool {
        if self.wanted().generation != generation {
            return false;
        }
        replace(&self.agreed, (!index.is_empty()).then(|| Arc::new(index)))
    }
}

/// Puts `new` in `slot`; whether that changed anything.
fn replace<T>(slot: &RwLock<Option<Arc<T>>>, new: Option<Arc<T>>) -> bool {
    let mut ready = slot.write().unwrap_or_else(|e| e.into_inner());
    let changed = ready.is_some() || new.is_some();
    *ready = new;
    changed
}

/// Indexes the configured corpus in the background, unless it is indexed or being indexed.
pub fn follow_config(shared: &Arc<Shared>) {
    let corpus = shared.config().corpus.clone();
    let Some(generation) = shared.precedents.want(&corpus) else {
        return;
    };
    let shared = shared.clone();
    tokio::spawn(async move { index_corpus(shared, corpus, generation).await });
}

/// Indexes the configured corpus again: files in a corpus folder changed. The cache notices
/// which, so an unchanged corpus costs only its file listing.
pub fn reindex(shared: &Arc<Shared>) {
    shared.precedents.forget();
    follow_config(shared);
}

async fn index_corpus(shared: Arc<Shared>, corpus: CorpusConfig, generation: u64) {
    let started = Instant::now();
    if corpus.bundled {
        warn_if_unpacking_fails(&shared).await;
    }
    // The build reports from its worker threads; a task forwards changed percentages, once
    // the client has accepted the token (the build does not wait for that).
    let (percent, percent_seen) = watch::channel(0);
    let reporter = tokio::spawn(report(
        shared.clone(),
        token(generation),
        PROGRESS_TITLE,
        percent_seen,
    ));
    let for_agreed = corpus.clone();
    let built = blocking("indexing precedents", move || {
        PrecedentIndex::load_or_build(&corpus, |done, total| {
            send_percent(&percent, done, total);
        })
    })
    .await;
    let Ok(index) = built else {
        // Already logged; the draft features go on without precedents.
        shared.precedents.settle(generation);
        finish(reporter, "failed".to_string()).await;
        return;
    };
    let summary = format!(
        "{} resolutions, {} instruments",
        index.resolutions.len(),
        index.instruments.len()
    );
    log(format!("precedents: {summary} in {:?}", started.elapsed()));
    // Installed before the progress ends, so that a client seeing the end finds it in use.
    let changed = shared.precedents.install(generation, index);
    shared.precedents.settle(generation);
    finish(reporter, summary).await;
    if changed && !shared.docs.uris().is_empty() {
        diagnostics::recheck_all(&shared, "precedents indexed").await;
    }
    agreed::index_paragraphs(shared, for_agreed, generation).await;
}

fn token(generation: u64) -> NumberOrString {
    NumberOrString::String(format!("resolute/precedents/{generation}"))
}

/// Unpacks the bundled corpus (once per process) and tells the user when that fails: without
/// it the citation checks know far less, which they should not discover by accident.
async fn warn_if_unpacking_fails(shared: &Shared) {
    let unpacked = blocking("unpacking the bundled corpus", unpacked_corpus_dir).await;
    if let Ok(Err(e)) = unpacked {
        let message = format!("Resolute: {e}; precedents come only from your corpus folders.");
        shared
            .client
            .show_message(MessageType::WARNING, message)
            .await;
    }
}

/// Reports `done` of `total` as a percentage. Only a new percentage wakes the reporter: files
/// finish far faster than messages.
pub(super) fn send_percent(percent: &watch::Sender<u32>, done: usize, total: usize) {
    let now = (done * 100).checked_div(total).unwrap_or(100) as u32;
    percent.send_if_modified(|p| std::mem::replace(p, now) != now);
}

/// Creates a progress token and begins reporting, when the client accepts it.
async fn begin_progress(
    shared: &Shared,
    token: NumberOrString,
    title: &'static str,
) -> Option<Progress> {
    if !shared.caps().work_done_progress {
        return None;
    }
    if let Err(e) = shared.client.create_work_done_progress(token.clone()).await {
        log(format!("window/workDoneProgress/create failed: {e}"));
        return None;
    }
    let progress = shared.client.progress(token, title);
    Some(progress.with_percentage(0).begin().await)
}

/// Begins the progress, then forwards each new percentage until the build drops its sender.
pub(super) async fn report(
    shared: Arc<Shared>,
    token: NumberOrString,
    title: &'static str,
    mut percent: watch::Receiver<u32>,
) -> Option<Progress> {
    let progress = begin_progress(&shared, token, title).await?;
    while percent.changed().await.is_ok() {
        let now = *percent.borrow_and_update();
        progress.report(now).await;
    }
    Some(progress)
}

pub(super) async fn finish(reporter: tokio::task::JoinHandle<Option<Progress>>, message: String) {
    if let Ok(Some(progress)) = reporter.await {
        progress.finish_with_message(message).await;
    }
}
