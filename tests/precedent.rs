//! The precedent index over a small fixture corpus (`tests/fixtures/precedent/`): what it
//! holds, its cache, every lookup the language server uses, and the citation rules through the
//! library and through `resolute check`.

use resolute::config::Config;
use resolute::fix::apply;
use resolute::model::{Document, Format};
use resolute::precedent::lookup::{self, SymbolKind};
use resolute::precedent::{Body, Origin, PrecedentIndex};
use resolute::rules::{self, Context, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent")
}

fn index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let files = resolute::files::collect_files(&[fixture_dir()]).unwrap();
        PrecedentIndex::build(&files, |_, _| {})
    })
}

fn resolution(symbol: &str) -> &'static resolute::precedent::Resolution {
    index()
        .resolutions
        .iter()
        .find(|r| r.symbol == symbol)
        .unwrap_or_else(|| panic!("{symbol} not indexed"))
}

fn draft(text: &str) -> Document {
    Document::parse(text.to_string(), Format::Markdown)
}

/// A fresh, empty directory under the target directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("precedent-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// What the index holds

#[test]
fn resolutions_with_symbol_title_date_body_and_title_line() {
    let index = index();
    assert_eq!(
        index.resolutions.len(),
        11,
        "README and SOURCE.md are not resolutions"
    );
    let r = resolution("A/RES/59/166");
    assert_eq!(r.title, "Trafficking in women and girls");
    assert_eq!(r.date.unwrap().to_string(), "20 December 2004");
    assert_eq!(r.body, Body::GeneralAssembly);
    assert!(r.file.ends_with("A_RES_59_166.md"));
    let text = std::fs::read_to_string(&r.file).unwrap();
    let title_line = text.lines().nth(r.title_line as usize).unwrap();
    assert!(title_line.contains("59/166. Trafficking"), "{title_line}");
    // ODS seed: the date from the header line, the file as given.
    let ods = resolution("A/RES/61/144");
    assert_eq!(ods.date.unwrap().to_string(), "19 December 2006");
    assert!(ods.file.ends_with("A_RES_61_144.txt"));
    // A part of a resolution adopted in parts.
    let part = resolution("A/RES/75/242 B");
    assert_eq!(
        (part.number.as_str(), part.parts.as_slice()),
        ("75/242", &["B".to_string()][..])
    );
    assert_eq!(part.link(), "https://undocs.org/en/A/RES/75/242B");
}

#[test]
fn instruments_with_citations_and_places() {
    let index = index();
    let crc = index.instrument("convention on rights of child").unwrap();
    assert_eq!(crc.name, "Convention on the Rights of the Child");
    assert_eq!(
        crc.standard_citation(),
        Some("United Nations, Treaty Series, vol. 1577, No. 27531.")
    );
    let consensus = crc.treaty.as_ref().unwrap();
    assert_eq!(
        (consensus.volume.as_str(), consensus.number.as_str()),
        ("vol. 1577", "No. 27531")
    );
    assert!(consensus.support >= 5);
    // "Ibid., vol. 1577, No. 27531." in 61/144 is resolved to the full citation.
    let in_61_144 = crc
        .places
        .iter()
        .find(|p| index.resolutions[p.resolution as usize].symbol == "A/RES/61/144")
        .unwrap();
    assert_eq!(in_61_144.footnote, 3);
    assert_eq!(
        in_61_144.citation.as_deref(),
        Some("United Nations, Treaty Series, vol. 1577, No. 27531.")
    );
    // Newest first.
    let dates: Vec<_> = crc
        .places
        .iter()
        .map(|p| index.resolutions[p.resolution as usize].date)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    assert!(crc.always_footnoted());
}

#[test]
fn thereto_is_resolved_to_the_full_name() {
    let index = index();
    let op = index
        .instrument("optional protocol to convention on elimination of all forms of discrimination against women")
        .unwrap();
    let place = op
        .places
        .iter()
        .find(|p| index.resolutions[p.resolution as usize].symbol == "A/RES/71/167")
        .unwrap();
    assert_eq!(place.footnote, 5);
    assert_eq!(
        place.citation.as_deref(),
        Some("United Nations, Treaty Series, vol. 2131, No. 20378.")
    );
}

#[test]
fn references_in_running_text() {
    let index = index();
    let from = |symbol: &str| {
        let i = index
            .resolutions
            .iter()
            .position(|r| r.symbol == symbol)
            .unwrap() as u32;
        index.references.iter().filter(move |r| r.from == i)
    };
    let to_59_166 = from("A/RES/61/180").find(|r| r.number == "59/166").unwrap();
    assert_eq!(to_59_166.date.unwrap().to_string(), "20 December 2004");
    assert_eq!(to_59_166.body, Body::GeneralAssembly);
    let sc = from("A/RES/75/183").chain(from("A/RES/77/210")).count();
    assert!(sc > 0);
    let target = index
        .resolve_exact(Body::GeneralAssembly, "59/166", &[])
        .unwrap();
    assert_eq!(index.cited_by(target).len(), 1);
    // Part B only: a reference to 75/242 as a whole cannot be answered, "75/242 B" can.
    assert_eq!(
        index.resolve_exact(Body::GeneralAssembly, "75/242", &[]),
        None
    );
    assert!(
        index
            .resolve_exact(Body::GeneralAssembly, "75/242", &["B".into()])
            .is_some()
    );
}

#[test]
fn references_with_spans_in_any_document() {
    let doc = draft(
        "The General Assembly,\n\n*Recalling* its resolutions 62/272 of 5 September 2008, 64/297 of 8 September 2010 and 66/282 of 29 June 2012, Security Council resolution 1325 (2000), Human Rights Council resolution 26/8 and Economic and Social Council resolution 2006/27,\n",
    );
    let refs = resolute::precedent::references::references(&doc);
    let got: Vec<(Body, &str, &str)> = refs
        .iter()
        .map(|r| (r.body, &*r.number, doc.slice(r.span)))
        .collect();
    assert_eq!(
        got,
        [
            (Body::GeneralAssembly, "62/272", "62/272"),
            (Body::GeneralAssembly, "64/297", "64/297"),
            (Body::GeneralAssembly, "66/282", "66/282"),
            (Body::SecurityCouncil, "1325 (2000)", "1325 (2000)"),
            (Body::HumanRightsCouncil, "26/8", "26/8"),
            (Body::EconomicAndSocialCouncil, "2006/27", "2006/27"),
        ]
    );
    assert_eq!(doc.slice(refs[1].date_span.unwrap()), "8 September 2010");
    assert_eq!(refs[3].symbol(), "S/RES/1325(2000)");
}

// ---------------------------------------------------------------------------------------------
// Cache

#[test]
fn cache_is_used_and_invalidated_when_a_file_changes() {
    let corpus = temp_dir("cache-corpus");
    for name in ["A_RES_59_166.md", "A_RES_61_180.txt"] {
        std::fs::copy(fixture_dir().join(name), corpus.join(name)).unwrap();
    }
    let cache = temp_dir("cache-dir");
    let folders = [corpus.clone()];
    let (first, origin) = PrecedentIndex::load_or_build_in(&folders, Some(&cache), |_, _| {});
    assert_eq!(origin, Origin::Built);
    let (second, origin) = PrecedentIndex::load_or_build_in(&folders, Some(&cache), |_, _| {});
    assert_eq!(origin, Origin::Cache);
    assert_eq!(first.resolutions, second.resolutions);
    assert_eq!(
        second
            .cited_by(
                second
                    .resolve_exact(Body::GeneralAssembly, "59/166", &[])
                    .unwrap()
            )
            .len(),
        1
    );
    // A changed file rebuilds.
    let path = corpus.join("A_RES_59_166.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "Trafficking in women and girls**",
            "Trafficking in women and girls (amended)**",
        ),
    )
    .unwrap();
    let progress = std::sync::Mutex::new(Vec::new());
    let (third, origin) =
        PrecedentIndex::load_or_build_in(&folders, Some(&cache), |done, total| {
            progress.lock().unwrap().push((done, total))
        });
    assert_eq!(origin, Origin::Built);
    assert!(
        third
            .resolutions
            .iter()
            .any(|r| r.title.ends_with("(amended)"))
    );
    assert!(progress.lock().unwrap().contains(&(2, 2)));
    // So does a new file.
    std::fs::copy(
        fixture_dir().join("A_RES_71_167.md"),
        corpus.join("A_RES_71_167.md"),
    )
    .unwrap();
    let (fourth, origin) = PrecedentIndex::load_or_build_in(&folders, Some(&cache), |_, _| {});
    assert_eq!((origin, fourth.resolutions.len()), (Origin::Built, 3));
}

// ---------------------------------------------------------------------------------------------
// Lookups

const DRAFT: &str = "The General Assembly,\n\n*Recalling* its resolution 59/166 of 20 December 2004,\n\n*Reaffirming* the Convention on the Rights of the Child,<sup>1</sup>\n\n1. *Urges* States to implement the Convention on the Rights of the Child;\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n";

fn offset_of(doc: &Document, needle: &str) -> usize {
    doc.text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in draft"))
}

#[test]
fn hover_on_an_instrument() {
    let doc = draft(DRAFT);
    let at = offset_of(&doc, "Rights of the Child,");
    let hover = lookup::instrument_hover(index(), &doc, at).unwrap();
    assert_eq!(hover.name, "Convention on the Rights of the Child");
    assert_eq!(
        doc.slice(hover.span),
        "Convention on the Rights of the Child"
    );
    assert_eq!(
        hover.citation.as_deref(),
        Some("United Nations, Treaty Series, vol. 1577, No. 27531.")
    );
    assert!(hover.variants.is_empty());
    assert_eq!(hover.cited_in.len(), lookup::MAX_CITED_IN);
    assert_eq!(hover.cited_in[0], "A/RES/77/240, footnote 5");
    assert!(hover.resolutions > hover.cited_in.len());
    let md = hover.markdown();
    assert!(
        md.contains("Standard citation: United Nations, *Treaty Series*, vol. 1577"),
        "{md}"
    );
    // An unfootnoted mention of a known instrument hovers too.
    let later = doc.text.rfind("Rights of the Child;").unwrap();
    assert!(lookup::instrument_hover(index(), &doc, later).is_some());
    // Elsewhere, nothing.
    assert!(lookup::instrument_hover(index(), &doc, offset_of(&doc, "Urges")).is_none());
}

#[test]
fn hover_and_links_on_a_resolution_reference() {
    let doc = draft(DRAFT);
    let hover = lookup::resolution_hover(index(), &doc, offset_of(&doc, "59/166")).unwrap();
    let r = hover.resolution.unwrap();
    assert_eq!(r.title, "Trafficking in women and girls");
    assert_eq!(r.date.unwrap().to_string(), "20 December 2004");
    assert_eq!(r.body, Body::GeneralAssembly);
    assert_eq!(hover.cited_by, 1);
    assert_eq!(hover.link, "https://undocs.org/en/A/RES/59/166");
    assert!(
        hover
            .markdown()
            .contains("Cited by 1 later resolution in the corpus")
    );
    // On the word "resolution" too; and a reference the corpus does not know still links.
    assert!(lookup::resolution_hover(index(), &doc, offset_of(&doc, "resolution 59")).is_some());
    let unknown =
        draft("The General Assembly,\n\n*Recalling* Security Council resolution 1325 (2000),\n");
    let hover = lookup::resolution_hover(index(), &unknown, offset_of(&unknown, "1325")).unwrap();
    assert!(hover.resolution.is_none());
    assert_eq!(hover.link, "https://undocs.org/en/S/RES/1325(2000)");
    let links = lookup::document_links(&doc);
    assert_eq!(links.len(), 1);
    assert_eq!(doc.slice(links[0].0), "59/166");
}

#[test]
fn definition_of_a_resolution_and_of_an_instrument() {
    let doc = draft(DRAFT);
    let targets = lookup::definition(index(), &doc, offset_of(&doc, "59/166"));
    let r = resolution("A/RES/59/166");
    assert_eq!(
        targets,
        [lookup::Location {
            file: r.file.clone(),
            line: r.title_line
        }]
    );
    // An instrument: one place, the newest precedent footnote giving its standard citation.
    let places = lookup::definition(index(), &doc, offset_of(&doc, "Convention on"));
    let crc = index().instrument("convention on rights of child").unwrap();
    assert_eq!(places.len(), 1);
    let standard = crc
        .places
        .iter()
        .find(|p| p.citation.as_deref() == crc.standard_citation())
        .unwrap();
    let newest = &index().resolutions[standard.resolution as usize];
    assert_eq!(places[0].file, newest.file);
    assert_eq!(places[0].line, standard.line);
    let text = std::fs::read_to_string(&places[0].file).unwrap();
    let line = text.lines().nth(places[0].line as usize).unwrap();
    assert!(
        line.contains("Convention on the Rights of the Child"),
        "{line}"
    );
}

#[test]
fn uses_in_the_document_and_in_the_corpus() {
    let doc = draft(DRAFT);
    let uses = lookup::uses(index(), &doc, offset_of(&doc, "Convention on")).unwrap();
    assert_eq!(uses.in_document.len(), 2);
    assert!(!uses.in_corpus.is_empty());
    let uses = lookup::uses(index(), &doc, offset_of(&doc, "59/166")).unwrap();
    assert_eq!(uses.in_document.len(), 1);
    assert_eq!(uses.in_corpus.len(), 1);
    assert!(uses.in_corpus[0].file.ends_with("A_RES_61_180.txt"));
}

#[test]
fn workspace_symbols_by_symbol_title_and_name() {
    let by_symbol = lookup::workspace_symbols(index(), "59/166", 10);
    assert_eq!(by_symbol[0].name, "A/RES/59/166");
    assert_eq!(by_symbol[0].kind, SymbolKind::Resolution);
    let by_title = lookup::workspace_symbols(index(), "trafficking women", 10);
    let names: Vec<&str> = by_title
        .iter()
        .filter(|s| s.kind == SymbolKind::Resolution)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["A/RES/71/167", "A/RES/61/144", "A/RES/59/166"]);
    let instruments = lookup::workspace_symbols(index(), "rights of the child", 10);
    assert!(
        instruments.iter().any(|s| s.kind == SymbolKind::Instrument
            && s.name == "Convention on the Rights of the Child")
    );
    assert_eq!(lookup::workspace_symbols(index(), "", 3).len(), 3);
}

#[test]
fn completion_after_resolution() {
    let text = "*Recalling* its resolution 59/";
    let items = lookup::resolution_completions(index(), text, text.len(), 20);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "59/166");
    assert_eq!(items[0].insert_text, "59/166 of 20 December 2004");
    assert_eq!(&text[items[0].replace.range()], "59/");
    assert!(
        items[0]
            .detail
            .starts_with("Trafficking in women and girls")
    );
    // Resolutions the corpus holds come first, then those it only cites.
    let all = lookup::resolution_completions(index(), "its resolution ", 15, 100);
    assert!(all.len() > 11, "{}", all.len());
    assert!(
        all[..11]
            .iter()
            .all(|c| !c.detail.contains("in the corpus cite"))
    );
    assert!(
        all[11..]
            .iter()
            .all(|c| c.detail.contains("in the corpus cite"))
    );
    assert!(lookup::resolution_completions(index(), "the Convention ", 15, 50).is_empty());
}

/// Resolution 68/268 is not in the fixture corpus, but two of its resolutions cite it "of 9 April
/// 2014": hover, definition, completion and the date checks know it from them.
const CITED_ONLY: &str =
    "The General Assembly,\n\n*Recalling* its resolution 68/268 of 10 April 2014,\n";

#[test]
fn a_resolution_known_from_its_citations() {
    let doc = draft(CITED_ONLY);
    let at = offset_of(&doc, "68/268");
    let hover = lookup::resolution_hover(index(), &doc, at).unwrap();
    assert!(hover.resolution.is_none());
    assert_eq!(hover.cited_by, 2);
    assert_eq!(
        hover.markdown(),
        "**A/RES/68/268** (General Assembly)\n\nNot in the precedent corpus; 2 resolutions in the corpus cite it as adopted on 9 April 2014.\n\nhttps://undocs.org/en/A/RES/68/268"
    );
    let targets = lookup::definition(index(), &doc, at);
    assert_eq!(targets.len(), 2);
    for t in &targets {
        let line = std::fs::read_to_string(&t.file)
            .unwrap()
            .lines()
            .nth(t.line as usize)
            .unwrap()
            .to_string();
        assert!(line.contains("resolution 68/268 of"), "{line}");
    }
    let typed = "*Recalling* its resolution 68/2";
    let items = lookup::resolution_completions(index(), typed, typed.len(), 20);
    let item = items.iter().find(|c| c.label == "68/268").unwrap();
    assert_eq!(item.insert_text, "68/268 of 9 April 2014");
    assert_eq!(item.detail, "2 resolutions in the corpus cite it");
}

#[test]
fn dates_checked_against_the_citations() {
    let doc = draft(CITED_ONLY);
    let d = only(&citation_diagnostics(&doc), "resolution-date-mismatch");
    assert_eq!(
        d.message,
        "resolution 68/268 was adopted on 9 April 2014, not 10 April 2014"
    );
    assert!(fixed(&doc, &d).contains("its resolution 68/268 of 9 April 2014,"));
    let undated = draft("The General Assembly,\n\n*Recalling* its resolution 68/268,\n");
    let d = only(&citation_diagnostics(&undated), "resolution-date-missing");
    assert!(fixed(&undated, &d).contains("its resolution 68/268 of 9 April 2014,"));
    // A part letter names another resolution, whose date the citations do not give.
    let part =
        draft("The General Assembly,\n\n*Recalling* its resolution 68/268 B of 10 April 2014,\n");
    assert!(citation_diagnostics(&part).is_empty());
}

#[test]
fn completion_of_instrument_names_with_their_footnote() {
    let text = "*Recalling* the Convention on the Ri";
    let items = lookup::instrument_completions(index(), text, text.len(), 10);
    assert_eq!(items[0].label, "Convention on the Rights of the Child");
    assert_eq!(&text[items[0].replace.range()], "Convention on the Ri");
    assert_eq!(
        items[0].footnote.as_deref(),
        Some("United Nations, Treaty Series, vol. 1577, No. 27531.")
    );
    assert!(lookup::instrument_completions(index(), "the conv", 8, 10).is_empty());
}

#[test]
fn inserting_a_footnote_numbers_it_in_sequence() {
    let text = "The General Assembly,\n\n*Recalling* the Universal Declaration of Human Rights,<sup>1</sup> the Convention on the Rights of the Child,\n\n*Recalling also* the Covenant,<sup>2</sup>\n\n<sup>1</sup> Resolution 217 A (III).\n\n<sup>2</sup> *Ibid.*\n";
    let doc = draft(text);
    let at = text.find("Child,").unwrap() + "Child,".len();
    let edits = lookup::insert_footnote(
        &doc,
        at,
        "United Nations, Treaty Series, vol. 1577, No. 27531.",
    );
    let fixed = apply(text, &edits);
    assert_eq!(
        fixed,
        "The General Assembly,\n\n*Recalling* the Universal Declaration of Human Rights,<sup>1</sup> the Convention on the Rights of the Child,<sup>2</sup>\n\n*Recalling also* the Covenant,<sup>3</sup>\n\n<sup>1</sup> Resolution 217 A (III).\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n\n<sup>3</sup> Resolution 217 A (III).\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Citation rules

const VIOLATING: &str = "The General Assembly,\n\n*Recalling* its resolution 59/166 of 21 December 2004 and its resolution 61/144,\n\n*Reaffirming* the Universal Declaration of Human Rights,\n\n*Recalling also* the Convention on the Rights of the Child,<sup>1</sup>\n\n1. *Urges* States to ratify the Convention;\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. 1557, No. 27531.\n";

const CLEAN: &str = "The General Assembly,\n\n*Recalling* its resolution 59/166 of 20 December 2004 and its resolution 61/144 of 19 December 2006,\n\n*Reaffirming* the Universal Declaration of Human Rights,<sup>1</sup>\n\n*Recalling also* the Convention on the Rights of the Child,<sup>2</sup>\n\n1. *Urges* States to ratify the Convention;\n\n<sup>1</sup> Resolution 217 A (III).\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n";

const CODES: [&str; 4] = [
    "resolution-date-mismatch",
    "resolution-date-missing",
    "instrument-citation-mismatch",
    "instrument-footnote-missing",
];

fn citation_diagnostics(doc: &Document) -> Vec<Diagnostic> {
    let config = Config::default();
    let cx = Context::new(doc, &config).with_precedents(index());
    rules::check_with(&cx)
        .into_iter()
        .filter(|d| CODES.contains(&d.code()))
        .collect()
}

fn only(diagnostics: &[Diagnostic], code: &str) -> Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code() == code).collect();
    assert_eq!(found.len(), 1, "{code}: {diagnostics:#?}");
    found[0].clone()
}

fn fixed(doc: &Document, d: &Diagnostic) -> String {
    apply(&doc.text, &d.fixes[0].edits)
}

#[test]
fn resolution_date_mismatch() {
    let doc = draft(VIOLATING);
    let d = only(&citation_diagnostics(&doc), "resolution-date-mismatch");
    assert_eq!(doc.slice(d.span), "21 December 2004");
    assert_eq!(
        d.message,
        "resolution 59/166 was adopted on 20 December 2004, not 21 December 2004"
    );
    assert!(fixed(&doc, &d).contains("its resolution 59/166 of 20 December 2004 and"));
}

#[test]
fn resolution_date_missing() {
    let doc = draft(VIOLATING);
    let d = only(&citation_diagnostics(&doc), "resolution-date-missing");
    assert_eq!(doc.slice(d.span), "61/144");
    assert!(fixed(&doc, &d).contains("its resolution 61/144 of 19 December 2006,"));
    // Only the first mention; a later one without its date is the norm.
    let later = draft(
        "The General Assembly,\n\n*Recalling* its resolution 61/144 of 19 December 2006,\n\n1. *Recalls* its resolution 61/144;\n",
    );
    assert!(citation_diagnostics(&later).is_empty());
}

#[test]
fn instrument_citation_mismatch() {
    let doc = draft(VIOLATING);
    let d = only(&citation_diagnostics(&doc), "instrument-citation-mismatch");
    assert_eq!(doc.slice(d.span), "vol. 1557");
    assert!(
        d.message
            .contains("Convention on the Rights of the Child as vol. 1577, No. 27531"),
        "{}",
        d.message
    );
    assert!(
        fixed(&doc, &d)
            .contains("<sup>1</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.")
    );
    // An optional protocol's volume after its parent's name is not a typing error.
    let protocol = draft(
        "The General Assembly,\n\n*Recalling* the Convention on the Rights of the Child,<sup>1</sup>\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. 2171, No. 27531.\n",
    );
    assert!(
        citation_diagnostics(&protocol)
            .iter()
            .all(|d| d.code() != "instrument-citation-mismatch")
    );
}

#[test]
fn instrument_footnote_missing() {
    let doc = draft(VIOLATING);
    let d = only(&citation_diagnostics(&doc), "instrument-footnote-missing");
    assert_eq!(doc.slice(d.span), "Universal Declaration of Human Rights");
    let text = fixed(&doc, &d);
    assert!(
        text.contains("the Universal Declaration of Human Rights,<sup>1</sup>\n"),
        "{text}"
    );
    assert!(
        text.contains("the Convention on the Rights of the Child,<sup>2</sup>"),
        "{text}"
    );
    assert!(
        text.contains("<sup>1</sup> Resolution 217 A (III).\n\n<sup>2</sup> United Nations"),
        "{text}"
    );
    // Quoted titles are not mentions.
    let quoted = draft(
        "The General Assembly,\n\n*Recalling* its resolution entitled “Fiftieth anniversary of the Universal Declaration of Human Rights”,\n",
    );
    assert!(citation_diagnostics(&quoted).is_empty());
}

/// `resolute check` holds the index without what only the editor shows
/// ([`PrecedentIndex::for_rules_only`]): every rule reports exactly what it reports with the
/// whole index, fixes included.
#[test]
fn rules_report_the_same_with_the_index_for_rules_only() {
    let files = resolute::files::collect_files(&[fixture_dir()]).unwrap();
    let trimmed = PrecedentIndex::build(&files, |_, _| {}).for_rules_only();
    assert!(trimmed.instruments.iter().all(|i| i.places.is_empty()));
    let config = Config::default();
    let report = |doc: &Document, index: &PrecedentIndex| {
        let cx = Context::new(doc, &config).with_precedents(index);
        format!("{:#?}", rules::check_with(&cx))
    };
    let mut drafts = vec![draft(VIOLATING), draft(CLEAN)];
    for file in &files {
        drafts.push(Document::parse_path(
            file,
            std::fs::read_to_string(file).unwrap(),
        ));
    }
    for doc in &drafts {
        assert_eq!(report(doc, &trimmed), report(doc, index()), "{}", doc.text);
    }
    assert_eq!(citation_diagnostics(&drafts[0]).len(), CODES.len());
}

#[test]
fn clean_draft_and_no_index() {
    assert!(citation_diagnostics(&draft(CLEAN)).is_empty());
    // Without precedents the rules stay silent.
    let doc = draft(VIOLATING);
    let silent = rules::check(&doc, &Config::default());
    assert!(silent.iter().all(|d| !CODES.contains(&d.code())));
}

#[test]
fn precedents_check_clean_against_themselves() {
    for file in resolute::files::collect_files(&[fixture_dir()]).unwrap() {
        let doc = Document::parse_path(&file, std::fs::read_to_string(&file).unwrap());
        let warnings: Vec<Diagnostic> = citation_diagnostics(&doc)
            .into_iter()
            .filter(|d| d.severity <= rules::Severity::Warning)
            .collect();
        assert!(warnings.is_empty(), "{}: {warnings:#?}", file.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Through `resolute check`

fn check_binary(name: &str, text: &str) -> Vec<serde_json::Value> {
    let dir = temp_dir(name);
    let file = dir.join("draft.md");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .env("RESOLUTE_CORPUS", fixture_dir())
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn check_binary_uses_the_bundled_corpus_setting() {
    let found = check_binary("cli-violating", VIOLATING);
    let codes: Vec<&str> = found
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| CODES.contains(c))
        .collect();
    assert_eq!(
        codes,
        [
            "resolution-date-mismatch",
            "resolution-date-missing",
            "instrument-footnote-missing",
            "instrument-citation-mismatch"
        ]
    );
    let clean = check_binary("cli-clean", CLEAN);
    assert!(
        clean
            .iter()
            .all(|d| !CODES.contains(&d["code"].as_str().unwrap_or_default())),
        "{clean:#?}"
    );
}

#[test]
fn check_binary_without_the_bundled_corpus() {
    let dir = temp_dir("cli-off");
    std::fs::write(dir.join("resolute.toml"), "[corpus]\nbundled = false\n").unwrap();
    let file = dir.join("draft.md");
    std::fs::write(&file, VIOLATING).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(["check", "--format", "json"])
        .arg(&file)
        .env("RESOLUTE_CORPUS", fixture_dir())
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        found
            .iter()
            .all(|d| !CODES.contains(&d["code"].as_str().unwrap_or_default()))
    );
}

/// An installed binary has no source tree: the corpus packed into it is unpacked into the cache
/// folder on first use, read-only and identical to `corpus/`, and reused by later runs.
#[test]
fn check_binary_unpacks_its_packed_corpus_into_the_cache() {
    let dir = temp_dir("cli-packed");
    let file = dir.join("draft.md");
    std::fs::write(&file, VIOLATING).unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
            .args(["check", "--format", "json"])
            .arg(&file)
            .env_remove("RESOLUTE_CORPUS")
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .output()
            .unwrap();
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
    };
    let found = run();
    for code in ["resolution-date-mismatch", "instrument-citation-mismatch"] {
        assert!(
            found.iter().any(|d| d["code"] == code),
            "{code}: {found:#?}"
        );
    }
    let unpacked: Vec<PathBuf> = std::fs::read_dir(dir.join("cache/resolute"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("corpus-")
        })
        .collect();
    assert_eq!(unpacked.len(), 1, "{unpacked:?}");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let names = files_under(&source);
    assert!(names.len() > 1000, "{}", names.len());
    assert_eq!(files_under(&unpacked[0]), names);
    for name in &names {
        let copy = unpacked[0].join(name);
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            std::fs::read(source.join(name)).unwrap()
        );
        assert!(
            std::fs::metadata(&copy).unwrap().permissions().readonly(),
            "{name:?}"
        );
    }
    let seed = unpacked[0].join("seeds/A_RES_59_166.md");
    let written = std::fs::metadata(&seed).unwrap().modified().unwrap();
    assert_eq!(run(), found);
    assert_eq!(
        std::fs::metadata(&seed).unwrap().modified().unwrap(),
        written
    );
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_binary_with_a_user_folder_relative_to_the_configuration() {
    let dir = temp_dir("cli-user-folder");
    std::fs::create_dir_all(dir.join("precedents")).unwrap();
    let seed = fixture_dir().join("A_RES_59_166.md");
    std::fs::copy(seed, dir.join("precedents/A_RES_59_166.md")).unwrap();
    let toml = "[corpus]\nbundled = false\npaths = [\"precedents\"]\n";
    std::fs::write(dir.join("resolute.toml"), toml).unwrap();
    let drafts = dir.join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(drafts.join("draft.md"), VIOLATING).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(["check", "--format", "json", "draft.md"])
        .current_dir(&drafts)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = found
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| CODES.contains(c))
        .collect();
    assert_eq!(codes, ["resolution-date-mismatch"]);
}

#[test]
fn corpus_files_are_recognised() {
    let config = resolute::config::CorpusConfig {
        paths: vec![fixture_dir()],
        bundled: false,
    };
    let seed = fixture_dir().join("A_RES_59_166.md");
    assert!(resolute::precedent::is_corpus_file(&config, &seed));
    assert!(!resolute::precedent::is_corpus_file(
        &config,
        Path::new("/tmp/draft.md")
    ));
}
