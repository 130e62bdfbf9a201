// How the guide test reads a guide: which blocks run and how, and what promised output matches.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guideBlocks, missingOutput } from './guide-blocks.js';
import { portsOf } from './run-guide.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-guide-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const guide = (markdown: string) => {
  const path = join(dir, 'guide.md');
  writeFileSync(path, markdown);
  return guideBlocks(path, 'guide.md');
};

describe('guide blocks', () => {
  it('runs every shell block unless a run: comment above its fence says otherwise', () => {
    const blocks = guide(
      [
        '<!-- run: in the background; ready when http://localhost:3000 answers -->',
        '<!-- not-a-sample: another comment may sit between -->',
        '',
        '```sh',
        'npm start',
        '```',
        'Then:',
        '```bash',
        'curl localhost:8080/readyz',
        '```',
        '<!-- run: never, it runs the tests -->',
        '```sh',
        'npm test',
        '```',
        '<!-- run: output of the block above -->',
        '```text',
        'ok',
        '```',
        '```ts',
        'const x = 1;',
        '```',
      ].join('\n'),
    );
    expect(blocks.map((block) => [block.where, block.mode])).toEqual([
      ['guide.md:4', { kind: 'background', readyUrl: 'http://localhost:3000' }],
      ['guide.md:8', { kind: 'run' }],
      ['guide.md:12', { kind: 'never', why: 'it runs the tests' }],
      ['guide.md:16', { kind: 'output' }],
      ['guide.md:19', { kind: 'none' }],
    ]);
    expect(portsOf(blocks)).toEqual([3000, 8080]);
  });

  it('refuses a run: comment it does not know, rather than skipping the block', () => {
    expect(() => guide('<!-- run: later -->\n```sh\nnpm start\n```\n')).toThrow('guide.md:2: "run: later" is not a run: comment');
    expect(() => guide('<!-- run: never -->\n```sh\nnpm test\n```\n')).toThrow(/is not a run: comment/); // no reason
    expect(() => guide('<!-- run: output of the block above -->\n```sh\nls\n```\n')).toThrow(/is not a run: comment/);
    expect(() => guide('```sh\nls\n')).toThrow('never closed');
  });

  it('matches promised output line by line, in order, … standing for any text', () => {
    const printed = 'Checks (server http://localhost:8080, project 42)\n  ✓ signature   verified\n\nOK: accepted (tested only)\n';
    expect(missingOutput('Checks (server http://localhost:8080, project …)\n  ✓ signature …\nOK: accepted …', printed)).toEqual([]);
    expect(missingOutput('OK: accepted …\n  ✓ signature …', printed)).toEqual(['  ✓ signature …']); // out of order
    expect(missingOutput('OK: refused (…)', printed)).toEqual(['OK: refused (…)']);
    expect(missingOutput('OK: accepted (tested only', printed)).toEqual(['OK: accepted (tested only']); // whole lines only
  });
});
