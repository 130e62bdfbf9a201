import { availableParallelism } from 'node:os';
import type { ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { visitorsOf } from '../helpers/visitors.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Upgrade {
  /** 101 when the socket opened, else the HTTP status of the refusal. */
  status: number;
  retryAfter: string | undefined;
  socket: WebSocket;
  frames: ServerFrame[];
  closed: Promise<{ code: number; reason: string }>;
}

describe('realtime socket limits', () => {
  let testApp: TestApp;
  let wsUrl: string;
  let projectId: string;
  let admin: string;
  const sockets: WebSocket[] = [];
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );

  /** A WebSocket from `ip`, as the trusted proxy in front of the server reports it. */
  const upgrade = (ip: string) =>
    new Promise<Upgrade>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { headers: { 'x-forwarded-for': ip } });
      sockets.push(socket);
      const frames: ServerFrame[] = [];
      socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
      const closed = new Promise<{ code: number; reason: string }>((done) =>
        socket.on('close', (code, reason) => done({ code, reason: reason.toString() })),
      );
      socket.once('open', () => resolve({ status: 101, retryAfter: undefined, socket, frames, closed }));
      socket.once('unexpected-response', (request, response) => {
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], socket, frames, closed });
        request.destroy();
      });
      socket.once('error', reject);
    });

  const authenticate = async (opened: Upgrade, token: string) => {
    opened.socket.send(JSON.stringify({ type: 'auth', token }));
    for (let waited = 0; waited < 3000; waited += 10) {
      if (opened.frames.some((frame) => frame.type === 'ready')) return;
      await sleep(10);
    }
    throw new Error(`no ready frame; got ${JSON.stringify(opened.frames)}`);
  };

  /** The server counts a socket until its TCP connection is closed: retry the upgrade for a moment. */
  const upgradeOnceFreed = async (ip: string) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const opened = await upgrade(ip);
      if (opened.status === 101) return opened;
      await sleep(20);
    }
    throw new Error(`${ip} stayed refused`);
  };

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', {
      env: {
        ...ADMIN_ENV,
        PARLEY_TRUST_PROXY: '1',
        PARLEY_WS_MAX_PER_IP: '4',
        PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: '2',
        PARLEY_WS_MAX_PER_SESSION: '2',
      },
      realtime: { authTimeoutMs: 1000 },
    });
    const url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    wsUrl = `${url.replace(/^http/, 'ws')}/realtime`;
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Limits" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await testApp.dispose();
  });

  it('answers the upgrade 429 with Retry-After past 2 unauthenticated sockets of one IP; one that authenticates frees its place', async () => {
    const first = await upgrade('203.0.113.1');
    expect((await upgrade('203.0.113.1')).status).toBe(101);
    expect(await upgrade('203.0.113.1')).toMatchObject({ status: 429, retryAfter: '5' });
    expect((await upgrade('203.0.113.2')).status).toBe(101);
    await authenticate(first, (await anonymous()).accessToken);
    expect((await upgrade('203.0.113.1')).status).toBe(101);
  });

  it('answers the upgrade 429 past 4 open sockets of one IP, until one of them closes', async () => {
    const open: Upgrade[] = [];
    for (const token of [(await anonymous()).accessToken, (await anonymous()).accessToken]) {
      for (let i = 0; i < 2; i++) {
        const opened = await upgrade('203.0.113.3');
        await authenticate(opened, token);
        open.push(opened);
      }
    }
    expect(await upgrade('203.0.113.3')).toMatchObject({ status: 429, retryAfter: '5' });
    open[0]?.socket.close();
    expect((await upgradeOnceFreed('203.0.113.3')).status).toBe(101);
  });

  it('closes the third socket of one visitor session, or of one operator bearer, with 4429 TOO_MANY_CONNECTIONS', async () => {
    const { accessToken } = await anonymous();
    const first = await upgrade('203.0.113.4');
    await authenticate(first, accessToken);
    await authenticate(await upgrade('203.0.113.4'), accessToken);
    const third = await upgrade('203.0.113.4');
    third.socket.send(JSON.stringify({ type: 'auth', token: accessToken }));
    expect(await third.closed).toEqual({ code: 4429, reason: 'TOO_MANY_CONNECTIONS' });
    first.socket.close();
    await first.closed;
    await authenticate(await upgradeOnceFreed('203.0.113.4'), accessToken);

    await authenticate(await upgrade('203.0.113.5'), admin);
    await authenticate(await upgrade('203.0.113.5'), admin);
    const operatorThird = await upgrade('203.0.113.5');
    operatorThird.socket.send(JSON.stringify({ type: 'auth', token: admin }));
    expect(await operatorThird.closed).toEqual({ code: 4429, reason: 'TOO_MANY_CONNECTIONS' });
  });

  it('closes a socket that does not authenticate in time with 4408 AUTH_TIMEOUT, and frees its place', async () => {
    const silent = [await upgrade('203.0.113.6'), await upgrade('203.0.113.6')];
    expect((await upgrade('203.0.113.6')).status).toBe(429);
    for (const opened of silent) expect(await opened.closed).toEqual({ code: 4408, reason: 'AUTH_TIMEOUT' });
    expect((await upgradeOnceFreed('203.0.113.6')).status).toBe(101);
  });
});

describe('realtime settings', () => {
  it('has defaults, and refuses a send buffer bound under 256 KiB', () => {
    expect(loadConfig({}).realtime).toEqual({
      maxPerIp: 200,
      maxUnauthenticatedPerIp: 20,
      maxPerSession: 20,
      maxBufferedBytes: 1_048_576,
      maxFramesInFlight: 32 * availableParallelism(),
      maxFrameWaitMs: 50,
      messagesPerSecond: 10,
    });
    expect(() => loadConfig({ PARLEY_WS_MAX_FRAME_WAIT_MS: '-1' })).toThrow(/PARLEY_WS_MAX_FRAME_WAIT_MS/);
    expect(() => loadConfig({ PARLEY_WS_MAX_BUFFERED_BYTES: '65536' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_WS_MESSAGES_PER_SECOND: '0' })).toThrow(/PARLEY_WS_MESSAGES_PER_SECOND/);
    expect(() => loadConfig({ PARLEY_WS_MAX_PER_SESSION: '0' })).toThrow(/PARLEY_WS_MAX_PER_SESSION/);
  });
});
