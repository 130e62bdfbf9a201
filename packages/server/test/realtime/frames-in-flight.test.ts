import type { ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ELASTIC_FACTOR, FramesInFlight } from '../../src/realtime/frames-in-flight.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { visitorsOf } from '../helpers/visitors.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('frames in flight on a node (issue 13, overload)', () => {
  let testApp: TestApp;
  let wsUrl: string;
  let projectId: string;
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );

  beforeAll(async () => {
    // A fixed bound: past it, refused however young the frames in flight (the elastic part is tested below).
    testApp = await openTestApp('sqlite', {
      env: { ...ADMIN_ENV, PARLEY_WS_MAX_FRAMES_IN_FLIGHT: '3', PARLEY_WS_MAX_FRAME_WAIT_MS: '0' },
    });
    wsUrl = `${(await testApp.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/realtime`;
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "In flight" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
  });
  afterAll(async () => {
    await testApp?.dispose();
  });

  it('refuses sends past the node-wide bound at once with RATE_LIMITED, and takes them again once handled', async () => {
    const socket = new WebSocket(wsUrl);
    const frames: ServerFrame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'auth', token: (await anonymous()).accessToken }));
    while (!frames.some((frame) => frame.type === 'ready')) await sleep(10);

    const burst = Array.from({ length: 20 }, (_, i) => JSON.stringify({ type: 'send', clientId: `c${i}`, text: `hello ${i}` }));
    for (const frame of burst) socket.send(frame);
    const answered = () => frames.filter((frame) => (frame.type === 'ack' || frame.type === 'error') && 'clientId' in frame);
    for (let waited = 0; answered().length < 20 && waited < 5000; waited += 10) await sleep(10);
    const refused = answered().filter((frame) => frame.type === 'error');
    expect(answered()).toHaveLength(20);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((frame) => frame.type === 'error' && frame.code === 'RATE_LIMITED')).toBe(true);
    expect(answered().filter((frame) => frame.type === 'ack').length).toBeGreaterThanOrEqual(3);

    socket.send(JSON.stringify({ type: 'send', clientId: 'later', text: 'once the node has room' }));
    for (let waited = 0; waited < 3000; waited += 10) {
      if (frames.some((frame) => frame.type === 'ack' && frame.clientId === 'later')) break;
      await sleep(10);
    }
    expect(frames.some((frame) => frame.type === 'ack' && frame.clientId === 'later')).toBe(true);
    socket.close();
  });
});

describe('the elastic bound on frames in flight', () => {
  const bound = (maxWaitMs: number) => {
    let clock = 1000;
    const inFlight = new FramesInFlight({ steady: 4, maxWaitMs }, () => clock);
    return { inFlight, advance: (ms: number) => (clock += ms) };
  };
  const takeAll = (inFlight: FramesInFlight, count: number) => Array.from({ length: count }, () => inFlight.take());

  it('takes frames past the steady bound while the oldest in flight is younger than the wait, up to 16 times the bound', () => {
    const { inFlight, advance } = bound(50);
    expect(takeAll(inFlight, 4).every((ticket) => ticket !== null)).toBe(true);
    advance(49);
    const burst = takeAll(inFlight, 4 * ELASTIC_FACTOR);
    expect(burst.filter((ticket) => ticket !== null)).toHaveLength(4 * ELASTIC_FACTOR - 4);
    expect(inFlight.take()).toBeNull();
  });

  it('refuses past the steady bound once the oldest has waited the wait, and takes again once it is handled', () => {
    const { inFlight, advance } = bound(50);
    const [oldest, ...rest] = takeAll(inFlight, 4);
    advance(50);
    expect(inFlight.take()).toBeNull();
    // The oldest is handled: the next oldest was taken at the same moment, so still refused…
    inFlight.release(oldest as number);
    expect(inFlight.take()).not.toBeNull();
    expect(inFlight.take()).toBeNull();
    // …until every old one is handled: then young frames are taken past the steady bound again.
    for (const ticket of rest) inFlight.release(ticket as number);
    expect(takeAll(inFlight, 8).every((ticket) => ticket !== null)).toBe(true);
  });

  it('is a fixed bound with a wait of 0', () => {
    const { inFlight } = bound(0);
    expect(takeAll(inFlight, 5).map((ticket) => ticket !== null)).toEqual([true, true, true, true, false]);
  });
});
