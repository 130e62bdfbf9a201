import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { PARKED } from './claim-statements.js';

/** A disabled endpoint's pending deliveries are never due (the claim does not walk them) until it is enabled. */
export async function parkDeliveries(db: Kysely<Database>, endpointId: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: PARKED })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}

/** Enabled again: its pending deliveries are due now, in their order. */
export async function unparkDeliveries(db: Kysely<Database>, endpointId: string, now: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: now })
    .where('endpoint_id', '=', endpointId)
    .where('next_attempt_at', '=', PARKED)
    .execute();
}
