import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { OperatorCreateDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import type { ProjectMembers } from './Agents.js';
import { MEMBER_ADD } from './operator-mutations.js';
import { ProjectChecks } from './ProjectChecks.js';

const EMPTY = { email: '', displayName: '', password: '', role: 'AGENT' as 'AGENT' | 'ADMIN' };

const CREATE =
  'mutation OperatorCreate($input: OperatorCreateInput!) { operatorCreate(input: $input) { operator { id } } }' as OperatorCreateDocument;

/** Creates an operator with a first password (give it to them yourself), and its projects. */
export function InviteForm({ projects, onCreated }: { projects: ProjectMembers[]; onCreated(): void }) {
  const gql = useGql();
  const [form, setForm] = useState(EMPTY);
  const [chosen, setChosen] = useState<string[]>([]);
  const action = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const email = form.email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return action.fail("Enter the person's work email address (name@company.example).");
    if (form.password.length < 12)
      return action.fail('Choose a first password of at least 12 characters; they can be given a new one later.');
    const created = await action.run(async () => {
      const answer = await gql(CREATE, {
        input: { email, password: form.password, role: form.role, displayName: form.displayName.trim() || null },
      });
      const operatorId = answer.operatorCreate.operator.id;
      if (form.role === 'AGENT') for (const projectId of chosen) await gql(MEMBER_ADD, { p: projectId, o: operatorId });
      return `${email} can now sign in at ${location.origin}${form.role === 'AGENT' ? '/desk' : '/admin'} with the password you chose: give it to them over a safe channel.`;
    });
    if (created) {
      setForm(EMPTY);
      setChosen([]);
      onCreated();
    }
  };

  return (
    <Section title="Invite someone" description="Create their account with a first password.">
      <form class="stack" onSubmit={submit} noValidate>
        <div class="grid2">
          <Field label="Email">
            {({ id }) => (
              <input
                id={id}
                type="email"
                autoComplete="off"
                value={form.email}
                onInput={(event) => setForm({ ...form, email: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Name" hint="Shown to colleagues, and to visitors where the project says so. Empty: the email's first part.">
            {({ id, describedBy }) => (
              <input
                id={id}
                maxLength={80}
                autoComplete="off"
                aria-describedby={describedBy}
                value={form.displayName}
                onInput={(event) => setForm({ ...form, displayName: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="First password" hint="At least 12 characters.">
            {({ id, describedBy }) => (
              <input
                id={id}
                type="password"
                autoComplete="new-password"
                aria-describedby={describedBy}
                value={form.password}
                onInput={(event) => setForm({ ...form, password: event.currentTarget.value })}
              />
            )}
          </Field>
        </div>
        <Field label="Role">
          {({ id }) => (
            <select
              id={id}
              class="input-medium"
              value={form.role}
              onChange={(event) => setForm({ ...form, role: event.currentTarget.value as 'AGENT' | 'ADMIN' })}
            >
              <option value="AGENT">Agent: answers visitors in the desk</option>
              <option value="ADMIN">Admin: runs the whole installation</option>
            </select>
          )}
        </Field>
        {form.role === 'AGENT' && (
          <ProjectChecks
            legend="Projects"
            projects={projects}
            checked={chosen}
            onToggle={(projectId, on) => setChosen(on ? [...chosen, projectId] : chosen.filter((id) => id !== projectId))}
          />
        )}
        {action.error && <Notice kind="error">{action.error}</Notice>}
        {action.success && <Notice kind="success">{action.success}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? 'Creating…' : form.role === 'AGENT' ? 'Create agent' : 'Create admin'}
          </button>
        </div>
      </form>
    </Section>
  );
}
