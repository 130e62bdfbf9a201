import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp, testAppOn } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS, openTestStore, TEST_DATABASE_URL } from '../helpers/stores.js';
import { type VisitorSessionOf, visitorsOf } from '../helpers/visitors.js';

type Session = VisitorSessionOf;

describe.each(DIALECTS)('sign-in and sign-out rules of spec §6.2, §6.4 on %s', (dialect) => {
  let testApp: TestApp;
  let projectId: string;

  const { anonymous, signIn } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  /** The visitor's open conversation with a first message in it, as the gateway would make it. */
  const talk = async (session: Session, text: string) => {
    const { visitors, conversations } = testApp.services;
    const visitor = await visitors.find(session.vuid);
    if (!visitor) throw new Error('no visitor');
    const conversation = await conversations.ensureOpen(projectId, visitor.profileId);
    await conversations.append(conversation.id, {
      authorKind: 'visitor',
      authorId: session.vuid,
      clientId: text,
      text,
      verified: false,
      brandKeyId: null,
    });
    return conversation;
  };
  const texts = async (conversationId: string) =>
    (await testApp.services.conversations.messagesAfter(conversationId, 0)).map((message) => message.text);

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(() => testApp.dispose());

  it('moves the anonymous conversation to a user who has none open, and says who signed in', async () => {
    const visitor = await anonymous();
    const conversation = await talk(visitor, 'hi, anonymous');
    const signedIn = await signIn('alice', visitor);
    const moved = await testApp.services.conversations.get(conversation.id);
    const profile = await testApp.services.visitors.find(signedIn.vuid);
    expect(moved).toMatchObject({ status: 'open', profileId: profile?.profileId });
    expect(await texts(conversation.id)).toEqual(['hi, anonymous', 'Visitor signed in as alice 🔒']);
  });

  it('closes the anonymous conversation when the user already has one, which continues', async () => {
    const laptop = await signIn('bob', null);
    const bobs = await talk(laptop, 'from the laptop');
    const phone = await anonymous();
    const anonymousConversation = await talk(phone, 'from the phone, anonymous');
    await signIn('bob', phone);
    expect(await testApp.services.conversations.get(anonymousConversation.id)).toMatchObject({ status: 'closed' });
    expect(await texts(anonymousConversation.id)).toEqual([
      'from the phone, anonymous',
      `Visitor signed in as bob 🔒 — continued in conversation ${bobs.id}`,
    ]);
    expect(await texts(bobs.id)).toEqual(['from the laptop', 'Visitor signed in as bob 🔒']);
  });

  it('writes "Visitor signed out" when an authenticated session logs out, once', async () => {
    const session = await signIn('carol', null);
    const conversation = await talk(session, 'bye soon');
    await gqlOk(testApp.app, 'mutation { visitorLogout { loggedOut } }', {}, session.accessToken);
    await gqlOk(testApp.app, 'mutation { visitorLogout { loggedOut } }', {}, session.accessToken);
    expect(await texts(conversation.id)).toEqual(['bye soon', 'Visitor signed out']);
  });
});

describe('a sign-in that continues the user’s conversation, on postgres', () => {
  let testApp: TestApp;
  let projectId: string;
  let schema: string | null;
  const { anonymous, signIn } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  beforeAll(async () => {
    const testStore = await openTestStore('postgres');
    schema = testStore.schema;
    testApp = await testAppOn(testStore.store, { env: ADMIN_ENV }, () => testStore.dispose());
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(() => testApp.dispose());

  const openFor = async (vuid: string) => {
    const { visitors, conversations } = testApp.services;
    const visitor = await visitors.find(vuid);
    if (!visitor) throw new Error('no visitor');
    return conversations.ensureOpen(projectId, visitor.profileId);
  };

  it('locks both conversations in id order, as a batch of appends does (no deadlock with a batch holding both)', async () => {
    // The user's conversation is the older, so the lower id; the anonymous one, which the sign-in writes first, the later.
    const users = await openFor((await signIn('erin', null)).vuid);
    const phone = await anonymous();
    const anonymousConversation = await openFor(phone.vuid);
    expect(users.id < anonymousConversation.id).toBe(true);
    const client = () => new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    const [holder, prober] = [client(), client()];
    await Promise.all([holder.connect(), prober.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [anonymousConversation.id]);
      const signingIn = signIn('erin', phone);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Waiting for the later id, the sign-in already holds the earlier one: it took them in id order.
      await expect(prober.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE NOWAIT', [users.id])).rejects.toThrow(
        /could not obtain lock/,
      );
      await holder.query('COMMIT');
      await signingIn;
      expect(await testApp.services.conversations.get(anonymousConversation.id)).toMatchObject({ status: 'closed' });
    } finally {
      await Promise.all([holder.end(), prober.end()]);
    }
  });
});
