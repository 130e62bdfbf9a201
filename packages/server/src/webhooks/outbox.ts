import { CompiledQuery } from 'kysely';
import type { Dialect, Store } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import { eventBody, type WebhookEvent } from './events.js';

export interface WebhookOutboxDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Told once events committed: this node's dispatcher sends them at once rather than at its next poll. */
  committed: () => void;
}

const COLUMNS =
  'id, event_id, endpoint_id, project_id, event_type, payload, ordering_key, user_id, status, attempts, next_attempt_at, created_at';

/*
 * One statement per call, of one text whatever the number of events: each event becomes one row per enabled
 * endpoint of its project subscribed to its type, and none when there is no such endpoint. An event of a
 * conversation that names no user (`userOf`) gets the conversation's verified user, if it has one, appended as the
 * last member of `data` (the body ends with `}}`: data is its last member), in the same statement. A row behind a
 * pending one of its key is not due before it (then the claim's scan of due rows never walks a blocked backlog).
 */
const SQLITE_PAYLOAD = "json_extract(e.value, '$.payload')";
const SQLITE_RECORD = `INSERT INTO webhook_deliveries (${COLUMNS})
SELECT json_extract(e.value, '$.id') || ':' || w.id, json_extract(e.value, '$.id'), w.id, w.project_id, json_extract(e.value, '$.type'),
  CASE WHEN p.user_id IS NULL THEN ${SQLITE_PAYLOAD}
    ELSE substr(${SQLITE_PAYLOAD}, 1, length(${SQLITE_PAYLOAD}) - 2) || ',"userId":' || json_quote(p.user_id) || '}}' END,
  json_extract(e.value, '$.orderingKey'), coalesce(json_extract(e.value, '$.userId'), p.user_id), 'pending', 0,
  max(?, coalesce((SELECT max(q.next_attempt_at) FROM webhook_deliveries AS q
    WHERE q.endpoint_id = w.id AND q.ordering_key = json_extract(e.value, '$.orderingKey') AND q.status = 'pending'), '')), ?
FROM json_each(?) AS e JOIN webhook_endpoints AS w
  ON w.project_id = json_extract(e.value, '$.projectId') AND w.disabled_at IS NULL
  AND instr(w.event_types, '"' || json_extract(e.value, '$.type') || '"') > 0
LEFT JOIN conversations AS c ON c.id = json_extract(e.value, '$.userOf')
LEFT JOIN visitor_profiles AS p ON p.id = c.profile_id
ORDER BY e.key, w.id`;

/** The PostgreSQL insert with its two parameters named by the caller (a statement of several writes embeds it). */
export const postgresOutboxInsert = (now: string, events: string): string => `INSERT INTO webhook_deliveries (${COLUMNS})
SELECT e.id || ':' || w.id, e.id, w.id, w.project_id, e.type,
  CASE WHEN p.user_id IS NULL THEN e.payload ELSE left(e.payload, -2) || ',"userId":' || to_json(p.user_id)::text || '}}' END,
  e."orderingKey", coalesce(e."userId", p.user_id), 'pending', 0,
  greatest(${now}, (SELECT max(q.next_attempt_at) FROM webhook_deliveries AS q
    WHERE q.endpoint_id = w.id AND q.ordering_key = e."orderingKey" AND q.status = 'pending')), ${now}
FROM jsonb_to_recordset(${events}::jsonb)
  AS e(ord integer, id text, type text, "projectId" text, payload text, "orderingKey" text, "userId" text, "userOf" text)
JOIN webhook_endpoints AS w ON w.project_id = e."projectId" AND w.disabled_at IS NULL
  AND position('"' || e.type || '"' in w.event_types) > 0
LEFT JOIN conversations AS c ON c.id = e."userOf"
LEFT JOIN visitor_profiles AS p ON p.id = c.profile_id
ORDER BY e.ord, w.id`;

const POSTGRES_RECORD = postgresOutboxInsert('$1', '$2');

/** One event as the statements read it from their JSON parameter. */
export interface OutboxRow {
  ord: number;
  id: string;
  type: WebhookEvent['type'];
  projectId: string;
  payload: string;
  orderingKey: string | null;
  userId: string | null;
  userOf: string | null;
}

function recordStatement(dialect: Dialect): string {
  return dialect === 'sqlite' ? SQLITE_RECORD : preparedOnPostgres(POSTGRES_RECORD);
}

/**
 * The transactional outbox: events are written in the transaction of the change that caused them, so a change
 * rolled back has no event and a committed one keeps its event across a crash. The dispatcher sends them.
 */
export class WebhookOutbox {
  private readonly statement: string;
  /**
   * SQLite only, where this process alone writes the database: the projects with an enabled endpoint, read once and
   * again after any change of endpoints, so a project without webhooks costs its changes no statement. With
   * PostgreSQL another node may have just added an endpoint: only the database knows, and the statement always runs.
   */
  private withEndpoints: Promise<Set<string>> | null = null;

  constructor(private readonly deps: WebhookOutboxDeps) {
    this.statement = recordStatement(deps.store.dialect);
  }

  /** Endpoints were created, changed or deleted (and committed): the next record reads which projects have one. */
  endpointsChanged(): void {
    this.withEndpoints = null;
  }

  /** Joins the caller's transaction (or runs in its own): call it where the change is written. */
  async record(all: readonly WebhookEvent[]): Promise<void> {
    const events = await this.forEndpoints(all);
    if (events.length === 0) return;
    const { store } = this.deps;
    const now = this.deps.now();
    const rows = this.rowsOf(events, now);
    const at = now.toISOString();
    const parameters = store.dialect === 'sqlite' ? [at, at, JSON.stringify(rows)] : [at, JSON.stringify(rows)];
    const query = CompiledQuery.raw(this.statement, parameters);
    const result = await store.transaction(() => store.db.executeQuery(query));
    if (Number(result.numAffectedRows ?? 0) > 0) this.written();
  }

  /** Rows were written in the calling transaction (here or by a statement embedding the insert): the dispatcher hears of them once it commits. */
  written(): void {
    this.deps.store.afterCommit(this.deps.committed);
  }

  /** The events as the statement's JSON parameter reads them, each with its fresh `msg_` id. */
  rowsOf(events: readonly WebhookEvent[], now: Date): OutboxRow[] {
    return events.map((event, ord) => ({
      ord,
      id: `msg_${this.deps.newId().replace(/-/g, '')}`,
      type: event.type,
      projectId: event.projectId,
      payload: eventBody(event.type, now, event.data),
      orderingKey: event.orderingKey,
      userId: event.userId,
      userOf: event.userId === null ? event.conversationOf : null,
    }));
  }

  private async forEndpoints(events: readonly WebhookEvent[]): Promise<readonly WebhookEvent[]> {
    if (events.length === 0 || this.deps.store.dialect !== 'sqlite') return events;
    if (!this.withEndpoints) {
      const loading = this.projectsWithEndpoints();
      this.withEndpoints = loading;
      loading.catch(() => {
        if (this.withEndpoints === loading) this.withEndpoints = null; // read again next time
      });
    }
    const projects = await this.withEndpoints;
    return events.filter((event) => projects.has(event.projectId));
  }

  private async projectsWithEndpoints(): Promise<Set<string>> {
    const rows = await this.deps.store.db
      .selectFrom('webhook_endpoints')
      .select('project_id')
      .distinct()
      .where('disabled_at', 'is', null)
      .execute();
    return new Set(rows.map((row) => row.project_id));
  }
}
