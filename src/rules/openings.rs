//! Opening phrases: preambular participles against operative verbs, phrases outside the
//! vocabulary, the "also"/"further" convention and italics.

use super::{Applicability, Context, Diagnostic, Edit, declare_rules};
use crate::config::Config;
use crate::model::{Document, Format, ParagraphKind, SectionKind};
use crate::precedent::words::push_lowercase;
use crate::source::Span;
use crate::vocab::{Modifier, Opening, Part, Vocabulary};
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

declare_rules! { "openings";
    /// A preambular paragraph opens with an operative verb.
    ///
    /// **Why.** Preambular paragraphs open with a participle or an adjective ("Recalling",
    /// "Deeply concerned"); the finite verb ("Recalls") belongs to operative paragraphs.
    ///
    /// **Example.** `Recalls its resolution 70/1,` in the preamble.
    ///
    /// **Fix.** Use the preambular form: "Recalling", "Welcoming", "Taking note".
    PREAMBULAR_OPENING = "preambular-opening", Error;

    /// An operative paragraph opens with a preambular form.
    ///
    /// **Why.** Operative paragraphs state what the organ does and open with a verb in the
    /// present tense ("Decides", "Requests").
    ///
    /// **Example.** `3. Welcoming the report of the Secretary-General;`
    ///
    /// **Fix.** Use the operative form: "Welcomes", "Recalls".
    OPERATIVE_OPENING = "operative-opening", Error;

    /// The opening phrase is in neither vocabulary.
    ///
    /// **Why.** Adopted resolutions use a known set of openings (measured on the corpus and
    /// extended by `[openings]` in `resolute.toml`); an unknown one is often a typo.
    ///
    /// **Example.** `*Recaling* its resolution 70/1,`
    ///
    /// **Fix.** "Did you mean …": the nearest known phrases, offered in the editor (a guess, so
    /// `resolute fix` does not apply it); or add the phrase to the configuration.
    UNKNOWN_OPENING = "unknown-opening", Hint;

    /// An "also" opening without the plain opening earlier in the same part.
    ///
    /// **Why.** "Also urges" repeats an earlier "Urges"; without it, "also" has nothing to
    /// add to. Adopted texts sometimes put the "also" form first, so this is information.
    ///
    /// **Example.** `5. Also urges …` with no `Urges` in paragraphs 1 to 4.
    ///
    /// **Fix.** Drop "also", or check the order of the paragraphs.
    ALSO_WITHOUT_ANTECEDENT = "also-without-antecedent", Information, not_sc;

    /// A "further" opening with no "also" form since the plain one.
    ///
    /// **Why.** The sequence is "Urges", "Also urges", "Further urges".
    ///
    /// **Example.** `Recalling …, Recalling further …` with no "Recalling also" between.
    ///
    /// **Fix.** Use the "also" form.
    FURTHER_WITHOUT_ALSO = "further-without-also", Information, not_sc;

    /// Two consecutive paragraphs open with the same phrase without "also" or "further".
    ///
    /// **Why.** Editors mark the repetition ("Recalling", "Recalling also"). Adopted texts
    /// very often repeat the plain opening, so this rule is off unless configured.
    ///
    /// **Example.** `Recalling …, Recalling …`
    ///
    /// **Fix.** Use the "also" form.
    REPEATED_OPENING = "repeated-opening", Hint, off, not_sc;

    /// The opening phrase is not in italics.
    ///
    /// **Why.** In Markdown drafts the opening phrase of every preambular and operative
    /// paragraph is set in italics, as in the printed resolution.
    ///
    /// **Example.** `Recalling its resolution 70/1,`
    ///
    /// **Fix.** Wrap the opening in `*…*`.
    OPENING_NOT_ITALIC = "opening-not-italic", Warning, markdown;
}

/// A paragraph's opening: where it is and how it reads.
pub(crate) struct Found {
    pub paragraph: usize,
    /// The part the paragraph stands in.
    pub part: Part,
    /// Source span of the phrase.
    span: Span,
    /// Plain-text range of the phrase as written, in its paragraph's text (a copy per
    /// paragraph would cost a draft of many paragraphs an allocation each, issue 14).
    phrase: Span,
    pub opening: Option<Opening>,
    italic: bool,
    /// Italics begin inside the phrase ("E*ncourages*"): `opening-partly-italic` reports it.
    partly_italic: bool,
}

impl Found {
    /// The phrase as written.
    fn phrase<'d>(&self, doc: &'d Document) -> &'d str {
        &doc.paragraphs[self.paragraph].text.as_str()[self.phrase.range()]
    }
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let found = cx.openings();
    let italics_used = found.iter().any(|f| f.italic);
    for f in found {
        wrong_part(cx, f, italics_used, out);
        unknown(cx, f, out);
    }
    if italics_used {
        found.iter().for_each(|f| not_italic(cx, f, out));
    } else {
        none_italic(cx, found, out);
    }
    modifiers(cx, found, out);
}

impl Context<'_> {
    /// The openings of the preambular and operative paragraphs of resolution sections,
    /// found once per document.
    pub(crate) fn openings(&self) -> &[Found] {
        self.openings.get_or_init(|| openings(self))
    }
}

/// What a paragraph's text alone says of its opening, read on first need and kept with the
/// text ([`super::Kept`]), so that a keystroke reads only the changed paragraph's again.
#[derive(Default)]
pub(crate) struct TextReading {
    prose: OnceLock<bool>,
    /// The opening found in the words, when it is not set in italics.
    unmarked: OnceLock<Option<(usize, Opening)>>,
    /// The opening the italic phrase at this range of the text holds, when it is.
    marked: OnceLock<(Span, (usize, Option<Opening>))>,
}

impl TextReading {
    fn prose(&self, text: &str) -> bool {
        *self.prose.get_or_init(|| is_prose(text))
    }

    fn unmarked(&self, vocab: &Vocabulary, text: &str) -> Option<(usize, Opening)> {
        (self.unmarked)
            .get_or_init(|| vocab.find_opening(text))
            .clone()
    }

    /// The paragraph's italics may change while its text stays: the range is checked.
    fn marked(&self, vocab: &Vocabulary, text: &str, italic: Span) -> (usize, Option<Opening>) {
        let read = || vocab.analyse_marked(&text[italic.range()]);
        match self.marked.get_or_init(|| (italic, read())) {
            (at, found) if *at == italic => found.clone(),
            _ => read(),
        }
    }
}

/// The [`TextReading`] of each paragraph, kept from the previous check where the text is the
/// same and the vocabulary too; `None` without a previous check to keep them for (a `check`
/// reads each once, and a reading per paragraph of a huge draft would be megabytes).
fn text_readings(cx: &Context) -> Option<Vec<Arc<TextReading>>> {
    let texts = cx.doc.paragraphs.iter().map(|p| &p.text);
    let key = vocabulary_key(cx.config);
    let kept = &cx.kept?.openings;
    Some(kept.read(key, texts, |_, _| Arc::default()))
}

/// Tells one configured vocabulary from another: 0 for the bundled one alone.
pub(super) fn vocabulary_key(config: &Config) -> u64 {
    let added = &config.openings;
    if added.preambular.is_empty() && added.operative.is_empty() {
        return 0;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    (&added.preambular, &added.operative).hash(&mut hasher);
    hasher.finish() | 1
}

/// The openings of the preambular and operative paragraphs of resolution sections. A
/// preamble with no operative paragraph after it (a declaration, a single "Adopts …:") is
/// not a preamble anyone can check.
fn openings(cx: &Context) -> Vec<Found> {
    let doc = cx.doc;
    let readings = text_readings(cx);
    let mut out = Vec::new();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if p.depth != 0 || doc.sections[p.section()].kind != SectionKind::Resolution {
            continue;
        }
        let part = match p.kind {
            ParagraphKind::Preambular if operative_follows(doc, i) => Part::Preambular,
            ParagraphKind::Operative if cx.numbered_preambular(i) => Part::Preambular,
            ParagraphKind::Operative => Part::Operative,
            _ => continue,
        };
        let fresh;
        let reading = match &readings {
            Some(kept) => &*kept[i],
            None => {
                fresh = TextReading::default();
                &fresh
            }
        };
        let text = p.text.as_str();
        if reading.prose(text) {
            continue;
        }
        // Italics ending inside a word ("*Welcome*s") are a slip of their own, not the extent.
        let whole_words = p
            .leading_italic()
            .filter(|s| !text[s.end..].starts_with(char::is_alphanumeric));
        let (range, opening, italic) = match whole_words {
            Some(s) => {
                let (len, opening) = reading.marked(&cx.vocab, text, s);
                (Span::new(0, len), opening, true)
            }
            None => match reading.unmarked(&cx.vocab, text) {
                Some((len, o)) => (Span::new(0, len), Some(o), false),
                None => (Span::new(0, first_word_len(text)), None, false),
            },
        };
        if range.is_empty() {
            continue;
        }
        let partly_italic = !italic && p.italics.first().is_some_and(|s| s.start < range.end);
        out.push(Found {
            paragraph: i,
            part,
            span: p.text.source_span(range),
            phrase: range,
            opening,
            italic,
            partly_italic,
        });
    }
    out
}

/// Numbered declaration text ("19. Guided by … . This partnership …") is prose of several
/// sentences; a resolution paragraph is one sentence.
fn is_prose(text: &str) -> bool {
    // A sentence ends: two lower-case letters or brackets, ". ", a capital. Looked for a byte
    // at a time from each ". ", in every paragraph of every keystroke.
    let text = text.trim_end_matches('.').as_bytes();
    let ends_word = |b: u8| b.is_ascii_lowercase() || b == b')';
    memchr::memmem::find_iter(text, b". ").any(|at| {
        at >= 2
            && ends_word(text[at - 2])
            && ends_word(text[at - 1])
            && text.get(at + 2).is_some_and(u8::is_ascii_uppercase)
    })
}

fn operative_follows(doc: &crate::model::Document, i: usize) -> bool {
    let end = doc.sections[doc.paragraphs[i].section()].paragraphs.end;
    doc.paragraphs[i + 1..end]
        .iter()
        .any(|p| p.kind == ParagraphKind::Operative)
}

/// The length of the word a paragraph opens with (letters only).
pub(super) fn first_word_len(text: &str) -> usize {
    text.find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len())
}

/// `italics_used`: whether the draft sets any opening in italics; where it does, an opening
/// outside italics may be quoted prose rather than a paragraph's opening.
fn wrong_part(cx: &Context, f: &Found, italics_used: bool, out: &mut Vec<Diagnostic>) {
    let Some(o) = &f.opening else { return };
    // "Adopts the following declaration:" / "…, annexed to the present resolution." is the
    // single operative paragraph before the text it adopts.
    let adopts =
        cx.doc.paragraph_text(f.paragraph).ends_with([':', '.']) && f.part == Part::Preambular;
    // In a Markdown draft that italicises its openings, one that is not italic may be prose.
    let prose = !f.italic && italics_used && cx.doc.format == Format::Markdown;
    if o.part == f.part || continues_operatively(cx, f) || adopts || prose {
        return;
    }
    let (rule, message) = match f.part {
        Part::Preambular => (
            &PREAMBULAR_OPENING,
            format!(
                "“{}” opens an operative paragraph, but this paragraph is preambular",
                f.phrase(cx.doc)
            ),
        ),
        Part::Operative => (
            &OPERATIVE_OPENING,
            format!(
                "“{}” opens a preambular paragraph, but this paragraph is operative",
                f.phrase(cx.doc)
            ),
        ),
    };
    let mut d = Diagnostic::new(rule, f.span, message);
    if let Some(c) = cx.vocab.counterpart(o) {
        d = d.fix(
            format!("Replace with “{c}”"),
            vec![Edit {
                span: f.span,
                replacement: c,
            }],
        );
    }
    out.push(d);
}

/// An operative paragraph may start with a participial clause before its verb: "Recalling
/// paragraph 3 above, requests …".
fn continues_operatively(cx: &Context, f: &Found) -> bool {
    if f.part != Part::Operative {
        return false;
    }
    let text = cx.doc.paragraph_text(f.paragraph);
    text.match_indices(", ").any(|(at, _)| {
        cx.vocab
            .find_opening(&capitalised(&text[at + 2..]))
            .is_some_and(|(_, o)| o.part == Part::Operative)
    })
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

fn unknown(cx: &Context, f: &Found, out: &mut Vec<Diagnostic>) {
    // Without italics the extent of an unknown opening is a guess: only ODS text, where no
    // italics exist, reports its first word.
    if f.opening.is_some() || !(f.italic || cx.doc.format == Format::Ods) {
        return;
    }
    let mut d = Diagnostic::new(
        &UNKNOWN_OPENING,
        f.span,
        format!("“{}” is not a known opening phrase", f.phrase(cx.doc)),
    );
    // A guess by spelling, not by part ("Stressing the importance" is near an operative
    // phrase too): offered in the editor, never applied by `resolute fix`.
    for s in cx.vocab.suggest(f.phrase(cx.doc)).iter() {
        d = d.fix_with(
            Applicability::Manual,
            format!("Did you mean “{s}”?"),
            vec![Edit {
                span: f.span,
                replacement: s.clone(),
            }],
        );
    }
    out.push(d);
}

/// An opening that should be in italics: a Markdown paragraph that opens as its part should.
/// An opening of the other part ("53. Recognizing that …, we commit") is declaration prose
/// quoted in the body, not a resolution paragraph that lost its italics.
fn wants_italics(cx: &Context, f: &Found) -> bool {
    let regular = f.opening.as_ref().is_some_and(|o| o.part == f.part);
    !f.italic && !f.partly_italic && regular && cx.doc.format == Format::Markdown
}

fn italicise(f: &Found) -> [Edit; 2] {
    [
        Edit {
            span: Span::empty(f.span.start),
            replacement: "*".into(),
        },
        Edit {
            span: Span::empty(f.span.end),
            replacement: "*".into(),
        },
    ]
}

fn not_italic(cx: &Context, f: &Found, out: &mut Vec<Diagnostic>) {
    if !wants_italics(cx, f) {
        return;
    }
    out.push(
        Diagnostic::new(
            &OPENING_NOT_ITALIC,
            f.span,
            format!("the opening “{}” is not in italics", f.phrase(cx.doc)),
        )
        .fix("Put the opening in italics", italicise(f).to_vec()),
    );
}

/// A Markdown draft typed without any italics gets one finding, not one per paragraph.
fn none_italic(cx: &Context, found: &[Found], out: &mut Vec<Diagnostic>) {
    let plain: Vec<&Found> = found.iter().filter(|f| wants_italics(cx, f)).collect();
    let Some(first) = plain.first() else { return };
    out.push(
        Diagnostic::new(
            &OPENING_NOT_ITALIC,
            first.span,
            format!(
                "no opening of this draft is in italics ({} paragraphs)",
                plain.len()
            ),
        )
        .fix(
            "Put every opening in italics",
            plain.iter().flat_map(|f| italicise(f)).collect::<Vec<_>>(),
        ),
    );
}

/// The verb an "also"/"further" form repeats: "Also stresses the importance" has its
/// antecedent in "Stresses that …". Light verbs keep their object ("Taking note", "Bearing in
/// mind"), which carries the meaning.
fn verb_of(base: &str) -> String {
    const LIGHT: [&str; 8] = [
        "takes", "taking", "has", "having", "bears", "bearing", "keeps", "keeping",
    ];
    const ADVERBS: [&str; 5] = ["strongly", "deeply", "once", "again", "urgently"];
    let mut words =
        (base.split_whitespace()).filter(|w| !ADVERBS.iter().any(|a| w.eq_ignore_ascii_case(a)));
    let mut verb = String::new();
    if let Some(first) = words.next() {
        push_lowercase(&mut verb, first);
    }
    if LIGHT.contains(&verb.as_str())
        && let Some(object) = words.next()
    {
        verb.push(' ');
        push_lowercase(&mut verb, object);
    }
    verb
}

/// The modifier as the drafter wrote it. Without italics an operative opening is its verb
/// phrase only: in "Encourages further efforts" "further" belongs to what follows, and only
/// "Further encourages" is a "further" form.
fn written_modifier(doc: &Document, f: &Found, o: &Opening) -> Option<Modifier> {
    let phrase = f.phrase(doc);
    let leading = phrase.starts_with(['A', 'F']) && {
        let first = phrase.split_whitespace().next().unwrap_or_default();
        first.eq_ignore_ascii_case("also") || first.eq_ignore_ascii_case("further")
    };
    if f.italic || f.part == Part::Preambular || leading {
        o.modifier
    } else {
        None
    }
}

/// Per section and part: plain bases seen, and whether an "also" form followed the last one.
#[derive(Default)]
struct Seen {
    plain: bool,
    also_since_plain: bool,
}

fn modifiers(cx: &Context, found: &[Found], out: &mut Vec<Diagnostic>) {
    // By section, part and verb. A base's verb is read once, however many paragraphs open
    // with it: bases are told apart by their words (paragraphs read without italics each have
    // a base of their own, though most open alike), then numbered.
    let mut seen: FxHashMap<(usize, Part, usize), Seen> = FxHashMap::default();
    let mut verb_of_base: FxHashMap<&str, usize> = FxHashMap::default();
    let mut verbs: FxHashMap<String, usize> = FxHashMap::default();
    let mut previous: Option<&Found> = None;
    // Off by default: a draft of one repeated opening would build a fix per paragraph only for
    // it to be dropped.
    let repeats_wanted = super::active(&REPEATED_OPENING, cx);
    for f in found {
        let Some(o) = &f.opening else {
            previous = None;
            continue;
        };
        let section = cx.doc.paragraphs[f.paragraph].section();
        let verb = *verb_of_base.entry(&o.base).or_insert_with(|| {
            let next = verbs.len();
            *verbs.entry(verb_of(&o.base)).or_insert(next)
        });
        let state = seen.entry((section, f.part, verb)).or_default();
        let written = written_modifier(cx.doc, f, o);
        match written {
            None => {
                *state = Seen {
                    plain: true,
                    also_since_plain: false,
                }
            }
            Some(Modifier::Also) => {
                if !state.plain {
                    out.push(Diagnostic::new(
                        &ALSO_WITHOUT_ANTECEDENT,
                        f.span,
                        format!("“{}” without “{}” earlier", f.phrase(cx.doc), o.base),
                    ));
                }
                state.also_since_plain = true;
            }
            Some(Modifier::Further) => {
                if !state.also_since_plain {
                    out.push(Diagnostic::new(
                        &FURTHER_WITHOUT_ALSO,
                        f.span,
                        format!(
                            "“{}” without “{}” before it",
                            f.phrase(cx.doc),
                            cx.vocab.also_form(o)
                        ),
                    ));
                }
            }
        }
        if let Some(prev) = previous {
            let same_part =
                prev.part == f.part && cx.doc.paragraphs[prev.paragraph].section() == section;
            if repeats_wanted
                && same_part
                && written.is_none()
                && same_words(prev.phrase(cx.doc), f.phrase(cx.doc))
            {
                let also = cx.vocab.also_form(o);
                out.push(
                    Diagnostic::new(
                        &REPEATED_OPENING,
                        f.span,
                        format!(
                            "“{}” repeats the opening of the paragraph before",
                            f.phrase(cx.doc)
                        ),
                    )
                    .fix(
                        format!("Replace with “{also}”"),
                        vec![Edit {
                            span: f.span,
                            replacement: also,
                        }],
                    ),
                );
            }
        }
        previous = Some(f);
    }
}

/// Whether two phrases are the same words, whatever their case.
fn same_words(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::{is_prose, same_words, verb_of};
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// The definition, as a regex.
    static SENTENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[a-z)]{2}\. [A-Z]").unwrap());

    proptest! {
        #[test]
        fn prose_as_the_regex_finds_it(text in "(ab|a|\\)|A|É|é|\\.|\\. | |1){0,30}") {
            prop_assert_eq!(is_prose(&text), SENTENCE.is_match(text.trim_end_matches('.')));
        }
    }

    #[test]
    fn phrases_are_the_same_words_whatever_their_case() {
        assert!(same_words("Also Urges", "also urges"));
        assert!(same_words("Élève", "éLÈVE"));
        assert!(!same_words("Urges", "Urge"));
    }

    #[test]
    fn a_second_sentence_makes_prose() {
        assert!(is_prose(
            "Guided by the Charter. This partnership is global."
        ));
        assert!(is_prose("as set out in annex (b). The Assembly"));
        assert!(!is_prose(
            "Requests the Secretary-General, inter alia. to report."
        ));
        assert!(!is_prose("Notes para. 5 of the report (A/77/1)."));
    }

    #[test]
    fn the_verb_an_also_form_repeats() {
        assert_eq!(verb_of("Strongly urges"), "urges");
        assert_eq!(verb_of("Once again  Calls upon"), "calls");
        assert_eq!(verb_of("Taking note with appreciation"), "taking note");
        assert_eq!(verb_of("Bearing in mind"), "bearing in");
        assert_eq!(verb_of("Has"), "has");
        assert_eq!(verb_of("Deeply"), "");
    }
}
