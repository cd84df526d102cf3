//! Instrument names read by the precedent index's known names (`tests/fixtures/precedent/`,
//! where precedents cite the Convention on the Rights of the Child as vol. 1577, No. 27531):
//! a wrong *Treaty Series* volume is caught however the name before the marker is written.

#[path = "common/fixture_index.rs"]
mod fixture_index;

use fixture_index::index;
use resolute::config::Config;
use resolute::model::{Document, Format};
use resolute::rules::{self, Context};

/// Whether `instrument-citation-mismatch` reports a draft whose one paragraph is `paragraph`
/// and whose footnote 1 gives `volume`.
fn mismatch(paragraph: &str, volume: &str, format: Format) -> bool {
    let text = match format {
        Format::Markdown => format!(
            "The General Assembly,\n\n{paragraph}<sup>1</sup>\n\n1. *Decides* to remain seized of the matter.\n\n<sup>1</sup> United Nations, *Treaty Series*, vol. {volume}, No. 27531.\n"
        ),
        Format::Ods => format!(
            "\tThe General Assembly,\n\n\t{paragraph}1\n\n\t1.\tDecides to remain seized of the matter.\n\n1 United Nations, Treaty Series, vol. {volume}, No. 27531.\n"
        ),
    };
    let doc = Document::parse(text, format);
    let config = Config::default();
    let cx = Context::new(&doc, &config).with_precedents(index());
    rules::check_with(&cx)
        .iter()
        .any(|d| d.code() == "instrument-citation-mismatch")
}

fn caught(paragraph: &str) {
    for format in [Format::Markdown, Format::Ods] {
        assert!(
            mismatch(paragraph, "1557", format),
            "{format:?}: {paragraph}"
        );
        assert!(
            !mismatch(paragraph, "1577", format),
            "{format:?}: {paragraph}"
        );
    }
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
