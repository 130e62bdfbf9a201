import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { ProjectApiKeyTable } from '../store/schema.js';
import { randomSecret, sameDigest, sha256Hex } from './opaque-secrets.js';

/** A project API key as listed; the secret is shown once, at creation, and never stored. */
export interface ProjectApiKey {
  /** The OAuth client_id. */
  id: string;
  projectId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ProjectApiKeyDeps {
  store: Store;
  now: () => Date;
}

export const CLIENT_ID_PREFIX = 'prl_client_';
export const CLIENT_SECRET_PREFIX = 'prl_secret_';

const fromRow = (row: ProjectApiKeyTable): ProjectApiKey => ({
  id: row.id,
  projectId: row.project_id,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const dummyHash = sha256Hex(randomSecret(CLIENT_SECRET_PREFIX));

/** Client credentials of a project, for brand backends (`grant_type=client_credentials`, spec §9.2). */
export class ProjectApiKeys {
  constructor(private readonly deps: ProjectApiKeyDeps) {}

  async create(projectId: string): Promise<{ clientId: string; clientSecret: string; apiKey: ProjectApiKey }> {
    const project =
      typeof projectId === 'string' && projectId.length > 0 && projectId.length <= 100
        ? await this.deps.store.db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
        : undefined;
    if (!project) throw new ApiError('NOT_FOUND', `no project has id "${projectId}"`);
    const clientSecret = randomSecret(CLIENT_SECRET_PREFIX);
    const row: ProjectApiKeyTable = {
      id: CLIENT_ID_PREFIX + randomBytes(16).toString('hex'),
      project_id: projectId,
      secret_hash: sha256Hex(clientSecret),
      created_at: this.deps.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.deps.store.db.insertInto('project_api_keys').values(row).execute();
    return { clientId: row.id, clientSecret, apiKey: fromRow(row) };
  }

  /** The key for a matching, unrevoked client_id and secret (and marks it used), else null. */
  async authenticate(clientId: string, clientSecret: string): Promise<ProjectApiKey | null> {
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string') return null;
    if (clientId.length === 0 || clientId.length > 100 || clientSecret.length > 200) return null;
    const row = await this.deps.store.db.selectFrom('project_api_keys').selectAll().where('id', '=', clientId).executeTakeFirst();
    const matches = sameDigest(row?.secret_hash ?? dummyHash, sha256Hex(clientSecret));
    if (!row || !matches || row.revoked_at !== null) return null;
    const lastUsedAt = this.deps.now().toISOString();
    await this.deps.store.db.updateTable('project_api_keys').set({ last_used_at: lastUsedAt }).where('id', '=', row.id).execute();
    return fromRow({ ...row, last_used_at: lastUsedAt });
  }

  async find(id: string): Promise<ProjectApiKey | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
    const row = await this.deps.store.db.selectFrom('project_api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(projectId: string, options: { includeRevoked?: boolean } = {}): Promise<ProjectApiKey[]> {
    let query = this.deps.store.db.selectFrom('project_api_keys').selectAll().where('project_id', '=', projectId);
    if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
    return (await query.orderBy('created_at', 'asc').orderBy('id', 'asc').execute()).map(fromRow);
  }

  /** Revokes the key (idempotent); the bearers issued for it stop resolving at once. */
  async revoke(id: string): Promise<ProjectApiKey> {
    const key = await this.find(id);
    if (!key) throw new ApiError('NOT_FOUND', `no project API key has id "${id}"`);
    if (key.revokedAt) return key;
    const revokedAt = this.deps.now().toISOString();
    await this.deps.store.db.updateTable('project_api_keys').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    return { ...key, revokedAt };
  }
}
