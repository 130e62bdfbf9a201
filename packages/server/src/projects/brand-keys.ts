import { createPublicKey, type KeyObject } from 'node:crypto';
import { keyId, loadPublicKey, TokenInputError } from '@parley/token';
import { CompiledQuery } from 'kysely';
import type { BrandVerificationKey } from '../credentials/types.js';
import { ApiError } from '../errors.js';
import { keyFingerprint, sha256Hex } from '../keys/fingerprint.js';
import { JwksError, JwksFetcher, type JwksKey } from '../keys/jwks-fetcher.js';
import type { Store } from '../store/open-store.js';
import { preparedOnPostgres, sqliteParameters } from '../store/prepared-statements.js';
import type { BrandKeyTable } from '../store/schema.js';

/** A brand key record: one public key, or a JWKS URL standing for the keys the brand publishes there. */
export interface BrandKey {
  id: string;
  projectId: string;
  /** A key's `kid`. For a JWKS URL record: the one `kid` of the set it accepts, or '' for every key of the set. */
  kid: string;
  /**
   * SHA-256, hex with colons (what `openssl` shows): of the DER SPKI for a key; for a JWKS URL
   * record, `url:` followed by the SHA-256 of the URL text, since the keys behind it change.
   */
  fingerprint: string;
  /** SPKI PEM; '' for a JWKS URL record. */
  publicKeyPem: string;
  /** The brand's JWKS URL (normalised), or null for a key given directly. */
  jwksUrl: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface BrandKeyDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Fetches JWKS URLs; by default one that refuses private addresses, on the `now` clock. */
  jwks?: JwksFetcher;
}

/** What the credentials pipeline needs of a project's brand keys. */
export interface BrandVerificationSet {
  /** Every usable key; a JWKS key carries the `id` of its URL record and the `kid` from its JWK. */
  keys: BrandVerificationKey[];
  /** Whether the project has an active record at all (a JWKS URL that cannot be fetched still counts). */
  hasActiveKey: boolean;
  /** The distinct JWKS URLs among the active records. */
  jwksUrls: string[];
  /**
   * How many of the project's records were revoked when they were read. Records are never deleted, and a revoked
   * one stays revoked, so a write that finds the same count knows no revocation happened since (`revokedBrandKeysText`).
   */
  revokedRecords: number;
  /** The active records' ids and `revokedRecords`: two reads with the same revision saw the same records. */
  revision: string;
  /** True when the records came from this node's copy rather than from the database just now. */
  cached: boolean;
}

/** How long a node keeps a project's records for activations that check `revokedRecords` when they write. */
export const BRAND_KEY_RECORDS_CACHE_MS = 60_000;

/**
 * The count a write compares with `BrandVerificationSet.revokedRecords`; `projectId` is the placeholder of the
 * project's id in the statement (the index on project_id, revoked_at answers it).
 */
export const revokedBrandKeysText = (projectId: string) =>
  `(SELECT count(*) FROM brand_keys WHERE project_id = ${projectId} AND revoked_at IS NOT NULL)`;

const BRAND_KEY_COLUMNS = [
  'id',
  'project_id',
  'kid',
  'public_key_pem',
  'fingerprint',
  'created_at',
  'last_used_at',
  'revoked_at',
  'jwks_url',
] as const satisfies readonly (keyof BrandKeyTable)[];

/** A project's keys, oldest first; the active ones are read by every activation: fixed texts, prepared once. */
const keysText = (activeOnly: boolean) =>
  `SELECT ${BRAND_KEY_COLUMNS.join(', ')} FROM brand_keys WHERE project_id = $1${activeOnly ? ' AND revoked_at IS NULL' : ''} ORDER BY created_at ASC, id ASC`;
const forDialects = (text: string) => ({ postgres: preparedOnPostgres(text), sqlite: sqliteParameters(text) });
const KEYS_OF_PROJECT = { active: forDialects(keysText(true)), all: forDialects(keysText(false)) };
/** What a verification reads: the active records, each with the count of revoked ones (one row of nulls and the count without any). */
const KEYS_FOR_VERIFICATION =
  forDialects(`SELECT revoked.n AS revoked_records, ${BRAND_KEY_COLUMNS.map((column) => `k.${column}`).join(', ')}
FROM (SELECT count(*) AS n FROM brand_keys WHERE project_id = $1 AND revoked_at IS NOT NULL) AS revoked
LEFT JOIN brand_keys AS k ON k.project_id = $2 AND k.revoked_at IS NULL ORDER BY k.created_at ASC, k.id ASC`);

const fromRow = (row: BrandKeyTable): BrandKey => ({
  id: row.id,
  projectId: row.project_id,
  kid: row.kid,
  fingerprint: row.fingerprint,
  publicKeyPem: row.public_key_pem,
  jwksUrl: row.jwks_url,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

function checkedKid(kid: string): string {
  if (kid.length > 255) throw new ApiError('VALIDATION_FAILED', 'kid: at most 255 characters');
  return kid;
}

/** The refusal of a second active copy, naming the record that has it. */
function alreadyActive(existing: BrandKeyTable): ApiError {
  const record = `brand key "${existing.id}" (${existing.kid === '' ? 'every key of the set' : `kid "${existing.kid}"`}, added ${existing.created_at})`;
  return existing.jwks_url === null
    ? new ApiError(
        'VALIDATION_FAILED',
        `publicKey: this key is already active in the project as ${record}; revoke that one first to add it again`,
      )
    : new ApiError(
        'VALIDATION_FAILED',
        `jwksUrl: the project already reads this JWKS URL as ${record}; revoke that one first to add it again (with another kid)`,
      );
}

/** A revoked key record, as the refusal of a JWKS URL that serves its key names it. */
type RevokedKey = Pick<BrandKeyTable, 'id' | 'revoked_at'>;

/** What a verification needs of a project's records. */
interface KeyRecords {
  records: BrandKeyTable[];
  /** The keys revoked in the project and not active in it again, by fingerprint: read only with a JWKS URL record active. */
  revoked: Map<string, RevokedKey>;
  revokedRecords: number;
  /** `BrandVerificationSet.revision`, made once per read. */
  revision: string;
}

type NullableColumns<T> = { [K in keyof T]: T[K] | null };

/**
 * Brand public keys of a project (spec §2.5, §9.6): given directly, or as a JWKS URL the fetcher reads.
 * Revoking a key revokes the key, not only its record: a JWKS URL of the project that serves it
 * does not bring it back, until the key is added again on its own (SECURITY.md).
 */
export class BrandKeys {
  private readonly jwks: JwksFetcher;
  /**
   * One KeyObject per PEM: the records are read on every attempt (a revocation counts at once),
   * but the verifier pool sends a key to its workers once per KeyObject, so identity must hold.
   */
  private readonly keyObjects = new Map<string, KeyObject>();
  private readonly lastMarked = new Map<string, number>();
  /** A project's records as last read, for activations that check `revokedRecords` when they write. */
  private readonly records = new Map<string, KeyRecords & { until: number }>();

  constructor(private readonly deps: BrandKeyDeps) {
    this.jwks = deps.jwks ?? new JwksFetcher({ allowPrivate: false, now: () => deps.now().getTime() });
  }

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
    const chosenKid = checkedKid(kid?.trim() || (await keyId(publicKey, key)));
    return this.insert({
      project_id: projectId,
      kid: chosenKid,
      public_key_pem: key.export({ type: 'spki', format: 'pem' }) as string,
      fingerprint: keyFingerprint(key),
      jwks_url: null,
    });
  }

  /**
   * Adds the brand's JWKS URL (https only; private addresses refused unless the fetcher allows
   * them). It is fetched once now, so an unreachable URL, a body that is not a JWKS or a set
   * without a usable key fails here. With `kid`, only the set's key with that kid is accepted;
   * without, every usable key of the set, as the brand rotates them.
   */
  async addJwksUrl(projectId: string, jwksUrl: string, kid?: string | null): Promise<BrandKey> {
    let url: string;
    let keys: JwksKey[];
    try {
      url = this.jwks.normalize(jwksUrl);
      keys = await this.jwks.keys(url);
    } catch (error) {
      if (error instanceof JwksError) throw new ApiError('VALIDATION_FAILED', error.message);
      throw error;
    }
    const chosenKid = checkedKid(kid?.trim() ?? '');
    if (chosenKid !== '' && !keys.some((key) => key.kid === chosenKid)) {
      const kids = keys.map((key) => JSON.stringify(key.kid)).join(', ');
      throw new ApiError(
        'VALIDATION_FAILED',
        `kid: the key set at jwksUrl has no usable key with kid ${JSON.stringify(chosenKid)} (it has ${kids})`,
      );
    }
    // A set that still serves revoked keys besides others is fine: those are ignored. One that serves nothing else is refused.
    const revoked = await this.revokedKeys(projectId);
    const accepted = keys.filter((key) => chosenKid === '' || key.kid === chosenKid);
    const revocation = revoked.get(accepted[0]?.fingerprint ?? '');
    if (revocation && accepted.every((key) => revoked.has(key.fingerprint))) {
      const which = chosenKid !== '' ? `the key with kid ${JSON.stringify(chosenKid)}` : 'every usable key of the set';
      throw new ApiError(
        'VALIDATION_FAILED',
        `jwksUrl: ${which} was revoked in this project (brand key "${revocation.id}", revoked ${revocation.revoked_at}); a JWKS URL does not bring a revoked key back: add it again as a public key if it is to be trusted again`,
      );
    }
    return this.insert({ project_id: projectId, kid: chosenKid, public_key_pem: '', fingerprint: `url:${sha256Hex(url)}`, jwks_url: url });
  }

  /**
   * Stores a record unless the project already has an active one with its fingerprint (the same key,
   * or the same JWKS URL whatever its kid): a copy would keep the key working after one is revoked.
   * Checked first for a clear message, and by the unique index (migration 0008) against a concurrent add.
   */
  private async insert(
    fields: Pick<BrandKeyTable, 'project_id' | 'kid' | 'public_key_pem' | 'fingerprint' | 'jwks_url'>,
  ): Promise<BrandKey> {
    const existing = await this.activeWithFingerprint(fields.project_id, fields.fingerprint);
    if (existing) throw alreadyActive(existing);
    const row: BrandKeyTable = {
      id: this.deps.newId(),
      ...fields,
      created_at: this.deps.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    try {
      await this.deps.store.db.insertInto('brand_keys').values(row).execute();
    } catch (error) {
      const winner = await this.activeWithFingerprint(fields.project_id, fields.fingerprint).catch(() => undefined);
      if (winner) throw alreadyActive(winner); // added concurrently
      throw error;
    }
    this.records.delete(fields.project_id);
    return fromRow(row);
  }

  private activeWithFingerprint(projectId: string, fingerprint: string): Promise<BrandKeyTable | undefined> {
    return this.deps.store.db
      .selectFrom('brand_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async list(projectId: string, options: { includeRevoked?: boolean } = {}): Promise<BrandKey[]> {
    const { store } = this.deps;
    const texts = options.includeRevoked ? KEYS_OF_PROJECT.all : KEYS_OF_PROJECT.active;
    return (await store.db.executeQuery<BrandKeyTable>(CompiledQuery.raw(texts[store.dialect], [projectId]))).rows.map(fromRow);
  }

  /** One record by id, revoked or not; null when no record has it. */
  async find(id: string): Promise<BrandKey | null> {
    const row = await this.deps.store.db.selectFrom('brand_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async revoke(id: string): Promise<BrandKey> {
    const row = await this.deps.store.db.selectFrom('brand_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiError('NOT_FOUND', `no brand key has id "${id}"`);
    if (row.revoked_at) return fromRow(row);
    const revokedAt = this.deps.now().toISOString();
    // Only once: a revocation made meanwhile (another node) keeps its time.
    const { numUpdatedRows } = await this.deps.store.db
      .updateTable('brand_keys')
      .set({ revoked_at: revokedAt })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    this.records.delete(row.project_id);
    if (numUpdatedRows === 0n) return (await this.find(id)) ?? fromRow(row);
    return fromRow({ ...row, revoked_at: revokedAt });
  }

  /** Records a use; at most once a minute per key and node, so busy keys do not make a hot row. */
  async markUsed(id: string): Promise<void> {
    const now = this.deps.now();
    const last = this.lastMarked.get(id);
    if (last !== undefined && now.getTime() - last < 60_000) return;
    if (this.lastMarked.size >= 10_000) this.lastMarked.clear();
    this.lastMarked.set(id, now.getTime());
    try {
      await this.deps.store.db.updateTable('brand_keys').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
    } catch (error) {
      this.lastMarked.delete(id); // written again at the next use
      throw error;
    }
  }

  /**
   * The active keys as the verifier takes them, JWKS URLs expanded into their keys (cached by the
   * fetcher; a URL that cannot be fetched and has no last good keys contributes none). The records are
   * read now, unless `cached` allows this node's copy (at most `BRAND_KEY_RECORDS_CACHE_MS` old, dropped
   * when this node adds or revokes a key): only for a caller whose write checks `revokedRecords`.
   */
  async verificationSet(projectId: string, options: { cached?: boolean } = {}): Promise<BrandVerificationSet> {
    const now = this.deps.now().getTime();
    const kept = options.cached ? this.records.get(projectId) : undefined;
    const cached = kept !== undefined && kept.until > now;
    const { records, revoked, revokedRecords, revision } = cached ? kept : await this.readRecords(projectId, now);
    const perRecord = await Promise.all(
      records.map(async (record): Promise<BrandVerificationKey[]> => {
        if (record.jwks_url === null) return [{ id: record.id, kid: record.kid, publicKey: this.keyObject(record.public_key_pem) }];
        let fetched: JwksKey[];
        try {
          fetched = await this.jwks.keys(record.jwks_url);
        } catch (error) {
          if (error instanceof JwksError) return [];
          throw error;
        }
        return fetched
          .filter((key) => (record.kid === '' || key.kid === record.kid) && !revoked.has(key.fingerprint))
          .map((key) => ({ id: record.id, kid: key.kid, publicKey: key.publicKey }));
      }),
    );
    const jwksUrls = [...new Set(records.flatMap((record) => (record.jwks_url === null ? [] : [record.jwks_url])))];
    return { keys: perRecord.flat(), hasActiveKey: records.length > 0, jwksUrls, revokedRecords, revision, cached };
  }

  /** The active records and the count of revoked ones (the keys revoked too, with a JWKS URL active), kept as this node's copy. */
  private async readRecords(projectId: string, now: number): Promise<KeyRecords> {
    const { store } = this.deps;
    const query = CompiledQuery.raw(KEYS_FOR_VERIFICATION[store.dialect], [projectId, projectId]);
    const rows = (await store.db.executeQuery<NullableColumns<BrandKeyTable> & { revoked_records: number | string }>(query)).rows;
    const records = rows.filter((row): row is BrandKeyTable & { revoked_records: number | string } => row.id !== null);
    const revoked = records.some((record) => record.jwks_url !== null) ? await this.revokedKeys(projectId) : new Map<string, RevokedKey>();
    const revokedRecords = Number(rows[0]?.revoked_records ?? 0);
    const read = { records, revoked, revokedRecords, revision: `${records.map((record) => record.id).join(',')}/${revokedRecords}` };
    if (this.records.size >= 10_000) this.records.clear();
    this.records.set(projectId, { ...read, until: now + BRAND_KEY_RECORDS_CACHE_MS });
    return read;
  }

  /** The keys revoked in the project and not active in it again, by fingerprint. */
  private async revokedKeys(projectId: string): Promise<Map<string, RevokedKey>> {
    const rows = await this.deps.store.db
      .selectFrom('brand_keys')
      .select(['id', 'fingerprint', 'revoked_at'])
      .where('project_id', '=', projectId)
      .where('jwks_url', 'is', null)
      .orderBy('revoked_at', 'asc')
      .execute();
    const active = new Set(rows.filter((row) => row.revoked_at === null).map((row) => row.fingerprint));
    return new Map(rows.filter((row) => row.revoked_at !== null && !active.has(row.fingerprint)).map((row) => [row.fingerprint, row]));
  }

  private keyObject(pem: string): KeyObject {
    let key = this.keyObjects.get(pem);
    if (!key) {
      if (this.keyObjects.size >= 10_000) this.keyObjects.clear();
      key = createPublicKey(pem);
      this.keyObjects.set(pem, key);
    }
    return key;
  }

  async verificationKeys(projectId: string): Promise<BrandVerificationKey[]> {
    return (await this.verificationSet(projectId)).keys;
  }

  /**
   * A JWS named a `kid` no key has: refetch the JWKS URLs (each at most once per the fetcher's
   * minimum interval) and tell whether one of them has that kid now.
   */
  async refetchForUnknownKid(jwksUrls: readonly string[], kid: string): Promise<boolean> {
    return (await Promise.all(jwksUrls.map((url) => this.jwks.refetchForUnknownKid(url, kid)))).some(Boolean);
  }
}
