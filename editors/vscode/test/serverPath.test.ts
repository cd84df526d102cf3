import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { binaryFileName, expandPath, findOnPath, resolveServerPath, serverPathSettingsCommand } from '../src/serverPath';

const ext = '/home/u/.vscode/extensions/resolute.resolute-0.1.0';

function fsWith(...files: string[]): (f: string) => boolean {
  const set = new Set(files);
  return (f) => set.has(f);
}

describe('resolveServerPath', () => {
  it('uses the setting when it names an executable', () => {
    const r = resolveServerPath({
      configuredPath: '/opt/resolute/bin/resolute',
      extensionPath: ext,
      envPath: '/usr/bin',
      platform: 'linux',
      isExecutable: fsWith('/opt/resolute/bin/resolute', `${ext}/server/resolute`, '/usr/bin/resolute'),
    });
    assert.deepEqual(r.ok && [r.command, r.source], ['/opt/resolute/bin/resolute', 'setting']);
  });

  it('reports a wrong setting instead of silently falling back', () => {
    const r = resolveServerPath({
      configuredPath: '/nope/resolute',
      extensionPath: ext,
      envPath: '/usr/bin',
      platform: 'linux',
      isExecutable: fsWith('/usr/bin/resolute'),
    });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.badSetting);
    assert.match(!r.ok ? r.message : '', /resolute\.server\.path/);
    assert.match(!r.ok ? r.message : '', /\/nope\/resolute/);
  });

  it('expands ~ and ${workspaceFolder} and resolves relative settings against the workspace', () => {
    const common = { extensionPath: ext, platform: 'linux' as const, homeDir: '/home/u', workspaceFolder: '/ws' };
    const tilde = resolveServerPath({ ...common, configuredPath: '~/.cargo/bin/resolute', isExecutable: fsWith('/home/u/.cargo/bin/resolute') });
    assert.equal(tilde.ok && tilde.command, '/home/u/.cargo/bin/resolute');
    const ws = resolveServerPath({ ...common, configuredPath: '${workspaceFolder}/target/release/resolute', isExecutable: fsWith('/ws/target/release/resolute') });
    assert.equal(ws.ok && ws.command, '/ws/target/release/resolute');
    const rel = resolveServerPath({ ...common, configuredPath: 'target/debug/resolute', isExecutable: fsWith('/ws/target/debug/resolute') });
    assert.equal(rel.ok && rel.command, '/ws/target/debug/resolute');
  });

  it('treats a blank setting as unset', () => {
    const r = resolveServerPath({ configuredPath: '   ', extensionPath: ext, envPath: '', platform: 'linux', isExecutable: fsWith(`${ext}/server/resolute`) });
    assert.deepEqual(r.ok && [r.command, r.source], [`${ext}/server/resolute`, 'bundled']);
  });

  it('prefers the bundled binary over PATH', () => {
    const r = resolveServerPath({
      configuredPath: undefined,
      extensionPath: ext,
      envPath: '/usr/local/bin:/usr/bin',
      platform: 'linux',
      isExecutable: fsWith(`${ext}/server/resolute`, '/usr/bin/resolute'),
    });
    assert.deepEqual(r.ok && [r.command, r.source], [`${ext}/server/resolute`, 'bundled']);
  });

  it('falls back to the first match on PATH', () => {
    const r = resolveServerPath({
      configuredPath: null,
      extensionPath: ext,
      envPath: '/usr/local/bin::/home/u/.cargo/bin:/usr/bin',
      platform: 'linux',
      isExecutable: fsWith('/home/u/.cargo/bin/resolute', '/usr/bin/resolute'),
    });
    assert.deepEqual(r.ok && [r.command, r.source], ['/home/u/.cargo/bin/resolute', 'path']);
    assert.deepEqual(r.tried, [`${ext}/server/resolute`, '/usr/local/bin/resolute', '/home/u/.cargo/bin/resolute']);
  });

  it('explains how to fix a missing server', () => {
    const r = resolveServerPath({ extensionPath: ext, envPath: '/usr/bin', platform: 'linux', isExecutable: () => false });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.badSetting, false);
    assert.match(r.message, /not found/);
    assert.match(r.message, /cargo install/);
    assert.match(r.message, /resolute\.server\.path/);
    assert.deepEqual(r.tried, [`${ext}/server/resolute`, '/usr/bin/resolute']);
  });

  it('handles Windows names, separators and PATHEXT', () => {
    const winExt = 'C:\\Users\\u\\.vscode\\extensions\\resolute';
    assert.equal(binaryFileName('win32'), 'resolute.exe');
    const r = resolveServerPath({
      extensionPath: winExt,
      envPath: 'C:\\Windows;"C:\\Program Files\\Resolute"',
      envPathExt: '.COM;.EXE',
      platform: 'win32',
      isExecutable: fsWith('C:\\Program Files\\Resolute\\resolute.exe'),
    });
    assert.deepEqual(r.ok && [r.command, r.source], ['C:\\Program Files\\Resolute\\resolute.exe', 'path']);
    const bundled = resolveServerPath({ extensionPath: winExt, platform: 'win32', isExecutable: fsWith(`${winExt}\\server\\resolute.exe`) });
    assert.equal(bundled.ok && bundled.source, 'bundled');
  });
});

describe('expandPath / findOnPath', () => {
  it('leaves absolute paths alone', () => {
    assert.equal(expandPath('/a/b', { platform: 'linux', workspaceFolder: '/ws', homeDir: '/h' }), '/a/b');
  });
  it('keeps a relative path relative when there is no workspace', () => {
    assert.equal(expandPath('corpus', { platform: 'linux' }), 'corpus');
  });
  it('returns nothing for an empty PATH', () => {
    assert.deepEqual(findOnPath('resolute', { envPath: undefined, platform: 'linux', isExecutable: () => true }), { tried: [] });
  });
});

describe('serverPathSettingsCommand', () => {
  it('opens the tab that sets the value, else Remote in a remote window, else User', () => {
    assert.equal(serverPathSettingsCommand({ workspaceValue: '/w/resolute' }, 'ssh-remote'), 'workbench.action.openWorkspaceSettings');
    assert.equal(serverPathSettingsCommand({ workspaceFolderValue: '/f/resolute' }, undefined), 'workbench.action.openFolderSettings');
    assert.equal(serverPathSettingsCommand({}, 'ssh-remote'), 'workbench.action.openRemoteSettings');
    assert.equal(serverPathSettingsCommand(undefined, undefined), 'workbench.action.openSettings');
  });
});
