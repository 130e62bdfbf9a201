import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { type Outcome, WriteBatcher } from '../../src/store/write-batcher.js';

/** A commit that records its batches and answers each item doubled (odd items fail), settled when `release` is called. */
function recordingCommit() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const commit = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<Outcome<number>[]>((resolve) =>
      releases.push(() =>
        resolve(items.map((item) => (item % 2 === 0 ? { ok: true, value: item * 2 } : { ok: false, error: new Error(`odd ${item}`) }))),
      ),
    );
  };
  return { batches, releases, commit };
}

describe('WriteBatcher', () => {
  it('commits what arrives in one turn together, and what arrives during a commit as the next batch', async () => {
    const { batches, releases, commit } = recordingCommit();
    const batcher = new WriteBatcher(commit);
    const first = [0, 1, 2].map((item) => batcher.enqueue(item));
    await nextTurn();
    expect(batches).toEqual([[0, 1, 2]]);
    const second = [4, 6].map((item) => batcher.enqueue(item));
    await nextTurn();
    expect(batches).toHaveLength(1); // one batch in flight at a time
    releases[0]?.();
    expect(await Promise.allSettled(first)).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: new Error('odd 1') },
      { status: 'fulfilled', value: 4 },
    ]);
    await nextTurn();
    expect(batches).toEqual([
      [0, 1, 2],
      [4, 6],
    ]);
    releases[1]?.();
    expect(await Promise.all(second)).toEqual([8, 12]);
  });

  it('splits a turn larger than the bound into batches of at most maxItems, in arrival order', async () => {
    const { batches, releases, commit } = recordingCommit();
    const batcher = new WriteBatcher(commit, { maxItems: 2 });
    const all = [0, 2, 4, 6, 8].map((item) => batcher.enqueue(item));
    for (let i = 0; i < 3; i++) {
      await nextTurn();
      releases[i]?.();
      await nextTurn();
    }
    expect(batches).toEqual([[0, 2], [4, 6], [8]]);
    expect(await Promise.all(all)).toEqual([0, 4, 8, 12, 16]);
  });

  it('rejects every item of a batch whose commit throws, and goes on with the next batch', async () => {
    let calls = 0;
    const batcher = new WriteBatcher<number, number>(async (items) => {
      if (++calls === 1) throw new Error('database down');
      return items.map((item) => ({ ok: true, value: item }));
    });
    const failed = [1, 2].map((item) => batcher.enqueue(item));
    expect(await Promise.allSettled(failed)).toEqual([
      { status: 'rejected', reason: new Error('database down') },
      { status: 'rejected', reason: new Error('database down') },
    ]);
    expect(await batcher.enqueue(3)).toBe(3);
  });

  it('tells its observer the size of each batch and how long its commit took, failed ones included', async () => {
    const observed: { items: number; seconds: number }[] = [];
    let calls = 0;
    const batcher = new WriteBatcher<number, number>(
      async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (++calls === 2) throw new Error('database down');
        return items.map((item) => ({ ok: true, value: item }));
      },
      { observer: (batch) => observed.push(batch) },
    );
    await Promise.all([1, 2, 3].map((item) => batcher.enqueue(item)));
    await expect(batcher.enqueue(4)).rejects.toThrow('database down');
    expect(observed.map((batch) => batch.items)).toEqual([3, 1]);
    for (const batch of observed) expect(batch.seconds).toBeGreaterThanOrEqual(0.015);
  });

  it('rejects an item its commit answered no outcome for, rather than leaving it pending', async () => {
    const batcher = new WriteBatcher<number, number>(async () => []);
    await expect(batcher.enqueue(1)).rejects.toThrow('no outcome');
  });

  it('under steady traffic lets the first write after a pause wait lingerMs for company; after a quiet moment, not', async () => {
    const { batches, releases, commit } = recordingCommit();
    const lingerMs = 200; // long enough that a slow machine's turn does not pass it
    const batcher = new WriteBatcher(commit, { lingerMs });
    const first = batcher.enqueue(0);
    await nextTurn();
    expect(batches).toEqual([[0]]); // nothing before: it goes at the next turn
    releases[0]?.();
    await first;
    const steady = [batcher.enqueue(2)];
    await nextTurn();
    expect(batches).toHaveLength(1); // the last batch has just ended: this one waits
    steady.push(batcher.enqueue(4));
    await vi.waitFor(() => expect(batches).toHaveLength(2), { timeout: 5000, interval: 10 });
    expect(batches[1]).toEqual([2, 4]);
    releases[1]?.();
    await Promise.all(steady);
    await sleep(4 * lingerMs + 50); // quiet for longer than the steady window
    const lone = batcher.enqueue(6);
    await nextTurn();
    expect(batches[2]).toEqual([6]);
    releases[2]?.();
    expect(await lone).toBe(12);
  });
});
