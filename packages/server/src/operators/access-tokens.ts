import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { OperatorRole } from '../store/schema.js';
import { randomSecret, sha256Hex } from './opaque-secrets.js';

export const OPERATOR_BEARER_PREFIX = 'prl_op_';
export const API_BEARER_PREFIX = 'prl_api_';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 86_400;

/** Who an opaque bearer speaks for (spec §9.2). */
export type Principal =
  | { kind: 'operator'; operatorId: string; role: OperatorRole; email: string; projectIds: readonly string[] }
  | { kind: 'apiKey'; apiKeyId: string; projectId: string };

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

export interface AccessTokenDeps {
  store: Store;
  now: () => Date;
}

/** True for text shaped like an operator or project-API bearer (visitor bearers are JWTs). */
export const isOpaqueBearer = (text: string): boolean =>
  typeof text === 'string' && (text.startsWith(OPERATOR_BEARER_PREFIX) || text.startsWith(API_BEARER_PREFIX));

/** Opaque bearers for operators and project API keys; only their SHA-256 is stored. */
export class AccessTokens {
  constructor(private readonly deps: AccessTokenDeps) {}

  async issueForOperator(operatorId: string): Promise<IssuedAccessToken> {
    const operator = await this.deps.store.db.selectFrom('operators').select('id').where('id', '=', operatorId).executeTakeFirst();
    if (!operator) throw new ApiError('NOT_FOUND', `no operator has id "${operatorId}"`);
    return this.issue(OPERATOR_BEARER_PREFIX, { kind: 'operator', operator_id: operatorId, api_key_id: null });
  }

  async issueForApiKey(apiKeyId: string): Promise<IssuedAccessToken> {
    const key = await this.deps.store.db.selectFrom('project_api_keys').select('id').where('id', '=', apiKeyId).executeTakeFirst();
    if (!key) throw new ApiError('NOT_FOUND', `no project API key has id "${apiKeyId}"`);
    return this.issue(API_BEARER_PREFIX, { kind: 'api', operator_id: null, api_key_id: apiKeyId });
  }

  /** The principal of a live bearer; null when unknown, expired, revoked, or its operator/key is disabled/revoked. */
  async resolve(bearer: string): Promise<Principal | null> {
    if (!isOpaqueBearer(bearer) || bearer.length > 200) return null;
    const row = await this.deps.store.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(bearer))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || Date.parse(row.expires_at) <= this.deps.now().getTime()) return null;
    if (row.kind === 'operator' && row.operator_id !== null && bearer.startsWith(OPERATOR_BEARER_PREFIX)) {
      const operator = await this.deps.store.db
        .selectFrom('operators')
        .select(['id', 'email', 'role', 'disabled'])
        .where('id', '=', row.operator_id)
        .executeTakeFirst();
      if (!operator || operator.disabled) return null;
      const memberships = await this.deps.store.db
        .selectFrom('project_members')
        .select('project_id')
        .where('operator_id', '=', operator.id)
        .orderBy('project_id', 'asc')
        .execute();
      const projectIds = Object.freeze(memberships.map((membership) => membership.project_id));
      return { kind: 'operator', operatorId: operator.id, role: operator.role, email: operator.email, projectIds };
    }
    if (row.kind === 'api' && row.api_key_id !== null && bearer.startsWith(API_BEARER_PREFIX)) {
      const key = await this.deps.store.db
        .selectFrom('project_api_keys')
        .select(['id', 'project_id', 'revoked_at'])
        .where('id', '=', row.api_key_id)
        .executeTakeFirst();
      if (!key || key.revoked_at !== null) return null;
      return { kind: 'apiKey', apiKeyId: key.id, projectId: key.project_id };
    }
    return null;
  }

  /** Revokes the operator's live bearers (sign-out everywhere); answers how many. */
  async revokeForOperator(operatorId: string): Promise<number> {
    const operator = await this.deps.store.db.selectFrom('operators').select('id').where('id', '=', operatorId).executeTakeFirst();
    if (!operator) throw new ApiError('NOT_FOUND', `no operator has id "${operatorId}"`);
    const now = this.deps.now().toISOString();
    const result = await this.deps.store.db
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('operator_id', '=', operatorId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now) // both are toISOString() output, so text order is time order
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Revokes one bearer (sign-out); true when it was live. */
  async revoke(bearer: string): Promise<boolean> {
    if (!isOpaqueBearer(bearer) || bearer.length > 200) return false;
    const now = this.deps.now().toISOString();
    const result = await this.deps.store.db
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('token_hash', '=', sha256Hex(bearer))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Forgets bearers that expired before `before` (housekeeping); answers how many. */
  async deleteExpired(before: Date = this.deps.now()): Promise<number> {
    const result = await this.deps.store.db.deleteFrom('access_tokens').where('expires_at', '<=', before.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async issue(
    prefix: string,
    owner: { kind: 'operator' | 'api'; operator_id: string | null; api_key_id: string | null },
  ): Promise<IssuedAccessToken> {
    const accessToken = randomSecret(prefix);
    const now = this.deps.now();
    await this.deps.store.db
      .insertInto('access_tokens')
      .values({
        token_hash: sha256Hex(accessToken),
        ...owner,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000).toISOString(),
        revoked_at: null,
      })
      .execute();
    return { accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS };
  }
}
