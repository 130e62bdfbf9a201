import { userDataExport } from '../../privacy/user-data-export.js';
import { userErase } from '../../privacy/user-erase.js';
import type { Retention } from '../../projects/projects.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { projectNode } from './projects.js';

export const privacyResolvers: Resolvers = {
  Query: {
    userDataExport: (_, { projectId, userId }, { services }) => userDataExport(services.store, services.now(), projectId, userId),
  },
  Mutation: {
    userErase: (_, { input }, { services }) => userErase(services, input.projectId, input.userId),
    projectUpdateRetention: async (_, { input }, { services }) => {
      const patch: Partial<Retention> = {};
      // Omitted keeps the value; an explicit null keeps the data for good.
      if (input.conversationRetentionDays !== undefined) patch.conversationDays = input.conversationRetentionDays;
      if (input.anonymousProfileRetentionDays !== undefined) patch.anonymousProfileDays = input.anonymousProfileRetentionDays;
      return { project: projectNode(await services.projects.updateRetention(input.projectId, patch)) };
    },
  },
};
