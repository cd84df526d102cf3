#!/usr/bin/env python3
"""Turns a `tmux capture-pane -e` dump (SGR colour escapes) into a standalone HTML page."""
import html
import re
import sys

BASE16 = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
          "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]


def color256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def main(src, dst, title):
    text = open(src, encoding="utf-8", errors="replace").read()
    fg_default, bg_default = "#e0e2ea", "#14161b"
    state = {"fg": None, "bg": None, "bold": False, "italic": False, "underline": False, "reverse": False}
    out = []

    def apply(params):
        p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
        i = 0
        while i < len(p):
            c = p[i]
            if c == 0:
                state.update(fg=None, bg=None, bold=False, italic=False, underline=False, reverse=False)
            elif c == 1:
                state["bold"] = True
            elif c == 3:
                state["italic"] = True
            elif c in (4, 21):
                state["underline"] = True
            elif c == 7:
                state["reverse"] = True
            elif c == 22:
                state["bold"] = False
            elif c == 23:
                state["italic"] = False
            elif c == 24:
                state["underline"] = False
            elif c == 27:
                state["reverse"] = False
            elif 30 <= c <= 37:
                state["fg"] = BASE16[c - 30]
            elif 90 <= c <= 97:
                state["fg"] = BASE16[c - 90 + 8]
            elif 40 <= c <= 47:
                state["bg"] = BASE16[c - 40]
            elif 100 <= c <= 107:
                state["bg"] = BASE16[c - 100 + 8]
            elif c == 39:
                state["fg"] = None
            elif c == 49:
                state["bg"] = None
            elif c in (38, 48) and i + 1 < len(p):
                key = "fg" if c == 38 else "bg"
                if p[i + 1] == 5 and i + 2 < len(p):
                    state[key] = color256(p[i + 2])
                    i += 2
                elif p[i + 1] == 2 and i + 4 < len(p):
                    state[key] = "#%02x%02x%02x" % tuple(p[i + 2:i + 5])
                    i += 4
            i += 1

    def span(chunk):
        if not chunk:
            return
        fg, bg = state["fg"] or fg_default, state["bg"] or bg_default
        if state["reverse"]:
            fg, bg = bg, fg
        style = f"color:{fg};background:{bg};"
        if state["bold"]:
            style += "font-weight:bold;"
        if state["italic"]:
            style += "font-style:italic;"
        if state["underline"]:
            style += "text-decoration:underline;"
        out.append(f'<span style="{style}">{html.escape(chunk)}</span>')

    pos = 0
    for m in re.finditer(r"\x1b\[([0-9;:]*)m", text):
        span(text[pos:m.start()])
        apply(m.group(1).replace(":", ";"))
        pos = m.end()
    span(text[pos:])
    body = "".join(out)
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ margin:0; background:#0b0c10; }}
.win {{ margin:14px; border-radius:8px; overflow:hidden; box-shadow:0 4px 18px #000a; display:inline-block; }}
.bar {{ background:#2b2d33; color:#c8c8c8; font:13px sans-serif; padding:6px 12px; }}
pre {{ margin:0; padding:8px; background:{bg_default}; color:{fg_default};
       font-family:'DejaVu Sans Mono','Liberation Mono',monospace; font-size:14px; line-height:1.25; }}
</style></head><body><div class="win"><div class="bar">{html.escape(title)}</div><pre>{body}</pre></div></body></html>"""
    open(dst, "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "Neovim")
