// Drives code-server (VS Code 1.100 in the browser) with Playwright and Debian's Chromium, and
// checks the Resolute extension against a real `resolute lsp`. Called by run.sh; see
// editors/test-fixtures/README.md for the injected errors it expects.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    workspace: { type: 'string' },
    fixture: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    profile: { type: 'string' },
    'user-data': { type: 'string' },
    screenshots: { type: 'string' },
    headed: { type: 'boolean', default: false },
  },
});

const EXPECTED_CODES = ['preambular-opening', 'operative-numbering', 'footnote-undefined'];
const DRAFT = path.join(opt.workspace, 'draft.md');
const fixtureLines = fs.readFileSync(opt.fixture, 'utf8').split('\n');
const RECALLS_LINE = fixtureLines.findIndex((l) => l.startsWith('*Recalls* all international conventions')) + 1;
const MARKER_COL = fixtureLines[RECALLS_LINE - 1].indexOf('<sup>1</sup>') + '<sup>'.length + 1; // on the "1"
const URGES_LINE = fixtureLines.findIndex((l) => l.startsWith('6. *Urges* Member States to consider signing')) + 1;
// Agreed language: the first preambular paragraph is worded as adopted (A/RES/71/167 PP 1).
const REITERATING_LINE = fixtureLines.findIndex((l) => l.startsWith('*Reiterating its strong condemnation*')) + 1;
const CRIME_COL = (fixtureLines[REITERATING_LINE - 1] ?? '').indexOf('serious crime') + 1;
// The bundled corpus, as the server unpacks it.
const CORPUS = path.resolve(path.dirname(opt.fixture), '..', '..', 'corpus');
if (RECALLS_LINE < 1 || URGES_LINE < 1 || MARKER_COL < 6 || REITERATING_LINE < 1 || CRIME_COL < 1) {
  console.error('fixture does not contain the injected errors described in editors/test-fixtures/README.md');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const results = [];
let shotNo = 0;
const log = (...a) => console.log(`[test ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    return true;
  } catch (err) {
    results.push({ name, ok: false, err });
    log(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s): ${err?.message ?? err}`);
    await shot(`FAIL-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    return false;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

let page;
async function shot(name) {
  const file = path.join(opt.screenshots, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(process.cwd(), file)}`);
  return file;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, { timeout = 30_000, interval = 250, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(interval);
  }
  throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

/** Chooses a command in the command palette. */
async function pickCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function runCommand(title) {
  await pickCommand(title);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
}

async function goTo(line, col) {
  await page.keyboard.press('Control+g');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${col}`);
  await sleep(200);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
}

async function focusEditor() {
  // workbench.action.focusFirstEditorGroup
  await page.keyboard.press('Control+1');
  await sleep(200);
}

/**
 * Writes a resolute.server.path that names no file into `settingsFile`: the extension must say so
 * in a notification whose "Open settings" shows the setting in the Settings editor tab `tab`;
 * removing the file must restart the server.
 */
async function wrongServerPathThenFixed(settingsFile, tab) {
  const item = page.locator('.statusbar-item[id$="resolute.status"]');
  try {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'resolute.server.path': '/nonexistent/resolute' }, null, 2));
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'resolute.server.path' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await toast.innerText();
    assert(/\/nonexistent\/resolute/.test(text), `notification: ${text}`);
    await waitFor(async () => (await item.locator('.codicon-error').count()) > 0, { timeout: 10_000, what: 'the error state in the status bar' });
    await sleep(800); // the toast slides in
    await shot(`server-path-error-${tab}`);
    await toast.locator('.monaco-button', { hasText: 'Open settings' }).first().click();
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(async () => (await editor.locator('.setting-item-contents', { hasText: 'Server: Path' }).count()) > 0, { timeout: 10_000, what: 'the setting in the Settings editor' });
    const selected = (await editor.locator('.settings-tabs-widget .checked').allInnerTexts()).join(' ');
    await shot(`server-path-settings-${tab}`);
    assert(selected.toLowerCase().includes(tab), `the Settings editor shows the "${selected}" tab, not ${tab}`);
    await page.keyboard.press('Control+w');
  } finally {
    fs.rmSync(settingsFile, { force: true });
  }
  await waitFor(async () => (await item.locator('.codicon-check').count()) > 0, { timeout: 60_000, what: 'the server to be ready again' });
  await page.keyboard.press('Control+Shift+m');
  await problemsFilter('footnote-undefined');
  await waitFor(async () => (await problemsText()).includes('footnote-undefined'), { timeout: 30_000, what: 'diagnostics after the restart' });
  await problemsFilter('');
}

/** Opens the code-action menu (Ctrl+.) at a 1-based line and column and returns it. */
async function codeActionsAt(line, col) {
  await focusEditor();
  await goTo(line, col);
  await sleep(300);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget').first();
  await menu.waitFor({ state: 'visible', timeout: 15_000 });
  return menu;
}

/** Moves the keyboard focus to the action of `menu` containing `text` and accepts it (clicks race
 * the menu's animation). */
async function acceptAction(menu, text) {
  const focusedText = async () => (await menu.locator('.monaco-list-row.focused').allInnerTexts()).join(' ');
  for (let i = 0; i < 30 && !(await focusedText()).includes(text); i++) {
    await page.keyboard.press('ArrowDown');
    await sleep(80);
  }
  assert((await focusedText()).includes(text), `could not focus the action; focused: ${await focusedText()}`);
  await page.keyboard.press('Enter');
  await sleep(500);
}

/** Shows the hover at a 1-based line and column, asking again until one containing `text`
 * appears (the server may still be indexing what it needs), and returns it. */
async function hoverWith(line, col, text, timeout) {
  await focusEditor();
  await goTo(line, col);
  await sleep(300);
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: text }).first();
  await waitFor(
    async () => {
      await page.keyboard.press('Escape');
      // editor.action.showHover: Ctrl+K Ctrl+I
      await page.keyboard.press('Control+k');
      await page.keyboard.press('Control+i');
      return hover.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      );
    },
    { timeout, interval: 1000, what: `a hover containing "${text}"` },
  ).catch(async (err) => {
    const any = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
    throw new Error(`${err.message}; hovers shown: ${JSON.stringify(any).slice(0, 600)}`);
  });
  return hover;
}

/** The 1-based line of the cursor, from the status bar ("Ln 12, Col 1"). */
async function cursorLine() {
  const text = await page.locator('[id="status.editor.selection"]').innerText();
  const m = /Ln (\d+)/.exec(text);
  assert(m, `status bar selection: ${text}`);
  return Number(m[1]);
}

/** The file `name` in the bundled corpus. */
function corpusFile(name) {
  const found = fs.readdirSync(CORPUS, { recursive: true }).find((f) => path.basename(f) === name);
  assert(found, `${name} is not in ${CORPUS}`);
  return path.join(CORPUS, found);
}

async function save() {
  await page.keyboard.press('Control+s');
  await sleep(500);
}

function draftLine(n) {
  return fs.readFileSync(DRAFT, 'utf8').split('\n')[n - 1] ?? '';
}

function resoluteOutputLog() {
  // VS Code writes every output channel to a file under the user-data logs folder.
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Resolute\.log$/.test(e.name)) found.push(p);
    }
  };
  try {
    walk(path.join(opt['user-data'], 'logs'));
  } catch {
    return '';
  }
  return found.map((f) => `--- ${f}\n${fs.readFileSync(f, 'utf8')}`).join('\n');
}

async function problemsFilter(text) {
  const input = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  await sleep(400);
}

async function problemsText() {
  return (await page.locator('.markers-panel').first().innerText()).replace(/\s+/g, ' ');
}

const browser = await chromium.launchPersistentContext(opt.profile, {
  executablePath: opt.chromium,
  headless: !opt.headed,
  viewport: { width: 1600, height: 1000 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ],
});
browser.setDefaultTimeout(30_000);
page = browser.pages()[0] ?? (await browser.newPage());
page.on('pageerror', (e) => log(`page error: ${e.message}`));

try {
  await check('workbench loads', async () => {
    await page.goto(opt.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    await sleep(1500);
    await shot('workbench');
  });

  await check('open draft.md', async () => {
    await page.keyboard.press('Control+p');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('draft.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'draft.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'draft.md' }).waitFor();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  });

  await check('status bar shows the server ready', async () => {
    // The item's element id is "<extension id>.<item id>".
    const item = page.locator('.statusbar-item[id$="resolute.status"]');
    await item.waitFor({ timeout: 60_000 });
    const seen = new Set();
    // Judged on the state that ended the wait: the item may already have moved on to a later
    // progress ("indexing agreed language") by the time it is read again.
    let ready = false;
    let last = '';
    await waitFor(
      async () => {
        last = (await item.innerText()).trim();
        seen.add(last);
        ready = (await item.locator('.codicon-check').count()) > 0;
        return ready || (await item.locator('.codicon-error').count()) > 0;
      },
      { timeout: 90_000, interval: 100, what: 'the Resolute status-bar item to leave "starting"' },
    );
    log(`status-bar texts seen: ${JSON.stringify([...seen])}`);
    assert(ready, `status bar item is "${last}", not ready`);
  });

  await check('the server is the one bundled in the package', async () => {
    await waitFor(() => /found via bundled/.test(resoluteOutputLog()), { timeout: 10_000, what: '"found via bundled" in the Resolute output' });
  });

  await check('Problems panel lists the expected rule codes', async () => {
    await page.keyboard.press('Control+Shift+m');
    await page.locator('.markers-panel').first().waitFor({ state: 'visible' });
    await waitFor(async () => /resolute/.test(await problemsText()), { timeout: 60_000, what: 'a diagnostic from resolute' });
    const missing = [];
    for (const code of EXPECTED_CODES) {
      await problemsFilter(code);
      try {
        await waitFor(async () => (await problemsText()).includes(code), { timeout: 15_000, what: code });
      } catch {
        missing.push(code);
      }
    }
    await problemsFilter('');
    assert(missing.length === 0, `missing in the Problems panel: ${missing.join(', ')}; shown: ${(await problemsText()).slice(0, 1500)}`);
  });

  await check('hover on footnote marker 1 shows its text', async () => {
    await hoverWith(RECALLS_LINE, MARKER_COL, 'Treaty Series', 15_000);
    await sleep(600); // let the hover fade in before the screenshot
    await shot('hover-footnote');
    await page.keyboard.press('Escape');
  });

  await check('quick fix turns "Recalls" back into "Recalling"', async () => {
    const menu = await codeActionsAt(RECALLS_LINE, 3);
    const item = menu.locator('.monaco-list-row', { hasText: 'Recalling' }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      throw new Error(`no code action mentioning "Recalling"; offered: ${JSON.stringify(await menu.innerText())}`);
    }
    await shot('quick-fix-menu');
    await acceptAction(menu, 'Recalling');
    await save();
    await waitFor(() => draftLine(RECALLS_LINE).startsWith('*Recalling* all international conventions'), {
      timeout: 10_000,
      what: 'line to start with *Recalling*',
    }).catch(() => {
      throw new Error(`line ${RECALLS_LINE} is now: ${draftLine(RECALLS_LINE).slice(0, 80)}`);
    });
  });

  await check('one "Renumber operative paragraphs" entry on a misnumbered paragraph', async () => {
    const menu = await codeActionsAt(URGES_LINE, 1);
    const rows = menu.locator('.monaco-list-row', { hasText: 'Renumber operative paragraphs' });
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    await shot('renumber-quick-fix');
    const count = await rows.count();
    await page.keyboard.press('Escape');
    assert(count === 1, `${count} entries; menu: ${JSON.stringify(await menu.innerText().catch(() => ''))}`);
  });

  await check('completion offers openings after a paragraph number (Markdown, trigger character)', async () => {
    await focusEditor();
    await goTo(URGES_LINE, 1);
    await page.keyboard.press('Home');
    await page.keyboard.type('7. ');
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(async () => /Also urges|Decides/.test(await widget.innerText()), { timeout: 10_000, what: 'opening phrases in the suggestions' });
    await sleep(400);
    await shot('completion-openings');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  });

  await check('go to definition on an instrument opens its standard citation', async () => {
    await focusEditor();
    await goTo(RECALLS_LINE, MARKER_COL - 12);
    await page.keyboard.press('F12');
    const tab = page.locator('.tabs-container .tab', { hasText: /A_RES_\d+_\d+/ }).first();
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    assert((await page.locator('.peekview-widget').count()) === 0, 'a list of places (peek view) instead of one citation');
    await sleep(400);
    await shot('definition-standard-citation');
    await page.keyboard.press('Control+w');
  });

  await check('"Resolute: Renumber operative paragraphs" fixes 4, 6, 6', async () => {
    await focusEditor();
    await runCommand('Resolute: Renumber operative paragraphs');
    await sleep(1000);
    await save();
    await waitFor(() => draftLine(URGES_LINE).startsWith('5. *Urges* Member States to consider signing'), {
      timeout: 10_000,
      what: 'operative paragraph 5',
    }).catch(() => {
      throw new Error(`line ${URGES_LINE} is now: ${draftLine(URGES_LINE).slice(0, 80)}`);
    });
  });

  await check('diagnostics of fixed errors disappear', async () => {
    await page.keyboard.press('Control+Shift+m');
    await problemsFilter('');
    await waitFor(
      async () => {
        const t = await problemsText();
        return !t.includes('preambular-opening') && !t.includes('operative-numbering') && t.includes('footnote-undefined');
      },
      { timeout: 20_000, what: 'preambular-opening and operative-numbering to go, footnote-undefined to stay' },
    );
    await shot('problems-after-fixes');
  });

  await check('hover on a paragraph names the precedent with its wording', async () => {
    // The paragraph index of the bundled corpus is built in the background.
    const hover = await hoverWith(REITERATING_LINE, CRIME_COL, 'agreed language:', 180_000);
    const text = await hover.innerText();
    assert(/agreed language: \d+\/\d+ PP \d+ \(identical\)/.test(text), `hover: ${text.slice(0, 300)}`);
    await sleep(600);
    await shot('hover-agreed-language');
    await page.keyboard.press('Escape');
  });

  await check('a paragraph a word away from a precedent: "Use the wording of …" restores it', async () => {
    await focusEditor();
    await goTo(REITERATING_LINE, CRIME_COL);
    await page.keyboard.press('Control+Shift+ArrowRight'); // selects "serious"
    await page.keyboard.type('grave');
    await save();
    await waitFor(() => draftLine(REITERATING_LINE).includes('a grave crime'), { timeout: 10_000, what: 'the edit' });
    const title = 'Use the wording of';
    let menu;
    await waitFor(
      async () => {
        menu = await codeActionsAt(REITERATING_LINE, CRIME_COL);
        const rows = menu.locator('.monaco-list-row', { hasText: title });
        if ((await rows.count()) > 0) return true;
        await page.keyboard.press('Escape');
        return false;
      },
      { timeout: 30_000, interval: 1000, what: `the code action "${title} …"` },
    );
    const offered = await menu.innerText();
    assert(/Use the wording of \d+\/\d+ PP \d+/.test(offered), `offered: ${offered}`);
    await shot('use-the-wording');
    await acceptAction(menu, title);
    await save();
    await waitFor(() => draftLine(REITERATING_LINE) === fixtureLines[REITERATING_LINE - 1], {
      timeout: 10_000,
      what: 'the paragraph worded as adopted again',
    }).catch(() => {
      throw new Error(`line ${REITERATING_LINE} is now: ${draftLine(REITERATING_LINE).slice(0, 160)}`);
    });
  });

  await check('"Resolute: Find agreed language" finds precedents and opens one at its paragraph', async () => {
    await focusEditor();
    await pickCommand('Resolute: Find agreed language');
    const widget = page.locator('.quick-input-widget');
    await waitFor(async () => (await widget.innerText()).includes('Find agreed language'), {
      timeout: 10_000,
      what: 'the QuickPick of the command',
    });
    await widget.locator('input').fill('trafficking in women and girls');
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    const citation = /(\d+)\/(\d+) (PP|OP) (\d+)/;
    await waitFor(async () => citation.test(await first.innerText()), { timeout: 30_000, what: 'paragraphs in the QuickPick' });
    await sleep(400);
    await shot('find-agreed-language');
    const row = (await first.innerText()).replace(/\s+/g, ' ');
    const [, session, number] = citation.exec(row);
    await page.keyboard.press('Enter');
    const name = `A_RES_${session}_${number}.md`;
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 20_000 });
    // The cursor is on the paragraph shown: its line in the corpus begins as the entry's detail.
    const line = fs.readFileSync(corpusFile(name), 'utf8').split('\n')[(await cursorLine()) - 1] ?? '';
    const words = line
      .replace(/<sup>\d+<\/sup>|\*/g, '')
      .replace(/^(\d+\.|\([a-z]+\))\s+/, '')
      .split(/\s+/)
      .slice(0, 5)
      .join(' ');
    assert(words.length > 0 && row.includes(words), `line "${line.slice(0, 120)}" is not the entry "${row.slice(0, 200)}"`);
    await page.keyboard.press('Control+w');
  });

  // resolute.server.path is machine-overridable: the workspace's settings and, in a remote window
  // such as code-server, the Remote (machine) settings apply; VS Code watches both files.
  await check('a wrong resolute.server.path in the workspace settings: an error, then a restart when fixed', async () => {
    await wrongServerPathThenFixed(path.join(opt.workspace, '.vscode', 'settings.json'), 'workspace');
  });
  await check('the same in the Remote settings, where "Open settings" leads', async () => {
    await wrongServerPathThenFixed(path.join(opt['user-data'], 'Machine', 'settings.json'), 'remote');
  });
} catch (err) {
  results.push({ name: 'harness', ok: false, err });
  log(`harness error: ${err?.stack ?? err}`);
} finally {
  await browser.close().catch(() => undefined);
}

const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  const out = resoluteOutputLog();
  if (out) console.log(`--- Resolute output channel ---\n${out.slice(-6000)}`);
}
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length > 0 ? 1 : 0);
