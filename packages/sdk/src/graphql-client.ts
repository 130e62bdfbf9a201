import { API_ERRORS, type ApiErrorCode, isReasonCode, REASON_CODES, type ReasonCode, type RetryPolicy } from '@parley/protocol';

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

const policyOf = (code: ReasonCode | ApiErrorCode): RetryPolicy =>
  isReasonCode(code) ? REASON_CODES[code].retryPolicy : API_ERRORS[code].retryPolicy;

const isApiErrorCode = (value: unknown): value is ApiErrorCode => typeof value === 'string' && Object.hasOwn(API_ERRORS, value);

/** Posts one GraphQL operation; never throws: network failures, 5xx and GraphQL errors come back as data. */
export async function callGraphQL<T>(
  fetchImpl: FetchLike,
  endpoint: string,
  query: string,
  variables: Record<string, unknown>,
  bearer: string | null,
): Promise<CallResult<T>> {
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
  const name = body.errors?.[0]?.extensions?.name;
  if (name !== undefined || body.errors?.length) {
    const code = isReasonCode(name) || isApiErrorCode(name) ? name : 'INTERNAL_ERROR';
    return { ok: false, code, retryable: status >= 500 || policyOf(code) === 'RETRY_WITH_BACKOFF' };
  }
  if (status >= 500 || !body.data) return { ok: false, code: 'INTERNAL_ERROR', retryable: true };
  return { ok: true, data: body.data as T };
}
