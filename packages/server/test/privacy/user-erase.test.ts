import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_MESSAGE, ERASED_SIGN_IN } from '../../src/privacy/user-erase.js';
import { openStore } from '../../src/store/open-store.js';
import { capturingLog, type TestApp, testAppOn } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, memberAgentBearer, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS, openTestStore } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const USER = 'erase-me-42';
const EMAIL = 'zoe.erasable@example.com';
/** Words only this user wrote: none may remain anywhere afterwards. */
const SECRETS = [USER, EMAIL, 'xylophone-anonymous-words', 'zebra-signed-in-words', 'Quokkaville'];
const ERASE = 'mutation($p: ID!, $u: String!) { userErase(input: { projectId: $p, userId: $u }) { erased conversations messages } }';

describe.each(DIALECTS)('erasing a user at their request on %s', (dialect) => {
  let testApp: TestApp;
  let dataDir: string | null = null;
  let url: string;
  let admin: string;
  let apiKey: string;
  let projectId: string;
  let conversationId: string;
  const log = capturingLog();

  /** An anonymous session, or a sign-in that continues `current` (the same browser). */
  const session = async (mutation: 'anonymous' | 'signIn', current?: { token: string; vuid: string }, userId = USER) => {
    const answer = await gqlOk<{ a: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
      testApp.app,
      mutation === 'anonymous'
        ? 'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }'
        : 'mutation($p: ID!, $c: String!, $v: String) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c, currentVuid: $v }) { vuid visitorSessionToken { accessToken } } }',
      {
        p: projectId,
        c:
          mutation === 'signIn'
            ? await brandCredentials(testApp.services, { userId, visitorData: { email: EMAIL, city: 'Quokkaville' } })
            : undefined,
        v: current?.vuid,
      },
      current?.token ?? null,
    );
    return { token: answer.a.visitorSessionToken.accessToken, vuid: answer.a.vuid };
  };
  const says = async (socket: RealtimeClient, clientId: string, text: string) => {
    socket.send({ type: 'send', clientId, text });
    return (await socket.next('ack')).conversationId;
  };

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-erase-'));
      const store = await openStore({ databaseUrl: null, dataDir });
      testApp = await testAppOn(store, { env: ADMIN_ENV, log: log.log });
    } else {
      const testStore = await openTestStore('postgres');
      testApp = await testAppOn(testStore.store, { env: ADMIN_ENV, log: log.log }, () => testStore.dispose());
    }
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
    apiKey = await apiKeyBearer(testApp.app, admin, projectId);
  });
  afterAll(() => testApp.dispose());

  it('leaves nothing of the user in any table, closes their sockets, keeps the conversation’s shape, and is safe to repeat', async () => {
    // Anonymous first, then signed in on the same browser: the conversation moves to the user, with the sign-in line.
    const anonymous = await session('anonymous');
    const before = await connectRealtime(url, anonymous.token);
    await before.next('ready');
    await says(before, 'a1', 'xylophone-anonymous-words');
    before.close();
    const signedIn = await session('signIn', anonymous);
    const visitor = await connectRealtime(url, signedIn.token);
    await visitor.next('ready');
    conversationId = await says(visitor, 'u1', 'zebra-signed-in-words');
    const desk = await connectRealtime(url, admin);
    await desk.next('ready');
    desk.send({ type: 'send', clientId: 'r1', conversationId, text: 'Happy to help.' });
    await desk.next('ack');

    const erased = await gqlOk<{ userErase: unknown }>(testApp.app, ERASE, { p: projectId, u: USER }, apiKey);
    expect(erased.userErase).toEqual({ erased: true, conversations: 1, messages: 2 });
    expect(await visitor.closed).toMatchObject({ code: 1000, reason: expect.stringContaining('VISITOR_SESSION_EXPIRED') }); // the session ended

    // The desk is told, and reads the conversation as erased.
    const frame = await desk.next('conversation');
    expect(frame.conversation).toMatchObject({ id: conversationId, authenticated: false, userId: null });
    const read = await gqlOk<{
      conversation: { lastSeq: number; visitor: unknown; messages: { edges: { node: { text: string; author: { kind: string } } }[] } };
    }>(
      testApp.app,
      'query($c: ID!) { conversation(id: $c) { lastSeq visitor { erased authenticated userId extId visitorData { email } } messages(first: 10) { edges { node { text author { kind } } } } } }',
      { c: conversationId },
      admin,
    );
    expect(read.conversation.visitor).toEqual({ erased: true, authenticated: false, userId: null, extId: null, visitorData: null });
    expect(read.conversation.messages.edges.map((edge) => [edge.node.author.kind, edge.node.text])).toEqual([
      ['VISITOR', ERASED_MESSAGE],
      ['SYSTEM', ERASED_SIGN_IN],
      ['VISITOR', ERASED_MESSAGE],
      ['AGENT', 'Happy to help.'],
    ]);
    expect(read.conversation.lastSeq).toBe(4);
    desk.close();

    // Again: nothing left to erase, and no error.
    expect((await gqlOk<{ userErase: unknown }>(testApp.app, ERASE, { p: projectId, u: USER }, admin)).userErase).toEqual({
      erased: false,
      conversations: 0,
      messages: 0,
    });
    const exported = await gqlOk<{ userDataExport: { profile: unknown; conversations: unknown[]; authenticationEvents: unknown[] } }>(
      testApp.app,
      'query($p: ID!, $u: String!) { userDataExport(projectId: $p, userId: $u) }',
      { p: projectId, u: USER },
      apiKey,
    );
    expect(exported.userDataExport).toMatchObject({ profile: null, conversations: [], authenticationEvents: [] });

    const rows = await everyRow(testApp);
    for (const secret of SECRETS) expect(rows.includes(secret), `${secret} in a table`).toBe(false);
    for (const secret of SECRETS)
      expect(
        log.lines.some((line) => line.includes(secret)),
        `${secret} in the log`,
      ).toBe(false);
    if (dataDir) {
      // SQLite: the database file, its WAL and shared memory hold no byte of it either (secure_delete, optimize, checkpoint).
      for (const file of readdirSync(dataDir).filter((name) => name.startsWith('parley'))) {
        const bytes = readFileSync(join(dataDir, file));
        for (const secret of SECRETS) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    }
  });

  it('erases what the user wrote anonymously on their other browsers, the extId and the line naming them; the export shows it first', async () => {
    const user = 'two-browsers-7';
    // Browser 1 signs in and opens a conversation.
    const first = await session('signIn', undefined, user);
    const one = await connectRealtime(url, first.token);
    await one.next('ready');
    await says(one, 'b1', 'aardvark-first-browser');
    one.close();
    // Browser 2 is anonymous (the page sets an extId), writes, then signs in: its conversation closes, "continued in…".
    const anonymous = await session('anonymous');
    await gqlOk(testApp.app, 'mutation { visitorSetExtId(input: { extId: "crm-4711" }) { accepted } }', {}, anonymous.token);
    const two = await connectRealtime(url, anonymous.token);
    await two.next('ready');
    await says(two, 'b2', 'bandicoot-before-sign-in');
    two.close();
    await session('signIn', anonymous, user);

    const EXPORT = 'query($p: ID!, $u: String!) { userDataExport(projectId: $p, userId: $u) }';
    const exported = JSON.stringify((await gqlOk(testApp.app, EXPORT, { p: projectId, u: user }, apiKey)).userDataExport);
    for (const held of ['aardvark-first-browser', 'bandicoot-before-sign-in', 'crm-4711', `Visitor signed in as ${user} 🔒 — continued in`])
      expect(exported, held).toContain(held);

    // An id that differs only in case is someone else.
    expect(
      (await gqlOk<{ userErase: { erased: boolean } }>(testApp.app, ERASE, { p: projectId, u: user.toUpperCase() }, apiKey)).userErase,
    ).toEqual({
      erased: false,
      conversations: 0,
      messages: 0,
    });
    expect(await gqlOk(testApp.app, ERASE, { p: projectId, u: user }, apiKey)).toEqual({
      userErase: { erased: true, conversations: 2, messages: 2 },
    });
    const rows = await everyRow(testApp);
    for (const secret of [user, 'aardvark-first-browser', 'bandicoot-before-sign-in', 'crm-4711'])
      expect(rows.includes(secret), secret).toBe(false);
  });

  it('erases a message sent while the erasure runs, and binds no racing sign-in to the erased profile', async () => {
    const user = 'racer-3';
    const signedIn = await session('signIn', undefined, user);
    const socket = await connectRealtime(url, signedIn.token);
    await socket.next('ready');
    await says(socket, 'r1', 'capybara-before');
    const erasing = gql(testApp.app, ERASE, { p: projectId, u: user }, apiKey);
    socket.send({ type: 'send', clientId: 'r2', text: 'dugong-during-erasure' });
    const racing = session('signIn', undefined, user);
    await erasing;
    const after = await racing;
    const rows = await everyRow(testApp);
    for (const secret of ['capybara-before', 'dugong-during-erasure']) expect(rows.includes(secret), secret).toBe(false);
    // Whichever came first, no live session is bound to an erased profile: the racing sign-in has a fresh one (or was erased).
    const bound = await testApp.services.store.db
      .selectFrom('visitor_sessions')
      .innerJoin('visitor_profiles', 'visitor_profiles.id', 'visitor_sessions.profile_id')
      .select('visitor_sessions.id')
      .where('visitor_profiles.erased_at', 'is not', null)
      .where('visitor_sessions.revoked_at', 'is', null)
      .execute();
    expect(bound).toEqual([]);
    expect(after.token).toBeTruthy();
    socket.close();
  });

  it('is for admins and the project’s API keys, not agents', async () => {
    const bearer = await memberAgentBearer(testApp.app, admin, projectId);
    expect(errorName(await gql(testApp.app, ERASE, { p: projectId, u: USER }, bearer))).toBe('PERMISSION_DENIED');
  });
});

/** Every row of every table of the store, as one string. */
async function everyRow(testApp: TestApp): Promise<string> {
  const { store } = testApp.services;
  const tables =
    store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(store.db)).rows.map((row) => row.name)
      : (
          await sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(store.db)
        ).rows.map((row) => row.name);
  let all = '';
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db);
    all += JSON.stringify(rows, (_, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
  }
  return all;
}
