import {
  type ConstDirectiveNode,
  type GraphQLDirective,
  type GraphQLSchema,
  getDirectiveValues,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type Location,
} from 'graphql';
import { type AccessRule, type AccessRules, ADMIN, OPERATOR, PARENT, PUBLIC, STAFF } from './access.js';
import type { ProjectLookup } from './project-of.js';

/** The directive and the enum of its `rule`: read when the schema is built, never served. */
export const ACCESS_DIRECTIVE = 'access';
export const ACCESS_ENUM = 'Access';

const SIMPLE_RULES: Readonly<Record<string, AccessRule>> = { PUBLIC, PARENT, OPERATOR, STAFF, ADMIN };

interface Annotated {
  readonly directives?: readonly ConstDirectiveNode[];
  readonly loc?: Location;
}

const where = (coordinate: string, node: Annotated) =>
  node.loc ? `${coordinate} (${node.loc.source.name}:${node.loc.startToken.line})` : coordinate;

/**
 * The rule of every field that has one: its own `@access`, else the one of the `type` or
 * `extend type` block that declares it. A field in neither gets none (and is denied). A
 * `projectOf` name missing from `lookups`, `PARENT` or a lookup that reads the parent on a root
 * field, arguments other than `rule` on a rule other than `PROJECT`, and `@access` on an
 * interface (where no resolver would check it) throw.
 */
export function accessRulesOf(schema: GraphQLSchema, lookups: Readonly<Record<string, ProjectLookup>>): AccessRules {
  const directive = schema.getDirective(ACCESS_DIRECTIVE);
  if (!directive) throw new Error(`the schema does not declare @${ACCESS_DIRECTIVE}`);
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const rules: AccessRules = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) refuseOnInterface(directive, type.name, [type.astNode, ...type.extensionASTNodes]);
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const root = roots.has(type);
    for (const block of [type.astNode, ...type.extensionASTNodes]) {
      if (!block) continue;
      const blockRule = ruleAt(directive, block, where(type.name, block), lookups, root);
      for (const field of block.fields ?? []) {
        const rule = ruleAt(directive, field, where(`${type.name}.${field.name.value}`, field), lookups, root) ?? blockRule;
        if (rule) rules[`${type.name}.${field.name.value}`] = rule;
      }
    }
  }
  return rules;
}

/** Resolvers run for the object types' fields only: a rule on an interface would protect nothing. */
function refuseOnInterface(
  directive: GraphQLDirective,
  name: string,
  blocks: readonly (({ readonly fields?: readonly Annotated[] | undefined } & Annotated) | null | undefined)[],
): void {
  for (const block of blocks) {
    for (const node of [block, ...(block?.fields ?? [])]) {
      if (node && getDirectiveValues(directive, node))
        throw new Error(`@access on ${where(name, node)}: an interface takes no rule; put it on the fields of the types that implement it`);
    }
  }
}

function ruleAt(
  directive: GraphQLDirective,
  node: Annotated,
  coordinate: string,
  lookups: Readonly<Record<string, ProjectLookup>>,
  root: boolean,
): AccessRule | undefined {
  const values = getDirectiveValues(directive, node);
  if (!values) return undefined;
  if (root && values.rule === 'PARENT')
    throw new Error(`@access on ${coordinate}: a root field has no parent (PUBLIC if anyone may call it)`);
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
  if (root && lookup.readsParent)
    throw new Error(`@access on ${coordinate}: projectOf "${projectOf}" reads the parent, which a root field has not`);
  return {
    kind: 'project',
    members,
    apiKeys,
    projectOf: lookup.projectOf,
    notFound: lookup.notFound ?? ((_args, projectId) => `no project has id "${projectId}"`),
  };
}
