import { z } from 'zod';
import { ApiError } from '../errors.js';
import { isVisibleLine } from '../identity/visible-line.js';
import { lockedTransaction } from '../store/locked-transaction.js';
import type { Store } from '../store/open-store.js';
import type { OperatorRole, OperatorTable } from '../store/schema.js';
import { type PasswordHasher, passwordHasher } from './password-hash.js';

/** An agent or admin account as the rest of the server sees it: never the password hash. */
export interface Operator {
  id: string;
  email: string;
  role: OperatorRole;
  disabled: boolean;
  createdAt: string;
  /** The name colleagues and visitors see: the one set, else the email's local part. */
  displayName: string;
}

export interface OperatorDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Defaults to scrypt at 2^15; tests pass a cheaper one. */
  passwords?: PasswordHasher;
}

/** What a start did with PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD. */
export type InitialAdminOutcome =
  /** Not set. */
  | { kind: 'not-configured' }
  /** The database had no operator: this admin is its first. */
  | { kind: 'created' }
  /** This admin already exists, enabled, with this password: nothing to do. */
  | { kind: 'exists' }
  /** An operator with this email exists but not as configured (another password, an agent, disabled): left as it is. */
  | { kind: 'differs'; role: OperatorRole; disabled: boolean }
  /** The database already has operators, none with this email: nothing was created. */
  | { kind: 'ignored'; operators: number };

/** A partial update; `undefined` or `null` leaves a field as it is. */
export interface OperatorPatch {
  role?: OperatorRole | null | undefined;
  disabled?: boolean | null | undefined;
  password?: string | null | undefined;
  /** Empty: back to the email's local part. */
  displayName?: string | null | undefined;
}

export const MAX_DISPLAY_NAME_LENGTH = 80;

const emailSchema = z.email().max(254);
const ROLES: readonly string[] = ['admin', 'agent'] satisfies OperatorRole[];

const fromRow = (row: OperatorTable): Operator => ({
  id: row.id,
  email: row.email,
  role: row.role,
  disabled: Boolean(row.disabled),
  createdAt: row.created_at,
  displayName: row.display_name || row.email.slice(0, row.email.indexOf('@')),
});

const normalEmail = (email: unknown): string => (typeof email === 'string' ? email.trim().toLowerCase() : '');

function checkedEmail(email: unknown): string {
  const normal = normalEmail(email);
  if (!emailSchema.safeParse(normal).success) throw new ApiError('VALIDATION_FAILED', 'email: give a valid email address');
  return normal;
}

function checkedRole(role: unknown): OperatorRole {
  if (typeof role !== 'string' || !ROLES.includes(role)) throw new ApiError('VALIDATION_FAILED', 'role: use "admin" or "agent"');
  return role as OperatorRole;
}

/** Trimmed, one visible line, at most 80 characters; empty resets to the email's local part. */
function checkedDisplayName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : null;
  if (trimmed === null || [...trimmed].length > MAX_DISPLAY_NAME_LENGTH || (trimmed !== '' && !isVisibleLine(trimmed)))
    throw new ApiError(
      'VALIDATION_FAILED',
      `displayName: use at most ${MAX_DISPLAY_NAME_LENGTH} visible characters on one line (no control, format or direction characters)`,
    );
  return trimmed;
}

function checkedPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < 12 || password.length > 1024)
    throw new ApiError('VALIDATION_FAILED', 'password: use 12 to 1024 characters');
  return password;
}

/** Operator accounts (agents and admins), their passwords and project memberships (spec §9.6, §11.1). */
export class Operators {
  private readonly passwords: PasswordHasher;

  constructor(private readonly deps: OperatorDeps) {
    this.passwords = deps.passwords ?? passwordHasher();
  }

  async create(input: { email: string; password: string; role: OperatorRole; displayName?: string | null | undefined }): Promise<Operator> {
    const email = checkedEmail(input.email);
    const role = checkedRole(input.role);
    const password = checkedPassword(input.password);
    const displayName = input.displayName == null ? '' : checkedDisplayName(input.displayName);
    const duplicate = () => new ApiError('VALIDATION_FAILED', 'email: an operator with this email exists; update that operator instead');
    if (await this.findByEmail(email)) throw duplicate();
    const row: OperatorTable = {
      id: this.deps.newId(),
      email,
      password_hash: await this.passwords.hash(password),
      role,
      disabled: 0,
      created_at: this.deps.now().toISOString(),
      display_name: displayName,
    };
    try {
      await this.deps.store.db.insertInto('operators').values(row).execute();
    } catch (error) {
      if (await this.findByEmail(email)) throw duplicate(); // created concurrently
      throw error;
    }
    return fromRow(row);
  }

  /**
   * Changes role, disabled state or password; the last enabled admin cannot be demoted or disabled.
   * The password is hashed first (scrypt takes a while); the check and the write then run under one
   * lock, so two concurrent updates cannot each leave the other as the last admin and both demote.
   */
  async update(id: string, patch: OperatorPatch): Promise<Operator> {
    await this.get(id);
    const role = patch.role == null ? null : checkedRole(patch.role);
    if (patch.disabled != null && typeof patch.disabled !== 'boolean')
      throw new ApiError('VALIDATION_FAILED', 'disabled: use true or false');
    const password = patch.password == null ? null : checkedPassword(patch.password);
    const displayName = patch.displayName == null ? null : checkedDisplayName(patch.displayName);
    const passwordHash = password === null ? null : await this.passwords.hash(password);
    return lockedTransaction(this.deps.store, 'operator-admins', async () => {
      const current = await this.get(id);
      const next = { ...current, role: role ?? current.role, disabled: patch.disabled ?? current.disabled };
      const removesAdmin = current.role === 'admin' && !current.disabled && (next.role !== 'admin' || next.disabled);
      if (removesAdmin && (await this.enabledAdmins()) <= 1)
        throw new ApiError('VALIDATION_FAILED', 'keep at least one enabled admin: create or enable another admin first');
      await this.deps.store.db
        .updateTable('operators')
        .set({
          role: next.role,
          disabled: next.disabled ? 1 : 0,
          ...(passwordHash === null ? {} : { password_hash: passwordHash }),
          ...(displayName === null ? {} : { display_name: displayName }),
        })
        .where('id', '=', id)
        .execute();
      return displayName === null ? next : this.get(id);
    });
  }

  async find(id: string): Promise<Operator | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
    const row = await this.deps.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async get(id: string): Promise<Operator> {
    const operator = await this.find(id);
    if (!operator) throw new ApiError('NOT_FOUND', `no operator has id "${id}"`);
    return operator;
  }

  /** Several operators in one query, keyed by id (unknown ids are absent). */
  async byIds(ids: readonly string[]): Promise<Map<string, Operator>> {
    const wanted = ids.filter((id) => typeof id === 'string' && id.length > 0 && id.length <= 100);
    if (wanted.length === 0) return new Map();
    const rows = await this.deps.store.db.selectFrom('operators').selectAll().where('id', 'in', wanted).execute();
    return new Map(rows.map((row) => [row.id, fromRow(row)]));
  }

  async findByEmail(email: string): Promise<Operator | null> {
    const row = await this.rowByEmail(email);
    return row ? fromRow(row) : null;
  }

  async list(): Promise<Operator[]> {
    const rows = await this.deps.store.db.selectFrom('operators').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(fromRow);
  }

  async count(): Promise<number> {
    const row = await this.deps.store.db
      .selectFrom('operators')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The operator for a correct email and password, else null (unknown, wrong or disabled); always one scrypt. */
  async authenticate(email: string, password: string): Promise<Operator | null> {
    const row = await this.rowByEmail(email);
    if (!row || typeof password !== 'string') {
      await this.passwords.verifyAgainstDummy(typeof password === 'string' ? password : '');
      return null;
    }
    const matches = await this.passwords.verify(row.password_hash, password);
    return matches && !row.disabled ? fromRow(row) : null;
  }

  /** Adds the operator to the project (no-op when already a member). */
  async addMember(projectId: string, operatorId: string): Promise<void> {
    await this.checkMembershipParties(projectId, operatorId);
    await this.deps.store.db
      .insertInto('project_members')
      .values({ project_id: projectId, operator_id: operatorId, created_at: this.deps.now().toISOString() })
      .onConflict((conflict) => conflict.columns(['project_id', 'operator_id']).doNothing())
      .execute();
  }

  /** Removes the operator from the project (no-op when not a member). */
  async removeMember(projectId: string, operatorId: string): Promise<void> {
    await this.checkMembershipParties(projectId, operatorId);
    await this.deps.store.db
      .deleteFrom('project_members')
      .where('project_id', '=', projectId)
      .where('operator_id', '=', operatorId)
      .execute();
  }

  async projectIdsOf(operatorId: string): Promise<string[]> {
    const rows = await this.deps.store.db
      .selectFrom('project_members')
      .select('project_id')
      .where('operator_id', '=', operatorId)
      .orderBy('created_at', 'asc')
      .orderBy('project_id', 'asc')
      .execute();
    return rows.map((row) => row.project_id);
  }

  /** The member operators of a project, ordered by email, in one query (none for an unknown project). */
  async membersOf(projectId: string): Promise<Operator[]> {
    const rows = await this.deps.store.db
      .selectFrom('operators')
      .innerJoin('project_members', 'project_members.operator_id', 'operators.id')
      .selectAll('operators')
      .where('project_members.project_id', '=', projectId)
      .orderBy('operators.email', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  async isMember(operatorId: string, projectId: string): Promise<boolean> {
    const row = await this.deps.store.db
      .selectFrom('project_members')
      .select('project_id')
      .where('operator_id', '=', operatorId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Creates the first admin (PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD) when no operator exists, and says what
   * it did: the variables never change an existing database, so a start can tell when they were ignored.
   */
  async ensureInitialAdmin(admin: { email: string; password: string } | null): Promise<InitialAdminOutcome> {
    if (!admin) return { kind: 'not-configured' };
    const operators = await this.count();
    if (operators === 0) {
      try {
        await this.create({ email: admin.email, password: admin.password, role: 'admin' });
        return { kind: 'created' };
      } catch (error) {
        if (!(error instanceof ApiError && (await this.findByEmail(admin.email)))) throw error; // else another node was first
      }
    }
    const row = await this.rowByEmail(admin.email);
    if (!row) return { kind: 'ignored', operators };
    const same = row.role === 'admin' && !row.disabled && (await this.passwords.verify(row.password_hash, admin.password));
    return same ? { kind: 'exists' } : { kind: 'differs', role: row.role, disabled: Boolean(row.disabled) };
  }

  private async rowByEmail(email: unknown): Promise<OperatorTable | undefined> {
    const normal = normalEmail(email);
    if (normal.length === 0 || normal.length > 254) return undefined;
    return this.deps.store.db.selectFrom('operators').selectAll().where('email', '=', normal).executeTakeFirst();
  }

  private async enabledAdmins(): Promise<number> {
    const row = await this.deps.store.db
      .selectFrom('operators')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async checkMembershipParties(projectId: string, operatorId: string): Promise<void> {
    const project =
      typeof projectId === 'string' && projectId.length > 0 && projectId.length <= 100
        ? await this.deps.store.db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
        : undefined;
    if (!project) throw new ApiError('NOT_FOUND', `no project has id "${projectId}"`);
    await this.get(operatorId);
  }
}
