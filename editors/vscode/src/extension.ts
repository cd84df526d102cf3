/**
 * Resolute for VS Code: starts `resolute lsp` for Markdown and plain-text documents and adds
 * commands, settings and a status-bar item.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  SymbolInformation,
  WorkspaceSymbolRequest,
} from 'vscode-languageclient/node';
import { ParagraphPick, paragraphPicks } from './agreed';
import { resolveServerPath, serverPathSettingsCommand } from './serverPath';
import { ConfigReader, sectionValue, ServerSettings, toServerSettings } from './settings';
import { ProgressTracker, ServerState, statusView } from './status';

const CLIENT_ID = 'resolute';
const INSTALL_STEPS =
  'The extension runs "resolute lsp". It uses, in this order: the setting "resolute.server.path"; ' +
  'the binary bundled in the extension (server/resolute, in the platform packages such as resolute-linux-x64.vsix); ' +
  '"resolute" on your PATH.\n\n' +
  'To install it from a clone of the Resolute repository: "cargo install --path ." (puts resolute in ~/.cargo/bin), ' +
  'or "cargo build --release" and set "resolute.server.path" to target/release/resolute. ' +
  'Then run "Resolute: Restart server". See docs/editors.md in the repository.';
const SUPPORTED_LANGUAGES = ['markdown', 'plaintext'];
/** Milliseconds "Find agreed language" waits after the last keystroke before it asks the server. */
const SEARCH_DELAY_MS = 200;

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let serverState: ServerState = 'stopped';
let stateDetail: string | undefined;
const progress = new ProgressTracker();
let starting: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Resolute');
  statusItem = vscode.window.createStatusBarItem('resolute.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Resolute';
  statusItem.command = 'resolute.showOutput';
  context.subscriptions.push(output, statusItem);
  setState('stopped');
  statusItem.show();

  context.subscriptions.push(
    vscode.commands.registerCommand('resolute.fixAllCommand', () => runServerCommand('resolute.fixAll', 'Fix all')),
    vscode.commands.registerCommand('resolute.renumberOperativeCommand', () =>
      runServerCommand('resolute.renumberOperative', 'Renumber operative paragraphs'),
    ),
    vscode.commands.registerCommand('resolute.renumberFootnotesCommand', () =>
      runServerCommand('resolute.renumberFootnotes', 'Renumber footnotes'),
    ),
    vscode.commands.registerCommand('resolute.findAgreedLanguage', () => findAgreedLanguage()),
    vscode.commands.registerCommand('resolute.restartServer', () => restart(context)),
    vscode.commands.registerCommand('resolute.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('resolute.server.path')) {
        output.appendLine('resolute.server.path changed: restarting the server.');
        void restart(context);
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function log(message: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function setState(state: ServerState, detail?: string): void {
  serverState = state;
  stateDetail = detail;
  if (state === 'stopped' || state === 'error') progress.clear();
  render();
}

function render(): void {
  const view = statusView(serverState, progress.current(), stateDetail);
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.backgroundColor =
    view.background === 'error'
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : view.background === 'warning'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      // A binary bundled in a .vsix may lose its executable bit on some installs.
      if (path.basename(path.dirname(file)) === 'server') {
        try {
          fs.chmodSync(file, 0o755);
          return true;
        } catch {
          return false;
        }
      }
      return false;
    }
  } catch {
    return false;
  }
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function readSettings(scope?: vscode.Uri): ServerSettings {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : undefined;
  const config = vscode.workspace.getConfiguration('resolute', scope ?? null) as ConfigReader;
  return toServerSettings(config, {
    workspaceFolder: folder ?? firstWorkspaceFolder(),
    homeDir: os.homedir(),
    platform: process.platform,
    warn: (m) => log(`settings: ${m}`),
  });
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (starting) return starting;
  starting = doStart(context).finally(() => {
    starting = undefined;
  });
  return starting;
}

async function doStart(context: vscode.ExtensionContext): Promise<void> {
  setState('starting');
  const resolution = resolveServerPath({
    configuredPath: vscode.workspace.getConfiguration('resolute').get<string>('server.path'),
    extensionPath: context.extensionPath,
    envPath: process.env.PATH,
    envPathExt: process.env.PATHEXT,
    platform: process.platform,
    workspaceFolder: firstWorkspaceFolder(),
    homeDir: os.homedir(),
    isExecutable,
  });
  if (!resolution.ok) {
    log(`server not found; looked at: ${resolution.tried.join(', ') || '(nothing)'}`);
    log(resolution.message);
    setState('error', resolution.message);
    void showMissingServer(resolution.message);
    return;
  }
  log(`starting ${resolution.command} lsp (found via ${resolution.source})`);

  // No `transport`: with TransportKind.stdio the client would append "--stdio" to the arguments;
  // left out, it still talks over stdin/stdout and runs exactly `resolute lsp`.
  const serverOptions: ServerOptions = {
    run: { command: resolution.command, args: ['lsp'] },
    debug: { command: resolution.command, args: ['lsp'] },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: SUPPORTED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: output,
    initializationOptions: () => readSettings(),
    // Sends workspace/didChangeConfiguration when a resolute.* setting changes; the server then
    // pulls the new values through workspace/configuration (answered by the middleware below).
    synchronize: { configurationSection: 'resolute' },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) return defaults;
          return params.items.map((item, i) => {
            if (item.section !== 'resolute' && !item.section?.startsWith('resolute.')) return defaults[i];
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return sectionValue(readSettings(scope), item.section);
          });
        },
      },
      handleWorkDoneProgress: (token, params, next) => {
        let changed = false;
        if (params.kind === 'begin') changed = progress.begin(token, params.title, params.message, params.percentage);
        else if (params.kind === 'report') changed = progress.report(token, params.message, params.percentage);
        else if (params.kind === 'end') changed = progress.end(token);
        if (changed) render();
        next(token, params);
      },
    },
  };

  const lc = new LanguageClient(CLIENT_ID, 'Resolute', serverOptions, clientOptions);
  client = lc;
  lc.onDidChangeState((e) => {
    if (client !== lc) return;
    if (e.newState === State.Starting) setState('starting');
    else if (e.newState === State.Running) setState('ready', `${resolution.command} (${resolution.source})`);
    else if (e.newState === State.Stopped && serverState !== 'error') setState('stopped');
  });

  try {
    await lc.start();
    setState('ready', `${resolution.command} (${resolution.source})`);
    log('server is ready');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`the server failed to start: ${message}`);
    setState('error', `The server failed to start: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `Resolute: the language server (${resolution.command} lsp) failed to start: ${message}`,
      'Show output',
      'Open settings',
    );
    if (choice === 'Show output') output.show(true);
    else if (choice === 'Open settings') void openServerPathSetting();
  }
}

/** Opens the Settings editor at resolute.server.path, on the tab where it is to be edited. */
async function openServerPathSetting(): Promise<void> {
  const origins = vscode.workspace.getConfiguration('resolute').inspect('server.path');
  const command = serverPathSettingsCommand(origins, vscode.env.remoteName);
  await vscode.commands.executeCommand(command, { query: 'resolute.server.path' });
}

async function showMissingServer(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`Resolute: ${message}`, 'Open settings', 'How to install', 'Show output');
  if (choice === 'Open settings') {
    await openServerPathSetting();
  } else if (choice === 'How to install') {
    const next = await vscode.window.showInformationMessage(
      'Installing the Resolute language server',
      { modal: true, detail: INSTALL_STEPS },
      'Open settings',
    );
    if (next === 'Open settings') await openServerPathSetting();
  } else if (choice === 'Show output') {
    output.show(true);
  }
}

async function stopClient(): Promise<void> {
  const lc = client;
  client = undefined;
  if (!lc) return;
  try {
    if (lc.isRunning()) await lc.stop(2000);
  } catch (err) {
    log(`stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await lc.dispose();
  } catch {
    // already stopped
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  log('restarting the server');
  if (starting) await starting;
  await stopClient();
  setState('stopped');
  await startClient(context);
}

async function runServerCommand(command: string, label: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(`Resolute: ${label} needs an open Markdown or plain-text document.`);
    return;
  }
  const doc = editor.document;
  if (!SUPPORTED_LANGUAGES.includes(doc.languageId)) {
    void vscode.window.showWarningMessage(
      `Resolute: ${label} works on Markdown and plain-text documents; this one is "${doc.languageId}".`,
    );
    return;
  }
  const lc = await runningClient();
  if (!lc) return;
  try {
    await lc.sendRequest(ExecuteCommandRequest.type, {
      command,
      arguments: [lc.code2ProtocolConverter.asUri(doc.uri)],
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${command} failed: ${message}`);
    void vscode.window.showErrorMessage(`Resolute: ${label} failed: ${message}`);
  }
}

/** The client when its server runs; else `undefined`, after offering to restart it. */
async function runningClient(): Promise<LanguageClient | undefined> {
  const lc = client;
  if (lc?.isRunning()) return lc;
  const choice = await vscode.window.showWarningMessage('Resolute: the language server is not running.', 'Restart server', 'Show output');
  if (choice === 'Restart server') await vscode.commands.executeCommand('resolute.restartServer');
  else if (choice === 'Show output') output.show(true);
  return undefined;
}

type ParagraphItem = vscode.QuickPickItem & ParagraphPick<SymbolInformation>;

/**
 * "Resolute: Find agreed language": the precedent paragraphs matching the words typed (the
 * server's workspace/symbol, as the editor's text selection to begin with), and the chosen one
 * opened at its paragraph.
 */
async function findAgreedLanguage(): Promise<void> {
  const lc = await runningClient();
  if (!lc) return;
  const pick = vscode.window.createQuickPick<ParagraphItem>();
  pick.title = 'Resolute: Find agreed language';
  pick.placeholder = 'Words of the paragraph; "a quoted phrase"; title: or footnotes: words';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  pick.value = selected.split(/\s+/).filter(Boolean).join(' ');
  let timer: NodeJS.Timeout | undefined;
  let pending: vscode.CancellationTokenSource | undefined;

  const search = async (query: string): Promise<void> => {
    pending?.cancel();
    const current = new vscode.CancellationTokenSource();
    pending = current;
    pick.busy = true;
    try {
      const symbols = (await lc.sendRequest(WorkspaceSymbolRequest.type, { query }, current.token)) ?? [];
      if (current.token.isCancellationRequested) return;
      // The server has already chosen and ordered the paragraphs: none is filtered out again.
      pick.items = paragraphPicks(symbols as SymbolInformation[]).map((p) => ({ ...p, alwaysShow: true }));
    } catch (err) {
      if (!current.token.isCancellationRequested) log(`workspace/symbol failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (pending === current) pick.busy = false;
    }
  };
  pick.onDidChangeValue((value) => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(value), SEARCH_DELAY_MS);
  });
  pick.onDidAccept(async () => {
    const [chosen] = pick.selectedItems;
    if (!chosen) return;
    pick.hide();
    const at = lc.protocol2CodeConverter.asLocation(chosen.symbol.location);
    await vscode.window.showTextDocument(at.uri, { selection: at.range, preview: true });
  });
  pick.onDidHide(() => {
    clearTimeout(timer);
    pending?.cancel();
    pick.dispose();
  });

  pick.show();
  if (pick.value) void search(pick.value);
}
