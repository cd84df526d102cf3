//! What the checker reads: bounded, regular files only, folders walked once per draft, and
//! text in UTF-8 (with or without a byte order mark) or UTF-16; binary content refused.

use resolute::model::{Document, Format};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Paragraph 3 is numbered 4: one `operative-numbering` error.
const DRAFT: &str = "*The General Assembly,*\n\n*Noting* the report of the Secretary-General,\n\n1. *Welcomes* the report;\n\n2. *Requests* the Secretary-General to report;\n\n4. *Decides* to remain seized of the matter.\n";
const BOM: char = '\u{FEFF}';

/// Runs the binary; a run that outlives the guard (a read that blocks) fails the test
/// instead of hanging it.
fn resolute(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run resolute");
    let guard = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > guard {
            child.kill().unwrap();
            panic!("resolute {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn check(path: &Path) -> Output {
    resolute(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ])
}

/// `check` stops at `path` with exit status 2 and says why.
fn assert_refused(path: &Path, why: &str) {
    let out = check(path);
    assert_eq!(out.status.code(), Some(2), "{}", path.display());
    assert!(stderr(&out).contains(why), "{}", stderr(&out));
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (path, code, line) of every diagnostic.
fn findings(o: &Output) -> Vec<(String, String, u64)> {
    let all: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {}", stderr(o)));
    all.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A fresh folder with an empty `resolute.toml`, so that no outside configuration applies.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("reading-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("resolute.toml"), "").unwrap();
    dir
}

/// The findings for `DRAFT` stored as `bytes`, with paths left out.
fn findings_for(name: &str, bytes: &[u8]) -> (Option<i32>, Vec<(String, u64)>) {
    let path = scratch(name).join("draft.md");
    std::fs::write(&path, bytes).unwrap();
    let out = check(&path);
    let found = findings(&out).into_iter().map(|(_, c, l)| (c, l)).collect();
    (out.status.code(), found)
}

fn utf16(text: &str, unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
    text.encode_utf16().flat_map(unit).collect()
}

#[test]
fn a_device_is_refused() {
    assert_refused(Path::new("/dev/zero"), "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let fifo = scratch("fifo").join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    assert_refused(&fifo, "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_folder_with_a_symlink_loop_lists_each_draft_once() {
    let dir = scratch("loop");
    let drafts = dir.join("drafts");
    std::fs::create_dir_all(drafts.join("nested")).unwrap();
    std::fs::write(drafts.join("a.md"), DRAFT).unwrap();
    std::fs::write(drafts.join("nested").join("b.md"), DRAFT).unwrap();
    std::os::unix::fs::symlink(&drafts, drafts.join("nested").join("back")).unwrap();
    std::os::unix::fs::symlink(drafts.join("nested"), drafts.join("nested").join("self")).unwrap();
    let out = check(&drafts);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut paths: Vec<String> = findings(&out).into_iter().map(|(p, _, _)| p).collect();
    paths.sort();
    let expected = [drafts.join("a.md"), drafts.join("nested").join("b.md")];
    assert_eq!(paths, expected.map(|p| p.display().to_string()));
}

#[test]
fn utf16_is_read_as_its_text() {
    let utf8 = findings_for("utf8", DRAFT.as_bytes());
    assert_eq!(utf8.0, Some(1));
    assert_eq!(utf8.1, [("operative-numbering".to_string(), 8)]);
    let marked = format!("{BOM}{DRAFT}");
    for (name, bytes) in [
        ("utf16le-bom", utf16(&marked, u16::to_le_bytes)),
        ("utf16be-bom", utf16(&marked, u16::to_be_bytes)),
        ("utf16le", utf16(DRAFT, u16::to_le_bytes)),
        ("utf16be", utf16(DRAFT, u16::to_be_bytes)),
    ] {
        assert_eq!(findings_for(name, &bytes), utf8, "{name}");
    }
}

#[test]
fn a_utf8_byte_order_mark_hides_nothing() {
    // Numbering alone: the mark would stand before the first paragraph's number.
    let draft = &DRAFT[DRAFT.find("1. ").unwrap()..];
    let plain = findings_for("plain", draft.as_bytes());
    assert_eq!(plain.1, [("operative-numbering".to_string(), 4)]);
    let marked = findings_for("utf8-bom", format!("{BOM}{draft}").as_bytes());
    assert_eq!(marked, plain);
}

#[test]
fn fixing_keeps_the_file_in_utf16() {
    let path = scratch("fix-utf16").join("draft.md");
    std::fs::write(&path, utf16(&format!("{BOM}{DRAFT}"), u16::to_le_bytes)).unwrap();
    let out = resolute(&["fix".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = format!("{BOM}{}", DRAFT.replace("4. ", "3. "));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        utf16(&fixed, u16::to_le_bytes)
    );
}

#[test]
fn binary_content_is_refused() {
    let dir = scratch("binary");
    for (name, bytes) in [
        ("zeros.md", vec![0u8; 4096]),
        ("mixed.md", b"1. Decides\0\x01\x02\0 to act.".to_vec()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_refused(&path, "binary content");
    }
}

/// A Word, PDF or RTF file is named as such, with what to do: save the draft as text.
#[test]
fn word_processor_files_are_refused_with_what_to_do() {
    let dir = scratch("word-processor");
    for (name, bytes, kind) in [
        (
            "draft.docx",
            b"PK\x03\x04\x14\0\x06\0".to_vec(),
            "Word (.docx)",
        ),
        (
            "draft.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(),
            "Word 97-2003",
        ),
        ("draft.pdf", b"%PDF-1.7\n%\xE2\xE3".to_vec(), "a PDF file"),
        (
            "draft.rtf",
            br"{\rtf1\ansi The General Assembly,}".to_vec(),
            "an RTF file",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_refused(&path, kind);
        assert_refused(&path, "save it as plain text (.txt) or Markdown (.md)");
    }
}

#[test]
fn a_windows_1252_file_is_refused_with_its_cause_named() {
    // Word's "Plain Text" on Windows writes curly quotes as single bytes 0x93 and 0x94.
    let dir = scratch("windows-1252");
    let path = dir.join("draft.txt");
    let bytes = b"The General Assembly,\n\nRecalling its resolution entitled \x93Our world\x94,\n";
    std::fs::write(&path, bytes).unwrap();
    let at = bytes.iter().position(|&b| b == 0x93).unwrap();
    let why = format!("not UTF-8 at byte {at}, a Windows-1252 (\"ANSI\") quotation mark");
    assert_refused(&path, &why);
    assert_refused(&path, "save the file as UTF-8");
}

#[test]
fn a_leading_byte_order_mark_is_ignored_by_the_model() {
    let ods = "\t1.\tDecides to act;\n\n\t2.\tRequests a report.\n";
    let md = "1. *Decides* to act;\n\n2. *Requests* a report.\n";
    for (text, format) in [(md, Format::Markdown), (ods, Format::Ods)] {
        let doc = Document::parse(format!("{BOM}{text}"), format);
        let first = doc.paragraphs.first().expect("a paragraph");
        assert_eq!(first.number(), Some(1), "{format:?}");
        // Spans stay offsets into the text as given, which keeps its mark.
        assert_eq!(first.span.start, BOM.len_utf8(), "{format:?}");
    }
}
