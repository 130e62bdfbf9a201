/** API error names of SPEC §9 raised by services; the GraphQL layer maps them to `extensions.name`. */
export type ApiErrorName = 'VALIDATION_FAILED' | 'NOT_FOUND' | 'PERMISSION_DENIED' | 'UNAUTHENTICATED';

/** An error a caller can act on: its message says what to do and never holds secrets. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorName,
    message: string,
  ) {
    super(message);
  }
}
