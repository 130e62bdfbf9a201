import { readFileSync } from 'node:fs';
import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ADMIN, applyAccessRules, fieldCoordinates, PUBLIC } from '../../src/graphql/access.js';
import { ACCESS_RULES, buildBareSchema } from '../../src/graphql/build-schema.js';
import type { GraphQLContext } from '../../src/graphql/context.js';

describe('GraphQL access rules', () => {
  it('declares a rule for every field of every object type, and none for fields that do not exist', () => {
    const fields = fieldCoordinates(buildBareSchema());
    expect(fields.length).toBeGreaterThan(100);
    expect(fields.filter((field) => !(field in ACCESS_RULES))).toEqual([]);
    expect(Object.keys(ACCESS_RULES).filter((rule) => !fields.includes(rule))).toEqual([]);
  });

  it('denies a field without a rule, and asks for a bearer where a rule needs one', async () => {
    const schema = applyAccessRules(buildSchema('type Query { open: String, secret: String, forgotten: String }'), {
      'Query.open': PUBLIC,
      'Query.secret': ADMIN,
    });
    const rootValue = { open: 'o', secret: 's', forgotten: 'f' };
    const contextValue = { principal: null } as unknown as GraphQLContext;
    const result = await graphql({ schema, source: '{ open secret forgotten }', rootValue, contextValue });
    expect(result.data).toEqual({ open: 'o', secret: null, forgotten: null });
    const names = result.errors?.map((error) => [error.path?.[0], (error.originalError as { code?: string }).code]);
    expect(names).toEqual([
      ['secret', 'UNAUTHENTICATED'],
      ['forgotten', 'PERMISSION_DENIED'],
    ]);
  });
});

describe('GraphQL reference', () => {
  it('docs/reference/graphql.md is generated from the served schema (npm run docs:graphql)', async () => {
    const { GRAPHQL_DOC_PATH, renderGraphQLDoc } = await import('../../../../scripts/graphql-doc.js');
    expect(readFileSync(GRAPHQL_DOC_PATH, 'utf8')).toBe(renderGraphQLDoc());
  });
});
