import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const LIMITS = {
  PARLEY_HTTP_REQUEST_TIMEOUT_MS: '1500',
  PARLEY_HTTP_HEADERS_TIMEOUT_MS: '1000',
  PARLEY_HTTP_IDLE_TIMEOUT_MS: '2000',
  PARLEY_HTTP_MAX_CONNECTIONS_PER_IP: '6',
  PARLEY_HTTP_MAX_REQUESTS_PER_IP: '3',
};

interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves with the time (ms since opening) at which the server closed the connection. */
  closed: Promise<number>;
}

function open(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let text = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - started)));
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

/** Writes `data` one byte at a time, `intervalMs` apart, until the socket closes. */
function trickle(socket: Socket, data: string, intervalMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= data.length) return clearInterval(timer);
    socket.write(data[index++] as string);
  }, intervalMs);
  socket.once('close', () => clearInterval(timer));
}

const SLOW_POST = 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n';

describe('HTTP timeouts and per-client caps (issue 13)', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', { env: LIMITS });
    const url = new URL(await testApp.app.listen({ port: 0, host: '127.0.0.1' }));
    port = Number(url.port);
  });
  afterAll(async () => {
    await testApp?.dispose();
  });

  it('closes a request whose body trickles in, after the request timeout', async () => {
    const slow = await open(port);
    slow.socket.write(SLOW_POST);
    trickle(slow.socket, `{"query":"${'x'.repeat(190)}"}`, 200);
    const closedAfter = await slow.closed;
    expect(closedAfter).toBeGreaterThan(1000);
    expect(closedAfter).toBeLessThan(4000);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses an upgrade anywhere but /realtime, so no request leaves the HTTP timeouts behind', async () => {
    // An upgrade request hands its socket to the upgrade listener: out of the server's timeouts, and
    // out of closeAllConnections at shutdown. A body trickled after it used to hold the socket forever.
    const upgraded = await open(port);
    upgraded.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    );
    trickle(upgraded.socket, `{"query":"${'x'.repeat(190)}"}`, 200);
    expect(await upgraded.closed).toBeLessThan(1000);
    expect(upgraded.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(upgraded.received()).toContain('upgrade is offered on /realtime only');

    const handshake = await open(port);
    handshake.socket.write(
      'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await handshake.closed;
    expect(handshake.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('still upgrades /realtime', async () => {
    const realtime = await open(port);
    realtime.socket.write(
      'GET /realtime HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await expect.poll(() => realtime.received()).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    realtime.socket.destroy();
  });

  it('closes a connection whose headers trickle in, after the headers timeout', async () => {
    const slow = await open(port);
    trickle(slow.socket, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n', 150);
    const closedAfter = await slow.closed;
    expect(closedAfter).toBeLessThan(3500);
  });

  it('closes a connection that sends nothing, after the idle timeout', async () => {
    const idle = await open(port);
    const closedAfter = await idle.closed;
    expect(closedAfter).toBeGreaterThan(1500);
    expect(closedAfter).toBeLessThan(4000);
  });

  it('answers 429 to requests past the per-client cap of requests in progress, and serves it again after', async () => {
    const uploads = await Promise.all([open(port), open(port), open(port)]);
    for (const upload of uploads) upload.socket.write(SLOW_POST);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    for (const upload of uploads) upload.socket.destroy();
    await Promise.all(uploads.map((upload) => upload.closed));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('refuses TCP connections past the per-address cap with a 429, and accepts them again once some close', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => open(port)));
    const extra = await open(port);
    await extra.closed;
    expect(extra.received()).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\nRetry-After: 1/);
    held[0]?.socket.destroy();
    await held[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await open(port);
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1\.1 200/);
    for (const connection of held) connection.socket.destroy();
  });
});

describe('HTTP limits configuration', () => {
  it('has defaults, and refuses a headers timeout longer than the request timeout', () => {
    expect(loadConfig({}).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      idleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 72_000,
      maxConnectionsPerIp: 256,
      maxRequestsPerIp: 64,
    });
    expect(() => loadConfig({ PARLEY_HTTP_REQUEST_TIMEOUT_MS: '5000', PARLEY_HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /PARLEY_HTTP_HEADERS_TIMEOUT_MS: must not be longer than PARLEY_HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});
