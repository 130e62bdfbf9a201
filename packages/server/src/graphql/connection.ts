import { ApiError } from '../errors.js';
import { type Connection, type ConnectionArgs, type CountedConnection, encodeCursor, planPage } from '../store/pagination.js';

export type { Connection, ConnectionArgs };

/**
 * A Relay connection over a list already in order (projects, operators, brand keys, API keys:
 * small, bounded sets). Arguments and cursors are checked as for keyset pages; a cursor names an
 * item's id, and one naming nothing is VALIDATION_FAILED.
 */
export function connectionFromList<T>(items: readonly T[], args: ConnectionArgs, idOf: (item: T) => string): CountedConnection<T> {
  const plan = planPage(args);
  const position = (id: string | undefined, name: 'after' | 'before'): number | null => {
    if (id === undefined) return null;
    const index = items.findIndex((item) => idOf(item) === id);
    if (index < 0) throw new ApiError('VALIDATION_FAILED', `${name}: not a cursor of this list`);
    return index;
  };
  const afterIndex = position(plan.after?.id, 'after');
  const beforeIndex = position(plan.before?.id, 'before');
  let start = afterIndex === null ? 0 : afterIndex + 1;
  let end = beforeIndex === null ? items.length : beforeIndex;
  if (plan.forward) end = Math.min(end, start + plan.size);
  else start = Math.max(start, end - plan.size);
  const edges = items.slice(start, Math.max(start, end)).map((node) => ({ cursor: encodeCursor({ sort: '', id: idOf(node) }), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < (beforeIndex ?? items.length),
      hasPreviousPage: start > (afterIndex === null ? 0 : afterIndex + 1),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

/** A page its service was asked to count: GraphQL's `totalCount: Int!` needs the count. */
export function counted<Node>(page: Connection<Node>): CountedConnection<Node> {
  if (page.totalCount === undefined) throw new Error('a connection served to GraphQL must be counted (totalCount: true)');
  return { ...page, totalCount: page.totalCount };
}
