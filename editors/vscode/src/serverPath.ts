/**
 * Finds the `resolute` executable: the `resolute.server.path` setting first, then a binary bundled
 * in the extension (`server/resolute`), then `PATH`. Pure logic with injected file-system checks so
 * that it is unit-tested without VS Code.
 */
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface ResolveOptions {
  /** Value of `resolute.server.path` (may be empty, may use `~` or `${workspaceFolder}`). */
  configuredPath?: string | null;
  /** Folder the extension is installed in. */
  extensionPath: string;
  /** The PATH environment variable. */
  envPath?: string;
  /** Windows: PATHEXT. */
  envPathExt?: string;
  platform: NodeJS.Platform;
  /** First workspace folder, to resolve relative setting values and `${workspaceFolder}`. */
  workspaceFolder?: string;
  homeDir?: string;
  /** True when the file exists and is executable (on Windows: exists). */
  isExecutable: (file: string) => boolean;
}

export interface ServerFound {
  ok: true;
  command: string;
  source: ServerSource;
  /** Every place looked at, in order (for the log). */
  tried: string[];
}

export interface ServerMissing {
  ok: false;
  /** Human-readable reason, ready to show in a notification. */
  message: string;
  /** True when the setting named a file that is not there (the fix is to correct the setting). */
  badSetting: boolean;
  tried: string[];
}

export type ServerResolution = ServerFound | ServerMissing;

export const BINARY_NAME = 'resolute';

export function binaryFileName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${BINARY_NAME}.exe` : BINARY_NAME;
}

/** Expands `~`, `${userHome}`, `${workspaceFolder}` and resolves a relative path against the workspace. */
export function expandPath(value: string, opts: { workspaceFolder?: string; homeDir?: string; platform: NodeJS.Platform }): string {
  const p = opts.platform === 'win32' ? path.win32 : path.posix;
  let v = value.trim();
  if (opts.homeDir) {
    v = v.replace(/\$\{userHome\}/g, opts.homeDir);
    if (v === '~') v = opts.homeDir;
    else if (v.startsWith('~/') || v.startsWith('~\\')) v = p.join(opts.homeDir, v.slice(2));
  }
  if (opts.workspaceFolder) {
    v = v.replace(/\$\{workspaceFolder\}/g, opts.workspaceFolder);
    if (!p.isAbsolute(v)) v = p.resolve(opts.workspaceFolder, v);
  }
  return v;
}

export function resolveServerPath(opts: ResolveOptions): ServerResolution {
  const tried: string[] = [];
  const p = opts.platform === 'win32' ? path.win32 : path.posix;
  const configured = (opts.configuredPath ?? '').trim();

  if (configured !== '') {
    const candidate = expandPath(configured, opts);
    tried.push(candidate);
    if (opts.isExecutable(candidate)) return { ok: true, command: candidate, source: 'setting', tried };
    return {
      ok: false,
      badSetting: true,
      tried,
      message:
        `The setting "resolute.server.path" is "${configured}", but there is no executable file at ${candidate}. ` +
        'Correct the setting, or clear it to use a bundled binary or the "resolute" on your PATH.',
    };
  }

  const bundled = p.join(opts.extensionPath, 'server', binaryFileName(opts.platform));
  tried.push(bundled);
  if (opts.isExecutable(bundled)) return { ok: true, command: bundled, source: 'bundled', tried };

  const onPath = findOnPath(BINARY_NAME, opts);
  tried.push(...onPath.tried);
  if (onPath.found) return { ok: true, command: onPath.found, source: 'path', tried };

  return {
    ok: false,
    badSetting: false,
    tried,
    message:
      'The Resolute language server ("resolute") was not found: it is not bundled with this extension and not on your PATH. ' +
      'Install the extension package for your platform (such as resolute-linux-x64.vsix), which bundles it, ' +
      'or install the server (for example "cargo install --path ." in a clone of the Resolute repository, which puts it in ~/.cargo/bin) ' +
      'or set "resolute.server.path" to the full path of the resolute binary, then run "Resolute: Restart server".',
  };
}

export function findOnPath(
  name: string,
  opts: Pick<ResolveOptions, 'envPath' | 'envPathExt' | 'platform' | 'isExecutable'>,
): { found?: string; tried: string[] } {
  const tried: string[] = [];
  const win = opts.platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const dirs = (opts.envPath ?? '').split(win ? ';' : ':').filter((d) => d.trim() !== '');
  const exts = win ? (opts.envPathExt || '.EXE;.CMD;.BAT').split(';').filter((e) => e !== '') : [''];
  for (const rawDir of dirs) {
    const dir = win ? rawDir.replace(/^"(.*)"$/, '$1') : rawDir;
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext.toLowerCase());
      tried.push(candidate);
      if (opts.isExecutable(candidate)) return { found: candidate, tried };
    }
  }
  return { tried };
}

/** Where a value of the setting may come from, as `WorkspaceConfiguration.inspect` tells. */
export interface SettingOrigins {
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The command that opens the Settings editor on the tab where resolute.server.path is to be
 * edited: the workspace's when it sets one; else, the setting being machine-overridable, the
 * Remote tab in a remote window (where the local User value does not apply), the User tab locally.
 */
export function serverPathSettingsCommand(origins: SettingOrigins | undefined, remoteName: string | undefined): string {
  if (origins?.workspaceFolderValue !== undefined) return 'workbench.action.openFolderSettings';
  if (origins?.workspaceValue !== undefined) return 'workbench.action.openWorkspaceSettings';
  return remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
}
