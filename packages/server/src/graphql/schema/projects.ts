import type { Project } from '../../projects/projects.js';
import { type AccessRules, ADMIN, OPERATOR, parentFields, projectRule } from '../access.js';
import { type ConnectionArgs, connectionArgs, connectionFromList, connectionTypeDefs } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const projectTypeDefs = /* GraphQL */ `
  "One website or app of a brand (the iAdvize website / sid)."
  type Project {
    id: ID!
    name: String!
    createdAt: DateTime!
    authenticatedMode: Boolean!
    acceptedIssuers: [String!]!
    maxTokenLifetimeSeconds: Int!
    sessionLifetimeSeconds: Int!
    allowAnonymous: Boolean!
    "Empty: any origin."
    allowedOrigins: [String!]!
    authLogRetentionDays: Int!
  }
  ${connectionTypeDefs('Project')}

  extend type Query {
    "One project; NOT_FOUND when it does not exist or the caller may not see it."
    project(id: ID!): Project!
    "Admins see every project, agents their own, a project API key its project."
    projects(${connectionArgs}): ProjectConnection!
  }

  extend type Mutation {
    projectCreate(input: ProjectCreateInput!): ProjectPayload!
    "Partial update: omitted fields keep their value."
    projectUpdateAuthentication(input: ProjectUpdateAuthenticationInput!): ProjectPayload!
  }

  input ProjectCreateInput {
    name: String!
  }

  input ProjectUpdateAuthenticationInput {
    projectId: ID!
    authenticatedMode: Boolean
    acceptedIssuers: [String!]
    maxTokenLifetimeSeconds: Int
    sessionLifetimeSeconds: Int
    allowAnonymous: Boolean
    allowedOrigins: [String!]
    authLogRetentionDays: Int
  }

  type ProjectPayload {
    project: Project!
  }
`;

/** A project as GraphQL shows it: its settings are fields of the Project type. */
export const projectNode = (project: Project) => ({
  id: project.id,
  name: project.name,
  createdAt: project.createdAt,
  ...project.settings,
});

export const projectResolvers = {
  Query: {
    project: async (_: unknown, { id }: { id: string }, context: GraphQLContext) => projectNode(await context.services.projects.get(id)),
    projects: async (_: unknown, args: ConnectionArgs, context: GraphQLContext) => {
      const { principal, services } = context;
      let projects = await services.projects.list();
      if (principal?.kind === 'apiKey') projects = projects.filter((project) => project.id === principal.projectId);
      else if (principal?.kind === 'operator' && principal.role !== 'admin')
        projects = projects.filter((project) => principal.projectIds.includes(project.id));
      return connectionFromList(projects.map(projectNode), args, (project) => project.id);
    },
  },
  Mutation: {
    projectCreate: async (_: unknown, { input }: { input: { name: string } }, context: GraphQLContext) => ({
      project: projectNode(await context.services.projects.create(input.name)),
    }),
    projectUpdateAuthentication: async (
      _: unknown,
      { input }: { input: { projectId: string } & Record<string, unknown> },
      context: GraphQLContext,
    ) => {
      const { projectId, ...patch } = input;
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null && value !== undefined));
      return { project: projectNode(await context.services.projects.updateSettings(projectId, changes)) };
    },
  },
};

export const projectRules: AccessRules = {
  'Query.project': projectRule({ members: true, apiKeys: true, projectOf: (args) => String(args.id) }),
  'Query.projects': OPERATOR,
  'Mutation.projectCreate': ADMIN,
  'Mutation.projectUpdateAuthentication': projectRule({ members: false, apiKeys: false }),
  ...parentFields('Project', [
    'id',
    'name',
    'createdAt',
    'authenticatedMode',
    'acceptedIssuers',
    'maxTokenLifetimeSeconds',
    'sessionLifetimeSeconds',
    'allowAnonymous',
    'allowedOrigins',
    'authLogRetentionDays',
  ]),
  ...parentFields('ProjectConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('ProjectEdge', ['cursor', 'node']),
  ...parentFields('ProjectPayload', ['project']),
};
