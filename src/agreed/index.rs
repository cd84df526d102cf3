//! The paragraph index on tantivy: BM25 over the paragraph text (with phrase queries and
//! snippets), titles and footnotes, and the MinHash bands of each paragraph's word shingles.
//! The nearest precedent of a paragraph is looked for among the paragraphs sharing a band (the
//! same or nearly the same wording), then among the BM25 candidates ranked by shingles; either
//! way compared word by word, rare words counting most.

use super::compare;
use super::extract::AgreedParagraph;
use super::{AgreedSearch, Hit, Nearest};
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhrasePrefixQuery, Query, QueryParser, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, TantivyDocument, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader, Term,
};

/// Memory for the index writer: enough for the whole GA record in a few segments, modest for
/// an editor's server.
const WRITER_HEAP: usize = 48 * 1024 * 1024;
/// BM25 candidates examined for the nearest precedent.
const CANDIDATES: usize = 16;
/// Of those, the ones closest by shingles that are compared word by word (all of them for a
/// few results: the word diff weighted by rarity ranks better than shingles).
const COMPARED: usize = 16;
/// Rarest words of a paragraph put in its query: the common ones find everything.
const QUERY_WORDS: usize = 24;
/// Paragraphs shorter than this (in words) are not compared: "Decides," matches everything.
const MIN_WORDS: usize = 4;
/// Paragraphs sharing most bands (then the latest) compared for the nearest precedent before
/// BM25 is asked.
const BAND_CANDIDATES: usize = 8;
/// The nearest paragraph found by bands stands when it is at least this close (weighted
/// similarity); BM25 is asked otherwise, as a closer paragraph may share no band.
const BAND_ACCEPTED: f32 = 0.8;
/// The schema's fast field of adoption days (yyyymmdd), which ranks equally close paragraphs.
const DAY: &str = "day";

#[derive(Clone, Copy)]
struct Fields {
    symbol: Field,
    label: Field,
    date: Field,
    title: Field,
    text: Field,
    footnotes: Field,
    markers: Field,
    file: Field,
    line: Field,
    day: Field,
    bands: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        symbol: b.add_text_field("symbol", STRING | STORED),
        label: b.add_text_field("label", STORED),
        date: b.add_text_field("date", STRING | STORED),
        title: b.add_text_field("title", TEXT | STORED),
        text: b.add_text_field("text", TEXT | STORED),
        footnotes: b.add_text_field("footnotes", TEXT | STORED),
        markers: b.add_u64_field("markers", STORED),
        file: b.add_text_field("file", STORED),
        line: b.add_u64_field("line", STORED),
        day: b.add_u64_field(DAY, FAST),
        bands: b.add_u64_field("bands", INDEXED),
    };
    (b.build(), fields)
}

/// A searchable index of precedent paragraphs.
pub struct AgreedIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl AgreedIndex {
    /// Indexes `paragraphs` in `dir` (an empty folder), or in memory when `None`.
    pub fn build(
        dir: Option<&Path>,
        paragraphs: impl IntoIterator<Item = AgreedParagraph>,
    ) -> tantivy::Result<AgreedIndex> {
        let (schema, fields) = schema();
        let index = match dir {
            Some(dir) => Index::create_in_dir(dir, schema)?,
            None => Index::create_in_ram(schema),
        };
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_HEAP)?;
        for p in paragraphs {
            writer.add_document(document(&fields, p))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Self::with_reader(index, fields)
    }

    /// Opens an index that [`Self::build`] wrote to `dir`.
    pub fn open(dir: &Path) -> tantivy::Result<AgreedIndex> {
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        Self::with_reader(index, fields)
    }

    fn with_reader(index: Index, fields: Fields) -> tantivy::Result<AgreedIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(AgreedIndex {
            index,
            reader,
            fields,
        })
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn paragraph(&self, searcher: &Searcher, address: DocAddress) -> Option<AgreedParagraph> {
        let doc: TantivyDocument = searcher.doc(address).ok()?;
        Some(paragraph(&self.fields, &doc))
    }

    fn top(&self, searcher: &Searcher, query: &dyn Query, limit: usize) -> Vec<(f32, DocAddress)> {
        searcher
            .search(query, &TopDocs::with_limit(limit.max(1)))
            .unwrap_or_default()
    }

    /// The words of `text` as the text field indexes them, rarest first, without repeats.
    fn rare_terms(&self, searcher: &Searcher, text: &str) -> Vec<Term> {
        let mut terms = self.terms(text);
        terms.sort();
        terms.dedup();
        let mut counted: Vec<(u64, Term)> = terms
            .into_iter()
            .map(|t| (searcher.doc_freq(&t).unwrap_or(0), t))
            .filter(|(freq, _)| *freq > 0)
            .collect();
        counted.sort_by_key(|(freq, _)| *freq);
        counted.truncate(QUERY_WORDS);
        counted.into_iter().map(|(_, t)| t).collect()
    }

    /// Each distinct word's weight: the inverse document frequency (BM25's) of its rarest token,
    /// so that the words that tell paragraphs apart count most; none for a clause mark.
    fn weights<'w>(
        &self,
        searcher: &Searcher,
        words: impl IntoIterator<Item = &'w str>,
    ) -> HashMap<&'w str, f32> {
        let n = searcher.num_docs() as f32;
        let mut out = HashMap::new();
        let Ok(mut analyzer) = self.index.tokenizer_for_field(self.fields.text) else {
            return out;
        };
        for word in words {
            if out.contains_key(word) {
                continue;
            }
            let weight = tokens(&mut analyzer, self.fields.text, word)
                .iter()
                .map(|t| {
                    let df = searcher.doc_freq(t).unwrap_or(0) as f32;
                    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
                })
                .fold(0.0, f32::max);
            out.insert(word, weight);
        }
        out
    }

    /// The `limit` closest (weighted similarity, then latest) among the BM25 candidates for
    /// the rarest words of `text`, of which the closest by shingles are compared.
    fn closest_by_bm25(
        &self,
        searcher: &Searcher,
        draft: &[&str],
        text: &str,
        limit: usize,
    ) -> Vec<(f32, Nearest)> {
        let query = any_of(self.rare_terms(searcher, text));
        let draft_shingles = compare::shingles(draft);
        let mut candidates: Vec<(f32, AgreedParagraph)> = self
            .top(searcher, &query, CANDIDATES.max(limit * 4))
            .into_iter()
            .filter_map(|(_, address)| self.paragraph(searcher, address))
            .map(|p| {
                let words = compare::words(&p.text);
                (
                    compare::jaccard(&draft_shingles, &compare::shingles(&words)),
                    p,
                )
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.date.cmp(&a.1.date)));
        // The same wording adopted in several resolutions counts once (its latest adoption,
        // first after the sort above): a list of copies would hide the other wordings.
        let mut seen = std::collections::HashSet::new();
        candidates.retain(|(_, p)| seen.insert(p.text.clone()));
        candidates.truncate(COMPARED.max(limit));
        let candidates = candidates.into_iter().map(|(_, p)| p).collect();
        self.rank(searcher, draft, candidates, limit)
    }

    /// Up to [`BAND_CANDIDATES`] paragraphs sharing MinHash bands with `draft`, most bands
    /// (then latest) first.
    fn sharing_bands(&self, searcher: &Searcher, draft: &[&str]) -> Vec<AgreedParagraph> {
        let keys = compare::bands(&compare::shingles(draft));
        let query = BooleanQuery::new(
            keys.into_iter()
                .map(|key| {
                    let term = Term::from_field_u64(self.fields.bands, key);
                    let shared = TermQuery::new(term, IndexRecordOption::Basic);
                    let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(Box::new(shared), 1.0));
                    (Occur::Should, q)
                })
                .collect(),
        );
        let collector = TopDocs::with_limit(BAND_CANDIDATES).tweak_score(bands_then_day);
        searcher
            .search(&query, &collector)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(_, address)| self.paragraph(searcher, address))
            .collect()
    }

    /// The `limit` candidates closest to `draft` by weighted similarity (then latest), with
    /// that similarity. Candidates are diffed in the order of an upper bound of their
    /// similarity, until the bound falls below the `limit`-th similarity found.
    fn rank(
        &self,
        searcher: &Searcher,
        draft: &[&str],
        candidates: Vec<AgreedParagraph>,
        limit: usize,
    ) -> Vec<(f32, Nearest)> {
        let words: Vec<Vec<&str>> = candidates.iter().map(|p| compare::words(&p.text)).collect();
        let weights = self.weights(
            searcher,
            draft.iter().chain(words.iter().flatten()).copied(),
        );
        let weight = |w: &str| weights.get(w).copied().unwrap_or_default();
        let mut bounded: Vec<(f32, usize)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (compare::weighted_similarity_bound(draft, w, weight), i))
            .collect();
        bounded.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut scored: Vec<(f32, usize)> = Vec::new();
        for (bound, i) in bounded {
            if limit_th_best(&scored, limit).is_some_and(|worst| bound < worst) {
                break;
            }
            scored.push((compare::weighted_similarity(draft, &words[i], weight), i));
        }
        let date = |i: usize| &candidates[i].date;
        scored.sort_by(|(x, a), (y, b)| y.total_cmp(x).then_with(|| date(*b).cmp(date(*a))));
        scored
            .into_iter()
            .take(limit)
            .map(|(score, i)| {
                let comparison = compare::compare(draft, &words[i]);
                let paragraph = candidates[i].clone();
                (
                    score,
                    Nearest {
                        comparison,
                        paragraph,
                    },
                )
            })
            .collect()
    }

    /// The tokens of `text` in order, as terms of the text field.
    fn terms(&self, text: &str) -> Vec<Term> {
        self.index
            .tokenizer_for_field(self.fields.text)
            .map(|mut analyzer| tokens(&mut analyzer, self.fields.text, text))
            .unwrap_or_default()
    }
}

/// The tokens of `text` in order, as terms of `field`.
fn tokens(analyzer: &mut TextAnalyzer, field: Field, text: &str) -> Vec<Term> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(Term::from_field_text(field, &token.text));
    }
    out
}

impl AgreedSearch for AgreedIndex {
    fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let f = self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.text, f.title, f.footnotes]);
        parser.set_field_boost(f.title, 0.3);
        parser.set_field_boost(f.footnotes, 0.3);
        let (query, _) = parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let snippets = SnippetGenerator::create(&searcher, &*query, f.text).ok();
        self.top(&searcher, &*query, limit)
            .into_iter()
            .filter_map(|(score, address)| {
                let paragraph = self.paragraph(&searcher, address)?;
                let snippet = snippets
                    .as_ref()
                    .map(|g| marked_snippet(&g.snippet(&paragraph.text)))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| crate::source::excerpt(&paragraph.text, 150));
                Some(Hit {
                    paragraph,
                    score,
                    snippet,
                })
            })
            .collect()
    }

    fn closest(&self, text: &str, limit: usize) -> Vec<Nearest> {
        let draft = compare::words(text);
        if draft.len() < MIN_WORDS {
            return Vec::new();
        }
        let searcher = self.reader.searcher();
        self.closest_by_bm25(&searcher, &draft, text, limit)
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    }

    /// The closest of the paragraphs sharing most bands with `text` when it is close enough,
    /// as it nearly always is for wording taken from a precedent: no BM25 query, a few
    /// paragraphs compared. Otherwise the closest of the BM25 candidates.
    fn nearest(&self, text: &str) -> Option<Nearest> {
        let draft = compare::words(text);
        if draft.len() < MIN_WORDS {
            return None;
        }
        let searcher = self.reader.searcher();
        let sharing = self.sharing_bands(&searcher, &draft);
        self.rank(&searcher, &draft, sharing, 1)
            .pop()
            .filter(|(score, _)| *score >= BAND_ACCEPTED)
            .or_else(|| self.closest_by_bm25(&searcher, &draft, text, 1).pop())
            .map(|(_, n)| n)
    }

    fn starting_with(&self, words: &str, limit: usize) -> Vec<AgreedParagraph> {
        let terms = self.terms(words);
        if terms.len() < 2 {
            return Vec::new();
        }
        let typed: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
        let searcher = self.reader.searcher();
        let query = PhrasePrefixQuery::new(terms);
        let mut found: Vec<AgreedParagraph> = self
            .top(&searcher, &query, limit * 4)
            .into_iter()
            .filter_map(|(_, address)| self.paragraph(&searcher, address))
            .filter(|p| starts_with_words(&p.text, &typed))
            .collect();
        // The same wording adopted year after year: its latest adoption stands for it.
        found.sort_by(|a, b| a.text.cmp(&b.text).then_with(|| b.date.cmp(&a.date)));
        found.dedup_by(|a, b| a.text == b.text);
        found.sort_by(|a, b| b.date.cmp(&a.date));
        found.truncate(limit);
        found
    }
}

/// Whether `text` begins with the typed words (the last one possibly unfinished).
fn starts_with_words(text: &str, typed: &[String]) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .take(typed.len())
        .map(str::to_lowercase)
        .collect();
    words.len() == typed.len()
        && typed.iter().zip(&words).enumerate().all(|(i, (t, w))| {
            let last = i + 1 == typed.len();
            w == t || (last && w.starts_with(t.as_str()))
        })
}

/// The `limit`-th best of the scores, when there are that many.
fn limit_th_best(scored: &[(f32, usize)], limit: usize) -> Option<f32> {
    let mut scores: Vec<f32> = scored.iter().map(|(s, _)| *s).collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    scores.get(limit.max(1) - 1).copied()
}

/// Ranks paragraphs by the bands they share with the query (each scores 1), then latest first.
fn bands_then_day(segment: &SegmentReader) -> impl FnMut(DocId, Score) -> u64 + use<> {
    let days = segment
        .fast_fields()
        .u64(DAY)
        .ok()
        .map(|c| c.first_or_default_col(0));
    move |doc, shared| {
        let day = days.as_ref().map_or(0, |d| d.get_val(doc));
        ((shared as u64) << 32) | day
    }
}

fn any_of(terms: Vec<Term>) -> BooleanQuery {
    BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            })
            .collect(),
    )
}

/// The snippet's fragment with its matched words in `**`.
fn marked_snippet(snippet: &tantivy::snippet::Snippet) -> String {
    let fragment = snippet.fragment();
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for range in snippet.highlighted() {
        out.push_str(&fragment[at..range.start]);
        out.push_str("**");
        out.push_str(&fragment[range.clone()]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&fragment[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn document(f: &Fields, p: AgreedParagraph) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.symbol, &p.symbol);
    doc.add_text(f.label, &p.label);
    if let Some(date) = &p.date {
        doc.add_text(f.date, date);
    }
    doc.add_text(f.title, &p.title);
    doc.add_text(f.text, &p.text);
    for footnote in &p.footnotes {
        doc.add_text(f.footnotes, footnote);
    }
    for &marker in &p.markers {
        doc.add_u64(f.markers, marker as u64);
    }
    doc.add_text(f.file, &p.file);
    doc.add_u64(f.line, u64::from(p.line));
    if let Some(day) = p.date.as_deref().and_then(day_number) {
        doc.add_u64(f.day, day);
    }
    let words = compare::words(&p.text);
    if words.len() >= MIN_WORDS {
        for key in compare::bands(&compare::shingles(&words)) {
            doc.add_u64(f.bands, key);
        }
    }
    doc
}

/// "2021-12-16" → 20211216.
fn day_number(date: &str) -> Option<u64> {
    date.get(..10)?.replace('-', "").parse().ok()
}

fn paragraph(f: &Fields, doc: &TantivyDocument) -> AgreedParagraph {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    AgreedParagraph {
        symbol: text(f.symbol),
        label: text(f.label),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_str())
            .map(str::to_string),
        title: text(f.title),
        text: text(f.text),
        footnotes: doc
            .get_all(f.footnotes)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        markers: doc
            .get_all(f.markers)
            .filter_map(|v| v.as_u64())
            .map(|m| m as usize)
            .collect(),
        file: text(f.file),
        line: doc
            .get_first(f.line)
            .and_then(|v| v.as_u64())
            .and_then(|l| u32::try_from(l).ok())
            .unwrap_or(0),
    }
}
