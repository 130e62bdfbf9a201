/**
 * Client-side checks of a brand key before it is sent: what to do instead, or null when it may go.
 * Private key material is stopped here, so it never leaves the admin's browser.
 */
export function checkBrandKeyInput(source: 'key' | 'url', raw: string): string | null {
  const value = raw.trim();
  if (source === 'url') {
    if (!value) return "Enter your provider's JWKS URL (https://…/.well-known/jwks.json), then add it.";
    if (!/^https:\/\//i.test(value)) return 'Use an https:// URL: Parley fetches brand keys over HTTPS only.';
    return null;
  }
  if (!value) return "Paste your token provider's public key (PEM, base64 SPKI or JWK JSON), then add it.";
  if (/PRIVATE KEY/.test(value) || isPrivateJwk(value))
    return 'This is a private key: it was not sent. Paste the public half only (e.g. openssl pkey -in brand.pem -pubout), and keep the private key on your backend.';
  return null;
}

function isPrivateJwk(value: string): boolean {
  if (!value.startsWith('{')) return false;
  try {
    const jwk = JSON.parse(value) as Record<string, unknown>;
    return 'd' in jwk || 'p' in jwk;
  } catch {
    return false;
  }
}
