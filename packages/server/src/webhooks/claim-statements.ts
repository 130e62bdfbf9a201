import type { Dialect } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';

/** Requests a node has in flight at once to one endpoint, and to the endpoints of one project. */
export const PER_ENDPOINT = 4;
export const PER_PROJECT = 8;
/** next_attempt_at of the pending deliveries of a disabled endpoint: never due until it is enabled again. */
export const PARKED = '9999-12-31T23:59:59.999Z';
/** Due deliveries a claim looks at, oldest first. */
const CANDIDATES = 200;

// A disabled endpoint's deliveries are parked (never due): no join with the endpoints, so the planner estimates the
// due rows right and walks them in order, stopping at CANDIDATES.
const DUE = `d.status = 'pending' AND d.next_attempt_at <= {now}
      AND (d.lease_until IS NULL OR d.lease_until <= {now})
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS p
        WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key AND p.status = 'pending' AND p.seq < d.seq)`;

const RETURNED = 'seq, id, event_id, endpoint_id, project_id, event_type, payload, ordering_key, attempts';

/*
 * Claims due deliveries for this node: each gets a lease (another node may take it once the lease is over, after a
 * crash) and its attempt counted. A delivery waits while an earlier one of its key (conversation, user) to the same
 * endpoint is pending, so an endpoint sees them in order. An endpoint, and a project, gets at most the request slots
 * this node has left for it (`room`: JSON of id → slots, else PER_ENDPOINT / PER_PROJECT), so one slow endpoint
 * never takes every slot. On PostgreSQL, rows another node is claiming are skipped (FOR UPDATE SKIP LOCKED), and a
 * row whose lease that node set meanwhile is re-checked and left out.
 */
const ranked = (now: string, room: (kind: 'endpoints' | 'projects', column: string) => string) => `SELECT seq FROM (
    SELECT seq, endpoint_id, project_id,
      row_number() OVER (PARTITION BY endpoint_id ORDER BY seq) AS endpoint_rank,
      row_number() OVER (PARTITION BY project_id ORDER BY seq) AS project_rank
    FROM (SELECT d.seq, d.endpoint_id, d.project_id FROM webhook_deliveries AS d
      WHERE ${DUE.replaceAll('{now}', now)}
      ORDER BY d.seq LIMIT ${CANDIDATES}) AS candidates) AS ranked
  WHERE endpoint_rank <= ${room('endpoints', 'endpoint_id')} AND project_rank <= ${room('projects', 'project_id')}`;

const SQLITE_CLAIM = `UPDATE webhook_deliveries SET lease_until = ?, attempts = attempts + 1, last_attempt_at = ?
WHERE seq IN (${ranked('?', (kind, column) => `coalesce(json_extract(?, '$.${kind}."' || ${column} || '"'), ${kind === 'endpoints' ? PER_ENDPOINT : PER_PROJECT})`)}
  ORDER BY seq LIMIT ?)
RETURNING ${RETURNED}`;

const POSTGRES_CLAIM = `UPDATE webhook_deliveries AS u SET lease_until = $1, attempts = u.attempts + 1, last_attempt_at = $2
WHERE u.seq IN (SELECT l.seq FROM webhook_deliveries AS l
  WHERE l.seq IN (${ranked('$2', (kind, column) => `coalesce(($4::jsonb -> '${kind}' ->> ${column})::integer, ${kind === 'endpoints' ? PER_ENDPOINT : PER_PROJECT})`)})
    AND l.status = 'pending' AND (l.lease_until IS NULL OR l.lease_until <= $2)
  ORDER BY l.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
RETURNING ${RETURNED}`;

export interface ClaimedRow {
  seq: number | string;
  id: string;
  event_id: string;
  endpoint_id: string;
  project_id: string;
  event_type: string;
  payload: string;
  ordering_key: string | null;
  attempts: number | string;
}

/** Slots this node has left per endpoint and per project (those not named have all of theirs). */
export interface Room {
  endpoints: Record<string, number>;
  projects: Record<string, number>;
}

/** The claim statement and its parameters. */
export function claimStatement(
  dialect: Dialect,
): (leaseUntil: string, now: string, limit: number, room: Room) => { sql: string; parameters: unknown[] } {
  if (dialect === 'sqlite')
    return (leaseUntil, now, limit, room) => ({
      sql: SQLITE_CLAIM,
      parameters: [leaseUntil, now, now, now, JSON.stringify(room), JSON.stringify(room), limit],
    });
  const text = preparedOnPostgres(POSTGRES_CLAIM);
  return (leaseUntil, now, limit, room) => ({ sql: text, parameters: [leaseUntil, now, limit, JSON.stringify(room)] });
}
