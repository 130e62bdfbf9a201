import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { type Connection, type ConnectionArgs, encodeCursor, keysetConnection } from '../../src/store/pagination.js';
import type { AuthenticationEventTable } from '../../src/store/schema.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const ROWS = 57;
const base = Date.parse('2026-03-01T00:00:00.000Z');

/** Three events per second, ids in an order unrelated to insertion, so ties exercise the id tie-breaker. */
function event(index: number, projectId: string): AuthenticationEventTable {
  return {
    id: `e${((index * 37) % 101).toString().padStart(3, '0')}-${projectId}`,
    project_id: projectId,
    time: new Date(base + Math.floor(index / 3) * 1000).toISOString(),
    outcome: index % 4 === 0 ? 'FAILURE' : 'SUCCESS',
    reason: index % 4 === 0 ? 'EXPIRED' : null,
    platform_key_id: null,
    brand_key_id: null,
    user_id: null,
    vuid: null,
    ip_hmac: 'x',
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe.each(DIALECTS)('keyset pagination on %s', (dialect) => {
  let testStore: TestStore;
  let newestFirst: string[];

  const page = (args: ConnectionArgs, totalCount = false) =>
    keysetConnection(testStore.store.db.selectFrom('authentication_events').selectAll().where('project_id', '=', 'p1'), args, {
      order: { sort: 'time', id: 'id', direction: 'desc' },
      toNode: (row) => row.id,
      totalCount,
    });
  const ids = (connection: Connection<string>) => connection.edges.map((edge) => edge.node);
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('VALIDATION_FAILED');
    return (error as ApiError).message;
  };

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const rows = [...Array.from({ length: ROWS }, (_, i) => event(i, 'p1')), ...Array.from({ length: 9 }, (_, i) => event(i, 'p2'))];
    await testStore.store.db.insertInto('authentication_events').values(rows).execute();
    newestFirst = rows
      .filter((row) => row.project_id === 'p1')
      .sort((a, b) => compare(b.time, a.time) || compare(b.id, a.id))
      .map((row) => row.id);
  });
  afterAll(() => testStore.dispose());

  it('walks forward over every row exactly once, in order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const connection: Connection<string> = await page({ first: 10, after });
      pages++;
      seen.push(...ids(connection));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor ?? null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(6);
    expect(seen).toEqual(newestFirst);
  });

  it('walks backward over every row exactly once, in order', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const connection: Connection<string> = await page({ last: 7, before });
      seen.unshift(...ids(connection));
      expect(connection.pageInfo.hasNextPage).toBe(before !== null);
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
    }
    expect(seen).toEqual(newestFirst);
  });

  it('pages back and forth between the same cursors', async () => {
    const second = await page({ first: 5, after: (await page({ first: 5 })).pageInfo.endCursor });
    const back = await page({ last: 5, before: second.pageInfo.startCursor });
    expect(ids(back)).toEqual(newestFirst.slice(0, 5));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const window = await page({ after: back.pageInfo.startCursor, before: second.pageInfo.endCursor });
    expect(ids(window)).toEqual(newestFirst.slice(1, 9));
  });

  it('defaults to 20 forward, or 20 backward when only `before` is given, and counts on request', async () => {
    const first = await page({}, true);
    expect(ids(first)).toEqual(newestFirst.slice(0, 20));
    expect(first.totalCount).toBe(ROWS);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const lastCursor = encodeCursor({ sort: '0000', id: '' });
    const backward = await page({ before: lastCursor });
    expect(ids(backward)).toEqual(newestFirst.slice(-20));
    expect(backward.pageInfo.hasPreviousPage).toBe(true);
    expect('totalCount' in backward).toBe(false);
  });

  it('answers first: 0 and an empty result', async () => {
    const none = await page({ first: 0 });
    expect(none.edges).toEqual([]);
    expect(none.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
    const empty = await keysetConnection(
      testStore.store.db.selectFrom('authentication_events').selectAll().where('project_id', '=', 'nobody'),
      { first: 100 },
      { order: { sort: 'time', id: 'id', direction: 'desc' }, toNode: (row) => row.id, totalCount: true },
    );
    expect(empty).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
  });

  it('enforces the limits of spec §9.5 and refuses bad cursors', async () => {
    expect(ids(await page({ first: 100 }))).toHaveLength(ROWS);
    expect(await failure(page({ first: 101 }))).toMatch(/^first: at most 100/);
    expect(await failure(page({ last: 1000 }))).toMatch(/^last: at most 100/);
    expect(await failure(page({ first: -1 }))).toMatch(/^first:/);
    expect(await failure(page({ first: 1.5 }))).toMatch(/^first:/);
    expect(await failure(page({ first: 1, last: 1 }))).toMatch(/not both/);
    expect(await failure(page({ after: 'not a cursor!' }))).toMatch(/^after: not a cursor/);
    expect(await failure(page({ before: Buffer.from('{"a":1}').toString('base64url') }))).toMatch(/^before: not a cursor/);
    expect(await failure(page({ after: Buffer.from('[1,2]').toString('base64url') }))).toMatch(/^after:/);
    expect(await failure(page({ after: 'x'.repeat(5000) }))).toMatch(/^after:/);
  });

  it('orders ascending on another table, joined by qualified column names', async () => {
    const names = Array.from({ length: 13 }, (_, i) => ({
      id: `proj-${(i * 7) % 13}`,
      name: `Project ${i}`,
      authenticated_mode: 0,
      accepted_issuers: '[]',
      max_token_lifetime_seconds: 60,
      session_lifetime_seconds: 3600,
      allow_anonymous: 1,
      allowed_origins: '[]',
      auth_log_retention_days: 30,
      created_at: new Date(base + Math.floor(i / 2) * 1000).toISOString(),
    }));
    await testStore.store.db.insertInto('projects').values(names).execute();
    const expected = [...names].sort((a, b) => compare(a.created_at, b.created_at) || compare(a.id, b.id)).map((row) => row.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const connection: Connection<string> = await keysetConnection(
        testStore.store.db.selectFrom('projects as p').select(['p.id', 'p.created_at']),
        { first: 4, after },
        { order: { sort: 'created_at', id: 'id', direction: 'asc', table: 'p' }, toNode: (row) => row.id },
      );
      seen.push(...ids(connection));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });
});
