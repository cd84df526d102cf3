import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PARAGRAPH_KIND, paragraphPicks } from '../src/agreed';

describe('paragraphPicks', () => {
  it('shows each paragraph as its citation, title and opening words, best match first', () => {
    const picks = paragraphPicks([
      { name: 'A/RES/77/186', kind: 17, containerName: 'Trafficking in women and girls (2022-12-15)' },
      {
        name: '77/186 OP 12: Welcomes the report of the Secretary-General …',
        kind: PARAGRAPH_KIND,
        containerName: 'Trafficking in women and girls (2022-12-15)',
      },
      { name: '75/158 PP 1: Reiterating its strong condemnation', kind: PARAGRAPH_KIND },
    ]);
    assert.deepEqual(
      picks.map(({ label, description, detail }) => ({ label, description, detail })),
      [
        {
          label: '77/186 OP 12',
          description: 'Trafficking in women and girls (2022-12-15)',
          detail: 'Welcomes the report of the Secretary-General …',
        },
        { label: '75/158 PP 1', description: '', detail: 'Reiterating its strong condemnation' },
      ],
    );
    assert.equal(picks[0].symbol.kind, PARAGRAPH_KIND);
  });

  it('keeps a name without the separator whole', () => {
    assert.deepEqual(
      paragraphPicks([{ name: 'E/RES/2020/1 OP 3', kind: PARAGRAPH_KIND }]).map((p) => [p.label, p.detail]),
      [['E/RES/2020/1 OP 3', '']],
    );
  });
});
