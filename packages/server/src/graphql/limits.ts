import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
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

interface Measure {
  cost: number;
  depth: number;
  introspectionRoots: number;
}

/**
 * Rejects, before any resolver runs, a query whose worst-case field count or depth is over
 * the limits (a list's children count once per item it may return), or that asks for the
 * schema more than once (introspection runs synchronously and would stall the event loop).
 */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    depth: number,
    seen: ReadonlySet<string>,
  ): Measure => {
    const total: Measure = { cost: 0, depth, introspectionRoots: 0 };
    const add = (child: Measure) => {
      total.cost += child.cost;
      total.depth = Math.max(total.depth, child.depth);
      total.introspectionRoots += child.introspectionRoots;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') total.introspectionRoots++;
        total.cost += multiplier;
        const fieldDefinition = definitionOf(parent, name);
        const type = fieldDefinition ? getNamedType(fieldDefinition.type) : undefined;
        // The schema is finite and asked for once: its lists count once each, and its depth (type
        // references nest seven levels in graphql-js) is not counted either.
        const introspecting = name.startsWith('__') || parent.name.startsWith('__');
        const items = introspecting ? 1 : itemsOf(selection, fieldDefinition);
        if (selection.selectionSet && type && isCompositeType(type))
          add(measure(selection.selectionSet, type, multiplier * items, introspecting ? depth : depth + 1, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measure(selection.selectionSet, isCompositeType(condition) ? condition : parent, multiplier, depth, seen));
      } else {
        const fragment = context.getFragment(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        add(
          measure(
            fragment.selectionSet,
            isCompositeType(condition) ? condition : parent,
            multiplier,
            depth,
            new Set([...seen, fragment.name.value]),
          ),
        );
      }
    }
    return total;
  };
  return {
    OperationDefinition(operation) {
      const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      if (!root) return;
      const { cost, depth, introspectionRoots } = measure(operation.selectionSet, root, 1, 1, new Set());
      if (introspectionRoots > 1) context.reportError(new GraphQLError('ask for __schema or __type once per query'));
      else if (depth > MAX_QUERY_DEPTH)
        context.reportError(new GraphQLError(`query depth ${depth} is over the limit of ${MAX_QUERY_DEPTH}: ask for less nesting`));
      else if (cost > MAX_QUERY_COST)
        context.reportError(
          new GraphQLError(`query cost ${cost} is over the limit of ${MAX_QUERY_COST}: ask for smaller pages (first/last) or fewer fields`),
        );
    },
  };
}

/** The field's definition; the introspection entry points are not fields of Query in graphql-js. */
function definitionOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}
