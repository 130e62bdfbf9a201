import type { Socket } from 'node:net';
import type { ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { visitorsOf } from '../helpers/visitors.js';

/** Issue 13, finding 2: 800 messages of 4,900 characters, and a visitor that stops reading its socket. */
const MESSAGES = 800;
const TEXT = 'x'.repeat(4900);
/** PARLEY_WS_MAX_BUFFERED_BYTES' default. */
const BOUND = 1_048_576;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until no frame has arrived for half a second. */
async function settled(frames: readonly unknown[]): Promise<void> {
  for (let count = -1; count !== frames.length; ) {
    count = frames.length;
    await sleep(500);
  }
}
/** An agent's message of TEXT, stored (and relayed to the visitor's sockets) without a socket's frame limits. */
const agentLine = (clientId: string) => ({
  authorKind: 'agent' as const,
  authorId: 'op',
  clientId,
  text: TEXT,
  verified: false,
  brandKeyId: null,
});

/** A raw client that can stop reading: its TCP stream is paused, as a frozen tab's or an attacker's. */
async function rawClient(url: string, token: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/realtime`);
  const frames: ServerFrame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'auth', token }));
  while (!frames.some((frame) => frame.type === 'ready')) await sleep(10);
  const stream = (socket as unknown as { _socket: Socket })._socket;
  return {
    socket,
    frames,
    closed,
    stopReading: () => stream.pause(),
    startReading: () => stream.resume(),
    send: (frame: Record<string, unknown>) => socket.send(JSON.stringify(frame)),
  };
}

describe('realtime backpressure', () => {
  let testApp: TestApp;
  let url: string;
  let projectId: string;
  let token: string;
  let conversationId: string;
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );

  /** The server's side of each upgraded socket: its `writableLength` is what the server holds for the client. */
  const upgraded: Socket[] = [];

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    testApp.app.server.on('upgrade', (_request, socket: Socket) => upgraded.push(socket));
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Backpressure" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
    token = (await anonymous()).accessToken;
    const writer = await connectRealtime(url, token);
    await writer.next('ready');
    writer.send({ type: 'send', clientId: 'first', text: TEXT });
    ({ conversationId } = await writer.next('ack'));
    writer.close();
    const { conversations } = testApp.services;
    for (let i = 2; i <= MESSAGES; i++) await conversations.append(conversationId, agentLine(`seed-${i}`));
  }, 60_000);
  afterAll(() => testApp.dispose());

  it('keeps the send buffer of a socket that stops reading bounded however many resumes it sends, then replays all once it reads', async () => {
    const client = await rawClient(url, token);
    const server = upgraded.at(-1) as Socket;
    client.stopReading();
    for (let i = 0; i < 150; i++) client.send({ type: 'resume', conversationId, afterSeq: 0 });
    let most = 0;
    for (let sample = 0; sample < 100; sample++) {
      most = Math.max(most, server.writableLength);
      // Before the fix every resume queued the whole history at once: tens of MB within a few samples.
      if (most > BOUND) break;
      await sleep(20);
    }
    expect(most).toBeLessThanOrEqual(BOUND);

    client.startReading();
    await settled(client.frames);
    // A resume stops the replay of its conversation running ahead of it, and skips those waiting behind it.
    // Of 150 resumes, those that came together were answered once (2 replays in all here: 1,600 messages).
    const resumed = client.frames.filter((frame) => frame.type === 'resumed');
    expect(resumed.length).toBeGreaterThan(0);
    for (const frame of resumed) expect(frame).toEqual({ type: 'resumed', conversationId, lastSeq: MESSAGES });
    const messages = client.frames.flatMap((frame) => (frame.type === 'message' ? [frame.message.seq] : []));
    expect(messages.length).toBeLessThan(10 * MESSAGES);
    const seqs = new Set(messages);
    expect(seqs.size).toBe(MESSAGES);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
  }, 30_000);

  it('closes a socket whose buffer passes the bound with live messages with 4413 SLOW_CONSUMER, queueing nothing more', async () => {
    const client = await rawClient(url, token);
    const server = upgraded.at(-1) as Socket;
    client.stopReading();
    // The replay fills the network's buffers, then waits at a quarter of the bound; live messages do not wait.
    client.send({ type: 'resume', conversationId, afterSeq: 0 });
    const { conversations } = testApp.services;
    let most = 0;
    // 6 MB: more than the replay left room for in the kernel's buffers and the bound together.
    const LIVE = 1200;
    for (let i = 0; i < LIVE; i++) {
      await conversations.append(conversationId, agentLine(`live-${i}`));
      await sleep(0);
      most = Math.max(most, server.writableLength);
    }
    // The bound, plus the close frame queued behind it.
    expect(most).toBeLessThanOrEqual(BOUND + 200);
    client.startReading();
    expect(await client.closed).toEqual({ code: 4413, reason: 'SLOW_CONSUMER' });
    const live = client.frames.filter((frame) => frame.type === 'message' && frame.message.clientId?.startsWith('live-'));
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThan(LIVE);
  }, 60_000);

  it("does not let sockets that stop reading take the node's frames in flight from those that read", async () => {
    // The node takes 256 frames at most (64 steady × 4, the defaults on two cores); each socket queues 32. Eight
    // sockets, each with a replay waiting on it and 31 frames behind, held every one of them: every other socket's
    // send was refused with RATE_LIMITED for as long as they did not read.
    // A history the network's buffers cannot take whole (6 MB more), so that each replay waits on its client.
    for (let i = 0; i < 1200; i++) await testApp.services.conversations.append(conversationId, agentLine(`more-${i}`));
    const stalled = await Promise.all(Array.from({ length: 8 }, () => rawClient(url, token)));
    for (const client of stalled) {
      client.stopReading();
      client.send({ type: 'resume', conversationId, afterSeq: 0 });
      for (let i = 0; i < 31; i++) client.send({ type: 'read', conversationId, seq: 1 });
    }
    try {
      await sleep(1000);
      // Each replay waits on its client: the server holds more than the low-water mark at which replays wait.
      for (const socket of upgraded.slice(-8)) expect(socket.writableLength).toBeGreaterThan(BOUND / 4);
      // Before the fix, another socket's auth frame was refused too: it never got `ready`.
      const reader = await connectRealtime(url, (await anonymous()).accessToken);
      await reader.next('ready');
      reader.send({ type: 'send', clientId: 'while-others-stall', text: 'Hello' });
      await expect.poll(() => reader.frames.map((frame) => frame.type)).toContain('ack');
      expect(reader.frames.filter((frame) => frame.type === 'error')).toEqual([]);
      reader.close();
    } finally {
      for (const client of stalled) client.socket.terminate();
    }
  }, 30_000);
});
