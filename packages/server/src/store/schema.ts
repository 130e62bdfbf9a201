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
  /** JSON of projects/widget-settings.ts; '{}' = every default. */
  widget: Generated<string>;
  /** Closed conversations are purged this many days after they closed; null keeps them (privacy/retention.ts). */
  conversation_retention_days: number | null;
  /** Anonymous profiles without a conversation are purged this many days after they began; null keeps them. */
  anonymous_profile_retention_days: number | null;
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
  /** Set for a key fetched from the brand's JWKS URL (then `public_key_pem` is empty and `kid` may be empty). */
  jwks_url: string | null;
}

export interface UsedCredentialTable {
  key: string;
  /** Seconds since the epoch after which the key may be forgotten. */
  expires_at: number;
}

export type OperatorRole = 'admin' | 'agent';

export interface OperatorTable {
  id: string;
  /** Lower-cased. */
  email: string;
  /** scrypt, self-describing: `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  role: OperatorRole;
  disabled: number;
  created_at: string;
  /** Shown to colleagues and (per project) to visitors; empty: the email's local part. */
  display_name: string;
}

/** An answer agents insert with `/shortcut`; unique per project. */
export interface CannedReplyTable {
  id: string;
  project_id: string;
  shortcut: string;
  text: string;
  created_at: string;
  updated_at: string;
}

/** The highest sequence an operator has read in a conversation. */
export interface OperatorReadTable {
  operator_id: string;
  conversation_id: string;
  last_read_seq: number;
  updated_at: string;
}

export interface ProjectMemberTable {
  project_id: string;
  operator_id: string;
  created_at: string;
}

export interface ProjectApiKeyTable {
  /** The client_id. */
  id: string;
  project_id: string;
  /** SHA-256 of the secret (a 256-bit random value needs no slow hash). */
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccessTokenTable {
  /** SHA-256 of the opaque bearer (`prl_op_…` / `prl_api_…`); the bearer itself is never stored. */
  token_hash: string;
  kind: 'operator' | 'api';
  operator_id: string | null;
  api_key_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface VisitorProfileTable {
  id: string;
  project_id: string;
  /** The verified userId; null for an anonymous profile. */
  user_id: string | null;
  created_at: string;
  /** JSON of the last verified visitorData (authenticated profiles). */
  visitor_data: string | null;
  /** The brand's unverified extId (anonymous profiles only; shown as not verified). */
  ext_id: string | null;
  /** When userErase removed the profile's identity and data; null for a live profile. */
  erased_at: string | null;
}

export interface VisitorTable {
  vuid: string;
  project_id: string;
  profile_id: string;
  created_at: string;
}

export interface VisitorSessionTable {
  /** The token's `sid`. */
  id: string;
  project_id: string;
  vuid: string;
  profile_id: string;
  user_id: string | null;
  authenticated: number;
  brand_key_id: string | null;
  platform_key_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuthenticationEventTable {
  id: string;
  project_id: string;
  time: string;
  outcome: 'SUCCESS' | 'FAILURE';
  reason: string | null;
  platform_key_id: string | null;
  brand_key_id: string | null;
  user_id: string | null;
  vuid: string | null;
  /** HMAC-SHA-256 of the client IP with a server secret: groups attempts without storing the address. */
  ip_hmac: string;
}

export interface ConversationTable {
  id: string;
  project_id: string;
  /** The visitor profile the conversation belongs to (one user's on every device). */
  profile_id: string;
  status: 'open' | 'closed';
  assigned_operator_id: string | null;
  /** The last sequence number given to a message; the next one is last_seq + 1. */
  last_seq: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface MessageTable {
  id: string;
  conversation_id: string;
  seq: number;
  author_kind: 'visitor' | 'agent' | 'system';
  /** vuid for a visitor, operator id for an agent, '' for the system. */
  author_id: string;
  /** The sender's own id for the message ('' for system lines): a retry is stored once. */
  client_id: string;
  text: string;
  /** 1 when a verified (authenticated) visitor session sent it. */
  verified: number;
  brand_key_id: string | null;
  created_at: string;
}

export interface VisitorTransferTable {
  /** SHA-256 (hex) of the transfer token (`prl_tr_…`); the token itself is never stored. */
  token_hash: string;
  project_id: string;
  /** The anonymous visitor it continues, its profile and the conversation it is bound to. */
  vuid: string;
  profile_id: string;
  conversation_id: string;
  created_at: string;
  expires_at: string;
  /** Set by the one redemption that consumed it, or when another redemption of the visitor ended it. */
  used_at: string | null;
  /** The visitor session that minted it: the token is refused once that session has ended. Null for tokens older than 0007. */
  session_id: string | null;
}

export interface WebhookEndpointTable {
  id: string;
  project_id: string;
  url: string;
  /** JSON array of event type strings. */
  event_types: string;
  /** `whsec_…`, sealed with the installation's secret. */
  secret: string;
  /** The secret before the last rotation, still signed with until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  /** The first failed attempt since the last delivered one. */
  failing_since: string | null;
  created_at: string;
}

export interface WebhookDeliveryTable {
  seq: Generated<number>;
  /** `<event_id>:<endpoint_id>`: the delivery's id in the API. */
  id: string;
  /** The `webhook-id`: one per event, the same on every attempt and every endpoint. */
  event_id: string;
  endpoint_id: string;
  project_id: string;
  event_type: string;
  /** The body, exactly as signed. */
  payload: string;
  /** A conversation id, or `user:<userId>`: deliveries of one key reach an endpoint in order (webhooks/events.ts). */
  ordering_key: string | null;
  /** The verified user the event is about: what userErase removes. */
  user_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  /** A node sends it until then; past it, another node may. */
  lease_until: string | null;
  created_at: string;
  delivered_at: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_seq: number;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export interface AuditEventTable {
  id: string;
  time: string;
  /** The project the action touched; null for installation-wide ones (operators, platform keys). */
  project_id: string | null;
  actor_kind: 'operator' | 'apiKey';
  actor_id: string;
  /** The operator's email or the API key's id, as they were at the time. */
  actor_label: string;
  /** The GraphQL field called (`projectUpdateAuthentication`). */
  action: string;
  /** JSON of the call's arguments, secrets redacted. */
  changes: string;
}

export interface Database {
  platform_keys: PlatformKeyTable;
  parley_meta: MetaTable;
  projects: ProjectTable;
  brand_keys: BrandKeyTable;
  used_credentials: UsedCredentialTable;
  operators: OperatorTable;
  project_members: ProjectMemberTable;
  project_api_keys: ProjectApiKeyTable;
  access_tokens: AccessTokenTable;
  visitor_profiles: VisitorProfileTable;
  visitors: VisitorTable;
  visitor_sessions: VisitorSessionTable;
  authentication_events: AuthenticationEventTable;
  conversations: ConversationTable;
  messages: MessageTable;
  visitor_transfers: VisitorTransferTable;
  operator_reads: OperatorReadTable;
  canned_replies: CannedReplyTable;
  audit_events: AuditEventTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}

export type Id = Generated<string>;
