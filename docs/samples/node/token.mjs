// Credentials for one user, made with @parley/token; prints the JWE on stdout.
//
//   BRAND_PRIVATE_KEY_FILE=brand-keys/private.pem PLATFORM_KEY_FILE=platform-jwks.json \
//     node docs/samples/node/token.mjs user-42 '{"firstName":"Ada"}'
//
// BRAND_PRIVATE_KEY_FILE: your brand private key (PKCS#8 PEM or private JWK).
// PLATFORM_KEY_FILE: Parley's public key: the JWKS saved from /.well-known/jwks.json (its first key
// is the current one), one JWK, or a PEM public key.
// BRAND_KEY_ID (optional): the kid of your brand key, put in the JWS header.
import { readFileSync } from 'node:fs';
import { createCredentials } from '@parley/token';

/** The key to encrypt for, and its kid when the file says it (a JWKS lists the current key first). */
function platformKeyFrom(text) {
  if (!text.trim().startsWith('{')) return { key: text, kid: undefined };
  const document = JSON.parse(text);
  const jwk = Array.isArray(document.keys) ? document.keys[0] : document;
  if (!jwk) throw new Error('the JWKS has no key');
  return { key: jwk, kid: jwk.kid };
}

const [userId, visitorDataJson] = process.argv.slice(2);
if (!userId) {
  console.error('usage: token.mjs USER_ID [VISITOR_DATA_JSON]');
  process.exit(2);
}
const platform = platformKeyFrom(readFileSync(process.env.PLATFORM_KEY_FILE, 'utf8'));

const token = await createCredentials({
  userId,
  visitorData: visitorDataJson ? JSON.parse(visitorDataJson) : undefined,
  brandPrivateKey: readFileSync(process.env.BRAND_PRIVATE_KEY_FILE, 'utf8'),
  platformPublicKey: platform.key,
  platformKeyId: platform.kid,
  brandKeyId: process.env.BRAND_KEY_ID || undefined,
  // issuer: 'https://livechat.iadvize.com' and lifetimeSeconds: 60 are the defaults;
  // a random jti and iat are always set.
});
process.stdout.write(`${token}\n`);
