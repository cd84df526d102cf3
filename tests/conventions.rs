//! Conventions of texts the checker was not built on (issue 11): resolutions of other bodies,
//! numbering scopes in annexed instruments, markers glued to numbers in ODS text, "Ibid." after
//! parts of one series, "also"/"further" read by verb, lists inside preambular paragraphs,
//! Security Council texts and hand-typed drafts. Every fixture is a short text in the style of
//! adopted resolutions, written for these tests; each should draw no finding, or exactly the
//! finding named.

use resolute::config::Config;
use resolute::fix::{self, FixOptions};
use resolute::model::{Document, Format, ParagraphKind};
use resolute::precedent::PrecedentIndex;
use resolute::rules::{self, Context};
use std::path::Path;
use std::sync::OnceLock;

fn index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/precedent");
        let files = resolute::files::collect_files(&[dir]).unwrap();
        PrecedentIndex::build(&files, |_, _| {})
    })
}

/// Rule codes reported on `text`, checked against the fixture precedents.
fn codes(text: &str, format: Format) -> Vec<&'static str> {
    let doc = Document::parse(text.to_string(), format);
    let config = Config::default();
    let cx = Context::new(&doc, &config).with_precedents(index());
    rules::check_with(&cx).iter().map(|d| d.code()).collect()
}

fn md(body: &str) -> String {
    format!("*The General Assembly,*\n\n{body}")
}

/// The same draft as ODS text: tab-indented paragraphs, `N.<TAB>` labels, no italics.
fn ods(md_text: &str) -> String {
    md_text
        .split("\n\n")
        .map(|p| {
            let p = p.replace('*', "");
            match p.split_once(". ") {
                Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => {
                    format!("\t{n}.\t{rest}")
                }
                _ => match p.split_once(") ") {
                    Some((l, rest)) if l.starts_with('(') && !l.contains(' ') => {
                        format!("\t{l})\t{rest}")
                    }
                    _ => format!("\t{p}"),
                },
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// No finding in either format.
fn clean_in_both(md_text: &str) {
    assert_eq!(
        codes(md_text, Format::Markdown),
        Vec::<&str>::new(),
        "Markdown:\n{md_text}"
    );
    let txt = ods(md_text);
    assert_eq!(codes(&txt, Format::Ods), Vec::<&str>::new(), "ODS:\n{txt}");
}

// 1. Resolutions of other bodies --------------------------------------------------------------

const DATED_WRONG: &str = "75/174 of 17 December 2020";

#[test]
fn an_assembly_resolution_with_a_wrong_date_is_still_caught() {
    let text = md(&format!(
        "*Recalling* its resolution {DATED_WRONG},\n\n1. *Decides* to remain seized of the matter.\n"
    ));
    assert!(codes(&text, Format::Markdown).contains(&"resolution-date-mismatch"));
}

#[test]
fn other_bodies_resolutions_are_not_read_as_the_assemblys() {
    for citing in [
        "Human Rights Council resolutions 49/2 of 31 March 2022 and 52/13 of 3 April 2023, the most recent of which being resolution 75/174 of 7 October 2020",
        "the Economic and Social Commission for Asia and the Pacific, at its seventy-fifth session, in its resolution 75/174 of 21 May 2019",
        "resolution 75/174 of 15 December 2020 of the Conference of the States Parties to the Convention",
        "resolution 75/174 of 2 March 2022 adopted by the United Nations Environment Assembly",
        "Economic and Social Council resolution 2019/15 of 8 July 2019",
        "resolution 75/174 of 3 April 2023",
    ] {
        let text = md(&format!(
            "*Recalling* {citing},\n\n1. *Decides* to remain seized of the matter.\n"
        ));
        clean_in_both(&text);
    }
}

// 2. Numbering scopes -------------------------------------------------------------------------

const OPERATIVE_START: &str = "*Recalling* its resolution 70/1 of 25 September 2015,\n\n";

#[test]
fn annexed_instruments_number_paragraphs_per_article_in_any_heading_style() {
    for heading in ["Article", "*Article", "**Article"] {
        let close = match heading {
            "*Article" => "*",
            "**Article" => "**",
            _ => "",
        };
        let text = md(&format!(
            "{OPERATIVE_START}1. *Adopts* the Convention annexed to the present resolution.\n\n72nd plenary meeting\n\nAnnex\n\nConvention on the example of numbering\n\n{heading} 1{close}\n\n1. Each State Party shall designate an authority.\n\n2. The authority shall report.\n\n{heading} 2{close}\n\n1. This Convention is open for signature.\n\n2. It is subject to ratification.\n"
        ));
        assert_eq!(codes(&text, Format::Markdown), Vec::<&str>::new(), "{text}");
    }
    let txt = "\tThe General Assembly,\n\tRecalling its resolution 70/1 of 25 September 2015,\n\t1.\tAdopts the Convention annexed to the present resolution.\n\n72nd plenary meeting\n\nAnnex\n\tArticle 1\n\t1.\tEach State Party shall designate an authority.\n\t2.\tThe authority shall report.\n\tArticle 2\n\t1.\tThis Convention is open for signature.\n";
    assert_eq!(codes(txt, Format::Ods), Vec::<&str>::new());
}

#[test]
fn a_numbered_list_after_a_colon_is_nested_not_misnumbered() {
    clean_in_both(&md(&format!(
        "{OPERATIVE_START}1. *Decides* that the provisional agenda of the session shall include the following items:\n\n1. Opening of the session\n\n2. Strengthening cooperation\n\n3. Adoption of the report\n\n2. *Requests* the Secretary-General to report;\n\n3. *Decides* to remain seized of the matter.\n"
    )));
}

#[test]
fn an_article_ending_on_a_colon_list_does_not_swallow_the_next_articles_paragraphs() {
    let text = md(&format!(
        "{OPERATIVE_START}1. *Amends* the regulations as detailed in the annex to the present resolution.\n\n72nd plenary meeting\n\nAnnex\n\n**Article 4**\n\n1. A treaty shall be registered in the following cases:\n\n(a) Where the Organization is a party;\n\n(b) Where the Organization is the depositary.\n\n**Article 5**\n\n1. Any submission shall include a certified copy.\n\n2. The certifying statement shall set forth:\n\n(a) The full title;\n\n(b) The date of entry into force.\n\n3. For multilateral treaties, the statement shall include:\n\n(a) A list of the parties; and\n\n(b) A certification.\n\n4. These requirements also apply to subsequent actions.\n"
    ));
    assert_eq!(codes(&text, Format::Markdown), Vec::<&str>::new(), "{text}");
}

#[test]
fn a_later_part_continues_the_notes_of_the_first() {
    let md_text = "**B**<sup>2</sup>\n\n*The General Assembly,*\n\n*Recalling* its resolution 75/257 A,\n\n*Taking note* of the report,<sup>3</sup>\n\n1. *Approves* the addendum.\n\n---\n\n<sup>2</sup> Resolution 75/257 becomes resolution 75/257 A.\n\n<sup>3</sup> A/75/809.\n";
    assert_eq!(codes(md_text, Format::Markdown), Vec::<&str>::new());
    let txt = "B2\n\tThe General Assembly,\n\tRecalling its resolution 75/257 A,\n\tTaking note of the report,3\n\t1.\tApproves the addendum.\n\n72nd plenary meeting\n7 July 2021\n\n2 Resolution 75/257 becomes resolution 75/257 A.\n3 A/75/809.\n";
    let markers: Vec<u32> = Document::parse(txt.to_string(), Format::Ods)
        .markers
        .iter()
        .map(|m| m.number)
        .collect();
    assert_eq!(markers, [2, 3]);
    assert_eq!(codes(txt, Format::Ods), Vec::<&str>::new());
    let skipped = md_text.replacen("<sup>2</sup>", "", 1);
    let found = codes(&skipped, Format::Markdown);
    assert!(found.contains(&"footnote-sequence"), "{found:?}");
}

/// An adopted text whose note 1 stood in its heading, lost in conversion, starts at note 2; a
/// draft starting at note 2 has lost its note 1.
#[test]
fn an_adopted_text_may_start_its_notes_above_one_a_draft_may_not() {
    let body = "*The General Assembly,*\n\n*Reaffirming* the Paris Agreement,<sup>2</sup>\n\n*Taking note* of the report,<sup>3</sup>\n\n1. *Welcomes* the report.\n\n---\n\n<sup>2</sup> See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.\n\n<sup>3</sup> A/76/809.\n";
    let adopted = format!(
        "## Resolution adopted by the General Assembly on 21 July 2022\n\n### 76/300. Title\n\n{body}"
    );
    assert_eq!(codes(&adopted, Format::Markdown), Vec::<&str>::new());
    let txt = "Resolution adopted by the General Assembly on 21 July 2022\n\t76/300.\tTitle\n\tThe General Assembly,\n\tReaffirming the Paris Agreement,2\n\tTaking note of the report,3\n\t1.\tWelcomes the report.\n\n72nd plenary meeting\n21 July 2022\n\n2 See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.\n3 A/76/809.\n";
    assert_eq!(codes(txt, Format::Ods), Vec::<&str>::new());
    let draft = format!("## Draft resolution\n\n### Title\n\n{body}");
    assert!(codes(&draft, Format::Markdown).contains(&"footnote-sequence"));
    let skipped = adopted.replacen("report,<sup>3</sup>", "report,<sup>4</sup>", 1);
    assert!(codes(&skipped, Format::Markdown).contains(&"footnote-sequence"));
    let draft_gap = draft
        .replace("<sup>3</sup>", "<sup>5</sup>")
        .replace("<sup>2</sup>", "<sup>1</sup>");
    assert!(codes(&draft_gap, Format::Markdown).contains(&"footnote-sequence"));
}

#[test]
fn quoted_amendments_belong_to_no_numbering() {
    clean_in_both(&md(&format!(
        "{OPERATIVE_START}1. *Decides* to replace paragraph 4 of the rules with the following:\n\n“4. In hearing a case, the tribunal shall sit in chambers.”;\n\n2. *Decides also* to remain seized of the matter.\n"
    )));
}

#[test]
fn lettered_headings_restart_lists_and_two_labels_share_a_line() {
    clean_in_both(&md(&format!(
        "{OPERATIVE_START}1. *Decides* as follows:\n\nA. Budget matters\n\n(a) To approve the budget;\n\n(b) To approve the staffing;\n\nB. Other matters\n\n(a) (i) To note the report;\n\n(ii) To note the audit;\n\n(b) To close the account;\n\n2. *Decides* to remain seized of the matter.\n"
    )));
}

#[test]
fn the_last_paragraph_of_a_titled_final_section_closes_the_resolution() {
    clean_in_both(&md(&format!(
        "{OPERATIVE_START}1. *Approves* the budget;\n\n2. *Decides* to appropriate the amounts;\n\nB. Financing\n\n*Decides* to apportion the amounts among Member States.\n"
    )));
}

// 3. ODS markers glued to numbers -------------------------------------------------------------

fn ods_markers(body: &str, notes: &str) -> Vec<u32> {
    let text = format!(
        "\tThe General Assembly,\n{body}\n\n72nd plenary meeting\n1 December 2023\n{notes}"
    );
    Document::parse(text, Format::Ods)
        .markers
        .iter()
        .map(|m| m.number)
        .collect()
}

#[test]
fn a_number_glued_to_the_next_uncited_note_is_split() {
    let notes = "1 Resolution S-35/1, annex.\n2 See World Health Organization, document A74/10.\n3 United Nations, Treaty Series, vol. 1577, No. 27531.\n";
    let body = "\tRecalling the outcome of the special session in its resolution S-35/11,\n\tConcerned about the coronavirus disease (COVID-19) pandemic, COVID-192 and its effects,\n\tRecalling the Convention on the Rights of the Child, registered as No. 275313,\n\t1.\tDecides to remain seized of the matter.";
    assert_eq!(ods_markers(body, notes), [1, 2, 3]);
}

// 4. Ibid. ------------------------------------------------------------------------------------

#[test]
fn ibid_after_parts_of_one_series_or_repeating_a_whole_note_is_not_ambiguous() {
    let text = md(
        "*Recalling* the reports of the Committee for 2023 and 2024,<sup>1</sup> and the report for 2025,<sup>2</sup>\n\n*Recalling also* the same reports,<sup>3</sup>\n\n1. *Decides* to remain seized of the matter.\n\n---\n\n<sup>1</sup> *Official Records of the General Assembly, Seventy-eighth Session, Supplement No. 12* (A/78/12); ibid., *Seventy-ninth Session, Supplement No. 12* (A/79/12).\n\n<sup>2</sup> Ibid., *Eightieth Session, Supplement No. 12* (A/80/12).\n\n<sup>3</sup> Ibid.\n",
    );
    assert_eq!(codes(&text, Format::Markdown), Vec::<&str>::new());
}

// 5. "also"/"further" -------------------------------------------------------------------------

#[test]
fn also_and_further_compare_verbs_not_phrases() {
    clean_in_both(&md(&format!(
        "{OPERATIVE_START}1. *Stresses* that cooperation is needed;\n\n2. *Also stresses* the importance of cooperation;\n\n3. *Encourages* Member States to cooperate;\n\n4. *Also encourages* regional bodies to cooperate;\n\n5. *Further encourages* subregional bodies to cooperate;\n\n6. *Decides* to remain seized of the matter.\n"
    )));
    let txt = ods(&md(&format!(
        "{OPERATIVE_START}1. *Encourages* further efforts to cooperate;\n\n2. *Decides* to remain seized of the matter.\n"
    )));
    assert_eq!(codes(&txt, Format::Ods), Vec::<&str>::new());
}

// 6. Lists inside a preambular paragraph ------------------------------------------------------

#[test]
fn a_list_inside_a_preambular_paragraph_ends_its_items_with_commas() {
    clean_in_both(&md(
        "*Recalling* the three objectives of the programme:\n\n(a) Cooperation,\n\n(b) Capacity-building,\n\n(c) Follow-up,\n\n1. *Decides* to remain seized of the matter.\n",
    ));
}

// 7. Security Council texts -------------------------------------------------------------------

const SECURITY_COUNCIL: &str = "*The Security Council*,\n\n*Recalling* its resolutions 1325 (2000), 2242 (2015) and 2334 (2016),\n\n*Reaffirming* its commitment to the Convention on the Rights of the Child and the Charter of the United Nations,\n\n*Determining* that the situation in the region constitutes a threat to international peace and security,\n\n*Acting* under Chapter VII of the Charter of the United Nations,\n\n1. *Demands* that all parties cease hostilities;\n\n2. *Decides* to renew the mandate of the mission until 31 December 2025;\n\n3. *Further decides* that the mission shall report every three months;\n\n4. *Underlines* the need for accountability;\n\n5. *Expresses its intention* to review the mandate;\n\n6. *Decides* to remain actively seized of the matter.\n";

#[test]
fn security_council_texts_draw_no_general_assembly_finding() {
    assert_eq!(
        codes(SECURITY_COUNCIL, Format::Markdown),
        Vec::<&str>::new()
    );
    let txt = ods(SECURITY_COUNCIL);
    assert_eq!(codes(&txt, Format::Ods), Vec::<&str>::new(), "{txt}");
    let doc = Document::parse(SECURITY_COUNCIL.to_string(), Format::Markdown);
    assert_eq!(doc.body(), resolute::model::Body::SecurityCouncil);
}

#[test]
fn the_same_conventions_in_an_assembly_text_are_reported() {
    let ga = SECURITY_COUNCIL.replace("*The Security Council*,", "*The General Assembly*,");
    let found = codes(&ga, Format::Markdown);
    assert!(found.contains(&"further-without-also"), "{found:?}");
}

#[test]
fn the_organ_comes_from_the_symbol_when_there_is_no_organ_line() {
    let text = "# United Nations S/2025/123\n\n1. *Demands* that all parties cease hostilities;\n\n2. *Further decides* to remain seized of the matter.\n";
    let doc = Document::parse(text.to_string(), Format::Markdown);
    assert_eq!(doc.body(), resolute::model::Body::SecurityCouncil);
}

// 8. Hand-typed drafts ------------------------------------------------------------------------

const HAND_TYPED: &str = "Draft resolution on cooperation\n\nThe General Assembly,\n\nRecalls its resolution 70/1 of 25 September 2015,\n\nNoting the report of the Secretary-General on\ncooperation among Member States,\n\n1. Welcomes the report;\n\n3. Requests the Secretary-General to report\nat its next session.\n";

#[test]
fn hand_typed_text_gets_the_full_checks() {
    let found = codes(HAND_TYPED, Format::Ods);
    assert!(found.contains(&"preambular-opening"), "{found:?}");
    assert!(found.contains(&"operative-numbering"), "{found:?}");
    let doc = Document::parse(HAND_TYPED.to_string(), Format::Ods);
    let noting = doc
        .paragraphs
        .iter()
        .find(|p| p.text.as_str().starts_with("Noting"))
        .unwrap();
    assert_eq!(
        noting.text.as_str(),
        "Noting the report of the Secretary-General on cooperation among Member States,"
    );
    let markdown = HAND_TYPED.replace("The General Assembly,", "# The General Assembly,");
    let found = codes(&markdown.replace("# ", ""), Format::Markdown);
    assert!(found.contains(&"preambular-opening"), "{found:?}");
    assert!(found.contains(&"operative-numbering"), "{found:?}");
}

/// A preambular paragraph typed without its comma is a paragraph missing its comma, not a
/// heading: a heading never interrupts the sentence the paragraph before leaves open.
#[test]
fn a_hand_typed_paragraph_without_its_comma_is_no_heading() {
    let text = "Draft resolution on cooperation\n\nThe General Assembly,\n\nRecalling its resolution 70/1,\n\nRecalling also the Convention on the Rights of the Child,1\n\nNoting with concern the impact of climate change\n\n1. Welcomes the report;\n\n2. Requests a report at its next session.\n\nAnnex\n\nPlan of action\n\n1. The plan rests on cooperation.\n\n1 United Nations, Treaty Series, vol. 1577, No. 27531.\n";
    let found = codes(text, Format::Ods);
    assert_eq!(found, ["preambular-punctuation"], "{text}");
    let doc = Document::parse(text.to_string(), Format::Ods);
    let kind_of = |start: &str| {
        let p = doc
            .paragraphs
            .iter()
            .find(|p| p.text.as_str().starts_with(start));
        p.map(|p| p.kind)
    };
    assert_eq!(kind_of("Noting"), Some(ParagraphKind::Preambular));
    let heading = kind_of("Plan of action");
    assert_eq!(heading, Some(ParagraphKind::Heading), "after a full stop");
}

/// Lines wrapped and indented with spaces (text laid out as on the page) are joined up to the
/// blank line, as in text typed at the margin: each paragraph is read whole.
#[test]
fn wrapped_lines_indented_with_spaces_make_one_paragraph() {
    let text = "               The General Assembly,\n\n               Recalls its resolution 77/201 of 15 December 2022 on\n          the rights of the child,1\n\n               1.    Welcomes the report of the Secretary-General;\n               2.    Requests the Secretary-General to submit a report at\n          its seventy-ninth session.\n\n     1 United Nations, Treaty Series, vol. 1577, No. 27531.\n";
    assert_eq!(codes(text, Format::Ods), ["preambular-opening"]);
    let doc = Document::parse(text.to_string(), Format::Ods);
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Recalls its resolution 77/201 of 15 December 2022 on the rights of the child,",
            "Welcomes the report of the Secretary-General;",
            "Requests the Secretary-General to submit a report at its seventy-ninth session."
        ]
    );
    let note = doc.footnote(1).map(|f| doc.slice(f.span));
    assert!(
        note.is_some_and(|n| n.starts_with("1 United Nations")),
        "{note:?}"
    );
}

/// Hand-typed notes on consecutive lines are one note each, as in exported text.
#[test]
fn hand_typed_notes_on_consecutive_lines_are_read_apart() {
    let text = "The General Assembly,\n\nRecalling the Convention on the Rights of the Child,1 and the Convention on the Elimination of All Forms of Discrimination against Women,2\n\n1. Decides to remain seized of the matter.\n\n1 United Nations, Treaty Series, vol. 1577, No. 27531.\n2 Ibid., vol. 1249, No. 20378.\n";
    let doc = Document::parse(text.to_string(), Format::Ods);
    let notes: Vec<(u32, &str)> = (doc.footnotes.iter())
        .map(|f| (f.number, doc.slice(f.span)))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[1].0, 2);
    assert!(notes[1].1.contains("Ibid., vol. 1249"), "{notes:?}");
    assert!(
        codes(text, Format::Ods).is_empty(),
        "{:?}",
        codes(text, Format::Ods)
    );
}

#[test]
fn a_quoted_drafts_paragraph_numbers_are_not_read_as_markers() {
    // The Economic and Social Council recommends drafts to the Assembly quoted whole; typed
    // with straight quotes, "3. glued to its quote is paragraph 3, not a third footnote.
    for quote in ["\"", "“"] {
        let text = format!(
            "\tThe Economic and Social Council,\n\tTaking note of the report of the Commission,1\n\t1.\tRecommends to the General Assembly the adoption of the following draft resolution:\n\t\t{q}The General Assembly,\n\t\t{q}Recalling the Single Convention on Narcotic Drugs of 1961,2\n\t\t{q}1.\tCalls upon Member States to implement the joint commitments;\n\t\t{q}2.\tInvites States to share information;\n\t\t{q}3.\tRequests the Secretary-General to report to it at its eightieth session.”;\n\t2.\tDecides to consider the matter at its next session.\n1 E/2024/28.\n2 United Nations, Treaty Series, vol. 976, No. 14152.\n",
            q = quote
        );
        let doc = Document::parse(text.clone(), Format::Ods);
        let markers: Vec<u32> = doc.markers.iter().map(|m| m.number).collect();
        assert_eq!(markers, [1, 2], "{quote}");
        assert_eq!(codes(&text, Format::Ods), Vec::<&str>::new(), "{quote}");
    }
}

#[test]
fn a_model_un_draft_in_capitals_with_parenthesised_numbers_is_read_and_checked() {
    // Model UN drafts type the organ line in capitals and number clauses "1)" and "a)".
    let text = "FORUM: General Assembly First Committee\nSUBMITTED BY: Republic of Korea\n\nTHE GENERAL ASSEMBLY,\n\nRecognizing the common interest of all mankind in the peaceful use of outer space,\n\n1) Calls upon all States to refrain from destructive tests;\n\n2) Encourages Member States to:\n   a) Share information on their space policies;\n   b) Develop confidence-building measures;\n\n3) Decides to remain seized of the matter.\n";
    let doc = Document::parse(text.to_string(), Format::Ods);
    assert!(doc.is_resolution());
    let organ = doc.sections[0].organ.as_ref().map(|o| o.name.as_str());
    assert_eq!(organ, Some("General Assembly"));
    let labels: Vec<String> = (doc.paragraphs.iter())
        .filter_map(|p| p.label.as_ref().map(|l| l.text.to_string()))
        .collect();
    assert_eq!(labels, ["1", "2", "(a)", "(b)", "3"]);
    assert_eq!(
        codes(text, Format::Ods),
        ["label-without-period"; 3],
        "each \"N)\" is told to be \"N.\""
    );
    let misnumbered = text.replace("3) Decides", "4) Decides");
    assert!(codes(&misnumbered, Format::Ods).contains(&"operative-numbering"));
    let without_article = text.replace("THE GENERAL ASSEMBLY,", "General Assembly,");
    let doc = Document::parse(without_article, Format::Ods);
    let organ = doc.sections[0].organ.as_ref().map(|o| o.name.as_str());
    assert_eq!(organ, Some("General Assembly"));
}

#[test]
fn a_draft_that_numbers_no_operative_paragraph_is_told_to_number_them() {
    let body = "*Recognizing* the common interest of all mankind,\n\n*Calls upon* all States to refrain from destructive tests;\n\n*Encourages* Member States to share information;\n\n*Decides* to remain seized of the matter.\n";
    let typed = format!("The General Assembly,\n\n{}", body.replace('*', ""));
    for (text, format) in [(typed.clone(), Format::Ods), (md(body), Format::Markdown)] {
        // Read as operative paragraphs without numbers, not as preambular ones.
        assert_eq!(
            codes(&text, format),
            ["operative-numbering"; 3],
            "{format:?}"
        );
        let doc = Document::parse(text.clone(), format);
        let fixed = fix::fix_document(doc, &Config::default(), FixOptions::default());
        let fixed = fixed.doc.into_text();
        assert!(
            fixed.contains("\n1. ") && fixed.contains("\n3. "),
            "{fixed}"
        );
        assert_eq!(codes(&fixed, format), Vec::<&str>::new(), "{fixed}");
    }
    // A resolution with one operative paragraph leaves it unnumbered.
    let single = typed.replace(
        "Calls upon all States to refrain from destructive tests;\n\n",
        "",
    );
    let single = single.replace("Encourages Member States to share information;\n\n", "");
    assert_eq!(codes(&single, Format::Ods), Vec::<&str>::new());
    // Before it, a preambular paragraph that introduces a list, or that lost its comma, stays
    // preambular: it opens with a participle, not a verb.
    let listed = single.replace(
        "Decides",
        "Recalling the following principles:\n\n(a) Peaceful use;\n\n(b) Cooperation,\n\nDecides",
    );
    assert_eq!(codes(&listed, Format::Ods), Vec::<&str>::new(), "{listed}");
    let slipped = single.replace("all mankind,", "all mankind;");
    assert_eq!(codes(&slipped, Format::Ods), ["preambular-punctuation"]);
    // An unnumbered operative paragraph may introduce subparagraphs.
    let chapeau = typed.replace(
        "share information;",
        "share information as follows:\n\n(a) On tests;\n\n(b) On debris;",
    );
    assert_eq!(codes(&chapeau, Format::Ods), ["operative-numbering"; 3]);
}

// A draft quoted whole --------------------------------------------------------------------

/// An Economic and Social Council resolution recommending a draft to the Assembly, quoted
/// whole: each quoted paragraph opens with a quotation mark, the last closes it.
const RECOMMENDING: &str = "*The Economic and Social Council*,\n\n*Taking note* of the report of the Commission,<sup>1</sup>\n\n1. *Recommends* to the General Assembly the adoption of the following draft resolution:\n\n“*The General Assembly*,\n\n“*Recalling* the Single Convention on Narcotic Drugs of 1961,<sup>2</sup>\n\n“1. *Calls upon* Member States to implement the joint commitments;\n\n“2. *Requests* the Secretary-General to report to it at its eightieth session.”;\n\n2. *Decides* to consider the matter at its next session.\n\n---\n\n<sup>1</sup> E/2024/28.\n\n<sup>2</sup> United Nations, *Treaty Series*, vol. 976, No. 14152.\n";

/// The same in ODS text, typed with straight quotes.
const RECOMMENDING_ODS: &str = "\tThe Economic and Social Council,\n\tTaking note of the report of the Commission,1\n\t1.\tRecommends to the General Assembly the adoption of the following draft resolution:\n\t\t\"The General Assembly,\n\t\t\"Recalling the Single Convention on Narcotic Drugs of 1961,2\n\t\t\"1.\tCalls upon Member States to implement the joint commitments;\n\t\t\"2.\tRequests the Secretary-General to report to it at its eightieth session.\";\n\t2.\tDecides to consider the matter at its next session.\n1 E/2024/28.\n2 United Nations, Treaty Series, vol. 976, No. 14152.\n";

#[test]
fn a_draft_quoted_whole_is_checked_as_a_draft_of_its_own() {
    for (text, format) in [
        (RECOMMENDING, Format::Markdown),
        (RECOMMENDING_ODS, Format::Ods),
    ] {
        assert_eq!(codes(text, format), Vec::<&str>::new(), "{format:?}");
        let slipped = (text.replace("Recalling", "Recalls"))
            .replace("“2.", "“3.")
            .replace("\"2.", "\"3.");
        let doc = Document::parse(slipped, format);
        let config = Config::default();
        let found = rules::check(&doc, &config);
        let at: Vec<(&str, &str)> = (found.iter())
            .map(|d| (d.code(), doc.slice(d.span)))
            .collect();
        assert_eq!(
            at,
            [
                ("preambular-opening", "Recalls"),
                ("operative-numbering", "3.")
            ],
            "{format:?}"
        );
        let fixed = fix::fix_document(doc, &config, FixOptions::default());
        assert_eq!(*fixed.doc.text, text, "{format:?}");
    }
}

#[test]
fn a_quoted_drafts_renumbering_is_placed_once_and_shared() {
    // Every misnumbered paragraph offers the same renumbering: placed in the outer text once,
    // not once per paragraph (a quoted draft of 15,000 such paragraphs took 24 GB).
    let misnumbered = RECOMMENDING.replace("“2.", "“1.").replace(
        "“1. *Calls upon*",
        "“1. *Calls upon* States to act;\n\n“1. *Invites* States to report;\n\n“1. *Calls upon*",
    );
    let doc = Document::parse(misnumbered, Format::Markdown);
    let found = rules::check(&doc, &Config::default());
    let renumberings: Vec<_> = (found.iter())
        .filter(|d| d.code() == "operative-numbering")
        .map(|d| d.fixes[0].edits.clone())
        .collect();
    assert_eq!(renumberings.len(), 3, "{found:?}");
    assert!(
        renumberings
            .iter()
            .all(|e| std::sync::Arc::ptr_eq(e, &renumberings[0]))
    );
}

// 9. Negotiation texts labelled "PP 1" and "OP 1" -------------------------------------------

const NEGOTIATION: &str = "*The General Assembly*,\n\nPP1 *Reaffirming* its resolution 70/1 of 25 September 2015,\n\nPP 2 *Concerned* about the situation of children,\n\nPP2bis [*Deeply concerned* / *Concerned*] about child labour,\n\nOP1 *Welcomes* the report of the Secretary-General;\n\nOP 3. *Also welcomes* the cooperation of States;\n\nOP3 bis *Requests* the Secretary-General to report at its next session.\n";

#[test]
fn negotiation_labels_tell_the_part_and_keep_their_numbers() {
    for (text, format) in [
        (NEGOTIATION.to_string(), Format::Markdown),
        (NEGOTIATION.replace('*', ""), Format::Ods),
    ] {
        assert!(
            codes(&text, format).is_empty(),
            "{:?}",
            codes(&text, format)
        );
        let doc = Document::parse(text.clone(), format);
        let kinds: Vec<(&str, ParagraphKind)> = (doc.paragraphs.iter())
            .map(|p| (&*p.label.as_ref().unwrap().text, p.kind))
            .collect();
        use ParagraphKind::{Operative, Preambular};
        let expected = [
            ("PP 1", Preambular),
            ("PP 2", Preambular),
            ("PP 2 bis", Preambular),
            ("OP 1", Operative),
            ("OP 3", Operative),
            ("OP 3 bis", Operative),
        ];
        assert_eq!(kinds, expected, "{format:?}");
        let reading = doc.paragraphs.iter().find(|p| p.kind == Operative).unwrap();
        assert!(reading.text.as_str().starts_with("Welcomes"), "{format:?}");
    }
    let slips = NEGOTIATION
        .replace("*Reaffirming*", "*Reaffirms*")
        .replace("Secretary-General;", "Secretary-General");
    let found = codes(&slips, Format::Markdown);
    assert_eq!(found, ["preambular-opening", "operative-punctuation"]);
}

#[test]
fn a_file_that_is_not_a_resolution_is_said_to_be_skipped() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conventions-skip");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "Shopping list\n\nMilk and bread.\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(["check", notes.to_str().unwrap()])
        .env("RESOLUTE_CORPUS", dir.as_os_str())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not a resolution draft: skipped"),
        "{stderr}"
    );
}

// Verb forms by grammar (issue 13) ------------------------------------------------------------

/// The participle of an operative verb as a drafter would type it.
fn participle(verb: &str) -> String {
    const DOUBLED: [&str; 8] = [
        "Commits",
        "Regrets",
        "Submits",
        "Transmits",
        "Refers",
        "Admits",
        "Permits",
        "Omits",
    ];
    if DOUBLED.contains(&verb) {
        let stem = &verb[..verb.len() - 1];
        return format!("{stem}{}ing", stem.chars().last().unwrap());
    }
    if let Some(stem) = verb.strip_suffix("ies") {
        return format!("{stem}ying");
    }
    if verb.ends_with("ees") {
        return format!("{}ing", &verb[..verb.len() - 1]);
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if verb.ends_with(ending) {
            return format!("{}ing", &verb[..verb.len() - 2]);
        }
    }
    if let Some(stem) = verb.strip_suffix("es") {
        let last = stem.chars().last().unwrap_or('a');
        if !"aeiou".contains(last) {
            return format!("{stem}ing");
        }
    }
    format!("{}ing", verb.strip_suffix('s').unwrap_or(verb))
}

#[test]
fn every_operative_verb_opening_as_a_participle_is_an_operative_opening_error() {
    let vocab = resolute::vocab::Vocabulary::bundled();
    let mut tried = 0;
    let mut missed = Vec::new();
    for (phrase, part, _) in vocab.phrases() {
        let words: Vec<&str> = phrase.split(' ').collect();
        if part != resolute::vocab::Part::Operative || !words[0].ends_with('s') {
            continue;
        }
        let wrong = std::iter::once(participle(words[0]))
            .chain(words[1..].iter().map(|w| w.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        tried += 1;
        for text in [
            md(&format!(
                "{OPERATIVE_START}1. *{wrong}* the report;\n\n2. *Decides* to remain seized of the matter.\n"
            )),
            ods(&md(&format!(
                "{OPERATIVE_START}1. *{wrong}* the report;\n\n2. *Decides* to remain seized of the matter.\n"
            ))),
        ] {
            let format = if text.starts_with('\t') {
                Format::Ods
            } else {
                Format::Markdown
            };
            if !codes(&text, format).contains(&"operative-opening") {
                missed.push(format!("{wrong} ({format:?})"));
            }
        }
    }
    let rate = 1.0 - missed.len() as f64 / (2 * tried) as f64;
    assert!(tried > 300, "{tried}");
    assert!(rate >= 0.98, "caught {rate:.3}; missed: {missed:?}");
}

#[test]
fn a_participle_in_an_operative_paragraph_is_fixed_to_its_finite_form() {
    for (wrong, right) in [
        ("Requesting", "Requests"),
        ("Deciding", "Decides"),
        ("Calling upon", "Calls upon"),
        ("Looking forward", "Looks forward"),
    ] {
        let text = md(&format!(
            "{OPERATIVE_START}1. *{wrong}* to the report;\n\n2. *Decides* to remain seized of the matter.\n"
        ));
        let doc = Document::parse(text.clone(), Format::Markdown);
        let config = Config::default();
        let found = rules::check(&doc, &config);
        let d = found
            .iter()
            .find(|d| d.code() == "operative-opening")
            .unwrap_or_else(|| panic!("{wrong}: {found:?}"));
        assert_eq!(d.fixes[0].edits[0].replacement, right);
    }
}
