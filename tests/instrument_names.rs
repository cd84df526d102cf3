//! Instrument names read by the precedent index's known names (`tests/fixtures/precedent/`,
//! where precedents cite the Convention on the Rights of the Child as vol. 1577, No. 27531):
//! a wrong *Treaty Series* volume is caught however the name before the marker is written.
//! Names of other shapes are read from `tests/fixtures/instrument_names/`.

#[path = "common/fixture_index.rs"]
mod fixture_index;

use fixture_index::index;
use resolute::config::Config;
use resolute::model::{Document, Format};
use resolute::precedent::{PrecedentIndex, lookup};
use resolute::rules::{self, Context};
use std::sync::OnceLock;

/// A draft whose one paragraph is `paragraph` and whose footnote 1 is `note`.
fn draft(paragraph: &str, note: &str, format: Format) -> Document {
    let text = match format {
        Format::Markdown => format!(
            "The General Assembly,\n\n{paragraph}<sup>1</sup>\n\n1. *Decides* to remain seized of the matter.\n\n<sup>1</sup> {note}\n"
        ),
        Format::Ods => format!(
            "\tThe General Assembly,\n\n\t{paragraph}1\n\n\t1.\tDecides to remain seized of the matter.\n\n1 {}\n",
            note.replace('*', "")
        ),
    };
    Document::parse(text, format)
}

/// Whether `instrument-citation-mismatch` reports the draft.
fn reports_mismatch(doc: &Document, index: &PrecedentIndex) -> bool {
    let config = Config::default();
    let cx = Context::new(doc, &config).with_precedents(index);
    rules::check_with(&cx)
        .iter()
        .any(|d| d.code() == "instrument-citation-mismatch")
}

/// Whether `instrument-citation-mismatch`, with precedents from `index`, reports a draft whose
/// one paragraph is `paragraph` and whose footnote 1 cites *Treaty Series* `volume`, No. `number`.
fn mismatch_in(
    index: &PrecedentIndex,
    paragraph: &str,
    number: &str,
    volume: &str,
    format: Format,
) -> bool {
    let note = format!("United Nations, *Treaty Series*, vol. {volume}, No. {number}.");
    reports_mismatch(&draft(paragraph, &note, format), index)
}

/// The same for the Convention on the Rights of the Child (No. 27531) and the test corpus.
fn mismatch(paragraph: &str, volume: &str, format: Format) -> bool {
    mismatch_in(index(), paragraph, "27531", volume, format)
}

/// In both formats, the name read in `paragraph` is caught with the `wrong` volume of
/// *Treaty Series* No. `number` and accepted with the `right` one.
fn volume_checked(index: &PrecedentIndex, paragraph: &str, number: &str, wrong: &str, right: &str) {
    for format in [Format::Markdown, Format::Ods] {
        let given = |volume| mismatch_in(index, paragraph, number, volume, format);
        assert!(given(wrong), "{format:?}: {paragraph}");
        assert!(!given(right), "{format:?}: {paragraph}");
    }
}

/// Two resolutions citing names with a parenthesised part, an "Instrument" head word, a
/// subtitle after a colon and a short name in parentheses.
fn names_index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("instrument_names"))
}

/// The standard citation that hovering over the last word before the marker shows.
fn hover_citation(paragraph: &str, format: Format) -> Option<String> {
    let doc = draft(paragraph, "Resolution 1/1, annex.", format);
    let marker = doc.markers.first()?;
    let name_end = doc.text[..marker.span.start]
        .trim_end_matches([',', ' '])
        .len();
    lookup::instrument_hover(names_index(), &doc, name_end - 1)?.citation
}

#[test]
fn a_parenthesised_part_of_the_name() {
    volume_checked(
        names_index(),
        "Recalling the Discrimination (Employment and Occupation) Convention, 1958 (No. 111),",
        "5181",
        "326",
        "362",
    );
}

#[test]
fn names_with_a_subtitle_or_an_instrument_head_word() {
    let cases = [
        (
            "Recalling the International Instrument to Enable States to Identify and Trace, in a Timely and Reliable Manner, Illicit Small Arms and Light Weapons,",
            "Decision 60/519 and A/60/88 and A/60/88/Corr.2, annex.",
        ),
        (
            "Reaffirming the Political Declaration on HIV and AIDS: On the Fast Track to Accelerating the Fight against HIV and to Ending the AIDS Epidemic by 2030,",
            "Resolution 70/266, annex.",
        ),
        (
            "Recalling the Doha Declaration on Financing for Development: outcome document of the Follow-up International Conference on Financing for Development to Review the Implementation of the Monterrey Consensus,",
            "Resolution 63/239, annex.",
        ),
    ];
    for (paragraph, citation) in cases {
        for format in [Format::Markdown, Format::Ods] {
            assert_eq!(
                hover_citation(paragraph, format).as_deref(),
                Some(citation),
                "{format:?}: {paragraph}"
            );
        }
    }
}

#[test]
fn a_colon_after_a_lower_case_word_still_ends_the_clause() {
    assert_eq!(
        hover_citation(
            "Recalling the following instruments: the Political Declaration on HIV and AIDS: On the Fast Track to Accelerating the Fight against HIV and to Ending the AIDS Epidemic by 2030,",
            Format::Markdown
        )
        .as_deref(),
        Some("Resolution 70/266, annex.")
    );
}

fn caught(paragraph: &str) {
    volume_checked(index(), paragraph, "27531", "1557", "1577");
}

#[test]
fn full_name_before_the_marker() {
    caught("Recalling the Convention on the Rights of the Child,");
}

#[test]
fn last_name_of_a_clause() {
    caught(
        "Recalling the commitments made by States, and urging the parties to the Convention on the Rights of the Child,",
    );
}

#[test]
fn short_form_after_the_full_name() {
    caught(
        "Recalling the Convention on the Rights of the Child, and urging States to implement the Convention,",
    );
}

#[test]
fn that_convention_after_the_full_name_inside_a_larger_one() {
    caught(
        "Recalling the Conference of the States Parties to the Convention on the Rights of the Child, and the reservations made to that Convention,",
    );
}

#[test]
fn no_break_spaces_inside_the_name() {
    caught("Recalling the Convention on the Rights of the\u{a0}Child,");
}

#[test]
fn what_is_said_of_the_name_after_it() {
    caught(
        "Recalling the Convention on the Rights of the Child, adopted by the General Assembly in 1989,",
    );
    caught("Recalling the Convention on the Rights of the Child, held dear by all,");
}

#[test]
fn a_name_followed_by_running_text_is_not_read() {
    for format in [Format::Markdown, Format::Ods] {
        assert!(!mismatch(
            "Recalling the Convention on the Rights of the Child and the measures taken by States,",
            "1557",
            format
        ));
    }
}

#[test]
fn a_head_shared_by_the_names_of_a_list() {
    volume_checked(
        names_index(),
        "Recognizing that the Antarctic Treaty and the treaties of Rarotonga and Tlatelolco,",
        "9068",
        "643",
        "634",
    );
}

/// Precedents that designate sources by words rather than by names
/// (`tests/fixtures/designations/`).
fn designations_index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("designations"))
}

/// The standard citation of the instrument the index reads at the draft's marker, in both
/// formats (`None` when it reads none); the two formats must agree.
fn read_citation(paragraph: &str, note: &str) -> Option<String> {
    let index = designations_index();
    let [markdown, ods] = [Format::Markdown, Format::Ods].map(|format| {
        let doc = draft(paragraph, note, format);
        let read = index.marker_instruments(&doc).first().copied().flatten();
        read.and_then(|i| index.instruments[i].standard_citation().map(str::to_string))
    });
    assert_eq!(markdown, ods, "{paragraph}");
    markdown
}

#[test]
fn a_treaty_designated_alike_by_two_precedents() {
    volume_checked(
        designations_index(),
        "Bearing in mind the Organization of Pastoral Unity Convention governing the specific aspects of grazing in Africa of 1969,",
        "14691",
        "1004",
        "1001",
    );
}

#[test]
fn an_outcome_document_designated_alike_by_two_precedents() {
    assert_eq!(
        read_citation(
            "Reaffirming the Conference on Sheep Farming and Its Impact on Development and its outcome document,",
            "Resolution 63/999, annex.",
        )
        .as_deref(),
        Some("Resolution 63/999, annex.")
    );
}

#[test]
fn a_designation_of_an_instrument_that_one_precedent_names() {
    assert_eq!(
        read_citation(
            "Inviting States that are parties to the Pastoral Statute to join the agreement on the privileges of shepherds,",
            "United Nations, *Treaty Series*, vol. 2271, No. 40446.",
        )
        .as_deref(),
        Some("United Nations, Treaty Series, vol. 2271, No. 40446.")
    );
}

#[test]
fn words_that_also_end_another_source_designation_are_not_learned() {
    for paragraph in [
        "Welcoming the Summit on Goats and its outcome document,",
        "Welcoming the World Summit on Goats and its outcome document,",
    ] {
        assert_eq!(read_citation(paragraph, "Resolution 64/111, annex."), None);
    }
}

#[test]
fn a_designation_without_a_capitalised_word_but_its_opening_is_not_learned() {
    assert_eq!(
        read_citation(
            "Recalling the commitments made in its political declaration,",
            "Resolution 70/777, annex."
        ),
        None
    );
}
