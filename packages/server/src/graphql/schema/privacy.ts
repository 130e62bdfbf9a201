import { userDataExport } from '../../privacy/user-data-export.js';
import type { Resolvers } from '../generated/resolvers-types.js';

export const privacyResolvers: Resolvers = {
  Query: {
    userDataExport: (_, { projectId, userId }, { services }) => userDataExport(services.store, services.now(), projectId, userId),
  },
};
