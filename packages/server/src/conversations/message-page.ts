import type { Store } from '../store/open-store.js';
import { type ConnectionArgs, type CountedConnection, encodeCursor, planPage } from '../store/pagination.js';
import { type Message, messageFromRow } from './types.js';

const cursorOf = (message: Message) => encodeCursor({ sort: String(message.seq), id: message.id });

/**
 * One page of a conversation's messages by sequence number (gapless and unique per
 * conversation, so it alone is the keyset): `first`/`after` walk forward, `last`/`before` back.
 */
export async function messagePage(store: Store, conversationId: string, args: ConnectionArgs): Promise<CountedConnection<Message>> {
  const plan = planPage(args);
  const afterSeq = plan.after ? Number(plan.after.sort) : null;
  const beforeSeq = plan.before ? Number(plan.before.sort) : null;
  let query = store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
  const rows = await query
    .orderBy('seq', plan.forward ? 'asc' : 'desc')
    .limit(plan.size + 1)
    .execute();
  const more = rows.length > plan.size;
  const counted = await store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const page = rows.slice(0, plan.size).map(messageFromRow);
  if (!plan.forward) page.reverse();
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: plan.forward ? more : beforeSeq !== null,
      hasPreviousPage: plan.forward ? afterSeq !== null && afterSeq > 0 : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: Number(counted.count),
  };
}
