import { isMessageText } from '@parley/protocol';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { CannedReplyTable } from '../store/schema.js';
import { isUniqueViolation } from '../store/unique-violation.js';

export interface CannedReply {
  id: string;
  projectId: string;
  /** What an agent types after `/` to find it: lower-case letters, digits and dashes. */
  shortcut: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

export interface CannedReplyDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

const SHORTCUT = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MAX_TEXT = 5000;
/** A project holds at most this many: the desk loads them all. */
export const MAX_CANNED_REPLIES = 200;

const fromRow = (row: CannedReplyTable): CannedReply => ({
  id: row.id,
  projectId: row.project_id,
  shortcut: row.shortcut,
  text: row.text,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function checked(input: { shortcut?: unknown; text?: unknown }): { shortcut?: string; text?: string } {
  const out: { shortcut?: string; text?: string } = {};
  if (input.shortcut !== undefined && input.shortcut !== null) {
    const shortcut = typeof input.shortcut === 'string' ? input.shortcut.trim().replace(/^\//, '').toLowerCase() : '';
    if (!SHORTCUT.test(shortcut))
      throw new ApiError('VALIDATION_FAILED', 'shortcut: use 1 to 32 lower-case letters, digits or dashes (e.g. "refund-policy")');
    out.shortcut = shortcut;
  }
  if (input.text !== undefined && input.text !== null) {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text.length === 0 || [...text].length > MAX_TEXT) throw new ApiError('VALIDATION_FAILED', `text: use 1 to ${MAX_TEXT} characters`);
    // What an agent could not send as a message (a control character, a lone surrogate) is refused here already.
    if (!isMessageText(text) || text.replace(/\p{Cf}/gu, '').trim() === '')
      throw new ApiError('VALIDATION_FAILED', 'text: use visible text without control characters (tab and line breaks are fine)');
    out.text = text;
  }
  return out;
}

/** Answers a project's agents insert with `/shortcut` in the desk; admins manage them. */
export class CannedReplies {
  constructor(private readonly deps: CannedReplyDeps) {}

  async list(projectId: string): Promise<CannedReply[]> {
    const rows = await this.deps.store.db
      .selectFrom('canned_replies')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('shortcut', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  async get(id: string): Promise<CannedReply> {
    const row =
      typeof id === 'string' && id.length <= 100
        ? await this.deps.store.db.selectFrom('canned_replies').selectAll().where('id', '=', id).executeTakeFirst()
        : undefined;
    if (!row) throw new ApiError('NOT_FOUND', `no canned reply has id "${id}"`);
    return fromRow(row);
  }

  async create(projectId: string, input: { shortcut: string; text: string }): Promise<CannedReply> {
    const { shortcut = '', text = '' } = checked(input);
    return this.deps.store
      .transaction(async () => {
        const existing = await this.list(projectId);
        if (existing.length >= MAX_CANNED_REPLIES)
          throw new ApiError('VALIDATION_FAILED', `a project holds at most ${MAX_CANNED_REPLIES} canned replies: delete one first`);
        if (existing.some((reply) => reply.shortcut === shortcut)) throw duplicate(shortcut);
        const now = this.deps.now().toISOString();
        const row: CannedReplyTable = { id: this.deps.newId(), project_id: projectId, shortcut, text, created_at: now, updated_at: now };
        await this.deps.store.db.insertInto('canned_replies').values(row).execute();
        return fromRow(row);
      })
      .catch(rethrowDuplicate(shortcut));
  }

  async update(id: string, patch: { shortcut?: string | null; text?: string | null }): Promise<CannedReply> {
    const changes = checked(patch);
    return this.deps.store
      .transaction(async () => {
        const current = await this.get(id);
        if (
          changes.shortcut &&
          changes.shortcut !== current.shortcut &&
          (await this.list(current.projectId)).some((r) => r.shortcut === changes.shortcut)
        )
          throw duplicate(changes.shortcut);
        const updatedAt = this.deps.now().toISOString();
        await this.deps.store.db
          .updateTable('canned_replies')
          .set({ ...changes, updated_at: updatedAt })
          .where('id', '=', id)
          .execute();
        return { ...current, ...changes, updatedAt };
      })
      .catch(rethrowDuplicate(changes.shortcut ?? ''));
  }

  async delete(id: string): Promise<CannedReply> {
    const current = await this.get(id);
    await this.deps.store.db.deleteFrom('canned_replies').where('id', '=', id).execute();
    return current;
  }
}

const duplicate = (shortcut: string) =>
  new ApiError('VALIDATION_FAILED', `shortcut: "/${shortcut}" is taken in this project: choose another`);

/** Another admin's create or rename took the shortcut between the check and the write. */
const rethrowDuplicate = (shortcut: string) => (error: unknown) => {
  throw isUniqueViolation(error) ? duplicate(shortcut) : error;
};
