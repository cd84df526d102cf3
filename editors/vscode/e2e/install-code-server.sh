#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, Code 1.100.3) for end-to-end tests of the
# VS Code extension, on a Debian machine with Node.js 20 and no internet beyond the package
# registries. Usage: install-code-server.sh [PREFIX]   (default PREFIX: $HOME/.cache/code-server)
# Afterwards: "$PREFIX/bin/code-server" --version
#
# Why the detour: code-server's postinstall downloads a ripgrep binary from GitHub and node-gyp
# wants to download Node headers. Here every native module is built against the system Node
# headers (--nodedir=/usr) and Debian's ripgrep stands in for the downloaded one.
#
# Origin: copied unchanged (but for this note) from /work/shared/tools/install-code-server.sh of the
# Resolute workplace. editors/vscode/e2e/run.sh calls it with a PREFIX inside the clone
# (editors/vscode/.cache/code-server) and with npm_config_cache / XDG_* pointing inside the clone too.
set -euo pipefail
VERSION=4.100.3          # last line that runs on Node 20
PREFIX=${1:-$HOME/.cache/code-server}
if [[ -x $PREFIX/bin/code-server ]] && "$PREFIX/bin/code-server" --version >/dev/null 2>&1; then
  echo "code-server already installed in $PREFIX"; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config ripgrep python3 make g++ >/dev/null
mkdir -p "$PREFIX" && cd "$PREFIX"
[[ -f package.json ]] || echo '{"private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund "code-server@$VERSION" >/dev/null
NODE_GYP=$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
[[ -f $NODE_GYP ]] || NODE_GYP=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
build_native() { # every folder under $1 with a binding.gyp, except Windows-only modules
  find "$1" -maxdepth 3 -name binding.gyp -printf '%h\n' |
    { grep -v -e windows-process-tree -e windows-registry -e windows-foreground-love -e windows-mutex || true; } |
    while read -r dir; do
      (cd "$dir" && node "$NODE_GYP" rebuild --nodedir=/usr >/dev/null 2>&1) || { echo "native build failed: $dir" >&2; exit 1; }
    done
}
CS=$PREFIX/node_modules/code-server
# code-server's own dependencies (argon2 uses node-pre-gyp)
(cd "$PREFIX/node_modules/argon2" && npx --no-install node-pre-gyp install --fallback-to-build --build-from-source --nodedir=/usr >/dev/null 2>&1)
# VS Code's dependencies
(cd "$CS/lib/vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
build_native "$CS/lib/vscode/node_modules"
mkdir -p "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$CS/lib/vscode/node_modules.asar"
(cd "$CS/lib/vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$CS/lib/vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
(cd "$CS/lib/vscode/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
mkdir -p "$PREFIX/bin"
cat > "$PREFIX/bin/code-server" <<EOF
#!/usr/bin/env bash
exec node "$CS/out/node/entry.js" "\$@"
EOF
chmod +x "$PREFIX/bin/code-server"
"$PREFIX/bin/code-server" --version
