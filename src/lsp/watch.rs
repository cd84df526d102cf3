//! Files the server asks the client to watch: `resolute.toml` anywhere in the workspace, and
//! the user's corpus folders, whose changes rebuild the precedent index (the bundled corpus is
//! read-only and never changes).
//!
//! One dynamic registration holds every watcher; it is replaced when the corpus folders change.

use super::log;
use super::server::Shared;
use crate::config::FILE_NAME;
use crate::precedent::is_corpus_file;
use std::path::PathBuf;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileEvent, FileSystemWatcher, GlobPattern, OneOf,
    Registration, RelativePattern, Unregistration, Uri,
};

const REGISTRATION_ID: &str = "resolute-watch";
const METHOD: &str = "workspace/didChangeWatchedFiles";
/// The drafts a corpus folder holds, as `files::collect_files` reads them.
const CORPUS_FILES: &str = "**/*.{md,txt}";

/// What a batch of file events touches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub config: bool,
    pub corpus: bool,
}

/// Classifies the client's file events against the current configuration.
pub fn touched(shared: &Shared, changes: &[FileEvent]) -> Touched {
    let config = shared.config();
    let mut out = Touched::default();
    for change in changes {
        let Some(path) = change.uri.to_file_path() else {
            continue;
        };
        out.config |= path.ends_with(FILE_NAME);
        out.corpus |= is_corpus_file(&config.corpus, &path);
    }
    out
}

/// Registers the watchers, again whenever the corpus folders changed since the last time.
pub async fn follow_config(shared: &Shared) {
    if !shared.caps().watch_files {
        return;
    }
    let folders: Vec<PathBuf> = shared
        .config()
        .corpus
        .paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let Some(registered_before) = shared.watched_folders(folders.clone()) else {
        return;
    };
    if registered_before {
        let gone = Unregistration {
            id: REGISTRATION_ID.to_string(),
            method: METHOD.to_string(),
        };
        if let Err(e) = shared.client.unregister_capability(vec![gone]).await {
            log(format!("cannot stop watching the old corpus folders: {e}"));
        }
    }
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: watchers(&folders, shared.caps().relative_patterns),
    };
    let registration = Registration {
        id: REGISTRATION_ID.to_string(),
        method: METHOD.to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = shared.client.register_capability(vec![registration]).await {
        log(format!(
            "cannot watch {FILE_NAME} and the corpus folders: {e}"
        ));
    }
}

/// `resolute.toml` in the workspace, and the drafts in each corpus folder: relative to the
/// folder when the client supports it (folders often lie outside the workspace), else as an
/// absolute glob.
fn watchers(folders: &[PathBuf], relative_patterns: bool) -> Vec<FileSystemWatcher> {
    let config = GlobPattern::String(format!("**/{FILE_NAME}"));
    let corpus = folders.iter().map(|folder| {
        let relative = relative_patterns
            .then(|| Uri::from_file_path(folder))
            .flatten();
        match relative {
            Some(base) => GlobPattern::Relative(RelativePattern {
                base_uri: OneOf::Right(base),
                pattern: CORPUS_FILES.to_string(),
            }),
            None => GlobPattern::String(format!("{}/{CORPUS_FILES}", folder.display())),
        }
    });
    std::iter::once(config)
        .chain(corpus)
        .map(|glob_pattern| FileSystemWatcher {
            glob_pattern,
            kind: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_watchers_follow_the_client_support() {
        let folders = [PathBuf::from("/data/adopted")];
        let relative = serde_json::to_value(watchers(&folders, true)).unwrap();
        assert_eq!(relative[0]["globPattern"], "**/resolute.toml");
        assert_eq!(
            relative[1]["globPattern"]["baseUri"],
            "file:///data/adopted"
        );
        assert_eq!(relative[1]["globPattern"]["pattern"], "**/*.{md,txt}");
        let absolute = serde_json::to_value(watchers(&folders, false)).unwrap();
        assert_eq!(absolute[1]["globPattern"], "/data/adopted/**/*.{md,txt}");
    }
}
