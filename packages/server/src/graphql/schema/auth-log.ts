import { counted } from '../connection.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const authLogResolvers: Resolvers = {
  Query: {
    authenticationEvents: async (_, { projectId, ...filter }, context) => {
      const project = await context.services.projects.get(projectId);
      return counted(await context.services.authLog.list(project.id, { ...filter, totalCount: true }));
    },
    authenticationStats: async (_, args, context) => {
      const project = await context.services.projects.get(args.projectId);
      return context.services.authLog.stats(project.id, { from: args.from, to: args.to, bucket: args.bucket });
    },
  },
};
