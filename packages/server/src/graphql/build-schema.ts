import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  concatAST,
  type DocumentNode,
  GraphQLScalarType,
  GraphQLSchema,
  isObjectType,
  isScalarType,
  parse,
  Source,
} from 'graphql';
import { type AccessRules, applyAccessRules } from './access.js';
import { ACCESS_DIRECTIVE, ACCESS_ENUM, accessRulesOf } from './access-directive.js';
import { applyAuditLog } from './audit.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { PROJECT_OF } from './project-of.js';
import { auditResolvers } from './schema/audit.js';
import { authLogResolvers } from './schema/auth-log.js';
import { cannedReplyResolvers } from './schema/canned-replies.js';
import { commonResolvers } from './schema/common.js';
import { conversationResolvers } from './schema/conversations.js';
import { keyResolvers } from './schema/keys.js';
import { operatorResolvers } from './schema/operators.js';
import { privacyResolvers } from './schema/privacy.js';
import { projectResolvers } from './schema/projects.js';
import { visitorResolvers } from './schema/visitors.js';
import { webhookResolvers } from './schema/webhooks.js';

/** The SDL: one file per domain in schema/, in the order the printed schema follows, then @access's declaration. */
export const SDL_FILES = [
  'common',
  'visitors',
  'projects',
  'keys',
  'operators',
  'auth-log',
  'conversations',
  'canned-replies',
  'privacy',
  'audit',
  'webhooks',
  'access',
].map((name) => `schema/${name}.graphql`);

export const TYPE_DEFS: DocumentNode = concatAST(
  SDL_FILES.map((file) => parse(new Source(readFileSync(new URL(file, import.meta.url), 'utf8'), file))),
);

/** One set per domain module in schema/. */
const RESOLVERS: readonly Resolvers[] = [
  commonResolvers,
  visitorResolvers,
  projectResolvers,
  keyResolvers,
  operatorResolvers,
  authLogResolvers,
  conversationResolvers,
  cannedReplyResolvers,
  privacyResolvers,
  auditResolvers,
  webhookResolvers,
];

/** The schema as written, `@access` included, without resolvers. */
export function buildAnnotatedSchema(): GraphQLSchema {
  return buildASTSchema(TYPE_DEFS);
}

export const ACCESS_RULES: AccessRules = accessRulesOf(buildAnnotatedSchema(), PROJECT_OF);

/** What clients see: the same types without `@access` and its enum, which only the server reads. */
function withoutAccessDirective(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    types: config.types.filter((type) => type.name !== ACCESS_ENUM),
    directives: config.directives.filter((directive) => directive.name !== ACCESS_DIRECTIVE),
  });
}

function attachResolvers(schema: GraphQLSchema, resolvers: Resolvers): void {
  for (const [typeName, value] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (isScalarType(type) && value instanceof GraphQLScalarType) {
      // The functions only: the SDL keeps the name and the description.
      type.serialize = value.serialize;
      type.parseValue = value.parseValue;
      type.parseLiteral = value.parseLiteral;
    } else if (isObjectType(type) && typeof value === 'object' && value !== null) {
      const fields = type.getFields();
      for (const [fieldName, resolve] of Object.entries(value)) {
        const field = fields[fieldName];
        if (!field || typeof resolve !== 'function') throw new Error(`resolver for unknown field ${typeName}.${fieldName}`);
        field.resolve = resolve;
      }
    } else throw new Error(`resolvers for unknown type ${typeName}`);
  }
}

/** The served schema with its resolvers, before the access rules are applied (the access test reads it). */
export function buildBareSchema(): GraphQLSchema {
  const schema = withoutAccessDirective(buildAnnotatedSchema());
  for (const resolvers of RESOLVERS) attachResolvers(schema, resolvers);
  return schema;
}

/** The served schema: every field behind its access rule, denied when it has none. */
export function buildGraphQLSchema(): GraphQLSchema {
  // The audit wraps the resolver, the access rule wraps both: a refused call is not recorded.
  return applyAccessRules(applyAuditLog(buildBareSchema(), ACCESS_RULES), ACCESS_RULES);
}
