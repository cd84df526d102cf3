//! Editor features over stdio, on A/RES/71/167 (Markdown) and A/RES/61/144 (ODS text): hover,
//! definition, references, outline, folding, semantic tokens, completion, inlay hints, code
//! actions and commands.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{LspClient, TIMEOUT, apply_workspace_edit, find, fixture, pos, text_pos};
use resolute::source::Encoding;
use serde_json::{Value, json};

const URI: &str = "file:///drafts/A_RES_71_167.md";
const ODS_URI: &str = "file:///drafts/A_RES_61_144.txt";

/// A/RES/71/167 with an operative form in the preamble, paragraphs numbered 4, 6, 6, and a
/// reference to "paragraph 12 above" in paragraph 50.
fn draft() -> String {
    fixture("A_RES_71_167.md")
        .replacen(
            "*Recalling* all international conventions",
            "*Recalls* all international conventions",
            1,
        )
        .replacen(
            "5. *Urges* Member States to consider signing",
            "6. *Urges* Member States to consider signing",
            1,
        )
        .replacen(
            "50. *Requests* the Secretary-General to submit",
            "50. *Requests* the Secretary-General, as set out in paragraph 12 above, to submit",
            1,
        )
}

fn opened(text: &str) -> LspClient {
    let mut client = LspClient::start();
    client.open(URI, "markdown", 1, text);
    client.diagnostics_for(URI, 1);
    client
}

fn hover(client: &mut LspClient, uri: &str, at: (u32, u32)) -> String {
    let r = client
        .request("textDocument/hover", text_pos(uri, at))
        .unwrap();
    r["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn line_of(text: &str, needle: &str) -> u32 {
    find(text, needle, 0).0
}

#[test]
fn hover_shows_footnotes_ibid_and_openings() {
    let text = draft();
    let mut client = opened(&text);
    let marker1 = find(&text, "<sup>1</sup> and the Protocols", 5);
    assert!(hover(&mut client, URI, marker1).contains("Treaty Series"));
    let marker2 = find(&text, "Organized Crime,<sup>2</sup>", 21);
    let h = hover(&mut client, URI, marker2);
    assert!(
        h.contains("**Footnote 2**")
            && h.contains("stands for: United Nations, Treaty Series, vol. 2237, No. 39574."),
        "{h}"
    );
    let ibid = find(&text, "<sup>3</sup> *Ibid.*", 15);
    let h = hover(&mut client, URI, ibid);
    assert!(
        h.contains("vol. 2241, No. 39574")
            && h.contains("leans on footnote 2")
            && h.contains("starts at footnote 1"),
        "{h}"
    );
    let reaffirming = find(&text, "*Reaffirming also* the commitment", 3);
    let h = hover(&mut client, URI, reaffirming);
    assert!(
        h.contains("preambular opening")
            && h.contains("Operative form: *Also reaffirms*")
            && h.contains("*Reaffirming further*"),
        "{h}"
    );
    let welcomes = find(&text, "12. *Welcomes*", 6);
    let h = hover(&mut client, URI, welcomes);
    assert!(
        h.contains("operative opening")
            && h.contains("Preambular form: *Welcoming*")
            && h.contains("*Also welcomes*"),
        "{h}"
    );
    let plain = find(&text, "trafficking in persons, especially", 0);
    assert_eq!(
        client
            .request("textDocument/hover", text_pos(URI, plain))
            .unwrap(),
        Value::Null
    );
}

#[test]
fn hover_in_ods_text() {
    let text = fixture("A_RES_61_144.txt");
    let mut client = LspClient::start();
    client.open(ODS_URI, "plaintext", 1, &text);
    let ibid = find(&text, "2 Ibid., vol. 2131", 3);
    let h = hover(&mut client, ODS_URI, ibid);
    assert!(
        h.contains("stands for: United Nations, Treaty Series, vol. 2131, No. 20378."),
        "{h}"
    );
    let recalling = find(&text, "Recalling also", 2);
    assert!(hover(&mut client, ODS_URI, recalling).contains("preambular opening"));
}

#[test]
fn definition_jumps_to_footnote_bodies_ibid_antecedents_and_paragraphs() {
    let text = draft();
    let mut client = opened(&text);
    let locations = |client: &mut LspClient, at| {
        let r = client
            .request("textDocument/definition", text_pos(URI, at))
            .unwrap();
        r.as_array().cloned().unwrap_or_default()
    };
    let marker1 = find(&text, "<sup>1</sup> and the Protocols", 5);
    let found = locations(&mut client, marker1);
    assert_eq!(
        found[0]["range"]["start"],
        pos((line_of(&text, "<sup>1</sup> United Nations"), 0))
    );
    let ibid = find(&text, "<sup>3</sup> *Ibid.*", 15);
    assert_eq!(
        locations(&mut client, ibid)[0]["range"]["start"]["line"],
        line_of(&text, "<sup>2</sup> *Ibid.*")
    );
    let reference = find(&text, "paragraph 12 above", 10);
    assert_eq!(
        locations(&mut client, reference)[0]["range"]["start"],
        pos((line_of(&text, "12. *Welcomes*"), 0))
    );
    let plain = find(&text, "trafficking in persons, especially", 0);
    assert_eq!(
        client
            .request("textDocument/definition", text_pos(URI, plain))
            .unwrap(),
        Value::Null
    );
}

#[test]
fn references_from_a_footnote_body_list_all_its_markers() {
    let text = draft();
    let mut client = opened(&text);
    let body = find(&text, "<sup>1</sup> United Nations", 20);
    let params = |declaration| json!({ "textDocument": { "uri": URI }, "position": pos(body), "context": { "includeDeclaration": declaration } });
    let refs = client
        .request("textDocument/references", params(false))
        .unwrap();
    let lines: Vec<u64> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let expected = [
        line_of(&text, "*Recalls* all"),
        line_of(&text, "4. *Urges*"),
    ];
    assert_eq!(lines, expected.map(u64::from));
    let with_body = client
        .request("textDocument/references", params(true))
        .unwrap();
    assert_eq!(with_body.as_array().unwrap().len(), 3);
}

#[test]
fn document_symbols_form_the_outline() {
    let text = draft();
    let mut client = opened(&text);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let parts = &names[names.len() - 3..];
    assert_eq!(parts, ["Preamble", "Operative part", "Footnotes"]);
    let symbols = &symbols.as_array().unwrap()[names.len() - 3..];
    let preamble = &symbols[0]["children"];
    assert_eq!(preamble[0]["name"], "Reiterating its strong condemnation …");
    let operative = &symbols[1]["children"];
    assert_eq!(operative[0]["name"], "1. Takes note with appreciation …");
    assert_eq!(operative.as_array().unwrap().len(), 50);
    let footnotes = symbols[2]["children"].as_array().unwrap();
    assert_eq!(footnotes.len(), 32);
    assert!(
        footnotes[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("1 United Nations, Treaty Series")
    );
}

#[test]
fn annexes_and_subparagraphs_nest_in_the_outline() {
    let text = fixture("A_RES_76_258.txt");
    let mut client = LspClient::start();
    client.open(ODS_URI, "plaintext", 1, &text);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": ODS_URI } }),
        )
        .unwrap();
    let annex = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Annex")
        .expect("the annex");
    assert_eq!(
        annex["range"]["start"]["line"],
        line_of(&text, "\nAnnex") + 1
    );
    let p31 = annex["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().starts_with("31. "))
        .expect("paragraph 31");
    let first = p31["children"][0]["name"].as_str().unwrap();
    assert!(first.starts_with("(a) Investing in people"), "{first}");
}

#[test]
fn folding_ranges_cover_parts_and_footnote_runs() {
    let text = draft();
    let mut client = opened(&text);
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let folds = folds.as_array().unwrap();
    let preamble_start = line_of(&text, "*Reiterating its strong");
    assert!(
        folds
            .iter()
            .any(|f| f["startLine"] == preamble_start && f["kind"] == "region"),
        "{folds:?}"
    );
    let first_note = line_of(&text, "<sup>1</sup> United Nations");
    let run = folds
        .iter()
        .find(|f| f["startLine"] == first_note)
        .expect("the first footnote run folds");
    assert_eq!(
        (run["kind"].as_str(), run["endLine"].as_u64()),
        (
            Some("comment"),
            Some(u64::from(line_of(&text, "<sup>8</sup> *Ibid.*")))
        )
    );
}

/// Decodes LSP semantic tokens into (line, start, length, type, modifiers).
fn decode(data: &[Value]) -> Vec<(u64, u64, u64, u64, u64)> {
    let n: Vec<u64> = data.iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut start) = (0, 0);
    n.chunks(5)
        .map(|c| {
            line += c[0];
            start = if c[0] == 0 { start + c[1] } else { c[1] };
            (line, start, c[2], c[3], c[4])
        })
        .collect()
}

#[test]
fn semantic_tokens_mark_openings_numbers_markers_and_citations() {
    let text = draft();
    let mut client = LspClient::spawn();
    let init = client.initialize(json!({}), json!({ "debounceMs": 0 }), None);
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    client.open(URI, "markdown", 1, &text);
    let r = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let tokens = decode(r["data"].as_array().unwrap());
    let at = |needle: &str, skip: usize| {
        let (l, c) = find(&text, needle, skip);
        tokens
            .iter()
            .find(|t| t.0 == u64::from(l) && t.1 == u64::from(c))
            .map(|t| (types[t.3 as usize], t.2, t.4))
    };
    assert_eq!(at("*Recalls* all", 1), Some(("keyword", 7, 1)));
    assert_eq!(at("12. *Welcomes*", 5), Some(("keyword", 8, 2)));
    assert_eq!(at("12. *Welcomes*", 0), Some(("number", 3, 0)));
    assert_eq!(
        at("<sup>1</sup> and the Protocols", 0),
        Some(("decorator", 12, 0))
    );
    assert_eq!(
        at("United Nations, *Treaty Series*, vol. 2225", 0),
        Some(("string", 54, 0))
    );
}

fn completion_labels(client: &mut LspClient, at: (u32, u32)) -> Vec<(String, String)> {
    let r = client
        .request("textDocument/completion", text_pos(URI, at))
        .unwrap();
    let mut items: Vec<(String, String, String)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["sortText"].as_str().unwrap().into(),
                i["label"].as_str().unwrap().into(),
                i["textEdit"]["newText"].as_str().unwrap().into(),
            )
        })
        .collect();
    items.sort();
    items.into_iter().map(|(_, l, t)| (l, t)).collect()
}

#[test]
fn completion_offers_the_forms_of_the_part_and_also_forms() {
    let text = draft().replacen(
        "*Recognizing* the crucial importance",
        "\n\n*Recognizing* the crucial importance",
        1,
    );
    let mut client = opened(&text);
    let blank = line_of(&text, "*Recognizing* the crucial importance") - 2;
    let items = completion_labels(&mut client, (blank, 0));
    assert!(
        items
            .iter()
            .any(|(l, t)| l == "Recalling also" && t == "*Recalling also* "),
        "{:?}",
        &items[..5]
    );
    assert!(items.iter().any(|(l, _)| l == "Bearing in mind"));
    assert!(
        !items.iter().any(|(l, _)| l == "Decides"),
        "no operative forms in the preamble"
    );
    // After "6. " in the operative part, where "Urges" was used: "Also urges" first.
    let six = find(&text, "6. *Urges* Member States to consider", 0);
    let text = text.replacen("6. *Urges* Member States to consider", "6. *Ur", 1);
    client.send(&lsp_client::did_change(
        URI,
        2,
        vec![lsp_client::range_change(six, (six.0, six.1 + 36), "6. *Ur")],
    ));
    let items = completion_labels(&mut client, (six.0, six.1 + 6));
    assert!(
        items[..3]
            .iter()
            .any(|(l, t)| l == "Also urges" && t == "*Also urges* "),
        "{:?}",
        &items[..3]
    );
    assert!(
        items.iter().any(|(l, _)| l == "Decides") && !items.iter().any(|(l, _)| l == "Recalling")
    );
    assert_eq!(client.server_text(URI).1, text);
    let inside = find(&text, "trafficking in persons, especially", 3);
    assert_eq!(
        client
            .request("textDocument/completion", text_pos(URI, inside))
            .unwrap(),
        Value::Null
    );
}

/// Editors that do not suggest while typing (VS Code in Markdown) ask on trigger characters:
/// the space after a paragraph number and the `*` that opens the italics.
#[test]
fn completion_triggers_where_a_paragraph_starts() {
    let text = draft().replacen("6. *Urges* Member States to consider", "6. ", 1);
    let mut client = LspClient::spawn();
    let init = client.initialize(json!({}), json!({ "debounceMs": 0 }), None);
    let triggers = &init["capabilities"]["completionProvider"]["triggerCharacters"];
    assert_eq!(triggers, &json!(["*", " "]));
    client.open(URI, "markdown", 1, &text);
    let six = find(&text, "6. ", 0);
    let triggered = |client: &mut LspClient, at: (u32, u32), character: &str| {
        let mut params = text_pos(URI, at);
        params["context"] = json!({ "triggerKind": 2, "triggerCharacter": character });
        let r = client.request("textDocument/completion", params).unwrap();
        let labels: Vec<String> = r
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| i["label"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        labels
    };
    let after_space = triggered(&mut client, (six.0, six.1 + 3), " ");
    assert!(
        after_space.iter().any(|l| l == "Also urges"),
        "{after_space:?}"
    );

    let text = text.replacen("6. ", "6. *", 1);
    client.send(&lsp_client::did_change(
        URI,
        2,
        vec![lsp_client::range_change(six, (six.0, six.1 + 3), "6. *")],
    ));
    let after_star = triggered(&mut client, (six.0, six.1 + 4), "*");
    assert!(after_star.iter().any(|l| l == "Decides"), "{after_star:?}");
    assert_eq!(client.server_text(URI).1, text);
}

#[test]
fn inlay_hints_follow_ibid_and_can_be_switched_off() {
    let text = draft();
    let mut client = LspClient::spawn();
    client.initialize(
        json!({ "workspace": { "configuration": true } }),
        json!({ "debounceMs": 0 }),
        None,
    );
    client.open(URI, "markdown", 1, &text);
    let whole = json!({ "textDocument": { "uri": URI }, "range": { "start": pos((0, 0)), "end": pos((9999, 0)) } });
    let hints = client
        .request("textDocument/inlayHint", whole.clone())
        .unwrap();
    let first = &hints[0];
    assert_eq!(
        first["position"],
        pos(find(&text, "<sup>2</sup> *Ibid.*", 20))
    );
    assert_eq!(first["label"], "= United Nations, Treaty Series");
    assert_eq!(hints.as_array().unwrap().len(), 15, "footnotes 2–8, 21–28");
    client.settings = json!({ "inlayHints": { "ibid": false } });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": {} }),
    );
    let deadline = std::time::Instant::now() + TIMEOUT;
    while client
        .request("textDocument/inlayHint", whole.clone())
        .unwrap()
        != json!([])
    {
        assert!(std::time::Instant::now() < deadline, "hints still shown");
    }
}

fn actions(
    client: &mut LspClient,
    range: ((u32, u32), (u32, u32)),
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let params = json!({ "textDocument": { "uri": URI }, "range": { "start": pos(range.0), "end": pos(range.1) }, "context": context });
    client
        .request("textDocument/codeAction", params)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(title))
        .unwrap_or_else(|| {
            panic!(
                "no action {title:?} in {:?}",
                actions.iter().map(|a| &a["title"]).collect::<Vec<_>>()
            )
        })
}

#[test]
fn code_actions_fix_renumber_and_expand() {
    let text = draft();
    let mut client = opened(&text);
    let recalls = find(&text, "*Recalls* all", 1);
    let here = actions(&mut client, (recalls, recalls), None);
    let quick = titled(&here, "Recalling");
    assert_eq!(quick["kind"], "quickfix");
    assert_eq!(quick["diagnostics"][0]["code"], "preambular-opening");
    let fixed = apply_workspace_edit(&text, &quick["edit"], URI, Encoding::Utf16);
    assert!(fixed.contains("*Recalling* all international conventions"));

    let renumber = titled(&here, "Renumber operative paragraphs");
    assert_eq!(renumber["kind"], "refactor.rewrite");
    let renumbered = apply_workspace_edit(&text, &renumber["edit"], URI, Encoding::Utf16);
    assert!(renumbered.contains("\n5. *Urges* Member States to consider signing"));

    let fix_all = actions(&mut client, (recalls, recalls), Some(&["source.fixAll"]));
    assert_eq!(fix_all.len(), 1);
    assert_eq!(fix_all[0]["kind"], "source.fixAll.resolute");
    let all = apply_workspace_edit(&text, &fix_all[0]["edit"], URI, Encoding::Utf16);
    assert!(
        all.contains("*Recalling* all")
            && all.contains("\n5. *Urges* Member States to consider signing")
    );

    let ibid = find(&text, "<sup>3</sup> *Ibid.*", 15);
    let expand = actions(&mut client, (ibid, ibid), Some(&["refactor"]));
    let expand = titled(&expand, "Expand Ibid. in footnote 3");
    assert_eq!(expand["kind"], "refactor.inline");
    let expanded = apply_workspace_edit(&text, &expand["edit"], URI, Encoding::Utf16);
    assert!(
        expanded.contains("<sup>3</sup> United Nations, *Treaty Series*, vol. 2241, No. 39574.\n")
    );
    assert!(
        actions(&mut client, (recalls, recalls), Some(&["quickfix"]))
            .iter()
            .all(|a| a["kind"] == "quickfix")
    );
}

#[test]
fn renumbering_is_offered_once_on_a_misnumbered_paragraph() {
    let text = draft();
    let mut client = opened(&text);
    let label = find(&text, "6. *Urges* Member States to consider signing", 0);
    let here = actions(&mut client, (label, label), None);
    let renumber: Vec<&Value> = here
        .iter()
        .filter(|a| a["title"] == "Renumber operative paragraphs")
        .collect();
    assert_eq!(renumber.len(), 1, "{here:?}");
    assert_eq!(renumber[0]["kind"], "quickfix");
    assert_eq!(renumber[0]["diagnostics"][0]["code"], "operative-numbering");
}

#[test]
fn commands_apply_their_edits_through_the_client() {
    let text = draft().replacen(
        "<sup>7</sup> and the Convention for the Suppression",
        "<sup>9</sup> and the Convention for the Suppression",
        1,
    );
    let mut client = LspClient::spawn();
    client.initialize(
        json!({ "workspace": { "applyEdit": true, "workspaceEdit": { "documentChanges": true } } }),
        json!({ "debounceMs": 0 }),
        None,
    );
    client.open(URI, "markdown", 1, &text);
    for command in [
        "resolute.renumberOperative",
        "resolute.renumberFootnotes",
        "resolute.fixAll",
    ] {
        let r = client.request(
            "workspace/executeCommand",
            json!({ "command": command, "arguments": [URI] }),
        );
        assert_eq!(r, Ok(Value::Null), "{command}");
    }
    assert_eq!(client.applied_edits.len(), 3);
    let versioned = &client.applied_edits[0]["documentChanges"][0]["textDocument"];
    assert_eq!(
        (versioned["uri"].as_str(), versioned["version"].as_i64()),
        (Some(URI), Some(1))
    );
    let renumbered = apply_workspace_edit(&text, &client.applied_edits[0], URI, Encoding::Utf16);
    assert!(renumbered.contains("\n5. *Urges* Member States to consider signing"));
    let footnotes = apply_workspace_edit(&text, &client.applied_edits[1], URI, Encoding::Utf16);
    assert_ne!(footnotes, text);
    let bad = client.request(
        "workspace/executeCommand",
        json!({ "command": "resolute.fixAll", "arguments": [42] }),
    );
    assert_eq!(bad.unwrap_err()["code"], -32602);
    let unknown = client.request(
        "workspace/executeCommand",
        json!({ "command": "resolute.nothing", "arguments": [URI] }),
    );
    assert_eq!(unknown.unwrap_err()["code"], -32602);
}
