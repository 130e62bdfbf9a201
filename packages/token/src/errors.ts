export type TokenInputErrorCode =
  | 'KEY_INVALID'
  | 'KEY_NOT_RSA'
  | 'KEY_TOO_SMALL'
  | 'PRIVATE_KEY_WHERE_PUBLIC_EXPECTED'
  | 'PUBLIC_KEY_WHERE_PRIVATE_EXPECTED'
  | 'USER_ID_INVALID'
  | 'VISITOR_DATA_INVALID'
  | 'OPTION_INVALID';

/**
 * A wrong input to the token provider. Messages name the problem and what to do,
 * and never contain key material.
 */
export class TokenInputError extends Error {
  override readonly name = 'TokenInputError';
  constructor(
    readonly code: TokenInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}
