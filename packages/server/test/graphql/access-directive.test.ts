import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ACCESS_DIRECTIVE, accessRulesOf } from '../../src/graphql/access-directive.js';
import { ACCESS_RULES, buildBareSchema } from '../../src/graphql/build-schema.js';
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

  it('refuses a rule on an interface, a parent lookup on a root field, and a null option', () => {
    expect(() =>
      rulesOf('interface Named { secret: String @access(rule: ADMIN) }\ntype Query { a: String @access(rule: PUBLIC) }'),
    ).toThrow(/^@access on Named \(GraphQL request:\d+\): an interface takes no rule/);
    expect(() => rulesOf('interface Named @access(rule: ADMIN) { name: String }\ntype Query { a: String @access(rule: PUBLIC) }')).toThrow(
      'may not be used on INTERFACE',
    );
    expect(() => rulesOf('type Query { a: String @access(rule: PROJECT, projectOf: "parent") }')).toThrow(
      'projectOf "parent" reads the parent, which a root field has not',
    );
    expect(() => rulesOf('type Query { a(projectId: ID!): String @access(rule: PROJECT, members: null) }')).toThrow('Boolean!');
  });

  it('gives every field of the served schema the rule recorded in access-rules.txt (a change of access shows in review)', async () => {
    const names = new Map(Object.entries(PROJECT_OF).map(([name, lookup]) => [lookup.projectOf, name]));
    const lines = Object.entries(ACCESS_RULES).map(([field, rule]) =>
      rule.kind === 'project'
        ? `${field}: project members=${rule.members} apiKeys=${rule.apiKeys} projectOf=${names.get(rule.projectOf)}`
        : `${field}: ${rule.kind}`,
    );
    // After a deliberate change of access: npx vitest run packages/server/test/graphql/access-directive.test.ts -u
    await expect(`${lines.sort().join('\n')}\n`).toMatchFileSnapshot('./access-rules.txt');
  });

  it('is left out of the served schema, which only the server reads it from', () => {
    const schema = buildBareSchema();
    expect(schema.getDirective(ACCESS_DIRECTIVE)).toBeUndefined();
    expect(schema.getType('Access')).toBeUndefined();
  });
});
