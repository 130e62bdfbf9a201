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

export interface ProjectTable {
  id: string;
  name: string;
  authenticated_mode: number;
  /** JSON array of strings. */
  accepted_issuers: string;
  max_token_lifetime_seconds: number;
  session_lifetime_seconds: number;
  allow_anonymous: number;
  /** JSON array of origins; empty = any origin. */
  allowed_origins: string;
  auth_log_retention_days: number;
  created_at: string;
}

export interface BrandKeyTable {
  id: string;
  project_id: string;
  kid: string;
  /** SPKI PEM of the public key. */
  public_key_pem: string;
  /** SHA-256 of the DER SPKI, hex with colons (what `openssl` shows). */
  fingerprint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface UsedCredentialTable {
  key: string;
  /** Seconds since the epoch after which the key may be forgotten. */
  expires_at: number;
}

export interface Database {
  platform_keys: PlatformKeyTable;
  parley_meta: MetaTable;
  projects: ProjectTable;
  brand_keys: BrandKeyTable;
  used_credentials: UsedCredentialTable;
}

export type Id = Generated<string>;
