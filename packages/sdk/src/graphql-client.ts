import type { ApiErrorCode, ReasonCode } from '@parley/protocol';
import type { TypedDocument } from './generated/graphql.js';

/** A failed call: the server's error name (or NETWORK_ERROR), and whether backing off and retrying may help. */
export interface CallFailure {
  ok: false;
  code: ReasonCode | ApiErrorCode | 'NETWORK_ERROR';
  retryable: boolean;
}

export type CallResult<T> = { ok: true; data: T } | CallFailure;

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { name?: unknown; retryPolicy?: unknown } }[];
}

/** An error name as the server writes them; anything else is reported as INTERNAL_ERROR. */
const ERROR_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

/** The codes spec §7.5 retries, should a server leave out `retryPolicy`. */
const BACKOFF_CODES: readonly string[] = ['RATE_LIMITED', 'INTERNAL_ERROR', 'CREDENTIALS_REPLAYED'];

/** Posts one GraphQL operation; never throws: network failures, 5xx and GraphQL errors come back as data. */
export async function callGraphQL<Result, Variables>(
  fetchImpl: FetchLike,
  endpoint: string,
  query: TypedDocument<Result, Variables>,
  variables: Variables,
  bearer: string | null,
): Promise<CallResult<Result>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  let status: number;
  let body: GraphQLBody;
  try {
    const response = await fetchImpl(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    status = response.status;
    body = (await response.json().catch(() => ({}))) as GraphQLBody;
  } catch {
    return { ok: false, code: 'NETWORK_ERROR', retryable: true };
  }
  const extensions = body.errors?.[0]?.extensions;
  if (body.errors?.length) {
    // The server's catalogue is the authority on names and retry policies (spec §9.4): the SDK does not carry a copy.
    const name = extensions?.name;
    const code = typeof name === 'string' && ERROR_NAME.test(name) ? (name as CallFailure['code']) : 'INTERNAL_ERROR';
    const retryable = status >= 500 || extensions?.retryPolicy === 'RETRY_WITH_BACKOFF' || BACKOFF_CODES.includes(code);
    return { ok: false, code, retryable };
  }
  if (status >= 500 || !body.data) return { ok: false, code: 'INTERNAL_ERROR', retryable: true };
  return { ok: true, data: body.data as Result };
}
