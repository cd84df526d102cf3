//! Slips found in adopted texts: each rule on a short draft that has the slip and on the same
//! draft without it, in Markdown and ODS where the slip can occur in both, and its fix.

#[path = "common/fixture_index.rs"]
mod fixture_index;

use fixture_index::index;
use resolute::config::Config;
use resolute::fix::apply;
use resolute::model::{Document, Format};
use resolute::rules::{self, Context, Diagnostic};

fn diagnostics(text: &str, format: Format) -> Vec<Diagnostic> {
    let doc = Document::parse(text.to_string(), format);
    let config = Config::default();
    let cx = Context::new(&doc, &config).with_precedents(index());
    rules::check_with(&cx)
}

fn codes(text: &str, format: Format) -> Vec<&'static str> {
    diagnostics(text, format).iter().map(|d| d.code()).collect()
}

/// The one diagnostic of `code`, and the text after its fix.
fn fixed(text: &str, format: Format, code: &str) -> String {
    let found: Vec<Diagnostic> = diagnostics(text, format)
        .into_iter()
        .filter(|d| d.code() == code)
        .collect();
    assert_eq!(found.len(), 1, "{code} in {format:?}:\n{text}\n{found:?}");
    let fix = found[0].fixes.first().expect("a fix");
    apply(text, &fix.edits)
}

const MD: &str = "*The General Assembly,*\n\n*Reaffirming* the International Covenant on Civil and Political Rights,<sup>1</sup>\n\n*Noting* the work done in 2021,\n\n1. *Welcomes* the report of the Secretary-General;<sup>2</sup>\n\n2. *Requests* the Secretary-General to report on:\n\n(a) Progress made; and\n\n(b) Obstacles met;\n\n3. *Decides* to remain seized of the matter.\n\n<sup>1</sup> See resolution 2200 A (XXI), annex.\n\n<sup>2</sup> A/76/100.\n";
const ODS: &str = "\tThe General Assembly,\n\n\tReaffirming the International Covenant on Civil and Political Rights,1\n\n\tNoting the work done in 2021,\n\n\t1.\tWelcomes the report of the Secretary-General;2\n\n\t2.\tRequests the Secretary-General to report on:\n\n\t(a)\tProgress made; and\n\n\t(b)\tObstacles met;\n\n\t3.\tDecides to remain seized of the matter.\n\n1 See resolution 2200 A (XXI), annex.\n2 A/76/100.\n";

#[test]
fn clean_drafts_have_no_slip() {
    assert_eq!(codes(MD, Format::Markdown), Vec::<&str>::new());
    assert_eq!(codes(ODS, Format::Ods), Vec::<&str>::new());
}

/// `from` replaced by `to` in both drafts gives `code`, and its fix gives `expected` back.
fn slip_in_both(code: &str, from: &str, to: &str, expected: &str) {
    for (clean, format) in [(MD, Format::Markdown), (ODS, Format::Ods)] {
        let (from, to, expected) = if format == Format::Ods {
            let plain = |s: &str| s.replace('*', "").replace(". ", ".\t");
            (plain(from), plain(to), plain(expected))
        } else {
            (from.to_string(), to.to_string(), expected.to_string())
        };
        assert!(
            clean.contains(&from),
            "{from:?} not in the {format:?} draft"
        );
        let text = clean.replacen(&from, &to, 1);
        let after = fixed(&text, format, code);
        assert_eq!(after, clean.replacen(&from, &expected, 1), "{format:?}");
    }
}

#[test]
fn near_miss_of_a_known_name() {
    slip_in_both(
        "instrument-name-near-miss",
        "International Covenant on Civil",
        "International Covenant of Civil",
        "International Covenant on Civil",
    );
    slip_in_both(
        "instrument-name-near-miss",
        "the International Covenant",
        "the United Nations International Covenant",
        "the International Covenant",
    );
}

/// A paragraph far longer than any real one is searched in windows (the memory of a draft on
/// one line): a misspelt name is found wherever it stands, across a window's end too, and
/// found once.
#[test]
fn near_misses_in_a_huge_paragraph_are_each_found_once() {
    let item = "the International Covenant of Civil and Political Rights, ";
    // Names one after another: most spaces, where windows end, are inside one.
    let paragraph = item.repeat(6000);
    let found: Vec<usize> = (index().near_misses(&paragraph).into_iter())
        .map(|(_, r)| r.start)
        .collect();
    let expected: Vec<usize> = (0..6000).map(|i| i * item.len() + "the ".len()).collect();
    let missing = expected.iter().find(|at| !found.contains(at));
    assert!(
        found == expected,
        "{} found, {} expected; first missing: {missing:?}",
        found.len(),
        expected.len()
    );
}

#[test]
fn near_miss_in_a_quoted_title_is_left_alone() {
    let text = MD.replace(
        "the work done in 2021",
        "the report entitled “United Nations International Covenant on Civil and Political Rights at fifty”",
    );
    assert!(!codes(&text, Format::Markdown).contains(&"instrument-name-near-miss"));
}

#[test]
fn opening_partly_in_italics() {
    for (slip, whole) in [
        ("*Welcome*s the report", "*Welcomes* the report"),
        ("W*elcomes* the report", "*Welcomes* the report"),
        (
            "*Requests the Secretary-Gen*eral",
            "*Requests the Secretary-General*",
        ),
    ] {
        let clean = MD.replace("*Welcomes* the report", whole);
        let text = clean.replace(whole, slip);
        assert_eq!(
            codes(&text, Format::Markdown),
            ["opening-partly-italic"],
            "one finding for {slip}, not also opening-not-italic"
        );
        assert_eq!(
            fixed(&text, Format::Markdown, "opening-partly-italic"),
            clean
        );
    }
}

#[test]
fn marker_inside_a_word() {
    let md = MD.replace(
        "the work done in 2021,",
        "the work d<sup>3</sup>one in 2021,",
    ) + "\n<sup>3</sup> A/76/101.\n";
    assert!(codes(&md, Format::Markdown).contains(&"marker-inside-word"));
    let ods = ODS.replace("the work done in 2021,", "the work d3one in 2021,") + "3 A/76/101.\n";
    assert!(codes(&ods, Format::Ods).contains(&"marker-inside-word"));
    let not_a_note = ODS.replace("the work done in 2021,", "the work d7one in 2021,");
    assert!(!codes(&not_a_note, Format::Ods).contains(&"marker-inside-word"));
}

#[test]
fn a_letter_of_another_script_is_found_wherever_it_stands() {
    // The search tests blocks of bytes at a time: the letter is moved across their edges.
    for pad in 0..140 {
        let draft = MD.replace(
            "the work done",
            &format!("the work {}dоne", "x".repeat(pad)),
        );
        let found: Vec<Diagnostic> = diagnostics(&draft, Format::Markdown)
            .into_iter()
            .filter(|d| d.code() == "mixed-script")
            .collect();
        assert_eq!(found.len(), 1, "padding {pad}: {found:?}");
        assert_eq!(&draft[found[0].span.range()], "о", "padding {pad}");
    }
}

#[test]
fn letters_of_another_script() {
    slip_in_both(
        "mixed-script",
        "the work done",
        "the work dоne",
        "the work done",
    );
    let greek = MD.replace("the work done", "the work δone");
    let found = diagnostics(&greek, Format::Markdown);
    let d = found.iter().find(|d| d.code() == "mixed-script").unwrap();
    assert!(d.fixes.is_empty(), "δ looks like no Latin letter");
    // A run of such letters is one finding; Greek punctuation (U+0387) is not a letter.
    let run = MD.replace("the work done in 2021", "the work ΑΒ\u{0387} done in 2021");
    let found: Vec<Diagnostic> = diagnostics(&run, Format::Markdown)
        .into_iter()
        .filter(|d| d.code() == "mixed-script")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        apply(&run, &found[0].fixes[0].edits),
        MD.replace("the work done in 2021", "the work AB\u{0387} done in 2021")
    );
}

#[test]
fn label_without_its_period() {
    let md = MD.replace("3. *Decides*", "3 *Decides*");
    assert_eq!(fixed(&md, Format::Markdown, "label-without-period"), MD);
    let ods = ODS.replace("\t3.\tDecides", "\t3\tDecides");
    assert_eq!(fixed(&ods, Format::Ods, "label-without-period"), ODS);
}

#[test]
fn list_item_ending_and_comma() {
    slip_in_both(
        "and-comma-ending",
        "Progress made; and\n",
        "Progress made; and,\n",
        "Progress made; and\n",
    );
}

#[test]
fn chapeau_without_colon() {
    slip_in_both(
        "chapeau-without-colon",
        "to report on:\n",
        "to report on\n",
        "to report on:\n",
    );
}

#[test]
fn capital_after_and() {
    slip_in_both(
        "capital-after-and",
        "the report of the Secretary-General;",
        "the report, and It also requests the Secretary-General;",
        "the report, and it also requests the Secretary-General;",
    );
    slip_in_both(
        "capital-after-and",
        "the report of the Secretary-General;",
        "the report and Requests the Secretary-General;",
        "the report and requests the Secretary-General;",
    );
    let title = MD.replace(
        "the work done in 2021",
        "the Conference on the World Financial and Economic Crisis and Its Impact on Development",
    );
    assert!(!codes(&title, Format::Markdown).contains(&"capital-after-and"));
}
