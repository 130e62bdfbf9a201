import { createHash, createPublicKey } from 'node:crypto';
import { loadPublicKey, TokenInputError } from '@parley/token';
import { calculateJwkThumbprint } from 'jose';
import type { BrandVerificationKey } from '../credentials/types.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { BrandKeyTable } from '../store/schema.js';

export interface BrandKey {
  id: string;
  projectId: string;
  kid: string;
  fingerprint: string;
  publicKeyPem: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface BrandKeyDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

const fromRow = (row: BrandKeyTable): BrandKey => ({
  id: row.id,
  projectId: row.project_id,
  kid: row.kid,
  fingerprint: row.fingerprint,
  publicKeyPem: row.public_key_pem,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

function ownKid(input: string): string | null {
  if (!input.trim().startsWith('{')) return null;
  try {
    const kid = (JSON.parse(input) as { kid?: unknown }).kid;
    return typeof kid === 'string' && kid !== '' ? kid : null;
  } catch {
    return null;
  }
}

/** Brand public keys of a project (SPEC §2, §9). JWKS URLs come with their fetcher. */
export class BrandKeys {
  constructor(private readonly deps: BrandKeyDeps) {}

  /**
   * Adds a key given as PEM, base64 SPKI or JWK JSON. `kid` defaults to the JWK's own or the
   * RFC 7638 thumbprint. Private material and keys under 2048 bits are refused, never echoed.
   */
  async add(projectId: string, publicKey: string, kid?: string | null): Promise<BrandKey> {
    let key: ReturnType<typeof loadPublicKey>;
    try {
      key = loadPublicKey(publicKey, 'publicKey');
    } catch (error) {
      if (error instanceof TokenInputError) throw new ApiError('VALIDATION_FAILED', error.message);
      throw error;
    }
    const jwk = key.export({ format: 'jwk' });
    const chosenKid =
      kid?.trim() || ownKid(publicKey) || (await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n as string, e: jwk.e as string }));
    if (chosenKid.length > 255) throw new ApiError('VALIDATION_FAILED', 'kid: at most 255 characters');
    const der = key.export({ type: 'spki', format: 'der' });
    const row: BrandKeyTable = {
      id: this.deps.newId(),
      project_id: projectId,
      kid: chosenKid,
      public_key_pem: key.export({ type: 'spki', format: 'pem' }) as string,
      fingerprint: (createHash('sha256').update(der).digest('hex').match(/../g) ?? []).join(':'),
      created_at: this.deps.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
      jwks_url: null,
    };
    await this.deps.store.db.insertInto('brand_keys').values(row).execute();
    return fromRow(row);
  }

  async list(projectId: string, options: { includeRevoked?: boolean } = {}): Promise<BrandKey[]> {
    let query = this.deps.store.db.selectFrom('brand_keys').selectAll().where('project_id', '=', projectId);
    if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
    return (await query.orderBy('created_at', 'asc').orderBy('id', 'asc').execute()).map(fromRow);
  }

  async revoke(id: string): Promise<BrandKey> {
    const row = await this.deps.store.db.selectFrom('brand_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiError('NOT_FOUND', `no brand key has id "${id}"`);
    if (row.revoked_at) return fromRow(row);
    const revokedAt = this.deps.now().toISOString();
    await this.deps.store.db.updateTable('brand_keys').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    return fromRow({ ...row, revoked_at: revokedAt });
  }

  async markUsed(id: string): Promise<void> {
    await this.deps.store.db.updateTable('brand_keys').set({ last_used_at: this.deps.now().toISOString() }).where('id', '=', id).execute();
  }

  /** The active keys as the verifier takes them. */
  async verificationKeys(projectId: string): Promise<BrandVerificationKey[]> {
    return (await this.list(projectId)).map((key) => ({ id: key.id, kid: key.kid, publicKey: createPublicKey(key.publicKeyPem) }));
  }
}
