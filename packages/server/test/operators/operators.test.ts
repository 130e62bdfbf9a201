import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Operators } from '../../src/operators/index.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';
import { apiFailure, countingHasher, testClock } from './helpers.js';

const PASSWORD = 'a long enough password';

describe.each(DIALECTS)('operators on %s', (dialect) => {
  let testStore: TestStore;
  let operators: Operators;
  let projects: Projects;
  const hasher = countingHasher();
  const clock = testClock();
  let ids = 0;
  const newId = () => `op-${String(++ids).padStart(3, '0')}`;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    operators = new Operators({ store: testStore.store, now: clock.now, newId, passwords: hasher });
    projects = new Projects({ store: testStore.store, now: clock.now, newId });
  });
  afterAll(() => testStore.dispose());

  it('creates the initial admin only when no operator exists', async () => {
    expect(await operators.ensureInitialAdmin(null)).toEqual({ kind: 'not-configured' });
    expect(await operators.count()).toBe(0);
    expect(await operators.ensureInitialAdmin({ email: 'Root@Example.com', password: PASSWORD })).toEqual({ kind: 'created' });
    // Later starts change nothing, and say why.
    expect(await operators.ensureInitialAdmin({ email: 'root@example.com', password: PASSWORD })).toEqual({ kind: 'exists' });
    expect(await operators.ensureInitialAdmin({ email: 'root@example.com', password: `${PASSWORD}!` })).toEqual({
      kind: 'differs',
      role: 'admin',
      disabled: false,
    });
    expect(await operators.ensureInitialAdmin({ email: 'other@example.com', password: PASSWORD })).toEqual({
      kind: 'ignored',
      operators: 1,
    });
    expect(await operators.count()).toBe(1);
    expect(await operators.authenticate('root@example.com', PASSWORD)).not.toBeNull(); // the password was not changed
    expect(await operators.findByEmail('ROOT@example.com')).toMatchObject({ email: 'root@example.com', role: 'admin', disabled: false });
  });

  it('creates, gets, lists and updates operators without exposing the password hash', async () => {
    clock.advance(1);
    const agent = await operators.create({ email: '  Agent.One@Example.COM ', password: PASSWORD, role: 'agent' });
    expect(agent).toEqual({
      id: agent.id,
      email: 'agent.one@example.com',
      role: 'agent',
      disabled: false,
      createdAt: clock.now().toISOString(),
      displayName: 'agent.one',
    });
    expect(Object.keys(agent)).not.toContain('passwordHash');
    expect(await operators.get(agent.id)).toEqual(agent);
    expect(await operators.find('missing')).toBeNull();
    expect((await apiFailure(operators.get('missing'))).code).toBe('NOT_FOUND');
    const row = await testStore.store.db.selectFrom('operators').selectAll().where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);

    const listed = await operators.list();
    expect(listed.map((operator) => operator.email)).toEqual(['root@example.com', 'agent.one@example.com']);
    expect(await operators.count()).toBe(2);

    const promoted = await operators.update(agent.id, { role: 'admin', disabled: null });
    expect(promoted).toMatchObject({ role: 'admin', disabled: false });
    expect(await operators.get(agent.id)).toEqual(promoted);
    await operators.update(agent.id, { password: 'a brand new password', role: 'agent' });
    expect(await operators.authenticate('agent.one@example.com', PASSWORD)).toBeNull();
    expect(await operators.authenticate('agent.one@example.com', 'a brand new password')).toMatchObject({ id: agent.id, role: 'agent' });
    expect((await apiFailure(operators.update('missing', { disabled: true }))).code).toBe('NOT_FOUND');
  });

  it('validates email, role and password, and refuses a duplicate email', async () => {
    const duplicate = await apiFailure(operators.create({ email: 'ROOT@example.com', password: PASSWORD, role: 'agent' }));
    expect(duplicate.code).toBe('VALIDATION_FAILED');
    expect(duplicate.message).toMatch(/an operator with this email exists/);
    for (const input of [
      { email: 'not an email', password: PASSWORD, role: 'agent' as const },
      { email: 'x@example.com', password: 'short', role: 'agent' as const },
      { email: 'x@example.com', password: 'p'.repeat(1025), role: 'agent' as const },
      { email: 'x@example.com', password: PASSWORD, role: 'owner' as 'agent' },
    ]) {
      const error = await apiFailure(operators.create(input));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).not.toContain(input.password);
    }
    expect(await operators.create({ email: 'max@example.com', password: 'p'.repeat(1024), role: 'agent' })).toMatchObject({
      role: 'agent',
    });
    const agent = await operators.findByEmail('max@example.com');
    expect((await apiFailure(operators.update(agent?.id ?? '', { password: 'short' }))).code).toBe('VALIDATION_FAILED');
    expect((await apiFailure(operators.update(agent?.id ?? '', { role: 'boss' as 'admin' }))).code).toBe('VALIDATION_FAILED');
  });

  it('keeps at least one enabled admin', async () => {
    const root = await operators.findByEmail('root@example.com');
    const error = await apiFailure(operators.update(root?.id ?? '', { disabled: true }));
    expect(error.message).toMatch(/keep at least one enabled admin/);
    expect((await apiFailure(operators.update(root?.id ?? '', { role: 'agent' }))).code).toBe('VALIDATION_FAILED');
    const second = await operators.create({ email: 'second.admin@example.com', password: PASSWORD, role: 'admin' });
    expect(await operators.update(second.id, { disabled: true })).toMatchObject({ disabled: true });
    expect((await apiFailure(operators.update(root?.id ?? '', { disabled: true }))).code).toBe('VALIDATION_FAILED');
    expect(await operators.update(second.id, { disabled: false })).toMatchObject({ disabled: false });
    expect(await operators.update(root?.id ?? '', { role: 'agent' })).toMatchObject({ role: 'agent' });
    expect(await operators.update(root?.id ?? '', { role: 'admin' })).toMatchObject({ role: 'admin' });
  });

  it('authenticates with one scrypt per attempt, and refuses unknown, wrong and disabled alike', async () => {
    const agent = await operators.create({ email: 'login@example.com', password: PASSWORD, role: 'agent' });
    const attempt = async (email: string, password: string) => {
      const before = hasher.scrypts;
      const result = await operators.authenticate(email, password);
      expect(hasher.scrypts - before).toBe(1);
      return result;
    };
    expect(await attempt('LOGIN@example.com', PASSWORD)).toEqual(agent);
    expect(await attempt('login@example.com', `${PASSWORD}!`)).toBeNull();
    expect(await attempt('nobody@example.com', PASSWORD)).toBeNull();
    expect(await attempt('', PASSWORD)).toBeNull();
    expect(await attempt('x'.repeat(10_000), PASSWORD)).toBeNull();
    await operators.update(agent.id, { disabled: true });
    expect(await attempt('login@example.com', PASSWORD)).toBeNull();
    await operators.update(agent.id, { disabled: false });
    expect(await attempt('login@example.com', PASSWORD)).toMatchObject({ id: agent.id });
  });

  it('adds and removes project members idempotently', async () => {
    const agent = await operators.create({ email: 'member@example.com', password: PASSWORD, role: 'agent' });
    const first = await projects.create('First');
    const second = await projects.create('Second');
    expect(await operators.projectIdsOf(agent.id)).toEqual([]);
    await operators.addMember(first.id, agent.id);
    await operators.addMember(first.id, agent.id);
    clock.advance(1);
    await operators.addMember(second.id, agent.id);
    expect(await operators.projectIdsOf(agent.id)).toEqual([first.id, second.id]);
    expect(await operators.isMember(agent.id, first.id)).toBe(true);
    expect((await operators.membersOf(first.id)).map((operator) => operator.email)).toEqual(['member@example.com']);
    expect(await operators.membersOf('missing')).toEqual([]);
    await operators.removeMember(first.id, agent.id);
    await operators.removeMember(first.id, agent.id);
    expect(await operators.isMember(agent.id, first.id)).toBe(false);
    expect(await operators.projectIdsOf(agent.id)).toEqual([second.id]);
    expect(await operators.membersOf(first.id)).toEqual([]);
    expect((await apiFailure(operators.addMember('missing', agent.id))).message).toMatch(/no project has id/);
    expect((await apiFailure(operators.addMember(first.id, 'missing'))).message).toMatch(/no operator has id/);
    expect((await apiFailure(operators.removeMember('missing', agent.id))).code).toBe('NOT_FOUND');
  });
});
