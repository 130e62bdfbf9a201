/**
 * SQL texts that PostgreSQL prepares once per connection and then only executes (a named statement:
 * no parse and plan per call). Registered by the hot paths, whose texts are fixed; every other
 * statement stays unnamed, so a connection never holds an unbounded set of prepared statements.
 */
const names = new Map<string, string>();

/** Registers `text` as prepared on PostgreSQL; answers it unchanged. */
export function preparedOnPostgres(text: string): string {
  if (!names.has(text)) names.set(text, `parley_hot_${names.size + 1}`);
  return text;
}

/** The statement name of a registered text, else undefined. */
export const preparedName = (text: string): string | undefined => names.get(text);
