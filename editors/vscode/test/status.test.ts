import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isResoluteProgress, ProgressTracker, statusView } from '../src/status';

describe('statusView', () => {
  it('shows each server state', () => {
    assert.equal(statusView('starting').text, '$(sync~spin) Resolute');
    assert.equal(statusView('ready').text, '$(check) Resolute');
    assert.equal(statusView('stopped').background, 'warning');
    const err = statusView('error', undefined, 'binary not found');
    assert.equal(err.text, '$(error) Resolute');
    assert.equal(err.background, 'error');
    assert.match(err.tooltip, /binary not found/);
  });

  it('shows index progress while the server works', () => {
    const v = statusView('ready', { title: 'Resolute: indexing corpus', percentage: 41.6, message: '12/30 files' });
    assert.equal(v.text, '$(sync~spin) Resolute: indexing corpus 42%');
    assert.match(v.tooltip, /12\/30 files/);
    assert.equal(statusView('ready', { title: 'Resolute' }).text, '$(sync~spin) Resolute: working');
  });

  it('hides progress once the server has stopped', () => {
    assert.equal(statusView('error', { title: 'Resolute: indexing' }).text, '$(error) Resolute');
  });
});

describe('ProgressTracker', () => {
  it('follows begin/report/end of Resolute tokens only', () => {
    const t = new ProgressTracker();
    assert.equal(t.begin('a', 'Indexing something else'), false);
    assert.equal(t.current(), undefined);
    assert.equal(t.begin(7, 'Resolute: indexing corpus', undefined, 0), true);
    assert.equal(t.report('7', '3/10', 30), true);
    assert.deepEqual(t.current(), { title: 'Resolute: indexing corpus', message: '3/10', percentage: 30 });
    assert.equal(t.report('other', 'x'), false);
    assert.equal(t.end(7), true);
    assert.equal(t.current(), undefined);
  });

  it('recognises titles starting with Resolute', () => {
    assert.ok(isResoluteProgress('Resolute'));
    assert.ok(isResoluteProgress('resolute indexing'));
    assert.ok(!isResoluteProgress('Resoluteness'));
    assert.ok(!isResoluteProgress(undefined));
  });
});
