import { MAX_AUTH_TOKEN_LENGTH, MAX_CLIENT_ID_LENGTH, MAX_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from './limits.js';

/**
 * The field rules of field-rules.ts in words, for the frame schemas' error messages (docs/protocol.md, "Field rules").
 * A module of their own: the SDK's script checks texts with field-rules.ts and bundles none of these words.
 */
export const ID_RULE = `1..${MAX_ID_LENGTH} characters, no control characters`;
export const CLIENT_ID_RULE = `1..${MAX_CLIENT_ID_LENGTH} characters of A-Z a-z 0-9 _ -`;
export const TOKEN_RULE = `1..${MAX_AUTH_TOKEN_LENGTH} characters, no control characters`;
export const TEXT_RULE = `1..${MAX_MESSAGE_TEXT_LENGTH} characters, not blank, no control characters but tab, LF, CR`;
