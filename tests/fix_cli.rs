//! `resolute fix` as a drafter runs it: the precedents it loads, what it applies and what it
//! leaves for review, the diff it prints, and the file it writes back (links, owner, mode).

use resolute::model::{Document, citation, instrument};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RENUMBERABLE: &str = "*The General Assembly,*\n\n*Recalls* its resolution 70/1,<sup>2</sup>\n\n1. *Decides* to act.\n\n<sup>2</sup> Resolution 70/1.\n";

/// Markers out of order with nothing to tell the two readings apart.
const UNDECIDABLE: &str = "*The General Assembly,*\n\n*Recalling* A,<sup>2</sup> B<sup>3</sup> and C,<sup>1</sup>\n\n1. *Decides* to act.\n\n<sup>1</sup> Resolution 54/4, annex.\n\n<sup>2</sup> Resolution 55/25, annex I.\n\n<sup>3</sup> Ibid., annex II.\n";

/// 59/166 was adopted on 20 December 2004 (the fixture corpus holds it).
const WRONG_DATE: &str = "*The General Assembly,*\n\n*Recalling* its resolution 59/166 of 21 December 2004,\n\n1. *Decides* to act.\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty directory under the target directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = root().join("target/tmp/fix-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `resolute ARGS` in `dir` against the small fixture corpus.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .current_dir(dir)
        .env("RESOLUTE_CORPUS", root().join("tests/fixtures/precedent"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn draft_in(dir: &Path, text: &str) -> PathBuf {
    let file = dir.join("draft.md");
    std::fs::write(&file, text).unwrap();
    file
}

/// The citation the footnote after the first mention of `name` stands for.
fn note_after(doc: &Document, name: &str) -> String {
    let names = instrument::marker_names(doc);
    let notes = citation::analyse(doc);
    let marker = doc
        .markers
        .iter()
        .zip(&names)
        .find(|(_, n)| n.as_deref() == Some(name))
        .map(|(m, _)| m)
        .unwrap_or_else(|| panic!("no marker after {name}"));
    let f = doc
        .footnotes
        .iter()
        .position(|f| f.number == marker.number)
        .unwrap();
    notes[f].resolved.as_ref().unwrap().render()
}

#[test]
fn sample_draft_pairs_each_convention_with_its_citation() {
    let dir = temp_dir("sample");
    let file = dir.join("draft.md");
    std::fs::copy(root().join("examples/drafts/trafficking-draft.md"), &file).unwrap();
    // The bundled corpus, as a drafter's `resolute fix` loads it (cached across runs).
    let out = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .arg("fix")
        .arg(&file)
        .env_remove("RESOLUTE_CORPUS")
        .env("XDG_CACHE_HOME", root().join("target/tmp/fix-cli-cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("applied 3 fixes in 1 file (footnote-body-order: 1, footnote-sequence: 2)"),
        "{}",
        stderr(&out)
    );
    let doc = Document::parse_path(&file, std::fs::read_to_string(&file).unwrap());
    assert_eq!(
        note_after(
            &doc,
            "Convention on the Elimination of All Forms of Discrimination against Women"
        ),
        "United Nations, Treaty Series, vol. 1249, No. 20378."
    );
    assert_eq!(
        note_after(&doc, "Convention on the Rights of the Child"),
        "United Nations, Treaty Series, vol. 1577, No. 27531."
    );
}

#[test]
fn undecidable_renumbering_is_offered_both_ways_and_left() {
    let dir = temp_dir("undecidable");
    let file = draft_in(&dir, UNDECIDABLE);
    let out = run(&dir, &["fix", "draft.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UNDECIDABLE);
    let said = stderr(&out);
    assert!(
        said.contains("draft.md:3:53: footnote-sequence: not fixed: the evidence cannot choose between “Renumber footnotes” and “Renumber the markers, footnotes staying in place”"),
        "{said}"
    );
    assert!(
        said.contains("applied 0 fixes in 0 files; 1 left for review"),
        "{said}"
    );
    let json = run(&dir, &["check", "--format", "json", "draft.md"]);
    let found: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let applicability: Vec<&str> = found[0]["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["applicability"].as_str().unwrap())
        .collect();
    assert_eq!(applicability, ["manual", "manual"]);
}

#[test]
fn precedent_fixes_need_unsafe_fixes_and_say_so() {
    let dir = temp_dir("unsafe");
    let file = draft_in(&dir, WRONG_DATE);
    let human = run(&dir, &["check", "draft.md"]);
    let report = String::from_utf8_lossy(&human.stdout);
    assert!(
        report.contains("= fix: Use the adoption date, 20 December 2004 (unsafe)"),
        "{report}"
    );
    let json = run(&dir, &["check", "--format", "json", "draft.md"]);
    let found: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let date = found
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "resolution-date-mismatch")
        .unwrap();
    assert_eq!(date["fixes"][0]["applicability"], "unsafe");

    let out = run(&dir, &["fix", "draft.md"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), WRONG_DATE);
    assert!(
        stderr(&out)
            .contains("applied 0 fixes in 0 files; 1 left for review (1 with --unsafe-fixes)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("resolution-date-mismatch: not fixed: “Use the adoption date, 20 December 2004” rests on precedents; rerun with --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    let out = run(&dir, &["fix", "--unsafe-fixes", "draft.md"]);
    assert!(
        stderr(&out).contains("applied 1 fix in 1 file (resolution-date-mismatch: 1)"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("59/166 of 20 December 2004,")
    );
}

#[test]
fn dry_run_prints_a_diff_git_applies() {
    let dir = temp_dir("git");
    let text = RENUMBERABLE.replace("act.", "act.\n\nline\n\nline\n\nline\n\nline");
    let file = draft_in(&dir, &text);
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    let out = run(&dir, &["fix", "--dry-run", "draft.md"]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "dry run writes nothing"
    );
    let patch = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        patch.starts_with("--- a/draft.md\n+++ b/draft.md\n@@ -1,"),
        "{patch}"
    );
    assert!(
        stderr(&out).contains("would apply 2 fixes in 1 file"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.join("fix.patch"), &patch).unwrap();
    git(&["apply", "--check", "fix.patch"]);
    git(&["apply", "fix.patch"]);
    let patched = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text).unwrap();
    run(&dir, &["fix", "draft.md"]);
    assert_eq!(patched, std::fs::read_to_string(&file).unwrap());
}

#[cfg(unix)]
mod files {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn fixed_text() -> String {
        RENUMBERABLE
            .replace("*Recalls*", "*Recalling*")
            .replace(">2<", ">1<")
    }

    /// Nothing but the draft (and what the test put there) is left in the folder.
    fn no_leftovers(dir: &Path) {
        let strays: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains("resolute-"))
            .collect();
        assert!(strays.is_empty(), "{strays:?}");
    }

    #[test]
    fn a_read_only_file_is_refused() {
        let dir = temp_dir("read-only");
        let file = draft_in(&dir, RENUMBERABLE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        let out = run(&dir, &["fix", "draft.md"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("draft.md: read-only file, not fixed"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), RENUMBERABLE);
    }

    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = temp_dir("symlink");
        std::fs::create_dir(dir.join("real")).unwrap();
        let target = dir.join("real/draft.md");
        std::fs::write(&target, RENUMBERABLE).unwrap();
        let link = dir.join("link.md");
        std::os::unix::fs::symlink("real/draft.md", &link).unwrap();
        let out = run(&dir, &["fix", "link.md"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed_text());
        no_leftovers(&dir);
        no_leftovers(&dir.join("real"));
    }

    #[test]
    fn hard_links_keep_sharing_the_file() {
        let dir = temp_dir("hard-link");
        let file = draft_in(&dir, RENUMBERABLE);
        let other = dir.join("other.md");
        std::fs::hard_link(&file, &other).unwrap();
        let out = run(&dir, &["fix", "draft.md"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&other).unwrap(), fixed_text());
        assert_eq!(
            file.metadata().unwrap().ino(),
            other.metadata().unwrap().ino()
        );
        no_leftovers(&dir);
    }

    #[test]
    fn owner_and_mode_are_kept() {
        let dir = temp_dir("owner");
        let file = draft_in(&dir, RENUMBERABLE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        let ours = file.metadata().unwrap().uid();
        // As root, give the draft to someone else: the rewritten file must stay theirs.
        let owner = if ours == 0 { 65534 } else { ours };
        std::os::unix::fs::chown(&file, Some(owner), None).unwrap();
        let before = file.metadata().unwrap();
        let out = run(&dir, &["fix", "draft.md"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let after = file.metadata().unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed_text());
        assert_eq!(after.mode() & 0o7777, 0o640);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        no_leftovers(&dir);
    }

    /// A file with one name is replaced by a rename (a new inode): a crash leaves the old file
    /// or the new one, never a part of either.
    #[test]
    fn a_single_file_is_replaced_whole() {
        let dir = temp_dir("atomic");
        let file = draft_in(&dir, RENUMBERABLE);
        let before = file.metadata().unwrap().ino();
        run(&dir, &["fix", "draft.md"]);
        assert_ne!(file.metadata().unwrap().ino(), before);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed_text());
        no_leftovers(&dir);
    }
}
