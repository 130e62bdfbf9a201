import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const CONVERSATIONS = /* GraphQL */ `
  query($p: ID!, $s: ConversationStatus) {
    project(id: $p) {
      conversations(status: $s) {
        totalCount
        edges { node { id status assignedOperatorId visitor { authenticated userId visitorData { firstName } extId } messages(last: 10) { totalCount edges { node { seq text verified brandKeyId author { kind id } } } } } }
      }
    }
  }`;

describe.each(DIALECTS)('conversations in the operator API on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let agent: string;
  let agentId: string;
  let projectId: string;
  let brandKeyId: string;

  const session = async (data: Record<string, { visitorSessionToken: { accessToken: string } }>) =>
    (Object.values(data)[0] as { visitorSessionToken: { accessToken: string } }).visitorSessionToken.accessToken;
  const say = async (token: string, text: string) => {
    const socket = await connectRealtime(url, token);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: text.replace(/\W/g, '-'), text });
    const ack = await socket.next('ack');
    socket.close();
    return ack.conversationId;
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId, brandKeyId } = await securedProject(testApp.app, admin, 'Desk'));
    const created = await gqlOk<{ operatorCreate: { operator: { id: string } } }>(
      testApp.app,
      'mutation { operatorCreate(input: { email: "desk@example.com", password: "agent password 1", role: AGENT }) { operator { id } } }',
      {},
      admin,
    );
    agentId = created.operatorCreate.operator.id;
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
      { p: projectId, o: agentId },
      admin,
    );
    agent = await passwordGrant(testApp.app, 'desk@example.com', 'agent password 1');
  });
  afterAll(() => testApp.dispose());

  it('shows the padlock: verified userId, visitorData and per-message verification; extId only as unverified', async () => {
    const credentials = await brandCredentials(testApp.services, { userId: 'grace', visitorData: { firstName: 'Grace' } });
    const secured = await session(
      await gqlOk(
        testApp.app,
        'mutation($p: ID!, $c: String!) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { visitorSessionToken { accessToken } } }',
        {
          p: projectId,
          c: credentials,
        },
      ),
    );
    await say(secured, 'I am signed in');
    const ignored = await gqlOk<{ visitorSetExtId: { accepted: boolean } }>(
      testApp.app,
      'mutation { visitorSetExtId(input: { extId: "crm-1" }) { accepted } }',
      {},
      secured,
    );
    expect(ignored.visitorSetExtId.accepted).toBe(false);
    const anonymous = await session(
      await gqlOk(
        testApp.app,
        'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
        { p: projectId },
      ),
    );
    await gqlOk(testApp.app, 'mutation { visitorSetExtId(input: { extId: "crm-2" }) { accepted } }', {}, anonymous);
    await say(anonymous, 'just browsing');

    type Answer = { project: { conversations: { totalCount: number; edges: { node: Record<string, never> }[] } } };
    const list = await gqlOk<Answer>(testApp.app, CONVERSATIONS, { p: projectId, s: 'OPEN' }, agent);
    expect(list.project.conversations.totalCount).toBe(2);
    const nodes = list.project.conversations.edges.map((edge) => edge.node) as unknown as {
      visitor: Record<string, unknown>;
      messages: { edges: { node: Record<string, unknown> }[] };
    }[];
    const [browsing, signedIn] = nodes;
    expect(signedIn?.visitor).toEqual({ authenticated: true, userId: 'grace', visitorData: { firstName: 'Grace' }, extId: null });
    expect(signedIn?.messages.edges[0]?.node).toMatchObject({
      text: 'I am signed in',
      verified: true,
      brandKeyId,
      author: { kind: 'VISITOR' },
    });
    expect(browsing?.visitor).toEqual({ authenticated: false, userId: null, visitorData: null, extId: 'crm-2' });
    expect(browsing?.messages.edges[0]?.node).toMatchObject({ verified: false, brandKeyId: null });
  });

  it('assigns and closes, with live updates to the desk, and nothing for another project', async () => {
    const desk = await connectRealtime(url, agent);
    await desk.next('ready');
    const anonymous = await session(
      await gqlOk(
        testApp.app,
        'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
        { p: projectId },
      ),
    );
    const conversationId = await say(anonymous, 'need help');
    expect((await desk.next('conversation')).conversation).toMatchObject({ id: conversationId, status: 'open', authenticated: false });
    const assigned = await gqlOk<{ conversationAssign: { conversation: { assignedOperatorId: string } } }>(
      testApp.app,
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { assignedOperatorId } } }',
      { c: conversationId, o: agentId },
      agent,
    );
    expect(assigned.conversationAssign.conversation.assignedOperatorId).toBe(agentId);
    expect((await desk.next('conversation')).conversation).toMatchObject({ id: conversationId, assignedOperatorId: agentId });
    await gqlOk(
      testApp.app,
      'mutation($c: ID!) { conversationClose(input: { conversationId: $c }) { conversation { status } } }',
      { c: conversationId },
      agent,
    );
    expect((await desk.next('conversation')).conversation).toMatchObject({ id: conversationId, status: 'closed' });
    desk.close();
    // The visitor cannot write in the closed conversation; without a conversationId it starts a new one.
    const visitor = await connectRealtime(url, anonymous);
    expect(await visitor.next('ready')).toMatchObject({ conversationId: null });
    // A resend of a message stored before the close is acknowledged as it was, not stored again.
    visitor.send({ type: 'send', clientId: 'need-help', text: 'need help' });
    expect(await visitor.next('ack')).toMatchObject({ conversationId, seq: 1 });
    visitor.send({ type: 'send', clientId: 'late', text: 'one more thing', conversationId });
    expect(await visitor.next('error')).toMatchObject({ code: 'CONVERSATION_CLOSED', clientId: 'late' });
    visitor.send({ type: 'send', clientId: 'late', text: 'one more thing' });
    expect((await visitor.next('ack')).conversationId).not.toBe(conversationId);
    visitor.close();

    const { projectId: elsewhere } = await securedProject(testApp.app, admin, 'Elsewhere');
    const outsider = await gqlOk<{ operatorCreate: { operator: { id: string } } }>(
      testApp.app,
      'mutation { operatorCreate(input: { email: "outsider@example.com", password: "agent password 1", role: AGENT }) { operator { id } } }',
      {},
      admin,
    );
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
      { p: elsewhere, o: outsider.operatorCreate.operator.id },
      admin,
    );
    const other = await passwordGrant(testApp.app, 'outsider@example.com', 'agent password 1');
    // Issue 13, finding 10: another project's conversation and an unknown id get the same answer (it named the project).
    const CONVERSATION = 'query($id: ID!) { conversation(id: $id) { id } }';
    const theirs = await gql(testApp.app, CONVERSATION, { id: conversationId }, other);
    const unknownId = '0b3c9c36-6a55-4a0c-9f3e-2f7d3c1d9e11';
    const unknown = await gql(testApp.app, CONVERSATION, { id: unknownId }, other);
    expect(theirs.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
    expect(theirs.errors?.[0]?.message).toBe(`no conversation has id "${conversationId}"`);
    expect(unknown.errors?.[0]?.message).toBe(`no conversation has id "${unknownId}"`);
    expect(JSON.stringify(theirs)).not.toContain(projectId);
    const close = 'mutation($c: ID!) { conversationClose(input: { conversationId: $c }) { conversation { id } } }';
    expect((await gql(testApp.app, close, { c: conversationId }, other)).errors?.[0]?.message).toBe(
      `no conversation has id "${conversationId}"`,
    );
    expect(errorName(await gql(testApp.app, CONVERSATIONS, { p: projectId }, other))).toBe('NOT_FOUND');
    const assignOutsider = await gql(
      testApp.app,
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }',
      { c: conversationId, o: outsider.operatorCreate.operator.id },
      agent,
    );
    expect(errorName(assignOutsider)).toBe('VALIDATION_FAILED');
  });
});
