import type { IncomingMessage, ServerResponse } from 'node:http';
import { createTokenProvider, type TokenProviderOptions } from './token-provider.js';

/**
 * A token endpoint for node:http and Express: `app.post('/parley-token', createNodeTokenHandler({...}))`.
 * Express's `req` (with the brand's session middleware applied) is what `getSignedInUser` receives.
 */
export function createNodeTokenHandler<Req extends IncomingMessage = IncomingMessage>(
  options: TokenProviderOptions<Req>,
): (request: Req, response: ServerResponse) => Promise<void> {
  const provide = createTokenProvider(options);
  return async (request, response) => {
    const { status, body, headers } = await provide(request.method ?? 'GET', request);
    response.writeHead(status, headers);
    response.end(JSON.stringify(body));
  };
}
