import type { Generated } from 'kysely';

export interface PlatformKeyTable {
  kid: string;
  /** 'rsa' (decrypts credentials) or 'ed25519' (signs visitor session tokens). */
  kind: 'rsa' | 'ed25519';
  /** PKCS#8 PEM, or its sealed form when PARLEY_SECRET is set. */
  private_key: string;
  public_spki_pem: string;
  /** 'current' (advertised, used for new tokens), 'active' (still accepted), 'retired'. */
  status: 'current' | 'active' | 'retired';
  created_at: string;
  retired_at: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  platform_keys: PlatformKeyTable;
  parley_meta: MetaTable;
}

export type Id = Generated<string>;
