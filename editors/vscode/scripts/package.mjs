// `npm run package [-- --target TARGET]`: a platform-specific .vsix with the language server in
// server/, as rust-analyzer ships. Writes resolute-<target>.vsix (default target: this machine's,
// e.g. linux-x64).
//
// The server binary: $RESOLUTE_BIN when set (it must be built for TARGET), else the repository's
// target/release/resolute, built with `cargo build --release` when missing and TARGET is this
// machine's. For another platform, build the binary for it (`cargo build --release --target
// aarch64-apple-darwin`, on or for that platform) and pass it:
//   RESOLUTE_BIN=../../target/aarch64-apple-darwin/release/resolute npm run package -- --target darwin-arm64
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(here, '..', '..');
const hostTarget = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const { values } = parseArgs({ options: { target: { type: 'string', default: hostTarget } } });
const target = values.target;
const exe = target.startsWith('win32') ? 'resolute.exe' : 'resolute';

function serverBinary() {
  if (process.env.RESOLUTE_BIN) return path.resolve(process.env.RESOLUTE_BIN);
  const built = path.join(repo, 'target', 'release', exe);
  if (!fs.existsSync(built)) {
    if (target !== hostTarget) {
      throw new Error(`no server binary for ${target}: build one and set RESOLUTE_BIN (see the top of this script)`);
    }
    console.log('building the server: cargo build --release --locked');
    execFileSync('cargo', ['build', '--release', '--locked'], { cwd: repo, stdio: 'inherit' });
  }
  return built;
}

const binary = serverBinary();
if (!fs.existsSync(binary)) throw new Error(`RESOLUTE_BIN names no file: ${binary}`);
const serverDir = path.join(here, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
fs.copyFileSync(binary, path.join(serverDir, exe));
fs.chmodSync(path.join(serverDir, exe), 0o755);
stripDebugInfo(path.join(serverDir, exe));

/**
 * The release profile keeps debug info for profiling (63 MB); users need none of it (15 MB
 * without). Needs binutils' `strip` for this machine's binaries; otherwise the copy stays whole.
 */
function stripDebugInfo(file) {
  if (target !== hostTarget || process.platform === 'win32') return;
  try {
    execFileSync('strip', ['--strip-debug', file], { stdio: 'inherit' });
  } catch {
    console.log('note: `strip` failed or is missing; the server keeps its debug info');
  }
}

const out = `resolute-${target}.vsix`;
const vsce = path.join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
execFileSync(vsce, ['package', '--no-dependencies', '--target', target, '-o', out], { cwd: here, stdio: 'inherit' });
console.log(`${out}: the extension with ${binary} as server/${exe}`);
