//! Instrument names as the index keeps them.
//!
//! The model's [`instrument::name_before`] takes the text from the last title word ("Convention",
//! "Agenda", …) before a marker up to the marker. Before a name goes into the index it is checked
//! and trimmed here, because a marker at the end of a clause would otherwise make the clause an
//! instrument ("… Convention against Corruption and by the Implementation Review Group, and
//! urges …"), two instruments joined by "and the" would make one ("Charter of the United Nations
//! and the Universal Declaration of Human Rights"), and a name behind "(SAMOA)" or an opening
//! quote would be cut short ("Pathway").

use crate::model::Document;
use crate::model::instrument;
use std::ops::Range;

/// The instrument a footnote marker follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkerName {
    /// The name, with "thereto" resolved ("Optional Protocol to the Convention on …").
    pub name: String,
    /// Where it is written in the paragraph's plain text.
    pub range: Range<usize>,
}

/// Lower-case words that titles contain; any other lower-case word means running text.
const TITLE_WORDS: [&str; 29] = [
    "of",
    "on",
    "the",
    "and",
    "to",
    "for",
    "against",
    "in",
    "at",
    "by",
    "with",
    "between",
    "from",
    "relating",
    "concerning",
    "supplementing",
    "relative",
    "under",
    "their",
    "its",
    "all",
    "or",
    "a",
    "an",
    "upon",
    "into",
    "including",
    "especially",
    "as",
];

/// Where a name is followed by how it came about rather than by more of itself.
const TAILS: [&str; 6] = [
    ", adopted ",
    " adopted ",
    ", held ",
    " held ",
    ", signed ",
    " done at ",
];

/// What joins an amended instrument to the one amending it.
const AMENDED: &str = " as amended by the ";

/// Where a list of instruments separates one from the next.
const SEPARATORS: [&str; 7] = [
    ", and the ",
    " and the ",
    ", as well as the ",
    " as well as the ",
    ", together with the ",
    " together with the ",
    ", the ",
];

/// The instrument named before each marker (aligned with [`Document::markers`]).
pub fn marker_names(doc: &Document) -> Vec<Option<MarkerName>> {
    marker_names_reading(doc, |_, text, floor, at| name_at(text, floor, at))
}

/// [`name_at`]'s answer: the name's range and, for the last of a list, the name before it.
pub type NameAt = Option<(Range<usize>, Option<Range<usize>>)>;

/// [`marker_names`], with `read(paragraph, text, floor, at)` reading the name at a marker
/// ([`name_at`], or a memo of it).
pub fn marker_names_reading(
    doc: &Document,
    read: impl Fn(usize, &str, usize, usize) -> NameAt,
) -> Vec<Option<MarkerName>> {
    let mut previous: Option<String> = None;
    instrument::marker_windows(doc)
        .map(|window| {
            let (p, text, start, at) = window?;
            if start == 0 {
                // "Thereto" leans on an instrument of its own paragraph: one named paragraphs
                // before is another subject ("the two Protocols thereto" after a name not read).
                previous = None;
            }
            let found = read(p, text, start, at).map(|(range, antecedent)| {
                let base = antecedent
                    .map(|a| text[a].to_string())
                    .or_else(|| previous.clone());
                let name = instrument::resolve_thereto(&text[range.clone()], base.as_deref());
                MarkerName { name, range }
            });
            // "Thereto" leans on the instrument of the marker before; when that marker's name
            // could not be read ("the Geneva Conventions of 12 August 1949"), it stays
            // unresolved.
            match &found {
                Some(found) if found.name.contains(" thereto") => {}
                Some(found) => previous = Some(found.name.clone()),
                None => previous = None,
            }
            found
        })
        .collect()
}

/// The instrument name ending at plain offset `at` (no earlier than `floor`), and, for the last
/// of a list ("X and the Optional Protocol thereto"), the name before it.
pub fn name_at(text: &str, floor: usize, at: usize) -> NameAt {
    if let Some(title) = quoted_title(text, floor, at) {
        return Some((title, None));
    }
    let found = with_parenthesis(text, floor, instrument::name_before(text, floor, at)?);
    if let Some(amended) = text[floor.min(found.start)..found.start].strip_suffix(AMENDED) {
        // "the Single Convention … of 1961 as amended by the 1972 Protocol": the marker stands
        // for the instrument amended.
        return name_at(text, floor, floor.min(found.start) + amended.len());
    }
    let start = extend_left(text, floor.min(found.start), found.start);
    let mut range = start..found.end;
    if let Some(cut) = tail_start(&text[range.clone()]) {
        // "… Pathway on 27 September 2019 and the adoption … of its political declaration":
        // the marker stands for the last thing named, not the first.
        if text[range.start + cut..range.end].contains(" and the ") {
            return None;
        }
        range.end = range.start + cut;
    }
    let (range, antecedent) = last_of_list(text, range);
    let range = trim(text, range);
    let whole = is_title(&text[range.clone()])
        && !inside_larger_name(&text[floor.min(range.start)..range.start]);
    whole.then_some((range, antecedent))
}

/// A title in quotes after "entitled" that the marker follows ("the outcome document …,
/// entitled “The future we want”,"): the quotes mark where the name starts and ends, so its
/// lower-case words do not make it running text.
fn quoted_title(text: &str, floor: usize, at: usize) -> Option<Range<usize>> {
    let at = crate::source::floor_char_boundary(text, at);
    let floor = crate::source::floor_char_boundary(text, floor.min(at));
    let inner = text[floor..at]
        .trim_end_matches([',', ';', ':', '.', ' '])
        .strip_suffix(['”', '"'])?;
    let open = inner.rfind(['“', '"'])?;
    let quote = inner[open..].chars().next()?.len_utf8();
    let entitled = inner[..open].trim_end().ends_with("entitled");
    let title = &inner[open + quote..];
    (entitled && title.starts_with(char::is_uppercase))
        .then(|| floor + open + quote..floor + inner.len())
}

/// A name read from inside a parenthesised short name ("Nelson Mandela Rules)") extended to
/// the full name before the parenthesis ("United Nations Standard Minimum Rules for the
/// Treatment of Prisoners (the Nelson Mandela Rules)").
fn with_parenthesis(text: &str, floor: usize, found: Range<usize>) -> Range<usize> {
    let name = &text[found.clone()];
    if name.matches(')').count() <= name.matches('(').count() {
        return found;
    }
    let full = text[..found.start]
        .rfind('(')
        .filter(|&open| open >= floor)
        .and_then(|open| instrument::name_before(text, floor, open));
    full.map_or(found.clone(), |full| full.start..found.end)
}

/// Whether the text before a name shows it is part of a larger name that the marker stands
/// for: "Kigali Amendment to the", "Conference of the States Parties to the", "Implementation of
/// the", "Scientific and Cultural Organization", ", supplementing the", "as amended by the", or
/// a subtitle after a colon ("…: Towards the Achievement of the").
pub(crate) fn inside_larger_name(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
    let capital = |w: &&str| w.starts_with(char::is_uppercase);
    let title_word = |w: &&str| capital(w) || TITLE_WORDS.contains(w);
    let joined = match words.as_slice() {
        // "article VI of the Treaty …" cites the treaty; "Part XI of the Convention" is a name.
        ["the", "of", numeral, article, ..] if is_numeral(numeral) => capital(article),
        ["the", "to" | "of", owner, ..] => capital(owner),
        ["the", "supplementing", ..] | ["the", "by", "amended", ..] => true,
        ["the", owner, before, ..] => {
            capital(owner) && !owner.ends_with([',', ';']) && title_word(before)
        }
        ["and", owner, ..] => capital(owner) && !owner.ends_with(','),
        _ => false,
    };
    joined || subtitle(before)
}

/// A Roman numeral ("VI"); a year ("in force on 19 August 2010 of the") is not one.
fn is_numeral(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| "IVXLC".contains(c))
}

/// Whether `before` ends inside a title's subtitle: a colon followed only by title words.
fn subtitle(before: &str) -> bool {
    let Some(colon) = before.rfind(':') else {
        return false;
    };
    let tail = &before[colon + 1..];
    let mut words = tail.split_whitespace();
    words
        .clone()
        .next()
        .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.all(|w| w.starts_with(char::is_uppercase) || TITLE_WORDS.contains(&w))
}

/// Where a name ends and a description of it starts: "…, adopted by …", "… held in …",
/// "… on 13 September 1993 by …", or the issuing organization ("… Guidelines on Bycatch
/// Management … of the Food and Agriculture Organization of the United Nations"; a short name
/// such as "Constitution of the World Health Organization" keeps it).
fn tail_start(name: &str) -> Option<usize> {
    let dated = name
        .match_indices(" on ")
        .map(|(i, _)| i)
        .find(|&i| name[i + 4..].starts_with(|c: char| c.is_ascii_digit()));
    let issuer = name
        .find(" of the ")
        .filter(|&i| name[i..].contains("Organization") && name[..i].split(' ').count() >= 4);
    TAILS
        .iter()
        .filter_map(|t| name.find(t))
        .chain(dated)
        .chain(issuer)
        .min()
}

/// Takes in what `name_before` stops at: an acronym in parentheses ("… of Action (SAMOA)
/// Pathway") or an opening quote ("“Istanbul Programme …"), with the capitalised words and
/// title words before them.
fn extend_left(text: &str, floor: usize, start: usize) -> usize {
    let blocked = |s: usize| {
        let token = previous_token(text, floor, s)
            .map(|(_, t)| t)
            .unwrap_or_default();
        is_acronym(token) || quoted_capital(token)
    };
    if !blocked(start) {
        return start;
    }
    let mut start = start;
    let mut pending = None;
    while let Some((s, token)) = previous_token(text, floor, start) {
        if quoted_capital(token) {
            return s;
        }
        if token.starts_with(char::is_uppercase) || is_acronym(token) {
            start = s;
            pending = None;
        } else if ["of", "for", "on", "and"].contains(&token) && pending.is_none() {
            pending = Some(start);
            start = s;
        } else {
            break;
        }
    }
    pending.unwrap_or(start)
}

/// The word before `at` (skipping one space), with its start; none past `floor` or after
/// punctuation that ends a phrase.
fn previous_token(text: &str, floor: usize, at: usize) -> Option<(usize, &str)> {
    let before = text[floor..at].strip_suffix(' ')?;
    let s = before.rfind(' ').map_or(0, |i| i + 1);
    let token = &before[s..];
    (!token.is_empty() && !token.ends_with([',', ';', '.', ':'])).then_some((floor + s, token))
}

fn is_acronym(token: &str) -> bool {
    let inner = token.strip_prefix('(').and_then(|t| t.strip_suffix(')'));
    inner.is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
}

fn quoted_capital(token: &str) -> bool {
    let rest = token.trim_start_matches(['“', '"', '‘']);
    rest.len() < token.len() && rest.starts_with(char::is_uppercase)
}

/// The last name of a list ("the Charter … and the Universal Declaration …"), with the one
/// before it, when the last part is itself a name.
fn last_of_list(text: &str, range: Range<usize>) -> (Range<usize>, Option<Range<usize>>) {
    let name = &text[range.clone()];
    let split = SEPARATORS
        .iter()
        .filter_map(|sep| name.rfind(sep).map(|i| (i, i + sep.len())))
        .max_by_key(|(_, after)| *after);
    let Some((sep_start, after)) = split else {
        return (range, None);
    };
    let last = &name[after..];
    let starts_name = last.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    // A subtitle's colon belongs to the name whose title holds a title word: "… Criminal
    // Justice and the Rule of Law: Towards the Achievement of the 2030 Agenda" is one name.
    let title = last.split_once(": ").map_or(last, |(title, _)| title);
    if !starts_name || instrument::name_before(title, 0, title.len()).is_none() {
        return (range, None);
    }
    let (earlier, _) = last_of_list(text, range.start..range.start + sep_start);
    (range.start + after..range.end, Some(earlier))
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let name = &text[range.clone()];
    let lead = name.len() - name.trim_start_matches(['“', '"', '‘', ' ']).len();
    let kept = name.trim_end_matches(['”', '"', '’', ',', ' ']).len();
    range.start + lead..range.start + kept.max(lead)
}

/// Whether a name reads as a title: besides capitalised words, numbers and dates, only title
/// words; an optional protocol's subject ("on the sale of children, …") and a subtitle after a
/// colon ("…: outcome document of the Follow-up International Conference …") may be lower case.
fn is_title(name: &str) -> bool {
    let protocol_subject = name.split(' ').take(3).any(|w| w == "Protocol");
    let balanced = name.matches('(').count() == name.matches(')').count();
    let title = name.split_once(": ").map_or(name, |(title, _)| title);
    let mut words = title
        .split([' ', '\u{a0}', ',', '(', ')', '“', '”', '’', '/'])
        .filter(|w| !w.is_empty());
    let last = name.rsplit(' ').next().unwrap_or_default();
    !name.is_empty()
        && balanced
        && !TITLE_WORDS.contains(&last)
        && (protocol_subject
            || words.all(|w| {
                !w.starts_with(char::is_lowercase) || TITLE_WORDS.contains(&w) || w == "thereto"
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<&str> {
        name_at(text, 0, text.len()).map(|(r, _)| &text[r])
    }

    #[test]
    fn quoted_titles_and_amended_instruments() {
        assert_eq!(
            name("the outcome document of the Summit, entitled “Our shared road ahead”,"),
            Some("Our shared road ahead")
        );
        assert_eq!(name("the motto “Stand together”,"), None);
        assert_eq!(
            name(
                "Recalling the Single Convention on Sheep of 1961 as amended by the 1972 Protocol,"
            ),
            Some("Single Convention on Sheep of 1961")
        );
    }

    #[test]
    fn lists_give_their_last_name() {
        assert_eq!(
            name(
                "Reaffirming the purposes and principles enshrined in the Charter of the United Nations and the Universal Declaration of Human Rights,"
            ),
            Some("Universal Declaration of Human Rights")
        );
        assert_eq!(
            name("implementation of Agenda 2063 and the 2030 Agenda for Sustainable Development,"),
            Some("2030 Agenda for Sustainable Development")
        );
        assert_eq!(
            name(
                "Recalling the Supplementary Convention on the Abolition of Slavery, the Slave Trade, and Institutions and Practices Similar to Slavery"
            ),
            Some(
                "Supplementary Convention on the Abolition of Slavery, the Slave Trade, and Institutions and Practices Similar to Slavery"
            )
        );
    }

    #[test]
    fn running_text_is_not_a_name() {
        assert_eq!(
            name(
                "the United Nations Convention against Corruption and by the Implementation Review Group, and urges Member States to continue"
            ),
            None
        );
        assert_eq!(
            name(
                "the 2010 Review Conference of the Parties to the Treaty on the Non-Proliferation of Nuclear Weapons,"
            ),
            None
        );
        assert_eq!(
            name(
                "the Kigali Amendment to the Montreal Protocol on Substances that Deplete the Ozone Layer,"
            ),
            None
        );
        assert_eq!(
            name(
                "the United Nations Educational, Scientific and Cultural Organization Convention against Discrimination in Education"
            ),
            None
        );
        assert_eq!(
            name(
                "to implement the International Guidelines on Bycatch Management and Reduction of Discards of the Food and Agriculture Organization of the United Nations;"
            ),
            Some("International Guidelines on Bycatch Management and Reduction of Discards")
        );
        assert_eq!(
            name(
                "the signing of the Declaration of Principles on Interim Self-Government Arrangements on 13 September 1993 by the Government of Israel"
            ),
            Some("Declaration of Principles on Interim Self-Government Arrangements")
        );
        assert_eq!(
            name(
                "Notes the report of the High-level Panel on International Financial Accountability, Transparency and Integrity for Achieving the 2030 Agenda,"
            ),
            None
        );
        assert_eq!(
            name(
                "the SIDS Accelerated Modalities of Action (SAMOA) Pathway on 27 September 2019 and the adoption on 10 October 2019 of its political declaration,"
            ),
            None
        );
        assert_eq!(
            name(
                "the International Covenant on Civil and Political Rights, the International Convention on the Elimination of All Forms of Racial Discrimination,"
            ),
            Some(
                "International Convention on the Elimination of All Forms of Racial Discrimination"
            )
        );
        assert_eq!(
            name("Reaffirming the 2030 Agenda for Sustainable Development,"),
            Some("2030 Agenda for Sustainable Development")
        );
        assert_eq!(
            name("the Rio Declaration on Environment and Development, Agenda 21,"),
            Some("Agenda 21")
        );
        assert_eq!(
            name(
                "the Beijing Declaration and Platform for Action adopted by the Fourth World Conference on Women"
            ),
            Some("Beijing Declaration and Platform for Action")
        );
    }

    #[test]
    fn subtitles_after_a_colon() {
        assert_eq!(
            name(
                "the Kyoto Declaration on Advancing Crime Prevention, Criminal Justice and the Rule of Law: Towards the Achievement of the 2030 Agenda for Sustainable Development,"
            ),
            Some(
                "Kyoto Declaration on Advancing Crime Prevention, Criminal Justice and the Rule of Law: Towards the Achievement of the 2030 Agenda for Sustainable Development"
            )
        );
        assert_eq!(
            name(
                "Recalling the Charter and the Political Declaration on HIV and AIDS: Ending Inequalities and Getting on Track to End AIDS by 2030, adopted on 8 June 2021,"
            ),
            Some(
                "Political Declaration on HIV and AIDS: Ending Inequalities and Getting on Track to End AIDS by 2030"
            )
        );
        assert_eq!(
            name("Decides as follows: the Paris Agreement"),
            Some("Paris Agreement")
        );
    }

    #[test]
    fn names_behind_acronyms_and_quotes() {
        assert_eq!(
            name("entitled “SIDS Accelerated Modalities of Action (SAMOA) Pathway”,"),
            Some("SIDS Accelerated Modalities of Action (SAMOA) Pathway")
        );
        assert_eq!(
            name(
                "entitled “Istanbul Programme of Action for the Least Developed Countries for the Decade 2011–2020”,"
            ),
            Some(
                "Istanbul Programme of Action for the Least Developed Countries for the Decade 2011–2020"
            )
        );
        assert_eq!(
            name(
                "the Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography,"
            ),
            Some(
                "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography"
            )
        );
    }

    #[test]
    fn thereto_needs_the_name_before_it() {
        let text = "The General Assembly,\n\n*Recalling* the International Covenant on Civil and Political Rights,<sup>1</sup>\n\n*Recalling also* the Geneva Conventions of 12 August 1949<sup>2</sup> and Additional Protocol I thereto, of 1977,<sup>3</sup>\n\n<sup>1</sup> Resolution 2200 A (XXI), annex.\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 75, Nos. 970–973.\n\n<sup>3</sup> Ibid., vol. 1125, No. 17512.\n";
        let doc = Document::parse(text.to_string(), crate::model::Format::Markdown);
        let names: Vec<Option<String>> = marker_names(&doc)
            .into_iter()
            .map(|n| n.map(|n| n.name))
            .collect();
        assert_eq!(
            names[0].as_deref(),
            Some("International Covenant on Civil and Political Rights")
        );
        assert!(
            names[2].as_ref().is_none_or(|n| !n.contains("Covenant")),
            "{names:?}"
        );
    }

    #[test]
    fn thereto_after_and_the() {
        let text = "The General Assembly,\n\n*Recalling* the Convention on the Rights of the Child and the Optional Protocols thereto,<sup>1</sup>\n\n<sup>1</sup> United Nations, *Treaty Series*, vols. 1577, 2171 and 2173, No. 27531.\n";
        let doc = Document::parse(text.to_string(), crate::model::Format::Markdown);
        let names = marker_names(&doc);
        assert_eq!(
            names[0].as_ref().map(|n| n.name.as_str()),
            Some("Optional Protocols to the Convention on the Rights of the Child")
        );
    }
}
