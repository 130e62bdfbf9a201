import { nodes } from '../../console/api.js';
import { Notice } from '../../console/Notice.js';
import type { AuditLogDocument } from '../../generated/graphql.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useLoad } from '../use-load.js';

const AUDIT_LOG =
  'query AuditLog { auditLog(first: 100) { totalCount edges { node { id time projectId action changes actor { kind label } } } } projects(first: 100) { edges { node { id name } } } }' as AuditLogDocument;

/** Admin actions across the installation, newest first: who, when, which project, what changed (secrets redacted). */
export function AuditLogPage() {
  const gql = useGql();
  const log = useLoad(() => gql(AUDIT_LOG), [gql]);
  if (log.error) return <Notice kind="error">{log.error}</Notice>;
  if (!log.data) return <p class="muted">Loading the audit log…</p>;
  const projectNames = new Map(nodes(log.data.projects).map((project) => [project.id, project.name]));
  const events = nodes(log.data.auditLog);
  return (
    <Section
      title="Audit log"
      description={`Every change an admin or a project API key made, newest first (${log.data.auditLog.totalCount} in all; the latest 100 here, all through the auditLog query). Passwords, secrets and credentials are never recorded.`}
    >
      {events.length === 0 ? (
        <p class="muted">No admin action yet.</p>
      ) : (
        <table class="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Project</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{formatTime(String(event.time), '', true)}</td>
                <td>
                  {event.actor.label}
                  {event.actor.kind === 'API_KEY' && <span class="muted"> (API)</span>}
                </td>
                <td>
                  <code class="mono">{event.action}</code>
                </td>
                <td>
                  {event.projectId ? (projectNames.get(event.projectId) ?? event.projectId) : <span class="muted">installation</span>}
                </td>
                <td>
                  <details>
                    <summary>Show</summary>
                    <pre class="mono audit-changes">{JSON.stringify(event.changes, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
