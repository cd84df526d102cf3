//! Incremental analysis gives what a full analysis gives: after every edit of a long run of
//! random edits, parsing with the blocks kept from the previous version (`BlockCache`) builds
//! exactly the model of parsing from scratch, and checking with the paragraph scans and
//! footnote readings kept from the previous version (`Kept`), as the language server does on
//! each keystroke, reads exactly the notes and reports exactly the diagnostics of checking
//! from scratch. Now and then a version is checked under
//! another precedent index, whose findings must not be mixed with the first one's.

#[path = "common/fixture_index.rs"]
mod fixture_index;

use fixture_index::index;
use proptest::prelude::*;
use resolute::config::Config;
use resolute::features::Kept;
use resolute::model::citation;
use resolute::model::{Document, Format};
use resolute::precedent::PrecedentIndex;
use resolute::rules::{self, Context};
use resolute::source::floor_char_boundary;
use std::path::Path;
use std::sync::LazyLock;

const MD: &str = "*The General Assembly,*\n\n*Reaffirming* the International Covenant on Civil and Political Rights,<sup>1</sup> and the Convention on the Rights of the Child,\n\n*Recalling* the International Covenant of Civil and Political Rights and the Convention on the Rights of the Child,<sup>2</sup>\n\n*Noting* the Universal Declaration of Human Rights,\n\n*Noting* the Universal Declaration of Human Rights,\n\n1. *Welcomes* the report of the Secretary-General;<sup>3</sup>\n\n2. *Requests* the Secretary-General to report on the Convention on the Rigths of the Child:\n\n(a) Progress made; and\n\n(b) Obstacles met;\n\n3. *Decides* to remain seized of the matter.\n\n<sup>1</sup> See resolution 2200 A (XXI), annex.\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 1577, No. 27531.\n\n<sup>3</sup> A/76/100.\n";
const ODS: &str = "\tThe General Assembly,\n\n\tReaffirming the International Covenant on Civil and Political Rights,1 and the Convention on the Rights of the Child,\n\n\tRecalling the International Covenant of Civil and Political Rights and the Convention on the Rights of the Child,2\n\n\tNoting the Universal Declaration of Human Rights,\n\n\tNoting the Universal Declaration of Human Rights,\n\n\t1.\tWelcomes the report of the Secretary-General;3\n\n\t2.\tRequests the Secretary-General to report on the Convention on the Rigths of the Child:\n\n\t(a)\tProgress made; and\n\n\t(b)\tObstacles met;\n\n\t3.\tDecides to remain seized of the matter.\n\n1 See resolution 2200 A (XXI), annex.\n2 United Nations, Treaty Series, vol. 1577, No. 27531.\n3 A/76/100.\n";

/// What an edit inserts: names known and misspelt, markers, paragraph breaks (in each
/// convention), suppression comments, quotes, letters.
const INSERTS: &[&str] = &[
    "",
    "x",
    " ",
    "\r",
    "\r\n",
    "\n<!-- resolute-disable-next-line operative-numbering -->\n",
    "<!-- resolute-disable -->\n\n",
    "é",
    "“",
    "”",
    "\n\n",
    "\n\t",
    ",",
    "<sup>4</sup>",
    "4",
    "*",
    "the Convention on the Rights of the Child",
    "the Convention on the Rihgts of the Child",
    "International Covenant on Civil and Political Rights",
    "International Covenant of Economic, Social and Cultural Rights",
    "the United Nations International Covenant",
    "the Universal Declaration of Human Rights",
    " and the Optional Protocols thereto",
    "\n\n4. *Urges* States to ratify the Convention on the Rights of the Child;\n\n",
    "\n\n---\n\n",
    "\n# Annex\n",
    "**",
    "(c) ",
    "Ibid., para. 2.",
    "\n\n<sup>5</sup> Ibid.\n",
    "\n5 Ibid., p. 3.\n",
    " its resolution 70/1 of 25 September 2015 and resolutions 74/92 A and B,",
    " the most recent of which being resolution 2200 A (XXI)",
    "Security Council resolution 1325 (2000)",
    " and Requests the Secretary-General",
    " as requested in paragraph 2 above and subparagraph (c) of paragraph 9 below",
];

/// An index of part of the fixture corpus: it knows fewer names than [`index`].
static OTHER: LazyLock<PrecedentIndex> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
    let files = resolute::files::collect_files(&[dir]).unwrap();
    let some: Vec<_> = files.into_iter().step_by(2).collect();
    PrecedentIndex::build(&some, |_, _| {})
});

/// One edit: where (a fraction of the length), how many bytes it removes, what it inserts.
fn edit() -> impl Strategy<Value = (f64, usize, usize)> {
    (0.0..1.0f64, 0..16usize, 0..INSERTS.len())
}

fn apply(text: &mut String, (at, remove, insert): (f64, usize, usize)) {
    let start = floor_char_boundary(text, (at * text.len() as f64) as usize);
    let end = floor_char_boundary(text, start + remove).max(start);
    text.replace_range(start..end, INSERTS[insert]);
}

/// The footnote readings, resolution references and diagnostics of `doc`, all of what they say, with what `kept`
/// holds or without.
fn report(doc: &Document, index: &PrecedentIndex, kept: Option<&Kept>) -> String {
    let config = Config::default();
    let notes = citation::analyse_reusing(doc, kept.map(|k| &k.notes));
    let cx = Context::with_notes(doc, &config, notes).with_precedents(index);
    let cx = match kept {
        Some(kept) => cx.with_kept(&kept.rules),
        None => cx,
    };
    let (notes, references) = (&cx.notes, cx.references());
    format!("{notes:#?}\n{references:#?}\n{:#?}", rules::check_with(&cx))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn incremental_is_full(
        ods in any::<bool>(),
        edits in prop::collection::vec((edit(), 0..20u8), 40..90),
    ) {
        let (mut text, format) = if ods { (ODS.to_string(), Format::Ods) } else { (MD.to_string(), Format::Markdown) };
        let kept = Kept::default();
        for (edit, roll) in edits {
            apply(&mut text, edit);
            // One version in twenty is checked under the other index.
            let index: &PrecedentIndex = if roll == 0 { &OTHER } else { index() };
            // And one in twenty is read in the other format, as when an editor's language
            // changes: what the other format's reading kept must not be taken.
            let format = match (roll, format) {
                (1, Format::Markdown) => Format::Ods,
                (1, _) => Format::Markdown,
                _ => format,
            };
            let incremental = Document::parse_reusing(text.clone(), format, Some(&kept.blocks));
            let full = Document::parse(text.clone(), format);
            prop_assert_eq!(format!("{incremental:#?}"), format!("{full:#?}"), "{}", text);
            prop_assert_eq!(report(&incremental, index, Some(&kept)), report(&full, index, None), "{}", text);
        }
    }
}

/// The drafts edited above have what the scans find: near misses and unfootnoted mentions;
/// the other index knows fewer names.
#[test]
fn the_drafts_have_what_the_scans_find() {
    for (text, format) in [(MD, Format::Markdown), (ODS, Format::Ods)] {
        let doc = Document::parse(text.to_string(), format);
        let full = report(&doc, index(), None);
        assert!(full.contains("instrument-name-near-miss"), "{format:?}");
        assert!(full.contains("instrument-footnote-missing"), "{format:?}");
        assert_ne!(report(&doc, &OTHER, None), full, "{format:?}");
    }
}

/// What a check keeps of each paragraph's opening was read with one vocabulary: under
/// another (the user's `[openings]` changed, the text did not) it is read again.
#[test]
fn kept_openings_follow_the_configured_vocabulary() {
    let text = "\tThe General Assembly,\n\n\tZorbling the efforts of the Secretary-General,\n\n\t1.\tDecides to remain seized of the matter.\n";
    let (bundled, extended) = follow_the_vocabulary(text, "preambular = [\"Zorbling\"]");
    assert!(bundled.contains(&"unknown-opening"));
    assert!(!extended.contains(&"unknown-opening"));
}

/// Whether a capital after "and" is a slip depends on the vocabulary too: "and Zorbles the
/// report" is an operative opening run on only once "Zorbles" is one.
#[test]
fn kept_capitals_after_and_follow_the_configured_vocabulary() {
    let text = "\tThe General Assembly,\n\n\t1.\tWelcomes the report and Zorbles the recommendations therein;\n\n\t2.\tDecides to remain seized of the matter.\n";
    let (bundled, extended) = follow_the_vocabulary(text, "operative = [\"Zorbles\"]");
    assert!(!bundled.contains(&"capital-after-and"));
    assert!(extended.contains(&"capital-after-and"));
}

/// The rule codes reported in `text` under the bundled vocabulary and under it extended by
/// `[openings]` `added`, after checking that a check keeping what it read for the next,
/// alternating between the two, reports what a fresh check does.
fn follow_the_vocabulary(text: &str, added: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let doc = Document::parse(text.to_string(), Format::Ods);
    let extended = Config::from_toml(&format!("[openings]\n{added}\n")).unwrap();
    let bundled = Config::default();
    let codes = |config: &Config, kept: Option<&Kept>| {
        let cx = Context::new(&doc, config);
        let cx = match kept {
            Some(kept) => cx.with_kept(&kept.rules),
            None => cx,
        };
        let found = rules::check_with(&cx);
        found.iter().map(|d| d.rule.code).collect::<Vec<_>>()
    };
    let kept = Kept::default();
    for config in [&extended, &bundled, &extended, &bundled] {
        assert_eq!(codes(config, Some(&kept)), codes(config, None));
    }
    (codes(&bundled, None), codes(&extended, None))
}
