import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeTokenHandler, type KeyInput } from '@parley/token';
import { homePage, type PageContext, signInPage } from './pages.js';
import { BrandSessions } from './sessions.js';
import { DEMO_PASSWORD, DEMO_USERS } from './users.js';

export interface BrandSiteOptions {
  /** The Parley server's origin, where the page loads /sdk/parley.js from. */
  parleyUrl: string;
  projectId: string;
  /** The brand's private key (its public half is registered on the project). */
  brandPrivateKey: KeyInput;
  /** The platform's public key (from the Parley server's /.well-known/jwks.json). */
  platformPublicKey: KeyInput;
  port?: number;
  host?: string;
}

export interface BrandSite {
  url: string;
  close(): Promise<void>;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

const LOOPBACK_OR_ANY = new Set(['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost']);

/**
 * Forms are posted by this site's own pages only: a login CSRF would sign a victim in as the attacker's user, whose
 * conversation the attacker reads later. Browsers send Sec-Fetch-Site (and Origin) with every POST.
 */
function sameSite(request: IncomingMessage): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // `Origin: null` (a sandboxed frame, a file: page, a redirect) or garbage is not this site.
  return URL.canParse(origin) && new URL(origin).host === request.headers.host;
}

const redirect = (response: ServerResponse, location: string, cookie?: string) =>
  response.writeHead(303, { location, ...(cookie ? { 'set-cookie': cookie } : {}) }).end();

/** The demo brand website: a home page, sign-in and sign-out, and the Parley token endpoint. */
export async function startBrandSite(options: BrandSiteOptions): Promise<BrandSite> {
  const sessions = new BrandSessions();
  // The integration guide's token endpoint: who is signed in decides, the keys never leave this server.
  const tokenEndpoint = createNodeTokenHandler({
    getSignedInUser: (request) => {
      const user = sessions.userOf(request);
      return user && Object.hasOwn(DEMO_USERS, user) ? (DEMO_USERS[user] ?? null) : null;
    },
    brandPrivateKey: options.brandPrivateKey,
    platformPublicKey: options.platformPublicKey,
  });
  const context = (request: IncomingMessage): PageContext => ({
    user: sessions.userOf(request),
    parleyUrl: options.parleyUrl,
    projectId: options.projectId,
  });
  const html = (response: ServerResponse, status: number, body: string) =>
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://brand').pathname;
    try {
      if (path === '/parley-token') return await tokenEndpoint(request, response);
      if (path === '/' && request.method === 'GET') return html(response, 200, homePage(context(request)));
      if (path === '/sign-in' && request.method === 'GET') return html(response, 200, signInPage(context(request)));
      if (request.method === 'POST' && !sameSite(request)) return html(response, 403, '<!doctype html><p>Cross-site form refused.</p>');
      if (path === '/sign-in' && request.method === 'POST') {
        const form = await formOf(request);
        const user = form.get('user')?.trim().toLowerCase() ?? '';
        if (!Object.hasOwn(DEMO_USERS, user) || form.get('password') !== DEMO_PASSWORD)
          return html(response, 401, signInPage(context(request), true));
        // A new session id at every sign-in (the old one ends): nobody can fix a victim's session in advance.
        sessions.end(request);
        return redirect(response, '/', sessions.start(user));
      }
      if (path === '/sign-out' && request.method === 'POST') return redirect(response, '/', sessions.end(request));
      html(response, 404, '<!doctype html><title>Not found</title><p>Not found. <a href="/">Home</a></p>');
    } catch (error) {
      console.error('[brand-site]', error);
      if (!response.headersSent) response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_OR_ANY.has(options.host ?? '127.0.0.1') ? 'localhost' : options.host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
