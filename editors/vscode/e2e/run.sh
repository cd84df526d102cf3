#!/usr/bin/env bash
# End-to-end test of the VS Code extension as users get it: the platform package
# (resolute-linux-x64.vsix, the server bundled in server/) installed into a real editor
# (code-server, Code 1.100) with no `resolute` on PATH and no resolute.server.path, driven by
# Playwright in Debian's headless Chromium.
#
#   editors/vscode/e2e/run.sh [path/to/resolute-linux-x64.vsix]
#
# Without an argument it uses editors/vscode/resolute-linux-x64.vsix, building it first with
# `npm run package` when missing (which takes the server from $RESOLUTE_BIN or target/release).
# Needs: Node 20 + npm, python3, Debian packages chromium (and, for the code-server install, the
# ones install-code-server.sh installs itself). Everything it installs stays inside the clone:
#   editors/vscode/.cache/code-server   code-server (installed once by install-code-server.sh)
#   editors/vscode/.cache/xdg           XDG config/data/cache homes for code-server
#   editors/.cache/npm                  npm cache
#   editors/vscode/e2e/.work            fresh user-data-dir, extensions-dir, workspace, Chromium profile
# Screenshots go to $RESOLUTE_SCREENSHOTS, else a new temporary folder (printed); tracked files
# such as docs/img/*.png are never written.
# Prints "N passed, N failed" last; exits non-zero on any failure.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT=$(dirname "$HERE")
EDITORS=$(dirname "$EXT")
CACHE=$EXT/.cache
WORK=$HERE/.work
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# Absolute before the script changes folder: a relative argument names a file from the caller's.
VSIX=$(realpath -m "${1:-$EXT/resolute-linux-x64.vsix}")
SHOTS=${RESOLUTE_SCREENSHOTS:-$(mktemp -d "${TMPDIR:-/tmp}/resolute-vscode-shots.XXXXXX")}

export npm_config_cache=$EDITORS/.cache/npm
export XDG_CONFIG_HOME=$CACHE/xdg/config XDG_DATA_HOME=$CACHE/xdg/data XDG_CACHE_HOME=$CACHE/xdg/cache
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

fail_setup() {
  echo "e2e setup failed: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

step() { printf '[e2e %(%H:%M:%S)T] %s\n' -1 "$*"; }

[[ -x $CHROMIUM ]] || fail_setup "no Chromium at $CHROMIUM (apt-get install -y chromium)"

# 1. code-server, once (about 1.5 minutes on 2 cores; skipped when already installed).
step "code-server"
bash "$HERE/install-code-server.sh" "$CACHE/code-server" || fail_setup "install-code-server.sh failed"
CODE_SERVER=$CACHE/code-server/bin/code-server

# 2. The extension package and the e2e dependencies (playwright-core is a devDependency).
cd "$EXT" || exit 1
if [[ ! -d node_modules/playwright-core ]]; then
  step "npm ci"
  npm ci --no-audit --no-fund >/dev/null || fail_setup "npm ci failed"
fi
if [[ ! -f $VSIX ]]; then
  step "npm run package"
  npm run package >/dev/null || fail_setup "npm run package failed"
fi
# grep reads all of the listing (no -q): an early exit would kill the writer with SIGPIPE, which
# pipefail reports as a failure.
python3 -m zipfile -l "$VSIX" | grep '^extension/server/resolute ' >/dev/null || fail_setup "$VSIX bundles no server/resolute"

# 3. Fresh profile, extensions and workspace.
step "fresh profile in $WORK"
rm -rf "$WORK"
mkdir -p "$WORK/user-data/User" "$WORK/extensions" "$WORK/workspace" "$WORK/chromium-profile" "$SHOTS"
cp "$EDITORS/test-fixtures/draft.md" "$WORK/workspace/draft.md"
git -C "$WORK/workspace" init -q 2>/dev/null || true
node -e '
  const [file] = process.argv.slice(1);
  const settings = {
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "resolute.trace.server": "messages",
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "chat.commandCenter.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "git.enabled": false,
    "editor.minimap.enabled": false,
    "editor.stickyScroll.enabled": false,
    "files.autoSave": "off",
    "window.restoreWindows": "none",
    "[markdown]": { "editor.wordWrap": "on" }
  };
  require("fs").writeFileSync(file, JSON.stringify(settings, null, 2));
 ' "$WORK/user-data/User/settings.json"

step "install the extension"
"$CODE_SERVER" --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions" \
  --install-extension "$VSIX" >"$WORK/install-extension.log" 2>&1 ||
  { cat "$WORK/install-extension.log" >&2; fail_setup "code-server --install-extension failed"; }
ls "$WORK/extensions" | grep '^resolute\.resolute-' >/dev/null || { cat "$WORK/install-extension.log" >&2; fail_setup "extension not installed"; }

# 4. code-server on a free loopback port.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
step "start code-server on 127.0.0.1:$PORT"
# code-server's IPC sockets and the TypeScript server's files go to a short temporary folder
# (removed at the end), not loose into /tmp.
CS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/resolute-cs.XXXXXX")
# No `resolute` on PATH: the extension must find the server it bundles.
CS_PATH=$(tr ':' '\n' <<<"$PATH" | while read -r dir; do [[ -x $dir/resolute ]] || printf '%s:' "$dir"; done)
PATH=${CS_PATH%:} TMPDIR=$CS_TMP "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  "$WORK/workspace" >"$WORK/code-server.log" 2>&1 &
CS_PID=$!
cleanup() {
  if kill -0 "$CS_PID" 2>/dev/null; then
    kill "$CS_PID" 2>/dev/null
    for _ in $(seq 20); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$CS_PID" 2>/dev/null
  fi
  rm -rf "$CS_TMP"
}
trap cleanup EXIT
for _ in $(seq 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$WORK/code-server.log" >&2; fail_setup "code-server exited"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || { cat "$WORK/code-server.log" >&2; fail_setup "code-server did not answer"; }

# 5. The browser test.
step "playwright"
node "$HERE/test.mjs" \
  --url "http://127.0.0.1:$PORT/?folder=$WORK/workspace" \
  --workspace "$WORK/workspace" \
  --fixture "$EDITORS/test-fixtures/draft.md" \
  --chromium "$CHROMIUM" \
  --profile "$WORK/chromium-profile" \
  --user-data "$WORK/user-data" \
  --screenshots "$SHOTS"
RC=$?
echo "screenshots: $SHOTS"
if [[ $RC -ne 0 ]]; then
  echo "--- code-server log (last 40 lines) ---" >&2
  tail -40 "$WORK/code-server.log" >&2
fi
exit $RC
