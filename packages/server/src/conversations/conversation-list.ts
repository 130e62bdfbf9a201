import { sql } from 'kysely';
import type { Store } from '../store/open-store.js';
import { type ConnectionArgs, type CountedConnection, keysetConnection } from '../store/pagination.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import { matchesSearch, searchTerms } from './search.js';
import { catchUpSearchIndex } from './search-index.js';
import { type Conversation, conversationFromRow } from './types.js';

/** What narrows a list of conversations; an absent (undefined) field narrows nothing. */
export interface ConversationFilter {
  status?: 'open' | 'closed' | null | undefined;
  /** One operator's conversations, or with null the unassigned. */
  assignedTo?: string | null | undefined;
  /** Words that the visitor's userId, visitorData or a message all contain (search.ts). */
  search?: string | null | undefined;
  /** True: the visitor is a verified user; false: anonymous. */
  authenticated?: boolean | null | undefined;
  /** The verified user's conversations. */
  userId?: string | null | undefined;
  /** ISO 8601 bounds on the conversation's start: `createdAfter` inclusive, `createdBefore` exclusive. */
  createdAfter?: string | null | undefined;
  createdBefore?: string | null | undefined;
  /** Active (a message, a change) at or after this instant: what an incremental export asks for. */
  updatedAfter?: string | null | undefined;
}

/**
 * The conversations of several projects in one list, most recently active first. `projectIds: null` is every
 * project (an admin's inbox); an empty list has no conversation.
 */
export async function listConversations(
  store: Store,
  projectIds: readonly string[] | null,
  filter: ConversationFilter,
  args: ConnectionArgs,
): Promise<CountedConnection<Conversation>> {
  let query = store.db.selectFrom('conversations').selectAll();
  if (projectIds !== null) query = projectIds.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('project_id', 'in', projectIds);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.assignedTo !== undefined)
    query = query.where('assigned_operator_id', filter.assignedTo === null ? 'is' : '=', filter.assignedTo);
  if (filter.createdAfter) query = query.where('created_at', '>=', filter.createdAfter);
  if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
  if (filter.updatedAfter) query = query.where('updated_at', '>=', filter.updatedAfter);
  if (filter.userId != null) {
    const { userId } = filter;
    query = query.where('profile_id', 'in', (eb) => eb.selectFrom('visitor_profiles').select('id').where('user_id', '=', userId));
  }
  if (filter.authenticated != null) {
    const { authenticated } = filter;
    query = query.where('profile_id', 'in', (eb) =>
      eb
        .selectFrom('visitor_profiles')
        .select('id')
        .where('user_id', authenticated ? 'is not' : 'is', null),
    );
  }
  if (filter.search) {
    const terms = searchTerms(filter.search);
    // No project at all matches nothing already (and `IN ()` is no SQL).
    if (projectIds?.length !== 0) {
      query = query.where(matchesSearch(store.dialect, terms, projectIds));
      await catchUpForSearch(store);
    }
  }
  return keysetConnection(query, args, {
    order: { sort: 'updated_at', id: 'id', direction: 'desc' },
    toNode: conversationFromRow,
    totalCount: true,
  });
}

/**
 * SQLite's index of message text is written in bulk (search-index.ts): a search first takes in what was appended
 * since. When that cannot write (another process holds the write lock, the disk is full) the search still runs and
 * misses only those messages; the store's health reports the fault.
 */
async function catchUpForSearch(store: Store): Promise<void> {
  try {
    await catchUpSearchIndex(store);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
}
