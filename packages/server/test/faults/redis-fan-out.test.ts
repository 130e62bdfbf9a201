import { tmpdir } from 'node:os';
import type { MessageFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { capturingLog, testAppOn } from '../helpers/app.js';
import { waitUntil } from '../helpers/fault-support.js';
import { ADMIN_ENV } from '../helpers/graphql.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';

/**
 * Issue 12, points 4 and 12: Redis pub/sub keeps nothing, so events published while it is down
 * (or hung) never reach the other node. Once Redis answers again every socket is told to
 * `resync`, and a desk that resumes gets every acknowledged message; the log says what is known.
 */

interface Node {
  url: string;
  services: Services;
  logged: string[];
  close(): Promise<void>;
}

/** A desk as the protocol asks: answers `resync` with `resume` from the last seq it has of each conversation. */
function deskOf(socket: RealtimeClient) {
  const texts = new Set<string>();
  const lastSeq = new Map<string, number>();
  let handled = 0;
  let resyncs = 0;
  const pump = setInterval(() => {
    for (; handled < socket.frames.length; handled++) {
      const frame = socket.frames[handled];
      if (frame?.type === 'message') {
        const { conversationId, message } = frame as MessageFrame;
        texts.add(message.text);
        lastSeq.set(conversationId, Math.max(lastSeq.get(conversationId) ?? 0, message.seq));
      } else if (frame?.type === 'resync') {
        resyncs++;
        for (const [conversationId, afterSeq] of lastSeq) socket.send({ type: 'resume', conversationId, afterSeq });
      }
    }
  }, 20);
  return { texts, resyncs: () => resyncs, stop: () => clearInterval(pump) };
}

describe('realtime fan-out through a Redis that fails', () => {
  let redis: PrivateRedis;
  let testStore: TestStore;
  const nodes: Node[] = [];
  let visitor: RealtimeClient;
  let desk: ReturnType<typeof deskOf>;
  const sockets: RealtimeClient[] = [];
  let sent = 0;

  const send = async (text: string) => {
    visitor.send({ type: 'send', clientId: `c${++sent}`, text });
    await visitor.next('ack', 5000);
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    testStore = await openTestStore('postgres');
    for (let i = 0; i < 2; i++) {
      const { lines: logged, log } = capturingLog();
      const store =
        i === 0
          ? testStore.store
          : await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema: testStore.schema as string });
      // The first node's store is the test store, disposed after both nodes.
      const node = await testAppOn(store, { env: { ...ADMIN_ENV, REDIS_URL: redis.url }, log }, async () => {
        if (i > 0) await store.close();
      });
      nodes.push({
        url: await node.app.listen({ port: 0, host: '127.0.0.1' }),
        services: node.services,
        logged,
        close: () => node.dispose(),
      });
    }
    const [a, b] = nodes as [Node, Node];
    const adminOf = async (node: Node) => {
      const response = await fetch(`${node.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: ADMIN_ENV.PARLEY_ADMIN_EMAIL, password: ADMIN_ENV.PARLEY_ADMIN_PASSWORD }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const admin = await adminOf(b);
    const graphql = async <T>(node: Node, query: string, variables: Record<string, unknown>, bearer?: string) => {
      const response = await fetch(`${node.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { data: T }).data;
    };
    const created = await graphql<{ projectCreate: { project: { id: string } } }>(
      b,
      'mutation { projectCreate(input: { name: "Shop" }) { project { id } } }',
      {},
      admin,
    );
    const session = await graphql<{ visitorAuthenticateAnonymously: { visitorSessionToken: { accessToken: string } } }>(
      a,
      'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: created.projectCreate.project.id },
    );
    visitor = await connectRealtime(a.url, session.visitorAuthenticateAnonymously.visitorSessionToken.accessToken);
    const deskSocket = await connectRealtime(b.url, admin);
    sockets.push(visitor, deskSocket);
    await visitor.next('ready');
    await deskSocket.next('ready');
    desk = deskOf(deskSocket);
  }, 60_000);

  afterAll(async () => {
    desk?.stop();
    for (const socket of sockets) socket.close();
    for (const node of nodes) await node.close();
    await testStore?.dispose();
    await redis?.close();
  });

  it('delivers every message written while Redis was down to the desk on the other node once it is back', async () => {
    await send('before the outage');
    await waitUntil(() => desk.texts.has('before the outage'), 5000, 'the live message on the other node');
    await redis.stop();
    for (let i = 0; i < 5; i++) await send(`during the outage ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...desk.texts].filter((text) => text.startsWith('during'))).toEqual([]);
    const [a] = nodes as [Node];
    expect(a.logged.some((line) => /^warn: realtime fan-out through Redis interrupted/.test(line))).toBe(true);
    expect(a.logged.join('\n')).toMatch(/may arrive late or not at all/);
    expect(a.logged.join('\n')).not.toMatch(/do not reach/);
    const back = Date.now();
    await redis.start();
    await waitUntil(
      () => Array.from({ length: 5 }, (_, i) => `during the outage ${i}`).every((text) => desk.texts.has(text)),
      10_000,
      'every message written during the outage on the desk of the other node',
    );
    console.log(`Redis stopped: every message on the other node's desk ${Date.now() - back} ms after Redis was back`);
    expect(desk.resyncs()).toBeGreaterThanOrEqual(1);
    expect(visitor.frames.some((frame) => frame.type === 'resync')).toBe(true);
    expect(a.logged.some((line) => /^info: realtime fan-out through Redis restored after/.test(line))).toBe(true);
  }, 40_000);

  it('delivers what was published while Redis hung, late or through a resync', async () => {
    const resyncsBefore = desk.resyncs();
    await redis.pause();
    try {
      await send('while Redis hangs');
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the publish times out after 1 s
    } finally {
      await redis.resume();
    }
    await waitUntil(() => desk.texts.has('while Redis hangs'), 10_000, 'the message written while Redis hung on the other desk');
    await waitUntil(() => desk.resyncs() > resyncsBefore, 10_000, 'a resync once Redis answers again');
  }, 40_000);
});
