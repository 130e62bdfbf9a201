import { readFileSync } from 'node:fs';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types.js';

/** The version of @parley/server, from its package.json. */
const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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

export const commonResolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: { serverInfo: () => ({ version: SERVER_VERSION }) },
};
