//! Instrument names in running text: the name that a footnote marker follows ("the
//! Convention on the Rights of the Child3"), with "the Optional Protocol thereto" resolved
//! to the full name from the instrument cited just before it.

use super::Document;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Conventions?|Covenants?|Protocols?|Declaration|Charter|Agreement|Treaty|Statute|Agenda|Programme|Plan|Platform|Principles|Guidelines|Rules|Strateg(?:y|ies)|Instruments?|Framework|Compact|Consensus|Code|Standards|Accord|Pact|Commitments?|Constitution|Regulations|Recommendations?|Outcome|Pathway|Roadmap)\b").unwrap()
});
/// Words that join a title to the instrument it belongs to ("Protocol … supplementing the
/// United Nations Convention …", "Optional Protocol to the Convention …").
static JOINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:supplementing|to|of|on|under|relating to|concerning|and)\s+(?:the\s+)?$")
        .unwrap()
});

/// Most words between a title word and the joiner that ties its name to a larger one: the
/// Firearms Protocol's "against the Illicit Manufacturing of and Trafficking in Firearms, Their
/// Parts and Components and Ammunition," before "supplementing the" takes fifteen.
const MAX_JOINED_GAP: usize = 20;

/// The instrument name that ends just before plain offset `at` of `text`, as a range of `text`.
/// The name starts no earlier than `floor` (where the previous marker stood).
pub fn name_before(text: &str, floor: usize, at: usize) -> Option<Range<usize>> {
    let at = crate::source::floor_char_boundary(text, at);
    let floor = crate::source::floor_char_boundary(text, floor.min(at));
    let end = text[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:”\"’".contains(c))
        .len()
        .max(floor);
    let floor = clause_start(text, floor, end);
    let floor = floor.max(crate::source::floor_char_boundary(
        text,
        end.saturating_sub(400),
    ));
    let window = &text[floor..end];
    let head = HEAD.find_iter(window).last()?;
    let mut start = floor + run_start(window, head.start());
    loop {
        let before = &text[floor..start];
        let Some(joiner) = JOINER.find(before) else {
            break;
        };
        let Some(earlier) = HEAD
            .find_iter(&before[..joiner.start()])
            .last()
            .filter(|m| !before[m.end()..joiner.start()].contains(['.', '(']))
        else {
            break;
        };
        let gap = &before[earlier.end()..joiner.start()];
        if gap.split_whitespace().count() > MAX_JOINED_GAP {
            break;
        }
        start = floor + run_start(before, earlier.start());
    }
    let name = text[start..end].trim();
    (name.split_whitespace().count() >= 1).then(|| {
        let lead = text[start..].len() - text[start..].trim_start().len();
        start + lead..start + lead + name.len()
    })
}

/// Where the clause holding `text[floor..end]` starts: after its last semicolon or colon, but
/// for the colon of a title's subtitle, which follows a capitalised word ("Political
/// Declaration on HIV and AIDS: On the Fast Track …", "Doha Declaration on Financing for
/// Development: outcome document of …").
fn clause_start(text: &str, floor: usize, end: usize) -> usize {
    let mut window = &text[floor..end];
    while let Some(i) = window.rfind([';', ':']) {
        let capitalised = window[..i]
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if window[i..].starts_with(';') || !capitalised {
            return floor + i + 1;
        }
        window = &window[..i];
    }
    floor
}

/// Start of the run of capitalised words that ends at `at`, with the words of a parenthesised
/// part of the name ("Discrimination (Employment and Occupation) Convention").
fn run_start(s: &str, at: usize) -> usize {
    let mut start = at;
    let mut open = 0usize;
    for word in s[..at].split_inclusive(' ').rev() {
        let w = word.trim();
        let closes = w.matches(')').count();
        let opens = w.matches('(').count();
        let inside = open > 0 || closes > opens;
        let capitalised = w
            .trim_start_matches('(')
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if (inside || capitalised) && !w.ends_with([',', ';', '.']) {
            start -= word.len();
            open = (open + closes).saturating_sub(opens);
        } else {
            break;
        }
    }
    if open > 0 {
        // A parenthesis that does not open within the run: not part of a name.
        return at;
    }
    start
}

/// Lower-case, article-free form for comparing two names.
pub fn normalize(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("the"))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// For each marker (index-aligned with [`Document::markers`]): its paragraph, that paragraph's
/// plain text, where a name before it may start (after the previous marker in the same
/// paragraph), and where the marker stands. `None` for markers outside paragraphs (a title's).
pub fn marker_windows(doc: &Document) -> impl Iterator<Item = Option<(usize, &str, usize, usize)>> {
    let mut floor = (usize::MAX, 0);
    doc.markers.iter().map(move |marker| {
        let p = marker.paragraph?;
        let start = if floor.0 == p { floor.1 } else { 0 };
        floor = (p, marker.plain_at);
        Some((p, doc.paragraphs[p].text.as_str(), start, marker.plain_at))
    })
}

/// "the Optional Protocol thereto" → "the Optional Protocol to the <base>"; unchanged without
/// a base or without "thereto".
pub fn resolve_thereto(written: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if written.contains(" thereto") => {
            written.replacen(" thereto", &format!(" to the {base}"), 1)
        }
        _ => written.to_string(),
    }
}

/// The instrument named before each marker of the document (index-aligned with
/// [`Document::markers`]), with "thereto" resolved.
pub fn marker_names(doc: &Document) -> Vec<Option<String>> {
    marker_names_reading(doc, |_, text, floor, at| name_before(text, floor, at))
}

/// [`marker_names`], with `read(paragraph, text, floor, at)` reading the name before a marker
/// ([`name_before`], or a memo of it).
pub fn marker_names_reading(
    doc: &Document,
    read: impl Fn(usize, &str, usize, usize) -> Option<Range<usize>>,
) -> Vec<Option<String>> {
    let mut previous: Option<String> = None;
    marker_windows(doc)
        .map(|window| {
            let (p, text, start, at) = window?;
            let name =
                read(p, text, start, at).map(|r| resolve_thereto(&text[r], previous.as_deref()))?;
            if !name.contains(" thereto") {
                previous = Some(name.clone());
            }
            Some(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> String {
        let at = text.len();
        name_before(text, 0, at)
            .map(|r| text[r].to_string())
            .unwrap_or_default()
    }

    #[test]
    fn finds_the_full_title() {
        assert_eq!(
            name(
                "such as the Convention on the Elimination of All Forms of Discrimination against Women"
            ),
            "Convention on the Elimination of All Forms of Discrimination against Women"
        );
        assert_eq!(
            name(
                "in particular the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime,"
            ),
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime"
        );
        assert_eq!(
            name("and the Optional Protocol thereto,"),
            "Optional Protocol thereto"
        );
        assert_eq!(
            name("as well as the Forced Labour Convention, 1930 (No. 29)"),
            "Forced Labour Convention, 1930 (No. 29)"
        );
    }
}
