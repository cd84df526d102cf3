//! `cargo bench --bench agreed`: the agreed-language paragraph index over the bundled corpus
//! (as unpacked from the binary into the cache folder, or `$RESOLUTE_CORPUS`).
//!
//! * `index/cold-build`: reading every file and indexing its paragraphs into a fresh cache
//!   folder; the target is under 5 s on the 2-core development machine.
//! * `index/from-cache`: listing and stamping the files, opening the tantivy index; under
//!   100 ms.
//! * `search/*`: a word query and a phrase query with snippets; p99 under 10 ms.
//! * `nearest/draft-200`: the nearest precedent of each of 200 paragraphs (edited corpus
//!   paragraphs); under 50 ms in all.
//!
//! Percentiles, recall and resident memory: `examples/agreed_report.rs`.

use criterion::{BatchSize, Criterion, black_box, criterion_group, criterion_main};
use resolute::agreed::cache::{corpus_paragraphs, load_or_build_in};
use resolute::agreed::quality::edited_draft;
use resolute::agreed::{AgreedIndex, AgreedSearch};
use resolute::precedent::{Origin, unpacked_corpus_dir};
use std::path::PathBuf;
use std::time::Duration;

fn cache_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn index_benches(c: &mut Criterion) {
    let folders = vec![unpacked_corpus_dir().expect("the bundled corpus unpacks")];
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    let cold = cache_dir("agreed-bench-cold");
    group.bench_function("cold-build", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&cold);
            },
            |()| {
                let (index, origin) = load_or_build_in(&folders, Some(&cold), |_, _| {}).unwrap();
                assert_eq!(origin, Origin::Built);
                black_box(index.len())
            },
            BatchSize::PerIteration,
        )
    });
    let cache = cache_dir("agreed-bench-cache");
    let _ = std::fs::remove_dir_all(&cache);
    load_or_build_in(&folders, Some(&cache), |_, _| {}).unwrap();
    group.bench_function("from-cache", |b| {
        b.iter(|| {
            let (index, origin) = load_or_build_in(&folders, Some(&cache), |_, _| {}).unwrap();
            assert_eq!(origin, Origin::Cache);
            black_box(index.len())
        })
    });
    group.finish();
}

/// The opened index and 200 corpus paragraphs, a word changed in each.
fn setup() -> (AgreedIndex, Vec<String>) {
    let folders = vec![unpacked_corpus_dir().expect("the bundled corpus unpacks")];
    let cache = cache_dir("agreed-bench-cache");
    let (index, _) = load_or_build_in(&folders, Some(&cache), |_, _| {}).unwrap();
    (index, edited_draft(&corpus_paragraphs(&folders), 200))
}

fn query_benches(c: &mut Criterion) {
    let (index, draft) = setup();
    let mut group = c.benchmark_group("search");
    group.bench_function("words", |b| {
        b.iter(|| index.search("trafficking women girls gender", 10).len())
    });
    group.bench_function("phrase", |b| {
        b.iter(|| index.search("\"food security and nutrition\"", 10).len())
    });
    group.finish();
    let mut group = c.benchmark_group("nearest");
    group.sample_size(20);
    group.bench_function("draft-200", |b| {
        b.iter(|| draft.iter().filter_map(|p| index.nearest(p)).count())
    });
    group.finish();
}

criterion_group!(benches, index_benches, query_benches);
criterion_main!(benches);
