import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RunningServer, startServer } from '@parley/server';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ADMIN } from '../../../test/fixtures/live-server.js';
import { createParley, type MessageEvent } from '../src/index.js';
import { anonymousProvider } from './providers.js';

/**
 * A rolling restart behind a load balancer: two real nodes on one database, a load balancer that checks /readyz
 * every 100 ms and sends each new connection to the first ready node. Node A shuts down gracefully (SIGTERM's path):
 * its /readyz turns 503, the load balancer stops sending it traffic, its socket closes with 1012, and the SDK
 * reconnects at once — to node B — with the same session, resumes, and the page sees no error.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A TCP load balancer: every 100 ms it asks each node's /readyz; a new connection goes to the first node that was ready. */
async function loadBalancer(): Promise<{ url: string; add(url: string): void; close(): Promise<void> }> {
  const nodes: { url: string; ready: boolean }[] = [];
  const open = new Set<Socket>();
  const check = setInterval(() => {
    for (const node of nodes)
      fetch(`${node.url}/readyz`)
        .then((response) => {
          node.ready = response.status === 200;
        })
        .catch(() => {
          node.ready = false;
        });
  }, 100);
  const server: Server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    const node = nodes.find((candidate) => candidate.ready);
    if (!node) return client.destroy();
    const { hostname, port } = new URL(node.url);
    const upstream = netConnect({ host: hostname, port: Number(port) });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    add: (url) => {
      nodes.push({ url, ready: true });
    },
    async close() {
      clearInterval(check);
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Recorded {
  sent: Record<string, unknown>[];
  closed: { code: number; reason: string; at: number } | null;
  openedAt: number;
}

const recorded: Recorded[] = [];

/** `ws`'s WebSocket, remembering what the SDK sends on each socket and how it closed. */
class RecordedWebSocket extends WebSocket {
  private readonly record: Recorded = { sent: [], closed: null, openedAt: Date.now() };

  constructor(url: string) {
    super(url);
    recorded.push(this.record);
    this.on('close', (code, reason) => {
      this.record.closed = { code, reason: reason.toString(), at: Date.now() };
    });
  }

  override send(data: string): void {
    this.record.sent.push(JSON.parse(data) as Record<string, unknown>);
    super.send(data);
  }
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, bearer: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as { data: T; errors?: unknown };
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

/** An agent on one node: the admin bearer on a raw socket. */
async function agentOn(url: string, bearer: string) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/realtime`);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'auth', token: bearer }));
  await until(() => frames.some((frame) => frame.type === 'ready'), 'the agent ready');
  return { socket, frames };
}

describe('rolling restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
  const cleanUp: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const step of cleanUp.reverse()) await step();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startNode = async (): Promise<RunningServer> => {
    const config = loadConfig(
      {
        PARLEY_ADMIN_EMAIL: ADMIN.email,
        PARLEY_ADMIN_PASSWORD: ADMIN.password,
        PARLEY_HOST: '127.0.0.1',
        PARLEY_AUTH_RATE_LIMIT: '100000',
        PARLEY_SHUTDOWN_DRAIN_MS: '500',
        PARLEY_SHUTDOWN_TIMEOUT_MS: '5000',
      },
      { port: '0', dataDir },
    );
    const node = await startServer(config, { logger: false });
    let closed = false;
    const close = node.close.bind(node);
    node.close = () => {
      closed = true;
      return close();
    };
    cleanUp.push(() => (closed ? undefined : node.close()));
    return node;
  };

  it('moves a connected visitor to another node at once: same session, resumed, no error, later messages once', async () => {
    const lb = await loadBalancer();
    cleanUp.push(() => lb.close());
    const nodeA = await startNode();
    lb.add(nodeA.url);

    const grant = await fetch(`${nodeA.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password }),
    });
    const admin = ((await grant.json()) as { access_token: string }).access_token;
    const created = await gql<{ projectCreate: { project: { id: string } } }>(
      nodeA.url,
      'mutation { projectCreate(input: { name: "Shop" }) { project { id } } }',
      {},
      admin,
    );

    const delays: number[] = [];
    const warnings: string[] = [];
    const statuses: unknown[] = [];
    const conversationIds: unknown[] = [];
    const messages: MessageEvent[] = [];
    const parley = createParley({
      projectId: created.projectCreate.project.id,
      serverUrl: lb.url,
      WebSocket: RecordedWebSocket,
      backoff: async () => {},
      reconnectDelay: async (attempt) => {
        delays.push(attempt);
      },
      warn: (message) => warnings.push(message),
    });
    parley.on('visitor:authenticationStatusChange', (status) => statuses.push(status));
    parley.on('conversation:idChange', (id) => conversationIds.push(id));
    parley.on('message', (event) => messages.push(event as MessageEvent));
    expect((await parley.activate(anonymousProvider)).authentication.status).toBe('authentication-success');
    const first = await parley.sendMessage('before the restart');
    expect(first.seq).toBe(1);
    await until(() => messages.length === 1, 'the first message event');

    // Node B joins; an agent on it writes while the visitor is still on node A (the nodes share no event bus here:
    // the visitor gets it only by resuming on B).
    const nodeB = await startNode();
    lb.add(nodeB.url);
    cleanUp.push(() => parley.logout());
    const agent = await agentOn(nodeB.url, admin);
    cleanUp.push(() => agent.socket.close());
    agent.socket.send(
      JSON.stringify({ type: 'send', clientId: 'agent-1', text: 'written on node B', conversationId: first.conversationId }),
    );
    await until(() => agent.frames.some((frame) => frame.type === 'ack'), 'the agent ack');

    // SIGTERM on node A.
    await nodeA.close();
    await until(() => messages.length === 2, 'the message written on node B, replayed on resume');
    const second = await parley.sendMessage('after the restart');
    expect(second).toMatchObject({ conversationId: first.conversationId, seq: 3 });
    await until(() => messages.length === 3, 'the last message event');
    await until(
      () => agent.frames.some((frame) => frame.type === 'message' && (frame.message as { seq: number }).seq === 3),
      'the agent to receive the last message',
    );
    await sleep(100);

    // One reconnection, at once, with the same session, resuming from the last seq seen.
    expect(recorded).toHaveLength(2);
    const [onA, onB] = recorded as [Recorded, Recorded];
    expect(onA.closed).toMatchObject({ code: 1012, reason: 'SERVICE_RESTART' });
    expect(onB.openedAt - (onA.closed?.at ?? 0)).toBeLessThan(200);
    const auth = (socket: Recorded) => socket.sent.filter((frame) => frame.type === 'auth');
    expect(auth(onB)).toEqual(auth(onA));
    expect(onB.sent.filter((frame) => frame.type === 'resume')).toEqual([
      { type: 'resume', conversationId: first.conversationId, afterSeq: 1 },
    ]);
    // Nothing surfaced to the page: no backoff, no warning, the session and the conversation kept throughout.
    expect(delays).toEqual([]);
    expect(warnings).toEqual([]);
    expect(statuses).toEqual(['ANONYMOUS']);
    expect(conversationIds).toEqual([first.conversationId]);
    // Every message once, in order, on the page and for the agent.
    expect(messages.map((event) => [event.message.seq, event.message.text])).toEqual([
      [1, 'before the restart'],
      [2, 'written on node B'],
      [3, 'after the restart'],
    ]);
    expect(agent.frames.filter((frame) => frame.type === 'message').map((frame) => (frame.message as { text: string }).text)).toEqual([
      'written on node B',
      'after the restart',
    ]);
  }, 30_000);
});
