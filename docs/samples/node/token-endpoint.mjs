// The brand's token endpoint on node:http (no framework), with @parley/token:
// POST /parley-token answers { token, expiresIn } for the signed-in user, 401 when nobody is,
// always with Cache-Control: no-store.
//
//   BRAND_PRIVATE_KEY_FILE=brand-keys/private.pem PLATFORM_KEY_FILE=platform-jwks.json PORT=3001 \
//     node docs/samples/node/token-endpoint.mjs
//
// Your site already knows who is signed in; here a cookie names a session kept in memory.
// SAMPLE_SIGN_IN=1 adds POST /sign-in (form field "user", no password) to try it: never in production.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createNodeTokenHandler } from '@parley/token';

const sessions = new Map(); // session id → { userId, visitorData }
const sessionIdOf = (request) => /(?:^|;\s*)session=([\w-]+)/.exec(request.headers.cookie ?? '')?.[1];

function platformKeyFrom(text) {
  if (!text.trim().startsWith('{')) return { key: text, kid: undefined };
  const document = JSON.parse(text);
  const jwk = Array.isArray(document.keys) ? document.keys[0] : document;
  return { key: jwk, kid: jwk.kid };
}
const platform = platformKeyFrom(readFileSync(process.env.PLATFORM_KEY_FILE, 'utf8'));

// Keys load here, once: a wrong key stops the server at start, not at the first visitor.
const parleyToken = createNodeTokenHandler({
  getSignedInUser: (request) => sessions.get(sessionIdOf(request)) ?? null, // null → 401
  brandPrivateKey: readFileSync(process.env.BRAND_PRIVATE_KEY_FILE, 'utf8'),
  platformPublicKey: platform.key,
  platformKeyId: platform.kid,
});

async function formOf(request) {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/parley-token') return parleyToken(request, response); // POST only; 405 otherwise
  if (path === '/sign-in' && request.method === 'POST' && process.env.SAMPLE_SIGN_IN === '1') {
    const userId = (await formOf(request)).get('user');
    const id = randomBytes(24).toString('base64url');
    sessions.set(id, { userId, visitorData: { firstName: userId } });
    response.writeHead(303, { location: '/', 'set-cookie': `session=${id}; HttpOnly; Secure; SameSite=Lax; Path=/` }).end();
    return;
  }
  if (path === '/sign-out' && request.method === 'POST') {
    // The page has already called parley.logout() (see the integration guide); end the brand session.
    sessions.delete(sessionIdOf(request));
    response.writeHead(303, { location: '/', 'set-cookie': 'session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0' }).end();
    return;
  }
  response.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => {
  console.log(`token endpoint on http://127.0.0.1:${server.address().port}/parley-token`);
});
