import { type DocumentNode, GraphQLError, parse } from 'graphql';

/** Brackets (`{ ( [`) a document may nest: a query of the deepest allowed depth uses far fewer. */
export const MAX_DOCUMENT_NESTING = 64;
/** Lexical tokens a document may hold: GraphiQL's introspection query has 163. */
export const MAX_DOCUMENT_TOKENS = 5000;
/** Documents already accepted, so the queries clients repeat are checked once; only small ones are kept. */
const ACCEPTED_CACHE_SIZE = 1024;
const CACHED_DOCUMENT_CHARS = 4096;

const OPENING = new Set(['{', '(', '[']);
const CLOSING = new Set(['}', ')', ']']);

/**
 * How deep brackets nest in a GraphQL document, skipping strings, block strings and comments.
 * graphql-js parses recursively, so 64 KiB of `{` overflows its stack: this linear scan runs first.
 */
export function nestingOf(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    if (char === '#') {
      while (index < source.length && source[index] !== '\n' && source[index] !== '\r') index++;
    } else if (char === '"') {
      index = source.startsWith('"""', index) ? endOfBlockString(source, index + 3) : endOfString(source, index + 1);
    } else if (OPENING.has(char)) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (CLOSING.has(char)) {
      depth--;
    }
  }
  return deepest;
}

function endOfString(source: string, from: number): number {
  for (let index = from; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (char === '"' || char === '\n' || char === '\r') return index;
  }
  return source.length;
}

function endOfBlockString(source: string, from: number): number {
  for (let index = from; index < source.length; index++) {
    if (source.startsWith('\\"""', index)) index += 3;
    else if (source.startsWith('"""', index)) return index + 2;
  }
  return source.length;
}

/**
 * Refuses, before graphql-js parses it, a document that nests deeper than 64 brackets or holds
 * more than 5000 tokens (a chain of thousands of fragments makes validation slow), and reads
 * it as GraphQL text only: mercurius would otherwise take a query that is not GraphQL as a JSON
 * syntax tree, skipping the parser and its limits.
 */
export class DocumentGuard {
  readonly #accepted = new Set<string>();

  check(source: string): void {
    if (this.#accepted.has(source)) return;
    const nesting = nestingOf(source);
    if (nesting > MAX_DOCUMENT_NESTING)
      throw new GraphQLError(`the document nests deeper than ${MAX_DOCUMENT_NESTING} brackets (${nesting}): simplify the query`);
    this.#parse(source);
    if (source.length > CACHED_DOCUMENT_CHARS) return;
    if (this.#accepted.size >= ACCEPTED_CACHE_SIZE) this.#accepted.clear();
    this.#accepted.add(source);
  }

  #parse(source: string): DocumentNode {
    try {
      return parse(source, { maxTokens: MAX_DOCUMENT_TOKENS, noLocation: true });
    } catch (error) {
      if (error instanceof GraphQLError && error.message.includes(`more that ${MAX_DOCUMENT_TOKENS} tokens`))
        throw new GraphQLError(`the document has more than ${MAX_DOCUMENT_TOKENS} tokens: split it into smaller queries`);
      throw error;
    }
  }
}
