//! Citations checked against precedents: resolution dates and instrument footnotes as the
//! precedent index knows them. Without an index (`Context::new`) these rules stay silent.

use super::{Context, Diagnostic, Edit, declare_rules};
use crate::model::Document;
use crate::precedent::index::{Instrument, instrument_key, treaty_locators};
use crate::precedent::mentions::{Mention, in_quotes};
use crate::precedent::references::{self, ResolutionRef};
use crate::precedent::{Body, PrecedentIndex, lookup, names};
use crate::source::Span;
use std::collections::HashSet;

declare_rules! { "citations";
    /// A resolution is cited with a date other than the one it was adopted on.
    ///
    /// **Why.** A resolution is identified by its number and its adoption date; a wrong date
    /// sends the reader to look for a resolution that does not exist, and is one of the
    /// errors editors catch last. The dates come from the precedent corpus: the resolution's
    /// own text when the corpus holds it, else the date that the resolutions citing it agree
    /// on (at least two, and four in five of those giving a date).
    ///
    /// **Example.** "its resolution 59/166 of 21 December 2004", when resolution 59/166 was
    /// adopted on 20 December 2004.
    ///
    /// **Fix.** "Use the adoption date" replaces the date.
    RESOLUTION_DATE_MISMATCH = "resolution-date-mismatch", Warning;

    /// The first mention of a General Assembly resolution does not give its date.
    ///
    /// **Why.** Resolutions give the date of a resolution at its first mention ("its
    /// resolution 59/166 of 20 December 2004") and the number alone afterwards.
    ///
    /// **Example.** "Recalling its resolution 59/166," as the first mention of 59/166.
    ///
    /// **Fix.** "Add the adoption date" inserts "of 20 December 2004", from the precedent
    /// corpus.
    RESOLUTION_DATE_MISSING = "resolution-date-missing", Hint;

    /// A footnote gives a treaty another *Treaty Series* volume or number than precedents do.
    ///
    /// **Why.** Precedents cite each treaty with the same volume and registration number; a
    /// different one is almost always a typing error. Optional protocols share their parent's
    /// registration number in a different volume, so a locator that precedents give for
    /// another instrument is left alone. Only checked where precedents agree strongly (at least
    /// three resolutions and four in five of those citing it, or two and no other).
    ///
    /// **Example.** "the Convention on the Rights of the Child<sup>3</sup>" with footnote
    /// "United Nations, *Treaty Series*, vol. 1557, No. 27531." where precedents give vol. 1577.
    ///
    /// **Fix.** "Use the precedents' citation" replaces the volume or number.
    INSTRUMENT_CITATION_MISMATCH = "instrument-citation-mismatch", Warning;

    /// The first mention of an instrument that precedents always footnote has no footnote.
    ///
    /// **Why.** Instruments are footnoted with their source at their first mention in a
    /// resolution. Only instruments that precedents footnote at their first mention nearly
    /// every time are checked; mentions inside quoted titles are not.
    ///
    /// **Example.** "Reaffirming the Universal Declaration of Human Rights," with no footnote,
    /// as its first mention.
    ///
    /// **Fix.** "Add a footnote" inserts a marker after the name and a footnote with the
    /// standard citation, numbered in sequence (later footnotes move up by one).
    INSTRUMENT_FOOTNOTE_MISSING = "instrument-footnote-missing", Hint;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(index) = cx.precedents else {
        return;
    };
    let refs = references::references(cx.doc);
    resolution_dates(cx.doc, index, &refs, out);
    let names = names::marker_names(cx.doc);
    citation_mismatch(cx, index, out);
    footnote_missing(cx.doc, index, &names, out);
}

/// The adoption date the corpus gives for a reference: the resolution's own, or the date the
/// resolutions citing it agree on.
fn adoption_date(index: &PrecedentIndex, r: &ResolutionRef) -> Option<crate::precedent::Date> {
    index.adoption_date(r.body, &r.number, &r.parts)
}

fn resolution_dates(
    doc: &Document,
    index: &PrecedentIndex,
    refs: &[ResolutionRef],
    out: &mut Vec<Diagnostic>,
) {
    let own = doc.title.as_ref().and_then(|t| t.number.as_deref());
    let mut seen = HashSet::new();
    for (i, r) in refs.iter().enumerate() {
        let first = !r.in_footnote() && seen.insert((r.body, r.number.clone()));
        if own == Some(r.number.as_str()) {
            continue;
        }
        let Some(adopted) = adoption_date(index, r) else {
            continue;
        };
        match (r.date, r.date_span) {
            (Some(given), Some(span)) if given != adopted => out.push(
                Diagnostic::new(
                    &RESOLUTION_DATE_MISMATCH,
                    span,
                    format!(
                        "resolution {} was adopted on {adopted}, not {given}",
                        r.number
                    ),
                )
                .fix(
                    format!("Use the adoption date, {adopted}"),
                    vec![Edit {
                        span,
                        replacement: adopted.to_string(),
                    }],
                ),
            ),
            (None, _)
                if first && r.body == Body::GeneralAssembly && !dated_later(refs, i, adopted) =>
            {
                out.push(
                    Diagnostic::new(
                        &RESOLUTION_DATE_MISSING,
                        r.span,
                        format!(
                            "first mention of resolution {}: give its date, {adopted}",
                            r.number
                        ),
                    )
                    .fix(
                        format!("Add the adoption date, {adopted}"),
                        vec![Edit {
                            span: Span::empty(r.span.end),
                            replacement: format!(" of {adopted}"),
                        }],
                    ),
                );
            }
            _ => {}
        }
    }
}

/// Whether a later item of the same list carries this date for both ("resolutions 2019/19 and
/// 2019/20 of 23 July 2019").
fn dated_later(refs: &[ResolutionRef], i: usize, date: crate::precedent::Date) -> bool {
    refs[i + 1..]
        .iter()
        .take_while(|o| o.group == refs[i].group)
        .find_map(|o| o.date)
        == Some(date)
}

fn citation_mismatch(cx: &Context, index: &PrecedentIndex, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let mut checked = HashSet::new();
    for (marker, instrument) in doc.markers.iter().zip(index.marker_instruments(doc)) {
        if !checked.insert(marker.number) {
            continue;
        }
        let instrument = instrument.map(|i| &index.instruments[i]);
        let Some((instrument, consensus)) = instrument.and_then(|i| Some((i, i.treaty.as_ref()?)))
        else {
            continue;
        };
        let Some((f, note)) = doc
            .footnotes
            .iter()
            .position(|f| f.number == marker.number)
            .and_then(|f| Some((f, cx.notes.get(f)?.resolved.as_ref()?)))
        else {
            continue;
        };
        let Some(given) = treaty_locators(note) else {
            continue;
        };
        let expected = (consensus.volume.clone(), consensus.number.clone());
        if given == expected || belongs_elsewhere(index, instrument, &given) {
            continue;
        }
        out.push(mismatch(doc, f, instrument, &given, &expected));
    }
}

/// Whether precedents give these locators for another instrument: an optional protocol cited
/// after its parent's name, not a typing error.
fn belongs_elsewhere(
    index: &PrecedentIndex,
    instrument: &Instrument,
    given: &(String, String),
) -> bool {
    index.instruments.iter().any(|other| {
        other.key != instrument.key
            && other
                .treaty
                .as_ref()
                .is_some_and(|t| t.volume == given.0 && t.number == given.1)
    })
}

fn mismatch(
    doc: &Document,
    footnote: usize,
    instrument: &Instrument,
    given: &(String, String),
    expected: &(String, String),
) -> Diagnostic {
    let body = &doc.footnotes[footnote];
    let text = body.text.as_str();
    let edits: Vec<Edit> = [(&given.0, &expected.0), (&given.1, &expected.1)]
        .into_iter()
        .filter(|(g, e)| g != e)
        .filter_map(|(g, e)| {
            let at = text.find(g.as_str())?;
            Some(Edit {
                span: body.text.source_span(Span::new(at, at + g.len())),
                replacement: e.clone(),
            })
        })
        .collect();
    let span = edits.first().map_or(body.number_span, |e| e.span);
    let consensus = instrument.treaty.as_ref().expect("checked by the caller");
    let d = Diagnostic::new(
        &INSTRUMENT_CITATION_MISMATCH,
        span,
        format!(
            "{} resolutions of {} cite the {} as {}, {}; this footnote has {}, {}",
            consensus.support,
            consensus.total,
            instrument.name,
            expected.0,
            expected.1,
            given.0,
            given.1
        ),
    );
    if edits.is_empty() {
        d
    } else {
        d.fix("Use the precedents' citation", edits)
    }
}

fn footnote_missing(
    doc: &Document,
    index: &PrecedentIndex,
    names: &[Option<names::MarkerName>],
    out: &mut Vec<Diagnostic>,
) {
    let footnoted_keys: HashSet<String> = names
        .iter()
        .flatten()
        .filter_map(|n| instrument_key(&n.name))
        .collect();
    let mut seen = HashSet::new();
    for mention in index.matcher().mentions(doc) {
        if !seen.insert(mention.instrument) {
            continue;
        }
        let instrument = &index.instruments[mention.instrument];
        let text = doc.paragraphs[mention.paragraph].text.as_str();
        if mention.footnoted
            || !instrument.always_footnoted()
            || footnoted_keys.contains(&instrument.key)
            || in_quotes(text, mention.range.start)
        {
            continue;
        }
        let Some(citation) = instrument.standard_citation() else {
            continue;
        };
        out.push(missing(doc, &mention, instrument, citation));
    }
}

fn missing(
    doc: &Document,
    mention: &Mention,
    instrument: &Instrument,
    citation: &str,
) -> Diagnostic {
    let plain = &doc.paragraphs[mention.paragraph].text;
    let text = plain.as_str();
    let span = plain.source_span(Span::new(mention.range.start, mention.range.end));
    // Markers stand after the punctuation that closes the name: "… of the Child,³".
    let punctuation = text[mention.range.end..]
        .chars()
        .take_while(|c| ",;:.”’\"".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let at = plain
        .source_span(Span::new(
            mention.range.end,
            mention.range.end + punctuation,
        ))
        .end
        .max(span.end);
    Diagnostic::new(
        &INSTRUMENT_FOOTNOTE_MISSING,
        span,
        format!(
            "first mention of the {}: precedents footnote it ({citation})",
            instrument.name
        ),
    )
    .fix(
        "Add a footnote with the standard citation",
        lookup::insert_footnote(doc, at, citation),
    )
}
