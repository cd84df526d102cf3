//! The precedent index: what prior resolutions say about the instruments and resolutions a
//! draft cites.
//!
//! [`index`] reads folders of adopted resolutions (the bundled corpus and the user's own) into a
//! [`PrecedentIndex`]: each resolution's symbol, title, date, body and positions; each cited
//! instrument with its footnote citations; each reference to a resolution in running text.
//! [`references`] finds resolution references in any document, [`mentions`] finds known
//! instrument names, and [`lookup`] answers the editor's questions (hover, definition,
//! symbols, completion). Nothing here knows about LSP.

mod bundled;
pub(crate) mod cache;
pub mod cited;
pub mod clean;
mod designations;
pub mod index;
pub mod known;
pub mod lookup;
pub mod mentions;
pub mod names;
mod near;
pub mod references;
pub(crate) mod words;

pub use crate::model::Body;
pub use bundled::{bundled_corpus_dir, unpacked_corpus_dir};
pub use cache::{Origin, cache_dir, corpus_folders, is_corpus_file};
pub use cited::Cited;
pub use index::{CitedPlace, Instrument, PrecedentIndex, Resolution, StoredReference};
pub use references::{RefPlace, ResolutionRef};

use serde::{Deserialize, Serialize};
use std::fmt;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date as resolutions print it ("20 December 2004"); stored as ISO 8601.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Reads "20 December 2004" (any run of spaces between the parts).
    pub fn parse_text(s: &str) -> Option<Date> {
        let mut parts = s.split_whitespace();
        let day: u8 = parts.next()?.parse().ok()?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as u8 + 1;
        let year: u16 = parts.next()?.parse().ok()?;
        let valid = parts.next().is_none() && (1..=31).contains(&day) && year >= 1945;
        valid.then_some(Date { year, month, day })
    }

    /// Reads "2004-12-20".
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        let valid = parts.next().is_none() && (1..=12).contains(&month) && (1..=31).contains(&day);
        valid.then_some(Date { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let month = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
        write!(f, "{} {month} {}", self.day, self.year)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.iso()
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Date, String> {
        Date::parse_iso(&s).ok_or_else(|| format!("not a date: {s}"))
    }
}

/// The official link to a document: `https://undocs.org/en/A/RES/59/166`.
pub fn undocs_link(symbol: &str) -> String {
    format!("https://undocs.org/en/{}", symbol.replace(' ', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let d = Date::parse_text("20 December 2004").unwrap();
        assert_eq!(d.to_string(), "20 December 2004");
        assert_eq!(Date::parse_iso(&d.iso()), Some(d));
        assert_eq!(Date::parse_text("20 Decembre 2004"), None);
    }

    #[test]
    fn symbols() {
        assert_eq!(Body::GeneralAssembly.symbol("59/166"), "A/RES/59/166");
        assert_eq!(
            Body::SecurityCouncil.symbol("1325 (2000)"),
            "S/RES/1325(2000)"
        );
        assert_eq!(
            undocs_link("A/RES/75/242 B"),
            "https://undocs.org/en/A/RES/75/242B"
        );
    }
}
