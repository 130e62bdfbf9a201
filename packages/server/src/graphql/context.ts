import type { FastifyRequest } from 'fastify';
import type { Principal } from '../operators/index.js';
import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';

/** What every resolver gets: the services, who is calling, and from where. */
export interface GraphQLContext {
  services: Services;
  /** The operator or project API key behind an opaque bearer; null for visitors and anonymous callers. */
  principal: Principal | null;
  /** A visitor session token (a JWT) sent as the bearer, for the visitor mutations. */
  visitorBearer: string | null;
  clientIp: string;
  /** The request's `Origin` header: set by browsers, absent from servers and native clients (CORS pinning, spec §4.2). */
  origin: string | null;
  requestId: string;
  /** Batches the lookups of a list's rows (graphql/loaders.ts). */
  loaders: Loaders;
}

export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
