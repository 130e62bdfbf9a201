import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { shutDown } from '../../src/start-server.js';
import { type TestApp, testAppOn } from '../helpers/app.js';
import { ADMIN_ENV, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';
import { visitorsOf } from '../helpers/visitors.js';

/**
 * The shutdown of a node (SIGTERM, a rolling restart): /readyz turns 503 first while the node still serves for the
 * drain delay, then it stops accepting, lets what is in flight finish — HTTP requests, and the frames each socket
 * sent (a `send` being stored is committed and acknowledged) — and closes every socket with 1012 SERVICE_RESTART.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; a bounded wait, never a fixed sleep. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Whether a new TCP connection to `url` is accepted. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A POST /graphql whose headers and first half of body are sent now, and the rest by `finish()`; `answer` is the raw HTTP answer. */
async function halfSentRequest(url: string): Promise<{ finish(): void; answer: Promise<string>; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ query: '{ __typename }' });
  const socket: Socket = await new Promise((resolve, reject) => {
    const opened = connect({ host: hostname, port: Number(port) }, () => resolve(opened));
    opened.once('error', reject);
  });
  socket.on('error', () => {});
  let received = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('\r\n\r\n') && received.endsWith('}')) resolve(received);
    });
    socket.once('close', () => resolve(received));
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
  );
  return { finish: () => socket.write(body.slice(half)), answer, closed };
}

/** Drops what a test store made, once the shutdown closed the store itself. */
async function dropStore(testStore: TestStore): Promise<void> {
  if (testStore.schema === null) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${testStore.schema} CASCADE`);
  await client.end();
}

describe('graceful shutdown', () => {
  const clients: RealtimeClient[] = [];
  const stores: TestStore[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const store of stores.splice(0)) await dropStore(store);
  });

  async function node(dialect: 'sqlite' | 'postgres', env: Record<string, string>) {
    const testStore = await openTestStore(dialect);
    stores.push(testStore);
    const testApp: TestApp = await testAppOn(testStore.store, { env: { ...ADMIN_ENV, ...env } });
    const url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const { projectId } = await securedProject(testApp.app, admin, 'Shop');
    const { anonymous } = visitorsOf(
      () => testApp,
      () => projectId,
    );
    const connectSocket = async (token: string | null) => {
      const client = await connectRealtime(url, token);
      clients.push(client);
      return client;
    };
    // The store is closed by the shutdown; the test drops what it made afterwards.
    const shutDownNode = () => shutDown(testApp.app, testApp.services, () => testStore.store.close());
    return { testStore, url, admin, anonymous, connectSocket, shutDownNode };
  }

  it('turns /readyz 503 at once and keeps serving for the drain delay, then stops accepting while a request in flight completes', async () => {
    const { url, shutDownNode } = await node('sqlite', { PARLEY_SHUTDOWN_DRAIN_MS: '400', PARLEY_SHUTDOWN_TIMEOUT_MS: '5000' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const inFlight = await halfSentRequest(url);
    await sleep(50);

    const started = Date.now();
    const shutdown = shutDownNode();
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'unready', reason: 'shutting down' });
    // Still serving during the drain (the load balancer has not noticed yet), closing each connection after its answer.
    const served = await fetch(`${url}/healthz`);
    expect(served.status).toBe(200);
    expect(served.headers.get('connection')).toBe('close');

    await until(async () => !(await accepts(url)), 'the node to stop accepting connections');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"__typename":"Query"');
    // Its keep-alive connection is closed once idle: the shutdown does not wait for the keep-alive timeout.
    await inFlight.closed;
    await shutdown;
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses an upgrade whose headers end after the node stopped accepting, and never waits past its bound for it', async () => {
    const { url, shutDownNode } = await node('sqlite', { PARLEY_SHUTDOWN_DRAIN_MS: '200', PARLEY_SHUTDOWN_TIMEOUT_MS: '1500' });
    const { hostname, port } = new URL(url);
    // Connected before the shutdown, the request line sent; the upgrade's headers end once the node stopped listening.
    const socket: Socket = await new Promise((resolve) => {
      const opened = connect({ host: hostname, port: Number(port) }, () => resolve(opened));
    });
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`GET /realtime HTTP/1.1\r\nHost: ${hostname}\r\n`);
    const started = Date.now();
    const shutdown = shutDownNode();
    await until(async () => !(await accepts(url)), 'the node to stop accepting connections');
    socket.write(
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await closedByServer;
    expect(received).toMatch(/^HTTP\/1\.1 503 /);
    await shutdown;
    expect(Date.now() - started).toBeLessThan(1500 + 500);
  });

  it('acknowledges a send that is being stored before closing its socket with 1012, and closes idle sockets at once', async () => {
    const { testStore, admin, anonymous, connectSocket, shutDownNode } = await node('postgres', {
      PARLEY_SHUTDOWN_DRAIN_MS: '0',
      PARLEY_SHUTDOWN_TIMEOUT_MS: '10000',
    });
    const visitor = await connectSocket((await anonymous()).accessToken);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'first', text: 'hello' });
    const { conversationId } = await visitor.next('ack');
    const agent = await connectSocket(admin);
    await agent.next('ready');
    const unauthenticated = await connectSocket(null);

    // Another transaction holds the conversation's row: the next message waits for it, as on a slow database.
    const lock = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT id FROM ${testStore.schema}.conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
      visitor.send({ type: 'send', clientId: 'in-flight', text: 'sent just before the shutdown', conversationId });
      await until(async () => {
        const blocked = await lock.query('SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))');
        return blocked.rows.length > 0;
      }, 'the send to wait for the row lock');

      let visitorClosedAt = 0;
      visitor.closed.then(
        () => {
          visitorClosedAt = Date.now();
        },
        () => {},
      );
      const shutdown = shutDownNode();
      // Sockets with nothing in flight close at once, authenticated or not.
      expect(await agent.closed).toEqual({ code: 1012, reason: 'SERVICE_RESTART' });
      expect(await unauthenticated.closed).toEqual({ code: 1012, reason: 'SERVICE_RESTART' });
      // A frame sent once the shutdown began is not taken: the client resends it, unacknowledged, after reconnecting.
      visitor.send({ type: 'send', clientId: 'late', text: 'sent during the shutdown', conversationId });
      await sleep(300);
      expect(visitorClosedAt).toBe(0);
      const releasedAt = Date.now();
      await lock.query('COMMIT');

      const ack = await visitor.next('ack');
      expect(ack).toMatchObject({ clientId: 'in-flight', conversationId, seq: 2 });
      expect(await visitor.closed).toEqual({ code: 1012, reason: 'SERVICE_RESTART' });
      expect(visitorClosedAt).toBeGreaterThanOrEqual(releasedAt);
      const ackIndex = visitor.frames.findIndex((frame) => frame.type === 'ack' && frame.clientId === 'in-flight');
      expect(ackIndex).toBeGreaterThan(0);
      expect(visitor.frames.filter((frame) => frame.type === 'ack' || frame.type === 'error').map((frame) => frame.type)).toEqual([
        'ack',
        'ack',
      ]);
      await shutdown;

      const stored = await lock.query(`SELECT client_id, seq FROM ${testStore.schema}.messages WHERE conversation_id = $1 ORDER BY seq`, [
        conversationId,
      ]);
      expect(stored.rows).toEqual([
        { client_id: 'first', seq: 1 },
        { client_id: 'in-flight', seq: 2 },
      ]);
    } finally {
      await lock.query('ROLLBACK').catch(() => {});
      await lock.end();
    }
  });
});
