import type { Resolvers } from '../generated/resolvers-types.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: async (_, { projectId, ...args }, { services }) => {
      const page = await services.auditLog.list(projectId ?? null, args);
      return {
        ...page,
        edges: page.edges.map((edge) => ({
          ...edge,
          node: {
            ...edge.node,
            actor: { ...edge.node.actor, kind: edge.node.actor.kind === 'operator' ? ('OPERATOR' as const) : ('API_KEY' as const) },
          },
        })),
      };
    },
  },
};
