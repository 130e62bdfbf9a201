import {
  type ConstDirectiveNode,
  type GraphQLDirective,
  type GraphQLSchema,
  getDirectiveValues,
  isIntrospectionType,
  isObjectType,
  type Location,
} from 'graphql';
import { type AccessRule, type AccessRules, ADMIN, OPERATOR, PARENT, PUBLIC } from './access.js';
import type { ProjectLookup } from './project-of.js';

/** The directive and the enum of its `rule`: read when the schema is built, never served. */
export const ACCESS_DIRECTIVE = 'access';
export const ACCESS_ENUM = 'Access';

const SIMPLE_RULES: Readonly<Record<string, AccessRule>> = { PUBLIC, PARENT, OPERATOR, ADMIN };

interface Annotated {
  readonly directives?: readonly ConstDirectiveNode[];
  readonly loc?: Location;
}

const where = (coordinate: string, node: Annotated) =>
  node.loc ? `${coordinate} (${node.loc.source.name}:${node.loc.startToken.line})` : coordinate;

/**
 * The rule of every field that has one: its own `@access`, else the one of the `type` or
 * `extend type` block that declares it. A field in neither gets none (and is denied). A
 * `projectOf` name missing from `lookups`, `PARENT` on a root field, or arguments other than
 * `rule` on a rule other than `PROJECT` throw.
 */
export function accessRulesOf(schema: GraphQLSchema, lookups: Readonly<Record<string, ProjectLookup>>): AccessRules {
  const directive = schema.getDirective(ACCESS_DIRECTIVE);
  if (!directive) throw new Error(`the schema does not declare @${ACCESS_DIRECTIVE}`);
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const rules: AccessRules = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const block of [type.astNode, ...type.extensionASTNodes]) {
      if (!block) continue;
      const blockRule = ruleAt(directive, block, where(type.name, block), lookups);
      for (const field of block.fields ?? []) {
        const coordinate = where(`${type.name}.${field.name.value}`, field);
        const rule = ruleAt(directive, field, coordinate, lookups) ?? blockRule;
        if (!rule) continue;
        if (rule.kind === 'parent' && roots.has(type))
          throw new Error(`@access on ${coordinate}: a root field has no parent (PUBLIC if anyone may call it)`);
        rules[`${type.name}.${field.name.value}`] = rule;
      }
    }
  }
  return rules;
}

function ruleAt(
  directive: GraphQLDirective,
  node: Annotated,
  coordinate: string,
  lookups: Readonly<Record<string, ProjectLookup>>,
): AccessRule | undefined {
  const values = getDirectiveValues(directive, node);
  if (!values) return undefined;
  const { rule, members, apiKeys, projectOf } = values as { rule: string; members: boolean; apiKeys: boolean; projectOf: string };
  if (rule !== 'PROJECT') {
    const extra = node.directives?.find((applied) => applied.name.value === ACCESS_DIRECTIVE)?.arguments?.length ?? 0;
    if (extra > 1) throw new Error(`@access on ${coordinate}: only PROJECT takes members, apiKeys or projectOf`);
    const simple = Object.hasOwn(SIMPLE_RULES, rule) ? SIMPLE_RULES[rule] : undefined;
    if (!simple) throw new Error(`@access on ${coordinate}: unknown rule ${rule}`);
    return simple;
  }
  const lookup = Object.hasOwn(lookups, projectOf) ? lookups[projectOf] : undefined;
  if (!lookup) throw new Error(`@access on ${coordinate}: projectOf "${projectOf}" is not in PROJECT_OF (graphql/project-of.ts)`);
  return {
    kind: 'project',
    members,
    apiKeys,
    projectOf: lookup.projectOf,
    notFound: lookup.notFound ?? ((_args, projectId) => `no project has id "${projectId}"`),
  };
}
