//! Slips found in adopted resolutions: small typing errors that survive editing because they
//! read almost right — a near miss of an instrument's name, an opening only partly in italics,
//! a footnote marker inside a word, a letter of another script, a label without its period,
//! stray punctuation at a paragraph's end, a capital after "and".

use super::{Context, Diagnostic, Edit, Kept, declare_rules};

use crate::model::{Document, LabelValue, ParagraphKind, PlaceCache, SectionKind};
use crate::precedent::mentions::in_quotes;
use crate::source::Span;
use crate::vocab::{Part, Vocabulary};
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

declare_rules! { "slips";
    /// An instrument's name differs by a small word from the name precedents use.
    ///
    /// **Why.** Official titles are cited exactly; "for" typed for "of", or a "United Nations"
    /// the title does not have, reads naturally and so survives every reading. Only names of
    /// four words or more that at least three precedents cite are compared, and only one
    /// confusable small word ("of", "for", "on", "in", "to", "against") or an added "United
    /// Nations" makes a near miss. Quoted titles, and longer names that are known themselves,
    /// are left alone.
    ///
    /// **Example.** "the Vienna Declaration and Programme for Action", for the Vienna
    /// Declaration and Programme of Action; "the United Nations Convention on Biological
    /// Diversity".
    ///
    /// **Fix.** "Use the precedents' name" writes the name as precedents do.
    INSTRUMENT_NAME_NEAR_MISS = "instrument-name-near-miss", Warning;

    /// Italics begin or end inside a word of the opening phrase.
    ///
    /// **Why.** The opening phrase is italicised whole; an asterisk one letter off leaves a
    /// letter upright, which shows in print.
    ///
    /// **Example.** `*Encourage*s States …`, `C*alls upon* …`.
    ///
    /// **Fix.** "Italicise whole words" moves the asterisks to the word boundaries.
    OPENING_PARTLY_ITALIC = "opening-partly-italic", Warning, markdown;

    /// A footnote marker stands inside a word.
    ///
    /// **Why.** A marker follows the word or punctuation it annotates; one between two
    /// letters splits the word in print and usually means the cursor slipped.
    ///
    /// **Example.** `a<sup>9</sup>nd`, or `doublin4g` in ODS text with a footnote 4.
    ///
    /// **Fix.** None offered: only the drafter knows which word the note belongs to.
    MARKER_INSIDE_WORD = "marker-inside-word", Warning;

    /// A letter of the Cyrillic or Greek script stands in English text.
    ///
    /// **Why.** Cyrillic "В", "А", "С" and Greek "Α", "Ο" look like Latin letters but are
    /// other characters: searches, symbols ("75/257 В") and links break on them. They come
    /// from text copied between language versions.
    ///
    /// **Example.** "resolution 75/257 В" typed with a Cyrillic В.
    ///
    /// **Fix.** "Use the Latin letter" replaces look-alike letters; other letters are left to
    /// the drafter.
    MIXED_SCRIPT = "mixed-script", Warning;

    /// An operative paragraph's number lacks its full stop.
    ///
    /// **Why.** Operative paragraphs are numbered "11." with a full stop; the number alone
    /// ("11 Decides"), a stop after the tab, a letter l for the digit 1, or a parenthesis
    /// ("11) Decides", as Model UN drafts number clauses) are typing slips.
    ///
    /// **Example.** `11 *Decides* to remain seized of the matter.`
    ///
    /// **Fix.** "Write the number with its full stop".
    LABEL_WITHOUT_PERIOD = "label-without-period", Warning;

    /// A paragraph ends with "; and,".
    ///
    /// **Why.** "; and" ends the last but one item of a list; the comma after it is left
    /// over from an edit.
    ///
    /// **Example.** `(a) To strengthen cooperation; and,`
    ///
    /// **Fix.** "Remove the comma".
    AND_COMMA_ENDING = "and-comma-ending", Warning;

    /// A paragraph introducing subparagraphs ends without a colon.
    ///
    /// **Why.** A chapeau ("Decides that the Committee shall:") ends with a colon so that its
    /// sentence runs into the subparagraphs; without it the chapeau reads as cut off.
    ///
    /// **Example.** `3. Decides that the Committee shall` followed by `(a) Meet annually;`.
    ///
    /// **Fix.** "Add a colon".
    CHAPEAU_WITHOUT_COLON = "chapeau-without-colon", Warning;

    /// A capital letter follows "and" inside a paragraph ("and It also …").
    ///
    /// **Why.** A paragraph is one clause of the resolution's sentence: after "and" comes a
    /// lower-case word. A capitalised pronoun or opening verb there is left over from joining
    /// two paragraphs. Names ("and Its Impact on Development") are not flagged: only pronouns
    /// and the vocabulary's opening phrases are.
    ///
    /// **Example.** `3. Welcomes the report, and It also requests …`
    ///
    /// **Fix.** "Use a lower-case letter".
    CAPITAL_AFTER_AND = "capital-after-and", Warning;
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    near_misses(cx, out);
    partly_italic(cx.doc, out);
    markers_inside_words(cx, out);
    mixed_script(cx.doc, out);
    labels(cx.doc, out);
    endings(cx.doc, out);
    capitals_after_and(cx, out);
}

fn near_misses(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(index), Some(scans)) = (cx.precedents, cx.scans()) else {
        return;
    };
    for (p, scan) in cx.doc.paragraphs.iter().zip(scans) {
        let text = p.text.as_str();
        for (id, range) in &scan.near {
            // A near miss inside a longer name that is itself known ("Declaration on
            // Principles of International Law …" holds "Declaration on Principles") is that
            // name.
            let overlaps =
                |(_, k): &(usize, Range<usize>)| k.start < range.end && range.start < k.end;
            if in_quotes(text, range.start) || scan.known.iter().any(overlaps) {
                continue;
            }
            let name = &index.instruments[*id].name;
            let span = p.text.source_span(Span::new(range.start, range.end));
            let written = cx.doc.slice(span);
            let d = Diagnostic::new(
                &INSTRUMENT_NAME_NEAR_MISS,
                span,
                format!("“{written}”: precedents name it the {name}"),
            );
            // A name across markup (italics, a marker) is left for the drafter to retype.
            let plain = !written.contains(['*', '<', '[', '\n']);
            out.push(if plain {
                d.fix("Use the precedents' name", vec![replace(span, name)])
            } else {
                d
            });
        }
    }
}

fn replace(span: Span, replacement: &str) -> Edit {
    Edit {
        span,
        replacement: replacement.to_string(),
    }
}

fn partly_italic(doc: &Document, out: &mut Vec<Diagnostic>) {
    for p in &doc.paragraphs {
        let Some(&italic) = p.italics.first() else {
            continue;
        };
        let text = p.text.as_str();
        let lead = text.len() - text.trim_start().len();
        let start = word_start(text, italic.start);
        let end = word_end(text, italic.end);
        if start > lead || (start == italic.start && end == italic.end) {
            continue;
        }
        let span = p.text.source_span(Span::new(start, end));
        let span = widen_over_asterisks(&doc.text, span);
        let words = doc.slice(span).replace('*', "");
        out.push(
            Diagnostic::new(
                &OPENING_PARTLY_ITALIC,
                span,
                format!("only part of “{words}” is in italics"),
            )
            .fix(
                "Italicise whole words",
                vec![replace(span, &format!("*{words}*"))],
            ),
        );
    }
}

/// Start of the word holding plain offset `at`.
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(at, |(i, _)| i)
}

/// End of the word holding the character before plain offset `at`.
fn word_end(text: &str, at: usize) -> usize {
    at + text[at..]
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(text.len() - at)
}

fn widen_over_asterisks(source: &str, span: Span) -> Span {
    let before = source[..span.start].trim_end_matches('*').len();
    let after = source.len() - source[span.end..].trim_start_matches('*').len();
    Span::new(before, after)
}

fn markers_inside_words(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let letter_before = |at: usize| {
        doc.text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    };
    let lower_after = |at: usize| {
        doc.text[at..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    };
    for m in &doc.markers {
        if letter_before(m.span.start) && lower_after(m.span.end) {
            out.push(inside_word(m.span, m.number));
        }
    }
    if doc.format == crate::model::Format::Ods {
        glued_numbers(cx, out);
    }
}

fn inside_word(span: Span, number: u32) -> Diagnostic {
    Diagnostic::new(
        &MARKER_INSIDE_WORD,
        span,
        format!("the marker of footnote {number} stands inside a word"),
    )
}

/// Numbers of one to three digits between two lower-case letters ("doublin4g"), as the regex
/// `\p{Ll}(\d{1,3})\p{Ll}` finds them one after another (a letter is not shared by two). A
/// regex that starts with a class of every lower-case letter has no literal to search for, and
/// ran over every character of a draft on each keystroke; digits are found a byte at a time.
fn glued_digits(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let (mut at, mut resume) = (0, 0);
    std::iter::from_fn(move || {
        while let Some(found) = bytes[at..].iter().position(u8::is_ascii_digit) {
            let start = at + found;
            let digits = bytes[start..].iter().take_while(|b| b.is_ascii_digit());
            let end = start + digits.count();
            at = end;
            let lower = |c: &char| c.is_lowercase();
            let before = text[..start].chars().next_back().filter(lower);
            let after = text[end..].chars().next().filter(lower);
            if let (Some(before), Some(after)) = (before, after)
                && end - start <= 3
                && start - before.len_utf8() >= resume
            {
                resume = end + after.len_utf8();
                return Some(start..end);
            }
        }
        None
    })
}

/// ODS text, where a marker is a bare number: a footnote's number between two lower-case
/// letters ("doublin4g") that no marker of the model took.
fn glued_numbers(cx: &Context, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let found = ranges_per_paragraph(
        cx,
        0,
        |kept| &kept.glued_digits,
        |text| glued_digits(text).collect(),
    );
    for (p, found) in doc.paragraphs.iter().zip(found) {
        let text = p.text.as_str();
        for digits in found.iter().cloned() {
            let Ok(number) = text[digits.clone()].parse::<u32>() else {
                continue;
            };
            let span = p.text.source_span(Span::new(digits.start, digits.end));
            let taken = doc
                .markers
                .iter()
                .any(|m| m.span.start <= span.start && span.end <= m.span.end);
            if !taken && doc.footnote(number).is_some() {
                out.push(inside_word(span, number));
            }
        }
    }
}

fn mixed_script(doc: &Document, out: &mut Vec<Diagnostic>) {
    let text = doc.text.as_str();
    let mut at = 0;
    // Greek and Cyrillic letters (U+0370–U+04FF) start with UTF-8 bytes 0xCD–0xD3: a byte scan
    // finds the few candidates without decoding the whole draft on every keystroke.
    while let Some(found) = find_greek_or_cyrillic_lead(&text.as_bytes()[at..]) {
        let start = at + found;
        let end = text[start..]
            .char_indices()
            .find(|(_, c)| !foreign(*c))
            .map_or(text.len(), |(i, _)| start + i);
        if end == start {
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        at = end;
        let span = Span::new(start, end);
        let run = doc.slice(span);
        let latin: Option<String> = run.chars().map(latin_twin).collect();
        let d = Diagnostic::new(
            &MIXED_SCRIPT,
            span,
            format!("“{run}” is not written in Latin letters"),
        );
        out.push(match latin {
            Some(latin) => d.fix(
                format!(
                    "Use the Latin letter{}",
                    if run.chars().count() > 1 { "s" } else { "" }
                ),
                vec![replace(span, &latin)],
            ),
            None => d,
        });
    }
}

/// The first byte that may start a Greek or Cyrillic letter (0xCD–0xD3). Blocks of 64 bytes
/// are tested whole, into one byte the compiler keeps in a vector register: most drafts have
/// no such byte at all.
fn find_greek_or_cyrillic_lead(bytes: &[u8]) -> Option<usize> {
    let is_lead = |b: &u8| b.wrapping_sub(0xCD) <= 0xD3 - 0xCD;
    let mut blocks = bytes.chunks_exact(64);
    let mut base = 0;
    for block in &mut blocks {
        if block.iter().fold(0u8, |any, b| any | u8::from(is_lead(b))) != 0 {
            return block.iter().position(is_lead).map(|i| base + i);
        }
        base += block.len();
    }
    blocks
        .remainder()
        .iter()
        .position(is_lead)
        .map(|i| base + i)
}

/// A Cyrillic or Greek letter.
fn foreign(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03ff}' | '\u{0400}'..='\u{04ff}') && c.is_alphabetic()
}

/// The Latin letter a Cyrillic or Greek one looks like.
fn latin_twin(c: char) -> Option<char> {
    const FOREIGN: &str = "АВСЕНІЈКМОРЅТХаеоріјсухΑΒΕΖΗΙΚΜΝΟΡΤΥΧο";
    const LATIN: &str = "ABCEHIJKMOPSTXaeopijcyxABEZHIKMNOPTYXo";
    FOREIGN
        .chars()
        .zip(LATIN.chars())
        .find(|(f, _)| *f == c)
        .map(|(_, l)| l)
}

fn labels(doc: &Document, out: &mut Vec<Diagnostic>) {
    for p in &doc.paragraphs {
        let Some(label) = &p.label else { continue };
        let LabelValue::Number {
            value,
            suffix: None,
        } = label.value
        else {
            continue;
        };
        let written = doc.slice(label.span);
        if well_formed(written) {
            continue;
        }
        // The separator stays: "232<TAB>." becomes "232.<TAB>".
        let gap: String = written.chars().filter(|c| c.is_whitespace()).collect();
        out.push(
            Diagnostic::new(
                &LABEL_WITHOUT_PERIOD,
                label.span,
                format!(
                    "paragraph {value} is numbered “{}”, not “{value}.”",
                    written.trim()
                ),
            )
            .fix(
                "Write the number with its full stop",
                vec![replace(label.span, &format!("{value}.{gap}"))],
            ),
        );
    }
}

/// "12." (or "12\\." in Markdown). The common case, digits and a full stop, is told without
/// the regex, which would otherwise run on every numbered paragraph of every keystroke.
fn well_formed(label: &str) -> bool {
    let digits = label.strip_suffix('.').unwrap_or_default();
    let plain = (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    plain || WELL_FORMED_LABEL.is_match(label)
}

static WELL_FORMED_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}\\?\.$").unwrap());

fn endings(doc: &Document, out: &mut Vec<Diagnostic>) {
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let text = p.text.as_str().trim_end();
        if let Some(stem) = text.strip_suffix("; and,") {
            let comma = p.text.source_span(Span::new(stem.len() + 5, text.len()));
            out.push(
                Diagnostic::new(&AND_COMMA_ENDING, comma, "the paragraph ends with “; and,”")
                    .fix("Remove the comma", vec![replace(comma, "")]),
            );
        }
        let chapeau = doc
            .paragraphs
            .get(i + 1)
            .is_some_and(|next| next.parent() == Some(i));
        if chapeau && text.ends_with(char::is_alphabetic) && in_resolution(doc, i) {
            let end = p.text.source_span(Span::new(text.len(), text.len()));
            out.push(
                Diagnostic::new(
                    &CHAPEAU_WITHOUT_COLON,
                    end,
                    "the paragraph introduces subparagraphs but ends without a colon",
                )
                .fix("Add a colon", vec![replace(end, ":")]),
            );
        }
    }
}

fn in_resolution(doc: &Document, paragraph: usize) -> bool {
    doc.sections[doc.paragraphs[paragraph].section()].kind == SectionKind::Resolution
}

/// Pronouns that never start a name.
const PRONOUNS: [&str; 5] = ["It", "They", "This", "These", "We"];

/// The capitalised words after a whole word "and" and spaces (`\band[ \u{a0}]+(\p{Lu}\p{Ll}+)\b`
/// as a regex): "and" is so common that a regex search from each of its places costs more
/// than all the other slips together.
fn capitals_after_and_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    memchr::memmem::find_iter(text.as_bytes(), b"and").filter_map(move |at| {
        if text[..at].chars().next_back().is_some_and(word_char) {
            return None;
        }
        let after = &text[at + 3..];
        let rest = after.trim_start_matches([' ', '\u{a0}']);
        let mut chars = rest.chars();
        if rest.len() == after.len() || !chars.next()?.is_uppercase() {
            return None;
        }
        let tail = chars.as_str();
        let lower = tail.len() - tail.trim_start_matches(char::is_lowercase).len();
        let start = text.len() - rest.len();
        let end = text.len() - tail.len() + lower;
        let whole = lower > 0 && !text[end..].chars().next().is_some_and(word_char);
        whole.then_some(start..end)
    })
}

/// What `find` finds in each paragraph's text, through the cache `of` picks from what the
/// previous check kept (under `key`, [`Context::per_paragraph`]), so that an editor searches
/// only the paragraph a keystroke changed. Paragraphs where nothing is found share one empty
/// list.
fn ranges_per_paragraph<'a>(
    cx: &Context<'a>,
    key: u64,
    of: impl FnOnce(&'a Kept) -> &'a PlaceCache<Arc<[Range<usize>]>>,
    find: impl Fn(&str) -> Vec<Range<usize>>,
) -> Vec<Arc<[Range<usize>]>> {
    let none: Arc<[Range<usize>]> = Arc::new([]);
    cx.per_paragraph(key, of, |text| {
        let found = find(text.as_str());
        if found.is_empty() {
            none.clone()
        } else {
            found.into()
        }
    })
}

fn capitals_after_and(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Whether a capital is a slip depends on the vocabulary of openings, and only on the
    // paragraph's text besides: told once per paragraph text, not on every keystroke.
    let slipped = |text: &str| {
        capitals_after_and_words(text)
            .filter(|r| slipped_capital(&cx.vocab, &text[r.start..], &text[r.clone()]))
            .collect()
    };
    let key = super::openings::vocabulary_key(cx.config);
    let found = ranges_per_paragraph(cx, key, |kept| &kept.capitals_after_and, slipped);
    for ((i, p), found) in cx.doc.paragraphs.iter().enumerate().zip(found) {
        let regular = matches!(
            p.kind,
            ParagraphKind::Preambular | ParagraphKind::Operative | ParagraphKind::Subparagraph
        );
        if !regular || !in_resolution(cx.doc, i) {
            continue;
        }
        let text = p.text.as_str();
        for range in found.iter().cloned() {
            let word = &text[range.clone()];
            let first = word.chars().next().expect("a word");
            let at = Span::new(range.start, range.start + first.len_utf8());
            let span = p.text.source_span(at);
            out.push(
                Diagnostic::new(
                    &CAPITAL_AFTER_AND,
                    span,
                    format!(
                        "“and {}” inside a paragraph: a lower-case letter follows “and”",
                        word
                    ),
                )
                .fix(
                    "Use a lower-case letter",
                    vec![replace(span, &first.to_lowercase().to_string())],
                ),
            );
        }
    }
}

/// Whether a capitalised word after "and" is a pronoun ("and It also requests") or an
/// operative opening ("and Requests the Secretary-General"), not a name.
fn slipped_capital(vocab: &Vocabulary, rest: &str, word: &str) -> bool {
    // "and Appeals Tribunal": a capital after the word makes a name.
    let next = rest[word.len()..]
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if next.starts_with(char::is_uppercase) {
        return false;
    }
    PRONOUNS.contains(&word)
        || vocab
            .find_opening(rest)
            .is_some_and(|(_, opening)| opening.part == Part::Operative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The block-wise search finds the first lead byte of a Greek or Cyrillic letter wherever
    /// it falls: in a whole block, at a block's edge, in the bytes after the last whole block.
    #[test]
    fn greek_and_cyrillic_leads_are_found_anywhere() {
        let latin = "the work done ".repeat(12);
        for at in [0, 1, 63, 64, 65, 127, 128, latin.len() - 1, latin.len()] {
            let text = format!("{}δ{}", &latin[..at], &latin[at..]);
            assert_eq!(
                find_greek_or_cyrillic_lead(text.as_bytes()),
                Some(at),
                "{at}"
            );
        }
        assert_eq!(find_greek_or_cyrillic_lead(latin.as_bytes()), None);
    }

    /// The definition, as a regex with Unicode word boundaries.
    static AND_CAPITAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\band[ \u{a0}]+(\p{Lu}\p{Ll}+)\b").unwrap());

    fn by_regex(text: &str) -> Vec<Range<usize>> {
        let words = AND_CAPITAL.captures_iter(text);
        words.map(|c| c.get(1).expect("group 1").range()).collect()
    }

    proptest! {
        #[test]
        fn capitals_after_and_as_the_regex_finds_them(
            text in "(and|And|x|Ab|Éa|ab|b|é|É|1|_| |\u{a0}|“|,|-){0,40}"
        ) {
            let found: Vec<_> = capitals_after_and_words(&text).collect();
            prop_assert_eq!(found, by_regex(&text));
        }
    }

    /// The definition, as a regex.
    static GLUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Ll}(\d{1,3})\p{Ll}").unwrap());

    proptest! {
        #[test]
        fn glued_digits_as_the_regex_finds_them(text in "[ab1234Aéç \n,]{0,40}") {
            let by_regex: Vec<_> = GLUED.captures_iter(&text).map(|c| c.get(1).unwrap().range()).collect();
            prop_assert_eq!(glued_digits(&text).collect::<Vec<_>>(), by_regex);
        }
    }

    #[test]
    fn glued_digits_share_no_letter() {
        let text = "doublin4g a1b2c é12ç x1234y";
        let found: Vec<&str> = glued_digits(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["4", "1", "12"]);
    }

    #[test]
    fn capitals_after_and_in_a_sentence() {
        let text = "Mr. Brand and Requests, and\u{a0}Welcomes, and Appeals2, sand Ab and Éte";
        let words: Vec<&str> = capitals_after_and_words(text).map(|r| &text[r]).collect();
        assert_eq!(words, ["Requests", "Welcomes", "Éte"]);
    }
}
