import { readFileSync } from 'node:fs';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { type AccessRules, ADMIN, parentFields } from '../access.js';

/** The version of @parley/server, from its package.json. */
const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const commonTypeDefs = /* GraphQL */ `
  "An instant in ISO 8601, UTC (2026-01-01T00:00:00.000Z)."
  scalar DateTime

  "Relay page information."
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Query {
    "The server's version; a cheap authenticated ping for admins."
    serverInfo: ServerInfo!
  }

  type ServerInfo {
    version: String!
  }
`;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value)))
    throw new GraphQLError('DateTime: expected an ISO 8601 date-time such as 2026-01-01T00:00:00Z');
  return new Date(value);
}

export const dateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

export const commonResolvers = {
  DateTime: dateTimeScalar,
  Query: { serverInfo: () => ({ version: SERVER_VERSION }) },
};

export const commonRules: AccessRules = {
  'Query.serverInfo': ADMIN,
  ...parentFields('ServerInfo', ['version']),
  ...parentFields('PageInfo', ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
};
