import {
  type ASTVisitor,
  type FieldNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from '../store/pagination.js';

/** Deepest selection a query may nest (introspection included). */
export const MAX_QUERY_DEPTH = 12;
/** Upper bound of the fields a query may resolve, counting each page size at its worst. */
export const MAX_QUERY_COST = 25_000;

function pageFactor(field: FieldNode): number {
  const argument = field.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
  if (!argument) return 1;
  const value: ValueNode = argument.value;
  // A variable is not known during validation: assume the largest page it could ask for.
  return value.kind === Kind.INT ? Math.max(1, Number(value.value)) : MAX_PAGE_SIZE;
}

/**
 * Rejects a query whose worst-case field count or depth is over the limits, before any
 * resolver runs: a connection's children count once per item of its page.
 */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const measure = (
    selectionSet: SelectionSetNode,
    multiplier: number,
    depth: number,
    seen: Set<string>,
  ): { cost: number; depth: number } => {
    let cost = 0;
    let deepest = depth;
    for (const selection of selectionSet.selections) {
      let child: { cost: number; depth: number } | null = null;
      if (selection.kind === Kind.FIELD) {
        cost += multiplier;
        if (selection.selectionSet) child = measure(selection.selectionSet, multiplier * pageFactor(selection), depth + 1, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        child = measure(selection.selectionSet, multiplier, depth, seen);
      } else {
        const fragment = context.getFragment(selection.name.value);
        if (fragment && !seen.has(fragment.name.value))
          child = measure(fragment.selectionSet, multiplier, depth, new Set([...seen, fragment.name.value]));
      }
      if (child) {
        cost += child.cost;
        deepest = Math.max(deepest, child.depth);
      }
    }
    return { cost, depth: deepest };
  };
  return {
    OperationDefinition(operation) {
      const { cost, depth } = measure(operation.selectionSet, 1, 1, new Set());
      if (depth > MAX_QUERY_DEPTH)
        context.reportError(new GraphQLError(`query depth ${depth} is over the limit of ${MAX_QUERY_DEPTH}: ask for less nesting`));
      else if (cost > MAX_QUERY_COST)
        context.reportError(
          new GraphQLError(`query cost ${cost} is over the limit of ${MAX_QUERY_COST}: ask for smaller pages (first/last) or fewer fields`),
        );
    },
  };
}
