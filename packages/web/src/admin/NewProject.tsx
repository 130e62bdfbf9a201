import { useEffect, useState } from 'preact/hooks';
import { nodes } from '../console/api.js';
import { Notice } from '../console/Notice.js';
import type { NewProjectAgentsDocument, ProjectCreateDocument } from '../generated/graphql.js';
import { AgentChecks } from './AgentChecks.js';
import { Field } from './Field.js';
import { useGql } from './gql-context.js';
import { navigate, projectHref } from './route.js';
import { PageHeader, Section } from './Section.js';
import { useAction } from './use-action.js';

const AGENTS =
  'query NewProjectAgents { operators(first: 100) { edges { node { id email displayName role disabled } } } }' as NewProjectAgentsDocument;
const CREATE =
  'mutation ProjectCreate($name: String!, $members: [ID!]) { projectCreate(input: { name: $name, memberIds: $members }) { project { id } } }' as ProjectCreateDocument;

/** Creates a project (one website or app of a brand) and opens it. */
export function NewProject({ onCreated }: { onCreated(): void }) {
  const gql = useGql();
  const [name, setName] = useState('');
  const [agents, setAgents] = useState<{ id: string; email: string; displayName: string }[] | null>(null);
  const [members, setMembers] = useState(new Set<string>());
  const action = useAction();

  useEffect(() => {
    gql(AGENTS).then(
      (data) => {
        const found = nodes(data.operators).filter((operator) => operator.role === 'AGENT' && !operator.disabled);
        setAgents(found);
        setMembers(new Set(found.map((agent) => agent.id)));
      },
      () => setAgents([]),
    );
  }, [gql]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return action.fail('Give the project a name (your website or app, e.g. "Shop – www.brand.example"), then create it.');
    if (trimmed.length > 100) return action.fail('Shorten the name to 100 characters or fewer, then create it.');
    let id = '';
    const created = await action.run(async () => {
      const answer = await gql(CREATE, { name: trimmed, members: [...members] });
      id = answer.projectCreate.project.id;
    });
    if (created) {
      onCreated();
      navigate(projectHref(id));
    }
  };

  return (
    <>
      <PageHeader title="New project" />
      <Section
        title="Create a project"
        description="A project is one website or app of a brand. It gets its own id for the script tag, its own brand keys, settings and authentication log."
      >
        <form class="stack form-narrow" onSubmit={submit} noValidate>
          <Field label="Project name" hint="Shown to admins and agents only.">
            {({ id, describedBy }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                value={name}
                maxLength={100}
                onInput={(event) => setName(event.currentTarget.value)}
              />
            )}
          </Field>
          <AgentChecks agents={agents} checked={members} onChange={setMembers} />
          {action.error && <Notice kind="error">{action.error}</Notice>}
          <div class="row">
            <button type="submit" class="primary" disabled={action.busy}>
              {action.busy ? 'Creating…' : 'Create project'}
            </button>
          </div>
        </form>
      </Section>
    </>
  );
}
