#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real editor (code-server, Code 1.100) driven by
# Playwright in Debian's headless Chromium.
#
#   editors/vscode/e2e/run.sh /path/to/resolute
#
# Needs: Node 20 + npm, Debian packages chromium (and, for the code-server install, the ones
# install-code-server.sh installs itself). Everything it installs or writes stays inside the clone:
#   editors/vscode/.cache/code-server   code-server (installed once by install-code-server.sh)
#   editors/vscode/.cache/xdg           XDG config/data/cache homes for code-server
#   editors/.cache/npm                  npm cache
#   editors/vscode/e2e/.work            fresh user-data-dir, extensions-dir, workspace, Chromium profile
#   editors/vscode/e2e/screenshots      screenshots (one is copied to docs/img/vscode.png)
# Uses editors/vscode/resolute.vsix, building it first (npm ci && npm run package) if it is missing.
# Prints "N passed, N failed" last; exits non-zero on any failure.
set -uo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 /path/to/resolute" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
BIN=$(realpath "$1" 2>/dev/null || true)
if [[ -z $BIN || ! -x $BIN ]]; then
  echo "e2e: no executable resolute binary at '$1'" >&2
  echo "0 passed, 1 failed"
  exit 2
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT=$(dirname "$HERE")
EDITORS=$(dirname "$EXT")
REPO=$(dirname "$EDITORS")
CACHE=$EXT/.cache
WORK=$HERE/.work
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

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
if [[ ! -f resolute.vsix ]]; then
  step "npm run package"
  npm run package >/dev/null || fail_setup "npm run package failed"
fi

# 3. Fresh profile, extensions and workspace.
step "fresh profile in $WORK"
rm -rf "$WORK"
mkdir -p "$WORK/user-data/User" "$WORK/extensions" "$WORK/workspace" "$WORK/chromium-profile" "$HERE/screenshots"
cp "$EDITORS/test-fixtures/draft.md" "$WORK/workspace/draft.md"
git -C "$WORK/workspace" init -q 2>/dev/null || true
node -e '
  const [file, bin] = process.argv.slice(1);
  const settings = {
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "resolute.server.path": bin,
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
' "$WORK/user-data/User/settings.json" "$BIN"

step "install the extension"
"$CODE_SERVER" --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions" \
  --install-extension "$EXT/resolute.vsix" >"$WORK/install-extension.log" 2>&1 ||
  { cat "$WORK/install-extension.log" >&2; fail_setup "code-server --install-extension failed"; }
ls "$WORK/extensions" | grep -q '^resolute\.resolute-' || { cat "$WORK/install-extension.log" >&2; fail_setup "extension not installed"; }

# 4. code-server on a free loopback port.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
step "start code-server on 127.0.0.1:$PORT"
# code-server's IPC sockets and the TypeScript server's files go to a short temporary folder
# (removed at the end), not loose into /tmp.
CS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/resolute-cs.XXXXXX")
TMPDIR=$CS_TMP "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" --auth none \
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
  --screenshots "$HERE/screenshots" \
  --docs-img "$REPO/docs/img"
RC=$?
if [[ $RC -ne 0 ]]; then
  echo "--- code-server log (last 40 lines) ---" >&2
  tail -40 "$WORK/code-server.log" >&2
fi
exit $RC
