#!/usr/bin/env python3
"""Build data/openings.tsv: the opening phrases of adopted UN resolutions.

Usage:
    python3 scripts/build_openings.py [CORPUS_DIR ...] [-o data/openings.tsv]
                                      [--dump FILE] [--report]

Without CORPUS_DIR the script reads ../shared/corpus/ga and
../shared/corpus/seeds relative to the repository root.  Every ``*.md`` file
below the given directories is read (recursively); files without a resolution
body (README.md, SOURCE.md, ...) simply contribute nothing.

For each resolution body -- from the organ line (``*The General Assembly,*``,
``*The General Assembly*`` for texts without a preamble, or another
``*The <Organ>,*``) to the meeting line (``*49th plenary meeting``) -- the
script finds every preambular and operative paragraph and takes the italic
span at its start as the opening phrase.  Several bodies per file (parts A, B,
...) are handled; annexes (after the meeting line), footnote bodies, page
breaks (a line continuing a paragraph after ``---`` is not a new paragraph),
section headings, tables and table legends are skipped, and so are texts that
a resolution embeds without italic openings (declarations, budget
appropriations, conventions).

Part: numbered paragraphs are operative; unnumbered ones are preambular when
they end with a comma, operative otherwise (a single unnumbered operative
paragraph ending with a full stop or a colon).  Slips in the corpus are
settled by the form of the opening (-ing/adjective vs. third person -s).

Normalisation of a phrase: NBSP-like spaces become spaces, invisible marks are
removed, ``[70/1](#)`` link wrappers are unwrapped, whitespace is collapsed
and trimmed, trailing punctuation inside the italics is dropped
(``*Notes,*`` -> ``Notes``).  Spelling and case are kept exactly as in the
corpus ("Recalling also", "Also requests").  Two repairs of the corpus
markup: italics that end a word early or late against a large majority of
identical paragraphs ("*Bearing* in mind", "*Takes note of*") take the
majority boundary, and an opening left out of italics ("57. Urges all
parties") is recognised by longest match against the italic vocabulary.

Output (TSV, UTF-8, ``\\n`` line ends), sorted by part (preambular first),
then count descending, then phrase:

    part    phrase    count    documents

``count`` is the number of paragraphs, ``documents`` the number of distinct
files.  ``--dump FILE`` writes one line per paragraph (file, line, part,
phrase, how it was found, note) for checking; ``--report`` prints the top
phrases of each part, the totals and every repaired or odd paragraph to
stderr.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [
    REPO_ROOT.parent / "shared" / "corpus" / "ga",
    REPO_ROOT.parent / "shared" / "corpus" / "seeds",
]
DEFAULT_OUTPUT = REPO_ROOT / "data" / "openings.tsv"

PREAMBULAR = "preambular"
OPERATIVE = "operative"
PART_ORDER = {PREAMBULAR: 0, OPERATIVE: 1}

# --------------------------------------------------------------------------
# Line-level normalisation
# --------------------------------------------------------------------------

# Space-like characters that appear in the corpus (NBSP, narrow NBSP, ...).
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\t"), " ")
# Invisible characters (LRM/RLM, zero-width space/joiners, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Markdown link artefacts such as "[70/1](#)" or "[70/1](#70/1)".
_LINK = re.compile(r"\[([^\]\n]*)\]\(#[^)\n]*\)")
# Footnote indicators "<sup>12</sup>" (also "<sup>a</sup>").
_SUP = re.compile(r"<sup>[^<]*</sup>")


def clean_line(line: str) -> str:
    line = line.rstrip("\r\n").translate(_SPACES).translate(_INVISIBLE)
    return _LINK.sub(r"\1", line)


# --------------------------------------------------------------------------
# Structural patterns
# --------------------------------------------------------------------------

# Organ line: "*The General Assembly,*", "*The General Assembly*",
# "*The Security Council*," ...  The organ must be a short capitalised name.
ORGAN_LINE = re.compile(
    r"^\s*\*\s*The\s+(?P<organ>[A-Z][A-Za-z]*(?:\s+(?:[A-Z][A-Za-z]*|and|of|on|for|the))*)"
    r"\s*(?P<comma>,)?\s*\*\s*(?P<comma2>,)?\s*$"
)
# Meeting line: "*49th plenary meeting", "*56th (resumed) plenary meeting",
# "*54th resumed plenary meeting", "*8621st meeting*".
MEETING_LINE = re.compile(r"^\s*\*\s*\d+(?:st|nd|rd|th)\b[^*]*\bmeeting\b")
# Annex headings: "## Annex", "## Annex I", "**Annex**".
ANNEX_LINE = re.compile(r"^\s*(?:#+\s*|\*\*\s*)Annex\b", re.IGNORECASE)
# Part markers of multi-part resolutions ("**A**", "**B**<sup>1</sup>") and
# resolution title headings ("### 75/101. ...") end an annex.
PART_MARKER = re.compile(r"^\s*\*\*[A-Z]\*\*(?:<sup>[^<]*</sup>)?\s*$")
RESOLUTION_HEADING = re.compile(
    r"^\s*#{1,6}\s*(?:\*\*)?(?:(?:[A-Z]+-)?\d+/\d+\.|Resolutions? adopted|General Assembly\s*$)"
)
TITLE_HEADING = re.compile(r"^\s*#{1,6}\s")
FOOTNOTE_LINE = re.compile(r"^\s*<sup>[^<]*</sup>")
PAGE_BREAK = re.compile(r"^\s*-{3,}\s*$")
SEPARATOR = re.compile(r"^\s*(?:\\\*\s*){3}$|^\s*\*(?:\s*\*){2}\s*$")  # "\* \* \*"
BOLD_LINE = re.compile(r"^\s*\*\*.*\*\*\s*(?:<sup>[^<]*</sup>\s*)*$")
TABLE_LINE = re.compile(r"^\s*\|")
SUBPARAGRAPH = re.compile(r"^\s*\((?:[a-z]{1,2}|[ivxlc]+|\d+)\)\s")
# Numbered operative paragraph followed by an italic opening.  Tolerates
# "3 *Calls upon*" (no full stop), "232 .*Recognizes*" and "l. *Decides*"
# (letter l typed for the digit 1).
NUMBERED_ITALIC = re.compile(r"^\s*(?P<num>\d+|l)(?:\s*\.\s*|\s+)(?=\*[^*\s]|[A-Z][a-z]?\*[a-z])")
# Numbered paragraph whose opening is not italic: "57. Urges all parties".
NUMBERED_PLAIN = re.compile(r"^\s*(?P<num>\d+)\.\s+(?=[A-Z])")

# Opening italic span at the start of a paragraph.  "E*ncourages*" (italics
# starting one letter late) is accepted via the optional prefix.
OPENING_SPAN = re.compile(r"^(?P<pre>[A-Z][a-z]?)?\*(?!\*)(?P<span>[^*]+)\*(?P<rest>.*)$")

# Legends under tables: "*Abbreviations*: GS (OL), ...", "*Note*: ...".
_TABLE_NOTE = re.compile(r"^\*(?:Abbreviations?|Notes?|Sources?)\*\s*:")
# Adverbs that may precede the head verb of an operative phrase.
_ADVERB_PREFIX = {"also", "further", "again", "once", "hereby", "still", "therefore", "furthermore", "accordingly"}

TRAILING_PUNCT = " \t,;:.!?\u2013\u2014-"


def normalise_phrase(text: str) -> str:
    text = _SUP.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(TRAILING_PUNCT).strip()


def strip_markers(text: str) -> str:
    """Paragraph text without footnote markers, trailing spaces and closing
    brackets/quotes, used to look at its final punctuation."""
    text = _SUP.sub("", text).rstrip()
    text = text.rstrip(" *_”’\"')]")
    return text


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass
class Paragraph:
    path: str
    line: int  # 1-based line of the paragraph start
    numbered: bool
    phrase: str | None  # None: no italic opening found
    how: str  # "italic", "italic-fixed", "plain-match", "none"
    text: str  # first line, cleaned
    lines: list[str] = field(default_factory=list)  # all lines (incl. subparagraphs)
    part: str | None = None
    note: str = ""

    def final_char(self) -> str:
        for line in reversed(self.lines):
            s = strip_markers(line)
            if s:
                return s[-1]
        return ""


@dataclass
class Body:
    path: str
    line: int
    organ: str
    has_preamble: bool  # False for "*The General Assembly*" without comma
    paragraphs: list[Paragraph] = field(default_factory=list)
    ended: bool = False


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


def extract_italic_opening(text: str) -> tuple[str | None, str, str]:
    """Return (phrase, how, note) for a paragraph text (number removed)."""
    m = OPENING_SPAN.match(text)
    if not m:
        return None, "none", ""
    pre = m.group("pre") or ""
    span = m.group("span")
    rest = m.group("rest")
    how = "italic"
    notes = []
    if pre:
        how = "italic-fixed"
        notes.append(f"italics start inside the word: {pre}*{span}*")
    # "*Recall*ing": the span ends inside a word -> complete the word.
    tail = re.match(r"^([a-z]+)", rest)
    if tail and not span.endswith(" "):
        notes.append(f"italics end inside the word: *{span}*{tail.group(1)}")
        span += tail.group(1)
        how = "italic-fixed"
    raw = pre + span
    # Punctuation inside the span: "*Notes,* in this regard", "*Welcoming,*".
    # A comma inside the span that is followed by more words ("*In that
    # regard, notes*", "*Strongly condemning, and expressing deep concern*")
    # is kept: that is how the corpus writes the opening.
    phrase = normalise_phrase(raw)
    if phrase != raw.strip():
        if raw.rstrip() != raw:
            notes.append("trailing space inside the italics")
        if raw.strip() != raw.strip().rstrip(TRAILING_PUNCT):
            notes.append(f"punctuation inside the italics: *{span}*")
    return phrase or None, how, "; ".join(notes)


def parse_file(path: Path, anomalies: list[str]) -> list[Body]:
    with open(path, encoding="utf-8") as fh:
        raw_lines = fh.readlines()
    rel = str(path)
    bodies: list[Body] = []
    body: Body | None = None
    in_annex = False
    para: Paragraph | None = None  # paragraph being collected
    after_break = False  # a page break / footnote block since the last text line

    def close_para() -> None:
        nonlocal para
        if para is not None and body is not None:
            body.paragraphs.append(para)
        para = None

    for idx, raw in enumerate(raw_lines):
        lineno = idx + 1
        line = clean_line(raw)
        stripped = line.strip()

        if body is None:
            if ANNEX_LINE.match(line):
                in_annex = True
                continue
            if in_annex and (PART_MARKER.match(line) or RESOLUTION_HEADING.match(line)):
                in_annex = False
            if in_annex:
                continue
            m = ORGAN_LINE.match(line)
            if m:
                has_comma = bool(m.group("comma") or m.group("comma2"))
                body = Body(rel, lineno, m.group("organ"), has_comma)
                para = None
                after_break = False
            continue

        # ---- inside a body ----
        if MEETING_LINE.match(line):
            close_para()
            body.ended = True
            bodies.append(body)
            body = None
            continue
        if ANNEX_LINE.match(line):
            anomalies.append(f"{rel}:{lineno}: annex heading inside a body (no meeting line before it)")
            close_para()
            bodies.append(body)
            body = None
            in_annex = True
            continue
        if not stripped:
            continue
        if PAGE_BREAK.match(line) or FOOTNOTE_LINE.match(line):
            after_break = True
            continue
        if SEPARATOR.match(line) or TABLE_LINE.match(line) or TITLE_HEADING.match(line):
            # Section separators, tables and headings end the current paragraph.
            close_para()
            after_break = False
            continue
        if BOLD_LINE.match(line) and not NUMBERED_ITALIC.match(line):
            close_para()  # section headings "**I**", "**Introduction**"
            after_break = False
            continue

        # Continuation after a page break: the previous paragraph did not end
        # with paragraph punctuation, so this line carries on with it.
        if after_break and para is not None and not NUMBERED_ITALIC.match(line):
            end = strip_markers(para.lines[-1])[-1:] if para.lines else ""
            if end not in (",", ";", ":", ".", "?", "!") or stripped[:1].islower():
                para.lines.append(stripped)
                after_break = False
                continue
        after_break = False

        if SUBPARAGRAPH.match(line):
            if para is not None:
                para.lines.append(stripped)
            continue

        m = NUMBERED_ITALIC.match(line)
        if m:
            close_para()
            text = line[m.end():]
            phrase, how, note = extract_italic_opening(text)
            if m.group("num") == "l":
                note = "; ".join(filter(None, [note, "paragraph number typed as letter l"]))
            if not re.match(r"^\s*\d+\.\s", line):
                note = "; ".join(filter(None, [note, f"irregular paragraph number: {line[:m.end()].strip()!r}"]))
            para = Paragraph(rel, lineno, True, phrase, how, text, [stripped], note=note)
            continue

        m = NUMBERED_PLAIN.match(line)
        if m:
            close_para()
            text = line[m.end():]
            para = Paragraph(rel, lineno, True, None, "none", text, [stripped])
            continue

        if _TABLE_NOTE.match(stripped):
            close_para()  # "*Abbreviations*: GS (OL), ..." under a table
            continue
        if stripped.startswith("*") and not stripped.startswith("**") or re.match(r"^[A-Z][a-z]?\*[a-z]", stripped):
            close_para()
            phrase, how, note = extract_italic_opening(stripped)
            para = Paragraph(rel, lineno, False, phrase, how, stripped, [stripped], note=note)
            continue

        # Any other line: a plain (non-italic) paragraph start or running text.
        if stripped[:1].islower() and para is not None:
            para.lines.append(stripped)
            continue
        close_para()
        para = Paragraph(rel, lineno, False, None, "none", stripped, [stripped])

    if body is not None:
        close_para()
        anomalies.append(f"{rel}:{body.line}: body without a meeting line")
        bodies.append(body)
    return bodies


# --------------------------------------------------------------------------
# Part assignment
# --------------------------------------------------------------------------


def looks_operative(phrase: str) -> bool:
    """True when the head verb of a phrase is a third-person "-s" form
    ("Decides", "Also takes note", "Strongly condemns"); False for
    participles and adjectives ("Recalling", "Deeply concerned", "Conscious")."""
    words = phrase.split()
    while len(words) > 1 and (words[0].lower() in _ADVERB_PREFIX or words[0].endswith("ly")):
        words = words[1:]
    head = words[0].lower() if words else ""
    if head in ("is", "are"):  # "Is encouraged"
        return True
    return bool(re.fullmatch(r"[a-z-]{2,}s", head)) and not re.search(r"(ous|ss|ius)$", head)


def assign_parts(body: Body) -> None:
    """Numbered paragraphs are operative; so is everything in a body opened by
    "*The General Assembly*" without a comma (no preamble).  An unnumbered
    paragraph is preambular when it ends with a comma and operative when it
    does not (the single unnumbered operative paragraph of a resolution ends
    with a full stop, or with a colon before its subparagraphs; budget
    resolutions have unnumbered operative paragraphs ending with a semicolon
    in each section).  Where the punctuation and the form of the opening
    disagree ("*Reaffirming* ...;" in a preamble, "*Approves* ...," closing a
    section) the form of the opening decides and the paragraph gets a note:
    those are slips in the corpus."""
    for p in body.paragraphs:
        if p.numbered or not body.has_preamble:
            p.part = OPERATIVE
            if p.phrase and not looks_operative(p.phrase):
                p.note = "; ".join(filter(None, [p.note, "operative paragraph with a preambular-looking opening"]))
            continue
        by_punct = PREAMBULAR if p.final_char() == "," else OPERATIVE
        if p.phrase is None:
            p.part = by_punct
            continue
        by_form = OPERATIVE if looks_operative(p.phrase) else PREAMBULAR
        p.part = by_form
        if by_form != by_punct:
            p.note = "; ".join(
                filter(None, [p.note, f"{by_form} opening but paragraph ends with {p.final_char()!r}"])
            )


_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


def _plain(text: str) -> str:
    """Paragraph start without italic markers and footnote indicators."""
    return re.sub(r"\s+", " ", _SUP.sub("", text).replace("*", "")).strip()


def _tokens(text: str) -> list[str]:
    """Words and punctuation marks (each its own token) of a text."""
    return _TOKEN.findall(text)


def repair_boundaries(bodies: list[Body], min_support: int = 5, ratio: int = 3) -> None:
    """Fix italic spans that stop short of, or run past, the opening.

    The corpus sometimes closes the italics a word early ("*Bearing* in mind",
    "*Takes* note of", "*Also calls* upon") or late ("*Takes note of*",
    "*Stressing the importance*").  For a paragraph whose phrase is rare (at
    most two occurrences in its part), every other boundary up to three
    tokens away is tried: when at least ``min_support`` paragraphs of the same
    part that start with exactly the same tokens (words and punctuation) end
    their italics there, and they outnumber the paragraphs that agree with
    this one ``ratio`` times, the majority boundary is taken.  Rare phrases
    that nobody writes differently ("Reiterating its urgent call upon",
    "*Welcoming in this regard*" next to "*Welcoming*, in this regard,") are
    left alone."""
    paras = [p for b in bodies for p in b.paragraphs if p.phrase and p.how.startswith("italic")]
    plain = {id(p): _plain(p.text) for p in paras}
    toks = {id(p): _tokens(plain[id(p)]) for p in paras}
    plen = {id(p): len(_tokens(p.phrase)) for p in paras}
    by_head: dict[tuple[str, str], list[Paragraph]] = collections.defaultdict(list)
    for p in paras:
        if toks[id(p)]:
            by_head[(p.part, toks[id(p)][0])].append(p)
    freq = collections.Counter((p.part, p.phrase) for p in paras)
    changes = []
    for p in paras:
        if freq[(p.part, p.phrase)] > 2:
            continue
        w, k = toks[id(p)], plen[id(p)]
        if not w or w[:k] != _tokens(p.phrase):
            continue
        best = None
        for j in range(1, min(len(w), k + 3) + 1):
            if j == k or not re.match(r"\w", w[j - 1]):
                continue  # a boundary always follows a word
            m = max(j, k)
            prefix = w[:m]
            support = collections.Counter(
                plen[id(q)] for q in by_head[(p.part, w[0])] if toks[id(q)][:m] == prefix
            )
            if support[j] >= min_support and support[j] >= ratio * support[k]:
                if best is None or support[j] > best[1]:
                    best = (j, support[j], support[k])
        if best:
            j = best[0]
            cut = [mt.end() for mt in _TOKEN.finditer(plain[id(p)])][j - 1]
            changes.append((p, normalise_phrase(plain[id(p)][:cut]), best))
    for p, new_phrase, (j, sj, sk) in changes:
        p.note = "; ".join(
            filter(None, [p.note, f"italics end {'early' if j > plen[id(p)] else 'late'}: *{p.phrase}* -> "
                                  f"{new_phrase} ({sj} paragraphs against {sk})"])
        )
        p.phrase = new_phrase
        p.how = "italic-repaired"


def recover_plain_openings(bodies: list[Body], vocab: dict[str, set[str]]) -> None:
    """Paragraphs of a resolution whose opening was not set in italics
    ("57. Urges all parties ...", "Aware of the role ...") get their opening by
    longest match against the italic vocabulary of the same part.  Paragraphs
    of embedded texts ("1. We, the Heads of State ...", "1. The Working
    Capital Fund shall ...") do not match and are left out."""
    longest = {part: sorted(ph, key=lambda c: (-len(c), c)) for part, ph in vocab.items()}
    for body in bodies:
        for p in body.paragraphs:
            if p.phrase is not None:
                continue
            text = normalise_phrase(_SUP.sub("", p.text)) + " "
            for cand in longest.get(p.part, ()):
                if text.startswith(cand + " ") or text.startswith(cand + ","):
                    # The form must fit the part, so that "Member States ..."
                    # or a declaration's "Reaffirm ..." never count.
                    if looks_operative(cand) != (p.part == OPERATIVE):
                        continue
                    p.phrase = cand
                    p.how = "plain-match"
                    p.note = "opening not in italics"
                    break


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def iter_markdown(dirs: list[Path]):
    seen = set()
    for d in dirs:
        if d.is_file():
            files = [d]
        else:
            files = sorted(p for p in d.rglob("*.md") if p.is_file())
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield f


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path, REPO_ROOT.parent)
    except ValueError:
        return str(path)


def build(dirs: list[Path]) -> tuple[list[Body], list[str]]:
    anomalies: list[str] = []
    bodies: list[Body] = []
    for f in iter_markdown(dirs):
        fb = parse_file(f, anomalies)
        for b in fb:
            b.path = display_path(f)
            for p in b.paragraphs:
                p.path = b.path
            assign_parts(b)
        bodies.extend(fb)
    repair_boundaries(bodies)
    vocab: dict[str, set[str]] = collections.defaultdict(set)
    for b in bodies:
        for p in b.paragraphs:
            if p.phrase is not None and p.how.startswith("italic"):
                vocab[p.part].add(p.phrase)
    recover_plain_openings(bodies, vocab)
    return bodies, anomalies


def tabulate(bodies: list[Body]) -> list[tuple[str, str, int, int]]:
    counts: collections.Counter = collections.Counter()
    docs: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for b in bodies:
        for p in b.paragraphs:
            if p.phrase is None:
                continue
            key = (p.part, p.phrase)
            counts[key] += 1
            docs[key].add(b.path)
    rows = [(part, phrase, n, len(docs[(part, phrase)])) for (part, phrase), n in counts.items()]
    rows.sort(key=lambda r: (PART_ORDER[r[0]], -r[2], r[1]))
    return rows


def write_tsv(rows, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("part\tphrase\tcount\tdocuments\n")
        for part, phrase, n, d in rows:
            fh.write(f"{part}\t{phrase}\t{n}\t{d}\n")


def write_dump(bodies: list[Body], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("file\tline\tpart\tphrase\thow\tnote\ttext\n")
        for b in bodies:
            for p in b.paragraphs:
                fh.write(
                    f"{p.path}\t{p.line}\t{p.part}\t{p.phrase or ''}\t{p.how}\t{p.note}\t{p.text[:100]}\n"
                )


def report(rows, bodies: list[Body], anomalies: list[str], top: int = 40) -> None:
    err = sys.stderr
    for part in (PREAMBULAR, OPERATIVE):
        prow = [r for r in rows if r[0] == part]
        print(f"== {part}: {len(prow)} distinct phrases, {sum(r[2] for r in prow)} paragraphs", file=err)
        for _, phrase, n, d in prow[:top]:
            print(f"  {n:6d} {d:5d}  {phrase}", file=err)
    both = sorted({r[1] for r in rows if r[0] == PREAMBULAR} & {r[1] for r in rows if r[0] == OPERATIVE})
    print(f"== phrases in both parts: {', '.join(both) or '(none)'}", file=err)
    fixed = [p for b in bodies for p in b.paragraphs if p.note]
    print(f"== paragraphs with notes: {len(fixed)}", file=err)
    for p in fixed:
        print(f"  {p.path}:{p.line}: [{p.part}] {p.phrase!r} {p.how}: {p.note}", file=err)
    skipped = [p for b in bodies for p in b.paragraphs if p.phrase is None]
    print(f"== paragraphs without an opening (embedded texts etc.): {len(skipped)}", file=err)
    for a in anomalies:
        print(f"  {a}", file=err)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="*", type=Path, help="corpus directories (default: shared/corpus/ga and seeds)")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output TSV (default: data/openings.tsv)")
    ap.add_argument("--dump", type=Path, help="write every extracted paragraph to this TSV")
    ap.add_argument("--report", action="store_true", help="print top phrases, totals and anomalies to stderr")
    args = ap.parse_args(argv)
    dirs = args.corpus or DEFAULT_CORPORA
    missing = [d for d in dirs if not d.exists()]
    if missing:
        ap.error("corpus not found: " + ", ".join(map(str, missing)))
    bodies, anomalies = build(dirs)
    rows = tabulate(bodies)
    write_tsv(rows, args.output)
    if args.dump:
        write_dump(bodies, args.dump)
    if args.report:
        report(rows, bodies, anomalies)
    pre = [r for r in rows if r[0] == PREAMBULAR]
    op = [r for r in rows if r[0] == OPERATIVE]
    print(
        f"{args.output}: {len(pre)} preambular phrases ({sum(r[2] for r in pre)} paragraphs), "
        f"{len(op)} operative phrases ({sum(r[2] for r in op)} paragraphs) "
        f"from {len({b.path for b in bodies})} files, {len(bodies)} resolution bodies",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
