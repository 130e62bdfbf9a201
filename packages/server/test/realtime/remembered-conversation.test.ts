import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { type VisitorSessionOf, visitorsOf } from '../helpers/visitors.js';

/*
 * A visitor socket remembers its open conversation (from `ready`, then from each send) and appends there without
 * reading which conversation is open; once that one is closed, moved to another profile or erased, a send finds the
 * open one (or starts one) as if nothing were remembered.
 */
describe.each(DIALECTS)('a visitor socket’s remembered open conversation on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let projectId: string;
  const sockets: RealtimeClient[] = [];
  const { anonymous, signIn } = visitorsOf(
    () => testApp,
    () => projectId,
  );

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await testApp.dispose();
  });

  const connect = async (session: VisitorSessionOf) => {
    const socket = await connectRealtime(url, session.accessToken);
    sockets.push(socket);
    await socket.next('ready');
    return socket;
  };
  let sends = 0;
  /** Sends `text` without a conversationId; answers the ack (or the error frame). */
  const send = async (socket: RealtimeClient, text: string, clientId = `c${++sends}`) => {
    socket.send({ type: 'send', clientId, text });
    return Promise.race([socket.next('ack'), socket.next('error')]);
  };
  /** Counts the reads of a profile's open conversation while `work` runs. */
  const openReads = async (work: () => Promise<unknown>) => {
    const { conversations } = testApp.services;
    const openOf = conversations.openOf;
    let reads = 0;
    conversations.openOf = (profileId) => {
      reads++;
      return openOf.call(conversations, profileId);
    };
    try {
      await work();
    } finally {
      conversations.openOf = openOf;
    }
    return reads;
  };
  const texts = async (conversationId: string) =>
    (await testApp.services.conversations.messagesAfter(conversationId, 0)).map((message) => message.text);

  it('appends the sends after the first to the conversation it started, without reading which one is open', async () => {
    const socket = await connect(await anonymous());
    const first = await send(socket, 'one');
    expect(first).toMatchObject({ type: 'ack', seq: 1 });
    const conversationId = first.type === 'ack' ? first.conversationId : '';
    const reads = await openReads(async () => {
      for (const text of ['two', 'three', 'four']) expect(await send(socket, text)).toMatchObject({ type: 'ack', conversationId });
    });
    expect(reads).toBe(0);
    expect(await texts(conversationId)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('remembers the open conversation its ready frame named', async () => {
    const visitor = await anonymous();
    const started = await send(await connect(visitor), 'before');
    const again = await connect(visitor);
    const reads = await openReads(async () => expect(await send(again, 'after')).toMatchObject({ seq: 2 }));
    expect(reads).toBe(0);
    expect(started.type === 'ack' && (await texts(started.conversationId))).toEqual(['before', 'after']);
  });

  it('starts a new conversation once the remembered one is closed, and acknowledges a resend into the closed one', async () => {
    const socket = await connect(await anonymous());
    const first = await send(socket, 'first', 'kept');
    if (first.type !== 'ack') throw new Error('not acknowledged');
    await testApp.services.conversations.closeByAgent(first.conversationId);
    // A resend of a stored message answers the stored one, in the closed conversation.
    expect(await send(socket, 'first', 'kept')).toMatchObject({ type: 'ack', conversationId: first.conversationId, seq: 1 });
    const next = await send(socket, 'after the close');
    expect(next).toMatchObject({ type: 'ack', seq: 1 });
    expect(next.type === 'ack' && next.conversationId).not.toBe(first.conversationId);
    expect(await texts(first.conversationId)).toEqual(['first', 'Conversation closed']);
    // And remembers the new one.
    const reads = await openReads(async () => expect(await send(socket, 'more')).toMatchObject({ seq: 2 }));
    expect(reads).toBe(0);
  });

  it('continues in the conversation another device of the visitor started meanwhile', async () => {
    const visitor = await anonymous();
    const [laptop, phone] = [await connect(visitor), await connect(visitor)];
    const first = await send(laptop, 'from the laptop');
    if (first.type !== 'ack') throw new Error('not acknowledged');
    expect(await send(phone, 'from the phone')).toMatchObject({ conversationId: first.conversationId });
    await testApp.services.conversations.closeByAgent(first.conversationId);
    const started = await send(phone, 'the phone starts another');
    expect(await send(laptop, 'the laptop follows')).toMatchObject({
      type: 'ack',
      conversationId: started.type === 'ack' ? started.conversationId : 'none',
      seq: 2,
    });
  });

  it('writes nothing into a conversation moved to another profile since it was remembered', async () => {
    const visitor = await anonymous();
    const socket = await connect(visitor);
    const first = await send(socket, 'anonymous');
    if (first.type !== 'ack') throw new Error('not acknowledged');
    const user = await signIn('moved-away', null);
    const { visitors, conversations } = testApp.services;
    const profile = await visitors.find(user.vuid);
    await conversations.move(first.conversationId, profile?.profileId ?? '');
    const next = await send(socket, 'still anonymous');
    expect(next).toMatchObject({ type: 'ack', seq: 1 });
    expect(next.type === 'ack' && next.conversationId).not.toBe(first.conversationId);
    expect(await texts(first.conversationId)).toEqual(['anonymous']);
  });

  it('writes nothing into the conversation a sign-in moves between reading the open one and appending', async () => {
    const visitor = await anonymous();
    // Connected before the visitor has a conversation: its ready names none, so it remembers nothing.
    const late = await connect(visitor);
    const first = await send(await connect(visitor), 'anonymous hello');
    if (first.type !== 'ack') throw new Error('not acknowledged');
    const { conversations, visitors } = testApp.services;
    const openOf = conversations.openOf;
    conversations.openOf = async (profileId) => {
      const found = await openOf.call(conversations, profileId);
      conversations.openOf = openOf;
      // The visitor signs in (another tab) just after the old socket read its open conversation: it moves to the user.
      await signIn('signed-in-meanwhile', visitor);
      return found;
    };
    late.send({ type: 'send', clientId: 'from-late', text: 'from the old anonymous socket' });
    const answer = await Promise.race([late.next('ack'), late.next('error'), late.closed]);
    conversations.openOf = openOf;
    expect((await conversations.get(first.conversationId)).profileId).toBe((await visitors.find(visitor.vuid))?.profileId);
    expect(await texts(first.conversationId)).toEqual(['anonymous hello', 'Visitor signed in as signed-in-meanwhile 🔒']);
    // Refused (the SDK sends it again without conversationId), or the socket's session ended: never acknowledged there.
    expect(answer).not.toMatchObject({ type: 'ack', conversationId: first.conversationId });
  });
});
