import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Store } from '../store/open-store.js';
import type { Database } from '../store/schema.js';

type DeliveryFilter = (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) => Expression<SqlBool>;

/** Deletes the deliveries `filter` selects, with their attempts (in the caller's transaction, or one of its own). */
export async function deleteDeliveries(store: Store, filter: DeliveryFilter): Promise<number> {
  return store.transaction(async () => {
    const { db } = store;
    await db
      .deleteFrom('webhook_attempts')
      .where('delivery_seq', 'in', db.selectFrom('webhook_deliveries').select('seq').where(filter))
      .execute();
    const deleted = await db.deleteFrom('webhook_deliveries').where(filter).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}

/**
 * What userErase and retention remove of the webhook log: the stored events naming the user, and those of the
 * given conversations, pending or not (a pending one is then never sent). A user.erased event is kept: it goes out.
 */
export function deleteDeliveriesAbout(
  store: Store,
  projectId: string,
  about: { userId?: string; conversationIds: readonly string[] },
): Promise<number> {
  const { userId, conversationIds } = about;
  if (!userId && conversationIds.length === 0) return Promise.resolve(0);
  return deleteDeliveries(store, (eb) =>
    eb.and([
      eb('project_id', '=', projectId),
      eb('event_type', '!=', 'user.erased'),
      eb.or([
        ...(userId ? [eb('user_id', '=', userId)] : []),
        ...(conversationIds.length ? [eb('ordering_key', 'in', conversationIds)] : []),
      ]),
    ]),
  );
}

/**
 * The hourly housekeeping: deliveries made more than DELIVERY_LOG_DAYS ago, whatever their status. One still pending
 * then belongs to an endpoint disabled all that time (a schedule ends after about 28 hours): it is dropped unsent, and
 * a user.erased event naming its user goes with it.
 */
export const DELIVERY_LOG_DAYS = 30;

export function deleteOldDeliveries(store: Store, now: Date): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000).toISOString();
  return deleteDeliveries(store, (eb) => eb('created_at', '<', before));
}
