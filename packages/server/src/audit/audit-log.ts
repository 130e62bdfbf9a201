import type { Store } from '../store/open-store.js';
import { type ConnectionArgs, type CountedConnection, keysetConnection } from '../store/pagination.js';
import type { AuditEventTable } from '../store/schema.js';

export interface AuditEvent {
  id: string;
  time: string;
  projectId: string | null;
  actor: { kind: 'operator' | 'apiKey'; id: string; label: string };
  action: string;
  changes: unknown;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'time'>;

/** Arguments whose values never reach the log: passwords, secrets, credentials, private keys, tokens. */
const SECRET_NAME = /pass(word)?|secret|credential|private|token/i;
const MAX_TEXT = 200;

/** What a database cannot store (U+0000, a lone surrogate) as U+FFFD: a hostile argument still leaves its trace. */
const storable = (text: string) => text.replaceAll('\u0000', '\uFFFD').replace(/\p{Cs}/gu, '\uFFFD');

/**
 * The call's arguments as the log keeps them: secrets redacted, a visitor's userId left out (an erasure must leave
 * none behind, the log included), long texts (a public key, a canned reply) cut.
 */
export function redacted(value: unknown, name = ''): unknown {
  if (SECRET_NAME.test(name)) return '[redacted]';
  if (name === 'userId') return '[not kept: personal data]';
  if (typeof value === 'string') {
    const text = storable(value);
    return [...text].length > MAX_TEXT ? `${[...text].slice(0, 60).join('')}… (${[...text].length} characters)` : text;
  }
  if (Array.isArray(value)) return value.map((item) => redacted(item));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redacted(item, key)]));
  return value;
}

const fromRow = (row: AuditEventTable): AuditEvent => ({
  id: row.id,
  time: row.time,
  projectId: row.project_id,
  actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
  action: row.action,
  changes: JSON.parse(row.changes) as unknown,
});

/** Who did what, when, to which project: every admin action (graphql/audit.ts says which), readable by admins. */
export class AuditLog {
  /** Orders this node's events of one millisecond as they were recorded (ids sort after the time). */
  private recorded = 0;

  constructor(private readonly deps: { store: Store; now: () => Date; newId: () => string }) {}

  async record(event: NewAuditEvent): Promise<void> {
    const sequence = (this.recorded++).toString(36).padStart(10, '0');
    await this.deps.store.db
      .insertInto('audit_events')
      .values({
        id: `${sequence}-${this.deps.newId()}`,
        time: this.deps.now().toISOString(),
        project_id: event.projectId === null ? null : storable(event.projectId),
        actor_kind: event.actor.kind,
        actor_id: event.actor.id,
        actor_label: event.actor.label,
        action: event.action,
        changes: JSON.stringify(redacted(event.changes)),
      })
      .execute();
  }

  /** Newest first; one project's, or every event (null). */
  list(projectId: string | null, args: ConnectionArgs): Promise<CountedConnection<AuditEvent>> {
    let query = this.deps.store.db.selectFrom('audit_events').selectAll();
    if (projectId !== null) query = query.where('project_id', '=', projectId);
    return keysetConnection(query, args, { order: { sort: 'time', id: 'id', direction: 'desc' }, toNode: fromRow, totalCount: true });
  }
}
