/** What each step of the verification (spec §2.6 order) checks, in words. */
export const CHECK_LABELS: Record<string, string> = {
  rateLimit: 'Rate limit',
  project: 'Project exists',
  authenticatedMode: 'Authenticated mode on',
  brandKey: 'A brand key is registered',
  format: 'Format: compact JWE, at most 8 KiB',
  keyManagementAlgorithm: 'Key management algorithm: RSA-OAEP-256',
  contentEncryption: 'Content encryption: A256GCM',
  decryption: 'Decryption with a platform key',
  nestedToken: 'Nested token: compact JWS',
  signatureAlgorithm: 'Signature algorithm: RS256',
  signature: 'Signature by a brand key',
  issuer: 'Issuer (iss) accepted',
  expiration: 'Expiration (exp) in the future',
  lifetime: 'Lifetime within the maximum',
  notBefore: 'Not before (nbf, iat) reached',
  userId: 'User id present and valid',
  visitorData: 'Visitor data valid',
  replay: 'Not used before',
};

export const checkLabel = (name: string) => CHECK_LABELS[name] ?? name;
