//! What the client can do, read once from `initialize`, and what the server offers in return.

use crate::source::Encoding;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities, DocumentLinkOptions,
    ExecuteCommandOptions, FoldingRangeProviderCapability, HoverProviderCapability, OneOf,
    PositionEncodingKind, SemanticTokenModifier, SemanticTokenType, SemanticTokensFullOptions,
    SemanticTokensLegend, SemanticTokensOptions, SemanticTokensServerCapabilities,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

pub const FIX_ALL_KIND: &str = "source.fixAll.resolute";
pub const COMMAND_FIX_ALL: &str = "resolute.fixAll";
pub const COMMAND_RENUMBER_OPERATIVE: &str = "resolute.renumberOperative";
pub const COMMAND_RENUMBER_FOOTNOTES: &str = "resolute.renumberFootnotes";

/// Semantic token types, indexed by [`crate::features::tokens::TokenKind`] in `lsp::requests`.
pub const TOKEN_TYPES: [SemanticTokenType; 4] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::NUMBER,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::STRING,
];
/// Modifiers telling a preambular opening from an operative one.
pub const TOKEN_MODIFIERS: [&str; 2] = ["preambular", "operative"];

/// The client features the server adapts to.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    pub encoding: Encoding,
    /// Serve `textDocument/diagnostic` instead of pushing: only when the client can also be
    /// told to pull again after a configuration change.
    pub pull_diagnostics: bool,
    pub configuration: bool,
    pub document_changes: bool,
    pub watch_files: bool,
    /// Watchers may be relative to a base folder (corpus folders outside the workspace).
    pub relative_patterns: bool,
    pub inlay_hint_refresh: bool,
    /// The server may create `$/progress` tokens (`window/workDoneProgress/create`).
    pub work_done_progress: bool,
}

impl ClientSupport {
    pub fn from(caps: &ClientCapabilities) -> ClientSupport {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let utf8 = offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8));
        let workspace = caps.workspace.as_ref();
        let flag = |f: Option<bool>| f.unwrap_or(false);
        let watched = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        let diagnostic_refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support);
        ClientSupport {
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            pull_diagnostics: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some())
                && flag(diagnostic_refresh),
            configuration: flag(workspace.and_then(|w| w.configuration)),
            document_changes: flag(
                workspace
                    .and_then(|w| w.workspace_edit.as_ref())
                    .and_then(|e| e.document_changes),
            ),
            watch_files: flag(watched.and_then(|d| d.dynamic_registration)),
            relative_patterns: flag(watched.and_then(|d| d.relative_pattern_support)),
            inlay_hint_refresh: flag(
                workspace
                    .and_then(|w| w.inlay_hint.as_ref())
                    .and_then(|i| i.refresh_support),
            ),
            work_done_progress: flag(caps.window.as_ref().and_then(|w| w.work_done_progress)),
        }
    }

    pub fn position_encoding(&self) -> PositionEncodingKind {
        match self.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

pub fn server(client: &ClientSupport) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(client.position_encoding()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES.to_vec(),
                    token_modifiers: TOKEN_MODIFIERS
                        .iter()
                        .map(|m| SemanticTokenModifier::new(m))
                        .collect(),
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..Default::default()
            },
        )),
        // Openings are offered where a paragraph starts: after the `*` of italics and after the
        // space that follows a paragraph number. Editors (VS Code in Markdown) that do not
        // suggest while typing still ask on these characters.
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["*".to_string(), " ".to_string()]),
            ..CompletionOptions::default()
        }),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
                CodeActionKind::REFACTOR_INLINE,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: [
                COMMAND_FIX_ALL,
                COMMAND_RENUMBER_OPERATIVE,
                COMMAND_RENUMBER_FOOTNOTES,
            ]
            .map(String::from)
            .to_vec(),
            ..Default::default()
        }),
        diagnostic_provider: client.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("resolute".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}
