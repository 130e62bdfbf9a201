import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { thumbprintOf } from '@parley/token';
import type { PlatformDecryptionKey } from '../credentials/types.js';
import type { Log } from '../log.js';
import type { Store } from '../store/open-store.js';
import type { PlatformKeyTable } from '../store/schema.js';
import { SEALED_PREFIX, type SealedBox } from './sealed-box.js';

export type PlatformKeyKind = PlatformKeyTable['kind'];

export interface PlatformKeyDeps {
  store: Store;
  box: SealedBox;
  now: () => Date;
  rsaBits: 2048 | 3072 | 4096;
  /** How long a node keeps loaded keys before rereading the store (rotation by another node shows up within it). */
  cacheMs?: number;
  /** Where `ensure` says it sealed keys stored in clear. */
  log?: Log;
}

/** The current Ed25519 key that signs visitor session tokens. */
export interface SessionSigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface PublicPlatformKey {
  kid: string;
  kind: PlatformKeyKind;
  current: boolean;
  publicKey: KeyObject;
  createdAt: string;
}

export class PlatformKeyError extends Error {
  override readonly name = 'PlatformKeyError';
}

const BOOTSTRAP_MARK = 'platform-keys-bootstrapped';

const publicOf = (row: PlatformKeyTable): PublicPlatformKey => ({
  kid: row.kid,
  kind: row.kind,
  current: row.status === 'current',
  publicKey: createPublicKey(row.public_spki_pem),
  createdAt: row.created_at,
});

async function newKeyRow(kind: PlatformKeyKind, bits: number, box: SealedBox, now: Date): Promise<PlatformKeyTable> {
  const pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: bits }) : generateKeyPairSync('ed25519');
  return {
    kid: await thumbprintOf(pair.publicKey),
    kind,
    private_key: box.seal(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    public_spki_pem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    status: 'current',
    created_at: now.toISOString(),
    retired_at: null,
  };
}

/**
 * The platform's own keys, shared by every node through the store: RSA keys that decrypt
 * credentials and the Ed25519 key that signs visitor session tokens. Private halves never
 * leave this module except as KeyObjects handed to the verifier and the session signer.
 */
export class PlatformKeys {
  private readonly cache = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(private readonly deps: PlatformKeyDeps) {}

  /**
   * At first start, one node creates a current key of each kind; the others find them. Private
   * keys an older version stored in clear (it did without PARLEY_SECRET) are sealed.
   */
  async ensure(): Promise<void> {
    const { store } = this.deps;
    const marked = await store.db.selectFrom('parley_meta').select('key').where('key', '=', BOOTSTRAP_MARK).executeTakeFirst();
    if (!marked) {
      // Keys made before the transaction (RSA generation takes a while), the mark and the keys
      // committed together: a node that loses the race on the mark waits for the winner's commit,
      // and then finds its keys, never a mark without them.
      const rows = [
        await newKeyRow('rsa', this.deps.rsaBits, this.deps.box, this.deps.now()),
        await newKeyRow('ed25519', this.deps.rsaBits, this.deps.box, this.deps.now()),
      ];
      await store.transaction(async () => {
        const won = await store.db
          .insertInto('parley_meta')
          .values({ key: BOOTSTRAP_MARK, value: this.deps.now().toISOString() })
          .onConflict((conflict) => conflict.column('key').doNothing())
          .executeTakeFirst();
        if (Number(won.numInsertedOrUpdatedRows ?? 0) !== 0) await store.db.insertInto('platform_keys').values(rows).execute();
      });
    }
    await this.sealKeysInClear();
  }

  private async sealKeysInClear(): Promise<void> {
    const { db } = this.deps.store;
    const rows = await db
      .selectFrom('platform_keys')
      .select(['kid', 'private_key'])
      .where('private_key', 'not like', `${SEALED_PREFIX}%`)
      .execute();
    for (const row of rows) {
      // Only the value read: a node sealing the same row meanwhile (with its own secret) is not overwritten.
      await db
        .updateTable('platform_keys')
        .set({ private_key: this.deps.box.seal(row.private_key) })
        .where('kid', '=', row.kid)
        .where('private_key', '=', row.private_key)
        .execute();
    }
    if (rows.length === 0) return;
    this.cache.clear();
    this.deps.log?.info(
      { kids: rows.map((row) => row.kid) },
      `sealed ${rows.length} platform private key(s) stored in clear by an older version`,
    );
  }

  /** Current and active keys of a kind, current first (the JWKS order). */
  async list(kind: PlatformKeyKind): Promise<PublicPlatformKey[]> {
    const rows = await this.activeRows(kind);
    return rows.map((row) => publicOf(row));
  }

  /** The RSA private keys the credentials pipeline may decrypt with, current first. */
  decryptionKeys(): Promise<PlatformDecryptionKey[]> {
    return this.cached('decryption', async () => {
      const rows = await this.activeRows('rsa');
      return rows.map((row) => ({ kid: row.kid, privateKey: createPrivateKey(this.deps.box.open(row.private_key)) }));
    });
  }

  /** The current Ed25519 private key, for signing visitor session tokens. */
  signingKey(): Promise<SessionSigningKey> {
    return this.cached('signing', async () => {
      const [row] = await this.activeRows('ed25519');
      if (!row) throw new PlatformKeyError('no session-signing key: the store was not initialised');
      return { kid: row.kid, privateKey: createPrivateKey(this.deps.box.open(row.private_key)) };
    });
  }

  /** Every accepted Ed25519 public key by kid, for verifying visitor session tokens. */
  sessionVerificationKeys(): Promise<ReadonlyMap<string, KeyObject>> {
    return this.cached('session-verification', async () => {
      const keys = await this.list('ed25519');
      return new Map(keys.map((key) => [key.kid, key.publicKey]));
    });
  }

  private cached<T>(name: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.cache.get(name);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(name, { until: now + (this.deps.cacheMs ?? 30_000), value });
    // A failure or an empty answer (read before another node's first keys were committed) is not kept.
    value.then(
      (loaded) => {
        if ((Array.isArray(loaded) && loaded.length === 0) || (loaded instanceof Map && loaded.size === 0)) this.cache.delete(name);
      },
      () => this.cache.delete(name),
    );
    return value;
  }

  /** A new current key; the previous current one stays active (accepted) until retired. */
  async rotate(kind: PlatformKeyKind): Promise<PublicPlatformKey> {
    const row = await newKeyRow(kind, this.deps.rsaBits, this.deps.box, this.deps.now());
    await this.deps.store.transaction(async () => {
      const trx = this.deps.store.db;
      await trx.updateTable('platform_keys').set({ status: 'active' }).where('kind', '=', kind).where('status', '=', 'current').execute();
      await trx.insertInto('platform_keys').values(row).execute();
    });
    this.cache.clear();
    return publicOf(row);
  }

  /** Stops accepting an old key. The current key cannot be retired: rotate first. */
  async retire(kid: string): Promise<PublicPlatformKey> {
    const row = await this.deps.store.db.selectFrom('platform_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
    if (!row || row.status === 'retired') throw new PlatformKeyError(`no active platform key has kid "${kid}"`);
    if (row.status === 'current') throw new PlatformKeyError(`"${kid}" is the current key: rotate to a new key before retiring this one`);
    await this.deps.store.db
      .updateTable('platform_keys')
      .set({ status: 'retired', retired_at: this.deps.now().toISOString() })
      .where('kid', '=', kid)
      .execute();
    this.cache.clear();
    return publicOf(row);
  }

  private async activeRows(kind: PlatformKeyKind) {
    const rows = await this.deps.store.db
      .selectFrom('platform_keys')
      .selectAll()
      .where('kind', '=', kind)
      .where('status', '!=', 'retired')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.sort((a, b) => Number(b.status === 'current') - Number(a.status === 'current'));
  }
}

/** Whether the store holds a private key sealed with some secret (then a new secret cannot serve). */
export async function sealedKeysStored(store: Store): Promise<boolean> {
  const row = await store.db
    .selectFrom('platform_keys')
    .select('kid')
    .where('private_key', 'like', `${SEALED_PREFIX}%`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** `/.well-known/jwks.json`: the active RSA keys only, current first, each with use and alg. */
export async function platformJwks(keys: PlatformKeys): Promise<{ keys: Record<string, unknown>[] }> {
  const active = await keys.list('rsa');
  return { keys: active.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'enc', alg: 'RSA-OAEP-256' })) };
}
