// The README and the quick start, followed as written: their shell blocks, read from the Markdown itself, run in
// order with bash (`set -euo pipefail`) in a fresh copy of the clone, against the real servers they start
// (`npm start`, `npx parley serve`). A block that fails, or output a guide promises and that is not printed,
// fails the test. How a block says it runs in the background, or not at all: test/guides/guide-blocks.ts.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../interop/helpers/parley.js';
import { type GuideBlock, guideBlocks, missingOutput } from './guide-blocks.js';
import { portInUse, portsOf, runGuide, stopAllGuides } from './run-guide.js';

const GUIDES = [
  { name: 'README.md', path: join(ROOT, 'README.md') },
  { name: 'docs/quick-start.md', path: join(ROOT, 'docs/quick-start.md') },
];

const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** For each `output` block, the shell block above it that printed it. */
function promisedOutputs(blocks: GuideBlock[]): { promise: GuideBlock; from: GuideBlock }[] {
  return blocks.flatMap((block, index) => {
    if (block.mode.kind !== 'output') return [];
    const from = blocks.slice(0, index).findLast((above) => above.mode.kind === 'run' || above.mode.kind === 'background');
    if (!from) throw new Error(`${block.where}: output with no shell block above it`);
    return [{ promise: block, from }];
  });
}

afterAll(stopAllGuides);

describe.sequential('the guides, followed as written', () => {
  for (const guide of GUIDES) {
    it(`${guide.name}: every shell block runs, in order, and prints what the guide says`, async () => {
      const blocks = guideBlocks(guide.path, guide.name);
      const shell = blocks.filter((block) => ['run', 'background', 'never'].includes(block.mode.kind));
      expect(shell.filter((block) => block.mode.kind !== 'never').length).toBeGreaterThan(1);

      // The guides name their ports; a server already there (your own `npm start`?) would answer instead.
      const busy: number[] = [];
      for (const port of portsOf(blocks)) if (await portInUse(port)) busy.push(port);
      expect(busy, `${guide.name} uses these ports as written, and something already listens there: stop it first`).toEqual([]);

      const run = await runGuide(ROOT, blocks, 150_000);
      const failure = run.timedOut
        ? `timed out in the block at ${run.reached?.where}`
        : run.exitCode !== 0
          ? `the block at ${run.reached?.where} failed (bash exit ${run.exitCode})`
          : null;
      const printed = run.reached ? (run.output.get(run.reached) ?? '') : '';
      expect(failure, failure ? `${failure}; it printed:\n${tail(printed)}\n(the guide ran in ${run.workDir})` : '').toBeNull();

      for (const { promise, from } of promisedOutputs(blocks)) {
        const output = run.output.get(from) ?? '';
        expect(
          missingOutput(promise.body, output),
          `${promise.where} promises output that ${from.where} did not print:\n${tail(output)}`,
        ).toEqual([]);
      }
      run.remove();
    }, 180_000);
  }
});

describe('the run: comments', () => {
  it('mark what cannot run here, with a reason, and nothing else', () => {
    const skipped = GUIDES.flatMap((guide) => guideBlocks(guide.path, guide.name)).filter((block) => block.mode.kind === 'never');
    expect(skipped.map((block) => block.body.trim())).toEqual([
      expect.stringMatching(/^npm ci && npm test\b/),
      expect.stringMatching(/^npm ci && npm test\b/),
    ]);
  });
});
