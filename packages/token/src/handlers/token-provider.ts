import { DEFAULT_TOKEN_LIFETIME_SECONDS, type VisitorData } from '@parley/protocol/constants';
import { createCredentials } from '../create-credentials.js';
import { type KeyInput, loadPrivateKey, loadPublicKey } from '../keys.js';

export interface SignedInUser {
  userId: string;
  visitorData?: VisitorData | undefined;
}

/** What the brand's own session says about the request: a user, a bare userId, or nobody. */
export type SignedInUserAnswer = SignedInUser | string | null | undefined;

export interface TokenProviderOptions<Req> {
  /** The brand's callback: who is signed in for this request? Return null when nobody is. */
  getSignedInUser: (request: Req) => SignedInUserAnswer | Promise<SignedInUserAnswer>;
  brandPrivateKey: KeyInput;
  platformPublicKey: KeyInput;
  issuer?: string;
  lifetimeSeconds?: number;
  brandKeyId?: string;
  platformKeyId?: string;
  /** Called with unexpected errors (they are answered as a bare 500). Defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface ProviderAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

const BASE_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function answer(status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): ProviderAnswer {
  return { status, body, headers: { ...BASE_HEADERS, ...extra } };
}

/**
 * The framework-free core of the ready handlers: POST only, `Cache-Control: no-store`,
 * `{ token, expiresIn }` for the signed-in user, 401 for nobody. Keys load once, here, so a
 * misconfigured key fails at start-up rather than on the first visitor.
 */
export function createTokenProvider<Req>(options: TokenProviderOptions<Req>) {
  const brandPrivateKey = loadPrivateKey(options.brandPrivateKey, 'brandPrivateKey');
  const platformPublicKey = loadPublicKey(options.platformPublicKey, 'platformPublicKey');
  const lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const onError = options.onError ?? ((error: unknown) => console.error('[parley token provider]', error));

  return async function provide(method: string, request: Req): Promise<ProviderAnswer> {
    if (method.toUpperCase() !== 'POST') {
      return answer(405, { error: 'method_not_allowed', message: 'Use POST.' }, { allow: 'POST' });
    }
    try {
      const signedIn = await options.getSignedInUser(request);
      const user = typeof signedIn === 'string' ? { userId: signedIn } : signedIn;
      if (!user?.userId) return answer(401, { error: 'not_signed_in' });
      const token = await createCredentials({
        userId: user.userId,
        visitorData: user.visitorData,
        brandPrivateKey,
        platformPublicKey,
        issuer: options.issuer,
        lifetimeSeconds,
        brandKeyId: options.brandKeyId,
        platformKeyId: options.platformKeyId,
      });
      return answer(200, { token, expiresIn: lifetimeSeconds });
    } catch (error) {
      onError(error);
      return answer(500, { error: 'internal_error' });
    }
  };
}
