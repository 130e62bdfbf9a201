import { type DocumentNode, GraphQLError, Kind, parse, visit } from 'graphql';

/** Brackets (`{ ( [`) a document may nest: a query of the deepest allowed depth uses far fewer. */
export const MAX_DOCUMENT_NESTING = 64;
/** Lexical tokens a document may hold: GraphiQL's introspection query has 163, the admin's largest query ~300. */
export const MAX_DOCUMENT_TOKENS = 2000;
/** Aliases a document may hold: each alias of a root field runs it once more (the admin's member list uses 20). */
export const MAX_DOCUMENT_ALIASES = 50;
/**
 * Times one response name (a field's alias, or its name) may be selected in a document: graphql-js
 * compares the fields that share a response name pairwise, so 450 copies cost ~135 ms to validate.
 */
export const MAX_RESPONSE_NAME_REPEATS = 50;
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
 * Refuses, before graphql-js validates it, a document that nests deeper than 64 brackets (checked
 * before parsing), holds more than 2000 tokens, 50 aliases or 50 selections of one response name:
 * shapes whose validation or execution costs tens of milliseconds although every other limit
 * holds. Reads the document as GraphQL text only: mercurius would otherwise take a query that is
 * not GraphQL as a JSON syntax tree, skipping the parser and these limits.
 */
export class DocumentGuard {
  readonly #accepted = new Set<string>();

  check(source: string): void {
    if (this.#accepted.has(source)) return;
    const nesting = nestingOf(source);
    if (nesting > MAX_DOCUMENT_NESTING)
      throw new GraphQLError(`the document nests deeper than ${MAX_DOCUMENT_NESTING} brackets (${nesting}): simplify the query`);
    checkSelections(this.#parse(source));
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

/**
 * Counts aliases, and selections per response name and depth in one linear walk of the document
 * (the depth in fields: only fields at the same depth can be merged and compared; a fragment's fields count from 0).
 */
function checkSelections(document: DocumentNode): void {
  let aliases = 0;
  let depth = 0;
  const selections = new Map<string, number>();
  visit(document, {
    [Kind.FIELD]: {
      enter(field) {
        if (field.alias !== undefined && ++aliases > MAX_DOCUMENT_ALIASES)
          throw new GraphQLError(`the document has more than ${MAX_DOCUMENT_ALIASES} aliases: split it into smaller queries`);
        const name = (field.alias ?? field.name).value;
        const key = `${depth}:${name}`;
        const count = (selections.get(key) ?? 0) + 1;
        if (count > MAX_RESPONSE_NAME_REPEATS)
          throw new GraphQLError(`the document selects "${name}" more than ${MAX_RESPONSE_NAME_REPEATS} times: select it once`);
        selections.set(key, count);
        depth++;
      },
      leave() {
        depth--;
      },
    },
  });
}
