#!/usr/bin/env python3
"""Write a synthetic draft far past real ones, for the memory and time measurements of issue 14.

Usage:
    python3 scripts/stress_drafts.py KIND SIZE OUT

KIND and SIZE:
    seed MB         the seed resolution A/RES/71/167 repeated to about MB megabytes: real
                    paragraphs, markers and footnotes, numbering restarting at each copy
    misnumbered MB  operative paragraphs all numbered 1, to about MB megabytes: every one
                    but the first draws an operative-numbering error with the renumbering fix
    footnotes N     N footnotes cited ten to a preambular paragraph, bodies at the end (a
                    third full Treaty Series citations, the others "Ibid.")
    one-line MB     about MB megabytes of markup and markers on a single line

The drafts are generated rather than stored because they are large; write them outside the
repository (e.g. /tmp) and delete them once measured. The same shapes are in
benches/check.rs (`stress/*`), which times them in memory.
"""

import sys
from pathlib import Path

MB = 1 << 20
ROOT = Path(__file__).resolve().parent.parent
OPENING = "*The General Assembly,*\n\n"


def seed(megabytes: float) -> str:
    """The seed resolution repeated: realistic text, so realistic diagnostics per byte."""
    text = (ROOT / "tests/fixtures/seeds/A_RES_71_167.md").read_text(encoding="utf-8")
    return text * max(1, round(megabytes * MB / len(text.encode("utf-8"))))


def misnumbered(megabytes: float) -> str:
    """The shape that once made memory grow with the square of the paragraph count."""
    paragraph = "1. *Requests* the Secretary-General to report on paragraph 1 above;\n\n"
    return OPENING + paragraph * int(megabytes * MB / len(paragraph))


def footnotes(n: int) -> str:
    """The shape that once made the footnote checks quadratic."""
    parts = [OPENING]
    for first in range(1, n + 1, 10):
        markers = "".join(
            f" Convention<sup>{k}</sup>" for k in range(first, min(first + 9, n) + 1)
        )
        parts.append(f"*Recalling* the{markers},\n\n")
    parts.append("1. *Requests* the Secretary-General to report.\n\n---\n\n")
    for k in range(1, n + 1):
        body = "United Nations, *Treaty Series*" if k % 3 == 1 else "*Ibid.*"
        parts.append(f"<sup>{k}</sup> {body}, vol. {k}, No. {k}.\n\n")
    return "".join(parts)


def one_line(megabytes: float) -> str:
    """One paragraph with no line break: every per-line or per-paragraph cost at its worst."""
    unit = (
        "*Recalling* its resolution 70/1 of 25 September 2015,<sup>1</sup> "
        "and **bold** _it_ [^2] "
    )
    return OPENING + unit * int(megabytes * MB / len(unit)) + "\n"


KINDS = {
    "seed": (seed, float),
    "misnumbered": (misnumbered, float),
    "footnotes": (footnotes, int),
    "one-line": (one_line, float),
}


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.exit(__doc__)
    make, size = KINDS[sys.argv[1]]
    text = make(size(sys.argv[2]))
    Path(sys.argv[3]).write_text(text, encoding="utf-8")
    print(f"{sys.argv[3]}: {len(text.encode('utf-8')):,} bytes")


if __name__ == "__main__":
    main()
