//! Reading drafts safely and finding them in folders, for the command line, the precedent
//! index and the language server alike.
//!
//! A read is bounded whatever the file claims to hold, refuses what is not a regular file
//! (a FIFO would block, a device never ends) and refuses binary content. UTF-16 is decoded;
//! a byte order mark stays in the text, where the parser ignores it, so that spans and fixes
//! keep the file as it was.
//!
//! Folder walks follow symbolic links, skip a link back to a folder being walked, and do not
//! consult `.gitignore`: a folder named on the command line or as a corpus means every draft
//! in it (corpora are often ignored by version control for their size).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How a file's text was stored, so that a fix writes it back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Charset {
    /// `text` in this character set.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Charset::Utf8 => text.as_bytes().to_vec(),
            Charset::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Charset::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// Reads a draft, refusing what cannot be a text file.
pub fn read_source(path: &Path) -> Result<String, String> {
    read_text(path).map(|(text, _)| text)
}

/// Reads a draft and says how it was stored.
pub fn read_text(path: &Path) -> Result<(String, Charset), String> {
    let bytes = read_bounded(path)?;
    decode(bytes).map_err(|problem| format!("{}: {problem}", path.display()))
}

/// At most [`MAX_FILE_BYTES`] of a regular file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let too_big = |size: u64| {
        format!(
            "{}: file is {size} bytes or more, over the {} MiB limit",
            path.display(),
            MAX_FILE_BYTES / 1024 / 1024
        )
    };
    // Checked before opening: opening a FIFO blocks until something writes to it.
    let meta = std::fs::metadata(path).map_err(|e| io_message(path, &e))?;
    regular(path, &meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = File::open(path).map_err(|e| io_message(path, &e))?;
    // Checked again on the open file, which may not be the one examined above.
    regular(path, &file.metadata().map_err(|e| io_message(path, &e))?)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_dir() {
        Err(format!("{}: is a directory", path.display()))
    } else if !meta.is_file() {
        Err(format!(
            "{}: not a regular file (a device, FIFO or socket cannot be a draft)",
            path.display()
        ))
    } else {
        Ok(())
    }
}

/// The text of a file: UTF-8, or UTF-16 marked by a byte order mark or by NUL bytes falling
/// on one side of every character pair (ASCII text in UTF-16 without a mark).
fn decode(bytes: Vec<u8>) -> Result<(String, Charset), String> {
    if let Some(kind) = word_processor_file(&bytes) {
        return Err(format!(
            "{kind}, not a text draft: save it as plain text (.txt) or Markdown (.md) to check it"
        ));
    }
    let charset = if bytes.starts_with(&[0xFF, 0xFE]) {
        Charset::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Charset::Utf16Be
    } else if !bytes.contains(&0) {
        Charset::Utf8
    } else {
        unmarked_utf16(&bytes).ok_or(BINARY.to_string())?
    };
    let text = match charset {
        Charset::Utf8 => String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            format!(
                "not UTF-8 at byte {at}{} (save the file as UTF-8)",
                windows_1252_hint(e.as_bytes()[at])
            )
        })?,
        Charset::Utf16Le => utf16(&bytes, u16::from_le_bytes)?,
        Charset::Utf16Be => utf16(&bytes, u16::from_be_bytes)?,
    };
    if text.contains('\0') {
        return Err(BINARY.to_string());
    }
    Ok((text, charset))
}

const BINARY: &str = "binary content (NUL bytes), not a text draft";

/// Curly quotes and dashes as Windows-1252 writes them (bytes 0x91–0x97), which Word's "Plain
/// Text" and older editors save by default on Windows: named, so the drafter knows the cause.
fn windows_1252_hint(byte: u8) -> &'static str {
    match byte {
        0x91..=0x97 => ", a Windows-1252 (\"ANSI\") quotation mark or dash",
        _ => "",
    }
}

/// What a drafter may try to check before saving the draft as text, told by its first bytes.
fn word_processor_file(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 4] = [
        (
            b"PK\x03\x04",
            "a Word (.docx), OpenDocument (.odt) or other ZIP file",
        ),
        (b"\xD0\xCF\x11\xE0", "a Word 97-2003 (.doc) file"),
        (b"%PDF-", "a PDF file"),
        (b"{\\rtf", "an RTF file"),
    ];
    (KINDS.iter()).find_map(|&(magic, kind)| bytes.starts_with(magic).then_some(kind))
}

/// UTF-16 without a byte order mark: every NUL byte on the same side of its pair.
fn unmarked_utf16(bytes: &[u8]) -> Option<Charset> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.chunks_exact(2);
    let (high, low) = pairs.fold((0, 0), |(high, low), p| {
        (high + usize::from(p[0] == 0), low + usize::from(p[1] == 0))
    });
    match (high, low) {
        (0, _) => Some(Charset::Utf16Le),
        (_, 0) => Some(Charset::Utf16Be),
        _ => None,
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 != 0 {
        return Err("UTF-16 with an odd number of bytes (save the file as UTF-8)".to_string());
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| "not valid UTF-16 (save the file as UTF-8)".to_string())
}

/// The message for an I/O error on `path`.
pub fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("{}: permission denied", path.display()),
        _ => format!("{}: {e}", path.display()),
    }
}

/// Expands directories into the drafts they contain (`.md`, `.markdown`, `.txt`), each once.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e.file_name()));
    for entry in entries {
        match entry {
            Ok(e) if !e.file_type().is_dir() && is_draft(e.path()) => out.push(e.into_path()),
            Ok(_) => {}
            Err(e) if vanished_or_loop(&e) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let io = std::io::Error::from(e);
                return Err(io_message(&path, &io));
            }
        }
    }
    Ok(())
}

/// Hidden entries and build output are not drafts.
fn skipped(name: &std::ffi::OsStr) -> bool {
    let name = name.to_str().unwrap_or_default();
    name.starts_with('.') || name == "target" || name == "node_modules"
}

fn is_draft(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "txt")
    )
}

/// A link back to a folder being walked, or an entry gone (a dangling link, a file removed
/// during the walk): not drafts, and no reason to stop.
fn vanished_or_loop(e: &walkdir::Error) -> bool {
    e.loop_ancestor().is_some()
        || e.depth() > 0
            && e.io_error().map(std::io::Error::kind) == Some(std::io::ErrorKind::NotFound)
}
