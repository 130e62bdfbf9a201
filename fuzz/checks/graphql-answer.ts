/**
 * The checks of one /graphql answer: never a 5xx or INTERNAL_ERROR; every error named with a known
 * code; an invalid opaque bearer answered 401 without data; for callers that are not operators, no
 * data under a root field that is not public (spec §9.3, access rules: the visitor operations, the
 * session query and introspection); never more than one visitor mutation run, nor more than 10
 * mutation fields; a document over 5,000 tokens or 64 nested brackets never executed.
 */
import { API_ERRORS, REASON_CODES } from '@parley/protocol';
import { Kind, Lexer, parse, type SelectionSetNode, Source, TokenKind } from 'graphql';
import type { Caller, GraphQLRequest } from '../graphql-documents.js';
import type { HttpAnswer } from '../lib/http.js';

/** Root fields anyone may call (docs/reference/graphql.md: "anyone"), and introspection. */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  '__schema',
  '__type',
  'visitorSession',
  'visitorAuthenticateFromCredentials',
  'visitorAuthenticateAnonymously',
  'visitorLogout',
  'visitorTransferCreate',
  'visitorSetExtId',
]);
const VISITOR_MUTATIONS = new Set([
  'visitorAuthenticateFromCredentials',
  'visitorAuthenticateAnonymously',
  'visitorLogout',
  'visitorTransferCreate',
  'visitorSetExtId',
]);
const MAX_MUTATION_FIELDS = 10;
/** The server's document limits (packages/server/src/graphql/document-guard.ts), checked here by counting on our own. */
const MAX_TOKENS = 5000;
const MAX_NESTING = 64;
const KNOWN_NAMES = new Set([...Object.keys(API_ERRORS), ...Object.keys(REASON_CODES), 'ANONYMOUS_DISABLED']);

export interface GraphQLVerdict {
  /** Some root field answered with data. */
  answered: boolean;
  /** HTTP status and the first error's name: what the case's answer was, for the summary. */
  label: string;
  /** Root fields that answered, by name (for the stream: a visitorLogout ends its bearer). */
  fields: string[];
}

interface Body {
  data?: unknown;
  errors?: unknown;
}

function fail(message: string, answer: HttpAnswer): never {
  throw new Error(`${message}\n  HTTP ${answer.status}: ${answer.text.slice(0, 1500)}${answer.text.length > 1500 ? '…' : ''}`);
}

/** Tokens (comments aside, as graphql-js counts them) and deepest bracket nesting, or null when the text does not lex. */
export function measureDocument(text: string): { tokens: number; nesting: number } | null {
  try {
    const lexer = new Lexer(new Source(text));
    let tokens = 0;
    let depth = 0;
    let nesting = 0;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens++;
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.PAREN_L || token.kind === TokenKind.BRACKET_L)
        nesting = Math.max(nesting, ++depth);
      if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.PAREN_R || token.kind === TokenKind.BRACKET_R) depth--;
    }
    return { tokens, nesting };
  } catch {
    return null;
  }
}

/** The root field names behind each response key of the operation that runs, or null when that cannot be told. */
export function rootFields(query: string, operationName: unknown): Map<string, Set<string>> | null {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return null;
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation =
    typeof operationName === 'string' && operationName !== ''
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!operation) return null;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const keys = new Map<string, Set<string>>();
  const followed = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        keys.set(key, (keys.get(key) ?? new Set()).add(selection.name.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!followed.has(selection.name.value)) {
        followed.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return keys;
}

/**
 * A body field as Fastify hands it to mercurius: its JSON schema validation coerces types
 * (@fastify/ajv-compiler's default `coerceTypes: 'array'`), so `["{ a }"]`, `1` or `true` arrive as strings.
 */
function coerced(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 1) return coerced(value[0]);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

/** The query text and operation name a request carries, as the server reads them. */
function sentDocument(request: GraphQLRequest): { query: unknown; operationName: unknown } {
  if (request.kind === 'get') return { query: request.query, operationName: undefined };
  if (request.kind === 'json') return { query: coerced(request.query), operationName: coerced(request.operationName) };
  if (request.contentType.startsWith('application/graphql')) return { query: request.body, operationName: undefined };
  try {
    // Fastify's JSON parser skips a byte order mark, as JSON.parse does not.
    const body: unknown = JSON.parse(request.body.replace(/^\ufeff/, ''));
    const fields = typeof body === 'object' && body !== null ? (body as { query?: unknown; operationName?: unknown }) : {};
    return { query: coerced(fields.query), operationName: coerced(fields.operationName) };
  } catch {
    return { query: undefined, operationName: undefined };
  }
}

export function checkGraphQLAnswer(request: GraphQLRequest, caller: Caller, answer: HttpAnswer): GraphQLVerdict {
  if (answer.status >= 500) fail(`a ${answer.status} answer`, answer);
  if (answer.text.includes('INTERNAL_ERROR')) fail('an INTERNAL_ERROR', answer);
  const body = answer.json as Body | undefined;
  if (!body || typeof body !== 'object') fail('an answer that is not a JSON object', answer);
  if (Array.isArray(body.errors)) {
    for (const error of body.errors as { extensions?: { name?: unknown } }[]) {
      const name = error?.extensions?.name;
      if (typeof name !== 'string' || !KNOWN_NAMES.has(name)) fail(`an error named ${JSON.stringify(name)}, not a known code`, answer);
    }
  }
  const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? (body.data as Record<string, unknown>) : null;
  const answeredKeys = data ? Object.keys(data).filter((key) => data[key] !== null) : [];
  // An invalid opaque bearer is 401 once the request reaches GraphQL (a body that does not parse is refused before).
  if (caller === 'badOpaque' && (answer.status < 400 || answer.status >= 500 || answeredKeys.length > 0))
    fail('an invalid opaque bearer was not refused without data', answer);
  const firstError = Array.isArray(body.errors)
    ? (body.errors[0] as { extensions?: { name?: unknown } } | undefined)?.extensions?.name
    : undefined;
  const label = `${answer.status}${typeof firstError === 'string' ? ` ${firstError}` : ''}${answeredKeys.length > 0 ? ' +data' : ''}`;
  if (answeredKeys.length === 0) return { answered: false, label, fields: [] };

  const { query, operationName } = sentDocument(request);
  if (typeof query !== 'string') fail('data for a request whose query is not GraphQL text', answer);
  const measured = measureDocument(query);
  if (measured && measured.tokens > MAX_TOKENS) fail(`data for a document of ${measured.tokens} tokens (limit ${MAX_TOKENS})`, answer);
  if (measured && measured.nesting > MAX_NESTING)
    fail(`data for a document nested ${measured.nesting} deep (limit ${MAX_NESTING})`, answer);
  const keys = rootFields(query, operationName);
  if (!keys) fail('data for a document whose operation cannot be told', answer);
  const fields: string[] = [];
  for (const key of answeredKeys) {
    const names = keys.get(key);
    if (!names) fail(`data under "${key}", which the document does not ask for`, answer);
    for (const name of names) {
      if (!PUBLIC_ROOT_FIELDS.has(name)) fail(`a caller without an operator bearer got data for ${name} (as "${key}")`, answer);
      fields.push(name);
    }
  }
  const visitorMutations = fields.filter((name) => VISITOR_MUTATIONS.has(name)).length;
  if (visitorMutations > 1) fail(`${visitorMutations} visitor mutations ran in one request`, answer);
  if (fields.length > MAX_MUTATION_FIELDS && fields.some((name) => VISITOR_MUTATIONS.has(name)))
    fail(`${fields.length} mutation fields ran in one request`, answer);
  return { answered: true, label, fields };
}
