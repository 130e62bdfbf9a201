import type { ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FrameIntake } from '../../src/realtime/frame-intake.js';
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

  it('takes frames past the steady bound while the oldest in flight is younger than the wait, up to 4 times the bound', () => {
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

  it('does not age the frames parked while they wait on their client, and ages them again from their unparking', () => {
    const { inFlight, advance } = bound(50);
    const slow = takeAll(inFlight, 4) as number[];
    advance(1000);
    expect(inFlight.take()).toBeNull();
    for (const ticket of slow) inFlight.park(ticket);
    // Counted apart: none waits on the node, so a burst is taken.
    const burst = takeAll(inFlight, 4);
    expect(burst.every((ticket) => ticket !== null)).toBe(true);
    for (const ticket of slow) inFlight.unpark(ticket);
    for (const ticket of burst) inFlight.release(ticket as number);
    expect(inFlight.take()).not.toBeNull();
    advance(50);
    expect(inFlight.take()).toBeNull();
  });

  it('bounds the parked frames apart: when they reach their bound, the frames of sockets that read are still taken', () => {
    const { inFlight } = bound(50);
    const parked = Array.from({ length: 4 * ELASTIC_FACTOR }, () => inFlight.take(true));
    expect(parked.every((ticket) => ticket !== null)).toBe(true);
    expect(inFlight.take(true)).toBeNull();
    expect(takeAll(inFlight, 4 * ELASTIC_FACTOR).every((ticket) => ticket !== null)).toBe(true);
    expect(inFlight.take()).toBeNull();
    // A parked frame handled makes room for one more of a socket waiting on its client.
    inFlight.release(parked[0] as number);
    expect(inFlight.take(true)).not.toBeNull();
  });

  it('keeps one slow-reading socket from closing the elastic part for every other socket', () => {
    let clock = 0;
    const inFlight = new FramesInFlight({ steady: 4, maxWaitMs: 50 }, () => clock);
    const socket = (handle: (intake: FrameIntake) => Promise<void>) => {
      const counts = { refused: 0 };
      const intake: FrameIntake = new FrameIntake(inFlight, {
        admitted: () => {},
        handle: () => handle(intake),
        refused: () => counts.refused++,
        failed: () => {},
      });
      return {
        counts,
        send: (n: number) => Array.from({ length: n }, () => intake.arrived('{"type":"read","conversationId":"c","seq":1}')),
      };
    };
    // A resume replaying to a client that does not read, with two more frames queued behind it.
    const slow = socket((intake) => intake.whileWaitingOnClient(new Promise<void>(() => {})));
    slow.send(3);
    // Its first frame's turn comes (the intake starts each frame on a turn of its own) and waits on the client.
    return sleep(20).then(() => {
      clock += 1000;
      const quick = Array.from({ length: 3 }, () => socket(async () => {}));
      for (const other of quick) other.send(4);
      expect(quick.map((other) => other.counts.refused)).toEqual([0, 0, 0]);
    });
  });

  it('is a fixed bound with a wait of 0', () => {
    const { inFlight } = bound(0);
    expect(takeAll(inFlight, 5).map((ticket) => ticket !== null)).toEqual([true, true, true, true, false]);
  });
});
