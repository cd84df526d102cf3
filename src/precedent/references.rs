//! References to resolutions in a document's paragraphs and footnotes: "its resolution 59/166
//! of 20 December 2004", "its resolutions 62/272 of 5 September 2008, 64/297 of 8 September
//! 2010 and …", "Security Council resolution 1325 (2000)", "Human Rights Council resolution
//! 26/8", "Economic and Social Council resolution 2006/27", "resolutions 74/92 A and B".
//!
//! The body comes from the words before "resolution" ("its" is the document's own organ),
//! else from the number's form: "1325 (2000)" is the Security Council's, "2006/27" the
//! Economic and Social Council's, "59/166" the General Assembly's (the Human Rights Council's
//! in its own texts). Resolutions of other bodies ("Commission on Human Rights resolution
//! 2005/69") are left out: nothing could resolve them.

use super::{Body, Date};
use crate::model::plain::PlainText;
use crate::model::{Document, PlaceCache};
use crate::source::Span;
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// Where a reference stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefPlace {
    /// Index into [`Document::paragraphs`].
    Paragraph(usize),
    /// Index into [`Document::footnotes`].
    Footnote(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolutionRef {
    pub body: Body,
    /// "59/166", "1325 (2000)", "2625 (XXV)", "217 A (III)", "S-26/2".
    pub number: Arc<str>,
    /// Part letters: "74/92 A and B" has ["A", "B"].
    pub parts: Vec<String>,
    /// Source span of the number and its parts.
    pub span: Span,
    /// Source span of the whole reference, from "resolution" (or the number, for later items
    /// of a list) to the end of its date.
    pub full: Span,
    /// The date given after "of".
    pub date: Option<Date>,
    /// Source span of the date text ("20 December 2004").
    pub date_span: Option<Span>,
    pub place: RefPlace,
    /// Items of one list ("resolutions 2019/19 and 2019/20 of 23 July 2019") share a group.
    pub group: usize,
}

impl ResolutionRef {
    /// "A/RES/59/166", "A/RES/74/92 A", "S/RES/1325(2000)".
    pub fn symbol(&self) -> String {
        let base = self.body.symbol(&self.number);
        match self.parts.as_slice() {
            [one] => format!("{base} {one}"),
            _ => base,
        }
    }

    pub fn in_footnote(&self) -> bool {
        matches!(self.place, RefPlace::Footnote(_))
    }
}

/// What every match of the regex below contains, searched for first.
static RESOLUTION_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"esolution"));
static TRIGGER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Rr]esolutions?[ \u{a0}]+").unwrap());
/// A resolution number, in the order the forms must be tried ("2006/27" before "20/06").
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<year>(?:19|20)\d\d/\d{1,3})|(?P<council>\d{1,4} \((?:19|20)\d\d\))|(?P<session>(?:(?:ES|S)-)?\d{1,2}/\d{1,3})|(?P<old>\d{1,4}(?: [A-Z])? \((?:(?:ES|S)-)?[IVXLC]+\)))",
    )
    .unwrap()
});
static PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \u{a0}]([A-Z])((?:(?:,[ \u{a0}]|[ \u{a0}]and[ \u{a0}]|[ \u{a0}]to[ \u{a0}]|-)[A-Z])*)",
    )
    .unwrap()
});
static DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?[ \u{a0}]+of[ \u{a0}]+(\d{1,2}[ \u{a0}]+(?:January|February|March|April|May|June|July|August|September|October|November|December)[ \u{a0}]+\d{4})\b").unwrap()
});
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,[ \u{a0}]+and[ \u{a0}]+|,[ \u{a0}]+|[ \u{a0}]+and[ \u{a0}]+|[ \u{a0}]+as[ \u{a0}]+well[ \u{a0}]+as[ \u{a0}]+)(?:[Rr]esolutions?[ \u{a0}]+)?").unwrap()
});

/// "…, the most recent of which being", "the latest of which is": the next reference belongs
/// to the list before it.
static MOST_RECENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:most[ \u{a0}]+recent|latest|last)[ \u{a0}]+of[ \u{a0}]+which(?:[ \u{a0}]+(?:being|is|was|are|were))?[ \u{a0}]*$").unwrap()
});
/// The name of a body: capitalised words ending in an organ word ("the Economic and Social
/// Commission for Asia and the Pacific", "the Assembly", "the Conference of the Parties").
static ORGAN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[A-Z][\w’'-]*[ \u{a0}]+(?:(?:of|on|and|for|the|to|against)[ \u{a0}]+)*)*(?:Assembly|Council|Commission|Conference|Board|Committee|Organization|Forum|Parties|Meeting)(?-u:\b)(?:[ \u{a0}]+(?:of|on|for|to)(?:[ \u{a0}]+the)?[ \u{a0}]+(?:[A-Z][\w’'-]*[ \u{a0}]*(?:(?:and|the|of|for)[ \u{a0}]+)*)+)?").unwrap()
});
/// A body named after the reference: "resolution 10/4 of 15 December 2023 of the Conference of
/// the States Parties", "resolution 5/2 adopted by the United Nations Environment Assembly".
static NAMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?[ \u{a0}]+(?:adopted[ \u{a0}]+)?(?:of|by)[ \u{a0}]+the[ \u{a0}]+((?:[A-Z][\w’'-]*[ \u{a0}]*(?:(?:of|on|and|for|the|to)[ \u{a0}]+)*)+)").unwrap()
});

/// The shape of a resolution number, which tells the body when the text does not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "2006/27": Economic and Social Council (and commissions).
    Year,
    /// "1325 (2000)": Security Council.
    Council,
    /// "59/166", "S-26/2": General Assembly or Human Rights Council.
    Session,
    /// "2625 (XXV)", "217 A (III)": General Assembly before 1976.
    Old,
}

/// What the words before "resolution" say about the body.
enum Prefix {
    /// "its resolution": the document's own organ.
    Own,
    Named(Body),
    /// Another organ ("Commission on Human Rights resolution"): not resolvable.
    Foreign,
    Bare,
}

/// Every resolution reference in the document's paragraphs and footnotes, in that order.
pub fn references(doc: &Document) -> Vec<ResolutionRef> {
    references_reusing(doc, None)
}

/// What the last reading found in each paragraph and footnote, for the next: a keystroke
/// changes one text, and only that one is read again.
#[derive(Default)]
pub struct ReferenceCache {
    paragraphs: PlaceCache<Arc<InText>>,
    footnotes: PlaceCache<Arc<InText>>,
}

/// [`references`], reading again only the texts that changed since the reading kept in
/// `cache`.
pub fn references_reusing(doc: &Document, cache: Option<&ReferenceCache>) -> Vec<ResolutionRef> {
    let organ = doc.body();
    // Texts without references (most) share one empty reading.
    let none = Arc::new(InText {
        refs: Vec::new(),
        lists: 0,
    });
    let read = |_, text: &PlainText| {
        let found = Scanner::new(organ).text(text.as_str());
        if found.lists == 0 {
            none.clone()
        } else {
            Arc::new(found)
        }
    };
    let paragraphs = doc.paragraphs.iter().map(|p| &p.text);
    let footnotes = doc.footnotes.iter().map(|f| &f.text);
    // Read under the organ's name: "its resolution" is the organ's.
    let key = organ as u64;
    let in_paragraphs =
        PlaceCache::read_through(cache.map(|c| &c.paragraphs), key, paragraphs.clone(), read);
    let in_footnotes =
        PlaceCache::read_through(cache.map(|c| &c.footnotes), key, footnotes.clone(), read);
    let count = (in_paragraphs.iter().chain(&in_footnotes))
        .map(|found| found.refs.len())
        .sum();
    let places = (0..)
        .map(RefPlace::Paragraph)
        .zip(paragraphs.zip(in_paragraphs));
    let places = places.chain(
        (0..)
            .map(RefPlace::Footnote)
            .zip(footnotes.zip(in_footnotes)),
    );
    let mut out = Vec::with_capacity(count);
    let mut lists = 0;
    for (place, (text, found)) in places {
        let group = lists;
        lists += found.lists;
        // Moved out of a reading no cache keeps (a check's): a draft citing ten thousand
        // resolutions holds them once, not twice (issue 14).
        let placed = |r: Found| r.placed(text, place, group);
        match Arc::try_unwrap(found) {
            Ok(own) => out.extend(own.refs.into_iter().map(placed)),
            Err(kept) => out.extend(kept.refs.iter().cloned().map(placed)),
        }
    }
    out
}

/// The references read in one text, with plain-text spans and the lists numbered from 1.
#[derive(Debug)]
struct InText {
    refs: Vec<Found>,
    /// How many lists were read (some hold no reference that is kept).
    lists: usize,
}

/// A reference as read in its text: [`ResolutionRef`] before it is placed in the document.
#[derive(Clone, Debug)]
struct Found {
    body: Body,
    number: Arc<str>,
    parts: Vec<String>,
    span: Span,
    full: Span,
    date: Option<Date>,
    date_span: Option<Span>,
    group: usize,
}

impl Found {
    /// The reference in `text` at `place`, after `lists` lists of the texts before it.
    fn placed(self, text: &PlainText, place: RefPlace, lists: usize) -> ResolutionRef {
        ResolutionRef {
            body: self.body,
            number: self.number,
            parts: self.parts,
            span: text.source_span(self.span),
            full: text.source_span(self.full),
            date: self.date,
            date_span: self.date_span.map(|s| text.source_span(s)),
            place,
            group: lists + self.group,
        }
    }
}

/// Reads the references of one text.
struct Scanner {
    organ: Body,
    out: Vec<Found>,
    group: usize,
    /// The body of the last list read (`None`: a body the index cannot hold), which "the most
    /// recent of which being resolution …" carries on.
    last: Option<Option<Body>>,
}

impl Scanner {
    fn new(organ: Body) -> Scanner {
        Scanner {
            organ,
            out: Vec::new(),
            group: 0,
            last: None,
        }
    }

    fn text(mut self, text: &str) -> InText {
        // Most paragraphs cite no resolution: a plain search rules them out before the regex.
        if RESOLUTION_WORD.find(text.as_bytes()).is_some() {
            let mut organs = Organs::new(text);
            let mut consumed = 0;
            for trigger in TRIGGER.find_iter(text) {
                if trigger.start() < consumed {
                    continue;
                }
                let prefix = self.prefix(&mut organs, trigger.start());
                consumed = self.list(text, prefix, trigger.start(), trigger.end());
            }
        }
        // Kept for the rest of the analysis (and by an editor, for the next keystroke), beside
        // the references placed from them: without the spare room of a grown list (issue 14).
        self.out.shrink_to_fit();
        InText {
            refs: self.out,
            lists: self.group,
        }
    }

    /// Reads the list of numbers after "resolution(s) " at `at`; returns where it ends.
    fn list(&mut self, text: &str, mut prefix: Prefix, from: usize, mut at: usize) -> usize {
        self.group += 1;
        let mut item_start = from;
        while let Some((form, number, mut end)) = number_at(text, at) {
            let parts = parts_at(text, &mut end);
            let span = Span::new(at, end);
            let date = DATE_AFTER.captures(&text[end..]).map(|c| {
                let m = c.get(1).unwrap();
                let span = Span::new(end + m.start(), end + m.end());
                end += c[0].len();
                (Date::parse_text(m.as_str()), span)
            });
            if named_after(&text[end..]) {
                prefix = Prefix::Foreign;
            }
            let body = self
                .body(&prefix, form)
                .filter(|&b| in_session(b, &number, date.and_then(|d| d.0)));
            self.last = Some(body);
            if let Some(body) = body {
                self.out.push(Found {
                    body,
                    number: number.into(),
                    parts,
                    span,
                    full: Span::new(item_start, end),
                    date: date.and_then(|d| d.0),
                    date_span: date.map(|d| d.1),
                    group: self.group,
                });
            }
            let Some(sep) = SEPARATOR.find(&text[end..]) else {
                return end;
            };
            if number_at(text, end + sep.end()).is_none() {
                return end;
            }
            if sep.as_str().contains("esolution") {
                // "… and resolution 2625 (XXV)": a new reference, without the list's organ.
                prefix = Prefix::Bare;
            }
            at = end + sep.end();
            item_start = at;
        }
        at
    }

    /// What the words before "resolution" (at `at`) say, read with the lists before it in this
    /// text.
    fn prefix(&self, organs: &mut Organs, at: usize) -> Prefix {
        let before = &organs.text[..at];
        if let (true, Some(body)) = (MOST_RECENT.is_match(before), self.last) {
            return body.map_or(Prefix::Foreign, Prefix::Named);
        }
        match prefix(before) {
            Prefix::Own => self.own_or_named(organs.last_in_clause(at)),
            other => other,
        }
    }

    /// "its" is the document's organ unless another body is named earlier in the clause: "the
    /// Economic and Social Commission for Asia and the Pacific, … in its resolution 73/8".
    fn own_or_named(&self, named: Option<&str>) -> Prefix {
        let Some(name) = named else {
            return Prefix::Own;
        };
        if name.ends_with(self.organ.name()) || name.ends_with(self.organ.short_name()) {
            return Prefix::Own;
        }
        Body::from_organ(name).map_or(Prefix::Foreign, Prefix::Named)
    }

    fn body(&self, prefix: &Prefix, form: Form) -> Option<Body> {
        let body = match prefix {
            Prefix::Foreign => return None,
            Prefix::Named(b) => *b,
            Prefix::Own => self.organ,
            Prefix::Bare => match form {
                Form::Council => Body::SecurityCouncil,
                Form::Year => Body::EconomicAndSocialCouncil,
                Form::Session | Form::Old if self.organ == Body::HumanRightsCouncil => {
                    Body::HumanRightsCouncil
                }
                Form::Session | Form::Old => Body::GeneralAssembly,
            },
        };
        fits(body, form).then_some(body)
    }
}

/// The names of bodies in one text, found in one pass when an "its resolution" first asks, so
/// that a long paragraph of many references is not searched again from its start for each.
struct Organs<'a> {
    text: &'a str,
    /// [`ORGAN_NAME`]'s matches, left to right.
    found: Option<Vec<std::ops::Range<usize>>>,
    /// The last semicolon before `scanned`, where the clause being read starts.
    clause: usize,
    scanned: usize,
}

impl<'a> Organs<'a> {
    fn new(text: &'a str) -> Organs<'a> {
        Organs {
            text,
            found: None,
            clause: 0,
            scanned: 0,
        }
    }

    /// The last body named in the clause (since the last semicolon) that ends at `at`, as
    /// [`ORGAN_NAME`] reads the clause alone. Calls come with `at` never decreasing.
    fn last_in_clause(&mut self, at: usize) -> Option<&'a str> {
        let text = self.text;
        if at > self.scanned {
            if let Some(i) = text[self.scanned..at].rfind(';') {
                self.clause = self.scanned + i + 1;
            }
            self.scanned = at;
        }
        let found = self
            .found
            .get_or_insert_with(|| ORGAN_NAME.find_iter(text).map(|m| m.range()).collect());
        // No match crosses a semicolon, so those of the whole text that start in the clause
        // are the clause's own, but for the last, which may run past `at`: that one is read
        // again within the clause.
        let starts = found.partition_point(|m| m.start < self.clause)
            ..found.partition_point(|m| m.start < at);
        let last = found[starts].last()?;
        if last.end <= at {
            return Some(&text[last.clone()]);
        }
        ORGAN_NAME
            .find_iter(&text[last.start..at])
            .last()
            .map(|m| &text[last.start + m.start()..last.start + m.end()])
    }
}

/// Whether the words after a reference name a body other than the General Assembly ("of the
/// Conference of the States Parties to the Convention").
fn named_after(after: &str) -> bool {
    NAMED_AFTER.captures(after).is_some_and(|c| {
        let name = c[1].trim_end();
        ORGAN_NAME.is_match(name) && !name.starts_with(Body::GeneralAssembly.name())
    })
}

/// A General Assembly resolution "N/x" is adopted during session N, which opens in September
/// of 1945 + N and ends when the next one opens; "N/x" dated outside it is another body's
/// (a Human Rights Council or Environment Assembly resolution cited without its organ).
fn in_session(body: Body, number: &str, date: Option<Date>) -> bool {
    let (Body::GeneralAssembly, Some(date)) = (body, date) else {
        return true;
    };
    let Some(session) = number
        .split_once('/')
        .and_then(|(s, _)| s.parse::<u16>().ok())
    else {
        return true;
    };
    let opens = (1945 + session, 9);
    let next_opens = (1946 + session, 9);
    let at = (date.year, date.month);
    opens <= at && at <= next_opens
}

/// Whether a body numbers its resolutions in this form.
fn fits(body: Body, form: Form) -> bool {
    match body {
        Body::GeneralAssembly => matches!(form, Form::Session | Form::Old),
        Body::SecurityCouncil => form == Form::Council,
        Body::HumanRightsCouncil => form == Form::Session,
        Body::EconomicAndSocialCouncil => matches!(form, Form::Year | Form::Old),
    }
}

/// A resolution number at `at`, not glued to more digits or letters.
fn number_at(text: &str, at: usize) -> Option<(Form, String, usize)> {
    let caps = NUMBER.captures(&text[at..])?;
    let end = at + caps[0].len();
    let glued = text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '/');
    if glued {
        return None;
    }
    let form = if caps.name("year").is_some() {
        Form::Year
    } else if caps.name("council").is_some() {
        Form::Council
    } else if caps.name("session").is_some() {
        Form::Session
    } else {
        Form::Old
    };
    Some((form, caps[0].to_string(), end))
}

/// Part letters after a number ("A", "A and B", "A to C", "A-C"), advancing `end` past them.
fn parts_at(text: &str, end: &mut usize) -> Vec<String> {
    let Some(caps) = PARTS.captures(&text[*end..]) else {
        return Vec::new();
    };
    let after = *end + caps[0].len();
    if text[after..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return Vec::new();
    }
    *end = after;
    let letters: Vec<char> = caps[0].chars().filter(char::is_ascii_uppercase).collect();
    let range = caps[2].contains(" to ") || caps[2].starts_with('-');
    match (range, letters.as_slice()) {
        (true, [first, last]) => (*first..=*last).map(String::from).collect(),
        _ => letters.into_iter().map(String::from).collect(),
    }
}

fn prefix(before: &str) -> Prefix {
    let before = before.trim_end_matches([' ', '\u{a0}']);
    for body in [
        Body::GeneralAssembly,
        Body::SecurityCouncil,
        Body::HumanRightsCouncil,
        Body::EconomicAndSocialCouncil,
    ] {
        if before.ends_with(body.name()) {
            return Prefix::Named(body);
        }
    }
    let mut name = before.rsplit([' ', '\u{a0}']).take_while(|w| {
        w.starts_with(char::is_uppercase) || ["on", "and", "of", "for"].contains(w)
    });
    if before.ends_with(" its") || before == "its" {
        Prefix::Own
    } else if name.any(foreign_organ) {
        Prefix::Foreign
    } else {
        Prefix::Bare
    }
}

/// A word naming another organ: "Commission" (on Human Rights), "Environment Assembly", an
/// acronym such as "UNEA".
fn foreign_organ(word: &str) -> bool {
    const ORGANS: [&str; 8] = [
        "Assembly",
        "Council",
        "Commission",
        "Conference",
        "Board",
        "Committee",
        "Organization",
        "Forum",
    ];
    let word = word.trim_start_matches(['(', '“', '"']);
    let acronym = word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase());
    acronym || ORGANS.iter().any(|o| word.ends_with(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    /// Body, number, parts, date and group of each reference.
    type Found = (Body, String, Vec<String>, Option<String>, usize);

    fn refs(paragraph: &str) -> Vec<Found> {
        let text = format!("The General Assembly,\n\n*Recalling* {paragraph},\n");
        let doc = Document::parse(text, Format::Markdown);
        references(&doc)
            .into_iter()
            .map(|r| {
                let date = r.date.map(|d| d.to_string());
                (r.body, r.number.to_string(), r.parts, date, r.group)
            })
            .collect()
    }

    #[test]
    fn lists_with_dates_and_parts() {
        let got = refs(
            "its resolutions 62/272 of 5 September 2008, 64/297 of 8 September 2010 and 74/92 A and B",
        );
        let numbers: Vec<&str> = got.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(numbers, ["62/272", "64/297", "74/92"]);
        assert_eq!(got[0].3.as_deref(), Some("5 September 2008"));
        assert_eq!(got[2].2, ["A", "B"]);
        assert!(got.iter().all(|r| r.4 == got[0].4));
    }

    #[test]
    fn bodies_from_prefix_and_form() {
        let got = refs(
            "Security Council resolution 1325 (2000), Human Rights Council resolution 26/8, Economic and Social Council resolution 2006/27, Commission on Human Rights resolution 2005/69 and resolution 2625 (XXV)",
        );
        let bodies: Vec<(Body, &str)> = got.iter().map(|r| (r.0, r.1.as_str())).collect();
        assert_eq!(
            bodies,
            [
                (Body::SecurityCouncil, "1325 (2000)"),
                (Body::HumanRightsCouncil, "26/8"),
                (Body::EconomicAndSocialCouncil, "2006/27"),
                (Body::GeneralAssembly, "2625 (XXV)"),
            ]
        );
    }

    fn numbers_of(got: &[Found], body: Body) -> Vec<&str> {
        got.iter()
            .filter(|r| r.0 == body)
            .map(|r| r.1.as_str())
            .collect()
    }

    #[test]
    fn another_bodys_list_carries_through_the_most_recent_of_which() {
        let got = refs(
            "Human Rights Council resolutions 49/2 of 31 March 2022 and 52/13 of 3 April 2023, the most recent of which being resolution 55/7 of 3 April 2024",
        );
        assert_eq!(
            numbers_of(&got, Body::HumanRightsCouncil),
            ["49/2", "52/13", "55/7"]
        );
        assert!(numbers_of(&got, Body::GeneralAssembly).is_empty());
    }

    #[test]
    fn its_is_the_body_named_before_in_the_clause() {
        let got = refs(
            "the decision of the Economic and Social Commission for Asia and the Pacific, at its seventy-third session, in its resolution 73/8 of 19 May 2017, and its resolution 71/1 of 21 October 2016; recalling also its resolution 70/1 of 25 September 2015",
        );
        assert_eq!(numbers_of(&got, Body::GeneralAssembly), ["70/1"]);
        let got = refs("the Human Rights Council, in its resolution 35/18 of 23 June 2017");
        assert_eq!(numbers_of(&got, Body::HumanRightsCouncil), ["35/18"]);
        let got = refs("the report of the Assembly and its resolution 75/1 of 21 September 2020");
        assert_eq!(numbers_of(&got, Body::GeneralAssembly), ["75/1"]);
    }

    #[test]
    fn a_body_named_after_the_reference_is_not_the_assembly() {
        let got = refs(
            "resolution 10/4 of 15 December 2023 of the Conference of the States Parties to the United Nations Convention against Corruption, and resolution 5/2 adopted by the United Nations Environment Assembly",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = refs("resolution 60/251 of 15 March 2006 of the General Assembly");
        assert_eq!(numbers_of(&got, Body::GeneralAssembly), ["60/251"]);
    }

    #[test]
    fn a_session_number_dated_outside_its_session_is_not_the_assemblys() {
        let got = refs(
            "resolutions 52/13 of 3 April 2023, 76/300 of 28 July 2022, 75/325 of 10 September 2021 and 5/1 of 2 March 2022",
        );
        assert_eq!(
            numbers_of(&got, Body::GeneralAssembly),
            ["76/300", "75/325"]
        );
        let got = refs("Economic and Social Council resolution 2023/5 of 7 June 2023");
        assert_eq!(numbers_of(&got, Body::EconomicAndSocialCouncil), ["2023/5"]);
    }

    #[test]
    fn spans_point_at_the_source() {
        let text =
            "The General Assembly,\n\n*Recalling* its resolution 59/166 of 20 December 2004,\n";
        let doc = Document::parse(text.to_string(), Format::Markdown);
        let r = &references(&doc)[0];
        assert_eq!(doc.slice(r.span), "59/166");
        assert_eq!(doc.slice(r.date_span.unwrap()), "20 December 2004");
        assert_eq!(doc.slice(r.full), "resolution 59/166 of 20 December 2004");
    }
}
