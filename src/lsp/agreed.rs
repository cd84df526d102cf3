//! The paragraph index of the configured corpus (agreed language): opened from the cache or
//! built on a blocking thread once the precedent index is ready, with its own `$/progress`,
//! and again whenever that index is rebuilt (settings or corpus files changed).

use super::precedents::{finish, report, send_percent};
use super::server::Shared;
use super::{blocking, diagnostics, log};
use crate::agreed;
use crate::config::CorpusConfig;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower_lsp_server::ls_types::NumberOrString;

const PROGRESS_TITLE: &str = "Resolute: indexing agreed language";

/// A build (not an opening from the cache) waits until no document has been opened or changed
/// for this long: it takes a second of both cores and about 100 MB, which typing should not
/// share. Only the agreed-language features wait for it.
const PAUSE_BEFORE_BUILDING: Duration = Duration::from_secs(1);

/// Builds (or opens) the paragraph index of `corpus` for build `generation`.
pub async fn index_paragraphs(shared: Arc<Shared>, corpus: CorpusConfig, generation: u64) {
    let started = Instant::now();
    let (percent, percent_seen) = watch::channel(0);
    let token = NumberOrString::String(format!("resolute/agreed/{generation}"));
    let reporter = tokio::spawn({
        let shared = shared.clone();
        let mut percent_seen = percent_seen;
        async move {
            // Shown once there is something to show: not while a build waits for a pause.
            percent_seen.changed().await.ok()?;
            report(shared, token, PROGRESS_TITLE, percent_seen).await
        }
    });
    let docs = shared.clone();
    let built = blocking("indexing agreed language", move || {
        let ready = || docs.docs.wait_for_pause(PAUSE_BEFORE_BUILDING);
        agreed::load_or_build(&corpus, ready, |done, total| {
            send_percent(&percent, done, total)
        })
    })
    .await;
    let index = match built {
        Ok(Ok(index)) => index,
        failed => {
            // A panic is already logged.
            if let Ok(Err(e)) = failed {
                log(e);
            }
            finish(reporter, "failed".to_string()).await;
            return;
        }
    };
    let summary = format!("{} paragraphs", index.len());
    log(format!(
        "agreed language: {summary} in {:?}",
        started.elapsed()
    ));
    let changed = shared.precedents.install_agreed(generation, index);
    finish(reporter, summary).await;
    let rechecks = crate::rules::agreed_rules_on(&shared.config());
    if changed && rechecks && !shared.docs.uris().is_empty() {
        diagnostics::recheck_all(&shared, "agreed language indexed").await;
    }
}
