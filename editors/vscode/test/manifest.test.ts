// Checks that package.json contributes what the extension code and the server contract expect.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SEVERITIES } from '../src/rules';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('activates on Markdown and plain text', () => {
    assert.deepEqual(pkg.activationEvents.sort(), ['onLanguage:markdown', 'onLanguage:plaintext']);
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('contributes every setting of the server contract, with descriptions', () => {
    for (const key of [
      'resolute.rules',
      'resolute.debounceMs',
      'resolute.corpus.paths',
      'resolute.corpus.bundled',
      'resolute.inlayHints.ibid',
      'resolute.footnotes.style',
      'resolute.server.path',
      'resolute.trace.server',
    ]) {
      assert.ok(props[key], key);
      assert.ok(props[key].description || props[key].markdownDescription, `${key} has a description`);
    }
    assert.equal(props['resolute.debounceMs'].default, 150);
    assert.deepEqual(props['resolute.footnotes.style'].enum, ['auto', 'repeat-markers', 'new-notes']);
  });

  it('lists rule codes with the severities as an enum', () => {
    const rules = props['resolute.rules'];
    // The codes and descriptions are generated from the server (tests/rules_reference.rs).
    assert.ok(Object.keys(rules.properties).length > 20);
    for (const [code, schema] of Object.entries<{ enum: string[]; markdownDescription: string }>(rules.properties)) {
      assert.deepEqual(schema.enum, [...SEVERITIES], code);
      assert.ok(schema.markdownDescription.startsWith(`\`${code}\``), code);
    }
    assert.deepEqual(rules.additionalProperties.enum, [...SEVERITIES]);
  });

  it('contributes the six commands', () => {
    const ids = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(ids, [
      'resolute.findAgreedLanguage',
      'resolute.fixAllCommand',
      'resolute.renumberFootnotesCommand',
      'resolute.renumberOperativeCommand',
      'resolute.restartServer',
      'resolute.showOutput',
    ]);
    const src = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');
    for (const id of ids) assert.ok(src.includes(`'${id}'`), `${id} is registered in extension.ts`);
  });

  it('has what vsce needs to package without prompts', () => {
    assert.ok(pkg.repository?.url);
    assert.ok(pkg.license);
    assert.ok(fs.existsSync(path.join(root, 'LICENSE')));
    assert.ok(pkg.engines.vscode.startsWith('^1.'));
  });
});
