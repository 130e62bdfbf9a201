import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeByRetention } from '../../src/privacy/retention.js';
import { openTestApp, type TestApp, testAppOn } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, memberAgentBearer, passwordGrant } from '../helpers/graphql.js';
import { DIALECTS, openTestStore, TEST_DATABASE_URL } from '../helpers/stores.js';

const DAY = 86_400_000;
const RETENTION =
  'mutation($input: ProjectUpdateRetentionInput!) { projectUpdateRetention(input: $input) { project { conversationRetentionDays anonymousProfileRetentionDays } } }';

describe.each(DIALECTS)('retention per project on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;
  let keeper: string;
  const start = new Date('2026-10-01T12:00:00.000Z');
  let clock = start;
  const day = (n: number) => {
    clock = new Date(start.getTime() + n * DAY);
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV, now: () => clock });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const create = (name: string) =>
      gqlOk<{ projectCreate: { project: { id: string } } }>(
        testApp.app,
        'mutation($n: String!) { projectCreate(input: { name: $n }) { project { id } } }',
        { n: name },
        admin,
      );
    projectId = (await create('Shop')).projectCreate.project.id;
    keeper = (await create('Keeps everything')).projectCreate.project.id;
  });
  afterAll(() => testApp.dispose());

  /** A new anonymous visitor's conversation with one message, closed `closedAfter` days later (null: left open). */
  const conversation = async (project: string, closedAfter: number | null) => {
    const { conversations, visitors } = testApp.services;
    const { profileId } = await visitors.createAnonymous(project);
    const { id } = await conversations.ensureOpen(project, profileId);
    await conversations.append(id, {
      authorKind: 'visitor',
      authorId: 'v',
      clientId: 'c1',
      text: 'hello',
      verified: false,
      brandKeyId: null,
    });
    if (closedAfter !== null) {
      const opened = clock;
      clock = new Date(opened.getTime() + closedAfter * DAY);
      await conversations.closeByAgent(id);
      clock = opened;
    }
    return id;
  };
  const exists = async (table: 'conversations' | 'visitor_profiles', id: string) =>
    (await testApp.services.store.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('is set by admins: days from 1 to 3650, null keeps for good, omitted keeps the value', async () => {
    const set = (input: Record<string, unknown>, bearer = admin) => gql(testApp.app, RETENTION, { input: { projectId, ...input } }, bearer);
    expect((await set({ conversationRetentionDays: 30, anonymousProfileRetentionDays: 7 })).data).toEqual({
      projectUpdateRetention: { project: { conversationRetentionDays: 30, anonymousProfileRetentionDays: 7 } },
    });
    expect((await set({ anonymousProfileRetentionDays: null })).data).toEqual({
      projectUpdateRetention: { project: { conversationRetentionDays: 30, anonymousProfileRetentionDays: null } },
    });
    for (const days of [0, -1, 3651]) {
      const refused = await set({ conversationRetentionDays: days });
      expect(errorName(refused)).toBe('VALIDATION_FAILED');
      expect(refused.errors?.[0]?.message).toBe('conversationDays: a whole number of days from 1 to 3650, or null to keep for good');
    }
    await set({ anonymousProfileRetentionDays: 7 });
  });

  it('purges closed conversations and idle anonymous profiles past their days, and nothing of other projects', async () => {
    day(0);
    const closedEarly = await conversation(projectId, 1); // closed on day 1
    const closedLate = await conversation(projectId, 25); // closed on day 25
    const open = await conversation(projectId, null);
    const elsewhere = await conversation(keeper, 1);
    const idle = (await testApp.services.visitors.createAnonymous(projectId)).profileId;
    day(5);
    const recent = (await testApp.services.visitors.createAnonymous(projectId)).profileId;

    day(40); // 39 days after the first close, 15 after the second; the idle profile is 40 days old, the recent 35.
    // Three profiles: the idle one, the recent one, and the purged conversation's, idle from then on.
    expect(await purgeByRetention(testApp.services.store, clock)).toEqual({ conversations: 1, profiles: 3 });
    expect(await exists('conversations', closedEarly)).toBe(false);
    expect(await testApp.services.conversations.messagesAfter(closedEarly, 0)).toEqual([]);
    for (const kept of [closedLate, open, elsewhere]) expect(await exists('conversations', kept)).toBe(true);
    expect(await exists('visitor_profiles', idle)).toBe(false);
    expect(await exists('visitor_profiles', recent)).toBe(false);
    // Day 60: the second closed conversation goes (35 days after it closed), then its idle profile; the open one stays.
    day(60);
    expect(await purgeByRetention(testApp.services.store, clock)).toEqual({ conversations: 1, profiles: 1 });
    expect(await exists('conversations', open)).toBe(true);
    expect(await exists('conversations', elsewhere)).toBe(true);
  });

  it('is for admins only', async () => {
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD); // the clock moved on
    const bearer = await memberAgentBearer(testApp.app, admin, projectId);
    expect(errorName(await gql(testApp.app, RETENTION, { input: { projectId, conversationRetentionDays: 1 } }, bearer))).toBe(
      'PERMISSION_DENIED',
    );
  });
});

describe('retention racing a reopen on postgres', () => {
  let testApp: TestApp;
  let schema: string | null;
  beforeAll(async () => {
    const testStore = await openTestStore('postgres');
    schema = testStore.schema;
    testApp = await testAppOn(testStore.store, {}, () => testStore.dispose());
  });
  afterAll(() => testApp.dispose());

  it('never erases a conversation reopened, and written to, after the purge chose it: the reopen waits and finds it gone', async () => {
    const { projects, visitors, conversations, store } = testApp.services;
    const project = await projects.create('Retained');
    await store.db.updateTable('projects').set({ conversation_retention_days: 1 }).where('id', '=', project.id).execute();
    const visitor = await visitors.createAnonymous(project.id);
    const { id } = await conversations.ensureOpen(project.id, visitor.profileId);
    const line = { authorKind: 'visitor', authorId: visitor.vuid, verified: false, brandKeyId: null } as const;
    await conversations.append(id, { ...line, clientId: 'old', text: 'old' });
    await conversations.close(id);
    await store.db.updateTable('conversations').set({ closed_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', id).execute();

    // Another session holds the old message's row: the purge, having chosen the conversation, waits at its messages.
    const holder = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM messages WHERE conversation_id = $1 FOR UPDATE', [id]);
      const purge = purgeByRetention(store, new Date());
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Meanwhile an agent reopens it and the visitor writes.
      const reopenAndWrite = conversations
        .reopen(id)
        .then(() => conversations.append(id, { ...line, clientId: 'new', text: 'after the reopen', whileOpen: true }))
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('COMMIT');
      expect(await purge).toEqual({ conversations: 1, profiles: 0 });
      // The purge chose it first: the reopen found no conversation, so nothing was acknowledged and nothing lost.
      expect(await reopenAndWrite).toMatchObject({ code: 'NOT_FOUND' });
      expect(await conversations.find(id)).toBeNull();
    } finally {
      await holder.end();
    }
  });
});
