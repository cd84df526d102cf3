//! The precedent index over `tests/fixtures/precedent/`, built once per test binary, and over
//! other fixture folders.

use resolute::precedent::PrecedentIndex;
use std::path::Path;
use std::sync::OnceLock;

pub fn index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| build("precedent"))
}

/// The precedent index over `tests/fixtures/{folder}/`.
pub fn build(folder: &str) -> PrecedentIndex {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let files = resolute::files::collect_files(&[dir]).unwrap();
    PrecedentIndex::build(&files, |_, _| {})
}
