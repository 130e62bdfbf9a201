import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import { isForeignKeyViolation } from '../store/unique-violation.js';
import type { Conversation } from './types.js';

export interface ReadStateDeps {
  store: Store;
  now: () => Date;
}

/** One operator's view of one conversation: how far they read and what is left to read. */
export interface OperatorRead {
  lastReadSeq: number;
  unreadCount: number;
}

/**
 * What each operator has read, kept on the server so that every device of an operator shows the
 * same unread counts. Unread are the messages after the operator's last read sequence written by
 * the visitor or by another agent: the operator's own messages and system lines never are.
 */
export class ReadState {
  constructor(private readonly deps: ReadStateDeps) {}

  /**
   * Records that `operatorId` read the conversation up to `seq`: never backwards, never past its last
   * message (a read of the future would hide the next messages). Answers the sequence now recorded.
   */
  async markRead(operatorId: string, conversation: Pick<Conversation, 'id' | 'lastSeq'>, seq: number): Promise<number> {
    const now = this.deps.now().toISOString();
    const row = await this.deps.store.db
      .insertInto('operator_reads')
      .values({
        operator_id: operatorId,
        conversation_id: conversation.id,
        last_read_seq: Math.min(seq, conversation.lastSeq),
        updated_at: now,
      })
      .onConflict((conflict) =>
        conflict.columns(['operator_id', 'conversation_id']).doUpdateSet({
          last_read_seq: sql<number>`CASE WHEN excluded.last_read_seq > operator_reads.last_read_seq THEN excluded.last_read_seq ELSE operator_reads.last_read_seq END`,
          updated_at: now,
        }),
      )
      .returning('last_read_seq')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        // Deleted since it was read (retention, an erasure): answered like any conversation that is not there.
        if (isForeignKeyViolation(error)) throw new ApiError('NOT_FOUND', `no conversation has id "${conversation.id}"`);
        throw error;
      });
    return Number(row.last_read_seq);
  }

  /** The operator's read state of several conversations in two queries (a conversation never read has lastReadSeq 0). */
  async of(operatorId: string, conversationIds: readonly string[]): Promise<Map<string, OperatorRead>> {
    const result = new Map<string, OperatorRead>(conversationIds.map((id) => [id, { lastReadSeq: 0, unreadCount: 0 }]));
    if (conversationIds.length === 0) return result;
    const { db } = this.deps.store;
    const reads = await db
      .selectFrom('operator_reads')
      .select(['conversation_id', 'last_read_seq'])
      .where('operator_id', '=', operatorId)
      .where('conversation_id', 'in', conversationIds)
      .execute();
    for (const read of reads) result.set(read.conversation_id, { lastReadSeq: Number(read.last_read_seq), unreadCount: 0 });
    const counts = await db
      .selectFrom('messages')
      .leftJoin('operator_reads', (join) =>
        join.onRef('operator_reads.conversation_id', '=', 'messages.conversation_id').on('operator_reads.operator_id', '=', operatorId),
      )
      .select(['messages.conversation_id', (eb) => eb.fn.countAll<number | string | bigint>().as('unread')])
      .where('messages.conversation_id', 'in', conversationIds)
      .where(sql<boolean>`messages.seq > coalesce(operator_reads.last_read_seq, 0)`)
      .where((eb) =>
        eb.or([
          eb('messages.author_kind', '=', 'visitor'),
          eb.and([eb('messages.author_kind', '=', 'agent'), eb('messages.author_id', '<>', operatorId)]),
        ]),
      )
      .groupBy('messages.conversation_id')
      .execute();
    for (const count of counts) {
      const known = result.get(count.conversation_id);
      if (known) known.unreadCount = Number(count.unread);
    }
    return result;
  }
}
