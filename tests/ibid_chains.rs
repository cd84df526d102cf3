//! "Ibid." resolution on chains taken from adopted General Assembly resolutions.
//!
//! Every expectation below was written by reading the footnotes of the fixture (the `.txt`
//! footnote block, checked against the `.md` twin) and applying UN practice
//! (un-editorial-rules §2.5): "Ibid." stands for the source of the footnote immediately before
//! it; the locators after "Ibid." replace the trailing locators of that source from the first
//! one of the same kind ("Ibid., annex II." after "Resolution 55/25, annex I." is
//! "Resolution 55/25, annex II."); a bare "Ibid." is the same reference; "See" introduces the
//! source and is not part of it. They were not copied from the program's output.
//!
//! Each chain is checked in both formats where the corpus has both: the same footnotes must
//! resolve the same way in the Markdown and in the ODS text.

use resolute::config::Config;
use resolute::model::Document;
use resolute::model::citation::{self, NoteInfo};
use resolute::rules;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn load(rel: &str) -> Document {
    let path = fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Document::parse_path(&path, text)
}

/// Checks one chain: the first note is a full citation, every following note is an "Ibid."
/// that leans on the note before it, goes back to the first note, and resolves to the
/// expected citation. All mismatches are reported together.
fn check_chain(rel: &str, chain: &[(u32, &str)]) {
    let doc = load(rel);
    let notes = citation::analyse(&doc);
    let info = |n: u32| -> Option<(usize, &NoteInfo)> {
        notes
            .iter()
            .enumerate()
            .find(|(_, i)| doc.footnotes[i.footnote].number == n)
    };
    let mut problems = Vec::new();
    let (origin_number, origin_text) = chain[0];
    let Some((_, origin)) = info(origin_number) else {
        panic!("{rel}: no footnote {origin_number}");
    };
    if origin.is_ibid() {
        problems.push(format!(
            "footnote {origin_number} should be a full citation, not an Ibid."
        ));
    }
    match &origin.resolved {
        Some(c) if c.render() == origin_text => {}
        other => problems.push(format!(
            "footnote {origin_number}: expected source\n    {origin_text}\n  got {:?}",
            other.as_ref().map(|c| c.render())
        )),
    }
    let mut previous = origin.footnote;
    for &(n, want) in &chain[1..] {
        let Some((_, note)) = info(n) else {
            problems.push(format!("footnote {n} not found"));
            continue;
        };
        let text = doc.footnotes[note.footnote].text.as_str();
        if !note.is_ibid() {
            problems.push(format!("footnote {n} is not read as an Ibid.: {text:?}"));
        }
        if note.antecedent != Some(previous) {
            problems.push(format!(
                "footnote {n}: antecedent is {:?}, expected the note before it",
                note.antecedent
            ));
        }
        if note.origin != Some(origin.footnote) {
            problems.push(format!(
                "footnote {n}: chain origin is {:?}, expected footnote {origin_number}",
                note.origin
            ));
        }
        if let Some(p) = note.problem {
            problems.push(format!("footnote {n} ({text:?}) is reported as {p:?}"));
        }
        let got = note.resolved.as_ref().map(|c| c.render());
        if got.as_deref() != Some(want) {
            problems.push(format!(
                "footnote {n} ({text:?})\n  expected {want}\n  got      {got:?}"
            ));
        }
        previous = note.footnote;
    }
    assert!(problems.is_empty(), "{rel}:\n{}", problems.join("\n"));
}

/// Official Records of the General Assembly, `session` Session, `rest`.
fn ga(session: &str, rest: &str) -> String {
    format!("Official Records of the General Assembly, {session} Session, {rest}")
}

/// Official Records of the Economic and Social Council, `year`, `rest`.
fn ecosoc(year: u32, rest: &str) -> String {
    format!("Official Records of the Economic and Social Council, {year}, {rest}")
}

fn ts(volume: &str, number: &str) -> String {
    format!("United Nations, Treaty Series, {volume}, {number}.")
}

/// Checks a chain given as owned strings in every listed format.
fn chain(stem: &str, formats: &[&str], notes: &[(u32, String)]) {
    let borrowed: Vec<(u32, &str)> = notes.iter().map(|(n, s)| (*n, s.as_str())).collect();
    for ext in formats {
        check_chain(&format!("{stem}.{ext}"), &borrowed);
    }
}

fn owned(notes: &[(u32, &str)]) -> Vec<(u32, String)> {
    notes.iter().map(|(n, s)| (*n, s.to_string())).collect()
}

const BOTH: &[&str] = &["md", "txt"];

// ---------------------------------------------------------------------------------------------
// The seeds
// ---------------------------------------------------------------------------------------------

/// 71/167 notes 1–8: eight Treaty Series notes, each "Ibid., vol. …, No. …".
#[test]
fn seed_71_167_treaty_series_notes_1_to_8() {
    let notes = [
        (1, ts("vol. 2225", "No. 39574")),
        (2, ts("vol. 2237", "No. 39574")),
        (3, ts("vol. 2241", "No. 39574")),
        (4, ts("vol. 1249", "No. 20378")),
        (5, ts("vol. 2131", "No. 20378")),
        (6, ts("vol. 1577", "No. 27531")),
        (7, ts("vol. 2171", "No. 27531")),
        (8, ts("vol. 96", "No. 1342")),
    ];
    chain("seeds/A_RES_71_167", &["md"], &notes);
}

/// 71/167 notes 20–28: after the two-source note 19 the chain restarts in full (note 20), then
/// runs across a page break (note 24 opens a new page, in roman "Ibid.").
#[test]
fn seed_71_167_treaty_series_notes_20_to_28_across_a_page_break() {
    let notes = [
        (20, ts("vol. 2220", "No. 39481")),
        (21, ts("vol. 39", "No. 612")),
        (22, ts("vol. 54", "No. 792")),
        (23, ts("vol. 120", "No. 1616")),
        (24, ts("vol. 362", "No. 5181")),
        (25, ts("vol. 1015", "No. 14862")),
        (26, ts("vol. 1120", "No. 17426")),
        (27, ts("vol. 2115", "No. 36794")),
        (28, ts("vol. 2133", "No. 37245")),
    ];
    chain("seeds/A_RES_71_167", &["md"], &notes);
    // Note 19 cites two sources: "Ibid." could not follow it.
    let doc = load("seeds/A_RES_71_167.md");
    let notes = citation::analyse(&doc);
    let note_19 = notes
        .iter()
        .find(|i| doc.footnotes[i.footnote].number == 19)
        .unwrap();
    assert!(note_19.resolved.as_ref().unwrap().sources >= 2);
}

/// 59/166 notes 4–6: "Resolution 55/25, annex I.", "Ibid., annex II.", "Ibid., annex III.".
#[test]
fn seed_59_166_resolution_annexes() {
    chain(
        "seeds/A_RES_59_166",
        &["md"],
        &owned(&[
            (4, "Resolution 55/25, annex I."),
            (5, "Resolution 55/25, annex II."),
            (6, "Resolution 55/25, annex III."),
        ]),
    );
    chain(
        "seeds/A_RES_59_166",
        &["md"],
        &[
            (11, ts("vol. 1249", "No. 20378")),
            (12, ts("vol. 1577", "No. 27531")),
        ],
    );
}

#[test]
fn seed_61_144_treaty_series_and_resolution_annexes() {
    chain(
        "seeds/A_RES_61_144",
        &["txt"],
        &[
            (1, ts("vol. 1249", "No. 20378")),
            (2, ts("vol. 2131", "No. 20378")),
            (3, ts("vol. 1577", "No. 27531")),
            (4, ts("vol. 2171", "No. 27531")),
            (5, ts("vol. 96", "No. 1342")),
        ],
    );
    chain(
        "seeds/A_RES_61_144",
        &["txt"],
        &owned(&[
            (6, "Resolution 55/25, annex I."),
            (7, "Resolution 55/25, annex II."),
            (8, "Resolution 55/25, annex III."),
        ]),
    );
}

#[test]
fn seed_61_180_resolution_annex_and_treaty_series() {
    chain(
        "seeds/A_RES_61_180",
        &["txt"],
        &owned(&[
            (1, "Resolution 55/25, annex I."),
            (2, "Resolution 55/25, annex II."),
        ]),
    );
    chain(
        "seeds/A_RES_61_180",
        &["txt"],
        &[
            (3, ts("vol. 2171", "No. 27531")),
            (4, ts("vol. 266", "No. 3822")),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Official Records
// ---------------------------------------------------------------------------------------------

/// 77/230 notes 3–40: thirty-eight notes on the reports of the Human Rights Council, changing
/// session, supplement (53, 53A, 53B, with corrigenda), chapter and section; note 37 is written
/// "Ibid. Supplement …" without the comma.
#[test]
fn ga_77_230_official_records_chain_of_38_notes() {
    let s53 = |session: &str, rest: &str| ga(session, rest);
    let notes = vec![
        (
            3,
            s53("Sixty-sixth", "Supplement No. 53 (A/66/53), chap. I."),
        ),
        (
            4,
            s53("Sixty-sixth", "Supplement No. 53 (A/66/53), chap. I."),
        ),
        (
            5,
            s53(
                "Sixty-sixth",
                "Supplement No. 53B and corrigendum (A/66/53/Add.2 and A/66/53/Add.2/Corr.1), chap. II.",
            ),
        ),
        (
            6,
            s53(
                "Sixty-seventh",
                "Supplement No. 53 and corrigendum (A/67/53 and A/67/53/Corr.1), chap. III, sect. A.",
            ),
        ),
        (
            7,
            s53(
                "Sixty-seventh",
                "Supplement No. 53 and corrigendum (A/67/53 and A/67/53/Corr.1), chap. III, sect. A.",
            ),
        ),
        (
            8,
            s53(
                "Sixty-seventh",
                "Supplement No. 53 and corrigendum (A/67/53 and A/67/53/Corr.1), chap. V.",
            ),
        ),
        (
            9,
            s53(
                "Sixty-seventh",
                "Supplement No. 53 and corrigendum (A/67/53 and A/67/53/Corr.1), chap. IV, sect. A.",
            ),
        ),
        (
            10,
            s53(
                "Sixty-seventh",
                "Supplement No. 53A (A/67/53/Add.1), chap. III.",
            ),
        ),
        (
            11,
            s53(
                "Sixty-eighth",
                "Supplement No. 53 (A/68/53), chap. IV, sect. A.",
            ),
        ),
        (
            12,
            s53(
                "Sixty-eighth",
                "Supplement No. 53 (A/68/53), chap. V, sect. A.",
            ),
        ),
        (
            13,
            s53(
                "Sixty-eighth",
                "Supplement No. 53 (A/68/53), chap. V, sect. A.",
            ),
        ),
        (
            14,
            s53(
                "Sixty-eighth",
                "Supplement No. 53A (A/68/53/Add.1), chap. III.",
            ),
        ),
        (
            15,
            s53(
                "Sixty-ninth",
                "Supplement No. 53 (A/69/53), chap. IV, sect. A.",
            ),
        ),
        (
            16,
            s53(
                "Sixty-ninth",
                "Supplement No. 53 (A/69/53), chap. V, sect. A.",
            ),
        ),
        (
            17,
            s53(
                "Sixty-ninth",
                "Supplement No. 53A and corrigenda (A/69/53/Add.1, A/69/53/Add.1/Corr.1 and A/69/53/Add.1/Corr.2), chap. IV, sect. A.",
            ),
        ),
        (
            18,
            s53("Seventieth", "Supplement No. 53 (A/70/53), chap. II."),
        ),
        (
            19,
            s53(
                "Seventieth",
                "Supplement No. 53 (A/70/53), chap. V, sect. A.",
            ),
        ),
        (
            20,
            s53(
                "Seventieth",
                "Supplement No. 53A (A/70/53/Add.1), chap. II.",
            ),
        ),
        (
            21,
            s53("Seventy-first", "Supplement No. 53 (A/71/53), chap. II."),
        ),
        (
            22,
            s53(
                "Seventy-first",
                "Supplement No. 53 (A/71/53), chap. IV, sect. A.",
            ),
        ),
        (
            23,
            s53(
                "Seventy-first",
                "Supplement No. 53A and corrigendum (A/71/53/Add.1 and A/71/53/Add.1/Corr.1), chap. II.",
            ),
        ),
        (
            24,
            s53(
                "Seventy-first",
                "Supplement No. 53B and corrigendum (A/71/53/Add.2 and A/71/53/Add.2/Corr.1), chap. II.",
            ),
        ),
        (
            25,
            s53("Seventy-second", "Supplement No. 53 (A/72/53), chap. II."),
        ),
        (
            26,
            s53(
                "Seventy-second",
                "Supplement No. 53 (A/72/53), chap. V, sect. A.",
            ),
        ),
        (
            27,
            s53(
                "Seventy-second",
                "Supplement No. 53A (A/72/53/Add.1), chap. III.",
            ),
        ),
        (
            28,
            s53(
                "Seventy-third",
                "Supplement No. 53A (A/73/53/Add.1), chap. III.",
            ),
        ),
        (
            29,
            s53(
                "Seventy-fourth",
                "Supplement No. 53 (A/74/53), chap. IV, sect. A.",
            ),
        ),
        (
            30,
            s53(
                "Seventy-fourth",
                "Supplement No. 53 (A/74/53), chap. V, sect. A.",
            ),
        ),
        (
            31,
            s53(
                "Seventy-fourth",
                "Supplement No. 53A (A/74/53/Add.1), chap. III.",
            ),
        ),
        (
            32,
            s53(
                "Seventy-fifth",
                "Supplement No. 53 (A/75/53), chap. IV, sect. A.",
            ),
        ),
        (
            33,
            s53(
                "Seventy-fifth",
                "Supplement No. 53 (A/75/53), chap. V, sect. A.",
            ),
        ),
        (
            34,
            s53(
                "Seventy-fifth",
                "Supplement No. 53A (A/75/53/Add.1), chap. III.",
            ),
        ),
        (
            35,
            s53(
                "Seventy-sixth",
                "Supplement No. 53 (A/76/53), chap. V, sect. A.",
            ),
        ),
        (
            36,
            s53(
                "Seventy-sixth",
                "Supplement No. 53 (A/76/53), chap. VII, sect. A.",
            ),
        ),
        (
            37,
            s53(
                "Seventy-sixth",
                "Supplement No. 53A (A/76/53/Add.1), chap. IV, sect. A.",
            ),
        ),
        (
            38,
            s53(
                "Seventy-seventh",
                "Supplement No. 53 (A/77/53), chap. VI, sect. A.",
            ),
        ),
        (
            39,
            s53(
                "Seventy-seventh",
                "Supplement No. 53 (A/77/53), chap. VIII, sect. A.",
            ),
        ),
        (
            40,
            s53(
                "Seventy-seventh",
                "Supplement No. 53A (A/77/53/Add.1), chap. III, sect. A.",
            ),
        ),
    ];
    chain("ga/A_RES_77_230", BOTH, &notes);
}

/// 77/230 notes 53–54: "Ibid., vols. 2171, 2173 and 2983, No. 27531." (plural volumes).
#[test]
fn ga_77_230_treaty_series_plural_volumes() {
    chain(
        "ga/A_RES_77_230",
        BOTH,
        &[
            (53, ts("vol. 1577", "No. 27531")),
            (54, ts("vols. 2171, 2173 and 2983", "No. 27531")),
        ],
    );
}

/// 75/135 notes 3–7: the report of the International Law Commission, A/74/10, introduced by
/// "See", then "Ibid." twice, "Ibid., paras. 56 and 70.", "Ibid., para. 285.".
#[test]
fn ga_75_135_ilc_report_supplement_10_chain() {
    let a74 = "Supplement No. 10 (A/74/10)";
    chain(
        "ga/A_RES_75_135",
        BOTH,
        &[
            (3, ga("Seventy-fourth", &format!("{a74}."))),
            (4, ga("Seventy-fourth", &format!("{a74}."))),
            (5, ga("Seventy-fourth", &format!("{a74}."))),
            (
                6,
                ga("Seventy-fourth", &format!("{a74}, paras. 56 and 70.")),
            ),
            (7, ga("Seventy-fourth", &format!("{a74}, para. 285."))),
        ],
    );
    chain(
        "ga/A_RES_75_135",
        BOTH,
        &[
            (9, ga("Seventy-fourth", &format!("{a74}."))),
            (10, ga("Seventy-fourth", &format!("{a74}, para. 290."))),
        ],
    );
}

/// 75/135 notes 11–14 and 16–19: "Ibid., Seventy-fourth Session, Supplement No. 10 (A/74/10)."
/// changes the session back after another session's report.
#[test]
fn ga_75_135_ibid_seventy_fourth_session_supplement_10() {
    chain(
        "ga/A_RES_75_135",
        BOTH,
        &[
            (11, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
            (
                12,
                ga(
                    "Sixty-sixth",
                    "Supplement No. 10 (A/66/10), paras. 370–388.",
                ),
            ),
            (13, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
            (14, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
        ],
    );
    chain(
        "ga/A_RES_75_135",
        BOTH,
        &[
            (
                16,
                ga("Sixty-eighth", "Supplement No. 10 (A/68/10), para. 183."),
            ),
            (17, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
            (18, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
            (19, ga("Seventy-fourth", "Supplement No. 10 (A/74/10).")),
        ],
    );
}

/// 75/242 notes 1–17: volumes of Supplement No. 5, then supplements 5A–5P.
#[test]
fn ga_75_242_supplement_5_volumes_and_supplements() {
    let s = |rest: &str| ga("Seventy-fifth", rest);
    let mut notes = vec![
        (1, s("Supplement No. 5, vol. I (A/75/5 (Vol. I)).")),
        (2, s("Supplement No. 5, vol. III (A/75/5 (Vol. III)).")),
        (3, s("Supplement No. 5, vol. IV (A/75/5 (Vol. IV)).")),
    ];
    let supplements = [
        ("A", 1),
        ("B", 2),
        ("C", 3),
        ("D", 4),
        ("E", 5),
        ("F", 6),
        ("G", 7),
        ("H", 8),
        ("I", 9),
        ("J", 10),
        ("K", 11),
        ("L", 12),
        ("O", 15),
        ("P", 16),
    ];
    for (i, (letter, add)) in supplements.iter().enumerate() {
        notes.push((
            4 + i as u32,
            s(&format!("Supplement No. 5{letter} (A/75/5/Add.{add}).")),
        ));
    }
    chain("ga/A_RES_75_242", BOTH, &notes);
}

/// 76/229 notes 1–17: the report of UNCITRAL, A/76/17, by chapter, section and annex; notes 8
/// and 16 go to other sessions and 9 and 17 come back.
#[test]
fn ga_76_229_uncitral_report_chapters_and_sections() {
    let a76 = |rest: &str| {
        ga(
            "Seventy-sixth",
            &format!("Supplement No. 17 (A/76/17){rest}"),
        )
    };
    let notes = vec![
        (1, a76(".")),
        (2, a76(", chap. IV, sect. C, and annex I.")),
        (3, a76(", chap. V, sect. G, and annex II.")),
        (4, a76(", chap. VI, sect. B.2, and annex III.")),
        (5, a76(", chap. VI, sect. C.2.")),
        (6, a76(", chap. VI, sect. D.2.")),
        (7, a76(", chap. VII, sect. D, and annex IV.")),
        (
            8,
            ga("Sixty-eighth", "Supplement No. 17 (A/68/17), annex I."),
        ),
        (9, a76(", chap. XV, sect. D.1.")),
        (10, a76(", chaps. IV–XI.")),
        (11, a76(", chap. XII, sects. B.2–B.5.")),
        (12, a76(", chap. XII, sect. B.4 (b).")),
        (13, a76(", chap. XII, sects. B.1, B.4 (c) and C.1 (a).")),
        (14, a76(", chap. XII, sect. C.2.")),
        (15, a76(", chap. XIII.")),
        (
            16,
            ga(
                "Seventy-fifth",
                "Supplement No. 17 (A/75/17), part two, chap. X, sect. C.4.",
            ),
        ),
        (17, a76(", chap. XV, sect. B.1 (b).")),
    ];
    chain("ga/A_RES_76_229", BOTH, &notes);
    chain(
        "ga/A_RES_76_229",
        BOTH,
        &[
            (19, ga("Sixty-fifth", "Supplement No. 17 (A/65/17).")),
            (20, a76(", chap. XII, sect. E.")),
            (21, a76(", chap. IX.")),
            (22, a76(", chap. XX, sect. A.")),
            (23, a76(", chap. XVIII.")),
        ],
    );
}

/// 75/94 notes 1–2: "Ibid., pp. 6–8." after the report of UNRWA's Commissioner-General.
#[test]
fn ga_75_94_official_records_pages() {
    chain(
        "ga/A_RES_75_94",
        BOTH,
        &[
            (1, ga("Seventy-fifth", "Supplement No. 13 (A/75/13).")),
            (
                2,
                ga("Seventy-fifth", "Supplement No. 13 (A/75/13), pp. 6–8."),
            ),
        ],
    );
}

/// Economic and Social Council Official Records are cited by year: "Ibid., 2008, Supplement
/// No. 5 (E/2008/25), chap. I, sect. B." (75/226 notes 2–5).
#[test]
fn ga_75_226_ecosoc_official_records_by_year() {
    chain(
        "ga/A_RES_75_226",
        BOTH,
        &[
            (
                2,
                ecosoc(2006, "Supplement No. 5 (E/2006/25), chap. I, sect. B."),
            ),
            (
                3,
                ecosoc(2008, "Supplement No. 5 (E/2008/25), chap. I, sect. B."),
            ),
            (
                4,
                ecosoc(2013, "Supplement No. 5 (E/2013/25), chap. I, sect. B."),
            ),
            (
                5,
                ecosoc(2014, "Supplement No. 5 (E/2014/25), chap. I, sect. B."),
            ),
        ],
    );
}

/// 76/188: ECOSOC years (notes 2–4 and 26–27) and "Ibid., resolution 64/1." (note 14), a
/// resolution of the Commission on Narcotic Drugs inside the ECOSOC supplement of note 13.
#[test]
fn ga_76_188_ecosoc_years_and_a_commission_resolution() {
    chain(
        "ga/A_RES_76_188",
        BOTH,
        &[
            (
                2,
                ecosoc(2019, "Supplement No. 8 (E/2019/28), chap. I, sect. B."),
            ),
            (
                3,
                ecosoc(2009, "Supplement No. 8 (E/2009/28), chap. I, sect. C."),
            ),
            (
                4,
                ecosoc(2014, "Supplement No. 8 (E/2014/28), chap. I, sect. C."),
            ),
        ],
    );
    chain(
        "ga/A_RES_76_188",
        BOTH,
        &[
            (
                13,
                ecosoc(2021, "Supplement No. 8 (E/2021/28), chap. I, sect. B."),
            ),
            (
                14,
                ecosoc(
                    2021,
                    "Supplement No. 8 (E/2021/28), chap. I, sect. B, resolution 64/1.",
                ),
            ),
        ],
    );
    chain(
        "ga/A_RES_76_188",
        BOTH,
        &[
            (
                26,
                ecosoc(2020, "Supplement No. 8 (E/2020/28), chap. I, sect. B."),
            ),
            (
                27,
                ecosoc(2017, "Supplement No. 4 (E/2017/24), chap. I, sect. C."),
            ),
        ],
    );
}

/// 75/196 notes 15–16: "See" ECOSOC 2017, then "Ibid., 2013, Supplement No. 7 …".
#[test]
fn ga_75_196_ecosoc_see_then_ibid() {
    chain(
        "ga/A_RES_75_196",
        BOTH,
        &[
            (
                15,
                ecosoc(2017, "Supplement No. 10 (E/2017/30), chap. I, sect. D."),
            ),
            (
                16,
                ecosoc(2013, "Supplement No. 7 (E/2013/27), chap. I, sect. A."),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Treaty Series
// ---------------------------------------------------------------------------------------------

/// 76/16 notes 1–8: eight treaties, including "Ibid., vols. 249 and 2253, No. 3511.".
#[test]
fn ga_76_16_treaty_series_chain_of_8() {
    chain(
        "ga/A_RES_76_16",
        BOTH,
        &[
            (1, ts("vol. 823", "No. 11806")),
            (2, ts("vol. 2421", "No. 43718")),
            (3, ts("vol. 249", "No. 3511")),
            (4, ts("vols. 249 and 2253", "No. 3511")),
            (5, ts("vol. 1037", "No. 15511")),
            (6, ts("vol. 2562", "No. 45694")),
            (7, ts("vol. 2368", "No. 42671")),
            (8, ts("vol. 2440", "No. 43977")),
        ],
    );
}

/// 77/248 notes 75–80: six Treaty Series notes in the longest law-of-the-sea resolution.
#[test]
fn ga_77_248_treaty_series_chain_of_6() {
    chain(
        "ga/A_RES_77_248",
        BOTH,
        &[
            (75, ts("vol. 2225", "No. 39574")),
            (76, ts("vol. 2349", "No. 42146")),
            (77, ts("vol. 993", "No. 14537")),
            (78, ts("vol. 2241", "No. 39574")),
            (79, ts("vol. 2326", "No. 39574")),
            (80, ts("vol. 2237", "No. 39574")),
        ],
    );
}

/// 75/196 notes 1–5 (after a note citing four volumes), and 18–19, where the Ibid. note itself
/// adds a second source after "; and".
#[test]
fn ga_75_196_treaty_series_chains() {
    chain(
        "ga/A_RES_75_196",
        BOTH,
        &[
            (1, ts("vols. 2225, 2237, 2241 and 2326", "No. 39574")),
            (2, ts("vol. 976", "No. 14152")),
            (3, ts("vol. 1019", "No. 14956")),
            (4, ts("vol. 1582", "No. 27627")),
            (5, ts("vol. 2349", "No. 42146")),
        ],
    );
    chain(
        "ga/A_RES_75_196",
        BOTH,
        &owned(&[
            (18, "United Nations, Treaty Series, vol. 1577, No. 27531."),
            (
                19,
                "United Nations, Treaty Series, vols. 2171 and 2173, No. 27531; and resolution 66/138, annex.",
            ),
        ]),
    );
}

#[test]
fn ga_75_226_and_76_188_treaty_series_chains() {
    chain(
        "ga/A_RES_75_226",
        BOTH,
        &[
            (14, ts("vol. 660", "No. 9464")),
            (15, ts("vol. 1249", "No. 20378")),
            (16, ts("vol. 1577", "No. 27531")),
            (17, ts("vol. 2515", "No. 44910")),
        ],
    );
    chain(
        "ga/A_RES_76_188",
        BOTH,
        &[
            (6, ts("vol. 976", "No. 14152")),
            (7, ts("vol. 1019", "No. 14956")),
            (8, ts("vol. 1582", "No. 27627")),
        ],
    );
    chain(
        "ga/A_RES_76_188",
        BOTH,
        &[
            (28, ts("vols. 2225, 2237, 2241 and 2326", "No. 39574")),
            (29, ts("vol. 2349", "No. 42146")),
        ],
    );
    chain(
        "ga/A_RES_75_94",
        BOTH,
        &[
            (21, ts("vol. 1577", "No. 27531")),
            (22, ts("vol. 1249", "No. 20378")),
            (23, ts("vol. 2515", "No. 44910")),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Resolutions and documents
// ---------------------------------------------------------------------------------------------

/// 75/216 notes 1–2: "Resolution 69/283, annex I." then "Ibid., annex II.".
#[test]
fn ga_75_216_resolution_annex_chain() {
    chain(
        "ga/A_RES_75_216",
        BOTH,
        &owned(&[
            (1, "Resolution 69/283, annex I."),
            (2, "Resolution 69/283, annex II."),
        ]),
    );
    chain(
        "ga/A_RES_75_216",
        BOTH,
        &[
            (19, ts("vol. 1760", "No. 30619")),
            (20, ts("vol. 1954", "No. 33480")),
        ],
    );
}

/// 75/226 notes 12–13: bare "Ibid." after "See resolution 2200 A (XXI), annex.".
#[test]
fn ga_75_226_bare_ibid_after_see_resolution() {
    chain(
        "ga/A_RES_75_226",
        BOTH,
        &owned(&[
            (12, "Resolution 2200 A (XXI), annex."),
            (13, "Resolution 2200 A (XXI), annex."),
        ]),
    );
}

/// 77/298 notes 17–19: "A/77/718.", "Ibid., annex II.", "Ibid., annex III.".
#[test]
fn ga_77_298_document_annexes() {
    chain(
        "ga/A_RES_77_298",
        BOTH,
        &owned(&[
            (17, "A/77/718."),
            (18, "A/77/718, annex II."),
            (19, "A/77/718, annex III."),
        ]),
    );
}

/// 76/274 notes 9–10 and 11–12: bare "Ibid." after a document symbol.
#[test]
fn ga_76_274_bare_ibid_after_document_symbols() {
    chain(
        "ga/A_RES_76_274",
        BOTH,
        &owned(&[(9, "A/76/760."), (10, "A/76/760.")]),
    );
    chain(
        "ga/A_RES_76_274",
        BOTH,
        &owned(&[(11, "A/76/774."), (12, "A/76/774.")]),
    );
}

/// 75/88 notes 4–5: "See BWC/MSP/2019/7, para. 23." then "Ibid., paras. 31–32.".
#[test]
fn ga_75_88_document_paragraphs() {
    chain(
        "ga/A_RES_75_88",
        BOTH,
        &owned(&[
            (4, "BWC/MSP/2019/7, para. 23."),
            (5, "BWC/MSP/2019/7, paras. 31–32."),
        ]),
    );
}

/// 75/196 notes 10–12: sections of the report of the Conference of the States Parties to the
/// Convention against Corruption.
#[test]
fn ga_75_196_document_sections() {
    chain(
        "ga/A_RES_75_196",
        BOTH,
        &owned(&[
            (10, "CAC/COSP/2019/17, sect. I.C."),
            (11, "CAC/COSP/2019/17, sect. I.B."),
            (12, "CAC/COSP/2019/17, sect. I.B."),
        ]),
    );
}

/// 75/72 notes 1–2: bare "Ibid." after "See" the Final Document of the 2010 NPT Review
/// Conference.
#[test]
fn ga_75_72_bare_ibid_after_see_final_document() {
    let final_document = "2010 Review Conference of the Parties to the Treaty on the Non-Proliferation of Nuclear Weapons, Final Document, vol. I (NPT/CONF.2010/50 (Vol. I)), part I.";
    chain(
        "ga/A_RES_75_72",
        BOTH,
        &owned(&[(1, final_document), (2, final_document)]),
    );
}

/// 75/172 notes 7–9: a document and its corrigendum are one source. "Ibid., advisory opinion,
/// para. 88." and "Ibid., para. 122." refer to the advisory opinion in A/ES-10/273.
#[test]
fn ga_75_172_a_document_with_its_corrigendum_is_one_source() {
    chain(
        "ga/A_RES_75_172",
        BOTH,
        &owned(&[
            (7, "A/ES-10/273 and A/ES-10/273/Corr.1."),
            (
                8,
                "A/ES-10/273 and A/ES-10/273/Corr.1, advisory opinion, para. 88.",
            ),
            (
                9,
                "A/ES-10/273 and A/ES-10/273/Corr.1, advisory opinion, para. 122.",
            ),
        ]),
    );
}

/// 75/62 notes 3–4: the final report of the First Review Conference of the Convention on
/// Cluster Munitions with its corrigendum, then "Ibid., annex III.".
#[test]
fn ga_75_62_document_with_corrigendum_then_annex() {
    chain(
        "ga/A_RES_75_62",
        BOTH,
        &owned(&[
            (3, "CCM/CONF/2015/7 and CCM/CONF/2015/7/Corr.1, annex I."),
            (4, "CCM/CONF/2015/7 and CCM/CONF/2015/7/Corr.1, annex III."),
        ]),
    );
}

// ---------------------------------------------------------------------------------------------
// Publications and other sources whose title carries a place, a date or a subtitle
// ---------------------------------------------------------------------------------------------

/// 75/216 notes 3–4: Agenda 21 is annex II of resolution 1 of the Rio Conference. The place,
/// dates, volume and sales number belong to the source and stay.
#[test]
fn ga_75_216_rio_conference_report_annex() {
    let report = "Report of the United Nations Conference on Environment and Development, Rio de Janeiro, 3\u{2212}14 June 1992, vol. I, Resolutions Adopted by the Conference (United Nations publication, Sales No. E.93.I.8 and corrigendum), resolution 1";
    chain(
        "ga/A_RES_75_216",
        BOTH,
        &[
            (3, format!("{report}, annex I.")),
            (4, format!("{report}, annex II.")),
        ],
    );
}

/// 75/216 notes 6–7: the Johannesburg Plan of Implementation is resolution 2, annex, of the
/// World Summit on Sustainable Development (chap. I of its report). The source writes a
/// no-break space in "26\u{a0}August".
#[test]
fn ga_75_216_johannesburg_summit_report_resolution_2() {
    let report = "Report of the World Summit on Sustainable Development, Johannesburg, South Africa, 26\u{a0}August–4 September 2002 (United Nations publication, Sales No. E.03.II.A.1 and corrigendum), chap. I";
    chain(
        "ga/A_RES_75_216",
        BOTH,
        &[
            (6, format!("{report}, resolution 1, annex.")),
            (7, format!("{report}, resolution 2, annex.")),
        ],
    );
}

/// 75/227 notes 1–2: the Istanbul Programme of Action is chapter II of the report of the Fourth
/// United Nations Conference on the Least Developed Countries.
#[test]
fn ga_75_227_conference_report_chapter() {
    let report = "Report of the Fourth United Nations Conference on the Least Developed Countries, Istanbul, Turkey, 9–13 May 2011 (A/CONF.219/7)";
    chain(
        "ga/A_RES_75_227",
        BOTH,
        &[
            (1, format!("{report}, chap. I.")),
            (2, format!("{report}, chap. II.")),
        ],
    );
}

/// 76/31 notes 3–5: volume I of the Final Document of the 2000 NPT Review Conference, then a
/// section and paragraph of its part I.
#[test]
fn ga_76_31_npt_final_document_volume_and_section() {
    let conference = "2000 Review Conference of the Parties to the Treaty on the Non-Proliferation of Nuclear Weapons, Final Document";
    chain(
        "ga/A_RES_76_31",
        BOTH,
        &[
            (
                3,
                format!(
                    "{conference}, vols. I–III (NPT/CONF.2000/28 (Parts I and II), NPT/CONF.2000/28 (Part III) and NPT/CONF.2000/28 (Part IV))."
                ),
            ),
            (
                4,
                format!("{conference}, vol. I (NPT/CONF.2000/28 (Parts I and II)), part I."),
            ),
            (
                5,
                format!(
                    "{conference}, vol. I (NPT/CONF.2000/28 (Parts I and II)), part I, section entitled “Article VI and eighth to twelfth preambular paragraphs”, para. 15."
                ),
            ),
        ],
    );
}

/// 76/16 notes 12–13: the Records of the UNESCO General Conference; the organization's name
/// contains a comma ("United Nations Educational, Scientific and Cultural Organization").
#[test]
fn ga_76_16_unesco_general_conference_records() {
    let records = "United Nations Educational, Scientific and Cultural Organization, Records of the General Conference, Thirty-eighth Session, Paris, 3–18 November 2015, vol. 1, Resolutions";
    chain(
        "ga/A_RES_76_16",
        BOTH,
        &[
            (12, format!("{records}, annex V.")),
            (13, format!("{records}, annex IV.")),
        ],
    );
}

/// 77/248 notes 81–82 and 85–86: International Maritime Organization documents; "Ibid." keeps
/// the document and changes the annex and the resolution.
#[test]
fn ga_77_248_imo_document_annexes() {
    let imo = "International Maritime Organization, document";
    chain(
        "ga/A_RES_77_248",
        BOTH,
        &[
            (
                81,
                format!("{imo} MSC 84/24/Add.1, annex 3, resolution MSC.257(84)."),
            ),
            (
                82,
                format!("{imo} MSC 84/24/Add.1, annex 1, resolution MSC.255(84)."),
            ),
        ],
    );
    chain(
        "ga/A_RES_77_248",
        BOTH,
        &[
            (
                85,
                format!("{imo} MSC 78/26/Add.1, annex 5, resolution MSC.155(78)."),
            ),
            (
                86,
                format!("{imo} MSC 78/26/Add.1, annex 3, resolution MSC.153(78)."),
            ),
        ],
    );
}

/// 77/228 notes 10–11: in the Markdown, footnote 10 is followed on the next line, without a
/// blank line, by operative paragraphs 14–16; they are not part of the footnote.
#[test]
fn ga_77_228_footnote_followed_directly_by_operative_paragraphs() {
    chain(
        "ga/A_RES_77_228",
        BOTH,
        &[
            (10, ts("vol. 596", "No. 8638")),
            (11, ts("vol. 660", "No. 9464")),
        ],
    );
    let doc = load("ga/A_RES_77_228.md");
    let note_10 = doc.footnote(10).unwrap();
    assert_eq!(
        note_10.text.as_str(),
        "United Nations, Treaty Series, vol. 596, No. 8638."
    );
    let numbers: Vec<u32> = doc.paragraphs.iter().filter_map(|p| p.number()).collect();
    for n in [14, 15, 16] {
        assert!(
            numbers.contains(&n),
            "operative paragraph {n} is missing from the model"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// What the user sees
// ---------------------------------------------------------------------------------------------

/// None of the fixture resolutions (adopted texts, correct UN practice) gets an Ibid. warning.
#[test]
fn adopted_resolutions_raise_no_ibid_diagnostics() {
    let mut offenders = Vec::new();
    let dir = fixture("ga");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "fixtures missing: {}", files.len());
    for path in files {
        let doc = Document::parse_path(&path, std::fs::read_to_string(&path).unwrap());
        for d in rules::check(&doc, &Config::default()) {
            if d.code().starts_with("ibid-") {
                offenders.push(format!(
                    "{}:{}: {}[{}] {}",
                    path.file_name().unwrap().to_string_lossy(),
                    doc.lines.line_of(d.span.start) + 1,
                    d.severity.as_str(),
                    d.code(),
                    d.message
                ));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

/// `resolute footnotes` prints the resolved citation after "=>".
#[test]
fn footnotes_command_prints_resolved_chains() {
    for ext in ["md", "txt"] {
        let path = fixture(&format!("ga/A_RES_77_230.{ext}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
            .arg("footnotes")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        let row = |n: u32| -> Vec<String> {
            text.lines()
                .find(|l| l.split('\t').next() == Some(&n.to_string()))
                .unwrap_or_else(|| panic!("no footnote {n} in\n{text}"))
                .split('\t')
                .map(str::to_string)
                .collect()
        };
        assert_eq!(row(4)[2], "Ibid.");
        assert_eq!(
            row(4)[3],
            format!(
                "=> {}",
                ga("Sixty-sixth", "Supplement No. 53 (A/66/53), chap. I.")
            )
        );
        assert_eq!(
            row(37)[2],
            "Ibid. Supplement No. 53A (A/76/53/Add.1), chap. IV, sect. A."
        );
        assert_eq!(
            row(37)[3],
            format!(
                "=> {}",
                ga(
                    "Seventy-sixth",
                    "Supplement No. 53A (A/76/53/Add.1), chap. IV, sect. A."
                )
            )
        );
        assert_eq!(text.lines().count(), 57, "{ext}: one line per footnote");
    }
}
