import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BrandSite {
  /** Another origin than the Parley server's, as a brand's website is. */
  url: string;
  /** Serves `html` at `path` until replaced. */
  page(path: string, html: string): string;
  /** How many times the token endpoint was called. */
  tokenCalls(): number;
  close(): Promise<void>;
}

/** The user the brand's own session cookie names, or null (signed out). */
const userOf = (request: IncomingMessage): string | null => /(?:^|;\s*)brand_user=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? null;

/**
 * A brand website on 127.0.0.1: static pages, and `POST /parley-token` minting credentials for the user its
 * `brand_user` cookie names — 401 when nobody is signed in, as the documented token endpoint does.
 */
export async function startBrandSite(credentials: (userId: string) => Promise<string>): Promise<BrandSite> {
  const pages = new Map<string, string>();
  let calls = 0;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://brand').pathname;
    if (path === '/parley-token' && request.method === 'POST') {
      calls++;
      const user = userOf(request);
      if (user === null) {
        response.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end('{"error":"signed out"}');
        return;
      }
      const body = JSON.stringify({ token: await credentials(decodeURIComponent(user)), expiresIn: 60 });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
      return;
    }
    const html = pages.get(path);
    if (html === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return `${url}${path}`;
    },
    tokenCalls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The provider of the integration guide: the brand's token endpoint, ANONYMOUS when the brand session is over. */
export const DOCUMENTED_PROVIDER = `async () => {
  const response = await fetch('/parley-token', { method: 'POST', credentials: 'same-origin' });
  if (response.status === 401) return { authenticationOption: { type: 'ANONYMOUS' } };
  if (!response.ok) throw new Error('token endpoint: HTTP ' + response.status);
  const { token } = await response.json();
  return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
}`;

/**
 * A page with the script tag as spec §7.1 writes it. `activate: true` activates on load with the documented provider
 * and keeps the result in `window.activation`. The Parley server is `serverUrl`; the script's origin is its default.
 */
export function tagPage(options: {
  projectId: string;
  serverUrl: string;
  activate?: boolean;
  head?: string;
  body?: string;
  /** More of `parleyInterface.config`. */
  config?: Record<string, unknown>;
}): string {
  const activation = options.activate
    ? `parleyInterface.push(async (parley) => { window.activation = await parley.activate(${DOCUMENTED_PROVIDER}); });`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Outdoor</title>${options.head ?? ''}</head>
<body>
<main style="font-family: Georgia, serif; max-width: 720px; margin: 40px auto; padding: 0 20px">
<h1>Acme Outdoor</h1><p>Tents, boots and everything for the trail.</p>${options.body ?? ''}
</main>
<script>
window.parleyInterface = window.parleyInterface || [];
parleyInterface.config = ${JSON.stringify({ projectId: options.projectId, ...options.config })};
${activation}
</script>
<script async src="${options.serverUrl}/sdk/parley.js"></script>
</body></html>`;
}
