import { codePointLength, MAX_MESSAGE_TEXT_LENGTH } from '@parley/protocol';
import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import type { EventBus } from '../realtime/event-bus.js';
import type { Store } from '../store/open-store.js';
import type { ConnectionArgs, CountedConnection } from '../store/pagination.js';
import type { ConversationTable } from '../store/schema.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { type BatchObserver, WriteBatcher } from '../store/write-batcher.js';
import { conversationEvent, messageCreated } from '../webhooks/events.js';
import type { WebhookOutbox } from '../webhooks/outbox.js';
import { type Appended, commitAppendBatch, messageRow, type PendingAppend } from './append-batch.js';
import { type ConversationFilter, listConversations } from './conversation-list.js';
import { type HotStatements, hotStatements } from './hot-statements.js';
import { messagePage } from './message-page.js';
import { type Conversation, conversationFromRow, type Message, messageFromRow, type NewMessage } from './types.js';

export interface ConversationDeps {
  store: Store;
  bus: EventBus;
  now: () => Date;
  newId: () => string;
  /** Webhook events, written in the transaction of each change (webhooks/outbox.ts). */
  webhooks?: WebhookOutbox;
  /** Hears of each group-commit batch of appends (the metrics). */
  observeAppendBatch?: BatchObserver;
}

class DuplicateClientId extends Error {}

export const SYSTEM_LINE = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;
/** System lines the widget knows and shows in the visitor's language (widget/i18n/system-lines.ts). */
export const CLOSED_LINE = 'Conversation closed';
export const REOPENED_LINE = 'Conversation reopened';
/**
 * SQLite: under steady traffic, a batch of appends waits this long for more (measured: docs/performance.md).
 * PostgreSQL: not measured better (a batch there is one statement in autocommit), so no wait.
 */
const APPEND_LINGER_MS = { sqlite: 1, postgres: 0 } as const;

/** An append `whileOpen` to a conversation that is closed, or `whileOfProfile` to one of another profile: nothing was stored. */
export class ConversationClosedError extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation "${conversationId}" is closed`);
  }
}

/**
 * Conversations and their messages. A message gets the next gapless sequence number of its
 * conversation; the same client id from the same author is stored once, however often it is
 * sent. Events are published after the transaction that made them commits.
 */
export class Conversations {
  private readonly appends: WriteBatcher<PendingAppend, Appended>;

  private readonly statements: HotStatements;

  constructor(private readonly deps: ConversationDeps) {
    this.statements = hotStatements(deps.store.dialect);
    const batchDeps = {
      ...deps,
      statements: this.statements,
      published: ({ conversation, message }: Appended) => deps.bus.publish({ kind: 'message', conversation, message }),
      recorded: (appended: readonly { conversation: Conversation; message: Message; userId: string | null }[]) =>
        this.recordEvents(appended.map(({ conversation, message, userId }) => messageCreated(conversation, message, userId))),
      appendOne: (item: PendingAppend) => this.appendOne(item),
    };
    this.appends = new WriteBatcher((items) => commitAppendBatch(batchDeps, items), {
      lingerMs: APPEND_LINGER_MS[deps.store.dialect],
      ...(deps.observeAppendBatch ? { observer: deps.observeAppendBatch } : {}),
    });
  }

  async find(id: string): Promise<Conversation | null> {
    const row = await this.deps.store.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? conversationFromRow(row) : null;
  }

  async get(id: string): Promise<Conversation> {
    const conversation = typeof id === 'string' && id.length <= 100 ? await this.find(id) : null;
    if (!conversation) throw new ApiError('NOT_FOUND', `no conversation has id "${id}"`);
    return conversation;
  }

  /** The profile's open conversation (at most one: a partial unique index), or null. Read for every visitor send. */
  async openOf(profileId: string): Promise<Conversation | null> {
    const { rows } = await this.deps.store.db.executeQuery<ConversationTable>(this.statements.openOf(profileId));
    return rows[0] ? conversationFromRow(rows[0]) : null;
  }

  /**
   * Locks conversations for the caller's transaction in id order (PostgreSQL; SQLite writes one transaction at a
   * time), before code that changes several of them in another order.
   */
  async lockInIdOrder(ids: readonly string[]): Promise<void> {
    if (this.deps.store.dialect !== 'postgres' || ids.length === 0) return;
    await this.deps.store.db.selectFrom('conversations').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  }

  /** The profile's most recent conversation, open or closed. */
  async latestOf(profileId: string): Promise<Conversation | null> {
    const row = await this.deps.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('profile_id', '=', profileId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? conversationFromRow(row) : null;
  }

  /** The profile's open conversation, started when there is none. `userId`: the verified visitor's, for the webhook event. */
  async ensureOpen(projectId: string, profileId: string, userId: string | null = null): Promise<Conversation> {
    return this.deps.store.transaction(async () => {
      const open = await this.openOf(profileId);
      if (open) return open;
      const now = this.deps.now().toISOString();
      const row = {
        id: this.deps.newId(),
        project_id: projectId,
        profile_id: profileId,
        status: 'open' as const,
        assigned_operator_id: null,
        last_seq: 0,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
      const inserted = await this.deps.store.db
        .insertInto('conversations')
        .values(row)
        .onConflict((conflict) => conflict.column('profile_id').where('status', '=', sql.lit('open')).doNothing())
        .executeTakeFirst();
      // Another device started it meanwhile: continue that one.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return (await this.openOf(profileId)) as Conversation;
      const conversation = conversationFromRow(row);
      await this.recordEvents([conversationEvent('conversation.created', conversation, userId)]);
      this.publishAfterCommit({ kind: 'conversation', conversation });
      return conversation;
    });
  }

  /**
   * Appends a message and answers it once committed. A client id already stored for this author in
   * this conversation answers the stored message (`duplicate: true`) and changes nothing. Appends
   * made outside a transaction are committed together with the others of the same event-loop turn
   * (group commit: append-batch.ts); inside one, they join it.
   */
  append(conversationId: string, input: NewMessage): Promise<Appended> {
    const { text } = input;
    if (typeof text !== 'string' || text === '' || codePointLength(text) > MAX_MESSAGE_TEXT_LENGTH || text.includes('\u0000')) {
      return Promise.reject(new ApiError('VALIDATION_FAILED', `text: 1..${MAX_MESSAGE_TEXT_LENGTH} characters, without NUL`));
    }
    const item: PendingAppend = {
      ...input,
      conversationId,
      whileOpen: input.whileOpen ?? false,
      whileOfProfile: input.whileOfProfile ?? null,
      userId: input.userId ?? null,
    };
    return this.deps.store.inTransaction ? this.appendOne(item) : this.appends.enqueue(item);
  }

  /**
   * One message in its own transaction (or the caller's). A stored client id meets the unique key on
   * insert: the transaction, with the sequence number it took, rolls back and the stored message answers.
   */
  private async appendOne(input: PendingAppend): Promise<Appended> {
    const { conversationId } = input;
    try {
      return await this.deps.store.transaction(async () => {
        const now = this.deps.now().toISOString();
        const bumped = await this.deps.store.db
          .updateTable('conversations')
          .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: now }))
          .where('id', '=', conversationId)
          .returningAll()
          .executeTakeFirst();
        if (!bumped) throw new ApiError('NOT_FOUND', `no conversation has id "${conversationId}"`);
        const conversation = conversationFromRow(bumped);
        const moved = input.whileOfProfile !== null && conversation.profileId !== input.whileOfProfile;
        if ((input.whileOpen && conversation.status !== 'open') || moved) throw new ConversationClosedError(conversationId);
        const row = { ...messageRow(input, this.deps.newId(), conversation.lastSeq), created_at: now };
        const inserted = await this.deps.store.db
          .insertInto('messages')
          .values(row)
          .onConflict((conflict) => conflict.columns(['conversation_id', 'author_kind', 'author_id', 'client_id']).doNothing())
          .executeTakeFirst();
        // A concurrent send of the same client id won: undo this one and answer that one.
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new DuplicateClientId();
        const message = messageFromRow(row);
        await this.recordEvents([messageCreated(conversation, message, input.userId)]);
        this.publishAfterCommit({ kind: 'message', conversation, message });
        return { message, conversation, duplicate: false };
      });
    } catch (error) {
      if (!(error instanceof DuplicateClientId || error instanceof ConversationClosedError)) throw error;
      const existing = await this.findSent(conversationId, input);
      if (!existing) throw error;
      const conversation = await this.get(conversationId);
      // Published again: the first attempt may have committed without its event (the node lost the answer to
      // COMMIT and the client resent). Clients deliver a seq once, so a second event costs nothing.
      this.publishAfterCommit({ kind: 'message', conversation, message: existing });
      return { message: existing, conversation, duplicate: true };
    }
  }

  /** Messages after `afterSeq`, in order (at most `limit`). */
  async messagesAfter(conversationId: string, afterSeq: number, limit = 500): Promise<Message[]> {
    const rows = await this.deps.store.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map(messageFromRow);
  }

  /** A conversation's messages as a Relay connection in sequence order (`last: 20` = the latest page). */
  messages(conversationId: string, args: ConnectionArgs): Promise<CountedConnection<Message>> {
    return messagePage(this.deps.store, conversationId, args);
  }

  /** Conversations of several projects (null: every project), most recently active first (conversation-list.ts). */
  list(projectIds: readonly string[] | null, filter: ConversationFilter, args: ConnectionArgs): Promise<CountedConnection<Conversation>> {
    return listConversations(this.deps.store, projectIds, filter, args);
  }

  async assign(conversationId: string, operatorId: string | null): Promise<Conversation> {
    return this.deps.store.transaction(async () => {
      const conversation = await this.update(conversationId, { assigned_operator_id: operatorId });
      await this.recordConversationEvent('conversation.assigned', conversation);
      return conversation;
    });
  }

  async close(conversationId: string): Promise<Conversation> {
    return this.deps.store.transaction(async () => {
      const conversation = await this.update(conversationId, { status: 'closed', closed_at: this.deps.now().toISOString() });
      await this.recordConversationEvent('conversation.closed', conversation);
      return conversation;
    });
  }

  /**
   * An agent closes a conversation: it ends with the system line `Conversation closed`, which the visitor's widget
   * shows in its language, so the visitor knows their next message starts a new one. Closing again adds nothing.
   */
  async closeByAgent(conversationId: string): Promise<Conversation> {
    return this.deps.store.transaction(async () => {
      const conversation = await this.get(conversationId);
      if (conversation.status === 'closed') return conversation;
      await this.append(conversationId, { ...SYSTEM_LINE, text: CLOSED_LINE });
      return this.close(conversationId);
    });
  }

  /**
   * Opens a closed conversation again, with the system line `Conversation reopened`. A visitor has one open
   * conversation at most: once they have started a new one, the old one stays closed (VALIDATION_FAILED says to
   * answer in the new one), also when they start it while this runs.
   */
  async reopen(conversationId: string): Promise<Conversation> {
    const startedSince = (open: Conversation) =>
      new ApiError('VALIDATION_FAILED', `the visitor has started conversation "${open.id}" since: answer there`);
    try {
      return await this.deps.store.transaction(async () => {
        const conversation = await this.get(conversationId);
        if (conversation.status === 'open') return conversation;
        const open = await this.openOf(conversation.profileId);
        if (open) throw startedSince(open);
        await this.recordConversationEvent('conversation.reopened', await this.update(conversationId, { status: 'open', closed_at: null }));
        await this.append(conversationId, { ...SYSTEM_LINE, text: REOPENED_LINE });
        return this.get(conversationId);
      });
    } catch (error) {
      // The visitor's new conversation (or another reopen) took the one open place meanwhile.
      if (!isUniqueViolation(error)) throw error;
      const { profileId } = await this.get(conversationId);
      const open = await this.openOf(profileId);
      if (open?.id === conversationId) return open;
      throw open ? startedSince(open) : error;
    }
  }

  /** Moves a conversation to another profile (an anonymous visitor signing in: spec §6.2). */
  async move(conversationId: string, profileId: string): Promise<Conversation> {
    return this.update(conversationId, { profile_id: profileId });
  }

  private async update(
    conversationId: string,
    changes: Partial<{ status: 'open' | 'closed'; closed_at: string | null; assigned_operator_id: string | null; profile_id: string }>,
  ): Promise<Conversation> {
    const row = await this.deps.store.db
      .updateTable('conversations')
      .set({ ...changes, updated_at: this.deps.now().toISOString() })
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ApiError('NOT_FOUND', `no conversation has id "${conversationId}"`);
    const conversation = conversationFromRow(row);
    this.publishAfterCommit({ kind: 'conversation', conversation });
    return conversation;
  }

  /** The message this author already sent with this client id, if any. */
  async findSent(conversationId: string, input: Pick<NewMessage, 'authorKind' | 'authorId' | 'clientId'>): Promise<Message | null> {
    const row = await this.deps.store.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('author_kind', '=', input.authorKind)
      .where('author_id', '=', input.authorId ?? '')
      .where('client_id', '=', input.clientId ?? '')
      .executeTakeFirst();
    return row ? messageFromRow(row) : null;
  }

  /** Writes webhook events in the current transaction (no-op without webhooks). */
  private async recordEvents(events: Parameters<WebhookOutbox['record']>[0]): Promise<void> {
    await this.deps.webhooks?.record(events);
  }

  /** A conversation.* event; the outbox names the conversation's verified user, if it has one. */
  private async recordConversationEvent(
    type: 'conversation.closed' | 'conversation.reopened' | 'conversation.assigned',
    conversation: Conversation,
  ): Promise<void> {
    await this.recordEvents([conversationEvent(type, conversation, null)]);
  }

  private publishAfterCommit(event: Parameters<EventBus['publish']>[0]): void {
    this.deps.store.afterCommit(() => this.deps.bus.publish(event));
  }
}
