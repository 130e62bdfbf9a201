import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { visitorsOf } from '../helpers/visitors.js';

describe.each(DIALECTS)('realtime gateway on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  let otherProjectId: string;
  const clients: RealtimeClient[] = [];

  const { anonymous, signIn } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  const connect = async (token: string) => {
    const client = await connectRealtime(url, token);
    clients.push(client);
    return client;
  };
  const agentOf = async (email: string, project: string) => {
    const created = await gqlOk<{ operatorCreate: { operator: { id: string } } }>(
      testApp.app,
      'mutation($e: String!) { operatorCreate(input: { email: $e, password: "agent password 1", role: AGENT }) { operator { id } } }',
      { e: email },
      admin,
    );
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
      { p: project, o: created.operatorCreate.operator.id },
      admin,
    );
    return passwordGrant(testApp.app, email, 'agent password 1');
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
    ({ projectId: otherProjectId } = await securedProject(testApp.app, admin, 'Other shop'));
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await testApp.dispose();
  });

  it('shows one history to two devices of one user, live and on resume', async () => {
    const laptop = await connect((await signIn('dana')).accessToken);
    const phoneSession = await signIn('dana');
    const phone = await connect(phoneSession.accessToken);
    expect(await laptop.next('ready')).toMatchObject({ role: 'visitor', authenticated: true, userId: 'dana', conversationId: null });
    await phone.next('ready');
    laptop.send({ type: 'send', clientId: 'm1', text: 'hello from the laptop' });
    const ack = await laptop.next('ack');
    expect(ack).toMatchObject({ clientId: 'm1', seq: 1 });
    const live = await phone.next('message');
    expect(live).toMatchObject({ conversationId: ack.conversationId, message: { text: 'hello from the laptop', verified: true, seq: 1 } });
    const later = await connect((await signIn('dana')).accessToken);
    expect(await later.next('ready')).toMatchObject({ conversationId: ack.conversationId });
    later.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    expect((await later.next('message')).message.text).toBe('hello from the laptop');
    expect(await later.next('resumed')).toMatchObject({ lastSeq: 1 });
  });

  it('stores a resent client id once, across reconnections and re-verification, and acks it again', async () => {
    const first = await signIn('erin');
    const socket = await connect(first.accessToken);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: 'retry-1', text: 'only once' });
    const ack = await socket.next('ack');
    socket.close();
    const again = await signIn('erin', first);
    expect(again.vuid).toBe(first.vuid);
    const resumed = await connect(again.accessToken);
    await resumed.next('ready');
    resumed.send({ type: 'send', clientId: 'retry-1', text: 'only once' });
    expect(await resumed.next('ack')).toMatchObject({ messageId: ack.messageId, seq: ack.seq });
    const stored = await testApp.services.conversations.messagesAfter(ack.conversationId, 0);
    expect(stored.filter((message) => message.clientId === 'retry-1')).toHaveLength(1);
  });

  it("keeps a visitor out of another visitor's conversation", async () => {
    const owner = await connect((await anonymous()).accessToken);
    await owner.next('ready');
    owner.send({ type: 'send', clientId: 'secret', text: 'my address is …' });
    const { conversationId } = await owner.next('ack');
    const intruder = await connect((await anonymous()).accessToken);
    await intruder.next('ready');
    intruder.send({ type: 'send', clientId: 'x', text: 'hi', conversationId });
    expect(await intruder.next('error')).toMatchObject({ code: 'NOT_FOUND', clientId: 'x' });
    intruder.send({ type: 'resume', conversationId, afterSeq: 0 });
    expect(await intruder.next('error')).toMatchObject({ code: 'NOT_FOUND' });
    owner.send({ type: 'send', clientId: 'secret-2', text: 'and my phone' });
    await owner.next('ack');
    expect(intruder.frames.some((frame) => frame.type === 'message')).toBe(false);
  });

  it("keeps an agent out of another project's conversations", async () => {
    const mine = await connect(await agentOf('agent-a@example.com', projectId));
    const theirs = await connect(await agentOf('agent-b@example.com', otherProjectId));
    await mine.next('ready');
    await theirs.next('ready');
    const visitor = await connect((await anonymous()).accessToken);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'v1', text: 'can someone help?' });
    const { conversationId } = await visitor.next('ack');
    expect((await mine.next('message')).message.text).toBe('can someone help?');
    mine.send({ type: 'send', clientId: 'a1', text: 'sure!', conversationId });
    await mine.next('ack');
    // The visitor's own message comes back to it first (its other tabs see it the same way).
    expect((await visitor.next('message')).message).toMatchObject({ text: 'can someone help?', author: { kind: 'visitor' } });
    expect((await visitor.next('message')).message).toMatchObject({ text: 'sure!', author: { kind: 'agent' } });
    theirs.send({ type: 'send', clientId: 'b1', text: 'hello?', conversationId });
    expect(await theirs.next('error')).toMatchObject({ code: 'NOT_FOUND' });
    expect(theirs.frames.some((frame) => frame.type === 'message')).toBe(false);
  });

  it('serves a burst, then drops a flood: every frame counts, malformed ones too, and only sends are answered RATE_LIMITED', async () => {
    const settle = async (socket: RealtimeClient) => {
      let count = -1;
      while (socket.frames.length !== count) {
        count = socket.frames.length;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    const pings = await connect((await anonymous()).accessToken);
    await pings.next('ready');
    for (let i = 0; i < 2000; i++) pings.send({ type: 'ping' });
    await settle(pings);
    expect(pings.frames.filter((frame) => frame.type === 'pong').length).toBeLessThanOrEqual(320);
    expect(pings.frames.filter((frame) => frame.type === 'error')).toEqual([]);

    // Issue 12, point 9: a malformed frame used to be answered before the bucket was looked at (2,000 frames, 2,000 answers).
    const garbage = await connect((await anonymous()).accessToken);
    await garbage.next('ready');
    for (let i = 0; i < 2000; i++) garbage.send({ type: 'nonsense', n: i });
    await settle(garbage);
    expect(garbage.frames.length).toBeLessThanOrEqual(321);

    const sends = await connect((await anonymous()).accessToken);
    await sends.next('ready');
    for (let i = 0; i < 320; i++) sends.send({ type: 'send', clientId: `flood-${i}`, text: `message ${i}` });
    const refused = await sends.next('error', 10_000);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', clientId: expect.stringMatching(/^flood-/) });
  }, 30_000);

  it('cuts a logged-out session at once and refuses bad first frames', async () => {
    const session = await signIn('frank');
    const socket = await connect(session.accessToken);
    await socket.next('ready');
    const started = Date.now();
    await gqlOk(testApp.app, 'mutation { visitorLogout { loggedOut } }', {}, session.accessToken);
    expect(await socket.closed).toEqual({ code: 1000, reason: 'VISITOR_SESSION_EXPIRED' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await (await connect(session.accessToken)).closed).toEqual({ code: 1000, reason: 'VISITOR_SESSION_EXPIRED' });
    expect(await (await connect('prl_op_forged')).closed).toEqual({ code: 4401, reason: 'UNAUTHENTICATED' });
    const noAuth = await connectRealtime(url, null);
    noAuth.send({ type: 'ping' });
    expect(await noAuth.closed).toEqual({ code: 4400, reason: 'PROTOCOL_ERROR' });
  });
});
