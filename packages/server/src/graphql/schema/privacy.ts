import { userDataExport } from '../../privacy/user-data-export.js';
import { userErase } from '../../privacy/user-erase.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const privacyResolvers: Resolvers = {
  Query: {
    userDataExport: (_, { projectId, userId }, { services }) => userDataExport(services.store, services.now(), projectId, userId),
  },
  Mutation: {
    userErase: (_, { input }, { services }) => userErase(services, input.projectId, input.userId),
  },
};
