import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { ApiError } from '../errors.js';
import type { Dialect } from '../store/open-store.js';
import type { Database } from '../store/schema.js';

export const MAX_SEARCH_LENGTH = 200;
const MAX_TERMS = 8;

/**
 * The words of a search: letters and digits only, so nothing of the query reaches the full-text
 * syntax of either database. Every word must match (as a prefix in message text).
 */
export function searchTerms(query: string): string[] {
  if (query.length > MAX_SEARCH_LENGTH) throw new ApiError('VALIDATION_FAILED', `search: use at most ${MAX_SEARCH_LENGTH} characters`);
  const terms = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (terms.length === 0) throw new ApiError('VALIDATION_FAILED', 'search: give at least one word or number');
  return terms.slice(0, MAX_TERMS);
}

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * A message term: a prefix from three letters on, a whole word below, so that a one- or two-letter search does not
 * walk the index entries of every word that starts with it.
 */
const MIN_PREFIX_LENGTH = 3;
const isPrefix = (term: string) => [...term].length >= MIN_PREFIX_LENGTH;

/**
 * Conversations whose visitor's verified userId or visitorData contains every term, or with a message
 * holding every term (FTS5 on SQLite, `to_tsvector('simple', …)` on PostgreSQL, both indexed). Both
 * subqueries keep to `projectIds` (null: every project), so a search costs what the caller's own
 * projects hold, not the whole installation.
 */
export function matchesSearch(dialect: Dialect, terms: readonly string[], projectIds: readonly string[] | null) {
  return (eb: ExpressionBuilder<Database, 'conversations'>) => {
    // Lower-cased alike on both sides: SQLite through unicode_lower() (sqlite-database.ts), PostgreSQL's lower().
    const contains = (text: ReturnType<typeof sql>, term: string) =>
      dialect === 'sqlite'
        ? sql<SqlBool>`unicode_lower(${text}) LIKE ${likePattern(term)} ESCAPE '\\'`
        : sql<SqlBool>`lower(${text}) LIKE ${likePattern(term)} ESCAPE '\\'`;
    const inUserId = eb.and(terms.map((term) => contains(sql.ref('visitor_profiles.user_id'), term)));
    // The values of visitorData only, never its keys: "city" must not find everyone who gave a city.
    const values =
      dialect === 'sqlite'
        ? sql`(SELECT group_concat(value, char(10)) FROM json_each(visitor_profiles.visitor_data))`
        : sql`(SELECT string_agg(value, chr(10)) FROM jsonb_each_text(visitor_profiles.visitor_data::jsonb))`;
    const inVisitorData = eb.and(terms.map((term) => contains(values, term)));
    let profiles = eb
      .selectFrom('visitor_profiles')
      .select('visitor_profiles.id')
      .where((inner) => inner.or([inUserId, inVisitorData]));
    if (projectIds) profiles = profiles.where('visitor_profiles.project_id', 'in', projectIds);
    const messages =
      dialect === 'sqlite'
        ? eb
            .selectFrom('messages')
            .select('messages.conversation_id')
            .where(
              sql<SqlBool>`messages.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${terms.map((term) => `"${term}"${isPrefix(term) ? '*' : ''}`).join(' ')})`,
            )
        : eb
            .selectFrom('messages')
            .select('messages.conversation_id')
            .where(
              sql<SqlBool>`to_tsvector('simple', messages.text) @@ to_tsquery('simple', ${terms.map((term) => (isPrefix(term) ? `${term}:*` : term)).join(' & ')})`,
            );
    const scopedMessages = projectIds
      ? messages.where('messages.conversation_id', 'in', (inner) =>
          inner.selectFrom('conversations as scoped').select('scoped.id').where('scoped.project_id', 'in', projectIds),
        )
      : messages;
    return eb.or([eb('conversations.profile_id', 'in', profiles), eb('conversations.id', 'in', scopedMessages)]);
  };
}
