import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const INBOX = /* GraphQL */ `
  query($assignee: InboxAssignee, $p: ID, $s: ConversationStatus) {
    inbox(assignee: $assignee, projectId: $p, status: $s, first: 50) {
      totalCount
      edges { node { id projectId unreadCount lastReadSeq assignee { id displayName } visitor { authenticated } } }
    }
  }`;

interface InboxNode {
  id: string;
  projectId: string;
  unreadCount: number | null;
  lastReadSeq: number | null;
  assignee: { id: string; displayName: string } | null;
}

describe.each(DIALECTS)('the desk for teams on %s: read state, inbox, names', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let ada: { id: string; bearer: string };
  let bob: { id: string; bearer: string };
  let first: string;
  let second: string;

  const operator = async (email: string, displayName: string | null, projects: string[]) => {
    const created = await gqlOk<{ operatorCreate: { operator: { id: string; displayName: string } } }>(
      testApp.app,
      'mutation($e: String!, $n: String) { operatorCreate(input: { email: $e, password: "agent password 1", role: AGENT, displayName: $n }) { operator { id displayName } } }',
      { e: email, n: displayName },
      admin,
    );
    const { id } = created.operatorCreate.operator;
    for (const p of projects)
      await gqlOk(
        testApp.app,
        'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
        { p, o: id },
        admin,
      );
    return { id, bearer: await passwordGrant(testApp.app, email, 'agent password 1') };
  };

  /** A new anonymous visitor of the project says each text; answers the conversation id. */
  const visitorSays = async (projectId: string, ...texts: string[]) => {
    const answer = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(
      testApp.app,
      'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: projectId },
    );
    const socket = await connectRealtime(url, answer.a.visitorSessionToken.accessToken);
    await socket.next('ready');
    let conversationId = '';
    for (const [index, text] of texts.entries()) {
      socket.send({ type: 'send', clientId: `c${index}`, text });
      conversationId = (await socket.next('ack')).conversationId;
    }
    socket.close();
    return conversationId;
  };

  const inbox = async (bearer: string, variables: Record<string, unknown> = {}) =>
    (await gqlOk<{ inbox: { totalCount: number; edges: { node: InboxNode }[] } }>(testApp.app, INBOX, variables, bearer)).inbox;
  const nodeOf = async (bearer: string, id: string) => (await inbox(bearer)).edges.find((edge) => edge.node.id === id)?.node;

  const desk = async (bearer: string): Promise<RealtimeClient> => {
    const socket = await connectRealtime(url, bearer);
    await socket.next('ready');
    return socket;
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId: first } = await securedProject(testApp.app, admin, 'First'));
    ({ projectId: second } = await securedProject(testApp.app, admin, 'Second'));
    ada = await operator('ada@example.com', 'Ada Lovelace', [first, second]);
    bob = await operator('bob@example.com', null, [first]);
  });
  afterAll(() => testApp.dispose());

  it('counts unread per operator on the server: never their own messages nor system lines, the same on each device', async () => {
    const conversationId = await visitorSays(first, 'hello', 'anyone there?');
    expect(await nodeOf(ada.bearer, conversationId)).toMatchObject({ unreadCount: 2, lastReadSeq: 0 });

    const adaPhone = await desk(ada.bearer);
    const adaLaptop = await desk(ada.bearer);
    adaPhone.send({ type: 'send', clientId: 'r1', conversationId, text: 'Hi, Ada here' });
    await adaPhone.next('ack');
    await testApp.services.conversations.append(conversationId, {
      authorKind: 'system',
      authorId: null,
      clientId: null,
      text: 'system line',
      verified: false,
      brandKeyId: null,
    });
    expect(await nodeOf(ada.bearer, conversationId)).toMatchObject({ unreadCount: 2 }); // her reply and the system line are not
    expect(await nodeOf(bob.bearer, conversationId)).toMatchObject({ unreadCount: 3 }); // Ada's reply is, for Bob

    adaPhone.send({ type: 'read', conversationId, seq: 2 });
    // Her other device is told, with the sequence the server kept.
    expect(await adaLaptop.next('read')).toMatchObject({ conversationId, author: { kind: 'agent', id: ada.id }, seq: 2 });
    expect(await nodeOf(ada.bearer, conversationId)).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
    expect(await nodeOf(bob.bearer, conversationId)).toMatchObject({ unreadCount: 3, lastReadSeq: 0 });

    // Never backwards, never past the last message.
    adaPhone.send({ type: 'read', conversationId, seq: 1 });
    expect(await adaLaptop.next('read')).toMatchObject({ seq: 2 });
    adaPhone.send({ type: 'read', conversationId, seq: 1_000 });
    expect(await adaLaptop.next('read')).toMatchObject({ seq: 4 });
    adaPhone.close();
    adaLaptop.close();

    const marked = await gqlOk<{ conversationMarkRead: { conversation: { unreadCount: number; lastReadSeq: number } } }>(
      testApp.app,
      'mutation($c: ID!) { conversationMarkRead(input: { conversationId: $c, seq: 4 }) { conversation { unreadCount lastReadSeq } } }',
      { c: conversationId },
      bob.bearer,
    );
    expect(marked.conversationMarkRead.conversation).toEqual({ unreadCount: 0, lastReadSeq: 4 });
    const negative = await gql(
      testApp.app,
      'mutation($c: ID!) { conversationMarkRead(input: { conversationId: $c, seq: -1 }) { conversation { id } } }',
      { c: conversationId },
      bob.bearer,
    );
    expect(errorName(negative)).toBe('VALIDATION_FAILED');
  });

  it('lists every project of the operator in one inbox, filtered by assignee, without a query per row', async () => {
    const inFirst = await visitorSays(first, 'first project');
    const inSecond = await visitorSays(second, 'second project');
    const adaSees = (await inbox(ada.bearer)).edges.map((edge) => edge.node.id);
    expect(adaSees).toEqual(expect.arrayContaining([inFirst, inSecond]));
    expect(adaSees.indexOf(inSecond)).toBeLessThan(adaSees.indexOf(inFirst)); // most recently active first
    const bobSees = (await inbox(bob.bearer)).edges.map((edge) => edge.node);
    expect(bobSees.map((node) => node.id)).toContain(inFirst);
    expect(bobSees.every((node) => node.projectId === first)).toBe(true);
    expect(errorName(await gql(testApp.app, INBOX, { p: second }, bob.bearer))).toBe('NOT_FOUND');
    expect((await inbox(ada.bearer, { p: second })).edges.map((edge) => edge.node.id)).toEqual([inSecond]);

    await gqlOk(
      testApp.app,
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }',
      { c: inFirst, o: ada.id },
      bob.bearer,
    );
    const mine = await inbox(ada.bearer, { assignee: 'MINE' });
    expect(mine.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ id: inFirst, assignee: { id: ada.id, displayName: 'Ada Lovelace' } }),
    ]);
    expect(mine.totalCount).toBe(1);
    expect((await inbox(bob.bearer, { assignee: 'MINE' })).totalCount).toBe(0);
    const unassigned = (await inbox(bob.bearer, { assignee: 'UNASSIGNED' })).edges.map((edge) => edge.node);
    expect(unassigned.map((node) => node.id)).not.toContain(inFirst);
    expect(unassigned.every((node) => node.assignee === null)).toBe(true);

    const profiles = vi.spyOn(testApp.services.visitors, 'profiles');
    const operators = vi.spyOn(testApp.services.operators, 'byIds');
    const reads = vi.spyOn(testApp.services.readState, 'of');
    const all = await inbox(admin);
    expect(all.edges.length).toBeGreaterThanOrEqual(3);
    expect([profiles.mock.calls.length, operators.mock.calls.length, reads.mock.calls.length]).toEqual([1, 1, 1]);
    vi.restoreAllMocks();

    const apiKey = await apiKeyBearer(testApp.app, admin, first);
    expect(errorName(await gql(testApp.app, INBOX, {}, apiKey))).toBe('PERMISSION_DENIED');
    expect(errorName(await gql(testApp.app, INBOX, {}))).toBe('UNAUTHENTICATED');
  });

  it('searches by verified userId, visitorData and the words of messages, on the same storage interface', async () => {
    const signedInSays = async (userId: string, visitorData: Record<string, string>, text: string) => {
      const credentials = await brandCredentials(testApp.services, { userId, visitorData });
      const signedIn = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(
        testApp.app,
        'mutation($p: ID!, $c: String!) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { visitorSessionToken { accessToken } } }',
        { p: first, c: credentials },
      );
      const socket = await connectRealtime(url, signedIn.a.visitorSessionToken.accessToken);
      await socket.next('ready');
      socket.send({ type: 'send', clientId: 's1', text });
      const conversationId = (await socket.next('ack')).conversationId;
      socket.close();
      return conversationId;
    };
    const graces = await signedInSays('grace-hopper-77', { city: 'Arlington' }, 'My refrigerator arrived dented');
    const elodies = await signedInSays('ÉLODIE-42', { city: 'Übersee', lastName: 'Durand' }, 'Bonjour');
    const other = await visitorSays(first, 'Où est ma commande ?');
    const found = async (search: string, bearer = ada.bearer) =>
      (
        await gqlOk<{ inbox: { edges: { node: { id: string } }[] } }>(
          testApp.app,
          'query($q: String) { inbox(search: $q, first: 20) { edges { node { id } } } }',
          { q: search },
          bearer,
        )
      ).inbox.edges.map((edge) => edge.node.id);
    expect(await found('grace-hopper-77')).toEqual([graces]);
    expect(await found('HOPPER')).toEqual([graces]);
    expect(await found('arlington')).toEqual([graces]);
    // Beyond ASCII, case folds alike on both databases; visitorData's values are searched, never its keys.
    expect(await found('élodie')).toEqual([elodies]);
    expect(await found('ÜBERSEE durand')).toEqual([elodies]);
    expect(await found('city')).toEqual([]);
    expect(await found('lastname')).toEqual([]);
    expect(await found('refrig')).toEqual([graces]); // a word's start
    expect(await found('dented refrigerator')).toEqual([graces]); // every word, in any order
    expect(await found('refrigerator commande')).toEqual([]);
    expect(await found('commande')).toEqual([other]);
    // Nothing of the query reaches FTS5's or tsquery's syntax.
    for (const hostile of ['"refrig', 'refrig*', 'refrig & | ! :*', "refrig'--"]) expect(await found(hostile)).toEqual([graces]);
    for (const hostile of ['NEAR(refrig dented)', "refrig' OR 1=1 --"]) expect(await found(hostile)).toEqual([]); // NEAR, OR and 1 are words here
    // An agent only finds their projects' conversations.
    const inSecond = await visitorSays(second, 'needle in the second project');
    expect(await found('needle')).toEqual([inSecond]);
    expect(await found('needle', bob.bearer)).toEqual([]);
    for (const empty of ['   ', '!!!', 'x'.repeat(201)])
      expect(errorName(await gql(testApp.app, 'query($q: String) { inbox(search: $q) { totalCount } }', { q: empty }, ada.bearer))).toBe(
        'VALIDATION_FAILED',
      );
  });

  it('creates a project with its agents at once, or with none', async () => {
    const CREATE = 'mutation($n: String!, $m: [ID!]) { projectCreate(input: { name: $n, memberIds: $m }) { project { id } } }';
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      CREATE,
      { n: 'Third', m: [bob.id, bob.id] },
      admin,
    );
    const third = created.projectCreate.project.id;
    const bobAgain = await passwordGrant(testApp.app, 'bob@example.com', 'agent password 1');
    expect(
      (await gqlOk<{ project: { id: string } }>(testApp.app, 'query($p: ID!) { project(id: $p) { id } }', { p: third }, bobAgain)).project
        .id,
    ).toBe(third);
    expect(errorName(await gql(testApp.app, 'query($p: ID!) { project(id: $p) { id } }', { p: third }, ada.bearer))).toBe('NOT_FOUND');
    const unknown = await gql(testApp.app, CREATE, { n: 'Fourth', m: [bob.id, 'no-such-operator'] }, admin);
    expect(errorName(unknown)).toBe('NOT_FOUND');
    const names = await gqlOk<{ projects: { edges: { node: { name: string } }[] } }>(
      testApp.app,
      '{ projects(first: 100) { edges { node { name } } } }',
      {},
      admin,
    );
    expect(names.projects.edges.map((edge) => edge.node.name)).not.toContain('Fourth'); // nothing created
    expect(errorName(await gql(testApp.app, CREATE, { n: 'Fifth', m: [] }, bob.bearer))).toBe('PERMISSION_DENIED');
  });

  it("keeps canned replies per project: admins manage them, the project's agents read them", async () => {
    const CREATE =
      'mutation($p: ID!, $s: String!, $t: String!) { cannedReplyCreate(input: { projectId: $p, shortcut: $s, text: $t }) { cannedReply { id shortcut text } } }';
    const LIST = 'query($p: ID!) { project(id: $p) { cannedReplies { shortcut text } } }';
    const created = await gqlOk<{ cannedReplyCreate: { cannedReply: { id: string; shortcut: string } } }>(
      testApp.app,
      CREATE,
      { p: first, s: '/Refund-Policy', t: ' Refunds take **5 days**. ' },
      admin,
    );
    expect(created.cannedReplyCreate.cannedReply).toMatchObject({ shortcut: 'refund-policy', text: 'Refunds take **5 days**.' });
    await gqlOk(testApp.app, CREATE, { p: first, s: 'hello', t: 'Hi! How can I help?' }, admin);
    expect(errorName(await gql(testApp.app, CREATE, { p: first, s: 'hello', t: 'again' }, admin))).toBe('VALIDATION_FAILED');
    for (const [shortcut, text] of [
      ['has space', 'x'],
      ['ok', '   '],
      ['x'.repeat(33), 'x'],
      ['bell', 'a\u0007b'], // what an agent could not send as a message
      ['blank', '\u200B'],
      ['lone', 'x\uD800'],
    ])
      expect(errorName(await gql(testApp.app, CREATE, { p: first, s: shortcut, t: text }, admin))).toBe('VALIDATION_FAILED');
    // Agents of the project read them (the desk's picker) but do not change them; others see nothing.
    const listed = await gqlOk<{ project: { cannedReplies: { shortcut: string }[] } }>(testApp.app, LIST, { p: first }, bob.bearer);
    expect(listed.project.cannedReplies.map((reply) => reply.shortcut)).toEqual(['hello', 'refund-policy']);
    expect(errorName(await gql(testApp.app, CREATE, { p: first, s: 'mine', t: 'x' }, bob.bearer))).toBe('PERMISSION_DENIED');
    expect(errorName(await gql(testApp.app, LIST, { p: second }, bob.bearer))).toBe('NOT_FOUND');
    const { id } = created.cannedReplyCreate.cannedReply;
    const UPDATE = 'mutation($id: ID!, $t: String) { cannedReplyUpdate(input: { id: $id, text: $t }) { cannedReply { shortcut text } } }';
    expect(errorName(await gql(testApp.app, UPDATE, { id, t: 'sneaky' }, bob.bearer))).toBe('PERMISSION_DENIED');
    const updated = await gqlOk<{ cannedReplyUpdate: { cannedReply: { shortcut: string; text: string } } }>(
      testApp.app,
      UPDATE,
      { id, t: 'Refunds take 3 days.' },
      admin,
    );
    expect(updated.cannedReplyUpdate.cannedReply).toEqual({ shortcut: 'refund-policy', text: 'Refunds take 3 days.' });
    await gqlOk(testApp.app, 'mutation($id: ID!) { cannedReplyDelete(input: { id: $id }) { cannedReply { id } } }', { id }, admin);
    expect(errorName(await gql(testApp.app, UPDATE, { id, t: 'gone' }, admin))).toBe('NOT_FOUND');
  });

  it('answers shortcut races with VALIDATION_FAILED, never an internal error', async () => {
    const CREATE =
      'mutation($p: ID!, $s: String!) { cannedReplyCreate(input: { projectId: $p, shortcut: $s, text: "Hi" }) { cannedReply { id } } }';
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([1, 2, 3].map(() => gql(testApp.app, CREATE, { p: second, s: `race-${round}` }, admin)));
      // One wins; the others are told the shortcut is taken (sort() puts the winner's undefined last).
      expect(answers.map(errorName).sort()).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', undefined]);
    }
  });

  it('refuses display names that hide or disguise themselves', async () => {
    const RENAME = 'mutation($n: String!) { viewerUpdate(input: { displayName: $n }) { operator { displayName } } }';
    for (const name of ['Ada\u202Eevil', '\u2066Ada', '\u200B', '\u200D', '\u3164', '\u2800', 'a\u2028b', 'a\u2029b', 'a\nb', 'x\uD800'])
      expect(errorName(await gql(testApp.app, RENAME, { n: name }, ada.bearer)), JSON.stringify(name)).toBe('VALIDATION_FAILED');
    expect(await gqlOk(testApp.app, RENAME, { n: 'Ada Lovelace-Byron 👩‍💻' }, ada.bearer)).toEqual({
      viewerUpdate: { operator: { displayName: 'Ada Lovelace-Byron 👩‍💻' } },
    });
    await gqlOk(testApp.app, RENAME, { n: 'Ada Lovelace' }, ada.bearer);
  });

  it("relays a visitor's read no further than the conversation's last message", async () => {
    const answer = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(
      testApp.app,
      'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: first },
    );
    const visitor = await connectRealtime(url, answer.a.visitorSessionToken.accessToken);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'only', text: 'one message' });
    const { conversationId } = await visitor.next('ack');
    const adaDesk = await desk(ada.bearer);
    visitor.send({ type: 'read', conversationId, seq: Number.MAX_SAFE_INTEGER });
    for (;;) {
      const frame = await adaDesk.next('read');
      if (frame.conversationId === conversationId) {
        expect(frame.seq).toBe(1);
        break;
      }
    }
    visitor.close();
    adaDesk.close();
  });

  it('reopens a closed conversation, unless its visitor has started a new one since', async () => {
    const answer = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(
      testApp.app,
      'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: first },
    );
    const visitor = await connectRealtime(url, answer.a.visitorSessionToken.accessToken);
    await visitor.next('ready');
    const say = async (clientId: string) => {
      visitor.send({ type: 'send', clientId, text: clientId });
      return (await visitor.next('ack')).conversationId;
    };
    const conversationId = await say('one');
    const STATUS = 'mutation($c: ID!) { %s(input: { conversationId: $c }) { conversation { status closedAt } } }';
    const change = (name: string) => gql(testApp.app, STATUS.replace('%s', name), { c: conversationId }, bob.bearer);
    expect((await change('conversationClose')).data).toMatchObject({ conversationClose: { conversation: { status: 'CLOSED' } } });
    // The visitor is told, by a system line their widget shows in their language; closing twice says it once.
    await change('conversationClose');
    const systemLine = async () => {
      for (;;) {
        const { message } = await visitor.next('message');
        if (message.author.kind === 'system') return message.text;
      }
    };
    expect(await systemLine()).toBe('Conversation closed');
    expect((await change('conversationReopen')).data).toEqual({ conversationReopen: { conversation: { status: 'OPEN', closedAt: null } } });
    expect(await systemLine()).toBe('Conversation reopened');
    expect(await say('two')).toBe(conversationId); // the visitor writes in it again
    const lines = (await testApp.services.conversations.messagesAfter(conversationId, 0)).map((message) => message.text);
    expect(lines).toEqual(['one', 'Conversation closed', 'Conversation reopened', 'two']);
    await change('conversationClose');
    const newer = await say('three');
    expect(newer).not.toBe(conversationId);
    const refused = await change('conversationReopen');
    expect(errorName(refused)).toBe('VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toContain(newer);
    visitor.close();
  });

  it('answers a reopen that races the visitor or another reopen with VALIDATION_FAILED, never an internal error', async () => {
    const { conversations, visitors } = testApp.services;
    for (let round = 0; round < 8; round++) {
      const profile = { id: (await visitors.createAnonymous(first)).profileId };
      const older = await conversations.ensureOpen(first, profile.id);
      await conversations.closeByAgent(older.id);
      const newer = await conversations.ensureOpen(first, profile.id);
      await conversations.closeByAgent(newer.id);
      const outcomes = await Promise.allSettled([
        conversations.reopen(older.id),
        conversations.reopen(newer.id),
        conversations.ensureOpen(first, profile.id),
      ]);
      const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
      for (const refusal of refusals) expect(refusal.message).toMatch(/the visitor has started conversation "[^"]+" since/);
      const open = await conversations.openOf(profile.id);
      // Whoever won, the visitor has exactly one open conversation, and it is what the winners answered.
      for (const outcome of outcomes) if (outcome.status === 'fulfilled') expect(outcome.value.id).toBe(open?.id);
    }
  });

  it('names agents: a display name of their own, else their email, on their messages', async () => {
    const conversationId = await visitorSays(first, 'who is answering?');
    const bobDesk = await desk(bob.bearer);
    bobDesk.send({ type: 'send', clientId: 'b1', conversationId, text: 'Bob here' });
    await bobDesk.next('ack');
    bobDesk.close();
    const AUTHORS = 'query($c: ID!) { conversation(id: $c) { messages(last: 5) { edges { node { author { kind name } } } } } }';
    const authors = async () =>
      (
        await gqlOk<{ conversation: { messages: { edges: { node: { author: { kind: string; name: string | null } } }[] } } }>(
          testApp.app,
          AUTHORS,
          { c: conversationId },
          ada.bearer,
        )
      ).conversation.messages.edges.map((edge) => edge.node.author);
    expect(await authors()).toEqual([
      { kind: 'VISITOR', name: null },
      { kind: 'AGENT', name: 'bob' },
    ]);
    const renamed = await gqlOk<{ viewerUpdate: { operator: { displayName: string } } }>(
      testApp.app,
      'mutation { viewerUpdate(input: { displayName: "  Bob Marley " }) { operator { displayName } } }',
      {},
      bob.bearer,
    );
    expect(renamed.viewerUpdate.operator.displayName).toBe('Bob Marley');
    expect((await authors())[1]).toEqual({ kind: 'AGENT', name: 'Bob Marley' });
    for (const bad of ['x'.repeat(81), 'two\nlines'])
      expect(
        errorName(
          await gql(
            testApp.app,
            'mutation($n: String!) { viewerUpdate(input: { displayName: $n }) { operator { id } } }',
            { n: bad },
            bob.bearer,
          ),
        ),
      ).toBe('VALIDATION_FAILED');
    await gqlOk(testApp.app, 'mutation { viewerUpdate(input: { displayName: "" }) { operator { id } } }', {}, bob.bearer);
    expect((await authors())[1]).toEqual({ kind: 'AGENT', name: 'bob' });
    const apiKey = await apiKeyBearer(testApp.app, admin, first);
    expect(
      errorName(await gql(testApp.app, 'mutation { viewerUpdate(input: { displayName: "Key" }) { operator { id } } }', {}, apiKey)),
    ).toBe('PERMISSION_DENIED');
  });
});
