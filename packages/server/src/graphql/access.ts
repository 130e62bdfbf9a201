import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { ApiError } from '../errors.js';
import type { GraphQLContext } from './context.js';

export type Args = Record<string, unknown>;

/** The project a call touches: from the arguments, or looked up from an id in them. */
export type ProjectOf = (args: Args, context: GraphQLContext, source: unknown) => string | Promise<string>;

/**
 * Who may resolve a field (spec §9.3), as `@access` says in the SDL (access-directive.ts). Every
 * field of every object type needs one; a field without a rule is denied, and a test fails on it.
 * - `public`: anyone (the visitor mutations check the visitor bearer themselves);
 * - `parent`: whoever could reach the object that holds the field;
 * - `operator`: any signed-in operator or project API key (the resolver narrows what it answers);
 * - `staff`: any signed-in operator, never an API key (what a brand's backend has no need to know of the team);
 * - `admin`: admins only;
 * - `project`: admins, and — as listed — members of the project and its API keys.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'parent' }
  | { kind: 'operator' }
  | { kind: 'staff' }
  | { kind: 'admin' }
  | {
      kind: 'project';
      members: boolean;
      apiKeys: boolean;
      projectOf: ProjectOf;
      /** What an operator outside the project is told: the same words as for an id that does not exist. */
      notFound: (args: Args, projectId: string) => string;
    };

export type AccessRules = Record<string, AccessRule>;

export const PUBLIC: AccessRule = { kind: 'public' };
export const PARENT: AccessRule = { kind: 'parent' };
export const OPERATOR: AccessRule = { kind: 'operator' };
export const STAFF: AccessRule = { kind: 'staff' };
export const ADMIN: AccessRule = { kind: 'admin' };

const unauthenticated = () => new ApiError('UNAUTHENTICATED', 'sign in: send an operator or project API bearer from POST /oauth2/token');
const denied = () => new ApiError('PERMISSION_DENIED', 'your account lacks the role or project membership this needs');

export async function enforce(rule: AccessRule | undefined, args: Args, context: GraphQLContext, source: unknown): Promise<void> {
  if (!rule) throw denied();
  if (rule.kind === 'public' || rule.kind === 'parent') return;
  const { principal } = context;
  if (!principal) throw unauthenticated();
  if (rule.kind === 'operator') return;
  if (rule.kind === 'staff') {
    if (principal.kind !== 'operator') throw denied();
    return;
  }
  const isAdmin = principal.kind === 'operator' && principal.role === 'admin';
  if (rule.kind === 'admin') {
    if (!isAdmin) throw denied();
    return;
  }
  const projectId = await rule.projectOf(args, context, source);
  if (isAdmin) return;
  if (principal.kind === 'operator' && rule.members && principal.projectIds.includes(projectId)) return;
  if (principal.kind === 'apiKey' && rule.apiKeys && principal.projectId === projectId) return;
  // An object of a project you cannot see is indistinguishable from one that does not exist.
  throw principal.kind === 'operator' && rule.members ? new ApiError('NOT_FOUND', rule.notFound(args, projectId)) : denied();
}

/** Every field of every object type in the schema (introspection aside), as `Type.field`. */
export function fieldCoordinates(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !isIntrospectionType(type))
    .flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []));
}

/** Wraps every resolver so its rule runs first; a field without a rule is denied. */
export function applyAccessRules(schema: GraphQLSchema, rules: AccessRules): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = rules[`${type.name}.${field.name}`];
      const resolve: GraphQLFieldResolver<unknown, GraphQLContext> = field.resolve ?? defaultFieldResolver;
      if (rule?.kind === 'parent') continue; // no check: keeps plain fields as fast as undecorated ones
      field.resolve = async (source, args, context, info) => {
        await enforce(rule, args, context, source);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
