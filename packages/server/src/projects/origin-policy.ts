import { ApiError } from '../errors.js';
import type { AuthenticationSettings } from './project-settings.js';

type Origins = Pick<AuthenticationSettings, 'allowedOrigins'>;

/**
 * CORS pinning (spec §4.2): with an explicit `allowedOrigins` list, a browser request (one with an
 * `Origin` header, `null` included) must come from a listed origin. An empty list allows any
 * origin; a request without `Origin` (a brand backend, a Node or mobile client) is never a
 * browser page of another site, so it passes.
 */
export function originAllowed(settings: Origins, origin: string | null): boolean {
  return origin === null || settings.allowedOrigins.length === 0 || settings.allowedOrigins.includes(origin);
}

/** A listed origin: what cross-domain continuity needs (an empty list, or no Origin, is not enough). */
export function originListed(settings: Origins, origin: string | null): boolean {
  return origin !== null && settings.allowedOrigins.includes(origin);
}

/** The refusal of a browser origin the project does not list, saying where to list it. */
export function originRefused(origin: string): ApiError {
  return new ApiError(
    'PERMISSION_DENIED',
    `origin ${JSON.stringify(origin.slice(0, 200))} is not allowed for this project: an admin adds it to the project's allowedOrigins (projectUpdateAuthentication)`,
  );
}

/** The `Origin` header of a request, null when absent (a repeated header counts as its first value). */
export function originOf(headers: { origin?: string | string[] | undefined }): string | null {
  const value = headers.origin;
  if (Array.isArray(value)) return value[0] ?? null;
  return typeof value === 'string' ? value : null;
}
