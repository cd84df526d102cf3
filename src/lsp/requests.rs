//! Requests answered from a document's analysis: each converts the client's positions, calls
//! one function of [`crate::features`] on a blocking thread, and converts the answer back.

use super::blocking;
use super::capabilities::{FIX_ALL_KIND, TOKEN_TYPES};
use super::convert::{Positions, corpus_location, width};
use super::diagnostics;
use super::documents::Runs;
use super::server::Shared;
use crate::features::actions::{self, Action, ActionKind};
use crate::features::completion::{Completion, CompletionKind};
use crate::features::outline::{self, Symbol};
use crate::features::tokens::{Token, TokenKind};
use crate::features::{Analysis, agreed, completion, hints, hover, navigation, precedent, tokens};
use crate::precedent::lookup;
use crate::rules::Edit;
use crate::source::Span;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// Runs `f` on the analysis of the document's current version, off the reactor.
async fn with_analysis<T: Send + 'static>(
    shared: &Shared,
    uri: &Uri,
    what: &'static str,
    f: impl FnOnce(&Analysis, Positions, i32) -> T + Send + 'static,
) -> Result<T> {
    let encoding = shared.caps().encoding;
    shared
        .run(uri, (what, Runs::OffReactor), move |a, version| {
            let p = Positions {
                doc: &a.doc,
                encoding,
            };
            f(a, p, version)
        })
        .await
}

pub async fn hover(shared: &Shared, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    with_analysis(shared, &at.text_document.uri, "hover", move |a, p, _| {
        let h = hover::hover(a, p.offset(at.position))?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(p.range(h.span)),
        })
    })
    .await
}

/// In the draft (footnotes, Ibid., paragraph references), else in the precedents: a
/// resolution's title line, the places an instrument is cited.
pub async fn definition(
    shared: &Shared,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let uri = at.text_document.uri.clone();
    with_analysis(
        shared,
        &at.text_document.uri,
        "definition",
        move |a, p, _| {
            let offset = p.offset(at.position);
            let mut locations = in_document(&uri, &p, navigation::definition(a, offset));
            if locations.is_empty() {
                locations = in_corpus(&precedent::definition(a, offset));
            }
            (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
        },
    )
    .await
}

/// A footnote's markers, else the uses of a resolution or an instrument in the draft and in
/// the corpus.
pub async fn references(shared: &Shared, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let uri = at.text_document.uri.clone();
    let declaration = params.context.include_declaration;
    with_analysis(
        shared,
        &at.text_document.uri,
        "references",
        move |a, p, _| {
            let offset = p.offset(at.position);
            let spans = navigation::references(a, offset, declaration);
            let mut locations = in_document(&uri, &p, spans);
            if let Some(uses) = precedent::uses(a, offset).filter(|_| locations.is_empty()) {
                locations = in_document(&uri, &p, uses.in_document);
                locations.extend(in_corpus(&uses.in_corpus));
            }
            (!locations.is_empty()).then_some(locations)
        },
    )
    .await
}

fn in_document(uri: &Uri, p: &Positions, spans: Vec<Span>) -> Vec<Location> {
    spans
        .into_iter()
        .map(|s| Location::new(uri.clone(), p.range(s)))
        .collect()
}

fn in_corpus(lines: &[lookup::Location]) -> Vec<Location> {
    lines.iter().filter_map(corpus_location).collect()
}

/// Resolutions and instruments of the precedent index, then the precedent paragraphs that
/// match the query; none until the indexes are ready.
pub async fn workspace_symbol(
    shared: &Shared,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let (index, paragraphs) = (shared.precedents.index(), shared.precedents.agreed());
    blocking("workspaceSymbol", move || {
        let mut symbols: Vec<SymbolInformation> = index
            .map(|index| precedent::symbols(&index, &params.query))
            .unwrap_or_default()
            .into_iter()
            .filter_map(workspace_symbol_of)
            .collect();
        if let Some(paragraphs) = paragraphs {
            symbols.extend(
                agreed::symbols(paragraphs.as_ref(), &params.query)
                    .into_iter()
                    .filter_map(paragraph_symbol_of),
            );
        }
        Some(WorkspaceSymbolResponse::Flat(symbols))
    })
    .await
}

#[allow(deprecated)] // `SymbolInformation::deprecated` must still be given.
fn paragraph_symbol_of(s: agreed::ParagraphSymbol) -> Option<SymbolInformation> {
    Some(SymbolInformation {
        kind: SymbolKind::STRING,
        location: corpus_location(&s.location)?,
        name: s.name,
        container_name: Some(s.detail),
        tags: None,
        deprecated: None,
    })
}

#[allow(deprecated)] // `SymbolInformation::deprecated` must still be given.
fn workspace_symbol_of(s: lookup::SymbolMatch) -> Option<SymbolInformation> {
    Some(SymbolInformation {
        kind: match s.kind {
            lookup::SymbolKind::Resolution => SymbolKind::FILE,
            lookup::SymbolKind::Instrument => SymbolKind::OBJECT,
        },
        location: corpus_location(&s.location)?,
        name: s.name,
        // Shown beside the name: the title and date, or the standard citation.
        container_name: Some(s.detail),
        tags: None,
        deprecated: None,
    })
}

/// Each resolution reference, linked to its official text.
pub async fn document_link(
    shared: &Shared,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    with_analysis(
        shared,
        &params.text_document.uri,
        "documentLink",
        |a, p, _| {
            let links = precedent::links(a)
                .into_iter()
                .filter_map(|(span, target)| {
                    Some(DocumentLink {
                        range: p.range(span),
                        target: Some(Uri::from_str(&target).ok()?),
                        tooltip: None,
                        data: None,
                    })
                });
            Some(links.collect())
        },
    )
    .await
}

pub async fn document_symbol(
    shared: &Shared,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    with_analysis(
        shared,
        &params.text_document.uri,
        "documentSymbol",
        |a, p, _| {
            let symbols = outline::symbols(a)
                .into_iter()
                .map(|s| symbol(&p, s))
                .collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        },
    )
    .await
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
fn symbol(p: &Positions, s: Symbol) -> DocumentSymbol {
    let kind = match s.kind {
        outline::SymbolKind::Title => SymbolKind::FILE,
        outline::SymbolKind::Part | outline::SymbolKind::Footnotes => SymbolKind::NAMESPACE,
        outline::SymbolKind::Annex => SymbolKind::MODULE,
        outline::SymbolKind::Heading => SymbolKind::CLASS,
        outline::SymbolKind::Paragraph => SymbolKind::FIELD,
        outline::SymbolKind::Footnote => SymbolKind::KEY,
    };
    let children: Vec<DocumentSymbol> = s.children.into_iter().map(|c| symbol(p, c)).collect();
    DocumentSymbol {
        // Editors reject symbols with empty names.
        name: if s.name.trim().is_empty() {
            "…".to_string()
        } else {
            s.name
        },
        detail: s.detail,
        kind,
        tags: None,
        deprecated: None,
        range: p.range(s.span),
        selection_range: p.range(s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub async fn folding_range(
    shared: &Shared,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    with_analysis(
        shared,
        &params.text_document.uri,
        "foldingRange",
        |a, _, _| {
            let folds = outline::folding_ranges(a)
                .into_iter()
                .map(|f| FoldingRange {
                    start_line: f.start_line as u32,
                    end_line: f.end_line as u32,
                    kind: Some(if f.footnotes {
                        FoldingRangeKind::Comment
                    } else {
                        FoldingRangeKind::Region
                    }),
                    ..Default::default()
                });
            Some(folds.collect())
        },
    )
    .await
}

pub async fn semantic_tokens(
    shared: &Shared,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    with_analysis(
        shared,
        &params.text_document.uri,
        "semanticTokens",
        |a, p, _| {
            let data = encode_tokens(a, &p, &tokens::tokens(a));
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            }))
        },
    )
    .await
}

/// LSP's relative encoding, one token per line segment (clients need not support tokens
/// spanning lines).
fn encode_tokens(a: &Analysis, p: &Positions, tokens: &[Token]) -> Vec<SemanticToken> {
    let (mut line, mut start) = (0, 0);
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let (token_type, token_modifiers_bitset) = token_type(t.kind);
        for segment in line_segments(a, t.span) {
            let pos = p.position(segment.start);
            let delta_start = if pos.line == line {
                pos.character - start
            } else {
                pos.character
            };
            out.push(SemanticToken {
                delta_line: pos.line - line,
                delta_start,
                length: width(&a.doc.text[segment.range()], p.encoding),
                token_type,
                token_modifiers_bitset,
            });
            (line, start) = (pos.line, pos.character);
        }
    }
    out
}

fn token_type(kind: TokenKind) -> (u32, u32) {
    let index =
        |t: SemanticTokenType| TOKEN_TYPES.iter().position(|x| *x == t).unwrap_or_default() as u32;
    match kind {
        TokenKind::PreambularOpening => (index(SemanticTokenType::KEYWORD), 0b01),
        TokenKind::OperativeOpening => (index(SemanticTokenType::KEYWORD), 0b10),
        TokenKind::ParagraphNumber => (index(SemanticTokenType::NUMBER), 0),
        TokenKind::FootnoteMarker => (index(SemanticTokenType::DECORATOR), 0),
        TokenKind::Citation => (index(SemanticTokenType::STRING), 0),
    }
}

/// The non-empty parts of `span` on each line it crosses, line breaks excluded.
fn line_segments(a: &Analysis, span: Span) -> impl Iterator<Item = Span> + '_ {
    let lines = &a.doc.lines;
    (lines.line_of(span.start)..=lines.line_of(span.end)).filter_map(move |l| {
        let start = span.start.max(lines.line_start(l));
        let end = span.end.min(lines.line_end(&a.doc.text, l));
        (start < end).then(|| Span::new(start, end))
    })
}

pub async fn completion(
    shared: &Shared,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    with_analysis(
        shared,
        &at.text_document.uri,
        "completion",
        move |a, p, _| {
            let found = completion::complete(a, p.offset(at.position));
            // The index filters resolutions and instruments by what is typed: the client
            // must ask again rather than filter this list.
            let incomplete = found.iter().any(|c| c.kind != CompletionKind::Opening);
            let items: Vec<CompletionItem> =
                found.into_iter().map(|c| completion_item(&p, c)).collect();
            match (items.is_empty(), incomplete) {
                (true, _) => None,
                (false, false) => Some(CompletionResponse::Array(items)),
                (false, true) => Some(CompletionResponse::List(CompletionList {
                    is_incomplete: true,
                    items,
                })),
            }
        },
    )
    .await
}

fn completion_item(p: &Positions, c: Completion) -> CompletionItem {
    let additional: Vec<TextEdit> = c.additional_edits.iter().map(|e| p.text_edit(e)).collect();
    CompletionItem {
        kind: Some(match c.kind {
            CompletionKind::Opening => CompletionItemKind::KEYWORD,
            CompletionKind::Resolution | CompletionKind::Instrument => {
                CompletionItemKind::REFERENCE
            }
            CompletionKind::Paragraph => CompletionItemKind::TEXT,
        }),
        detail: Some(c.detail),
        sort_text: Some(c.sort),
        filter_text: Some(c.filter),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            p.range(c.replace),
            c.insert,
        ))),
        additional_text_edits: (!additional.is_empty()).then_some(additional),
        label: c.label,
        ..Default::default()
    }
}

pub async fn inlay_hint(
    shared: &Shared,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    with_analysis(
        shared,
        &params.text_document.uri,
        "inlayHint",
        move |a, p, _| {
            let hints = hints::ibid_hints(a, p.span(params.range))
                .into_iter()
                .map(|h| InlayHint {
                    position: p.position(h.at),
                    label: InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(h.tooltip)),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                });
            Some(hints.collect())
        },
    )
    .await
}

pub async fn code_action(
    shared: &Shared,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    let only = params.context.only.clone();
    let document_changes = shared.caps().document_changes;
    with_analysis(
        shared,
        &params.text_document.uri,
        "codeAction",
        move |a, p, version| {
            let wanted = |k: ActionKind| wanted(&kind(k), only.as_deref());
            let actions = actions::code_actions(a, p.span(params.range), wanted);
            let response: CodeActionResponse = actions
                .into_iter()
                .map(|action| {
                    let edit = workspace_edit(&uri, version, &p, &action.edits, document_changes);
                    CodeActionOrCommand::CodeAction(code_action_of(a, &p, &uri, action, edit))
                })
                .collect();
            Some(response)
        },
    )
    .await
}

fn code_action_of(
    a: &Analysis,
    p: &Positions,
    uri: &Uri,
    action: Action,
    edit: WorkspaceEdit,
) -> CodeAction {
    let diagnostics = action
        .diagnostic
        .map(|i| vec![p.diagnostic(uri, &a.diagnostics[i])]);
    CodeAction {
        title: action.title,
        kind: Some(kind(action.kind)),
        diagnostics,
        edit: Some(edit),
        is_preferred: action.preferred.then_some(true),
        ..Default::default()
    }
}

fn kind(k: ActionKind) -> CodeActionKind {
    match k {
        ActionKind::QuickFix => CodeActionKind::QUICKFIX,
        ActionKind::FixAll => CodeActionKind::new(FIX_ALL_KIND),
        ActionKind::RenumberOperative | ActionKind::RenumberFootnotes | ActionKind::UseWording => {
            CodeActionKind::REFACTOR_REWRITE
        }
        ActionKind::ExpandIbid => CodeActionKind::REFACTOR_INLINE,
    }
}

/// Whether an action of kind `k` is asked for: `only` lists kinds or their parents
/// ("source" covers "source.fixAll.resolute").
fn wanted(k: &CodeActionKind, only: Option<&[CodeActionKind]>) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|o| {
        let o = o.as_str();
        k.as_str() == o
            || k.as_str()
                .strip_prefix(o)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Edits to one document, tied to the version they were computed on when the client can
/// check it (so a stale edit is refused rather than applied to the wrong text).
pub fn workspace_edit(
    uri: &Uri,
    version: i32,
    p: &Positions,
    edits: &[Edit],
    versioned: bool,
) -> WorkspaceEdit {
    let edits: Vec<TextEdit> = edits.iter().map(|e| p.text_edit(e)).collect();
    if versioned {
        let doc_edit = TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        };
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![doc_edit])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }
    }
}

/// The edits of a document-wide command, with the version they apply to.
pub async fn command_edit(
    shared: &Shared,
    uri: &Uri,
    command: ActionKind,
) -> Result<Option<WorkspaceEdit>> {
    let document_changes = shared.caps().document_changes;
    let target = uri.clone();
    with_analysis(shared, uri, "executeCommand", move |a, p, version| {
        let edits = match command {
            ActionKind::RenumberOperative => actions::renumber_operative(a),
            ActionKind::RenumberFootnotes => actions::renumber_footnotes(a),
            _ => actions::fix_all(a),
        };
        (!edits.is_empty()).then(|| workspace_edit(&target, version, &p, &edits, document_changes))
    })
    .await
}

/// Pull diagnostics, with a result id that lets the client skip an unchanged set.
pub async fn diagnostic(
    shared: &Shared,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let (items, _) = diagnostics::current(shared, &params.text_document.uri, "diagnostic").await?;
    let id = result_id(&items);
    let report = if params.previous_result_id.as_deref() == Some(id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(id),
                items,
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

fn result_id(items: &[Diagnostic]) -> String {
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(items)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
