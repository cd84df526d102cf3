//! Mentions of known instruments in running text, footnoted or not.
//!
//! Names are compared word by word in [`instrument::normalize`]'s form (lower case, no "the"),
//! longest name first from each word. A match counts only when the model's own reading of the
//! name ending there ([`instrument::name_before`]) is the same instrument, so "the Convention on
//! the Rights of the Child" inside "the Optional Protocol to the Convention on the Rights of the
//! Child" is not a mention of the Convention.

use crate::model::Document;
use crate::model::instrument;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// A known name found in a paragraph's plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The instrument's id, as given to [`Matcher::new`].
    pub instrument: usize,
    pub paragraph: usize,
    /// Plain-text range of the name in the paragraph.
    pub range: Range<usize>,
    /// Whether a footnote marker stands for it: right after the name, or after the name and a
    /// short "and the Optional Protocols thereto" that shares the note.
    pub footnoted: bool,
}

/// Finds the names of a set of instruments in text.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Names by their first word: (words, instrument id), longest first.
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// Words of a text in `normalize`'s form, with their byte ranges. Most words are already
/// lower case and are borrowed, not copied: this runs over every paragraph on every keystroke.
fn words(text: &str) -> Vec<(Cow<'_, str>, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = &text[s..i];
                if !w.eq_ignore_ascii_case("the") {
                    let word = if w.chars().any(char::is_uppercase) {
                        Cow::Owned(w.to_lowercase())
                    } else {
                        Cow::Borrowed(w)
                    };
                    out.push((word, s..i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Matcher {
    /// A matcher for normalised names (see [`instrument::normalize`]) with their ids.
    pub fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (id, key) in names {
            let ws: Vec<String> = key.split(' ').map(str::to_string).collect();
            if let Some(first) = ws.first() {
                by_first.entry(first.clone()).or_default().push((ws, id));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(ws, _)| std::cmp::Reverse(ws.len()));
        }
        Matcher { by_first }
    }

    /// Known names in one text, left to right, not overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let ws = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            match self.longest_at(text, &ws, i) {
                Some((id, len)) => {
                    out.push((id, ws[i].1.start..ws[i + len - 1].1.end));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn longest_at(
        &self,
        text: &str,
        ws: &[(Cow<'_, str>, Range<usize>)],
        i: usize,
    ) -> Option<(usize, usize)> {
        let candidates = self.by_first.get(ws[i].0.as_ref())?;
        candidates.iter().find_map(|(name, id)| {
            let matches = ws.len() - i >= name.len()
                && name
                    .iter()
                    .zip(&ws[i..])
                    .all(|(a, (b, _))| a.as_str() == b.as_ref());
            let range = ws[i].1.start..ws.get(i + name.len() - 1)?.1.end;
            (matches && same_name(text, range, name)).then_some((*id, name.len()))
        })
    }

    /// Every mention of a known instrument in the document's paragraphs.
    pub fn mentions(&self, doc: &Document) -> Vec<Mention> {
        let mut out = Vec::new();
        for (p, para) in doc.paragraphs.iter().enumerate() {
            let text = para.text.as_str();
            let markers: Vec<usize> = doc.markers[para.markers.clone()]
                .iter()
                .map(|m| m.plain_at)
                .collect();
            for (instrument, range) in self.find(text) {
                let footnoted = footnoted(text, range.end, &markers);
                out.push(Mention {
                    instrument,
                    paragraph: p,
                    range,
                    footnoted,
                });
            }
        }
        out
    }
}

/// Whether the name ending at `range.end` reads as exactly `name`, and not as a longer name
/// containing it.
fn same_name(text: &str, range: Range<usize>, name: &[String]) -> bool {
    let Some((found, _)) = super::names::name_at(text, 0, range.end) else {
        return false;
    };
    let found = instrument::normalize(&text[found]);
    found.split(' ').eq(name.iter().map(String::as_str))
}

/// Whether `at` lies inside a quotation ("entitled “Transforming our world: the 2030 Agenda for
/// Sustainable Development”"), where a title is quoted rather than an instrument cited.
pub fn in_quotes(text: &str, at: usize) -> bool {
    let before = &text[..crate::source::floor_char_boundary(text, at)];
    before.matches('“').count() > before.matches('”').count()
}

/// Whether a marker stands for the name ending at `end`: right after it (past closing quotes
/// and commas, or a date: "Agenda 21 of 14 June 1992³"), or after a short joined phrase without
/// punctuation ("and the Optional Protocols thereto") whose note covers both.
pub(crate) fn footnoted(text: &str, end: usize, markers: &[usize]) -> bool {
    let Some(&next) = markers.iter().find(|&&m| m >= end) else {
        return false;
    };
    let between =
        text[end..next].trim_end_matches(|c: char| c.is_whitespace() || ",”\"’".contains(c));
    let joined = between.len() <= 120
        && !between.contains([',', ';', '.', ':', '('])
        && between.trim_start().starts_with("and ");
    between.is_empty() || DATED.is_match(between) || joined
}

static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?[ \u{a0}]+of[ \u{a0}]+(?:\d{1,2}[ \u{a0}]+[A-Z][a-z]+[ \u{a0}]+)?\d{4}$")
        .unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_name_and_no_inner_match() {
        let m = Matcher::new([
            (0, "convention on rights of child"),
            (
                1,
                "optional protocol to convention on rights of child on sale of children child prostitution and child pornography",
            ),
        ]);
        let text = "the Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography and the Convention on the Rights of the Child";
        let found: Vec<usize> = m.find(text).into_iter().map(|(id, _)| id).collect();
        assert_eq!(found, [1, 0]);
        let only_child = Matcher::new([(0, "convention on rights of child")]);
        let found = only_child.find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].1.clone()],
            "Convention on the Rights of the Child"
        );
        assert!(found[0].1.start > 100);
    }

    #[test]
    fn footnoted_mentions() {
        assert!(footnoted("the Convention, and", 14, &[15]));
        assert!(footnoted(
            "the Convention and the Optional Protocols thereto",
            14,
            &[49]
        ));
        assert!(!footnoted("the Convention, the Covenant", 14, &[28]));
        assert!(!footnoted("the Convention", 14, &[]));
        assert!(footnoted("the Agenda 21 of 14 June 1992", 13, &[29]));
    }
}
