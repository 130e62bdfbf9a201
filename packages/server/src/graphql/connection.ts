import { ApiError } from '../errors.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

function pageSize(name: 'first' | 'last', value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (value < 0 || value > MAX_PAGE_SIZE) throw new ApiError('VALIDATION_FAILED', `${name}: between 0 and ${MAX_PAGE_SIZE}`);
  return value;
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

/**
 * A Relay connection over a list already in order (projects, operators, brand keys: small,
 * bounded sets). Cursors name an item's id; a cursor naming nothing is a VALIDATION_FAILED.
 */
export function connectionFromList<T>(items: readonly T[], args: ConnectionArgs, idOf: (item: T) => string): Connection<T> {
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  if (first !== null && last !== null) throw new ApiError('VALIDATION_FAILED', 'first, last: give one of them, not both');
  const position = (cursor: string | null | undefined, name: string): number | null => {
    if (cursor === null || cursor === undefined) return null;
    const id = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => idOf(item) === id);
    if (index < 0) throw new ApiError('VALIDATION_FAILED', `${name}: not a cursor of this list`);
    return index;
  };
  const afterIndex = position(args.after, 'after');
  const beforeIndex = position(args.before, 'before');
  let start = afterIndex === null ? 0 : afterIndex + 1;
  let end = beforeIndex === null ? items.length : beforeIndex;
  if (last !== null) start = Math.max(start, end - last);
  else end = Math.min(end, start + (first ?? DEFAULT_PAGE_SIZE));
  const edges = items.slice(start, Math.max(start, end)).map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
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

export const connectionArgs = 'first: Int, after: String, last: Int, before: String';

/** SDL of a connection type and its edge. */
export const connectionTypeDefs = (node: string) => /* GraphQL */ `
  type ${node}Connection {
    edges: [${node}Edge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type ${node}Edge {
    cursor: String!
    node: ${node}!
  }
`;
