import { CompiledQuery } from 'kysely';
import type { Dialect } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { MessageTable } from '../store/schema.js';

/** A batch's conversations, as the bump statement reads them. */
export interface BumpRow {
  id: string;
  /** Messages the batch appends to it. */
  n: number;
  /** 1: only while open (the batch leaves it alone when closed). */
  open: 0 | 1;
  /** Only while it belongs to this profile (null: whichever); '' when its items name different ones (it matches none). */
  profile: string | null;
}

/** A message row as the insert statement reads it (its created_at is the statement's parameter). */
export interface InsertRow {
  id: string;
  conversation_id: string;
  seq: number;
  author_kind: MessageTable['author_kind'];
  author_id: string;
  client_id: string;
  text: string;
  verified: 0 | 1;
  brand_key_id: string | null;
}

/** The statements of the message path, prepared once (SQLite) or of one fixed text (PostgreSQL), not built per call. */
export interface HotStatements {
  /** The profile's open conversation (the partial unique index on status = 'open' finds it). */
  openOf(profileId: string): CompiledQuery;
  /** Takes `n` sequence numbers of each conversation: answers the conversations it updated, with their new last_seq. */
  bump(rows: readonly BumpRow[], now: string): CompiledQuery;
  /** Inserts the messages; answers the ids it inserted (a stored client id is skipped). */
  insert(rows: readonly InsertRow[], now: string): CompiledQuery;
  /**
   * PostgreSQL only (null on SQLite): the bump and the insert of a whole batch as one statement in autocommit, one
   * round trip instead of five (BEGIN, bump, insert, outbox, COMMIT). It writes nothing when a project of the batch
   * has a webhook endpoint for `message.created` (those events are written in the batch's transaction), and fails
   * whole on a stored or repeated client id (a unique violation): both go the transactional path.
   */
  appendAll: ((rows: readonly (InsertRow & Pick<BumpRow, 'open' | 'profile'>)[], now: string) => CompiledQuery) | null;
}

const CONVERSATION_COLUMNS = 'id, project_id, profile_id, status, assigned_operator_id, last_seq, created_at, updated_at, closed_at';
const MESSAGE_COLUMNS = 'id, conversation_id, seq, author_kind, author_id, client_id, text, verified, brand_key_id';
const CLIENT_ID_KEY = '(conversation_id, author_kind, author_id, client_id)';

/*
 * One statement text per dialect whatever the batch size: the rows travel as one JSON parameter, so
 * SQLite reuses its prepared statement and PostgreSQL plans a statement of the same shape.
 */
const SQLITE_BUMP = `UPDATE conversations SET last_seq = last_seq + json_extract(d.value, '$.n'), updated_at = ?
FROM json_each(?) AS d
WHERE conversations.id = json_extract(d.value, '$.id') AND (json_extract(d.value, '$.open') = 0 OR conversations.status = 'open')
  AND coalesce(json_extract(d.value, '$.profile'), conversations.profile_id) = conversations.profile_id
RETURNING ${CONVERSATION_COLUMNS}`;

const SQLITE_INSERT = `INSERT INTO messages (${MESSAGE_COLUMNS}, created_at)
SELECT ${MESSAGE_COLUMNS.split(', ')
  .map((column) => `json_extract(value, '$.${column}')`)
  .join(', ')}, ? FROM json_each(?) WHERE true
ON CONFLICT ${CLIENT_ID_KEY} DO NOTHING RETURNING id`;

// The rows are locked in id order first (the update alone locks them in whatever order its plan meets
// them), so batches of two nodes sharing conversations never deadlock.
const POSTGRES_BUMP = `WITH batch AS (SELECT id, n, open, profile FROM jsonb_to_recordset($2::jsonb) AS d(id text, n integer, open integer, profile text)),
locked AS MATERIALIZED (SELECT c.id FROM conversations AS c JOIN batch ON batch.id = c.id ORDER BY c.id FOR UPDATE OF c)
UPDATE conversations AS c SET last_seq = c.last_seq + batch.n, updated_at = $1
FROM batch JOIN locked ON locked.id = batch.id
WHERE c.id = batch.id AND (batch.open = 0 OR c.status = 'open') AND coalesce(batch.profile, c.profile_id) = c.profile_id
RETURNING ${CONVERSATION_COLUMNS.split(', ')
  .map((column) => `c.${column}`)
  .join(', ')}`;

const POSTGRES_INSERT = `INSERT INTO messages (${MESSAGE_COLUMNS}, created_at)
SELECT ${MESSAGE_COLUMNS}, $1 FROM jsonb_to_recordset($2::jsonb)
  AS d(id text, conversation_id text, seq integer, author_kind text, author_id text, client_id text, text text, verified integer, brand_key_id text)
ON CONFLICT ${CLIENT_ID_KEY} DO NOTHING RETURNING id`;

// The seq of each row: its conversation's new last_seq, less the batch's count for it, plus its rank in arrival order.
const POSTGRES_APPEND_ALL = `WITH batch AS (SELECT * FROM jsonb_to_recordset($2::jsonb)
  AS d(ord integer, id text, conversation_id text, author_kind text, author_id text, client_id text, text text, verified integer, brand_key_id text,
    open integer, profile text)),
hooked AS (SELECT EXISTS (SELECT 1 FROM webhook_endpoints AS w JOIN conversations AS c ON c.project_id = w.project_id
  WHERE c.id IN (SELECT conversation_id FROM batch) AND w.disabled_at IS NULL AND position('"message.created"' in w.event_types) > 0) AS yes),
counts AS (SELECT conversation_id AS id, count(*)::integer AS n, max(open) AS open,
    CASE WHEN count(DISTINCT profile) > 1 THEN '' ELSE max(profile) END AS profile
  FROM batch WHERE NOT (SELECT yes FROM hooked) GROUP BY conversation_id),
locked AS MATERIALIZED (SELECT c.id FROM conversations AS c JOIN counts ON counts.id = c.id ORDER BY c.id FOR UPDATE OF c),
bumped AS (UPDATE conversations AS c SET last_seq = c.last_seq + counts.n, updated_at = $1
  FROM counts JOIN locked ON locked.id = counts.id
  WHERE c.id = counts.id AND (counts.open = 0 OR c.status = 'open') AND coalesce(counts.profile, c.profile_id) = c.profile_id
  RETURNING ${CONVERSATION_COLUMNS.split(', ')
    .map((column) => `c.${column}`)
    .join(', ')}, counts.n),
inserted AS (INSERT INTO messages (${MESSAGE_COLUMNS}, created_at)
  SELECT b.id, b.conversation_id, bumped.last_seq - bumped.n + row_number() OVER (PARTITION BY b.conversation_id ORDER BY b.ord),
    b.author_kind, b.author_id, b.client_id, b.text, b.verified, b.brand_key_id, $1
  FROM batch AS b JOIN bumped ON bumped.id = b.conversation_id)
SELECT hooked.yes AS hooked, ${CONVERSATION_COLUMNS.split(', ')
  .map((column) => `bumped.${column}`)
  .join(', ')} FROM hooked LEFT JOIN bumped ON true`;

const OPEN_OF = `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE profile_id = ? AND status = 'open'`;

export function hotStatements(dialect: Dialect): HotStatements {
  const sqlite = dialect === 'sqlite';
  const openOf = sqlite ? OPEN_OF : preparedOnPostgres(OPEN_OF.replace('?', '$1'));
  const bump = sqlite ? SQLITE_BUMP : preparedOnPostgres(POSTGRES_BUMP);
  const insert = sqlite ? SQLITE_INSERT : preparedOnPostgres(POSTGRES_INSERT);
  const appendAll = sqlite ? null : preparedOnPostgres(POSTGRES_APPEND_ALL);
  return {
    openOf: (profileId) => CompiledQuery.raw(openOf, [profileId]),
    bump: (rows, now) => CompiledQuery.raw(bump, [now, JSON.stringify(rows)]),
    insert: (rows, now) => CompiledQuery.raw(insert, [now, JSON.stringify(rows)]),
    appendAll:
      appendAll === null
        ? null
        : (rows, now) => CompiledQuery.raw(appendAll, [now, JSON.stringify(rows.map((row, ord) => ({ ...row, ord })))]),
  };
}
