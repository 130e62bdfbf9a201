import type { Resolvers } from '../generated/resolvers-types.js';

export const cannedReplyResolvers: Resolvers = {
  Project: {
    cannedReplies: (project, _, context) => context.services.cannedReplies.list(project.id),
  },
  Mutation: {
    cannedReplyCreate: async (_, { input }, context) => ({
      cannedReply: await context.services.cannedReplies.create(input.projectId, input),
    }),
    cannedReplyUpdate: async (_, { input }, context) => ({
      cannedReply: await context.services.cannedReplies.update(input.id, input),
    }),
    cannedReplyDelete: async (_, { input }, context) => ({
      cannedReply: await context.services.cannedReplies.delete(input.id),
    }),
  },
};
