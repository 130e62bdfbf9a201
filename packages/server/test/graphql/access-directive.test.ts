import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ACCESS_DIRECTIVE, accessRulesOf } from '../../src/graphql/access-directive.js';
import { buildBareSchema } from '../../src/graphql/build-schema.js';
import { PROJECT_OF } from '../../src/graphql/project-of.js';

const ACCESS_SDL = readFileSync(new URL('../../src/graphql/schema/access.graphql', import.meta.url), 'utf8');
const rulesOf = (sdl: string) => accessRulesOf(buildSchema(`${ACCESS_SDL}\n${sdl}`), PROJECT_OF);
const kinds = (sdl: string) => Object.fromEntries(Object.entries(rulesOf(sdl)).map(([field, rule]) => [field, rule.kind]));

describe('@access', () => {
  it("gives a field its own rule, else its block's, and none to a field of a block without one", () => {
    expect(
      kinds(`
        type Query { thing: Thing @access(rule: OPERATOR), open: String @access(rule: PUBLIC) }
        type Thing @access(rule: PARENT) { name: String, secret: String @access(rule: ADMIN) }
        extend type Thing { added: String, guarded: String @access(rule: ADMIN) }
      `),
    ).toEqual({
      'Query.thing': 'operator',
      'Query.open': 'public',
      'Thing.name': 'parent',
      'Thing.secret': 'admin',
      'Thing.guarded': 'admin',
    });
  });

  it('builds PROJECT rules from the named lookup, refusing names PROJECT_OF lacks', () => {
    const rule = rulesOf('type Query { a(projectId: ID!): String @access(rule: PROJECT, members: true) }')['Query.a'];
    expect(rule).toMatchObject({ kind: 'project', members: true, apiKeys: false, projectOf: PROJECT_OF.projectId?.projectOf });
    expect(() => rulesOf('type Query { a: String @access(rule: PROJECT, projectOf: "nope") }')).toThrow(
      /^@access on Query\.a \(GraphQL request:\d+\): projectOf "nope" is not in PROJECT_OF \(graphql\/project-of\.ts\)$/,
    );
    expect(() => rulesOf('type Query { a: String @access(rule: PROJECT, projectOf: "toString") }')).toThrow('projectOf "toString"');
  });

  it('refuses PARENT on a root field, and PROJECT options on other rules', () => {
    expect(() => rulesOf('type Query @access(rule: PARENT) { a: String }')).toThrow('a root field has no parent');
    expect(() => rulesOf('type Query { a: String @access(rule: ADMIN, members: true) }')).toThrow(
      'only PROJECT takes members, apiKeys or projectOf',
    );
  });

  it('is left out of the served schema, which only the server reads it from', () => {
    const schema = buildBareSchema();
    expect(schema.getDirective(ACCESS_DIRECTIVE)).toBeUndefined();
    expect(schema.getType('Access')).toBeUndefined();
  });
});
