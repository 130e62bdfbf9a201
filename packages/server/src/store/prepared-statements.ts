/**
 * Statements PostgreSQL prepares once per connection and then only executes (a named statement: no
 * parse and plan per call; an activation's statements cost PostgreSQL about half its CPU unnamed).
 * The hot paths register their fixed texts; any other text is named once it has run twice, up to
 * MAX_NAMED texts, so a connection never holds an unbounded set. A text holding `*` stays unnamed:
 * a prepared `SELECT *` fails ("cached plan must not change result type") once another node's
 * migration adds a column, and explicit column lists do not.
 */
const MAX_NAMED = 256;
/** Texts seen once, waiting for a second run (cleared when full: a text that never repeats costs nothing). */
const MAX_SEEN = 1024;

const names = new Map<string, string>();
const seenOnce = new Set<string>();

const nameOf = (text: string): string => {
  const name = `parley_${names.size + 1}`;
  names.set(text, name);
  return name;
};

/** Registers `text` as prepared on PostgreSQL, whatever the bound; answers it unchanged. */
export function preparedOnPostgres(text: string): string {
  if (!names.has(text)) nameOf(text);
  return text;
}

/** A text written with PostgreSQL's `$1, $2, …`, for SQLite, which numbers its parameters `?` in order: each `$n` must appear once, in order. */
export const sqliteParameters = (text: string): string => text.replace(/\$\d+/g, '?');

/** The statement name to run `text` under, or undefined to run it unnamed. */
export function preparedName(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined || names.size >= MAX_NAMED || text.includes('*')) return name;
  if (seenOnce.delete(text)) return nameOf(text);
  if (seenOnce.size >= MAX_SEEN) seenOnce.clear();
  seenOnce.add(text);
  return undefined;
}
