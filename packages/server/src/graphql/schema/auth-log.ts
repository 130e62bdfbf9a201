import type { StatsBucket } from '../../auth-log/index.js';
import { type AccessRules, parentFields, projectRule } from '../access.js';
import { type ConnectionArgs, connectionArgs, connectionTypeDefs } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const authLogTypeDefs = /* GraphQL */ `
  enum AuthenticationOutcome {
    SUCCESS
    FAILURE
  }

  enum StatsBucket {
    MINUTE
    HOUR
    DAY
  }

  "One visitorAuthenticateFromCredentials attempt."
  type AuthenticationEvent {
    id: ID!
    time: DateTime!
    outcome: AuthenticationOutcome!
    "The reason code of a failure."
    reason: String
    platformKeyId: String
    brandKeyId: String
    userId: String
    vuid: String
    "HMAC-SHA-256 of the client IP with a server secret: groups attempts without keeping the address."
    ipHmac: String!
  }
  ${connectionTypeDefs('AuthenticationEvent')}

  type AuthenticationStatsBucket {
    start: DateTime!
    success: Int!
    failure: Int!
  }

  extend type Query {
    "The authentication log of a project, newest first (kept authLogRetentionDays)."
    authenticationEvents(projectId: ID!, outcome: AuthenticationOutcome, reason: String, ${connectionArgs}): AuthenticationEventConnection!
    "Attempts per bucket and outcome, every bucket of the range present (at most 1,000 buckets)."
    authenticationStats(projectId: ID!, from: DateTime!, to: DateTime!, bucket: StatsBucket!): [AuthenticationStatsBucket!]!
  }
`;

type EventsArgs = ConnectionArgs & { projectId: string; outcome?: 'SUCCESS' | 'FAILURE' | null; reason?: string | null };

export const authLogResolvers = {
  Query: {
    authenticationEvents: async (_: unknown, { projectId, ...filter }: EventsArgs, context: GraphQLContext) => {
      const project = await context.services.projects.get(projectId);
      return context.services.authLog.list(project.id, { ...filter, totalCount: true });
    },
    authenticationStats: async (
      _: unknown,
      args: { projectId: string; from: Date; to: Date; bucket: StatsBucket },
      context: GraphQLContext,
    ) => {
      const project = await context.services.projects.get(args.projectId);
      return context.services.authLog.stats(project.id, { from: args.from, to: args.to, bucket: args.bucket });
    },
  },
};

const logReaders = projectRule({ members: false, apiKeys: true });

export const authLogRules: AccessRules = {
  'Query.authenticationEvents': logReaders,
  'Query.authenticationStats': logReaders,
  ...parentFields('AuthenticationEvent', ['id', 'time', 'outcome', 'reason', 'platformKeyId', 'brandKeyId', 'userId', 'vuid', 'ipHmac']),
  ...parentFields('AuthenticationEventConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('AuthenticationEventEdge', ['cursor', 'node']),
  ...parentFields('AuthenticationStatsBucket', ['start', 'success', 'failure']),
};
