import type { Socket } from 'node:net';
import { MAX_FRAME_BYTES } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { openTestStore, type TestStore } from '../helpers/stores.js';

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A client socket, its close code and reason once closed. */
async function open(url: string) {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, closed, raw: (socket as unknown as { _socket: Socket })._socket };
}

/** A masked text frame (mask 0) of `payload`, written as is: what a hostile client can send and ws would never. */
const textFrame = (payload: Buffer) => Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);

describe('hostile frames and first frames (issue 13)', () => {
  let testStore: TestStore;
  let services: Services;
  let app: FastifyInstance;
  let url: string;
  const written: string[] = [];
  const lines = () => written.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    testStore = await openTestStore('sqlite');
    const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://parley.test' });
    services = await createServices({ config, store: testStore.store, passwordCost: 2 ** 10 });
    app = await buildApp(config, services, { logger: { stream: { write: (line: string) => written.push(line) } } });
    url = `${(await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/realtime`;
  });
  afterAll(async () => {
    await app.close();
    await services.close();
    await testStore.dispose();
  });

  it('closes a frame of invalid UTF-8 with 1007 and one oversized with 1009, each logged once at info level without a stack', async () => {
    written.length = 0;
    const invalid = await open(url);
    // Two bad frames in one write: the socket is closed at the first, and logged once.
    invalid.raw.write(Buffer.concat([textFrame(Buffer.from([0xff, 0xfe])), textFrame(Buffer.from([0xc3, 0x28]))]));
    expect(await invalid.closed).toEqual({ code: 1007, reason: '' });
    const big = await open(url);
    big.socket.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await big.closed).toEqual({ code: 1009, reason: '' });

    const logged = lines().filter((line) => line.level !== 'info' || String(line.code).startsWith('WS_ERR_'));
    // Before: an `error` line with the stack of ws' receiver for each one.
    expect(logged.map((line) => [line.level, line.code])).toEqual([
      ['info', 'WS_ERR_INVALID_UTF8'],
      ['info', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'],
    ]);
    expect(written.join('\n')).not.toMatch(/stack|receiver\.js/);
  });

  it('answers an auth token of neither kind 4401, a bad visitor token 1000, and a first frame that is not auth 4400', async () => {
    const closeOf = async (frame: string) => {
      const client = await open(url);
      client.socket.send(frame);
      return client.closed;
    };
    // Before: 1000 VISITOR_SESSION_EXPIRED, which sends the SDK to re-activate as if a session had ended.
    expect(await closeOf(JSON.stringify({ type: 'auth', token: 'not-a-token' }))).toEqual({ code: 4401, reason: 'UNAUTHENTICATED' });
    expect(await closeOf(JSON.stringify({ type: 'auth', token: 'a.b.c.d.e' }))).toEqual({ code: 4401, reason: 'UNAUTHENTICATED' });
    expect(await closeOf(JSON.stringify({ type: 'auth', token: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }))).toEqual({
      code: 1000,
      reason: 'VISITOR_SESSION_EXPIRED',
    });
    expect(await closeOf(JSON.stringify({ type: 'auth', token: 'prl_op_forged' }))).toEqual({ code: 4401, reason: 'UNAUTHENTICATED' });
    expect(await closeOf(JSON.stringify({ type: 'ping' }))).toEqual({ code: 4400, reason: 'PROTOCOL_ERROR' });
    expect(await closeOf(JSON.stringify({ type: 'auth' }))).toEqual({ code: 4400, reason: 'PROTOCOL_ERROR' });
    expect(await closeOf('not json')).toEqual({ code: 4400, reason: 'PROTOCOL_ERROR' });
  });
});
