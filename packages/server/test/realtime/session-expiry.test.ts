import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';

const ANONYMOUSLY =
  'mutation($p: ID!, $v: String) { visitorAuthenticateAnonymously(input: { projectId: $p, vuid: $v }) { vuid visitorSessionToken { accessToken } } }';

describe('session expiry on the realtime channel', () => {
  let testApp: TestApp;
  let url: string;
  let projectId: string;
  let clock = Date.parse('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', { env: ADMIN_ENV, now: () => new Date(clock) });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Expiry" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
  });
  afterAll(() => testApp.dispose());

  it('closes the socket with 1000 VISITOR_SESSION_EXPIRED when the session ends, and a message resent after re-activation is stored once', async () => {
    const first = (
      await gqlOk<{ visitorAuthenticateAnonymously: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
        testApp.app,
        ANONYMOUSLY,
        { p: projectId },
      )
    ).visitorAuthenticateAnonymously;
    const socket = await connectRealtime(url, first.visitorSessionToken.accessToken);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: 'before-expiry', text: 'sent just before the session ended' });
    const ack = await socket.next('ack');
    socket.close();

    // Connect 300 ms before the session's end: the server closes the socket when it ends.
    clock += 3_600_000 - 300;
    const late = await connectRealtime(url, first.visitorSessionToken.accessToken);
    await late.next('ready');
    const started = Date.now();
    expect(await late.closed).toEqual({ code: 1000, reason: 'VISITOR_SESSION_EXPIRED' });
    expect(Date.now() - started).toBeLessThan(1500);
    clock += 300;

    // The SDK re-activates (the expired token proves the vuid) and resends what had no ack.
    const again = (
      await gqlOk<{ visitorAuthenticateAnonymously: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
        testApp.app,
        ANONYMOUSLY,
        { p: projectId, v: first.vuid },
        first.visitorSessionToken.accessToken,
      )
    ).visitorAuthenticateAnonymously;
    expect(again.vuid).toBe(first.vuid);
    const resumed = await connectRealtime(url, again.visitorSessionToken.accessToken);
    expect(await resumed.next('ready')).toMatchObject({ conversationId: ack.conversationId });
    resumed.send({ type: 'send', clientId: 'before-expiry', text: 'sent just before the session ended' });
    expect(await resumed.next('ack')).toMatchObject({ messageId: ack.messageId, seq: ack.seq });
    resumed.send({ type: 'typing', conversationId: ack.conversationId, typing: true });
    expect(await resumed.next('typing')).toMatchObject({
      conversationId: ack.conversationId,
      typing: true,
      author: { kind: 'visitor', id: first.vuid },
    });
    resumed.close();
    expect(await testApp.services.conversations.messagesAfter(ack.conversationId, 0)).toHaveLength(1);
  });
});
