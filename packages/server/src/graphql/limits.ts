import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  type ValidationContext,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../store/pagination.js';

/** Deepest selection a query may nest (introspection included). */
export const MAX_QUERY_DEPTH = 12;
/** Upper bound of the fields a query may resolve, each list counted at its largest likely size. */
export const MAX_QUERY_COST = 25_000;
/** A list that is not a connection (introspection's types and fields, checks…) counts as this many items. */
const PLAIN_LIST_SIZE = 20;
/** Root fields (aliases included) one mutation request may run. */
export const MAX_MUTATION_FIELDS = 10;
/** Visitor mutations one request may run: each mints or ends a session or a token. */
export const MAX_VISITOR_MUTATION_FIELDS = 1;
/**
 * The mutations a visitor or an anonymous caller can call (their access rule is `public`; a test
 * checks this list against the access rules).
 */
export const VISITOR_MUTATIONS: ReadonlySet<string> = new Set([
  'visitorAuthenticateFromCredentials',
  'visitorAuthenticateAnonymously',
  'visitorTransferCreate',
  'visitorLogout',
  'visitorSetExtId',
]);

/** How many items a field can return: its page size for a connection, 20 for another list, else 1. */
function itemsOf(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number {
  if (!definition) return 1;
  const pageArgument = field.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
  const isConnection = definition.args.some((arg) => arg.name === 'first');
  if (isConnection) {
    if (!pageArgument) return DEFAULT_PAGE_SIZE;
    // A variable is not known during validation: assume the largest page it could ask for.
    return pageArgument.value.kind === Kind.INT ? Math.max(1, Number(pageArgument.value.value)) : MAX_PAGE_SIZE;
  }
  // A connection's `edges` are its page, already counted on the connection field.
  if (field.name.value === 'edges') return 1;
  return isListType(getNullableType(definition.type)) ? PLAIN_LIST_SIZE : 1;
}

export interface QueryMeasure {
  /** Fields the operation may resolve, each counted once per item of the lists above it. */
  cost: number;
  /** Deepest nesting (introspection's own nesting not counted). */
  depth: number;
  /** `__schema` and `__type` fields, counted once per way the operation reaches them. */
  introspectionRoots: number;
}

/** The operation's measure, or the cost counted when it passed the limit (counting stops there). */
export type MeasureResult = { overCost: false; measure: QueryMeasure } | { overCost: true; cost: number };

/** Thrown inside the walk when the running cost passes the limit. */
class CostOverLimit extends Error {}

/**
 * Measures operations of one document. Each fragment is walked once (per parent type when its type
 * condition is not a composite type): its cost is linear in the list multiplier it is spread under
 * and its depth an offset from where it is spread, so one measure at multiplier 1 and depth 0 serves
 * every spread. The walk stops as soon as the running cost passes `costLimit`, so a document is
 * measured in time linear in its size whatever its shape. A spread of a fragment being walked (a
 * cycle, which graphql-js refuses) counts nothing.
 */
export function createQueryMeasurer(
  schema: GraphQLSchema,
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
  costLimit: number = MAX_QUERY_COST,
): (operation: OperationDefinitionNode) => MeasureResult | undefined {
  const summaries = new Map<string, QueryMeasure>();
  const walking = new Set<string>();
  let spent = 0;
  const charge = (amount: number) => {
    if (amount === 0) return;
    spent += amount;
    if (!(spent <= costLimit)) throw new CostOverLimit();
  };

  /**
   * The measure of a selection set relative to the fragment (or operation) being walked: `multiplier`
   * is relative to it, `scale` is its own absolute multiplier (for the running cost), `depth` relative.
   */
  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    scale: number,
    depth: number,
  ): QueryMeasure => {
    const total: QueryMeasure = { cost: 0, depth, introspectionRoots: 0 };
    const add = (child: QueryMeasure, times: number, offset: number) => {
      if (child.cost !== 0) total.cost += times * child.cost;
      total.depth = Math.max(total.depth, offset + child.depth);
      total.introspectionRoots += child.introspectionRoots;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') total.introspectionRoots++;
        total.cost += multiplier;
        charge(multiplier * scale);
        const fieldDefinition = definitionOf(parent, name);
        const type = fieldDefinition ? getNamedType(fieldDefinition.type) : undefined;
        // The schema is finite and asked for once: its lists count once each, and its depth (type
        // references nest seven levels in graphql-js) is not counted either.
        const introspecting = name.startsWith('__') || parent.name.startsWith('__');
        const items = introspecting ? 1 : itemsOf(selection, fieldDefinition);
        if (selection.selectionSet && type && isCompositeType(type))
          add(measure(selection.selectionSet, type, multiplier * items, scale, introspecting ? depth : depth + 1), 1, 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measure(selection.selectionSet, isCompositeType(condition) ? condition : parent, multiplier, scale, depth), 1, 0);
      } else {
        const name = selection.name.value;
        const fragment = getFragment(name);
        if (!fragment || walking.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        const fragmentParent = isCompositeType(condition) ? condition : parent;
        const key = fragmentParent === condition ? name : `${name} on ${parent.name}`;
        let summary = summaries.get(key);
        if (summary) {
          if (summary.cost !== 0) charge(multiplier * scale * summary.cost);
        } else {
          walking.add(name);
          try {
            summary = measure(fragment.selectionSet, fragmentParent, 1, multiplier * scale, 0);
          } finally {
            walking.delete(name);
          }
          summaries.set(key, summary);
        }
        add(summary, multiplier, depth);
      }
    }
    return total;
  };

  return (operation) => {
    const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (!root) return undefined;
    spent = 0;
    try {
      return { overCost: false, measure: measure(operation.selectionSet, root, 1, 1, 1) };
    } catch (error) {
      if (error instanceof CostOverLimit) return { overCost: true, cost: spent };
      throw error;
    }
  };
}

/**
 * The root fields a mutation runs, by response key: fields of the same key run once, and each
 * alias runs its resolver again. Fragments are followed once each (a second spread adds no key).
 */
function rootFieldsOf(operation: OperationDefinitionNode, getFragment: (name: string) => FragmentDefinitionNode | null | undefined) {
  const fields = new Map<string, string>();
  const followed = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!selection.name.value.startsWith('__') && !fields.has(key)) fields.set(key, selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!followed.has(selection.name.value)) {
        followed.add(selection.name.value);
        const fragment = getFragment(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return [...fields.values()];
}

/** Why a mutation runs too many root fields, if it does. */
function mutationFieldsProblem(fields: readonly string[]): string | undefined {
  const visitorFields = fields.filter((name) => VISITOR_MUTATIONS.has(name));
  if (visitorFields.length > MAX_VISITOR_MUTATION_FIELDS)
    return `a request may run at most ${MAX_VISITOR_MUTATION_FIELDS} visitor mutation (this one runs ${visitorFields.length}: ${[...new Set(visitorFields)].join(', ')}): send one request per visitor mutation`;
  if (fields.length > MAX_MUTATION_FIELDS)
    return `a request may run at most ${MAX_MUTATION_FIELDS} mutation fields (this one runs ${fields.length}, aliases included): split it into several requests`;
  return undefined;
}

/**
 * Rejects, before any resolver runs, a query whose worst-case field count or depth is over
 * the limits (a list's children count once per item it may return), that asks for the
 * schema more than once (introspection runs synchronously and would stall the event loop),
 * or a mutation that runs more root fields than allowed (aliases would repeat its writes).
 * One refusal refuses the request: operations after it are not measured.
 */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const getFragment = (name: string) => context.getFragment(name);
  const measureOperation = createQueryMeasurer(context.getSchema(), getFragment);
  let refused = false;
  const refuse = (message: string) => {
    refused = true;
    context.reportError(new GraphQLError(message));
  };
  return {
    OperationDefinition(operation) {
      if (refused) return;
      if (operation.operation === 'mutation') {
        const problem = mutationFieldsProblem(rootFieldsOf(operation, getFragment));
        if (problem) return refuse(problem);
      }
      const result = measureOperation(operation);
      if (!result) return;
      const cost = result.overCost ? result.cost : result.measure.cost;
      if (!result.overCost && result.measure.introspectionRoots > 1) refuse('ask for __schema or __type once per query');
      else if (!result.overCost && result.measure.depth > MAX_QUERY_DEPTH)
        refuse(`query depth ${result.measure.depth} is over the limit of ${MAX_QUERY_DEPTH}: ask for less nesting`);
      else if (cost > MAX_QUERY_COST)
        refuse(`query cost ${cost} is over the limit of ${MAX_QUERY_COST}: ask for smaller pages (first/last) or fewer fields`);
    },
  };
}

/** The field's definition; the introspection entry points are not fields of Query in graphql-js. */
function definitionOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}
