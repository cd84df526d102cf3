//! `resolute search` and `resolute similar`: agreed language from the command line.

use super::{EXIT_CLEAN, config_for, usage};
use crate::agreed::{self, AgreedIndex, AgreedSearch, Hit};
use crate::config::Config;
use crate::features::agreed::{draft_paragraphs, nearest};
use crate::files::read_source;
use crate::model::Document;
use serde_json::json;
use std::path::Path;

/// How `search` and `similar` print their lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// `resolute search WORDS… [--limit N] [--format human|json]`.
pub fn search(words: &[String], limit: usize, format: ListFormat) -> i32 {
    let index = match open(&std::env::current_dir().unwrap_or_default(), None) {
        Ok(index) => index,
        Err(e) => return usage(&e),
    };
    let hits = index.search(&words.join(" "), limit);
    match format {
        ListFormat::Human => hits.iter().for_each(print_hit),
        ListFormat::Json => print_json(&hits),
    }
    EXIT_CLEAN
}

fn print_hit(hit: &Hit) {
    let p = &hit.paragraph;
    println!(
        "{}  {} ({})\n    {}",
        p.citation(),
        p.title,
        p.date.as_deref().unwrap_or("undated"),
        hit.snippet
    );
}

fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// `resolute similar FILE`: each paragraph's nearest precedent paragraph.
pub fn similar(path: &Path, format: ListFormat, config: Option<&Path>) -> i32 {
    let text = match read_source(path) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let index = match open(path, config) {
        Ok(index) => index,
        Err(e) => return usage(&e),
    };
    let doc = Document::parse_path(path, text);
    let rows: Vec<_> = draft_paragraphs(&doc)
        .into_iter()
        .map(|p| (p.label, nearest(&doc, p.index, &index)))
        .collect();
    match format {
        ListFormat::Human => {
            for (label, nearest) in &rows {
                match nearest {
                    Some(n) if n.comparison.identical() => println!("{label}: {}", n.describe()),
                    Some(n) => println!(
                        "{label}: {} ({:.0}% similar): {}",
                        n.describe(),
                        n.comparison.similarity * 100.0,
                        n.comparison.differences()
                    ),
                    None => println!("{label}: no close precedent"),
                }
            }
        }
        ListFormat::Json => {
            let rows: Vec<_> = rows
                .iter()
                .map(|(label, nearest)| json!({ "label": label, "nearest": nearest }))
                .collect();
            print_json(&rows);
        }
    }
    EXIT_CLEAN
}

/// The paragraph index of the corpus configured for `path`.
fn open(path: &Path, config: Option<&Path>) -> Result<AgreedIndex, String> {
    let config: Config = config_for(path, config)?;
    agreed::load_or_build(&config.corpus, || {}, |_, _| {})
}
