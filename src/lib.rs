//! Resolute: checks United Nations resolution drafts.
//!
//! Layers, bottom up: [`source`] (spans, positions), [`model`] (a draft read into its parts),
//! [`rules`] (diagnostics and fixes over the model), then the front ends: `cli` and the
//! language server. See ARCHITECTURE.md.

pub mod agreed;
pub mod cli;
pub mod config;
pub mod edit;
pub mod features;
pub mod files;
pub mod fix;
pub mod lsp;
pub mod model;
pub mod precedent;
pub mod rules;
pub mod severity;
pub mod source;
pub mod vocab;
