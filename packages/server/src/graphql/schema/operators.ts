import { ApiError } from '../../errors.js';
import type { Operator, ProjectApiKey } from '../../operators/index.js';
import { connectionFromList } from '../connection.js';
import type { OperatorRole, Resolvers } from '../generated/resolvers-types.js';
import { projectNode } from './projects.js';

const toRole = (role: OperatorRole) => (role === 'ADMIN' ? 'admin' : 'agent');
export const operatorNode = (operator: Operator) => ({
  ...operator,
  role: operator.role === 'admin' ? ('ADMIN' as const) : ('AGENT' as const),
});

const apiKeyNode = (key: ProjectApiKey) => ({
  clientId: key.id,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

export const operatorResolvers: Resolvers = {
  Project: {
    apiKeys: async (project, args, context) =>
      connectionFromList(
        (await context.services.apiKeys.list(project.id, { includeRevoked: args.includeRevoked })).map(apiKeyNode),
        args,
        (key) => key.clientId,
      ),
    members: async (project, args, context) =>
      connectionFromList((await context.services.operators.membersOf(project.id)).map(operatorNode), args, (operator) => operator.id),
  },
  Query: {
    viewer: async (_, __, { principal, services }) => ({
      operator: principal?.kind === 'operator' ? operatorNode(await services.operators.get(principal.operatorId)) : null,
      apiKeyProjectId: principal?.kind === 'apiKey' ? principal.projectId : null,
    }),
    operators: async (_, args, context) =>
      connectionFromList((await context.services.operators.list()).map(operatorNode), args, (operator) => operator.id),
  },
  Mutation: {
    operatorCreate: async (_, { input }, context) => ({
      operator: operatorNode(await context.services.operators.create({ ...input, role: toRole(input.role) })),
    }),
    operatorUpdate: async (_, { input }, context) => {
      const { operators, accessTokens } = context.services;
      const operator = await operators.update(input.id, {
        role: input.role ? toRole(input.role) : null,
        disabled: input.disabled ?? null,
        password: input.password ?? null,
        displayName: input.displayName ?? null,
      });
      if (input.disabled === true || typeof input.password === 'string') await accessTokens.revokeForOperator(operator.id);
      context.services.authorNames.forget(operator.id);
      return { operator: operatorNode(operator) };
    },
    viewerUpdate: async (_, { input }, { principal, services }) => {
      if (principal?.kind !== 'operator')
        throw new ApiError('PERMISSION_DENIED', 'viewerUpdate is for operators: a project API key has no profile');
      const operator = await services.operators.update(principal.operatorId, { displayName: input.displayName });
      services.authorNames.forget(operator.id);
      return { operator: operatorNode(operator) };
    },
    projectMemberAdd: async (_, { input }, context) => {
      await context.services.operators.addMember(input.projectId, input.operatorId);
      return { project: projectNode(await context.services.projects.get(input.projectId)) };
    },
    projectMemberRemove: async (_, { input }, context) => {
      await context.services.operators.removeMember(input.projectId, input.operatorId);
      return { project: projectNode(await context.services.projects.get(input.projectId)) };
    },
    operatorTokensRevoke: async (_, { input }, context) => {
      await context.services.operators.get(input.operatorId);
      return { revokedCount: await context.services.accessTokens.revokeForOperator(input.operatorId) };
    },
    projectApiKeyCreate: async (_, { input }, context) => {
      const project = await context.services.projects.get(input.projectId);
      const { clientId, clientSecret } = await context.services.apiKeys.create(project.id);
      return { clientId, clientSecret };
    },
    projectApiKeyRevoke: async (_, { input }, context) => ({
      apiKey: apiKeyNode(await context.services.apiKeys.revoke(input.clientId)),
    }),
  },
};
