//! What the corpus knows of the resolutions it cites, held or not: which of its resolutions
//! cite each one, and the adoption date they agree on. Drafts mostly cite resolutions older
//! than any corpus; their dates are still known from how later resolutions cite them.

use super::index::StoredReference;
use super::{Body, Date};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// A resolution as the corpus cites it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cited {
    /// Resolutions of the corpus that cite it (indices into the index's resolutions, each once,
    /// in corpus order).
    pub by: Vec<u32>,
    /// The adoption date the citing resolutions agree on, if they do (see [`agreed_date`]).
    pub date: Option<Date>,
}

/// Fewest citing resolutions that must give a date before it is trusted: one text's slip is
/// not the record.
const MIN_AGREEING: usize = 2;

/// A cited resolution: body, number and part letters ("46/36 L" and "46/36 F" were adopted
/// on different days).
pub type CitedKey = (Body, String, Vec<String>);

/// Cited resolutions by body, number and parts, from every reference in the corpus. The
/// references are visited grouped by what they cite, so that only the result is held beside
/// them (a `check` loads the index first, issue 14).
pub(crate) fn tally(references: &[StoredReference]) -> FxHashMap<CitedKey, Cited> {
    let key = |i: &u32| {
        let r = &references[*i as usize];
        (r.body, r.number.as_str(), r.parts.as_slice())
    };
    let mut order: Vec<u32> = (0..).take(references.len()).collect();
    // Stable: each group keeps corpus order.
    order.sort_by(|a, b| key(a).cmp(&key(b)));
    let groups = || order.chunk_by(|a, b| key(a) == key(b));
    // Sized once: a map that doubles holds its old table beside the new one, the peak of
    // loading the index.
    let mut out = FxHashMap::with_capacity_and_hasher(groups().count(), Default::default());
    let mut given = Vec::new();
    for group in groups() {
        let mut cited = Cited::default();
        given.clear();
        for r in group.iter().map(|&i| &references[i as usize]) {
            if !cited.by.contains(&r.from) {
                cited.by.push(r.from);
            }
            if let Some(date) = r.date.filter(|d| !given.contains(&(*d, r.from))) {
                given.push((date, r.from));
            }
        }
        cited.date = agreed_date(&given);
        cited.by.shrink_to_fit();
        let (body, number, parts) = key(&group[0]);
        out.insert((body, number.to_string(), parts.to_vec()), cited);
    }
    out
}

/// The date given by at least [`MIN_AGREEING`] citing resolutions and by at least four in
/// five of those that give one: parts of a resolution adopted on different days, or a
/// corpus that disagrees with itself, give no date rather than a wrong one.
fn agreed_date(given: &[(Date, u32)]) -> Option<Date> {
    let mut counts: HashMap<Date, usize> = HashMap::new();
    for (date, _) in given {
        *counts.entry(*date).or_default() += 1;
    }
    let (date, agreeing) = counts.into_iter().max_by_key(|&(d, n)| (n, d))?;
    (agreeing >= MIN_AGREEING && agreeing * 5 >= given.len() * 4).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u8) -> Date {
        Date {
            year: 2004,
            month: 12,
            day,
        }
    }

    #[test]
    fn a_date_needs_agreement() {
        assert_eq!(agreed_date(&[(date(20), 1), (date(20), 2)]), Some(date(20)));
        assert_eq!(agreed_date(&[(date(20), 1)]), None, "one citing text");
        let mostly = [(20, 1), (20, 2), (20, 3), (20, 4), (21, 5)].map(|(d, f)| (date(d), f));
        assert_eq!(agreed_date(&mostly), Some(date(20)));
        let split = [(20, 1), (20, 2), (21, 3)].map(|(d, f)| (date(d), f));
        assert_eq!(agreed_date(&split), None);
    }
}
