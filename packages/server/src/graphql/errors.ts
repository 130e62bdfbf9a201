import { API_ERRORS } from '@parley/protocol';
import type { FastifyReply } from 'fastify';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { ApiError } from '../errors.js';
import { OverloadedError } from '../overload.js';
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../store/storage-faults.js';

interface FormattedError {
  message: string;
  locations?: GraphQLError['locations'];
  path?: GraphQLError['path'];
  extensions: Record<string, unknown>;
}

const extensionsOf = (name: 'VALIDATION_FAILED' | 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE') => ({
  name,
  retryPolicy: API_ERRORS[name].retryPolicy,
});

/**
 * Every error gets `extensions.name` and `retryPolicy` (spec §9.4): service errors keep their
 * name and message; errors in the query itself are VALIDATION_FAILED; anything unexpected is
 * masked as INTERNAL_ERROR and logged under the request id.
 */
export function formatError(error: GraphQLError, reply: FastifyReply | null): FormattedError {
  const original = error.originalError;
  const where = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
  if (original instanceof ApiError) return { message: original.message, ...where, extensions: original.extensions };
  // A GraphQLError without an original error comes from parsing, validation or variable coercion;
  // a Fastify or mercurius error with a 4xx status is a bad request (body too large, wrong method…).
  if (clientLeft(original)) {
    // Nobody reads the answer; a client that does it in a loop must not fill the log with stacks.
    reply?.request.log.info('the client closed the connection before its request body arrived');
    return { message: 'the request body did not arrive', ...where, extensions: extensionsOf('VALIDATION_FAILED') };
  }
  const fromGraphQL = !original || original.name === 'GraphQLError' || clientErrorStatus(original) !== null;
  if (fromGraphQL) return { message: error.message, ...where, extensions: extensionsOf('VALIDATION_FAILED') };
  if (original instanceof StoreUnavailableError || original instanceof OverloadedError) {
    // Not the caller's fault and nothing refused: 503, retry later with the same token (StoreHealth logs a storage cause once).
    return { message: `${original.message}: retry with backoff`, ...where, extensions: extensionsOf('SERVICE_UNAVAILABLE') };
  }
  reply?.request.log.error({ err: original, path: error.path }, 'unexpected error in a GraphQL resolver');
  const requestId = reply?.request.id ?? 'unknown';
  return { message: `internal error (request id ${requestId})`, ...where, extensions: extensionsOf('INTERNAL_ERROR') };
}

/** Node's error for a request whose connection closed while its body was being read. */
const clientLeft = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 'ECONNRESET';

/** The 4xx status of a Fastify (`FST_…`) or mercurius (`MER_…`) error, else null. */
function clientErrorStatus(error: unknown): number | null {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' && /^(FST|MER)_/.test(code);
  return known && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : null;
}

/** Mercurius wraps parse and validation errors in one error that holds them in `errors`. */
function unwrap(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((item: GraphQLError) => ({ message: item.message, locations: item.locations, path: item.path }) as GraphQLError);
}

export function formatExecution(execution: ExecutionResult, reply: FastifyReply | null): { statusCode: number; response: ExecutionResult } {
  // Mercurius's response schema would turn `extensions.code` (1000) and numeric path
  // entries into strings; errors are rare, so they go out as plain JSON.
  reply?.serializer(JSON.stringify);
  const errors = (execution.errors ?? []).flatMap(unwrap).map((error) => formatError(error, reply));
  const unauthenticated = errors.some((error) => error.extensions.name === 'UNAUTHENTICATED');
  const unavailable = errors.some((error) => error.extensions.name === 'SERVICE_UNAVAILABLE');
  if (unavailable) reply?.header('retry-after', String(RETRY_AFTER_SECONDS));
  const requestStatus = (execution.errors ?? []).map((error) => clientErrorStatus(error.originalError)).find((status) => status !== null);
  const invalidQuery =
    execution.data === undefined && errors.length > 0 && errors.every((error) => error.extensions.name === 'VALIDATION_FAILED');
  return {
    statusCode: unauthenticated ? 401 : unavailable ? 503 : (requestStatus ?? (invalidQuery ? 400 : 200)),
    response: { data: execution.data ?? null, errors: errors as unknown as GraphQLError[] },
  };
}
