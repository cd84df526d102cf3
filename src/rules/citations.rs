//! Citations checked against precedents: resolution dates and instrument footnotes as the
//! precedent index knows them. Without an index (`Context::new`) these rules stay silent.

use super::{Context, Diagnostic, Edit, declare_rules};
use crate::model::Document;
use crate::model::citation::Citation;
use crate::precedent::index::{Instrument, instrument_key, treaty_locators};
use crate::precedent::mentions::{Mention, in_quotes, mentions};
use crate::precedent::references::ResolutionRef;
use crate::precedent::{Body, PrecedentIndex, lookup, names};
use crate::source::Span;
use rustc_hash::FxHashSet;

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
    /// **Fix.** "Use the adoption date" replaces the date (with `resolute fix --unsafe-fixes`:
    /// it rests on precedents).
    RESOLUTION_DATE_MISMATCH = "resolution-date-mismatch", Warning;

    /// The first mention of a General Assembly resolution does not give its date.
    ///
    /// **Why.** Resolutions give the date of a resolution at its first mention ("its
    /// resolution 59/166 of 20 December 2004") and the number alone afterwards.
    ///
    /// **Example.** "Recalling its resolution 59/166," as the first mention of 59/166.
    ///
    /// **Fix.** "Add the adoption date" inserts "of 20 December 2004", from the precedent
    /// corpus (with `resolute fix --unsafe-fixes`: it rests on precedents).
    RESOLUTION_DATE_MISSING = "resolution-date-missing", Hint, not_sc;

    /// A footnote gives a treaty another *Treaty Series* volume or number than precedents do.
    ///
    /// **Why.** Precedents cite each treaty with the same volume and registration number; a
    /// different one that no instrument has is almost always a typing error. Optional protocols
    /// share their parent's registration number in a different volume: the volume of a protocol
    /// to the instrument named is reported too, while one that precedents give for the
    /// instrument in another form (an amended protocol) is left alone; one that precedents give
    /// for a treaty registered under another number is `instrument-citation-swapped`. Only checked where
    /// precedents agree strongly (at least three resolutions and four in five of those citing it,
    /// or two and no other).
    ///
    /// **Example.** "the Convention on the Rights of the Child<sup>3</sup>" with footnote
    /// "United Nations, *Treaty Series*, vol. 1557, No. 27531." where precedents give vol. 1577.
    ///
    /// **Fix.** "Use the precedents' citation" replaces the volume or number. It rests on
    /// precedents, so `resolute fix` applies it only with `--unsafe-fixes`.
    INSTRUMENT_CITATION_MISMATCH = "instrument-citation-mismatch", Warning;

    /// The footnote after an instrument gives the citation that precedents give another treaty.
    ///
    /// **Why.** Two markers typed the wrong way round, or two notes swapped, attach each
    /// treaty's *Treaty Series* entry to the other: every number is well formed, so only the
    /// pairing is wrong, and the draft would go out citing the wrong treaty. A separate code
    /// from `instrument-citation-mismatch` because the remedy differs: the citation is right,
    /// it stands in the wrong place. Treaties registered under the same number (a convention
    /// and its protocols) are not reported.
    ///
    /// **Example.** "the Convention on the Elimination of All Forms of Discrimination against
    /// Women<sup>6</sup>" with footnote 6 "*Ibid.*, vol. 1577, No. 27531.", the citation of the
    /// Convention on the Rights of the Child.
    ///
    /// **Fix.** When the other treaty's marker leads to this treaty's citation and swapping the
    /// two markers puts them in order, "Swap footnote markers"; otherwise, when the footnote
    /// serves this treaty alone, "Use the citation of …" replaces its volume and number. Both
    /// rest on precedents: `resolute fix` applies them only with `--unsafe-fixes`.
    INSTRUMENT_CITATION_SWAPPED = "instrument-citation-swapped", Warning;

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
    /// standard citation, numbered in sequence (later footnotes move up by one); with
    /// `resolute fix --unsafe-fixes`, as it rests on precedents.
    INSTRUMENT_FOOTNOTE_MISSING = "instrument-footnote-missing", Hint, not_sc;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(index) = cx.precedents else {
        return;
    };
    let refs = cx.references();
    resolution_dates(cx.doc, index, &refs, out);
    let names = cx.precedent_names();
    citation_mismatch(cx, index, out);
    let scans = cx.scans().unwrap_or_default();
    let found = scans.iter().map(|s| s.known.as_slice());
    footnote_missing(cx.doc, index, &mentions(cx.doc, found), names, out);
}

/// The adoption date the corpus gives for a reference: the resolution's own, or the date the
/// resolutions citing it agree on.
/// The index holds General Assembly records: another body's resolution is checked only when
/// the user's corpus holds that very resolution.
fn adoption_date(index: &PrecedentIndex, r: &ResolutionRef) -> Option<crate::precedent::Date> {
    let held = || index.resolve_exact(r.body, &r.number, &r.parts).is_some();
    if r.body != Body::GeneralAssembly && !held() {
        return None;
    }
    index.adoption_date(r.body, &r.number, &r.parts)
}

fn resolution_dates(
    doc: &Document,
    index: &PrecedentIndex,
    refs: &[ResolutionRef],
    out: &mut Vec<Diagnostic>,
) {
    let own = doc.title.as_ref().and_then(|t| t.number.as_deref());
    let mut seen = FxHashSet::default();
    for (i, r) in refs.iter().enumerate() {
        let first = !r.in_footnote() && seen.insert((r.body, r.number.clone()));
        if own == Some(&*r.number) {
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
                .unsafe_fix(
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
                    .unsafe_fix(
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

/// How a footnote's *Treaty Series* citation stands against what precedents give the
/// instrument its marker follows.
pub(crate) struct Pairing<'a> {
    pub instrument: &'a Instrument,
    /// The volume and number the footnote gives.
    pub given: (String, String),
    pub verdict: Verdict<'a>,
}

#[derive(Clone, Copy)]
pub(crate) enum Verdict<'a> {
    /// The citation precedents give it.
    Agrees,
    /// A volume or number no instrument has: a typing error.
    Typo,
    /// The citation of a treaty registered under the same number that is the named one in
    /// another form (an amended protocol, or the parent of the protocol named): left alone.
    Family,
    /// The citation of a protocol to the instrument named ("Optional Protocol to the
    /// Convention …", registered under the Convention's number in another volume): the
    /// instrument's own volume is wanted.
    ProtocolOf,
    /// The citation precedents give another treaty, registered under another number.
    OfAnother(&'a Instrument),
}

/// The pairing of `instrument` (an index into [`PrecedentIndex::instruments`]) with
/// `citation`, where precedents agree on the instrument's *Treaty Series* citation and the
/// footnote gives one volume and one number.
pub(crate) fn pairing<'a>(
    index: &'a PrecedentIndex,
    instrument: usize,
    citation: &Citation,
) -> Option<Pairing<'a>> {
    let instrument = &index.instruments[instrument];
    let consensus = instrument.treaty.as_ref()?;
    let given = treaty_locators(citation)?;
    let verdict = if given.0 == consensus.volume && given.1 == consensus.number {
        Verdict::Agrees
    } else {
        match cited_as(index, instrument, &given) {
            Some(other) if other.1 != consensus.number => Verdict::OfAnother(other.0),
            Some(other) if is_protocol_to(other.0, instrument) => Verdict::ProtocolOf,
            Some(_) => Verdict::Family,
            None => Verdict::Typo,
        }
    };
    Some(Pairing {
        instrument,
        given,
        verdict,
    })
}

/// Whether `protocol`'s name is that of a protocol to `parent` ("optional protocol to
/// convention on rights of persons with disabilities"), not `parent` in another form
/// ("… devices as amended on 3 may 1996").
fn is_protocol_to(protocol: &Instrument, parent: &Instrument) -> bool {
    protocol.key.ends_with(&format!(" to {}", parent.key))
}

/// Another instrument that precedents cite with these locators, with its number.
fn cited_as<'a>(
    index: &'a PrecedentIndex,
    instrument: &Instrument,
    given: &(String, String),
) -> Option<(&'a Instrument, &'a str)> {
    index.instruments.iter().find_map(|other| {
        let t = other.treaty.as_ref()?;
        (other.key != instrument.key && t.volume == given.0 && t.number == given.1)
            .then_some((other, t.number.as_str()))
    })
}

/// The first marker of each footnote number with its instrument's pairing and footnote index.
fn first_pairings<'a>(
    cx: &Context,
    index: &'a PrecedentIndex,
    instruments: &[Option<usize>],
) -> Vec<(usize, usize, Pairing<'a>)> {
    let doc = cx.doc;
    let mut checked = FxHashSet::default();
    let mut out = Vec::new();
    for (m, (marker, instrument)) in doc.markers.iter().zip(instruments).enumerate() {
        if !checked.insert(marker.number) {
            continue;
        }
        let Some(instrument) = *instrument else {
            continue;
        };
        let Some(f) = doc.footnotes.iter().position(|f| f.number == marker.number) else {
            continue;
        };
        let found = cx.notes.get(f).and_then(|n| n.resolved.as_ref());
        if let Some(p) = found.and_then(|c| pairing(index, instrument, c)) {
            out.push((m, f, p));
        }
    }
    out
}

fn citation_mismatch(cx: &Context, index: &PrecedentIndex, out: &mut Vec<Diagnostic>) {
    let instruments = cx.marker_instruments();
    let pairings = first_pairings(cx, index, instruments);
    for (m, f, p) in &pairings {
        match p.verdict {
            Verdict::Typo | Verdict::ProtocolOf => out.push(mismatch(cx.doc, *f, p)),
            Verdict::OfAnother(other) => {
                out.push(swapped(cx, instruments, &pairings, *m, *f, p, other))
            }
            Verdict::Agrees | Verdict::Family => {}
        }
    }
}

/// The precedents' volume and number of an instrument known to have them.
fn expected(instrument: &Instrument) -> (String, String) {
    instrument
        .treaty
        .as_ref()
        .map(|t| (t.volume.clone(), t.number.clone()))
        .unwrap_or_default()
}

/// Edits replacing the volume and number a footnote gives with `expected`.
fn locator_edits(
    doc: &Document,
    footnote: usize,
    given: &(String, String),
    expected: &(String, String),
) -> Vec<Edit> {
    let body = &doc.footnotes[footnote];
    let text = body.text.as_str();
    [(&given.0, &expected.0), (&given.1, &expected.1)]
        .into_iter()
        .filter(|(g, e)| g != e)
        .filter_map(|(g, e)| {
            let at = text.find(g.as_str())?;
            Some(Edit {
                span: body.text.source_span(Span::new(at, at + g.len())),
                replacement: e.clone(),
            })
        })
        .collect()
}

fn mismatch(doc: &Document, footnote: usize, p: &Pairing) -> Diagnostic {
    let expected = expected(p.instrument);
    let edits = locator_edits(doc, footnote, &p.given, &expected);
    let span = edits
        .first()
        .map_or(doc.footnotes[footnote].number_span, |e| e.span);
    let consensus = p
        .instrument
        .treaty
        .as_ref()
        .expect("paired instruments have one");
    let d = Diagnostic::new(
        &INSTRUMENT_CITATION_MISMATCH,
        span,
        format!(
            "{} resolutions of {} cite the {} as {}, {}; this footnote has {}, {}",
            consensus.support,
            consensus.total,
            p.instrument.name,
            expected.0,
            expected.1,
            p.given.0,
            p.given.1
        ),
    );
    if edits.is_empty() {
        d
    } else {
        d.unsafe_fix("Use the precedents' citation", edits)
    }
}

/// The footnote after the instrument gives another treaty's citation.
fn swapped(
    cx: &Context,
    instruments: &[Option<usize>],
    pairings: &[(usize, usize, Pairing)],
    marker: usize,
    footnote: usize,
    p: &Pairing,
    other: &Instrument,
) -> Diagnostic {
    let doc = cx.doc;
    let m = &doc.markers[marker];
    let expected = expected(p.instrument);
    let d = Diagnostic::new(
        &INSTRUMENT_CITATION_SWAPPED,
        m.number_span,
        format!(
            "footnote {} follows the {} but gives {}, {}: this is the citation of the {}; precedents cite the {} as {}, {}",
            m.number, p.instrument.name, p.given.0, p.given.1, other.name, p.instrument.name, expected.0, expected.1
        ),
    )
    .related(doc.footnotes[footnote].number_span, format!("footnote {}", m.number));
    if let Some(partner) = swap_partner(doc, pairings, marker, p, other) {
        let theirs = &doc.markers[partner];
        let edits = vec![
            Edit {
                span: m.number_span,
                replacement: theirs.number.to_string(),
            },
            Edit {
                span: theirs.number_span,
                replacement: m.number.to_string(),
            },
        ];
        return d.unsafe_fix(
            format!("Swap footnote markers {} and {}", m.number, theirs.number),
            edits,
        );
    }
    let edits = locator_edits(doc, footnote, &p.given, &expected);
    if edits.is_empty() || !only_after(cx, instruments, m.number, &p.instrument.key) {
        return d;
    }
    d.unsafe_fix(
        format!("Use the citation of the {}", p.instrument.name),
        edits,
    )
}

/// The first marker of the other instrument whose footnote gives this instrument's citation,
/// when swapping the two markers puts them in order (markers typed the wrong way round; when
/// they are in order, the footnotes' citations are what was swapped).
fn swap_partner(
    doc: &Document,
    pairings: &[(usize, usize, Pairing)],
    marker: usize,
    p: &Pairing,
    other: &Instrument,
) -> Option<usize> {
    let number = doc.markers[marker].number;
    pairings.iter().find_map(|(m, _, q)| {
        let mirrored = q.instrument.key == other.key
            && matches!(q.verdict, Verdict::OfAnother(o) if o.key == p.instrument.key);
        let theirs = doc.markers[*m].number;
        let in_order_after_swap = (*m > marker) == (theirs < number);
        (mirrored && in_order_after_swap).then_some(*m)
    })
}

/// Whether every marker numbered `number` that follows a known instrument follows this one:
/// rewriting its footnote then changes no other instrument's citation.
fn only_after(cx: &Context, instruments: &[Option<usize>], number: u32, key: &str) -> bool {
    let Some(index) = cx.precedents else {
        return false;
    };
    cx.doc
        .markers
        .iter()
        .zip(instruments)
        .filter(|(m, _)| m.number == number)
        .filter_map(|(_, i)| *i)
        .all(|i| index.instruments[i].key == key)
}

fn footnote_missing(
    doc: &Document,
    index: &PrecedentIndex,
    mentions: &[Mention],
    names: &[Option<names::MarkerName>],
    out: &mut Vec<Diagnostic>,
) {
    // Needed only for a mention that lacks its own footnote, which few drafts have.
    let footnoted_keys = std::cell::OnceCell::new();
    let footnoted_keys = || -> &FxHashSet<String> {
        footnoted_keys.get_or_init(|| {
            let names = names.iter().flatten();
            names.filter_map(|n| instrument_key(&n.name)).collect()
        })
    };
    let mut seen = FxHashSet::default();
    for mention in mentions {
        if !seen.insert(mention.instrument) {
            continue;
        }
        let instrument = &index.instruments[mention.instrument];
        let text = doc.paragraphs[mention.paragraph].text.as_str();
        if mention.footnoted
            || !instrument.always_footnoted()
            || footnoted_keys().contains(&instrument.key)
            || in_quotes(text, mention.range.start)
        {
            continue;
        }
        let Some(citation) = instrument.standard_citation() else {
            continue;
        };
        out.push(missing(doc, mention, instrument, citation));
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
    .unsafe_fix(
        "Add a footnote with the standard citation",
        lookup::insert_footnote(doc, at, citation),
    )
}
