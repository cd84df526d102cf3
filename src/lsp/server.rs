//! The `LanguageServer` implementation: lifecycle, text synchronisation and configuration
//! here; requests are delegated to [`super::requests`].
//!
//! Text notifications do all their work before their first `.await`, so in the order the
//! transport polls them, which is the order they arrived in.

use super::capabilities::{
    self, COMMAND_FIX_ALL, COMMAND_RENUMBER_FOOTNOTES, COMMAND_RENUMBER_OPERATIVE,
};
use super::documents::{Documents, Runs};
use super::precedents::{self, PrecedentState};
use super::settings::{self, Settings};
use super::transport::{InvalidMessage, Problem};
use super::{diagnostics, log, requests, watch};
use crate::config::Config;
use crate::features::Analysis;
use crate::features::actions::ActionKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// State shared by the handlers and the tasks they spawn.
pub struct Shared {
    pub client: Client,
    pub docs: Documents,
    pub publisher: diagnostics::Publisher,
    pub precedents: PrecedentState,
    caps: OnceLock<capabilities::ClientSupport>,
    settings: Mutex<Settings>,
    config: RwLock<Arc<Config>>,
    root: Mutex<Option<PathBuf>>,
    /// The corpus folders the client watches for us, once registered.
    watched: Mutex<Option<Vec<PathBuf>>>,
    /// Decides the exit code: 0 only when `exit` follows `shutdown`.
    pub shutdown_requested: AtomicBool,
}

impl Shared {
    /// What the client supports (defaults until `initialize`).
    pub fn caps(&self) -> capabilities::ClientSupport {
        self.caps.get().copied().unwrap_or_default()
    }

    pub fn config(&self) -> Arc<Config> {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `f` on the analysis of the document's current version and that version, where
    /// `runs` says ([`Documents::run`]).
    pub async fn run<T: Send + 'static>(
        &self,
        uri: &Uri,
        what: (&'static str, Runs),
        f: impl FnOnce(&Analysis, i32) -> T + Send + 'static,
    ) -> Result<T> {
        let indexes = (self.precedents.index(), self.precedents.agreed());
        self.docs.run(uri, &self.config(), indexes, what, f).await
    }

    /// Records `folders` as the watched corpus folders: `None` when they already are, else
    /// whether other folders were registered before.
    pub fn watched_folders(&self, folders: Vec<PathBuf>) -> Option<bool> {
        let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        if watched.as_ref() == Some(&folders) {
            return None;
        }
        Some(watched.replace(folders).is_some())
    }

    /// Recomputes the configuration from the client's settings and `resolute.toml`; returns
    /// the problems for the user to see.
    fn reload_config(&self, client_settings: Option<Value>) -> Vec<String> {
        let mut settings = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = client_settings {
            settings.set_client(value);
        }
        let mut problems = Vec::new();
        let root = self.root.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(root) = &root {
            if let Err(e) = settings.load_file(root) {
                problems.push(e);
            }
        }
        let (mut config, more) = settings.config();
        problems.extend(more);
        if let Some(root) = &root {
            settings::anchor_corpus_paths(&mut config, root);
        }
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(config);
        problems
    }

    async fn report(&self, problems: Vec<String>) {
        for p in problems {
            log(&p);
            self.client
                .show_message(MessageType::WARNING, format!("Resolute: {p}"))
                .await;
        }
    }

    /// Pulls the "resolute" section when the client serves `workspace/configuration`.
    async fn pull_settings(&self) -> Option<Value> {
        if !self.caps().configuration {
            return None;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("resolute".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) if values.first().is_some_and(Value::is_object) => {
                Some(values.swap_remove(0))
            }
            Ok(_) => None,
            Err(e) => {
                log(format!("workspace/configuration failed: {e}"));
                None
            }
        }
    }
}

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            shared: Arc::new(Shared {
                client,
                docs: Documents::default(),
                publisher: diagnostics::Publisher::default(),
                precedents: PrecedentState::default(),
                caps: OnceLock::new(),
                settings: Mutex::new(Settings::default()),
                config: RwLock::new(Arc::new(Config::default())),
                root: Mutex::new(None),
                watched: Mutex::new(None),
                shutdown_requested: AtomicBool::new(false),
            }),
        }
    }

    pub fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// `resolute/documentText`: the server's copy of a document, for tests and debugging.
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentText> {
        let uri = params.text_document.uri;
        let (version, text) = self.shared.docs.text(&uri)?;
        Ok(DocumentText { uri, version, text })
    }

    /// Answers what [`super::transport`] could not pass on as a message.
    pub async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        Err(match params.problem {
            Problem::ParseError => Error::parse_error(),
            Problem::InvalidRequest => Error::invalid_request(),
            // Without the method as `data`, which tower-lsp-server would take for its cue
            // to drop the answer.
            Problem::MethodNotFound(method) => Error {
                message: format!("method not found: {method}").into(),
                ..Error::method_not_found()
            },
        })
    }

    /// Applies new settings: diagnostics again, and a new index if the corpus changed.
    async fn configuration_changed(&self, settings: Option<Value>) {
        let problems = self.shared.reload_config(settings);
        self.shared.report(problems).await;
        precedents::follow_config(&self.shared);
        watch::follow_config(&self.shared).await;
        diagnostics::recheck_all(&self.shared, "configuration changed").await;
        if self.shared.caps().inlay_hint_refresh {
            let _ = self.shared.client.inlay_hint_refresh().await;
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct DocumentText {
    uri: Uri,
    version: i32,
    text: String,
}

/// The workspace root: the first workspace folder, else the deprecated root URI.
#[allow(deprecated)]
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    folder
        .or(params.root_uri.as_ref())
        .and_then(|u| u.to_file_path())
        .map(|p| p.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = capabilities::ClientSupport::from(&params.capabilities);
        let _ = self.shared.caps.set(caps);
        *self.shared.root.lock().unwrap_or_else(|e| e.into_inner()) = workspace_root(&params);
        // Problems are shown once the client can receive messages, in `initialized`.
        let _ = self.shared.reload_config(params.initialization_options);
        log(format!("initialized: positions in {:?}", caps.encoding));
        Ok(InitializeResult {
            capabilities: capabilities::server(&caps),
            server_info: Some(ServerInfo {
                name: "resolute".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        match self.shared.pull_settings().await {
            Some(settings) => self.configuration_changed(Some(settings)).await,
            // Problems found during `initialize` can only be shown now.
            None => {
                self.shared.report(self.shared.reload_config(None)).await;
                precedents::follow_config(&self.shared);
                watch::follow_config(&self.shared).await;
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.shared
            .docs
            .open(doc.uri.clone(), doc.version, &doc.text);
        diagnostics::schedule_opened(&self.shared, doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        let encoding = self.shared.caps().encoding;
        let superseded =
            (self.shared.docs).change(&doc.uri, doc.version, params.content_changes, encoding);
        diagnostics::schedule_changed(&self.shared, doc.uri, superseded);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.shared.docs.close(&uri);
        diagnostics::clear(&self.shared, uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = match self.shared.pull_settings().await {
            Some(pulled) => Some(pulled),
            None => Some(params.settings),
        };
        self.configuration_changed(settings).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let touched = watch::touched(&self.shared, &params.changes);
        if touched.config {
            self.configuration_changed(None).await;
        }
        if touched.corpus {
            precedents::reindex(&self.shared);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        requests::hover(&self.shared, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        requests::definition(&self.shared, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        requests::references(&self.shared, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        requests::document_symbol(&self.shared, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        requests::folding_range(&self.shared, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        requests::semantic_tokens(&self.shared, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        requests::completion(&self.shared, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        requests::workspace_symbol(&self.shared, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        requests::document_link(&self.shared, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        requests::inlay_hint(&self.shared, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        requests::code_action(&self.shared, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        requests::diagnostic(&self.shared, params).await
    }

    /// `resolute.fixAll`, `resolute.renumberOperative`, `resolute.renumberFootnotes`, each
    /// with the document URI as argument; the edit goes to the client through
    /// `workspace/applyEdit`.
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let action = match params.command.as_str() {
            COMMAND_FIX_ALL => ActionKind::FixAll,
            COMMAND_RENUMBER_OPERATIVE => ActionKind::RenumberOperative,
            COMMAND_RENUMBER_FOOTNOTES => ActionKind::RenumberFootnotes,
            other => return Err(Error::invalid_params(format!("unknown command: {other}"))),
        };
        let uri = params
            .arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|s| Uri::from_str(s).ok())
            .ok_or_else(|| {
                Error::invalid_params("expected the document URI as the first argument")
            })?;
        let Some(edit) = requests::command_edit(&self.shared, &uri, action).await? else {
            return Ok(None);
        };
        match self.shared.client.apply_edit(edit).await {
            Ok(r) if !r.applied => log(format!(
                "{}: the client did not apply the edit ({})",
                params.command,
                r.failure_reason.unwrap_or_default()
            )),
            Ok(_) => {}
            Err(e) => log(format!(
                "{}: workspace/applyEdit failed: {e}",
                params.command
            )),
        }
        Ok(None)
    }
}
