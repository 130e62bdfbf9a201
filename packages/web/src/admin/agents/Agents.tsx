import { type Gql, nodes } from '../../console/api.js';
import { Notice } from '../../console/Notice.js';
import type { PeopleDocument, ProjectMemberIdsFragment, ProjectMemberIdsFragmentDocument, TypedDocument } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import { PageHeader, Section } from '../Section.js';
import type { Operator } from '../types.js';
import { useLoad } from '../use-load.js';
import { InviteForm } from './InviteForm.js';
import { OperatorRow } from './OperatorRow.js';

export interface ProjectMembers {
  id: string;
  name: string;
  memberIds: string[];
}

const PEOPLE = `query People { operators(first: 100) { edges { node { id email role disabled createdAt } } }
  projects(first: 100) { edges { node { id name } } } }` as PeopleDocument;

const MEMBER_IDS =
  'fragment ProjectMemberIds on Project { members(first: 100) { edges { node { id } } } }' as ProjectMemberIdsFragmentDocument;

/** Members of up to 20 projects per query (aliases), so a query stays under the server's cost limit. */
async function membersOf(gql: Gql, projectIds: string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  for (let start = 0; start < projectIds.length; start += 20) {
    const chunk = projectIds.slice(start, start + 20);
    const fields = chunk.map((id, index) => `p${index}: project(id: ${JSON.stringify(id)}) { ...ProjectMemberIds }`);
    // Built at run time (one alias per project), so only its fragment is checked at generation.
    const document = `query ProjectMembers { ${fields.join(' ')} } ${MEMBER_IDS}` as TypedDocument<
      Partial<Record<string, ProjectMemberIdsFragment>>,
      Record<string, never>
    >;
    const answer = await gql(document);
    chunk.forEach((id, index) => {
      const project = answer[`p${index}`];
      members.set(id, project ? nodes(project.members).map((member) => member.id) : []);
    });
  }
  return members;
}

/** Operators of the installation: invite, role, disable, password, and the projects each agent answers for. */
export function Agents({ self }: { self: Operator }) {
  const gql = useGql();
  const people = useLoad(async () => {
    const answer = await gql(PEOPLE);
    const list = nodes(answer.projects);
    const members = await membersOf(
      gql,
      list.map((project) => project.id),
    );
    const projects: ProjectMembers[] = list.map((project) => ({ ...project, memberIds: members.get(project.id) ?? [] }));
    return { operators: nodes(answer.operators), projects };
  }, [gql]);

  return (
    <>
      <PageHeader title="Agents" />
      <Section
        title="Team"
        description="Admins run the whole installation. Agents answer visitors in the desk, for the projects ticked here."
      >
        {people.error && <Notice kind="error">{people.error}</Notice>}
        {people.data && (
          <ul class="operator-list" aria-label="Operators">
            {people.data.operators.map((operator) => (
              <OperatorRow
                key={operator.id}
                operator={operator}
                self={operator.id === self.id}
                projects={people.data?.projects ?? []}
                onChanged={people.reload}
              />
            ))}
          </ul>
        )}
      </Section>
      <InviteForm projects={people.data?.projects ?? []} onCreated={people.reload} />
    </>
  );
}
