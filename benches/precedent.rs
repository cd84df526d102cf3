//! `cargo bench --bench precedent`: the precedent index over the bundled corpus (as unpacked
//! from the binary into the cache folder, or `$RESOLUTE_CORPUS`).
//!
//! * `index/cold-build`: reading and indexing every file on all cores; the target is under 2 s
//!   on the 2-core development machine.
//! * `index/from-cache`: start-up from the on-disk cache (listing and stamping the files,
//!   reading and checking the cache); the target is under 200 ms.
//! * `lookup/*`: hover and definition on an instrument and on a resolution reference in a
//!   draft, parse included, and `check` of that draft with the citation rules.
//!
//! Resident memory is measured in a fresh process by `examples/precedent_report.rs --memory`.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use resolute::config::Config;
use resolute::model::{Document, Format};
use resolute::precedent::{PrecedentIndex, lookup, unpacked_corpus_dir};
use resolute::rules::{self, Context};
use std::path::PathBuf;
use std::time::Duration;

const DRAFT: &str = "The General Assembly,\n\n*Recalling* its resolution 59/166 of 20 December 2004 and its resolution 75/174 of 16 December 2020,\n\n*Reaffirming* the Universal Declaration of Human Rights,<sup>1</sup> the Convention on the Rights of the Child<sup>2</sup> and the 2030 Agenda for Sustainable Development,<sup>3</sup>\n\n1. *Urges* States to implement the Convention on the Rights of the Child;\n\n<sup>1</sup> Resolution 217 A (III).\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n\n<sup>3</sup> Resolution 70/1.\n";

fn index_benches(c: &mut Criterion) {
    let folders = vec![unpacked_corpus_dir().expect("the bundled corpus unpacks")];
    let files = resolute::files::collect_files(&folders).unwrap_or_default();
    if files.is_empty() {
        eprintln!("no corpus at {}: skipping", folders[0].display());
        return;
    }
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("cold-build", |b| {
        b.iter(|| {
            black_box(PrecedentIndex::build(&files, |_, _| {}))
                .resolutions
                .len()
        })
    });
    let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("precedent-bench-cache");
    let _ = std::fs::remove_dir_all(&cache);
    PrecedentIndex::load_or_build_in(&folders, Some(&cache), |_, _| {});
    group.bench_function("from-cache", |b| {
        b.iter(|| {
            let (index, origin) =
                PrecedentIndex::load_or_build_in(&folders, Some(&cache), |_, _| {});
            assert_eq!(origin, resolute::precedent::Origin::Cache);
            black_box(index.resolutions.len())
        })
    });
    group.finish();
}

fn lookup_benches(c: &mut Criterion) {
    let folders = vec![unpacked_corpus_dir().expect("the bundled corpus unpacks")];
    let (index, _) = PrecedentIndex::load_or_build_in(&folders, None, |_, _| {});
    if index.resolutions.is_empty() {
        return;
    }
    let at_instrument = DRAFT.find("Rights of the Child<sup>").unwrap();
    let at_reference = DRAFT.find("59/166").unwrap();
    let parse = || Document::parse(DRAFT.to_string(), Format::Markdown);
    let mut group = c.benchmark_group("lookup");
    group.bench_function("hover-instrument", |b| {
        b.iter(|| {
            lookup::instrument_hover(&index, &parse(), at_instrument).map(|h| h.cited_in.len())
        })
    });
    group.bench_function("hover-resolution", |b| {
        b.iter(|| lookup::resolution_hover(&index, &parse(), at_reference).map(|h| h.cited_by))
    });
    group.bench_function("definition-instrument", |b| {
        b.iter(|| lookup::definition(&index, &parse(), at_instrument).len())
    });
    group.bench_function("definition-resolution", |b| {
        b.iter(|| lookup::definition(&index, &parse(), at_reference).len())
    });
    let config = Config::default();
    group.bench_function("check-with-precedents", |b| {
        b.iter(|| {
            let doc = parse();
            rules::check_with(&Context::new(&doc, &config).with_precedents(&index)).len()
        })
    });
    group.finish();
}

criterion_group!(benches, index_benches, lookup_benches);
criterion_main!(benches);
