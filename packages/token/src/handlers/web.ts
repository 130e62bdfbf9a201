import { createTokenProvider, type TokenProviderOptions } from './token-provider.js';

/**
 * A token endpoint for Web-standard runtimes (Next.js route handlers, Hono, Bun, Deno):
 * `export const POST = createWebTokenHandler({ getSignedInUser, brandPrivateKey, platformPublicKey })`.
 */
export function createWebTokenHandler(options: TokenProviderOptions<Request>): (request: Request) => Promise<Response> {
  const provide = createTokenProvider(options);
  return async (request) => {
    const { status, body, headers } = await provide(request.method, request);
    return new Response(JSON.stringify(body), { status, headers });
  };
}
