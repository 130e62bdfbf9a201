import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationLog } from '../../src/auth-log/authentication-log.js';
import { DatabaseReplayStore } from '../../src/credentials/database-replay-store.js';
import { Projects } from '../../src/projects/projects.js';
import { FreshSignIn, type FreshSignInInput } from '../../src/sessions/fresh-sign-in.js';
import { timeOrderedIds } from '../../src/store/time-ordered-id.js';
import { WebhookOutbox } from '../../src/webhooks/outbox.js';
import { DIALECTS, openTestStore, refuseDeletes, type TestStore } from '../helpers/stores.js';
import { insertWebhookEndpoint } from '../helpers/webhook-endpoints.js';

describe.each(DIALECTS)('a fresh sign-in’s compiled writes on %s', (dialect) => {
  let testStore: TestStore;
  let freshSignIn: FreshSignIn;
  let replayStore: DatabaseReplayStore;
  let authLog: AuthenticationLog;
  let hooked: string;
  let unhooked: string;
  let committed = 0;
  const now = new Date('2026-12-07T10:00:00.000Z');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const input = (projectId: string, userId: string, extra: Partial<FreshSignInInput> = {}): FreshSignInInput => ({
    projectId,
    userId,
    visitorData: null,
    brandKeyId: 'brand-record-1',
    platformKeyId: 'platform-1',
    lifetimeSeconds: 3600,
    clientIp: '203.0.113.9',
    claim: { keys: [`sig:${randomUUID()}`], until: nowSeconds + 600 },
    revokedBrandKeys: 0,
    ...extra,
  });
  /** A sign-in expected to be stored. */
  const signIn = async (...args: Parameters<typeof input>) => {
    const session = await freshSignIn.write(input(...args));
    if (typeof session === 'string') throw new Error(`refused: ${session}`);
    return session;
  };
  const usedKeys = async (keys: string[]) =>
    (await testStore.store.db.selectFrom('used_credentials').select('key').where('key', 'in', keys).execute()).map((row) => row.key);
  const rowsOf = async (table: 'visitor_profiles' | 'visitors' | 'visitor_sessions' | 'authentication_events', projectId: string) =>
    testStore.store.db.selectFrom(table).selectAll().where('project_id', '=', projectId).execute();

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const { store } = testStore;
    const base = { store, now: () => now, newId: randomUUID };
    const projects = new Projects(base);
    hooked = (await projects.create('With webhooks')).id;
    unhooked = (await projects.create('Without')).id;
    await insertWebhookEndpoint(store, {
      id: 'endpoint-1',
      projectId: hooked,
      eventTypes: ['visitor.authenticated'],
      createdAt: now.toISOString(),
    });
    authLog = new AuthenticationLog({ ...base, newId: timeOrderedIds(() => now), ipKey: randomBytes(32) });
    const outbox = new WebhookOutbox({ ...base, committed: () => committed++ });
    replayStore = new DatabaseReplayStore(store, () => nowSeconds);
    freshSignIn = new FreshSignIn({ ...base, authLog, outbox, replayStore });
  });
  afterAll(() => testStore.dispose());

  it('writes the profile, the visitor, the session, the log’s success and the webhook row', async () => {
    const session = await signIn(hooked, 'user-1', { visitorData: '{"plan":"gold"}' });
    expect(session).toMatchObject({
      projectId: hooked,
      userId: 'user-1',
      authenticated: true,
      brandKeyId: 'brand-record-1',
      platformKeyId: 'platform-1',
      createdAt: now.toISOString(),
      expiresAt: '2026-12-07T11:00:00.000Z',
      revokedAt: null,
    });
    expect(await rowsOf('visitor_profiles', hooked)).toEqual([
      expect.objectContaining({ id: session.profileId, user_id: 'user-1', visitor_data: '{"plan":"gold"}', ext_id: null, erased_at: null }),
    ]);
    expect(await rowsOf('visitors', hooked)).toEqual([
      { vuid: session.vuid, project_id: hooked, profile_id: session.profileId, created_at: now.toISOString() },
    ]);
    expect(await rowsOf('visitor_sessions', hooked)).toEqual([
      {
        id: session.id,
        project_id: hooked,
        vuid: session.vuid,
        profile_id: session.profileId,
        user_id: 'user-1',
        authenticated: 1,
        brand_key_id: 'brand-record-1',
        platform_key_id: 'platform-1',
        created_at: now.toISOString(),
        expires_at: session.expiresAt,
        revoked_at: null,
      },
    ]);
    const [event] = await rowsOf('authentication_events', hooked);
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      project_id: hooked,
      time: now.toISOString(),
      outcome: 'SUCCESS',
      reason: null,
      platform_key_id: 'platform-1',
      brand_key_id: 'brand-record-1',
      user_id: 'user-1',
      vuid: session.vuid,
      ip_hmac: authLog.hashIp('203.0.113.9'),
    });
    const deliveries = await testStore.store.db.selectFrom('webhook_deliveries').selectAll().execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ endpoint_id: 'endpoint-1', event_type: 'visitor.authenticated', user_id: 'user-1' });
    expect(JSON.parse(deliveries[0]?.payload ?? '{}')).toEqual({
      type: 'visitor.authenticated',
      timestamp: now.toISOString(),
      data: {
        projectId: hooked,
        userId: 'user-1',
        sessionId: session.id,
        brandKeyId: 'brand-record-1',
        expiresAt: session.expiresAt,
        continued: false,
      },
    });
    expect(committed).toBe(1); // the dispatcher hears of the row
  });

  it('writes no webhook row for a project without an endpoint for the event', async () => {
    const before = committed;
    await signIn(unhooked, 'user-2');
    expect(await testStore.store.db.selectFrom('webhook_deliveries').select('id').where('project_id', '=', unhooked).execute()).toEqual([]);
    expect(committed).toBe(before);
  });

  it('keeps the user’s profile and its visitorData until new data comes, with a new vuid and session each time', async () => {
    const first = await signIn(unhooked, 'user-3', { visitorData: '{"plan":"free"}' });
    const again = await signIn(unhooked, 'user-3');
    expect(again.profileId).toBe(first.profileId);
    expect(again.vuid).not.toBe(first.vuid);
    expect(again.id).not.toBe(first.id);
    const visitorData = async () =>
      (await rowsOf('visitor_profiles', unhooked)).filter((row) => row.user_id === 'user-3').map((row) => row.visitor_data);
    expect(await visitorData()).toEqual(['{"plan":"free"}']);
    await signIn(unhooked, 'user-3', { visitorData: '{"plan":"gold"}' });
    expect(await visitorData()).toEqual(['{"plan":"gold"}']);
    const sessions = (await rowsOf('visitor_sessions', unhooked)).filter((row) => row.user_id === 'user-3');
    expect(new Set(sessions.map((row) => row.profile_id))).toEqual(new Set([first.profileId]));
    expect(sessions).toHaveLength(3);
  });

  it('gives concurrent first sign-ins of one user one profile', async () => {
    const sessions = await Promise.all(Array.from({ length: 8 }, () => signIn(unhooked, 'user-4')));
    const profiles = (await rowsOf('visitor_profiles', unhooked)).filter((row) => row.user_id === 'user-4');
    expect(profiles).toHaveLength(1);
    expect(new Set(sessions.map((session) => session.profileId))).toEqual(new Set([profiles[0]?.id]));
  });

  it('claims the credentials’ keys with the writes, and refuses them the second time writing nothing', async () => {
    const claim = { keys: ['sig:once', 'jti:once'], until: nowSeconds + 600 };
    await signIn(unhooked, 'user-6', { claim });
    expect((await usedKeys(claim.keys)).sort()).toEqual(['jti:once', 'sig:once']);
    expect(await freshSignIn.write(input(unhooked, 'user-6', { claim }))).toBe('CREDENTIALS_REPLAYED');
    expect((await rowsOf('visitor_sessions', unhooked)).filter((row) => row.user_id === 'user-6')).toHaveLength(1);
    expect((await rowsOf('authentication_events', unhooked)).filter((row) => row.user_id === 'user-6')).toHaveLength(1);
  });

  it('gives back the keys a refused claim took, so that a live key of the set is the only one remembered', async () => {
    expect(await replayStore.rememberOnce(['jti:live'], nowSeconds + 600)).toBe(true);
    const claim = { keys: ['sig:partial', 'jti:live'], until: nowSeconds + 600 };
    expect(await freshSignIn.write(input(unhooked, 'user-7', { claim }))).toBe('CREDENTIALS_REPLAYED');
    expect(await usedKeys(['sig:partial'])).toEqual([]);
    expect(await rowsOf('visitor_profiles', unhooked).then((rows) => rows.filter((row) => row.user_id === 'user-7'))).toEqual([]);
  });

  it('stores exactly one of many concurrent presentations of the same credentials', async () => {
    const claim = { keys: ['sig:raced', 'jti:raced'], until: nowSeconds + 600 };
    const sessions = await Promise.all(Array.from({ length: 8 }, () => freshSignIn.write(input(unhooked, 'user-8', { claim }))));
    expect(sessions.filter((session) => typeof session !== 'string')).toHaveLength(1);
    expect(sessions.filter((session) => session === 'CREDENTIALS_REPLAYED')).toHaveLength(7);
    expect((await rowsOf('visitor_sessions', unhooked)).filter((row) => row.user_id === 'user-8')).toHaveLength(1);
  });

  it('stays refused when giving keys back fails, and stored when the sweep of expired keys fails', async () => {
    expect(await replayStore.rememberOnce(['jti:live-2'], nowSeconds + 600)).toBe(true);
    const { store } = testStore;
    const sweeping = new FreshSignIn({
      store,
      now: () => now,
      newId: randomUUID,
      authLog,
      outbox: new WebhookOutbox({ store, now: () => now, newId: randomUUID, committed: () => {} }),
      replayStore: new DatabaseReplayStore(store, () => nowSeconds), // never swept yet: it sweeps after its first claim
    });
    await store.db
      .insertInto('used_credentials')
      .values({ key: 'sig:expired', expires_at: nowSeconds - 1 })
      .execute(); // for the sweep to delete
    await refuseDeletes(store, 'used_credentials', true);
    try {
      const refused = input(unhooked, 'user-9', { claim: { keys: ['sig:left', 'jti:live-2'], until: nowSeconds + 600 } });
      expect(await sweeping.write(refused)).toBe('CREDENTIALS_REPLAYED');
      expect(await sweeping.write(input(unhooked, 'user-9'))).toMatchObject({ userId: 'user-9' });
    } finally {
      await refuseDeletes(store, 'used_credentials', false);
    }
  });

  it('writes nothing, and claims no key, when a brand key of the project was revoked after the keys were read', async () => {
    const { store } = testStore;
    const projectId = (await new Projects({ store, now: () => now, newId: randomUUID }).create('Rotating')).id;
    const record = (id: string, revokedAt: string | null) => ({
      id,
      project_id: projectId,
      kid: id,
      public_key_pem: '',
      fingerprint: `fingerprint-${id}`,
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: revokedAt,
      jwks_url: null,
    });
    await store.db
      .insertInto('brand_keys')
      .values([record('old', now.toISOString()), record('current', null)])
      .execute();
    const claim = { keys: ['sig:revoked-since'], until: nowSeconds + 600 };
    // Read when only "old" was revoked: stored.
    expect(await freshSignIn.write(input(projectId, 'user-10', { revokedBrandKeys: 1 }))).toMatchObject({ userId: 'user-10' });
    // Read before "old" was revoked, or after "current" was: refused, nothing written, nothing claimed.
    await store.db.updateTable('brand_keys').set({ revoked_at: now.toISOString() }).where('id', '=', 'current').execute();
    for (const revokedBrandKeys of [0, 1]) {
      expect(await freshSignIn.write(input(projectId, 'user-11', { claim, revokedBrandKeys }))).toBe('BRAND_KEYS_CHANGED');
    }
    expect(await usedKeys(claim.keys)).toEqual([]);
    for (const table of ['visitor_profiles', 'visitors', 'visitor_sessions', 'authentication_events'] as const)
      expect((await rowsOf(table, projectId)).filter((row) => 'user_id' in row && row.user_id === 'user-11')).toEqual([]);
    expect((await rowsOf('visitors', projectId)).length).toBe(1);
    expect(await freshSignIn.write(input(projectId, 'user-11', { claim, revokedBrandKeys: 2 }))).toMatchObject({ userId: 'user-11' });
    // Keys read for the sign-in itself: nothing to compare.
    expect(await freshSignIn.write(input(projectId, 'user-12', { revokedBrandKeys: null }))).toMatchObject({ userId: 'user-12' });
  });

  it('writes nothing, and spends no key, when a part fails', async () => {
    const claim = { keys: ['sig:failed'], until: nowSeconds + 600 };
    await expect(freshSignIn.write(input('no-such-project', 'user-5', { claim }))).rejects.toThrow(/foreign key/i);
    for (const table of ['visitor_profiles', 'visitors', 'visitor_sessions', 'authentication_events'] as const)
      expect(await rowsOf(table, 'no-such-project')).toEqual([]);
    expect(await usedKeys(claim.keys)).toEqual([]);
  });
});
