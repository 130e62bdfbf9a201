import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { capturingLog, type TestApp, testAppOn } from '../helpers/app.js';
import { waitUntil } from '../helpers/fault-support.js';
import { ADMIN_ENV, fetchGql, passwordGrant, securedProject } from '../helpers/graphql.js';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { visitorsOf } from '../helpers/visitors.js';

/**
 * Issue 12, points 1, 2, 3 and 5, in one process on a PostgreSQL of its own: a restart, a stop
 * and a hang (SIGSTOP) of the database must never end the process (vitest fails a file on any
 * uncaught error or unhandled rejection), never end a visitor's session, and never leave a
 * request or /readyz waiting without bound.
 */

const LIMITS = { poolSize: 3, connectTimeoutMs: 1000, statementTimeoutMs: 1500, maxWaiting: 2 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a node on a PostgreSQL that fails', () => {
  let postgres: PrivatePostgres;
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  const { lines: logged, log } = capturingLog();
  const clients: RealtimeClient[] = [];
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  const connect = async (token: string) => {
    const client = await connectRealtime(url, token);
    clients.push(client);
    return client;
  };
  const readyz = async () => {
    const started = Date.now();
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; reason?: string }, ms: Date.now() - started };
  };

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const store = await openStore({
      databaseUrl: postgres.url,
      dataDir: mkdtempSync(join(tmpdir(), 'parley-pg-fault-')),
      limits: LIMITS,
      log,
    });
    testApp = await testAppOn(store, { env: ADMIN_ENV, log, realtime: { heartbeatSeconds: 1 } });
    const { app } = testApp;
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(app, admin, 'Shop'));
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await testApp?.dispose();
    await postgres?.close();
  });

  it('survives a restart: idle pooled connections killed by the server are replaced, not fatal', async () => {
    expect((await readyz()).status).toBe(200); // the pool now holds idle connections
    await postgres.restart();
    // Without an 'error' listener on the pool, the kill of an idle client is an uncaught 'error' event: the process exits.
    await waitUntil(async () => (await readyz()).status === 200, 10_000, '/readyz back to 200 after the restart');
    expect(logged.filter((line) => line.startsWith('warn: a database connection was lost'))).toHaveLength(1);
  }, 30_000);

  it('survives a connection lost while a request uses it, and answers that request 503', async () => {
    const visitor = await anonymous();
    // An activation (a transaction) blocked on a lock keeps its connection checked out of the pool; then its backend is killed.
    const locker = new pg.Client({ connectionString: postgres.url });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE visitor_sessions IN ACCESS EXCLUSIVE MODE');
    const blocked = fetchGql(url, 'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid } }', {
      p: projectId,
    });
    await waitUntil(
      async () => (await locker.query('select count(*)::int as n from pg_locks where not granted')).rows[0].n > 0,
      5000,
      'the request to wait on the lock',
    );
    await locker.query("select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
    await locker.query('ROLLBACK');
    await locker.end();
    // pg-pool stops listening to a connection it hands out: its 'error' used to be an uncaught exception (exit 1).
    const answer = await blocked;
    expect(answer.status).toBe(503);
    expect(answer.errors?.[0]?.extensions.name).toBe('SERVICE_UNAVAILABLE');
    await waitUntil(async () => (await readyz()).status === 200, 10_000, '/readyz back to 200');
    expect((await fetchGql(url, 'query { visitorSession { vuid } }', {}, { bearer: visitor.accessToken })).status).toBe(200);
  }, 30_000);

  it('keeps an operator socket through an outage longer than a heartbeat, and closes a visitor with 1011 (never 1000) while the database is down', async () => {
    const visitor = await anonymous();
    const operator = await connect(admin);
    await operator.next('ready');
    await waitUntil(async () => (await readyz()).status === 200, 10_000, 'the database healthy before the outage');
    // Lines of this outage only (an earlier test's lost connection may have logged its own).
    const linesBefore = logged.length;
    await postgres.stop();
    try {
      // Heartbeats every second re-check the operator's bearer: each check fails on the database (an unhandled rejection on main).
      await sleep(2500);
      const during = await connect(visitor.accessToken);
      const closed = await during.closed;
      expect(closed.code).toBe(1011);
      expect(closed.reason).toMatch(/^INTERNAL_ERROR/);
      expect(operator.frames.some((frame) => frame.type === 'error')).toBe(false);
      const answer = await fetchGql(url, 'query { visitorSession { vuid } }', {}, { bearer: visitor.accessToken });
      expect(answer.status).toBe(503);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ name: 'SERVICE_UNAVAILABLE', retryPolicy: 'RETRY_WITH_BACKOFF' });
      // One line when the run of failures starts, not one per request or socket. (None when a run began just
      // before the stop — a loaded machine can fail a request between the check above and the stop — and then
      // that run's line is the one before.)
      const headline = (line: string) => line.startsWith('error: database failure');
      const outage = logged.slice(linesBefore);
      expect(outage.filter(headline).length, outage.join('\n')).toBeLessThanOrEqual(1);
      expect(logged.filter(headline).length).toBeGreaterThanOrEqual(1);
      expect(outage.filter((line) => /realtime frame failed/.test(line))).toEqual([]);
    } finally {
      await postgres.start();
    }
    // The same token works again: the session was never ended.
    const after = await connect(visitor.accessToken);
    expect(await after.next('ready', 10_000)).toMatchObject({ role: 'visitor', vuid: visitor.vuid });
    expect(await Promise.race([operator.closed, sleep(1500).then(() => 'open')])).toBe('open');
  }, 40_000);

  it('answers /readyz with 503 within about a second while the database hangs, and sheds requests beyond the waiting bound', async () => {
    const visitor = await anonymous();
    await postgres.pause();
    try {
      const hung = await readyz();
      expect(hung.status).toBe(503);
      expect(hung.body.reason).toMatch(/^database: /);
      expect(hung.ms).toBeLessThan(1800);
      // 3 connections in use and 2 waiting: the next requests are refused at once with 503 and Retry-After.
      const calls = Array.from({ length: 8 }, () =>
        fetchGql(url, 'query { visitorSession { vuid } }', {}, { bearer: visitor.accessToken }),
      );
      const started = Date.now();
      const answers = await Promise.all(calls);
      const elapsed = Date.now() - started;
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.errors?.[0]?.extensions.name).toBe('SERVICE_UNAVAILABLE');
      }
      // Bounded by the connect and statement timeouts (1 s + 1.5 s + 2 s client slack), not by the hang.
      expect(elapsed).toBeLessThan(6000);
    } finally {
      await postgres.resume();
    }
    await waitUntil(async () => (await readyz()).status === 200, 10_000, '/readyz back to 200 after the hang');
  }, 40_000);

  it('with PARLEY_DB_MAX_WAITING=0 serves while a connection is free and refuses only when none is', async () => {
    const store = await openStore({ databaseUrl: postgres.url, dataDir: tmpdir(), limits: { ...LIMITS, poolSize: 1, maxWaiting: 0 } });
    try {
      const read = () => store.db.selectFrom('parley_meta').select('key').execute();
      await read();
      // A transaction holds the only connection until it is released.
      const held = { release: null as (() => void) | null };
      const holding = store.transaction(async () => {
        await store.db.selectFrom('parley_meta').select('key').execute();
        await new Promise<void>((resolve) => {
          held.release = resolve;
        });
      });
      await waitUntil(() => held.release !== null, 5000, 'the transaction to hold the connection');
      await expect(read()).rejects.toMatchObject({ fault: { kind: 'saturated' } });
      held.release?.();
      await holding;
      await read();
    } finally {
      await store.close();
    }
  }, 30_000);

  it('leaves nothing behind for a socket that goes away while the database answers its auth', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) tokens.push((await anonymous()).accessToken);
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = timers();
    await postgres.pause();
    try {
      for (const token of tokens) {
        const socket = await connectRealtime(url, token);
        socket.close(); // gone before the database answers
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await postgres.resume();
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // every auth has completed meanwhile
    // A heartbeat and an expiry timer per socket were left running, and the socket stayed registered.
    expect(timers() - before).toBeLessThan(5);
  }, 30_000);

  it('keeps at most 32 frames of a socket waiting while the database hangs; the others are refused at once', async () => {
    const socket = await connect((await anonymous()).accessToken);
    await socket.next('ready');
    await postgres.pause();
    try {
      for (let i = 0; i < 100; i++) socket.send({ type: 'send', clientId: `q${i}`, text: 'x'.repeat(1000) });
      await waitUntil(
        () => socket.frames.filter((frame) => frame.type === 'error' && frame.code === 'RATE_LIMITED').length >= 100 - 33,
        3000,
        'the frames beyond the queue refused with RATE_LIMITED',
      );
    } finally {
      await postgres.resume();
    }
  }, 30_000);
});
