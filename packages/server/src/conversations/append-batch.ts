import type { Store } from '../store/open-store.js';
import type { ConversationTable } from '../store/schema.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import type { Outcome } from '../store/write-batcher.js';
import type { BumpRow, HotStatements, InsertRow } from './hot-statements.js';
import { type Conversation, conversationFromRow, type Message, messageFromRow, type NewMessage } from './types.js';

/** A message waiting for its batch: whileOpen is said, not defaulted. */
export type PendingAppend = Required<NewMessage> & { conversationId: string };

export interface Appended {
  message: Message;
  conversation: Conversation;
  duplicate: boolean;
}

export interface AppendBatchDeps {
  store: Store;
  statements: HotStatements;
  now: () => Date;
  newId: () => string;
  /** Called inside the batch's transaction with its messages: their webhook events commit with them. */
  recorded: (appended: readonly (Appended & { userId: string | null })[]) => Promise<void>;
  /** Called once the batch has committed, for each message in order. */
  published: (appended: Appended) => void;
  /** The one-message path, which answers every case (a stored client id, a closed or unknown conversation…). */
  appendOne: (item: PendingAppend) => Promise<Appended>;
}

/** Thrown inside the batch's transaction to roll it back: these items need the one-message path. */
class NeedsOneByOne extends Error {
  constructor(readonly items: ReadonlySet<PendingAppend>) {
    super('items of the batch need the one-message path');
  }
}

/** Deadlock or serialization failure (PostgreSQL): the transaction lost a race and may simply run again. */
const lostRace = (error: unknown) => ['40P01', '40001'].includes(String((error as { code?: unknown }).code));
const MAX_RACES = 3;

/**
 * Commits a batch of appends: each conversation takes as many sequence numbers as the batch has messages
 * for it (gapless, in arrival order), and the messages are inserted in one multi-row statement — on
 * PostgreSQL both in one statement, elsewhere (or when that statement cannot take the batch) in one
 * transaction of two. Items out of the common case — a stored or repeated client id, a closed, moved or
 * unknown conversation — are taken out and go the one-message path after the rest, so one bad item never
 * fails or slows its neighbours. A storage fault fails the batch; any other error sends every item the
 * one-message path.
 */
export async function commitAppendBatch(deps: AppendBatchDeps, items: readonly PendingAppend[]): Promise<Outcome<Appended>[]> {
  const { appendAll } = deps.statements;
  const inOneStatement = appendAll ? await appendInOneStatement(deps, appendAll, items) : null;
  return inOneStatement ?? commitInTransaction(deps, items);
}

/**
 * PostgreSQL: the batch as one statement in autocommit (hot-statements.ts). Items whose conversation it left alone
 * (unknown, or closed while they asked for an open one) wrote nothing and go the one-message path. Null when the whole
 * batch goes the transactional path instead: a project of it has webhooks, or a client id is stored or repeated.
 */
async function appendInOneStatement(
  deps: AppendBatchDeps,
  appendAll: NonNullable<HotStatements['appendAll']>,
  items: readonly PendingAppend[],
): Promise<Outcome<Appended>[] | null> {
  const now = deps.now().toISOString();
  const rows = items.map((item) => ({
    ...messageRow(item, deps.newId(), 0),
    open: item.whileOpen ? (1 as const) : (0 as const),
    profile: item.whileOfProfile,
  }));
  let bumped: readonly (ConversationTable & { hooked: boolean })[];
  try {
    bumped = (await deps.store.db.executeQuery<ConversationTable & { hooked: boolean }>(appendAll(rows, now))).rows;
  } catch (error) {
    if (error instanceof StoreUnavailableError) return items.map(() => ({ ok: false, error }));
    return null;
  }
  if (bumped[0]?.hooked !== false) return null;
  const conversations = new Map(bumped.filter((row) => row.id !== null).map((row) => [row.id, conversationFromRow(row)]));
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.conversationId, (counts.get(item.conversationId) ?? 0) + 1);
  const nextSeq = new Map([...conversations].map(([id, conversation]) => [id, conversation.lastSeq - (counts.get(id) ?? 0) + 1]));
  const outcomes = new Map<PendingAppend, Outcome<Appended>>();
  items.forEach((item, index) => {
    const conversation = conversations.get(item.conversationId);
    const seq = nextSeq.get(item.conversationId);
    if (!conversation || seq === undefined) return;
    nextSeq.set(item.conversationId, seq + 1);
    const message = messageFromRow({ ...(rows[index] as InsertRow), seq, created_at: now });
    const value = { message, conversation: { ...conversation, lastSeq: seq }, duplicate: false };
    deps.published(value);
    outcomes.set(item, { ok: true, value });
  });
  return finishOneByOne(deps, items, outcomes);
}

/**
 * The batch in one transaction of the bump, the insert and its webhook events; what it cannot take (see
 * appendTogether) is taken out and the rest runs again, and a lost race (PostgreSQL) runs it again whole.
 */
async function commitInTransaction(deps: AppendBatchDeps, items: readonly PendingAppend[]): Promise<Outcome<Appended>[]> {
  const outcomes = new Map<PendingAppend, Outcome<Appended>>();
  let together = [...items];
  for (let races = 0; together.length > 0; ) {
    try {
      const appended = await deps.store.transaction(() => appendTogether(deps, together));
      together.forEach((item, index) => {
        const value = appended[index] as Appended;
        deps.published(value);
        outcomes.set(item, { ok: true, value });
      });
      break;
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        for (const item of together) outcomes.set(item, { ok: false, error });
        break;
      }
      if (error instanceof NeedsOneByOne) {
        together = together.filter((item) => !error.items.has(item));
      } else if (!(lostRace(error) && ++races < MAX_RACES)) {
        break; // every item left goes the one-message path
      }
    }
  }
  return finishOneByOne(deps, items, outcomes);
}

/** Answers the items without an outcome yet through the one-message path, one after the other; then every item's outcome. */
async function finishOneByOne(
  deps: AppendBatchDeps,
  items: readonly PendingAppend[],
  outcomes: Map<PendingAppend, Outcome<Appended>>,
): Promise<Outcome<Appended>[]> {
  for (const item of items.filter((candidate) => !outcomes.has(candidate))) {
    try {
      outcomes.set(item, { ok: true, value: await deps.appendOne(item) });
    } catch (error) {
      outcomes.set(item, { ok: false, error });
    }
  }
  return items.map((item) => outcomes.get(item) as Outcome<Appended>);
}

async function appendTogether(deps: AppendBatchDeps, items: readonly PendingAppend[]): Promise<Appended[]> {
  const { store, statements } = deps;
  const byConversation = new Map<string, PendingAppend[]>();
  for (const item of items) {
    const group = byConversation.get(item.conversationId);
    if (group) group.push(item);
    else byConversation.set(item.conversationId, [item]);
  }
  // In id order: two batches (or nodes) lock the conversations they share in the same order.
  const bumps: BumpRow[] = [...byConversation]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, group]) => ({ id, n: group.length, open: group.some((item) => item.whileOpen) ? 1 : 0, profile: profileOf(group) }));
  const now = deps.now().toISOString();
  const bumped = await store.db.executeQuery<ConversationTable>(statements.bump(bumps, now));
  const conversations = new Map(bumped.rows.map((row) => [row.id, conversationFromRow(row)]));
  // Unknown, or closed while an item asked for an open one.
  const missed = items.filter((item) => !conversations.has(item.conversationId));
  if (missed.length > 0) throw new NeedsOneByOne(new Set(missed));
  const nextSeq = new Map(bumps.map((bump) => [bump.id, (conversations.get(bump.id)?.lastSeq ?? 0) - bump.n + 1]));
  const rows = items.map((item): InsertRow => {
    const seq = nextSeq.get(item.conversationId) ?? 0;
    nextSeq.set(item.conversationId, seq + 1);
    return messageRow(item, deps.newId(), seq);
  });
  const inserted = await store.db.executeQuery<{ id: string }>(statements.insert(rows, now));
  if (inserted.rows.length !== rows.length) {
    // A client id already stored, or sent twice in this batch: the skipped rows' items answer the stored message.
    const stored = new Set(inserted.rows.map((row) => row.id));
    throw new NeedsOneByOne(new Set(items.filter((_, index) => !stored.has(rows[index]?.id as string))));
  }
  const appended = rows.map((row) => ({
    message: messageFromRow({ ...row, created_at: now }),
    conversation: { ...(conversations.get(row.conversation_id) as Conversation), lastSeq: row.seq },
    duplicate: false,
  }));
  await deps.recorded(appended.map((value, index) => ({ ...value, userId: items[index]?.userId ?? null })));
  return appended;
}

/** The profile a conversation's items ask it to belong to: null for none, '' (no profile) when they name different ones. */
function profileOf(group: readonly PendingAppend[]): string | null {
  const named = new Set(group.flatMap((item) => (item.whileOfProfile ? [item.whileOfProfile] : [])));
  return named.size > 1 ? '' : ([...named][0] ?? null);
}

/** The stored row of a message (its created_at aside), for both the batch and the one-message path. */
export function messageRow(item: PendingAppend, id: string, seq: number): InsertRow {
  return {
    id,
    conversation_id: item.conversationId,
    seq,
    author_kind: item.authorKind,
    author_id: item.authorId ?? '',
    // A message without a client id (a system line) keys on its own id: it is never anyone's duplicate.
    client_id: item.clientId ?? id,
    text: item.text,
    verified: item.verified ? 1 : 0,
    brand_key_id: item.brandKeyId,
  };
}
