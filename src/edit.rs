//! Text edits: what fixes, renumberings and the editor's code actions are made of.

use crate::source::Span;

/// A text replacement.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}
