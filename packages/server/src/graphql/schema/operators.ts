import { ApiError } from '../../errors.js';
import type { Operator, ProjectApiKey } from '../../operators/index.js';
import { type AccessRules, ADMIN, OPERATOR, parentFields, projectOfParent, projectRule } from '../access.js';
import { type ConnectionArgs, connectionArgs, connectionFromList, connectionTypeDefs } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { projectNode } from './projects.js';

export const operatorTypeDefs = /* GraphQL */ `
  enum OperatorRole {
    "The whole installation."
    ADMIN
    "Members of the projects listed for them."
    AGENT
  }

  type Operator {
    id: ID!
    email: String!
    role: OperatorRole!
    disabled: Boolean!
    createdAt: DateTime!
  }
  ${connectionTypeDefs('Operator')}

  "Who the bearer is: an operator, or a project API key."
  type Viewer {
    operator: Operator
    "The project of a project API key; null for operators."
    apiKeyProjectId: ID
  }

  "A project API key for the client-credentials grant. The secret is shown once, at creation."
  type ProjectApiKey {
    clientId: ID!
    createdAt: DateTime!
    lastUsedAt: DateTime
    revokedAt: DateTime
  }
  ${connectionTypeDefs('ProjectApiKey')}

  extend type Project {
    members(${connectionArgs}): OperatorConnection!
    apiKeys(${connectionArgs}, includeRevoked: Boolean = false): ProjectApiKeyConnection!
  }

  extend type Query {
    "Who the bearer is."
    viewer: Viewer!
    "Every operator of the installation."
    operators(${connectionArgs}): OperatorConnection!
  }

  extend type Mutation {
    operatorCreate(input: OperatorCreateInput!): OperatorPayload!
    "Partial update; disabling an operator also ends its bearers."
    operatorUpdate(input: OperatorUpdateInput!): OperatorPayload!
    projectMemberAdd(input: ProjectMemberInput!): ProjectPayload!
    projectMemberRemove(input: ProjectMemberInput!): ProjectPayload!
    operatorTokensRevoke(input: OperatorTokensRevokeInput!): OperatorTokensRevokePayload!
    "A client_id and client_secret for the client-credentials grant; the secret is shown once."
    projectApiKeyCreate(input: ProjectApiKeyCreateInput!): ProjectApiKeyCreatePayload!
    "Revokes an API key and every bearer issued to it."
    projectApiKeyRevoke(input: ProjectApiKeyRevokeInput!): ProjectApiKeyPayload!
  }

  input ProjectApiKeyRevokeInput {
    clientId: ID!
  }

  type ProjectApiKeyPayload {
    apiKey: ProjectApiKey!
  }

  input OperatorCreateInput {
    email: String!
    password: String!
    role: OperatorRole!
  }

  input OperatorUpdateInput {
    id: ID!
    role: OperatorRole
    disabled: Boolean
    password: String
  }

  input ProjectMemberInput {
    projectId: ID!
    operatorId: ID!
  }

  input OperatorTokensRevokeInput {
    operatorId: ID!
  }

  input ProjectApiKeyCreateInput {
    projectId: ID!
  }

  type OperatorPayload {
    operator: Operator!
  }

  type OperatorTokensRevokePayload {
    revokedCount: Int!
  }

  type ProjectApiKeyCreatePayload {
    clientId: String!
    clientSecret: String!
  }
`;

type Role = 'ADMIN' | 'AGENT';
const toRole = (role: Role) => (role === 'ADMIN' ? 'admin' : 'agent');
const operatorNode = (operator: Operator) => ({ ...operator, role: operator.role === 'admin' ? 'ADMIN' : 'AGENT' });

const apiKeyNode = (key: ProjectApiKey) => ({
  clientId: key.id,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

export const operatorResolvers = {
  Project: {
    apiKeys: async (project: { id: string }, args: ConnectionArgs & { includeRevoked: boolean }, context: GraphQLContext) =>
      connectionFromList(
        (await context.services.apiKeys.list(project.id, { includeRevoked: args.includeRevoked })).map(apiKeyNode),
        args,
        (key) => key.clientId,
      ),
    members: async (project: { id: string }, args: ConnectionArgs, context: GraphQLContext) =>
      connectionFromList((await context.services.operators.membersOf(project.id)).map(operatorNode), args, (operator) => operator.id),
  },
  Query: {
    viewer: async (_: unknown, __: unknown, { principal, services }: GraphQLContext) => ({
      operator: principal?.kind === 'operator' ? operatorNode(await services.operators.get(principal.operatorId)) : null,
      apiKeyProjectId: principal?.kind === 'apiKey' ? principal.projectId : null,
    }),
    operators: async (_: unknown, args: ConnectionArgs, context: GraphQLContext) =>
      connectionFromList((await context.services.operators.list()).map(operatorNode), args, (operator) => operator.id),
  },
  Mutation: {
    operatorCreate: async (_: unknown, { input }: { input: { email: string; password: string; role: Role } }, context: GraphQLContext) => ({
      operator: operatorNode(await context.services.operators.create({ ...input, role: toRole(input.role) })),
    }),
    operatorUpdate: async (
      _: unknown,
      { input }: { input: { id: string; role?: Role | null; disabled?: boolean | null; password?: string | null } },
      context: GraphQLContext,
    ) => {
      const { operators, accessTokens } = context.services;
      const operator = await operators.update(input.id, {
        role: input.role ? toRole(input.role) : null,
        disabled: input.disabled ?? null,
        password: input.password ?? null,
      });
      if (input.disabled === true || typeof input.password === 'string') await accessTokens.revokeForOperator(operator.id);
      return { operator: operatorNode(operator) };
    },
    projectMemberAdd: async (_: unknown, { input }: { input: { projectId: string; operatorId: string } }, context: GraphQLContext) => {
      await context.services.operators.addMember(input.projectId, input.operatorId);
      return { project: projectNode(await context.services.projects.get(input.projectId)) };
    },
    projectMemberRemove: async (_: unknown, { input }: { input: { projectId: string; operatorId: string } }, context: GraphQLContext) => {
      await context.services.operators.removeMember(input.projectId, input.operatorId);
      return { project: projectNode(await context.services.projects.get(input.projectId)) };
    },
    operatorTokensRevoke: async (_: unknown, { input }: { input: { operatorId: string } }, context: GraphQLContext) => {
      await context.services.operators.get(input.operatorId);
      return { revokedCount: await context.services.accessTokens.revokeForOperator(input.operatorId) };
    },
    projectApiKeyCreate: async (_: unknown, { input }: { input: { projectId: string } }, context: GraphQLContext) => {
      const project = await context.services.projects.get(input.projectId);
      const { clientId, clientSecret } = await context.services.apiKeys.create(project.id);
      return { clientId, clientSecret };
    },
    projectApiKeyRevoke: async (_: unknown, { input }: { input: { clientId: string } }, context: GraphQLContext) => ({
      apiKey: apiKeyNode(await context.services.apiKeys.revoke(input.clientId)),
    }),
  },
};

/** The project of an API key (unknown ids are NOT_FOUND, whoever asks). */
async function apiKeyProject(args: Record<string, unknown>, context: GraphQLContext): Promise<string> {
  const clientId = String((args.input as { clientId?: unknown } | undefined)?.clientId ?? '');
  const key = await context.services.apiKeys.find(clientId);
  if (!key) throw new ApiError('NOT_FOUND', `no API key has client id "${clientId}"`);
  return key.projectId;
}

export const operatorRules: AccessRules = {
  'Project.members': projectRule({ members: true, apiKeys: false, projectOf: projectOfParent }),
  'Project.apiKeys': projectRule({ members: false, apiKeys: false, projectOf: projectOfParent }),
  'Mutation.projectApiKeyRevoke': projectRule({ members: false, apiKeys: false, projectOf: apiKeyProject }),
  ...parentFields('ProjectApiKey', ['clientId', 'createdAt', 'lastUsedAt', 'revokedAt']),
  ...parentFields('ProjectApiKeyConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('ProjectApiKeyEdge', ['cursor', 'node']),
  ...parentFields('ProjectApiKeyPayload', ['apiKey']),
  'Query.viewer': OPERATOR,
  'Query.operators': ADMIN,
  'Mutation.operatorCreate': ADMIN,
  'Mutation.operatorUpdate': ADMIN,
  'Mutation.projectMemberAdd': ADMIN,
  'Mutation.projectMemberRemove': ADMIN,
  'Mutation.operatorTokensRevoke': ADMIN,
  'Mutation.projectApiKeyCreate': projectRule({ members: false, apiKeys: false }),
  ...parentFields('Operator', ['id', 'email', 'role', 'disabled', 'createdAt']),
  ...parentFields('OperatorConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('OperatorEdge', ['cursor', 'node']),
  ...parentFields('Viewer', ['operator', 'apiKeyProjectId']),
  ...parentFields('OperatorPayload', ['operator']),
  ...parentFields('OperatorTokensRevokePayload', ['revokedCount']),
  ...parentFields('ProjectApiKeyCreatePayload', ['clientId', 'clientSecret']),
};
