import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { ApiError } from '../errors.js';

/** spec §9.5: a page holds at most 100 items; more is VALIDATION_FAILED. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_CURSOR_LENGTH = 2048;

/** Relay connection arguments, as GraphQL resolvers receive them (absent or null alike). */
export interface ConnectionArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/** A connection whose rows were counted (`totalCount: true`). */
export type CountedConnection<Node> = Connection<Node> & { totalCount: number };

/** Keys of Row whose values are strings: the columns a keyset may sort on. */
export type TextColumn<Row> = { [K in keyof Row]-?: Row[K] extends string ? K : never }[keyof Row] & string;

/** A total order: a text column, then a unique id column as the tie-breaker, both one way. */
export interface KeysetOrder<Row> {
  /** Selected column holding the sort key (ISO times sort as text). */
  sort: TextColumn<Row>;
  /** Selected column holding a unique id. */
  id: TextColumn<Row>;
  direction: 'asc' | 'desc';
  /** Table or alias that qualifies both columns in SQL, when the query joins tables. */
  table?: string;
}

export interface KeysetOptions<Row, Node> {
  order: KeysetOrder<Row>;
  toNode: (row: Row) => Node;
  /** Also count every row the query matches (one more query). */
  totalCount?: boolean;
}

interface Key {
  sort: string;
  id: string;
}

interface PagePlan {
  /** True for first/after (walk in the order), false for last/before (walk against it). */
  forward: boolean;
  size: number;
  after: Key | null;
  before: Key | null;
}

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify([key.sort, key.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, argument: 'after' | 'before'): Key {
  const invalid = new ApiError(
    'VALIDATION_FAILED',
    `${argument}: not a cursor of this list; pass a cursor from this connection's edges or pageInfo`,
  );
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') throw invalid;
  if (decoded.some((part: string) => part.includes('\u0000'))) throw invalid;
  return { sort: decoded[0], id: decoded[1] };
}

function pageSize(value: number | null | undefined, argument: 'first' | 'last'): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ApiError('VALIDATION_FAILED', `${argument}: must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  if (value > MAX_PAGE_SIZE)
    throw new ApiError('VALIDATION_FAILED', `${argument}: at most ${MAX_PAGE_SIZE} items per page; follow pageInfo.endCursor for more`);
  return value;
}

/** Validates Relay arguments. Without first or last: 20 forward, or 20 backward when only `before` is given. */
export function planPage(args: ConnectionArgs): PagePlan {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw new ApiError('VALIDATION_FAILED', 'first, last: give one of them, not both');
  const after = args.after === null || args.after === undefined ? null : decodeCursor(args.after, 'after');
  const before = args.before === null || args.before === undefined ? null : decodeCursor(args.before, 'before');
  const forward = last === null && !(first === null && before !== null && after === null);
  return { forward, size: first ?? last ?? DEFAULT_PAGE_SIZE, after, before };
}

/**
 * Runs `query` (filters and selection only: its order and limit are replaced) as one page
 * of a Relay connection, by keyset: `(sort, id) > (cursor sort, cursor id)` in the order's
 * direction, so a page costs one index range scan however deep it is, and rows inserted
 * or deleted meanwhile never shift a page. Row-value comparison works on SQLite and PostgreSQL.
 */
export async function keysetConnection<DB, TB extends keyof DB, Row, Node>(
  query: SelectQueryBuilder<DB, TB, Row>,
  args: ConnectionArgs,
  options: KeysetOptions<Row, Node> & { totalCount: true },
): Promise<CountedConnection<Node>>;
export async function keysetConnection<DB, TB extends keyof DB, Row, Node>(
  query: SelectQueryBuilder<DB, TB, Row>,
  args: ConnectionArgs,
  options: KeysetOptions<Row, Node>,
): Promise<Connection<Node>>;
export async function keysetConnection<DB, TB extends keyof DB, Row, Node>(
  query: SelectQueryBuilder<DB, TB, Row>,
  args: ConnectionArgs,
  options: KeysetOptions<Row, Node>,
): Promise<Connection<Node>> {
  const plan = planPage(args);
  const { order } = options;
  const prefix = order.table ? `${order.table}.` : '';
  const sortRef = sql.ref(`${prefix}${order.sort}`);
  const idRef = sql.ref(`${prefix}${order.id}`);
  const keyOf = (row: Row): Key => ({ sort: String(row[order.sort]), id: String(row[order.id]) });
  // "Later" means further along the connection's order.
  const later = order.direction === 'asc' ? sql.raw('>') : sql.raw('<');
  const earlier = order.direction === 'asc' ? sql.raw('<') : sql.raw('>');
  const laterThan = (key: Key): Expression<SqlBool> => sql<SqlBool>`(${sortRef}, ${idRef}) ${later} (${key.sort}, ${key.id})`;
  const earlierThan = (key: Key): Expression<SqlBool> => sql<SqlBool>`(${sortRef}, ${idRef}) ${earlier} (${key.sort}, ${key.id})`;
  const notLaterThan = (key: Key): Expression<SqlBool> => sql<SqlBool>`not ((${sortRef}, ${idRef}) ${later} (${key.sort}, ${key.id}))`;
  const notEarlierThan = (key: Key): Expression<SqlBool> => sql<SqlBool>`not ((${sortRef}, ${idRef}) ${earlier} (${key.sort}, ${key.id}))`;

  const base = query.clearOrderBy().clearLimit().clearOffset();
  let window = base;
  if (plan.after) window = window.where(laterThan(plan.after));
  if (plan.before) window = window.where(earlierThan(plan.before));
  const fetchDirection = plan.forward === (order.direction === 'asc') ? 'asc' : 'desc';
  const fetched = (await window
    .orderBy(sortRef, fetchDirection)
    .orderBy(idRef, fetchDirection)
    .limit(plan.size + 1)
    .execute()) as Row[];
  const hasMore = fetched.length > plan.size;
  const rows = fetched.slice(0, plan.size);
  if (!plan.forward) rows.reverse();

  // The far side of the window: one indexed probe, only when a cursor bounds that side.
  const exists = async (condition: Expression<SqlBool>) => (await base.where(condition).limit(1).execute()).length > 0;
  const hasPreviousPage = plan.forward ? (plan.after ? await exists(notLaterThan(plan.after)) : false) : hasMore;
  const hasNextPage = plan.forward ? hasMore : plan.before ? await exists(notEarlierThan(plan.before)) : false;

  const edges = rows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: options.toNode(row) }));
  const connection: Connection<Node> = {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
  if (options.totalCount) {
    const counted = await base.clearSelect().select(sql<number | string | bigint>`count(*)`.as('count')).executeTakeFirst();
    connection.totalCount = Number((counted as { count?: unknown } | undefined)?.count ?? 0);
  }
  return connection;
}
