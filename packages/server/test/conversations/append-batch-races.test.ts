import type { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { commitAppendBatch, type PendingAppend } from '../../src/conversations/append-batch.js';
import { hotStatements } from '../../src/conversations/hot-statements.js';
import type { Store } from '../../src/store/open-store.js';

/** A store whose first `failures` transactions fail with `code`, and whose statements take every row. */
function racingStore(failures: number, code: string) {
  let transactions = 0;
  const executeQuery = async (query: CompiledQuery) => {
    const rows = JSON.parse(String(query.parameters[1])) as { id: string; n?: number }[];
    if (!query.sql.startsWith('UPDATE')) return { rows: rows.map(({ id }) => ({ id })) };
    return {
      rows: rows.map(({ id, n }) => ({
        id,
        project_id: 'p',
        profile_id: 'v',
        status: 'open',
        last_seq: n,
        created_at: '',
        updated_at: '',
      })),
    };
  };
  const store = {
    db: { executeQuery },
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      if (++transactions <= failures) throw Object.assign(new Error('deadlock detected'), { code });
      return work();
    },
  } as unknown as Store;
  return { store, count: () => transactions };
}

const item = (clientId: string): PendingAppend => ({
  conversationId: 'c1',
  authorKind: 'visitor',
  authorId: 'v1',
  clientId,
  text: 'hi',
  verified: false,
  brandKeyId: null,
  whileOpen: true,
  whileOfProfile: null,
  userId: null,
});

describe('a batch that loses a race on PostgreSQL', () => {
  const deps = (store: Store, oneByOne: PendingAppend[]) => ({
    store,
    statements: hotStatements('sqlite'),
    now: () => new Date(0),
    newId: (() => {
      let next = 0;
      return () => `m${++next}`;
    })(),
    published: () => {},
    recorded: async () => {},
    appendOne: async (pending: PendingAppend) => {
      oneByOne.push(pending);
      throw new Error('not expected');
    },
  });

  it('runs again as a batch after a deadlock or a serialization failure', async () => {
    for (const code of ['40P01', '40001']) {
      const { store, count } = racingStore(2, code);
      const oneByOne: PendingAppend[] = [];
      const outcomes = await commitAppendBatch(deps(store, oneByOne), [item('a'), item('b')]);
      expect(outcomes.map((outcome) => outcome.ok && outcome.value.message.seq)).toEqual([1, 2]);
      expect(count()).toBe(3);
      expect(oneByOne).toEqual([]);
    }
  });

  it('sends the items the one-message path after three lost races, and at once after any other error', async () => {
    for (const [code, transactions] of [
      ['40P01', 3],
      ['23505', 1],
    ] as const) {
      const { store, count } = racingStore(Number.POSITIVE_INFINITY, code);
      const oneByOne: PendingAppend[] = [];
      const outcomes = await commitAppendBatch(deps(store, oneByOne), [item('a'), item('b')]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false]);
      expect(count()).toBe(transactions);
      expect(oneByOne.map((pending) => pending.clientId)).toEqual(['a', 'b']);
    }
  });
});
