export { type CreateCredentialsOptions, createCredentials } from './create-credentials.js';
export { TokenInputError, type TokenInputErrorCode } from './errors.js';
export { createNodeTokenHandler } from './handlers/node.js';
export {
  createTokenProvider,
  type SignedInUser,
  type SignedInUserAnswer,
  type TokenProviderOptions,
} from './handlers/token-provider.js';
export { createWebTokenHandler } from './handlers/web.js';
export { keyId, ownKid, thumbprintOf } from './key-id.js';
export { type KeyInput, loadPrivateKey, loadPublicKey } from './keys.js';
