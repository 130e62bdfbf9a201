import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { OperatorUpdateMutationVariables } from '../../generated/graphql.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import type { Operator } from '../types.js';
import { useAction } from '../use-action.js';
import type { ProjectMembers } from './Agents.js';
import { MEMBER_ADD, MEMBER_REMOVE, OPERATOR_UPDATE } from './operator-mutations.js';
import { PasswordReset } from './PasswordReset.js';
import { ProjectChecks } from './ProjectChecks.js';

interface OperatorRowProps {
  operator: Operator;
  self: boolean;
  projects: ProjectMembers[];
  onChanged(): void;
}

/** One operator: role, enabled or not, password, and (for an agent) its projects. */
export function OperatorRow({ operator, self, projects, onChanged }: OperatorRowProps) {
  const gql = useGql();
  const action = useAction();
  const [resetting, setResetting] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const memberOf = projects.filter((project) => project.memberIds.includes(operator.id)).map((project) => project.id);

  const update = (patch: Omit<OperatorUpdateMutationVariables['input'], 'id'>, message: string) =>
    action.run(async () => {
      await gql(OPERATOR_UPDATE, { input: { id: operator.id, ...patch } });
      onChanged();
    }, message);
  const toggleProject = (projectId: string, on: boolean) =>
    action.run(
      async () => {
        const variables = { p: projectId, o: operator.id };
        await (on ? gql(MEMBER_ADD, variables) : gql(MEMBER_REMOVE, variables));
        onChanged();
      },
      on ? `${operator.email} now sees this project in the desk.` : `${operator.email} no longer sees this project.`,
    );

  return (
    <li class={`operator${operator.disabled ? ' disabled' : ''}`} aria-label={operator.email}>
      <div class="row between">
        <div class="row">
          <strong>{operator.email}</strong>
          {self && <span class="pill plain">You</span>}
          {operator.disabled && <span class="pill bad">Disabled</span>}
          <span class="hint">since {formatTime(operator.createdAt)}</span>
        </div>
        <div class="row">
          <label class="inline compact">
            Role
            <select
              value={operator.role}
              disabled={self || action.busy}
              onChange={(event) =>
                update(
                  { role: event.currentTarget.value as Operator['role'] },
                  `${operator.email} is now ${event.currentTarget.value === 'ADMIN' ? 'an admin' : 'an agent'}.`,
                )
              }
            >
              <option value="AGENT">Agent</option>
              <option value="ADMIN">Admin</option>
            </select>
          </label>
          <button type="button" class="small" aria-expanded={resetting} onClick={() => setResetting(!resetting)}>
            Set password
          </button>
          {!self && (
            <button
              type="button"
              class={operator.disabled ? 'small' : 'small danger'}
              disabled={action.busy}
              onClick={() =>
                update(
                  { disabled: !operator.disabled },
                  operator.disabled ? `${operator.email} can sign in again.` : `${operator.email} is disabled and signed out everywhere.`,
                )
              }
            >
              {operator.disabled ? 'Enable' : 'Disable'}
            </button>
          )}
        </div>
      </div>
      {operator.role === 'AGENT' ? (
        <ProjectChecks
          legend="Projects in the desk"
          projects={projects}
          checked={memberOf}
          disabled={action.busy}
          onToggle={toggleProject}
        />
      ) : (
        <p class="hint">Admins see every project.</p>
      )}
      {resetting && (
        <PasswordReset
          operator={operator}
          onDone={(message) => {
            setResetting(false);
            setNote(message ?? null);
          }}
        />
      )}
      {note && <Notice kind="success">{note}</Notice>}
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
    </li>
  );
}
