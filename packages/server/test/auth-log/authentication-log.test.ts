import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthenticationAttempt, AuthenticationLog, ipHmac, normalizeIp, planBuckets } from '../../src/auth-log/index.js';
import { ApiError } from '../../src/errors.js';
import { Projects } from '../../src/projects/projects.js';
import { serverSecret } from '../../src/store/server-secret.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('VALIDATION_FAILED');
  return (error as ApiError).message;
};

const attempt = (projectId: string, overrides: Partial<AuthenticationAttempt> = {}): AuthenticationAttempt => ({
  projectId,
  outcome: 'SUCCESS',
  reason: null,
  platformKeyId: 'pk-1',
  brandKeyId: 'bk-1',
  userId: 'user-42',
  vuid: 'vuid-1',
  clientIp: '192.0.2.7',
  ...overrides,
});

describe('ip HMAC and stats buckets', () => {
  it('hashes one address one way, whatever its spelling', () => {
    const key = Buffer.alloc(32, 7);
    expect(ipHmac(key, '192.0.2.7')).toBe(createHmac('sha256', key).update('192.0.2.7').digest('hex'));
    expect(ipHmac(key, '::ffff:192.0.2.7')).toBe(ipHmac(key, '192.0.2.7'));
    expect(ipHmac(key, '2001:DB8::1')).toBe(ipHmac(key, '2001:db8::1'));
    expect(ipHmac(Buffer.alloc(32, 8), '192.0.2.7')).not.toBe(ipHmac(key, '192.0.2.7'));
    expect(normalizeIp(' ::FFFF:10.0.0.1 ')).toBe('10.0.0.1');
  });

  it('plans whole buckets and refuses more than 1,000', async () => {
    const plan = planBuckets(new Date('2026-01-01T10:42:13Z'), new Date('2026-01-01T13:00:00Z'), 'HOUR');
    expect(plan.starts).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
    expect(plan).toMatchObject({ prefix: 13, lower: '2026-01-01T10:00:00.000Z', upper: '2026-01-01T13:00:00.000Z' });
    expect(planBuckets(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00.001Z'), 'DAY').starts).toEqual([
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(planBuckets(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T16:40:00Z'), 'MINUTE').starts).toHaveLength(1000);
    expect(await failure(Promise.resolve().then(() => planBuckets(new Date(0), new Date('2026-01-01T16:40:01Z'), 'MINUTE')))).toMatch(
      /at most 1000/,
    );
    expect(await failure(Promise.resolve().then(() => planBuckets(new Date(5), new Date(5), 'DAY')))).toMatch(/^to: must be later/);
    expect(await failure(Promise.resolve().then(() => planBuckets(new Date('nope'), new Date(5), 'DAY')))).toMatch(/^from:/);
    expect(await failure(Promise.resolve().then(() => planBuckets(new Date(0), new Date(5), 'WEEK' as 'DAY')))).toMatch(/^bucket:/);
  });
});

describe.each(DIALECTS)('authentication log on %s', (dialect) => {
  let testStore: TestStore;
  let clock = new Date('2026-02-01T12:00:00.000Z');
  let ids = 0;
  let log: AuthenticationLog;
  let projects: Projects;
  let ipKey: Buffer;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    ipKey = await serverSecret(testStore.store, 'auth-log-ip');
    const deps = { store: testStore.store, now: () => clock, newId: () => `id-${String(++ids).padStart(4, '0')}` };
    log = new AuthenticationLog({ ...deps, ipKey });
    projects = new Projects(deps);
  });
  afterAll(() => testStore.dispose());

  it('records an attempt with the IP as an HMAC only', async () => {
    const event = await log.record(attempt('rec'));
    expect(event).toEqual({
      id: expect.any(String),
      time: '2026-02-01T12:00:00.000Z',
      outcome: 'SUCCESS',
      reason: null,
      platformKeyId: 'pk-1',
      brandKeyId: 'bk-1',
      userId: 'user-42',
      vuid: 'vuid-1',
      ipHmac: ipHmac(ipKey, '192.0.2.7'),
    });
    const row = await testStore.store.db
      .selectFrom('authentication_events')
      .selectAll()
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('192.0.2.7');
    expect(row.ip_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect((await log.list('rec')).edges.map((edge) => edge.node)).toEqual([event]);
  });

  it('caps attacker-sized strings and refuses a reason outside the catalogue', async () => {
    const event = await log.record(attempt('caps', { outcome: 'FAILURE', reason: 'PROJECT_NOT_FOUND', vuid: 'v'.repeat(10_000) }));
    expect(event.vuid).toHaveLength(255);
    await expect(log.record(attempt('caps', { outcome: 'FAILURE', reason: 'WHATEVER' }))).rejects.toThrow(TypeError);
    expect(() => new AuthenticationLog({ store: testStore.store, now: () => clock, newId: () => 'x', ipKey: Buffer.alloc(8) })).toThrow(
      /32 bytes/,
    );
  });

  it('lists newest first, filters by outcome and reason, and pages through everything', async () => {
    const start = Date.parse('2026-02-01T12:00:00.000Z');
    const reasons = [null, 'EXPIRED', 'SIGNATURE_INVALID'] as const;
    for (let i = 0; i < 45; i++) {
      clock = new Date(start + Math.floor(i / 2) * 1000); // two events per second: ties on time
      const failed = i % 3 !== 0;
      await log.record(attempt('list', failed ? { outcome: 'FAILURE', reason: reasons[i % 3] ?? null, userId: null } : {}));
    }
    await log.record(attempt('other'));

    const all = await log.list('list', { first: 100, totalCount: true });
    expect(all.totalCount).toBe(45);
    const times = all.edges.map((edge) => edge.node.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.edges[0]?.node.time).toBe('2026-02-01T12:00:22.000Z');

    const walked: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await log.list('list', { first: 10, after });
      walked.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(walked).toEqual(all.edges.map((edge) => edge.node.id));

    const failures = await log.list('list', { outcome: 'FAILURE', first: 100 });
    expect(failures.edges).toHaveLength(30);
    expect(failures.edges.every((edge) => edge.node.outcome === 'FAILURE')).toBe(true);
    const expired = await log.list('list', { reason: 'EXPIRED', totalCount: true });
    expect(expired.totalCount).toBe(15);
    expect(expired.edges.every((edge) => edge.node.reason === 'EXPIRED')).toBe(true);
    expect((await log.list('list', { outcome: 'SUCCESS', reason: 'EXPIRED' })).edges).toEqual([]);

    expect(await failure(log.list('list', { reason: 'NOT_A_CODE' }))).toMatch(/^reason: "NOT_A_CODE" is not a reason code/);
    expect(await failure(log.list('list', { outcome: 'MAYBE' as 'SUCCESS' }))).toMatch(/^outcome:/);
    expect(await failure(log.list('list', { first: 101 }))).toMatch(/^first: at most 100/);
  });

  it('counts per bucket and outcome with every bucket present', async () => {
    const at = async (time: string, outcome: 'SUCCESS' | 'FAILURE') => {
      clock = new Date(time);
      await log.record(attempt('stats', outcome === 'FAILURE' ? { outcome, reason: 'EXPIRED' } : {}));
    };
    await at('2026-01-31T23:59:59.999Z', 'SUCCESS'); // before the range
    await at('2026-02-01T10:00:00.000Z', 'SUCCESS');
    await at('2026-02-01T10:59:59.999Z', 'FAILURE');
    await at('2026-02-01T10:30:00.000Z', 'FAILURE');
    await at('2026-02-01T12:15:00.000Z', 'SUCCESS');
    await at('2026-02-01T13:00:00.000Z', 'SUCCESS'); // after the range
    await log.record(attempt('elsewhere'));

    const hours = await log.stats('stats', {
      from: new Date('2026-02-01T10:20:00Z'),
      to: new Date('2026-02-01T13:00:00Z'),
      bucket: 'HOUR',
    });
    expect(hours).toEqual([
      { start: '2026-02-01T10:00:00.000Z', success: 1, failure: 2 },
      { start: '2026-02-01T11:00:00.000Z', success: 0, failure: 0 },
      { start: '2026-02-01T12:00:00.000Z', success: 1, failure: 0 },
    ]);
    const days = await log.stats('stats', { from: new Date('2026-01-31T00:00:00Z'), to: new Date('2026-02-03T00:00:00Z'), bucket: 'DAY' });
    expect(days).toEqual([
      { start: '2026-01-31T00:00:00.000Z', success: 1, failure: 0 },
      { start: '2026-02-01T00:00:00.000Z', success: 3, failure: 2 },
      { start: '2026-02-02T00:00:00.000Z', success: 0, failure: 0 },
    ]);
    const minutes = await log.stats('stats', {
      from: new Date('2026-02-01T10:58:00Z'),
      to: new Date('2026-02-01T11:01:00Z'),
      bucket: 'MINUTE',
    });
    expect(minutes.map((point) => [point.start.slice(11, 16), point.success, point.failure])).toEqual([
      ['10:58', 0, 0],
      ['10:59', 0, 1],
      ['11:00', 0, 0],
    ]);
    expect(await failure(log.stats('stats', { from: new Date(0), to: new Date('2026-01-01T00:00:00Z'), bucket: 'HOUR' }))).toMatch(
      /at most 1000/,
    );
  });

  it("purges events past each project's retention, and those of unknown projects after 30 days", async () => {
    const short = await projects.create('Short retention');
    const long = await projects.create('Long retention');
    await testStore.store.db.updateTable('projects').set({ auth_log_retention_days: 7 }).where('id', '=', short.id).execute();
    await testStore.store.db.updateTable('projects').set({ auth_log_retention_days: 90 }).where('id', '=', long.id).execute();
    await testStore.store.db.deleteFrom('authentication_events').execute();

    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const daysAgo = async (projectId: string, days: number) => {
      clock = new Date(now - days * 86_400_000);
      await log.record(attempt(projectId));
    };
    await daysAgo(short.id, 8); // purged
    await daysAgo(short.id, 7.5); // purged
    await daysAgo(short.id, 6.9);
    await daysAgo(long.id, 91); // purged
    await daysAgo(long.id, 60);
    await daysAgo('deleted-project', 31); // purged
    await daysAgo('deleted-project', 29);

    clock = new Date(now);
    expect(await log.purgeExpired()).toBe(4);
    expect(await log.purgeExpired()).toBe(0);
    expect((await log.list(short.id)).edges).toHaveLength(1);
    expect((await log.list(long.id)).edges).toHaveLength(1);
    expect((await log.list('deleted-project')).edges).toHaveLength(1);
  });
});
