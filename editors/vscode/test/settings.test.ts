import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ConfigReader, sectionValue, toServerSettings } from '../src/settings';

function reader(values: Record<string, unknown>): ConfigReader {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

const ctx = { platform: 'linux' as const, workspaceFolder: '/ws', homeDir: '/home/u' };

describe('toServerSettings', () => {
  it('gives the documented defaults when nothing is set', () => {
    assert.deepEqual(toServerSettings(reader({}), ctx), {
      rules: {},
      debounceMs: 150,
      corpus: { paths: [], bundled: true },
      inlayHints: { ibid: true },
      footnotes: { style: 'auto' },
    });
  });

  it('maps every setting to the server shape', () => {
    const s = toServerSettings(
      reader({
        rules: { 'repeated-opening': 'off', 'footnote-undefined': 'error', 'ibid-ambiguous': 'hint' },
        debounceMs: 300,
        'corpus.paths': ['corpus', '~/un/resolutions', '${workspaceFolder}/more', '/abs'],
        'corpus.bundled': false,
        'inlayHints.ibid': false,
        'footnotes.style': 'repeat-markers',
        // client-only settings must not leak into the server settings
        'server.path': '/x/resolute',
        'trace.server': 'verbose',
      }),
      ctx,
    );
    assert.deepEqual(s, {
      rules: { 'repeated-opening': 'off', 'footnote-undefined': 'error', 'ibid-ambiguous': 'hint' },
      debounceMs: 300,
      corpus: { paths: ['/ws/corpus', '/home/u/un/resolutions', '/ws/more', '/abs'], bundled: false },
      inlayHints: { ibid: false },
      footnotes: { style: 'repeat-markers' },
    });
    assert.equal(JSON.stringify(s).includes('server'), false);
  });

  it('drops invalid severities with a warning, keeps unknown rule codes and normalises case', () => {
    const warnings: string[] = [];
    const s = toServerSettings(
      reader({ rules: { 'operative-numbering': 'Warning', 'footnote-sequence': 'loud', 'future-rule': 'info', 'new-rule': 'off' } }),
      { ...ctx, warn: (m) => warnings.push(m) },
    );
    assert.deepEqual(s.rules, { 'operative-numbering': 'warning', 'new-rule': 'off' });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /footnote-sequence/);
  });

  it('falls back on bad scalar values', () => {
    const warnings: string[] = [];
    const s = toServerSettings(
      reader({ debounceMs: -5, 'footnotes.style': 'footnotes-at-end', 'corpus.paths': 'corpus', rules: ['x'], 'inlayHints.ibid': 'yes' }),
      { ...ctx, warn: (m) => warnings.push(m) },
    );
    assert.equal(s.debounceMs, 150);
    assert.equal(s.footnotes.style, 'auto');
    assert.deepEqual(s.corpus.paths, []);
    assert.deepEqual(s.rules, {});
    assert.equal(s.inlayHints.ibid, true);
    assert.equal(warnings.length, 4);
  });

  it('rounds and caps debounceMs, accepts numeric strings', () => {
    assert.equal(toServerSettings(reader({ debounceMs: 99.6 }), ctx).debounceMs, 100);
    assert.equal(toServerSettings(reader({ debounceMs: '250' }), ctx).debounceMs, 250);
    assert.equal(toServerSettings(reader({ debounceMs: 1e9 }), ctx).debounceMs, 10000);
  });

  it('removes duplicate and empty corpus paths', () => {
    const s = toServerSettings(reader({ 'corpus.paths': ['a', '/ws/a', '', 3] }), { ...ctx, warn: () => undefined });
    assert.deepEqual(s.corpus.paths, ['/ws/a']);
  });
});

describe('sectionValue (workspace/configuration answers)', () => {
  const s = toServerSettings(reader({ rules: { 'repeated-opening': 'off' }, 'footnotes.style': 'new-notes' }), ctx);
  it('answers the whole section', () => assert.deepEqual(sectionValue(s, 'resolute'), s));
  it('answers dotted sub-sections', () => {
    assert.deepEqual(sectionValue(s, 'resolute.rules'), { 'repeated-opening': 'off' });
    assert.equal(sectionValue(s, 'resolute.footnotes.style'), 'new-notes');
    assert.equal(sectionValue(s, 'resolute.corpus.bundled'), true);
    assert.equal(sectionValue(s, 'resolute.nope'), null);
    assert.equal(sectionValue(s, 'resolute.debounceMs.x'), null);
  });
  it('leaves other sections to VS Code', () => {
    assert.equal(sectionValue(s, 'editor'), undefined);
    assert.equal(sectionValue(s, 'resoluteX'), undefined);
    assert.equal(sectionValue(s, undefined), undefined);
  });
});
