/** Renders docs/reference/graphql.md from the served schema: `npm run docs:graphql` (or `generate:graphql`, with the schema's other outputs). A test keeps them equal. */
import { writeFileSync } from 'node:fs';
import { type GraphQLField, type GraphQLObjectType, type GraphQLSchema, isIntrospectionType, isObjectType, printSchema } from 'graphql';
import type { AccessRule } from '../packages/server/src/graphql/access.js';
import { ACCESS_RULES, buildBareSchema } from '../packages/server/src/graphql/build-schema.js';

export const GRAPHQL_DOC_PATH = new URL('../docs/reference/graphql.md', import.meta.url).pathname;

function who(rule: AccessRule | undefined): string {
  if (!rule) return 'nobody';
  switch (rule.kind) {
    case 'public':
      return 'anyone (visitor bearer optional)';
    case 'parent':
      return 'whoever reaches the parent';
    case 'operator':
      return 'any operator or project API key (answers narrowed to what it may see)';
    case 'staff':
      return 'any operator (never an API key)';
    case 'admin':
      return 'admins';
    case 'project':
      return ['admins', ...(rule.members ? ['project members'] : []), ...(rule.apiKeys ? ["the project's API keys"] : [])].join(', ');
  }
}

const signature = (field: GraphQLField<unknown, unknown>) =>
  `${field.name}${field.args.length > 0 ? `(${field.args.map((arg) => `${arg.name}: ${arg.type}`).join(', ')})` : ''}: ${field.type}`;

function rootTable(type: GraphQLObjectType): string {
  const rows = Object.values(type.getFields()).map((field) => {
    const description = (field.description ?? '').replace(/\n/g, ' ').replace(/\|/g, '\\|');
    return `| \`${signature(field)}\` | ${who(ACCESS_RULES[`${type.name}.${field.name}`])} | ${description} |`;
  });
  return ['| field | who may call it | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** The fields below the root whose rule is not their parent's. */
function ownRuleTable(schema: GraphQLSchema): string {
  const roots = [schema.getQueryType(), schema.getMutationType()];
  const rows = Object.values(schema.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !isIntrospectionType(type) && !roots.includes(type))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => ACCESS_RULES[`${type.name}.${field.name}`]?.kind !== 'parent')
        .map((field) => `| \`${type.name}.${signature(field)}\` | ${who(ACCESS_RULES[`${type.name}.${field.name}`])} |`),
    );
  return ['| field | who may read it |', '|---|---|', ...rows].join('\n');
}

export function renderGraphQLDoc(): string {
  const schema = buildBareSchema();
  return `<!-- Generated from packages/server/src/graphql/schema/*.graphql by \`npm run generate:graphql\`; a test fails when they differ. -->
# GraphQL API reference

\`POST /graphql\` (JSON \`{ query, variables }\`). Operators and brand backends send
\`Authorization: Bearer prl_op_…\` or \`prl_api_…\` from \`POST /oauth2/token\`; visitors send their
session token (a JWT) on the visitor operations. Errors carry \`extensions.name\` and
\`retryPolicy\` (see [errors](errors.md)). Access is declared in the schema's source, per field
or per type, and denied by default; the tables say who may call each root field, and who may read
the few fields below the root that do not simply follow their parent. The schema as clients see it
is also in \`packages/server/schema.graphql\`. Lists that can grow are Relay connections
(\`first\`/\`after\`/\`last\`/\`before\`, at most 100 per page, 20 by default). Queries deeper than 12
levels, estimated at more than 25,000 fields (a connection counted at its page size, any other
list at 20) or asking for \`__schema\`/\`__type\` more than once are refused before they run, and so
is a mutation request running more than one visitor mutation (those "anyone" may call) or more
than 10 root fields, aliases included (VALIDATION_FAILED naming the limit).

## Queries

${rootTable(schema.getQueryType() as GraphQLObjectType)}

## Mutations

${rootTable(schema.getMutationType() as GraphQLObjectType)}

## Fields with their own rule

Every other field may be read by whoever reaches the object that holds it.

${ownRuleTable(schema)}

## Schema

\`\`\`graphql
${printSchema(schema)}
\`\`\`
`;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeFileSync(GRAPHQL_DOC_PATH, renderGraphQLDoc());
  console.log(`wrote ${GRAPHQL_DOC_PATH}`);
}
