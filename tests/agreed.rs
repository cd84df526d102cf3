//! Agreed language: the paragraph index over the fixture corpus (labels, search, the nearest
//! paragraph, recall on re-adopted paragraphs), and `resolute search` / `resolute similar`
//! through the binary on the bundled corpus, unpacked into a temporary cache folder.

use resolute::agreed::cache::{corpus_paragraphs, load_or_build_in};
use resolute::agreed::quality::{measure, re_adoptions};
use resolute::agreed::{AgreedIndex, AgreedSearch};
use resolute::precedent::Origin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_corpus() -> Vec<PathBuf> {
    vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent")]
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("agreed-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture_index() -> AgreedIndex {
    load_or_build_in(&fixture_corpus(), None, |_, _| {})
        .unwrap()
        .0
}

#[test]
fn the_index_is_cached_and_reopened() {
    let cache = temp_dir("cache");
    let (built, origin) = load_or_build_in(&fixture_corpus(), Some(&cache), |_, _| {}).unwrap();
    assert_eq!(origin, Origin::Built);
    let (opened, origin) = load_or_build_in(&fixture_corpus(), Some(&cache), |_, _| {}).unwrap();
    assert_eq!(origin, Origin::Cache);
    assert!(opened.len() > 300, "{}", opened.len());
    assert_eq!(built.len(), opened.len());
}

#[test]
fn phrase_search_finds_labelled_paragraphs_with_snippets() {
    let index = fixture_index();
    let hits = index.search("\"trafficking in women and girls\" gender", 5);
    assert_eq!(hits.len(), 5);
    for hit in &hits {
        let p = &hit.paragraph;
        assert!(
            p.text.contains("trafficking in women and girls"),
            "{}",
            p.text
        );
        assert!(
            p.label.starts_with("PP ") || p.label.starts_with("OP "),
            "{}",
            p.label
        );
        assert!(hit.snippet.contains("**"), "{}", hit.snippet);
    }
}

#[test]
fn nearest_paragraph_shows_the_differing_words() {
    let index = fixture_index();
    let draft = "Recognizing also the need to address the impact of globalization on the \
        particular problem of trafficking in women, in particular girls,";
    let n = index.nearest(draft).expect("a precedent");
    assert_eq!(n.paragraph.citation(), "71/167 PP 19");
    assert_eq!(n.comparison.precedent_only, ["and children"]);
    assert!(n.comparison.draft_only.is_empty());
    assert_eq!(n.describe(), "closest: 71/167 PP 19 — 2 words differ");
}

/// Every long paragraph of the fixture corpus, as is and with two words replaced: the nearest
/// precedent has its wording, as is at its latest adoption, edited with the two words shown.
#[test]
fn taken_and_edited_paragraphs_find_their_wording() {
    let index = fixture_index();
    let paragraphs = corpus_paragraphs(&fixture_corpus());
    let long: Vec<_> = paragraphs
        .iter()
        .filter(|p| p.text.split_whitespace().count() >= 30)
        .collect();
    assert!(long.len() > 50, "{}", long.len());
    for p in long {
        let taken = index.nearest(&p.text).expect("its own paragraph");
        assert!(taken.comparison.identical(), "{}", p.text);
        let latest = paragraphs
            .iter()
            .filter(|q| q.text == p.text)
            .filter_map(|q| q.date.clone())
            .max();
        assert_eq!(taken.paragraph.date, latest, "{}", p.text);

        let mut words: Vec<&str> = p.text.split_whitespace().collect();
        words[3] = "xyzzy";
        words[20] = "plugh";
        let edited = index.nearest(&words.join(" ")).expect("its paragraph");
        assert_eq!(edited.paragraph.text, p.text);
        assert_eq!(edited.comparison.differing, 2, "{}", p.text);
        assert!(edited.is_near());
    }
}

#[test]
fn re_adopted_paragraphs_are_found_in_the_top_five() {
    let paragraphs = corpus_paragraphs(&fixture_corpus());
    let pairs = re_adoptions(&paragraphs);
    assert!(pairs.len() >= 5, "{} pairs", pairs.len());
    let quality = measure(&fixture_index(), &pairs, 5);
    assert!(quality.recall >= 0.95, "recall@5 {}", quality.recall);
    assert!(quality.mrr > 0.8, "MRR {}", quality.mrr);
}

// ---------------------------------------------------------------------------------------------
// Through the binary, on the corpus packed into it

fn run(cache: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .args(["--format", "json"])
        .env_remove("RESOLUTE_CORPUS")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const DRAFT: &str = "The General Assembly,

*Taking note* of the launch of the Sustainable Food Systems Programme under the 10-Year Framework of Programmes on Sustainable Consumption and Production Patterns,

1. *Decides* to remain seized of the matter.
";

#[test]
fn search_and_similar_on_the_bundled_corpus() {
    let dir = temp_dir("binary");
    let cache = dir.join("cache");
    let found = run(
        &cache,
        &[
            "search",
            "\"Sustainable Food Systems Programme\"",
            "--limit",
            "3",
        ],
    );
    let hits = found.as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for hit in hits {
        let p = &hit["paragraph"];
        assert!(
            p["text"]
                .as_str()
                .unwrap()
                .contains("Sustainable Food Systems Programme")
        );
        assert_eq!(
            p["title"],
            "Agriculture development, food security and nutrition"
        );
        assert!(p["label"].as_str().unwrap().starts_with("PP "));
    }

    let draft = dir.join("draft.md");
    std::fs::write(&draft, DRAFT).unwrap();
    let rows = run(&cache, &["similar", draft.to_str().unwrap()]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["label"], "PP 1");
    let first = &rows[0]["nearest"];
    assert_eq!(first["paragraph"]["symbol"], "A/RES/77/186");
    assert_eq!(first["comparison"]["draft_only"], serde_json::json!([]));
    assert!(first["comparison"]["differing"].as_u64().unwrap() > 0);
    assert_eq!(rows[1]["label"], "OP 1");
    assert_eq!(rows[1]["nearest"]["comparison"]["differing"], 0);
}
