import type { Dialect } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';

const DUE = `d.status = 'pending' AND w.disabled_at IS NULL AND d.next_attempt_at <= {now}
    AND (d.lease_until IS NULL OR d.lease_until <= {now})
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS p
      WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key AND p.status = 'pending' AND p.seq < d.seq)`;

const RETURNED = 'seq, id, event_id, endpoint_id, event_type, payload, attempts';

/*
 * Claims due deliveries for this node: each gets a lease (another node may take it once the lease is over, after a
 * crash) and its attempt counted. A delivery waits while an earlier one of its conversation to the same endpoint is
 * pending, so an endpoint sees a conversation's events in order. On PostgreSQL, rows another node is claiming are
 * skipped (FOR UPDATE SKIP LOCKED), and a row whose lease that node set meanwhile is re-checked and left out.
 */
const SQLITE_CLAIM = `UPDATE webhook_deliveries SET lease_until = ?, attempts = attempts + 1, last_attempt_at = ?
WHERE seq IN (SELECT d.seq FROM webhook_deliveries AS d JOIN webhook_endpoints AS w ON w.id = d.endpoint_id
  WHERE ${DUE.replaceAll('{now}', '?')}
  ORDER BY d.seq LIMIT ?)
RETURNING ${RETURNED}`;

const POSTGRES_CLAIM = `UPDATE webhook_deliveries AS u SET lease_until = $1, attempts = u.attempts + 1, last_attempt_at = $2
WHERE u.seq IN (SELECT d.seq FROM webhook_deliveries AS d JOIN webhook_endpoints AS w ON w.id = d.endpoint_id
  WHERE ${DUE.replaceAll('{now}', '$2')}
  ORDER BY d.seq LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
RETURNING ${RETURNED}`;

export interface ClaimedRow {
  seq: number | string;
  id: string;
  event_id: string;
  endpoint_id: string;
  event_type: string;
  payload: string;
  attempts: number | string;
}

/** The claim statement and its parameters. */
export function claimStatement(
  dialect: Dialect,
): (leaseUntil: string, now: string, limit: number) => { sql: string; parameters: unknown[] } {
  if (dialect === 'sqlite') return (leaseUntil, now, limit) => ({ sql: SQLITE_CLAIM, parameters: [leaseUntil, now, now, now, limit] });
  const text = preparedOnPostgres(POSTGRES_CLAIM);
  return (leaseUntil, now, limit) => ({ sql: text, parameters: [leaseUntil, now, limit] });
}
