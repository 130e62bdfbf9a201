import type { Store } from '../store/open-store.js';
import type { ConversationTable } from '../store/schema.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import type { Outcome } from '../store/write-batcher.js';
import type { BumpRow, HotStatements, InsertRow } from './hot-statements.js';
import { type AuthorKind, type Conversation, conversationFromRow, type Message, messageFromRow } from './types.js';

export interface PendingAppend {
  conversationId: string;
  authorKind: AuthorKind;
  authorId: string | null;
  clientId: string | null;
  text: string;
  verified: boolean;
  brandKeyId: string | null;
  /** Refused (ConversationClosedError) once the conversation is closed, instead of appended to it. */
  whileOpen: boolean;
}

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
  /** Called once the batch has committed, for each message in order. */
  published: (appended: Appended) => void;
  /** The one-message path: a batch that cannot commit as a whole is retried through it, item by item. */
  appendOne: (item: PendingAppend) => Promise<Appended>;
}

/** Thrown inside the batch's transaction to roll it back when one of its items needs the one-message path. */
class NeedsOneByOne extends Error {}

/**
 * Commits a batch of appends in one transaction of two statements: each conversation takes as many
 * sequence numbers as the batch has messages for it (gapless, in arrival order), and the messages are
 * inserted in one multi-row statement. Anything out of the common case — a stored or repeated client
 * id, a closed or unknown conversation, a row the database refuses — rolls the batch back and each
 * item is retried on its own, so one bad item never fails its neighbours. A storage fault fails them all.
 */
export async function commitAppendBatch(deps: AppendBatchDeps, items: readonly PendingAppend[]): Promise<Outcome<Appended>[]> {
  try {
    const appended = await deps.store.transaction(() => appendTogether(deps, items));
    for (const result of appended) deps.published(result);
    return appended.map((value) => ({ ok: true, value }));
  } catch (error) {
    if (error instanceof StoreUnavailableError) return items.map(() => ({ ok: false, error }));
    const outcomes: Outcome<Appended>[] = [];
    for (const item of items) {
      try {
        outcomes.push({ ok: true, value: await deps.appendOne(item) });
      } catch (itemError) {
        outcomes.push({ ok: false, error: itemError });
      }
    }
    return outcomes;
  }
}

async function appendTogether(deps: AppendBatchDeps, items: readonly PendingAppend[]): Promise<Appended[]> {
  const { store, statements } = deps;
  const byConversation = new Map<string, PendingAppend[]>();
  for (const item of items) {
    const group = byConversation.get(item.conversationId);
    if (group) group.push(item);
    else byConversation.set(item.conversationId, [item]);
  }
  const bumps: BumpRow[] = [...byConversation].map(([id, group]) => ({
    id,
    n: group.length,
    open: group.some((item) => item.whileOpen) ? 1 : 0,
  }));
  const now = deps.now().toISOString();
  const bumped = await store.db.executeQuery<ConversationTable>(statements.bump(bumps, now));
  if (bumped.rows.length !== bumps.length) throw new NeedsOneByOne();
  const conversations = new Map(bumped.rows.map((row) => [row.id, conversationFromRow(row)]));
  const firstSeq = new Map(bumps.map((bump) => [bump.id, (conversations.get(bump.id)?.lastSeq ?? 0) - bump.n + 1]));
  const rows = items.map((item): InsertRow => {
    const seq = firstSeq.get(item.conversationId) ?? 0;
    firstSeq.set(item.conversationId, seq + 1);
    return {
      id: deps.newId(),
      conversation_id: item.conversationId,
      seq,
      author_kind: item.authorKind,
      author_id: item.authorId ?? '',
      client_id: item.clientId ?? '',
      text: item.text,
      verified: item.verified ? 1 : 0,
      brand_key_id: item.brandKeyId,
    };
  });
  const inserted = await store.db.executeQuery(statements.insert(rows, now));
  if (inserted.rows.length !== rows.length) throw new NeedsOneByOne();
  return rows.map((row) => {
    const conversation = conversations.get(row.conversation_id) as Conversation;
    return {
      message: messageFromRow({ ...row, created_at: now }),
      conversation: { ...conversation, lastSeq: row.seq },
      duplicate: false,
    };
  });
}
