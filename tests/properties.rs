//! Whatever the input, reading and checking a draft never panics, and every place a diagnostic
//! points at lies inside the text, on character boundaries, and survives the conversion to
//! LSP positions and back.
//!
//! Inputs: arbitrary bytes made UTF-8 (`String::from_utf8_lossy`), sequences of the tokens
//! drafts are made of, and random edits of the four seed resolutions (insertions, deletions
//! and replacements of random slices, with multi-byte characters, CRLF, tabs, digits, `<sup>`,
//! `*` and `---`). Each input is read as Markdown and as ODS text, whatever it looks like.

use proptest::prelude::*;
use resolute::config::{Config, FootnoteStyle};
use resolute::model::citation;
use resolute::model::{Document, Format};
use resolute::rules;
use resolute::source::{Encoding, LineCol, Span};
use std::path::Path;
use std::sync::LazyLock;

const SEEDS: [&str; 4] = [
    include_str!("fixtures/seeds/A_RES_59_166.md"),
    include_str!("fixtures/seeds/A_RES_61_144.txt"),
    include_str!("fixtures/seeds/A_RES_61_180.txt"),
    include_str!("fixtures/seeds/A_RES_71_167.md"),
];

/// Every rule on, including those off by default, and the stricter footnote practice.
static ALL_ON: LazyLock<Config> = LazyLock::new(|| {
    let mut config = Config::default();
    for rule in rules::all() {
        config.rules.insert(rule.code.to_string(), "on".to_string());
    }
    config.footnotes.style = FootnoteStyle::NewNotes;
    config
});

/// Pieces drafts are made of, and pieces that break them.
const TOKENS: &[&str] = &[
    "<sup>",
    "</sup>",
    "<sup>1</sup>",
    "<sup>12</sup>",
    "<sup>1, 2</sup>",
    "[^",
    "]",
    "[^3]",
    "[^3]: ",
    "]: ",
    "*",
    "**",
    "_",
    "\\",
    "---",
    "\n---\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\n\t",
    " ",
    "  \n",
    "1",
    "2",
    "3",
    "7",
    "12",
    "99",
    "1000",
    "2022",
    "0",
    ".",
    ",",
    ";",
    ":",
    "(",
    ")",
    "[",
    "(a)",
    "(i)",
    "(h)",
    "1.\t",
    "\n1. ",
    "5 bis. ",
    "[5 alt]",
    "é",
    "ô",
    "’",
    "“",
    "”",
    "\n\n“The General Assembly,\n\n“",
    "\n\t\"1.\t",
    ".”;",
    "–",
    "😀",
    "𝐂",
    "\u{a0}",
    "\u{feff}",
    "\u{2028}",
    "\u{0}",
    "The General Assembly,",
    "The Security Council,",
    "*Recalling* ",
    "Recalling ",
    "Urges ",
    "Women",
    "Child,",
    "Ibid.",
    "Ibid., vol. 1249, No. 20378.",
    "Ibid., annex II.",
    "United Nations, Treaty Series, vol. 1577, No. 27531.",
    "Resolution 55/25, annex I.",
    "See resolution 55/2.",
    "Such as ",
    "; and resolution 66/138, annex",
    "A/61/122 and Add.1",
    "Official Records of the General Assembly, Seventy-fourth Session, ",
    "Supplement No. 10 (A/74/10)",
    "the Convention on the Rights of the Child",
    "52nd plenary meeting",
    "15 December 2022",
    "Annex",
    "Annex II",
    "A",
    "[DU1]",
    "<<ODS JOB NO>>N2274512E<<ODS JOB NO>>",
    "<<ODS DOC SYMBOL1>>A/RES/77/1<<ODS DOC SYMBOL1>>",
    "<!-- resolute-disable-next-line footnote-sequence -->",
    "<!-- resolute-disable -->",
    "<!-- resolute-enable -->",
    "<br>",
    "[link](#)",
    "# ",
    "### **77/1. Title**",
];

fn in_text(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        span.end <= text.len(),
        "{what}: span {span:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries"
    );
}

/// Byte offset → LSP position → byte offset, in both column encodings.
fn round_trip(doc: &Document, offset: usize, what: &str) {
    let text = &doc.text;
    let inside_crlf = offset > 0
        && text.as_bytes().get(offset - 1) == Some(&b'\r')
        && text.as_bytes().get(offset) == Some(&b'\n');
    for encoding in [Encoding::Utf8, Encoding::Utf16] {
        let pos = doc.lines.position(text, offset, encoding);
        let back = doc.lines.offset(text, pos, encoding);
        if inside_crlf {
            // LSP has no position between "\r" and "\n"; it snaps to the line's end.
            assert_eq!(
                back,
                offset - 1,
                "{what}: {offset} inside CRLF ({encoding:?})"
            );
        } else {
            assert_eq!(
                back, offset,
                "{what}: {offset} → {pos:?} → {back} ({encoding:?})"
            );
        }
    }
}

/// Reads `text` as both formats, resolves its footnotes, checks it with the default rules and
/// with every rule on, and verifies every place reported.
fn exercise(text: &str) {
    for format in [Format::Markdown, Format::Ods] {
        let doc = Document::parse(text.to_string(), format);
        for m in &doc.markers {
            in_text(text, m.span, "marker");
            in_text(text, m.number_span, "marker number");
        }
        for f in &doc.footnotes {
            in_text(text, f.span, "footnote");
            in_text(text, f.number_span, "footnote number");
            in_text(
                text,
                f.text.source_span(Span::new(0, f.text.len())),
                "footnote text",
            );
        }
        for p in &doc.paragraphs {
            in_text(text, p.span, "paragraph");
            in_text(
                text,
                p.text.source_span(Span::new(0, p.text.len())),
                "paragraph text",
            );
            for italic in p.italics.iter() {
                assert!(italic.end <= p.text.len(), "italic {italic:?} in {p:?}");
            }
            for m in &doc.markers[p.markers.clone()] {
                assert!(m.plain_at <= p.text.len(), "marker {m:?} in {p:?}");
            }
        }
        for info in citation::analyse(&doc) {
            if let Some(c) = &info.resolved {
                let rendered = c.render();
                assert!(rendered.ends_with('.'), "rendered citation {rendered:?}");
                let _ = c.ibid_part(1);
            }
        }
        for config in [&Config::default(), &*ALL_ON] {
            for d in rules::check(&doc, config) {
                let what = d.code();
                in_text(text, d.span, what);
                round_trip(&doc, d.span.start, what);
                round_trip(&doc, d.span.end, what);
                assert!(!d.message.is_empty(), "{what}: empty message");
                for r in &d.related {
                    in_text(text, r.span, what);
                    round_trip(&doc, r.span.start, what);
                }
                for f in &d.fixes {
                    for e in f.edits.iter() {
                        in_text(text, e.span, what);
                    }
                }
            }
        }
        // Positions the client may send: anything, clamped, never a panic.
        for line in [0, 1, 2, doc.lines.line_count() as u32, u32::MAX] {
            for col in [0, 1, 3, 80, u32::MAX] {
                for encoding in [Encoding::Utf8, Encoding::Utf16] {
                    let at = doc.lines.offset(text, LineCol { line, col }, encoding);
                    assert!(at <= text.len() && text.is_char_boundary(at));
                }
            }
        }
    }
    // Format detection from the name and from the content.
    for name in ["draft.md", "draft.txt", "draft", "DRAFT.MD"] {
        let doc = Document::parse_path(Path::new(name), text.to_string());
        let _ = rules::check(&doc, &Config::default());
    }
}

/// One edit of a draft: where (as a fraction of its length), how much to delete, what to insert.
#[derive(Clone, Debug)]
struct Edit {
    at: f64,
    delete: usize,
    insert: String,
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_string();
    for e in edits {
        let start = floor(&s, (e.at * s.len() as f64) as usize);
        let end = floor(&s, (start + e.delete).min(s.len()));
        s.replace_range(start..end, &e.insert);
    }
    s
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn token_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..max).prop_map(|ts| ts.concat())
}

fn edit() -> impl Strategy<Value = Edit> {
    let insert = prop_oneof![
        3 => token_string(6),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect::<String>()),
        1 => Just(String::new()),
    ];
    (
        0.0..=1.0f64,
        prop_oneof![3 => 0usize..8, 1 => 0usize..400],
        insert,
    )
        .prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

proptest! {
    // 200 cases per property by default; `PROPTEST_CASES=20000` for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn draft_tokens_in_any_order_never_panic(text in token_string(300)) {
        exercise(&text);
    }

    #[test]
    fn random_edits_of_the_seeds_never_panic(
        seed in 0..SEEDS.len(),
        edits in prop::collection::vec(edit(), 1..10),
    ) {
        exercise(&apply(SEEDS[seed], &edits));
    }

    /// Line breaks changed to CRLF or lone CR, then edited: the same guarantees.
    #[test]
    fn seeds_with_other_line_breaks_never_panic(
        seed in 0..SEEDS.len(),
        crlf in any::<bool>(),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let text = SEEDS[seed].replace('\n', if crlf { "\r\n" } else { "\r" });
        exercise(&apply(&text, &edits));
    }
}

/// Inputs that once looked dangerous, kept as plain tests.
#[test]
fn edge_cases_never_panic() {
    let cases = [
        "",
        "\r",
        "\r\n",
        "\n\n\n",
        "\u{feff}",
        "<sup>",
        "<sup></sup>",
        "<sup>99999</sup>",
        "<sup>4294967296</sup>",
        "[^0]:",
        "[^]",
        "*",
        "***",
        "---",
        "1",
        "1 Ibid.",
        "1 Ibid.\n1 Ibid.\n",
        "\tThe General Assembly,\n\tRecalling the Convention,1\n\n52nd plenary meeting\n1 Ibid.\n",
        "\tThe General Assembly,\n\tRecalling 12 July 20214 and Agenda 216\n1 x\n4 y\n6 z\n",
        "The General Assembly,\n\n*Recalling* 😀<sup>1</sup>\n\n---\n\n<sup>1</sup> *Ibid.*\n",
        "The General Assembly,\n\n1. *Urges* 𝐂onvention;[^1]\r\n\r\n[^1]: Ibid., vol. 1, No. 1.",
        "(a)\n(i)\n(h)\n(i)\n(aa)\n(zz)\n(mmmm)",
        "Annex\nAnnex II\nAnnex 4\n",
        "\t1.\t\u{0}\n\t2.\t\u{2028}",
        "*\t1.\t\u{a0}*\n---\n<sup><sup><sup>.",
    ];
    for text in cases {
        exercise(text);
    }
    // A quoted draft inside a quoted draft, thousands deep: read once, not once per level.
    let deep = "“".repeat(5000);
    exercise(&format!(
        "The Economic and Social Council,\n\n{deep}The General Assembly,\n\n{deep}Recalling,\n\n{deep}1. Calls upon;\n\n{deep}3. Decides.”;\n"
    ));
    for seed in SEEDS {
        exercise(seed);
        // Every prefix at a line boundary: a draft cut anywhere.
        for (i, _) in seed.match_indices('\n').step_by(7) {
            exercise(&seed[..i]);
        }
    }
}
