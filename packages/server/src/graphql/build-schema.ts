import { buildSchema, type GraphQLFieldResolver, type GraphQLScalarType, type GraphQLSchema, isObjectType, isScalarType } from 'graphql';
import { type AccessRules, applyAccessRules } from './access.js';
import { authLogResolvers, authLogRules, authLogTypeDefs } from './schema/auth-log.js';
import { commonResolvers, commonRules, commonTypeDefs } from './schema/common.js';
import { conversationResolvers, conversationRules, conversationTypeDefs } from './schema/conversations.js';
import { keyResolvers, keyRules, keyTypeDefs } from './schema/keys.js';
import { operatorResolvers, operatorRules, operatorTypeDefs } from './schema/operators.js';
import { projectResolvers, projectRules, projectTypeDefs } from './schema/projects.js';
import { visitorResolvers, visitorRules, visitorTypeDefs } from './schema/visitors.js';

type ScalarResolver = Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'>;
type Resolvers = Record<string, Record<string, unknown> | ScalarResolver>;

/** One module per domain: its SDL, its resolvers and the access rule of each of its fields. */
const MODULES: readonly { typeDefs: string; resolvers: Resolvers; rules: AccessRules }[] = [
  { typeDefs: commonTypeDefs, resolvers: commonResolvers as Resolvers, rules: commonRules },
  { typeDefs: visitorTypeDefs, resolvers: visitorResolvers, rules: visitorRules },
  { typeDefs: projectTypeDefs, resolvers: projectResolvers, rules: projectRules },
  { typeDefs: keyTypeDefs, resolvers: keyResolvers as Resolvers, rules: keyRules },
  { typeDefs: operatorTypeDefs, resolvers: operatorResolvers as Resolvers, rules: operatorRules },
  { typeDefs: authLogTypeDefs, resolvers: authLogResolvers, rules: authLogRules },
  { typeDefs: conversationTypeDefs, resolvers: conversationResolvers as Resolvers, rules: conversationRules },
];

export const ACCESS_RULES: AccessRules = Object.assign({}, ...MODULES.map((module) => module.rules));

/** The schema with its resolvers, before the access rules are applied (the access test reads it). */
export function buildBareSchema(): GraphQLSchema {
  const schema = buildSchema(MODULES.map((module) => module.typeDefs).join('\n'));
  for (const module of MODULES) {
    for (const [typeName, resolvers] of Object.entries(module.resolvers)) {
      const type = schema.getType(typeName);
      if (isScalarType(type)) Object.assign(type, resolvers as ScalarResolver);
      else if (isObjectType(type)) {
        const fields = type.getFields();
        for (const [fieldName, resolve] of Object.entries(resolvers as Record<string, GraphQLFieldResolver<unknown, unknown>>)) {
          const field = fields[fieldName];
          if (!field) throw new Error(`resolver for unknown field ${typeName}.${fieldName}`);
          field.resolve = resolve;
        }
      } else throw new Error(`resolvers for unknown type ${typeName}`);
    }
  }
  return schema;
}

/** The served schema: every field behind its access rule, denied when it has none. */
export function buildGraphQLSchema(): GraphQLSchema {
  return applyAccessRules(buildBareSchema(), ACCESS_RULES);
}
