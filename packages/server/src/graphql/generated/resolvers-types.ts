// Generated from packages/server/src/graphql/schema/*.graphql by `npm run generate:graphql`; a test fails when they differ.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ProjectNode } from '../schema/projects.js';
import type { ConversationNode } from '../schema/conversations.js';
import type { WebhookEndpointNode } from '../../webhooks/endpoints.js';
import type { WebhookDeliveryNode } from '../../webhooks/deliveries.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in ISO 8601, UTC (2026-01-01T00:00:00.000Z). */
  DateTime: { input: Date; output: Date | string; }
  /** A JSON value (a JWK). */
  JSON: { input: unknown; output: unknown; }
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
  endCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The server's version; a cheap authenticated ping for admins. */
  serverInfo: ServerInfo;
  /** The session the visitor bearer stands for; VISITOR_SESSION_EXPIRED when it is expired, revoked or not a visitor token. */
  visitorSession: VisitorSessionInfo;
  /** One project; NOT_FOUND when it does not exist or the caller may not see it. */
  project: Project;
  /** Admins see every project, agents their own, a project API key its project. */
  projects: ProjectConnection;
  /** The active platform keys, current first (the same as /.well-known/jwks.json). */
  platformKeys: Array<PlatformKey>;
  /** Who the bearer is. */
  viewer: Viewer;
  /** Every operator of the installation. */
  operators: OperatorConnection;
  /** The authentication log of a project, newest first (kept authLogRetentionDays). */
  authenticationEvents: AuthenticationEventConnection;
  /** Attempts per bucket and outcome, every bucket of the range present (at most 1,000 buckets). */
  authenticationStats: Array<AuthenticationStatsBucket>;
  /** The calling operator's conversations across every project they see (or one of them), most recently active first. */
  inbox: ConversationConnection;
  conversation: Conversation;
  /**
   * Everything Parley holds about a verified user of the project (profile, visitorData, devices, sessions,
   * conversations with their messages, authentication events) as one JSON document, for a data subject's access
   * request (docs/reference/data-retrieval.md). Empty lists and a null profile when Parley holds nothing.
   */
  userDataExport: Scalars['JSON']['output'];
  /** Admin actions, newest first: one project's, or every one (docs/reference/admin.md, Audit log). */
  auditLog: AuditEventConnection;
  /** The event types an endpoint may subscribe to. */
  webhookEventTypes: Array<Scalars['String']['output']>;
  webhookEndpoint?: Maybe<WebhookEndpoint>;
};


export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type QueryOperatorsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAuthenticationEventsArgs = {
  projectId: Scalars['ID']['input'];
  outcome?: InputMaybe<AuthenticationOutcome>;
  reason?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAuthenticationStatsArgs = {
  projectId: Scalars['ID']['input'];
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  bucket: StatsBucket;
};


export type QueryInboxArgs = {
  status?: InputMaybe<ConversationStatus>;
  assignee?: InputMaybe<InboxAssignee>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUserDataExportArgs = {
  projectId: Scalars['ID']['input'];
  userId: Scalars['String']['input'];
};


export type QueryAuditLogArgs = {
  projectId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};

export type ServerInfo = {
  __typename?: 'ServerInfo';
  version: Scalars['String']['output'];
};

export type VisitorSessionInfo = {
  __typename?: 'VisitorSessionInfo';
  vuid: Scalars['String']['output'];
  authenticated: Scalars['Boolean']['output'];
  /** The verified userId of an authenticated session. */
  userId?: Maybe<Scalars['String']['output']>;
  expiresAt: Scalars['DateTime']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Opens an authenticated visitor session from the brand's credentials (spec §5.1). Bearer: the visitor's current session token, if any. */
  visitorAuthenticateFromCredentials: VisitorSessionPayload;
  /** Opens an anonymous visitor session. Bearer: the visitor's current session token, if any. */
  visitorAuthenticateAnonymously: VisitorSessionPayload;
  /** Ends this browser's session (bearer: its session token); the user's other devices stay signed in. */
  visitorLogout: VisitorLogoutPayload;
  /** Ends every session of a user: the brand's back-channel logout (operator or project API key). */
  visitorSessionsRevoke: VisitorSessionsRevokePayload;
  /** Runs the full verification without binding a visitor or consuming the credentials (admins and project API keys). */
  testVisitorAuthenticateFromCredentials: TestVisitorAuthenticationPayload;
  /** A single-use token (5 minutes) continuing this anonymous visitor and its open conversation on another listed origin (spec §6.7). Bearer: the visitor's session token. */
  visitorTransferCreate: VisitorTransferPayload;
  projectCreate: ProjectPayload;
  /** Partial update: omitted fields keep their value. */
  projectUpdateAuthentication: ProjectPayload;
  /** Partial update of the widget's appearance: omitted fields keep their value, null restores the default. */
  projectUpdateWidget: ProjectPayload;
  /**
   * Exactly one of publicKey and jwksUrl. A key, or a JWKS URL, already active in the project is refused
   * (VALIDATION_FAILED naming that record): revoke it first, for instance to give it another kid.
   */
  brandKeyAdd: BrandKeyPayload;
  /** Credentials signed by the key (or by the keys of the JWKS URL) are refused from the next attempt on. */
  brandKeyRevoke: BrandKeyPayload;
  /** A new current key; the previous one stays accepted until retired. */
  platformKeyRotate: PlatformKeyPayload;
  /** Stops accepting an old key. The current key cannot be retired. */
  platformKeyRetire: PlatformKeyPayload;
  operatorCreate: OperatorPayload;
  /** Partial update; disabling an operator also ends its bearers. */
  operatorUpdate: OperatorPayload;
  /** The calling operator's own profile (their display name). */
  viewerUpdate: OperatorPayload;
  projectMemberAdd: ProjectPayload;
  projectMemberRemove: ProjectPayload;
  operatorTokensRevoke: OperatorTokensRevokePayload;
  /** A client_id and client_secret for the client-credentials grant; the secret is shown once. */
  projectApiKeyCreate: ProjectApiKeyCreatePayload;
  /** Revokes an API key and every bearer issued to it. */
  projectApiKeyRevoke: ProjectApiKeyPayload;
  /** Assigns a conversation to an operator who sees its project, or unassigns it (no operatorId). */
  conversationAssign: ConversationPayload;
  conversationClose: ConversationPayload;
  /** Opens a closed conversation again, unless its visitor has started a new one since (VALIDATION_FAILED). */
  conversationReopen: ConversationPayload;
  /** Records that the calling operator read the conversation up to seq (never backwards); their other devices are told. */
  conversationMarkRead: ConversationPayload;
  /** The brand's unverified extId for this visitor (bearer: the visitor's session token); ignored during an authenticated session. */
  visitorSetExtId: VisitorSetExtIdPayload;
  cannedReplyCreate: CannedReplyPayload;
  /** Partial update: omitted fields keep their value. */
  cannedReplyUpdate: CannedReplyPayload;
  cannedReplyDelete: CannedReplyPayload;
  /**
   * The right to be forgotten for a verified user of the project: every session revoked and its sockets closed; the
   * profile's userId, visitorData and extId deleted (and those of the anonymous profiles of the browsers that signed in
   * as the user); their messages replaced by a tombstone and the sign-in lines that named them rewritten; authentication
   * events and sessions keep no userId. Conversations keep their structure, counts and times. Safe to repeat
   * (docs/reference/data-retrieval.md says what each database keeps of the old bytes).
   */
  userErase: UserErasePayload;
  /** Omitted fields keep their value; null keeps the data for good; 1 to 3650 days otherwise. */
  projectUpdateRetention: ProjectPayload;
  /** A new endpoint. Its secret (whsec_…) is answered this once: store it where the receiver reads it. */
  webhookEndpointCreate: WebhookEndpointSecretPayload;
  /** Omitted fields keep their value. Enabling a disabled endpoint sends its pending deliveries. */
  webhookEndpointUpdate: WebhookEndpointPayload;
  /** Deletes the endpoint with its delivery log. */
  webhookEndpointDelete: WebhookEndpointDeletePayload;
  /** A new secret, answered this once. The old one keeps signing for 24 hours: each delivery carries both signatures meanwhile. */
  webhookEndpointRotateSecret: WebhookEndpointSecretPayload;
  /** Sends a webhook.test event to this endpoint only. */
  webhookEndpointSendTest: WebhookDeliveryPayload;
  /** Sends a delivery again now, with the same webhook-id and body, and a fresh schedule of attempts. */
  webhookDeliveryRedeliver: WebhookDeliveryPayload;
};


export type MutationVisitorAuthenticateFromCredentialsArgs = {
  input: VisitorAuthenticateFromCredentialsInput;
};


export type MutationVisitorAuthenticateAnonymouslyArgs = {
  input: VisitorAuthenticateAnonymouslyInput;
};


export type MutationVisitorSessionsRevokeArgs = {
  input: VisitorSessionsRevokeInput;
};


export type MutationTestVisitorAuthenticateFromCredentialsArgs = {
  input: TestVisitorAuthenticateFromCredentialsInput;
};


export type MutationProjectCreateArgs = {
  input: ProjectCreateInput;
};


export type MutationProjectUpdateAuthenticationArgs = {
  input: ProjectUpdateAuthenticationInput;
};


export type MutationProjectUpdateWidgetArgs = {
  input: ProjectUpdateWidgetInput;
};


export type MutationBrandKeyAddArgs = {
  input: BrandKeyAddInput;
};


export type MutationBrandKeyRevokeArgs = {
  input: BrandKeyRevokeInput;
};


export type MutationPlatformKeyRotateArgs = {
  input?: InputMaybe<PlatformKeyRotateInput>;
};


export type MutationPlatformKeyRetireArgs = {
  input: PlatformKeyRetireInput;
};


export type MutationOperatorCreateArgs = {
  input: OperatorCreateInput;
};


export type MutationOperatorUpdateArgs = {
  input: OperatorUpdateInput;
};


export type MutationViewerUpdateArgs = {
  input: ViewerUpdateInput;
};


export type MutationProjectMemberAddArgs = {
  input: ProjectMemberInput;
};


export type MutationProjectMemberRemoveArgs = {
  input: ProjectMemberInput;
};


export type MutationOperatorTokensRevokeArgs = {
  input: OperatorTokensRevokeInput;
};


export type MutationProjectApiKeyCreateArgs = {
  input: ProjectApiKeyCreateInput;
};


export type MutationProjectApiKeyRevokeArgs = {
  input: ProjectApiKeyRevokeInput;
};


export type MutationConversationAssignArgs = {
  input: ConversationAssignInput;
};


export type MutationConversationCloseArgs = {
  input: ConversationCloseInput;
};


export type MutationConversationReopenArgs = {
  input: ConversationReopenInput;
};


export type MutationConversationMarkReadArgs = {
  input: ConversationMarkReadInput;
};


export type MutationVisitorSetExtIdArgs = {
  input: VisitorSetExtIdInput;
};


export type MutationCannedReplyCreateArgs = {
  input: CannedReplyCreateInput;
};


export type MutationCannedReplyUpdateArgs = {
  input: CannedReplyUpdateInput;
};


export type MutationCannedReplyDeleteArgs = {
  input: CannedReplyDeleteInput;
};


export type MutationUserEraseArgs = {
  input: UserEraseInput;
};


export type MutationProjectUpdateRetentionArgs = {
  input: ProjectUpdateRetentionInput;
};


export type MutationWebhookEndpointCreateArgs = {
  input: WebhookEndpointCreateInput;
};


export type MutationWebhookEndpointUpdateArgs = {
  input: WebhookEndpointUpdateInput;
};


export type MutationWebhookEndpointDeleteArgs = {
  input: WebhookEndpointDeleteInput;
};


export type MutationWebhookEndpointRotateSecretArgs = {
  input: WebhookEndpointRotateSecretInput;
};


export type MutationWebhookEndpointSendTestArgs = {
  input: WebhookEndpointSendTestInput;
};


export type MutationWebhookDeliveryRedeliverArgs = {
  input: WebhookDeliveryRedeliverInput;
};

export type VisitorAuthenticateFromCredentialsInput = {
  projectId: Scalars['ID']['input'];
  credentials: Scalars['String']['input'];
  currentVuid?: InputMaybe<Scalars['String']['input']>;
};

export type VisitorAuthenticateAnonymouslyInput = {
  projectId: Scalars['ID']['input'];
  vuid?: InputMaybe<Scalars['String']['input']>;
  /** A transfer token from visitorTransferCreate (idzconvid): continues that visitor when valid and sent from a listed origin; otherwise ignored. */
  transferToken?: InputMaybe<Scalars['String']['input']>;
};

export type VisitorSessionsRevokeInput = {
  projectId: Scalars['ID']['input'];
  userId: Scalars['String']['input'];
};

export type TestVisitorAuthenticateFromCredentialsInput = {
  projectId: Scalars['ID']['input'];
  credentials: Scalars['String']['input'];
};

export type VisitorSessionToken = {
  __typename?: 'VisitorSessionToken';
  accessToken: Scalars['String']['output'];
};

export type VisitorSessionPayload = {
  __typename?: 'VisitorSessionPayload';
  visitorSessionToken: VisitorSessionToken;
  vuid: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** True when a transfer token was redeemed: the session continues the visitor (and conversation) it was made for. */
  transferRedeemed: Scalars['Boolean']['output'];
};

export type VisitorTransferPayload = {
  __typename?: 'VisitorTransferPayload';
  /** Null when there is nothing to transfer: an authenticated session, a project without an explicit allowedOrigins list, or no open conversation. */
  transferToken?: Maybe<Scalars['String']['output']>;
  /** When transferToken stops being redeemable; null with it. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
};

export type VisitorLogoutPayload = {
  __typename?: 'VisitorLogoutPayload';
  loggedOut: Scalars['Boolean']['output'];
};

export type VisitorSessionsRevokePayload = {
  __typename?: 'VisitorSessionsRevokePayload';
  revokedCount: Scalars['Int']['output'];
};

/** One step of the verification, in spec §2.6 order. */
export type CredentialsCheck = {
  __typename?: 'CredentialsCheck';
  name: Scalars['String']['output'];
  ok: Scalars['Boolean']['output'];
  detail: Scalars['String']['output'];
  hint?: Maybe<Scalars['String']['output']>;
};

export type TestVisitorAuthenticationPayload = {
  __typename?: 'TestVisitorAuthenticationPayload';
  ok: Scalars['Boolean']['output'];
  /** The reason code when ok is false. */
  reason?: Maybe<Scalars['String']['output']>;
  /** A token with aud parley:test, refused by every visitor API; null unless ok. */
  visitorSessionToken?: Maybe<VisitorSessionToken>;
  checks: Array<CredentialsCheck>;
};

/** One website or app of a brand (the iAdvize website / sid). */
export type Project = {
  __typename?: 'Project';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  authenticatedMode: Scalars['Boolean']['output'];
  acceptedIssuers: Array<Scalars['String']['output']>;
  maxTokenLifetimeSeconds: Scalars['Int']['output'];
  sessionLifetimeSeconds: Scalars['Int']['output'];
  allowAnonymous: Scalars['Boolean']['output'];
  /** Empty: any origin. */
  allowedOrigins: Array<Scalars['String']['output']>;
  authLogRetentionDays: Scalars['Int']['output'];
  /** The chat widget's appearance and wording, served to the widget with the project's public config. */
  widget: WidgetAppearance;
  brandKeys: BrandKeyConnection;
  members: OperatorConnection;
  apiKeys: ProjectApiKeyConnection;
  /** Most recently active first. Each filter given narrows the list; none: every conversation of the project. */
  conversations: ConversationConnection;
  /** A verified user's profile in this project; null when it has none for this userId. */
  visitorProfile?: Maybe<VisitorProfile>;
  /** By shortcut; at most 200. */
  cannedReplies: Array<CannedReply>;
  /** Days after a conversation closed when the hourly housekeeping deletes it with its messages; null: kept for good. */
  conversationRetentionDays?: Maybe<Scalars['Int']['output']>;
  /** Days after an anonymous profile began when it is deleted, if it never started a conversation; null: kept for good. */
  anonymousProfileRetentionDays?: Maybe<Scalars['Int']['output']>;
  /** The project's webhook endpoints, oldest first. */
  webhookEndpoints: WebhookEndpointConnection;
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectBrandKeysArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectMembersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectApiKeysArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectConversationsArgs = {
  status?: InputMaybe<ConversationStatus>;
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  unassigned?: InputMaybe<Scalars['Boolean']['input']>;
  authenticated?: InputMaybe<Scalars['Boolean']['input']>;
  userId?: InputMaybe<Scalars['String']['input']>;
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  updatedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectVisitorProfileArgs = {
  userId: Scalars['String']['input'];
};


/** One website or app of a brand (the iAdvize website / sid). */
export type ProjectWebhookEndpointsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};

/** How the widget looks and speaks on the brand's site. Null fields take the widget's own default. */
export type WidgetAppearance = {
  __typename?: 'WidgetAppearance';
  /** #rrggbb. The text on it is white or near-black, chosen to reach 4.5:1 (WCAG AA). Null: Parley's indigo. */
  accentColor?: Maybe<Scalars['String']['output']>;
  /** The panel's heading, in every language. Null: the language's own ("Chat with us"). */
  title?: Maybe<Scalars['String']['output']>;
  /** The line under the heading, in every language. Null: the language's own. */
  subtitle?: Maybe<Scalars['String']['output']>;
  /** A first line from the brand above every conversation. Null: none. */
  greeting?: Maybe<Scalars['String']['output']>;
  launcherPosition: LauncherPosition;
  agentNames: AgentNameDisplay;
  /** Overrides of the widget's strings, by language. */
  strings: Array<WidgetStringOverride>;
};

export type LauncherPosition =
  | 'RIGHT'
  | 'LEFT';

export type AgentNameDisplay =
  /** Visitors see the display name of the agent who wrote. */
  | 'NAME'
  /** Visitors see the language's "support" string ("Support"), never an agent's name. */
  | 'GENERIC';

export type WidgetStringOverride = {
  __typename?: 'WidgetStringOverride';
  /** en, fr, de or es. */
  language: Scalars['String']['output'];
  /** A widget string's key, such as placeholder (docs/reference/sdk.md, Languages, lists them). */
  key: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  edges: Array<ProjectEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProjectEdge = {
  __typename?: 'ProjectEdge';
  cursor: Scalars['String']['output'];
  node: Project;
};

export type ProjectCreateInput = {
  name: Scalars['String']['input'];
  /** Operators who join the project at once (agents see only the projects they are members of; admins see all). Omitted: none. */
  memberIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type ProjectUpdateWidgetInput = {
  projectId: Scalars['ID']['input'];
  accentColor?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  subtitle?: InputMaybe<Scalars['String']['input']>;
  greeting?: InputMaybe<Scalars['String']['input']>;
  launcherPosition?: InputMaybe<LauncherPosition>;
  agentNames?: InputMaybe<AgentNameDisplay>;
  /** Replaces every override. */
  strings?: InputMaybe<Array<WidgetStringOverrideInput>>;
};

export type WidgetStringOverrideInput = {
  language: Scalars['String']['input'];
  key: Scalars['String']['input'];
  text: Scalars['String']['input'];
};

export type ProjectUpdateAuthenticationInput = {
  projectId: Scalars['ID']['input'];
  authenticatedMode?: InputMaybe<Scalars['Boolean']['input']>;
  acceptedIssuers?: InputMaybe<Array<Scalars['String']['input']>>;
  maxTokenLifetimeSeconds?: InputMaybe<Scalars['Int']['input']>;
  sessionLifetimeSeconds?: InputMaybe<Scalars['Int']['input']>;
  allowAnonymous?: InputMaybe<Scalars['Boolean']['input']>;
  allowedOrigins?: InputMaybe<Array<Scalars['String']['input']>>;
  authLogRetentionDays?: InputMaybe<Scalars['Int']['input']>;
};

export type ProjectPayload = {
  __typename?: 'ProjectPayload';
  project: Project;
};

/** A brand public key that signs credentials: given as PEM, base64 SPKI or JWK, or fetched from a JWKS URL. */
export type BrandKey = {
  __typename?: 'BrandKey';
  id: Scalars['ID']['output'];
  /** For a JWKS URL: the one kid of the set it accepts, or empty for every key of the set under its own kid. */
  kid: Scalars['String']['output'];
  /** SHA-256 of the key (DER SPKI), hex with colons; for a JWKS URL, url: and the SHA-256 of the URL. Unique among a project's active keys. */
  fingerprint: Scalars['String']['output'];
  jwksUrl?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type BrandKeyConnection = {
  __typename?: 'BrandKeyConnection';
  edges: Array<BrandKeyEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type BrandKeyEdge = {
  __typename?: 'BrandKeyEdge';
  cursor: Scalars['String']['output'];
  node: BrandKey;
};

/** A platform RSA key that brands encrypt credentials for. Public halves only. */
export type PlatformKey = {
  __typename?: 'PlatformKey';
  kid: Scalars['String']['output'];
  /** SPKI PEM (BEGIN PUBLIC KEY). */
  pem: Scalars['String']['output'];
  /** Base64 DER SPKI, on one line. */
  spki: Scalars['String']['output'];
  jwk: Scalars['JSON']['output'];
  /** The key new credentials should use; older active keys are still accepted. */
  current: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
};

export type PlatformKeyKind =
  /** RSA keys that decrypt credentials (published in the JWKS). */
  | 'CREDENTIALS'
  /** The Ed25519 key that signs visitor session tokens. */
  | 'SESSION';

export type BrandKeyAddInput = {
  projectId: Scalars['ID']['input'];
  publicKey?: InputMaybe<Scalars['String']['input']>;
  jwksUrl?: InputMaybe<Scalars['String']['input']>;
  kid?: InputMaybe<Scalars['String']['input']>;
};

export type BrandKeyRevokeInput = {
  id: Scalars['ID']['input'];
};

export type PlatformKeyRotateInput = {
  kind?: InputMaybe<PlatformKeyKind>;
};

export type PlatformKeyRetireInput = {
  kid: Scalars['String']['input'];
};

export type BrandKeyPayload = {
  __typename?: 'BrandKeyPayload';
  brandKey: BrandKey;
};

export type PlatformKeyPayload = {
  __typename?: 'PlatformKeyPayload';
  platformKey: PlatformKey;
};

export type OperatorRole =
  /** The whole installation. */
  | 'ADMIN'
  /** Members of the projects listed for them. */
  | 'AGENT';

export type Operator = {
  __typename?: 'Operator';
  id: Scalars['ID']['output'];
  /** Operators only: a project API key reading a conversation's assignee gets its id and displayName, not its email. */
  email: Scalars['String']['output'];
  /** Shown to colleagues and, per project, to visitors: the name set, else the email's local part. */
  displayName: Scalars['String']['output'];
  role: OperatorRole;
  disabled: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
};

export type OperatorConnection = {
  __typename?: 'OperatorConnection';
  edges: Array<OperatorEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OperatorEdge = {
  __typename?: 'OperatorEdge';
  cursor: Scalars['String']['output'];
  node: Operator;
};

/** Who the bearer is: an operator, or a project API key. */
export type Viewer = {
  __typename?: 'Viewer';
  operator?: Maybe<Operator>;
  /** The project of a project API key; null for operators. */
  apiKeyProjectId?: Maybe<Scalars['ID']['output']>;
};

/** A project API key for the client-credentials grant. The secret is shown once, at creation. */
export type ProjectApiKey = {
  __typename?: 'ProjectApiKey';
  clientId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type ProjectApiKeyConnection = {
  __typename?: 'ProjectApiKeyConnection';
  edges: Array<ProjectApiKeyEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProjectApiKeyEdge = {
  __typename?: 'ProjectApiKeyEdge';
  cursor: Scalars['String']['output'];
  node: ProjectApiKey;
};

export type ProjectApiKeyRevokeInput = {
  clientId: Scalars['ID']['input'];
};

export type ProjectApiKeyPayload = {
  __typename?: 'ProjectApiKeyPayload';
  apiKey: ProjectApiKey;
};

export type OperatorCreateInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  role: OperatorRole;
  /** At most 80 characters on one line; omitted: the email's local part is shown. */
  displayName?: InputMaybe<Scalars['String']['input']>;
};

export type OperatorUpdateInput = {
  id: Scalars['ID']['input'];
  role?: InputMaybe<OperatorRole>;
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  /** Empty: back to the email's local part. */
  displayName?: InputMaybe<Scalars['String']['input']>;
};

export type ViewerUpdateInput = {
  /** At most 80 characters on one line; empty: back to the email's local part. */
  displayName: Scalars['String']['input'];
};

export type ProjectMemberInput = {
  projectId: Scalars['ID']['input'];
  operatorId: Scalars['ID']['input'];
};

export type OperatorTokensRevokeInput = {
  operatorId: Scalars['ID']['input'];
};

export type ProjectApiKeyCreateInput = {
  projectId: Scalars['ID']['input'];
};

export type OperatorPayload = {
  __typename?: 'OperatorPayload';
  operator: Operator;
};

export type OperatorTokensRevokePayload = {
  __typename?: 'OperatorTokensRevokePayload';
  revokedCount: Scalars['Int']['output'];
};

export type ProjectApiKeyCreatePayload = {
  __typename?: 'ProjectApiKeyCreatePayload';
  clientId: Scalars['String']['output'];
  clientSecret: Scalars['String']['output'];
};

export type AuthenticationOutcome =
  | 'SUCCESS'
  | 'FAILURE';

export type StatsBucket =
  | 'MINUTE'
  | 'HOUR'
  | 'DAY';

/** One visitorAuthenticateFromCredentials attempt. */
export type AuthenticationEvent = {
  __typename?: 'AuthenticationEvent';
  id: Scalars['ID']['output'];
  time: Scalars['DateTime']['output'];
  outcome: AuthenticationOutcome;
  /** The reason code of a failure. */
  reason?: Maybe<Scalars['String']['output']>;
  platformKeyId?: Maybe<Scalars['String']['output']>;
  brandKeyId?: Maybe<Scalars['String']['output']>;
  userId?: Maybe<Scalars['String']['output']>;
  vuid?: Maybe<Scalars['String']['output']>;
  /** HMAC-SHA-256 of the client IP with a server secret: groups attempts without keeping the address. */
  ipHmac: Scalars['String']['output'];
};

export type AuthenticationEventConnection = {
  __typename?: 'AuthenticationEventConnection';
  edges: Array<AuthenticationEventEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuthenticationEventEdge = {
  __typename?: 'AuthenticationEventEdge';
  cursor: Scalars['String']['output'];
  node: AuthenticationEvent;
};

export type AuthenticationStatsBucket = {
  __typename?: 'AuthenticationStatsBucket';
  start: Scalars['DateTime']['output'];
  success: Scalars['Int']['output'];
  failure: Scalars['Int']['output'];
};

export type ConversationStatus =
  | 'OPEN'
  | 'CLOSED';

export type MessageAuthorKind =
  | 'VISITOR'
  | 'AGENT'
  | 'SYSTEM';

/** What the brand vouched for in the visitor's last credentials. */
export type VisitorData = {
  __typename?: 'VisitorData';
  firstName?: Maybe<Scalars['String']['output']>;
  lastName?: Maybe<Scalars['String']['output']>;
  address?: Maybe<Scalars['String']['output']>;
  zipCode?: Maybe<Scalars['String']['output']>;
  city?: Maybe<Scalars['String']['output']>;
  country?: Maybe<Scalars['String']['output']>;
  phoneNumber?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
};

/** Who the visitor is: a verified userId (🔒) or anonymous, with the brand's unverified extId if any. */
export type VisitorProfile = {
  __typename?: 'VisitorProfile';
  id: Scalars['ID']['output'];
  authenticated: Scalars['Boolean']['output'];
  userId?: Maybe<Scalars['String']['output']>;
  visitorData?: Maybe<VisitorData>;
  /** Set by the brand's page, never verified: show it as such. */
  extId?: Maybe<Scalars['String']['output']>;
  /** The user's data was erased (userErase): no userId, visitorData or extId any more. */
  erased: Scalars['Boolean']['output'];
};

export type MessageAuthor = {
  __typename?: 'MessageAuthor';
  kind: MessageAuthorKind;
  /** vuid of a visitor, operator id of an agent; null for a system line. */
  id?: Maybe<Scalars['String']['output']>;
  /** An agent's display name; null for a visitor and a system line. */
  name?: Maybe<Scalars['String']['output']>;
};

export type Message = {
  __typename?: 'Message';
  id: Scalars['ID']['output'];
  seq: Scalars['Int']['output'];
  author: MessageAuthor;
  text: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** Sent under a verified visitor session: the per-message padlock. */
  verified: Scalars['Boolean']['output'];
  brandKeyId?: Maybe<Scalars['String']['output']>;
};

export type MessageConnection = {
  __typename?: 'MessageConnection';
  edges: Array<MessageEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MessageEdge = {
  __typename?: 'MessageEdge';
  cursor: Scalars['String']['output'];
  node: Message;
};

export type Conversation = {
  __typename?: 'Conversation';
  id: Scalars['ID']['output'];
  projectId: Scalars['ID']['output'];
  status: ConversationStatus;
  assignedOperatorId?: Maybe<Scalars['ID']['output']>;
  /** The operator it is assigned to; null when unassigned. */
  assignee?: Maybe<Operator>;
  lastSeq: Scalars['Int']['output'];
  /** Messages the calling operator has not read: the visitor's and other agents', never their own or system lines. Null for a project API key. */
  unreadCount?: Maybe<Scalars['Int']['output']>;
  /** The highest sequence the calling operator has read (0: none). Null for a project API key. */
  lastReadSeq?: Maybe<Scalars['Int']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  visitor: VisitorProfile;
  /** Oldest first; last: 20 is the latest page. */
  messages: MessageConnection;
  /** The whole conversation as one document to keep or send: at most 5,000 messages, one transcript per request. */
  transcript: Scalars['String']['output'];
};


export type ConversationMessagesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};


export type ConversationTranscriptArgs = {
  format?: TranscriptFormat;
};

export type ConversationConnection = {
  __typename?: 'ConversationConnection';
  edges: Array<ConversationEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ConversationEdge = {
  __typename?: 'ConversationEdge';
  cursor: Scalars['String']['output'];
  node: Conversation;
};

export type TranscriptFormat =
  /** Plain text: a header, then one line per message with its time (UTC), author and padlock. */
  | 'TEXT'
  /** One JSON document: the conversation, its visitor and every message (docs/reference/data-retrieval.md). */
  | 'JSON';

export type InboxAssignee =
  | 'ALL'
  /** Assigned to the calling operator. */
  | 'MINE'
  | 'UNASSIGNED';

export type ConversationAssignInput = {
  conversationId: Scalars['ID']['input'];
  operatorId?: InputMaybe<Scalars['ID']['input']>;
};

export type ConversationCloseInput = {
  conversationId: Scalars['ID']['input'];
};

export type ConversationReopenInput = {
  conversationId: Scalars['ID']['input'];
};

export type ConversationMarkReadInput = {
  conversationId: Scalars['ID']['input'];
  /** Read up to and including this sequence; past the last message counts as the last message. */
  seq: Scalars['Int']['input'];
};

export type VisitorSetExtIdInput = {
  extId: Scalars['String']['input'];
};

export type ConversationPayload = {
  __typename?: 'ConversationPayload';
  conversation: Conversation;
};

export type VisitorSetExtIdPayload = {
  __typename?: 'VisitorSetExtIdPayload';
  /** False during an authenticated session: the verified userId wins and extId is not stored. */
  accepted: Scalars['Boolean']['output'];
};

/** An answer agents insert in the desk by typing /shortcut. */
export type CannedReply = {
  __typename?: 'CannedReply';
  id: Scalars['ID']['output'];
  /** Lower-case letters, digits and dashes, unique in the project (typed after /). */
  shortcut: Scalars['String']['output'];
  /** Markdown, as agents write it. */
  text: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type CannedReplyCreateInput = {
  projectId: Scalars['ID']['input'];
  shortcut: Scalars['String']['input'];
  text: Scalars['String']['input'];
};

export type CannedReplyUpdateInput = {
  id: Scalars['ID']['input'];
  shortcut?: InputMaybe<Scalars['String']['input']>;
  text?: InputMaybe<Scalars['String']['input']>;
};

export type CannedReplyDeleteInput = {
  id: Scalars['ID']['input'];
};

export type CannedReplyPayload = {
  __typename?: 'CannedReplyPayload';
  cannedReply: CannedReply;
};

export type UserEraseInput = {
  projectId: Scalars['ID']['input'];
  userId: Scalars['String']['input'];
};

export type UserErasePayload = {
  __typename?: 'UserErasePayload';
  /** False when Parley held nothing of the user any more. */
  erased: Scalars['Boolean']['output'];
  /** Conversations whose visitor messages were erased. */
  conversations: Scalars['Int']['output'];
  /** Messages replaced by the tombstone. */
  messages: Scalars['Int']['output'];
};

export type ProjectUpdateRetentionInput = {
  projectId: Scalars['ID']['input'];
  conversationRetentionDays?: InputMaybe<Scalars['Int']['input']>;
  anonymousProfileRetentionDays?: InputMaybe<Scalars['Int']['input']>;
};

/** An admin action: who made it, when, on which project, with which arguments (secrets redacted). */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  id: Scalars['ID']['output'];
  time: Scalars['DateTime']['output'];
  /** Null for an installation-wide action (operators, platform keys). */
  projectId?: Maybe<Scalars['ID']['output']>;
  actor: AuditActor;
  /** The GraphQL operation called, such as projectUpdateAuthentication. */
  action: Scalars['String']['output'];
  /** The call's arguments: passwords, secrets, credentials and tokens redacted, long texts cut. */
  changes: Scalars['JSON']['output'];
};

export type AuditActorKind =
  | 'OPERATOR'
  | 'API_KEY';

export type AuditActor = {
  __typename?: 'AuditActor';
  kind: AuditActorKind;
  /** The operator's or the API key's id. */
  id: Scalars['ID']['output'];
  /** The operator's email, or the API key, as they were at the time. */
  label: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

/**
 * An HTTPS endpoint of the brand that receives the project's events, signed as the Standard Webhooks specification
 * says (docs/reference/webhooks.md).
 */
export type WebhookEndpoint = {
  __typename?: 'WebhookEndpoint';
  id: Scalars['ID']['output'];
  projectId: Scalars['ID']['output'];
  url: Scalars['String']['output'];
  /** The event types it receives (see webhookEventTypes). */
  eventTypes: Array<Scalars['String']['output']>;
  /** False once disabled: by an admin, by a 410 Gone answer, or after every attempt failed for 5 days. Its pending deliveries wait. */
  enabled: Scalars['Boolean']['output'];
  disabledAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it was disabled, for the admin to act on. */
  disabledReason?: Maybe<Scalars['String']['output']>;
  /** The first failed attempt since the last delivered one; null while deliveries succeed. */
  failingSince?: Maybe<Scalars['DateTime']['output']>;
  /** Until then, deliveries carry a second signature, made with the secret before the last rotation. */
  previousSecretValidUntil?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Its deliveries, newest first, optionally only those of one status. */
  deliveries: WebhookDeliveryConnection;
};


/**
 * An HTTPS endpoint of the brand that receives the project's events, signed as the Standard Webhooks specification
 * says (docs/reference/webhooks.md).
 */
export type WebhookEndpointDeliveriesArgs = {
  status?: InputMaybe<WebhookDeliveryStatus>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
};

export type WebhookDeliveryStatus =
  /** Waiting for its next attempt (or a node is sending it). */
  | 'PENDING'
  /** Answered 2xx. */
  | 'DELIVERED'
  /** Given up: every attempt of the schedule failed, or the endpoint answered 410 Gone. */
  | 'FAILED';

/** One event sent to one endpoint, with every attempt: the same webhook-id and body each time. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  id: Scalars['ID']['output'];
  endpointId: Scalars['ID']['output'];
  /** The webhook-id header: one per event, the same on every attempt. */
  eventId: Scalars['String']['output'];
  eventType: Scalars['String']['output'];
  status: WebhookDeliveryStatus;
  attempts: Scalars['Int']['output'];
  /** The JSON body, exactly as signed. */
  payload: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  lastAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  /** The HTTP status of the last attempt; null when there was no answer (timeout, refused connection, refused address). */
  lastStatusCode?: Maybe<Scalars['Int']['output']>;
  lastError?: Maybe<Scalars['String']['output']>;
  lastDurationMs?: Maybe<Scalars['Int']['output']>;
  /** The attempts, oldest first (the last 50). */
  attemptLog: Array<WebhookAttempt>;
};

export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  attemptedAt: Scalars['DateTime']['output'];
  statusCode?: Maybe<Scalars['Int']['output']>;
  durationMs: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
};

export type WebhookEndpointConnection = {
  __typename?: 'WebhookEndpointConnection';
  edges: Array<WebhookEndpointEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WebhookEndpointEdge = {
  __typename?: 'WebhookEndpointEdge';
  cursor: Scalars['String']['output'];
  node: WebhookEndpoint;
};

export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  edges: Array<WebhookDeliveryEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  cursor: Scalars['String']['output'];
  node: WebhookDelivery;
};

export type WebhookEndpointCreateInput = {
  projectId: Scalars['ID']['input'];
  /** https:// (http:// to a loopback address only with PARLEY_WEBHOOKS_ALLOW_LOOPBACK=1); a public address. */
  url: Scalars['String']['input'];
  eventTypes: Array<Scalars['String']['input']>;
};

export type WebhookEndpointUpdateInput = {
  id: Scalars['ID']['input'];
  url?: InputMaybe<Scalars['String']['input']>;
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
};

export type WebhookEndpointDeleteInput = {
  id: Scalars['ID']['input'];
};

export type WebhookEndpointRotateSecretInput = {
  id: Scalars['ID']['input'];
};

export type WebhookEndpointSendTestInput = {
  id: Scalars['ID']['input'];
};

export type WebhookDeliveryRedeliverInput = {
  id: Scalars['ID']['input'];
};

export type WebhookEndpointSecretPayload = {
  __typename?: 'WebhookEndpointSecretPayload';
  endpoint: WebhookEndpoint;
  /** whsec_…: shown this once. */
  secret: Scalars['String']['output'];
};

export type WebhookEndpointPayload = {
  __typename?: 'WebhookEndpointPayload';
  endpoint: WebhookEndpoint;
};

export type WebhookEndpointDeletePayload = {
  __typename?: 'WebhookEndpointDeletePayload';
  deletedId: Scalars['ID']['output'];
};

export type WebhookDeliveryPayload = {
  __typename?: 'WebhookDeliveryPayload';
  delivery: WebhookDelivery;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ServerInfo: ResolverTypeWrapper<ServerInfo>;
  VisitorSessionInfo: ResolverTypeWrapper<VisitorSessionInfo>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  VisitorAuthenticateFromCredentialsInput: VisitorAuthenticateFromCredentialsInput;
  VisitorAuthenticateAnonymouslyInput: VisitorAuthenticateAnonymouslyInput;
  VisitorSessionsRevokeInput: VisitorSessionsRevokeInput;
  TestVisitorAuthenticateFromCredentialsInput: TestVisitorAuthenticateFromCredentialsInput;
  VisitorSessionToken: ResolverTypeWrapper<VisitorSessionToken>;
  VisitorSessionPayload: ResolverTypeWrapper<VisitorSessionPayload>;
  VisitorTransferPayload: ResolverTypeWrapper<VisitorTransferPayload>;
  VisitorLogoutPayload: ResolverTypeWrapper<VisitorLogoutPayload>;
  VisitorSessionsRevokePayload: ResolverTypeWrapper<VisitorSessionsRevokePayload>;
  CredentialsCheck: ResolverTypeWrapper<CredentialsCheck>;
  TestVisitorAuthenticationPayload: ResolverTypeWrapper<TestVisitorAuthenticationPayload>;
  Project: ResolverTypeWrapper<ProjectNode>;
  WidgetAppearance: ResolverTypeWrapper<WidgetAppearance>;
  LauncherPosition: LauncherPosition;
  AgentNameDisplay: AgentNameDisplay;
  WidgetStringOverride: ResolverTypeWrapper<WidgetStringOverride>;
  ProjectConnection: ResolverTypeWrapper<Omit<ProjectConnection, 'edges'> & { edges: Array<ResolversTypes['ProjectEdge']> }>;
  ProjectEdge: ResolverTypeWrapper<Omit<ProjectEdge, 'node'> & { node: ResolversTypes['Project'] }>;
  ProjectCreateInput: ProjectCreateInput;
  ProjectUpdateWidgetInput: ProjectUpdateWidgetInput;
  WidgetStringOverrideInput: WidgetStringOverrideInput;
  ProjectUpdateAuthenticationInput: ProjectUpdateAuthenticationInput;
  ProjectPayload: ResolverTypeWrapper<Omit<ProjectPayload, 'project'> & { project: ResolversTypes['Project'] }>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  BrandKey: ResolverTypeWrapper<BrandKey>;
  BrandKeyConnection: ResolverTypeWrapper<BrandKeyConnection>;
  BrandKeyEdge: ResolverTypeWrapper<BrandKeyEdge>;
  PlatformKey: ResolverTypeWrapper<PlatformKey>;
  PlatformKeyKind: PlatformKeyKind;
  BrandKeyAddInput: BrandKeyAddInput;
  BrandKeyRevokeInput: BrandKeyRevokeInput;
  PlatformKeyRotateInput: PlatformKeyRotateInput;
  PlatformKeyRetireInput: PlatformKeyRetireInput;
  BrandKeyPayload: ResolverTypeWrapper<BrandKeyPayload>;
  PlatformKeyPayload: ResolverTypeWrapper<PlatformKeyPayload>;
  OperatorRole: OperatorRole;
  Operator: ResolverTypeWrapper<Operator>;
  OperatorConnection: ResolverTypeWrapper<OperatorConnection>;
  OperatorEdge: ResolverTypeWrapper<OperatorEdge>;
  Viewer: ResolverTypeWrapper<Viewer>;
  ProjectApiKey: ResolverTypeWrapper<ProjectApiKey>;
  ProjectApiKeyConnection: ResolverTypeWrapper<ProjectApiKeyConnection>;
  ProjectApiKeyEdge: ResolverTypeWrapper<ProjectApiKeyEdge>;
  ProjectApiKeyRevokeInput: ProjectApiKeyRevokeInput;
  ProjectApiKeyPayload: ResolverTypeWrapper<ProjectApiKeyPayload>;
  OperatorCreateInput: OperatorCreateInput;
  OperatorUpdateInput: OperatorUpdateInput;
  ViewerUpdateInput: ViewerUpdateInput;
  ProjectMemberInput: ProjectMemberInput;
  OperatorTokensRevokeInput: OperatorTokensRevokeInput;
  ProjectApiKeyCreateInput: ProjectApiKeyCreateInput;
  OperatorPayload: ResolverTypeWrapper<OperatorPayload>;
  OperatorTokensRevokePayload: ResolverTypeWrapper<OperatorTokensRevokePayload>;
  ProjectApiKeyCreatePayload: ResolverTypeWrapper<ProjectApiKeyCreatePayload>;
  AuthenticationOutcome: AuthenticationOutcome;
  StatsBucket: StatsBucket;
  AuthenticationEvent: ResolverTypeWrapper<AuthenticationEvent>;
  AuthenticationEventConnection: ResolverTypeWrapper<AuthenticationEventConnection>;
  AuthenticationEventEdge: ResolverTypeWrapper<AuthenticationEventEdge>;
  AuthenticationStatsBucket: ResolverTypeWrapper<AuthenticationStatsBucket>;
  ConversationStatus: ConversationStatus;
  MessageAuthorKind: MessageAuthorKind;
  VisitorData: ResolverTypeWrapper<VisitorData>;
  VisitorProfile: ResolverTypeWrapper<VisitorProfile>;
  MessageAuthor: ResolverTypeWrapper<MessageAuthor>;
  Message: ResolverTypeWrapper<Message>;
  MessageConnection: ResolverTypeWrapper<MessageConnection>;
  MessageEdge: ResolverTypeWrapper<MessageEdge>;
  Conversation: ResolverTypeWrapper<ConversationNode>;
  ConversationConnection: ResolverTypeWrapper<Omit<ConversationConnection, 'edges'> & { edges: Array<ResolversTypes['ConversationEdge']> }>;
  ConversationEdge: ResolverTypeWrapper<Omit<ConversationEdge, 'node'> & { node: ResolversTypes['Conversation'] }>;
  TranscriptFormat: TranscriptFormat;
  InboxAssignee: InboxAssignee;
  ConversationAssignInput: ConversationAssignInput;
  ConversationCloseInput: ConversationCloseInput;
  ConversationReopenInput: ConversationReopenInput;
  ConversationMarkReadInput: ConversationMarkReadInput;
  VisitorSetExtIdInput: VisitorSetExtIdInput;
  ConversationPayload: ResolverTypeWrapper<Omit<ConversationPayload, 'conversation'> & { conversation: ResolversTypes['Conversation'] }>;
  VisitorSetExtIdPayload: ResolverTypeWrapper<VisitorSetExtIdPayload>;
  CannedReply: ResolverTypeWrapper<CannedReply>;
  CannedReplyCreateInput: CannedReplyCreateInput;
  CannedReplyUpdateInput: CannedReplyUpdateInput;
  CannedReplyDeleteInput: CannedReplyDeleteInput;
  CannedReplyPayload: ResolverTypeWrapper<CannedReplyPayload>;
  UserEraseInput: UserEraseInput;
  UserErasePayload: ResolverTypeWrapper<UserErasePayload>;
  ProjectUpdateRetentionInput: ProjectUpdateRetentionInput;
  AuditEvent: ResolverTypeWrapper<AuditEvent>;
  AuditActorKind: AuditActorKind;
  AuditActor: ResolverTypeWrapper<AuditActor>;
  AuditEventConnection: ResolverTypeWrapper<AuditEventConnection>;
  AuditEventEdge: ResolverTypeWrapper<AuditEventEdge>;
  WebhookEndpoint: ResolverTypeWrapper<WebhookEndpointNode>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookDelivery: ResolverTypeWrapper<WebhookDeliveryNode>;
  WebhookAttempt: ResolverTypeWrapper<WebhookAttempt>;
  WebhookEndpointConnection: ResolverTypeWrapper<Omit<WebhookEndpointConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookEndpointEdge']> }>;
  WebhookEndpointEdge: ResolverTypeWrapper<Omit<WebhookEndpointEdge, 'node'> & { node: ResolversTypes['WebhookEndpoint'] }>;
  WebhookDeliveryConnection: ResolverTypeWrapper<Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversTypes['WebhookDeliveryEdge']> }>;
  WebhookDeliveryEdge: ResolverTypeWrapper<Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversTypes['WebhookDelivery'] }>;
  WebhookEndpointCreateInput: WebhookEndpointCreateInput;
  WebhookEndpointUpdateInput: WebhookEndpointUpdateInput;
  WebhookEndpointDeleteInput: WebhookEndpointDeleteInput;
  WebhookEndpointRotateSecretInput: WebhookEndpointRotateSecretInput;
  WebhookEndpointSendTestInput: WebhookEndpointSendTestInput;
  WebhookDeliveryRedeliverInput: WebhookDeliveryRedeliverInput;
  WebhookEndpointSecretPayload: ResolverTypeWrapper<Omit<WebhookEndpointSecretPayload, 'endpoint'> & { endpoint: ResolversTypes['WebhookEndpoint'] }>;
  WebhookEndpointPayload: ResolverTypeWrapper<Omit<WebhookEndpointPayload, 'endpoint'> & { endpoint: ResolversTypes['WebhookEndpoint'] }>;
  WebhookEndpointDeletePayload: ResolverTypeWrapper<WebhookEndpointDeletePayload>;
  WebhookDeliveryPayload: ResolverTypeWrapper<Omit<WebhookDeliveryPayload, 'delivery'> & { delivery: ResolversTypes['WebhookDelivery'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
  Query: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  ServerInfo: ServerInfo;
  VisitorSessionInfo: VisitorSessionInfo;
  Mutation: Record<PropertyKey, never>;
  VisitorAuthenticateFromCredentialsInput: VisitorAuthenticateFromCredentialsInput;
  VisitorAuthenticateAnonymouslyInput: VisitorAuthenticateAnonymouslyInput;
  VisitorSessionsRevokeInput: VisitorSessionsRevokeInput;
  TestVisitorAuthenticateFromCredentialsInput: TestVisitorAuthenticateFromCredentialsInput;
  VisitorSessionToken: VisitorSessionToken;
  VisitorSessionPayload: VisitorSessionPayload;
  VisitorTransferPayload: VisitorTransferPayload;
  VisitorLogoutPayload: VisitorLogoutPayload;
  VisitorSessionsRevokePayload: VisitorSessionsRevokePayload;
  CredentialsCheck: CredentialsCheck;
  TestVisitorAuthenticationPayload: TestVisitorAuthenticationPayload;
  Project: ProjectNode;
  WidgetAppearance: WidgetAppearance;
  WidgetStringOverride: WidgetStringOverride;
  ProjectConnection: Omit<ProjectConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProjectEdge']> };
  ProjectEdge: Omit<ProjectEdge, 'node'> & { node: ResolversParentTypes['Project'] };
  ProjectCreateInput: ProjectCreateInput;
  ProjectUpdateWidgetInput: ProjectUpdateWidgetInput;
  WidgetStringOverrideInput: WidgetStringOverrideInput;
  ProjectUpdateAuthenticationInput: ProjectUpdateAuthenticationInput;
  ProjectPayload: Omit<ProjectPayload, 'project'> & { project: ResolversParentTypes['Project'] };
  JSON: Scalars['JSON']['output'];
  BrandKey: BrandKey;
  BrandKeyConnection: BrandKeyConnection;
  BrandKeyEdge: BrandKeyEdge;
  PlatformKey: PlatformKey;
  BrandKeyAddInput: BrandKeyAddInput;
  BrandKeyRevokeInput: BrandKeyRevokeInput;
  PlatformKeyRotateInput: PlatformKeyRotateInput;
  PlatformKeyRetireInput: PlatformKeyRetireInput;
  BrandKeyPayload: BrandKeyPayload;
  PlatformKeyPayload: PlatformKeyPayload;
  Operator: Operator;
  OperatorConnection: OperatorConnection;
  OperatorEdge: OperatorEdge;
  Viewer: Viewer;
  ProjectApiKey: ProjectApiKey;
  ProjectApiKeyConnection: ProjectApiKeyConnection;
  ProjectApiKeyEdge: ProjectApiKeyEdge;
  ProjectApiKeyRevokeInput: ProjectApiKeyRevokeInput;
  ProjectApiKeyPayload: ProjectApiKeyPayload;
  OperatorCreateInput: OperatorCreateInput;
  OperatorUpdateInput: OperatorUpdateInput;
  ViewerUpdateInput: ViewerUpdateInput;
  ProjectMemberInput: ProjectMemberInput;
  OperatorTokensRevokeInput: OperatorTokensRevokeInput;
  ProjectApiKeyCreateInput: ProjectApiKeyCreateInput;
  OperatorPayload: OperatorPayload;
  OperatorTokensRevokePayload: OperatorTokensRevokePayload;
  ProjectApiKeyCreatePayload: ProjectApiKeyCreatePayload;
  AuthenticationEvent: AuthenticationEvent;
  AuthenticationEventConnection: AuthenticationEventConnection;
  AuthenticationEventEdge: AuthenticationEventEdge;
  AuthenticationStatsBucket: AuthenticationStatsBucket;
  VisitorData: VisitorData;
  VisitorProfile: VisitorProfile;
  MessageAuthor: MessageAuthor;
  Message: Message;
  MessageConnection: MessageConnection;
  MessageEdge: MessageEdge;
  Conversation: ConversationNode;
  ConversationConnection: Omit<ConversationConnection, 'edges'> & { edges: Array<ResolversParentTypes['ConversationEdge']> };
  ConversationEdge: Omit<ConversationEdge, 'node'> & { node: ResolversParentTypes['Conversation'] };
  ConversationAssignInput: ConversationAssignInput;
  ConversationCloseInput: ConversationCloseInput;
  ConversationReopenInput: ConversationReopenInput;
  ConversationMarkReadInput: ConversationMarkReadInput;
  VisitorSetExtIdInput: VisitorSetExtIdInput;
  ConversationPayload: Omit<ConversationPayload, 'conversation'> & { conversation: ResolversParentTypes['Conversation'] };
  VisitorSetExtIdPayload: VisitorSetExtIdPayload;
  CannedReply: CannedReply;
  CannedReplyCreateInput: CannedReplyCreateInput;
  CannedReplyUpdateInput: CannedReplyUpdateInput;
  CannedReplyDeleteInput: CannedReplyDeleteInput;
  CannedReplyPayload: CannedReplyPayload;
  UserEraseInput: UserEraseInput;
  UserErasePayload: UserErasePayload;
  ProjectUpdateRetentionInput: ProjectUpdateRetentionInput;
  AuditEvent: AuditEvent;
  AuditActor: AuditActor;
  AuditEventConnection: AuditEventConnection;
  AuditEventEdge: AuditEventEdge;
  WebhookEndpoint: WebhookEndpointNode;
  WebhookDelivery: WebhookDeliveryNode;
  WebhookAttempt: WebhookAttempt;
  WebhookEndpointConnection: Omit<WebhookEndpointConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookEndpointEdge']> };
  WebhookEndpointEdge: Omit<WebhookEndpointEdge, 'node'> & { node: ResolversParentTypes['WebhookEndpoint'] };
  WebhookDeliveryConnection: Omit<WebhookDeliveryConnection, 'edges'> & { edges: Array<ResolversParentTypes['WebhookDeliveryEdge']> };
  WebhookDeliveryEdge: Omit<WebhookDeliveryEdge, 'node'> & { node: ResolversParentTypes['WebhookDelivery'] };
  WebhookEndpointCreateInput: WebhookEndpointCreateInput;
  WebhookEndpointUpdateInput: WebhookEndpointUpdateInput;
  WebhookEndpointDeleteInput: WebhookEndpointDeleteInput;
  WebhookEndpointRotateSecretInput: WebhookEndpointRotateSecretInput;
  WebhookEndpointSendTestInput: WebhookEndpointSendTestInput;
  WebhookDeliveryRedeliverInput: WebhookDeliveryRedeliverInput;
  WebhookEndpointSecretPayload: Omit<WebhookEndpointSecretPayload, 'endpoint'> & { endpoint: ResolversParentTypes['WebhookEndpoint'] };
  WebhookEndpointPayload: Omit<WebhookEndpointPayload, 'endpoint'> & { endpoint: ResolversParentTypes['WebhookEndpoint'] };
  WebhookEndpointDeletePayload: WebhookEndpointDeletePayload;
  WebhookDeliveryPayload: Omit<WebhookDeliveryPayload, 'delivery'> & { delivery: ResolversParentTypes['WebhookDelivery'] };
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  serverInfo?: Resolver<ResolversTypes['ServerInfo'], ParentType, ContextType>;
  visitorSession?: Resolver<ResolversTypes['VisitorSessionInfo'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType, RequireFields<QueryProjectArgs, 'id'>>;
  projects?: Resolver<ResolversTypes['ProjectConnection'], ParentType, ContextType, Partial<QueryProjectsArgs>>;
  platformKeys?: Resolver<Array<ResolversTypes['PlatformKey']>, ParentType, ContextType>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  operators?: Resolver<ResolversTypes['OperatorConnection'], ParentType, ContextType, Partial<QueryOperatorsArgs>>;
  authenticationEvents?: Resolver<ResolversTypes['AuthenticationEventConnection'], ParentType, ContextType, RequireFields<QueryAuthenticationEventsArgs, 'projectId'>>;
  authenticationStats?: Resolver<Array<ResolversTypes['AuthenticationStatsBucket']>, ParentType, ContextType, RequireFields<QueryAuthenticationStatsArgs, 'projectId' | 'from' | 'to' | 'bucket'>>;
  inbox?: Resolver<ResolversTypes['ConversationConnection'], ParentType, ContextType, RequireFields<QueryInboxArgs, 'assignee'>>;
  conversation?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<QueryConversationArgs, 'id'>>;
  userDataExport?: Resolver<ResolversTypes['JSON'], ParentType, ContextType, RequireFields<QueryUserDataExportArgs, 'projectId' | 'userId'>>;
  auditLog?: Resolver<ResolversTypes['AuditEventConnection'], ParentType, ContextType, Partial<QueryAuditLogArgs>>;
  webhookEventTypes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  webhookEndpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType, RequireFields<QueryWebhookEndpointArgs, 'id'>>;
};

export type ServerInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ServerInfo'] = ResolversParentTypes['ServerInfo']> = {
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VisitorSessionInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorSessionInfo'] = ResolversParentTypes['VisitorSessionInfo']> = {
  vuid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  authenticated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  visitorAuthenticateFromCredentials?: Resolver<ResolversTypes['VisitorSessionPayload'], ParentType, ContextType, RequireFields<MutationVisitorAuthenticateFromCredentialsArgs, 'input'>>;
  visitorAuthenticateAnonymously?: Resolver<ResolversTypes['VisitorSessionPayload'], ParentType, ContextType, RequireFields<MutationVisitorAuthenticateAnonymouslyArgs, 'input'>>;
  visitorLogout?: Resolver<ResolversTypes['VisitorLogoutPayload'], ParentType, ContextType>;
  visitorSessionsRevoke?: Resolver<ResolversTypes['VisitorSessionsRevokePayload'], ParentType, ContextType, RequireFields<MutationVisitorSessionsRevokeArgs, 'input'>>;
  testVisitorAuthenticateFromCredentials?: Resolver<ResolversTypes['TestVisitorAuthenticationPayload'], ParentType, ContextType, RequireFields<MutationTestVisitorAuthenticateFromCredentialsArgs, 'input'>>;
  visitorTransferCreate?: Resolver<ResolversTypes['VisitorTransferPayload'], ParentType, ContextType>;
  projectCreate?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectCreateArgs, 'input'>>;
  projectUpdateAuthentication?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectUpdateAuthenticationArgs, 'input'>>;
  projectUpdateWidget?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectUpdateWidgetArgs, 'input'>>;
  brandKeyAdd?: Resolver<ResolversTypes['BrandKeyPayload'], ParentType, ContextType, RequireFields<MutationBrandKeyAddArgs, 'input'>>;
  brandKeyRevoke?: Resolver<ResolversTypes['BrandKeyPayload'], ParentType, ContextType, RequireFields<MutationBrandKeyRevokeArgs, 'input'>>;
  platformKeyRotate?: Resolver<ResolversTypes['PlatformKeyPayload'], ParentType, ContextType, Partial<MutationPlatformKeyRotateArgs>>;
  platformKeyRetire?: Resolver<ResolversTypes['PlatformKeyPayload'], ParentType, ContextType, RequireFields<MutationPlatformKeyRetireArgs, 'input'>>;
  operatorCreate?: Resolver<ResolversTypes['OperatorPayload'], ParentType, ContextType, RequireFields<MutationOperatorCreateArgs, 'input'>>;
  operatorUpdate?: Resolver<ResolversTypes['OperatorPayload'], ParentType, ContextType, RequireFields<MutationOperatorUpdateArgs, 'input'>>;
  viewerUpdate?: Resolver<ResolversTypes['OperatorPayload'], ParentType, ContextType, RequireFields<MutationViewerUpdateArgs, 'input'>>;
  projectMemberAdd?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectMemberAddArgs, 'input'>>;
  projectMemberRemove?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectMemberRemoveArgs, 'input'>>;
  operatorTokensRevoke?: Resolver<ResolversTypes['OperatorTokensRevokePayload'], ParentType, ContextType, RequireFields<MutationOperatorTokensRevokeArgs, 'input'>>;
  projectApiKeyCreate?: Resolver<ResolversTypes['ProjectApiKeyCreatePayload'], ParentType, ContextType, RequireFields<MutationProjectApiKeyCreateArgs, 'input'>>;
  projectApiKeyRevoke?: Resolver<ResolversTypes['ProjectApiKeyPayload'], ParentType, ContextType, RequireFields<MutationProjectApiKeyRevokeArgs, 'input'>>;
  conversationAssign?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationConversationAssignArgs, 'input'>>;
  conversationClose?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationConversationCloseArgs, 'input'>>;
  conversationReopen?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationConversationReopenArgs, 'input'>>;
  conversationMarkRead?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationConversationMarkReadArgs, 'input'>>;
  visitorSetExtId?: Resolver<ResolversTypes['VisitorSetExtIdPayload'], ParentType, ContextType, RequireFields<MutationVisitorSetExtIdArgs, 'input'>>;
  cannedReplyCreate?: Resolver<ResolversTypes['CannedReplyPayload'], ParentType, ContextType, RequireFields<MutationCannedReplyCreateArgs, 'input'>>;
  cannedReplyUpdate?: Resolver<ResolversTypes['CannedReplyPayload'], ParentType, ContextType, RequireFields<MutationCannedReplyUpdateArgs, 'input'>>;
  cannedReplyDelete?: Resolver<ResolversTypes['CannedReplyPayload'], ParentType, ContextType, RequireFields<MutationCannedReplyDeleteArgs, 'input'>>;
  userErase?: Resolver<ResolversTypes['UserErasePayload'], ParentType, ContextType, RequireFields<MutationUserEraseArgs, 'input'>>;
  projectUpdateRetention?: Resolver<ResolversTypes['ProjectPayload'], ParentType, ContextType, RequireFields<MutationProjectUpdateRetentionArgs, 'input'>>;
  webhookEndpointCreate?: Resolver<ResolversTypes['WebhookEndpointSecretPayload'], ParentType, ContextType, RequireFields<MutationWebhookEndpointCreateArgs, 'input'>>;
  webhookEndpointUpdate?: Resolver<ResolversTypes['WebhookEndpointPayload'], ParentType, ContextType, RequireFields<MutationWebhookEndpointUpdateArgs, 'input'>>;
  webhookEndpointDelete?: Resolver<ResolversTypes['WebhookEndpointDeletePayload'], ParentType, ContextType, RequireFields<MutationWebhookEndpointDeleteArgs, 'input'>>;
  webhookEndpointRotateSecret?: Resolver<ResolversTypes['WebhookEndpointSecretPayload'], ParentType, ContextType, RequireFields<MutationWebhookEndpointRotateSecretArgs, 'input'>>;
  webhookEndpointSendTest?: Resolver<ResolversTypes['WebhookDeliveryPayload'], ParentType, ContextType, RequireFields<MutationWebhookEndpointSendTestArgs, 'input'>>;
  webhookDeliveryRedeliver?: Resolver<ResolversTypes['WebhookDeliveryPayload'], ParentType, ContextType, RequireFields<MutationWebhookDeliveryRedeliverArgs, 'input'>>;
};

export type VisitorSessionTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorSessionToken'] = ResolversParentTypes['VisitorSessionToken']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VisitorSessionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorSessionPayload'] = ResolversParentTypes['VisitorSessionPayload']> = {
  visitorSessionToken?: Resolver<ResolversTypes['VisitorSessionToken'], ParentType, ContextType>;
  vuid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  transferRedeemed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type VisitorTransferPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorTransferPayload'] = ResolversParentTypes['VisitorTransferPayload']> = {
  transferToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type VisitorLogoutPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorLogoutPayload'] = ResolversParentTypes['VisitorLogoutPayload']> = {
  loggedOut?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type VisitorSessionsRevokePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorSessionsRevokePayload'] = ResolversParentTypes['VisitorSessionsRevokePayload']> = {
  revokedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CredentialsCheckResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CredentialsCheck'] = ResolversParentTypes['CredentialsCheck']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  detail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TestVisitorAuthenticationPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TestVisitorAuthenticationPayload'] = ResolversParentTypes['TestVisitorAuthenticationPayload']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  visitorSessionToken?: Resolver<Maybe<ResolversTypes['VisitorSessionToken']>, ParentType, ContextType>;
  checks?: Resolver<Array<ResolversTypes['CredentialsCheck']>, ParentType, ContextType>;
};

export type ProjectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  authenticatedMode?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  acceptedIssuers?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  maxTokenLifetimeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sessionLifetimeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  allowAnonymous?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  allowedOrigins?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  authLogRetentionDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  widget?: Resolver<ResolversTypes['WidgetAppearance'], ParentType, ContextType>;
  brandKeys?: Resolver<ResolversTypes['BrandKeyConnection'], ParentType, ContextType, RequireFields<ProjectBrandKeysArgs, 'includeRevoked'>>;
  members?: Resolver<ResolversTypes['OperatorConnection'], ParentType, ContextType, Partial<ProjectMembersArgs>>;
  apiKeys?: Resolver<ResolversTypes['ProjectApiKeyConnection'], ParentType, ContextType, RequireFields<ProjectApiKeysArgs, 'includeRevoked'>>;
  conversations?: Resolver<ResolversTypes['ConversationConnection'], ParentType, ContextType, Partial<ProjectConversationsArgs>>;
  visitorProfile?: Resolver<Maybe<ResolversTypes['VisitorProfile']>, ParentType, ContextType, RequireFields<ProjectVisitorProfileArgs, 'userId'>>;
  cannedReplies?: Resolver<Array<ResolversTypes['CannedReply']>, ParentType, ContextType>;
  conversationRetentionDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  anonymousProfileRetentionDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  webhookEndpoints?: Resolver<ResolversTypes['WebhookEndpointConnection'], ParentType, ContextType, Partial<ProjectWebhookEndpointsArgs>>;
};

export type WidgetAppearanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WidgetAppearance'] = ResolversParentTypes['WidgetAppearance']> = {
  accentColor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subtitle?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  greeting?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  launcherPosition?: Resolver<ResolversTypes['LauncherPosition'], ParentType, ContextType>;
  agentNames?: Resolver<ResolversTypes['AgentNameDisplay'], ParentType, ContextType>;
  strings?: Resolver<Array<ResolversTypes['WidgetStringOverride']>, ParentType, ContextType>;
};

export type WidgetStringOverrideResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WidgetStringOverride'] = ResolversParentTypes['WidgetStringOverride']> = {
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProjectConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectConnection'] = ResolversParentTypes['ProjectConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ProjectEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProjectEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectEdge'] = ResolversParentTypes['ProjectEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
};

export type ProjectPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectPayload'] = ResolversParentTypes['ProjectPayload']> = {
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type BrandKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BrandKey'] = ResolversParentTypes['BrandKey']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fingerprint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jwksUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type BrandKeyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BrandKeyConnection'] = ResolversParentTypes['BrandKeyConnection']> = {
  edges?: Resolver<Array<ResolversTypes['BrandKeyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BrandKeyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BrandKeyEdge'] = ResolversParentTypes['BrandKeyEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['BrandKey'], ParentType, ContextType>;
};

export type PlatformKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlatformKey'] = ResolversParentTypes['PlatformKey']> = {
  kid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pem?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spki?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jwk?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type BrandKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BrandKeyPayload'] = ResolversParentTypes['BrandKeyPayload']> = {
  brandKey?: Resolver<ResolversTypes['BrandKey'], ParentType, ContextType>;
};

export type PlatformKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlatformKeyPayload'] = ResolversParentTypes['PlatformKeyPayload']> = {
  platformKey?: Resolver<ResolversTypes['PlatformKey'], ParentType, ContextType>;
};

export type OperatorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Operator'] = ResolversParentTypes['Operator']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['OperatorRole'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type OperatorConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OperatorConnection'] = ResolversParentTypes['OperatorConnection']> = {
  edges?: Resolver<Array<ResolversTypes['OperatorEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OperatorEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OperatorEdge'] = ResolversParentTypes['OperatorEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Operator'], ParentType, ContextType>;
};

export type ViewerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = {
  operator?: Resolver<Maybe<ResolversTypes['Operator']>, ParentType, ContextType>;
  apiKeyProjectId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ProjectApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectApiKey'] = ResolversParentTypes['ProjectApiKey']> = {
  clientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type ProjectApiKeyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectApiKeyConnection'] = ResolversParentTypes['ProjectApiKeyConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ProjectApiKeyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProjectApiKeyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectApiKeyEdge'] = ResolversParentTypes['ProjectApiKeyEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ProjectApiKey'], ParentType, ContextType>;
};

export type ProjectApiKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectApiKeyPayload'] = ResolversParentTypes['ProjectApiKeyPayload']> = {
  apiKey?: Resolver<ResolversTypes['ProjectApiKey'], ParentType, ContextType>;
};

export type OperatorPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OperatorPayload'] = ResolversParentTypes['OperatorPayload']> = {
  operator?: Resolver<ResolversTypes['Operator'], ParentType, ContextType>;
};

export type OperatorTokensRevokePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OperatorTokensRevokePayload'] = ResolversParentTypes['OperatorTokensRevokePayload']> = {
  revokedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProjectApiKeyCreatePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectApiKeyCreatePayload'] = ResolversParentTypes['ProjectApiKeyCreatePayload']> = {
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  clientSecret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuthenticationEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthenticationEvent'] = ResolversParentTypes['AuthenticationEvent']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AuthenticationOutcome'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  platformKeyId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  brandKeyId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  vuid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ipHmac?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuthenticationEventConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthenticationEventConnection'] = ResolversParentTypes['AuthenticationEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuthenticationEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuthenticationEventEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthenticationEventEdge'] = ResolversParentTypes['AuthenticationEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuthenticationEvent'], ParentType, ContextType>;
};

export type AuthenticationStatsBucketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthenticationStatsBucket'] = ResolversParentTypes['AuthenticationStatsBucket']> = {
  start?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failure?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type VisitorDataResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorData'] = ResolversParentTypes['VisitorData']> = {
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  zipCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  city?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  country?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phoneNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VisitorProfileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorProfile'] = ResolversParentTypes['VisitorProfile']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  authenticated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  userId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  visitorData?: Resolver<Maybe<ResolversTypes['VisitorData']>, ParentType, ContextType>;
  extId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  erased?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type MessageAuthorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageAuthor'] = ResolversParentTypes['MessageAuthor']> = {
  kind?: Resolver<ResolversTypes['MessageAuthorKind'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MessageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Message'] = ResolversParentTypes['Message']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  author?: Resolver<ResolversTypes['MessageAuthor'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  brandKeyId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MessageConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageConnection'] = ResolversParentTypes['MessageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MessageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MessageEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MessageEdge'] = ResolversParentTypes['MessageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
};

export type ConversationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Conversation'] = ResolversParentTypes['Conversation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  projectId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConversationStatus'], ParentType, ContextType>;
  assignedOperatorId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['Operator']>, ParentType, ContextType>;
  lastSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unreadCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lastReadSeq?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  visitor?: Resolver<ResolversTypes['VisitorProfile'], ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['MessageConnection'], ParentType, ContextType, Partial<ConversationMessagesArgs>>;
  transcript?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ConversationTranscriptArgs, 'format'>>;
};

export type ConversationConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConversationConnection'] = ResolversParentTypes['ConversationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ConversationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConversationEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConversationEdge'] = ResolversParentTypes['ConversationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType>;
};

export type ConversationPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConversationPayload'] = ResolversParentTypes['ConversationPayload']> = {
  conversation?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType>;
};

export type VisitorSetExtIdPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VisitorSetExtIdPayload'] = ResolversParentTypes['VisitorSetExtIdPayload']> = {
  accepted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CannedReplyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CannedReply'] = ResolversParentTypes['CannedReply']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  shortcut?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CannedReplyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CannedReplyPayload'] = ResolversParentTypes['CannedReplyPayload']> = {
  cannedReply?: Resolver<ResolversTypes['CannedReply'], ParentType, ContextType>;
};

export type UserErasePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserErasePayload'] = ResolversParentTypes['UserErasePayload']> = {
  erased?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  conversations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  messages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuditEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  projectId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['AuditActor'], ParentType, ContextType>;
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type AuditActorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditActor'] = ResolversParentTypes['AuditActor']> = {
  kind?: Resolver<ResolversTypes['AuditActorKind'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditEventConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuditEventEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
};

export type WebhookEndpointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpoint'] = ResolversParentTypes['WebhookEndpoint']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  projectId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventTypes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  failingSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  previousSecretValidUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<ResolversTypes['WebhookDeliveryConnection'], ParentType, ContextType, Partial<WebhookEndpointDeliveriesArgs>>;
};

export type WebhookDeliveryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endpointId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastStatusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastDurationMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  attemptLog?: Resolver<Array<ResolversTypes['WebhookAttempt']>, ParentType, ContextType>;
};

export type WebhookAttemptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookAttempt'] = ResolversParentTypes['WebhookAttempt']> = {
  attemptedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  statusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  durationMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type WebhookEndpointConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointConnection'] = ResolversParentTypes['WebhookEndpointConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WebhookEndpointEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WebhookEndpointEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointEdge'] = ResolversParentTypes['WebhookEndpointEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
};

export type WebhookDeliveryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WebhookDeliveryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
};

export type WebhookEndpointSecretPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointSecretPayload'] = ResolversParentTypes['WebhookEndpointSecretPayload']> = {
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WebhookEndpointPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointPayload'] = ResolversParentTypes['WebhookEndpointPayload']> = {
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
};

export type WebhookEndpointDeletePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointDeletePayload'] = ResolversParentTypes['WebhookEndpointDeletePayload']> = {
  deletedId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type WebhookDeliveryPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryPayload'] = ResolversParentTypes['WebhookDeliveryPayload']> = {
  delivery?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  DateTime?: GraphQLScalarType;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ServerInfo?: ServerInfoResolvers<ContextType>;
  VisitorSessionInfo?: VisitorSessionInfoResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  VisitorSessionToken?: VisitorSessionTokenResolvers<ContextType>;
  VisitorSessionPayload?: VisitorSessionPayloadResolvers<ContextType>;
  VisitorTransferPayload?: VisitorTransferPayloadResolvers<ContextType>;
  VisitorLogoutPayload?: VisitorLogoutPayloadResolvers<ContextType>;
  VisitorSessionsRevokePayload?: VisitorSessionsRevokePayloadResolvers<ContextType>;
  CredentialsCheck?: CredentialsCheckResolvers<ContextType>;
  TestVisitorAuthenticationPayload?: TestVisitorAuthenticationPayloadResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  WidgetAppearance?: WidgetAppearanceResolvers<ContextType>;
  WidgetStringOverride?: WidgetStringOverrideResolvers<ContextType>;
  ProjectConnection?: ProjectConnectionResolvers<ContextType>;
  ProjectEdge?: ProjectEdgeResolvers<ContextType>;
  ProjectPayload?: ProjectPayloadResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  BrandKey?: BrandKeyResolvers<ContextType>;
  BrandKeyConnection?: BrandKeyConnectionResolvers<ContextType>;
  BrandKeyEdge?: BrandKeyEdgeResolvers<ContextType>;
  PlatformKey?: PlatformKeyResolvers<ContextType>;
  BrandKeyPayload?: BrandKeyPayloadResolvers<ContextType>;
  PlatformKeyPayload?: PlatformKeyPayloadResolvers<ContextType>;
  Operator?: OperatorResolvers<ContextType>;
  OperatorConnection?: OperatorConnectionResolvers<ContextType>;
  OperatorEdge?: OperatorEdgeResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
  ProjectApiKey?: ProjectApiKeyResolvers<ContextType>;
  ProjectApiKeyConnection?: ProjectApiKeyConnectionResolvers<ContextType>;
  ProjectApiKeyEdge?: ProjectApiKeyEdgeResolvers<ContextType>;
  ProjectApiKeyPayload?: ProjectApiKeyPayloadResolvers<ContextType>;
  OperatorPayload?: OperatorPayloadResolvers<ContextType>;
  OperatorTokensRevokePayload?: OperatorTokensRevokePayloadResolvers<ContextType>;
  ProjectApiKeyCreatePayload?: ProjectApiKeyCreatePayloadResolvers<ContextType>;
  AuthenticationEvent?: AuthenticationEventResolvers<ContextType>;
  AuthenticationEventConnection?: AuthenticationEventConnectionResolvers<ContextType>;
  AuthenticationEventEdge?: AuthenticationEventEdgeResolvers<ContextType>;
  AuthenticationStatsBucket?: AuthenticationStatsBucketResolvers<ContextType>;
  VisitorData?: VisitorDataResolvers<ContextType>;
  VisitorProfile?: VisitorProfileResolvers<ContextType>;
  MessageAuthor?: MessageAuthorResolvers<ContextType>;
  Message?: MessageResolvers<ContextType>;
  MessageConnection?: MessageConnectionResolvers<ContextType>;
  MessageEdge?: MessageEdgeResolvers<ContextType>;
  Conversation?: ConversationResolvers<ContextType>;
  ConversationConnection?: ConversationConnectionResolvers<ContextType>;
  ConversationEdge?: ConversationEdgeResolvers<ContextType>;
  ConversationPayload?: ConversationPayloadResolvers<ContextType>;
  VisitorSetExtIdPayload?: VisitorSetExtIdPayloadResolvers<ContextType>;
  CannedReply?: CannedReplyResolvers<ContextType>;
  CannedReplyPayload?: CannedReplyPayloadResolvers<ContextType>;
  UserErasePayload?: UserErasePayloadResolvers<ContextType>;
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditActor?: AuditActorResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  WebhookEndpoint?: WebhookEndpointResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookAttempt?: WebhookAttemptResolvers<ContextType>;
  WebhookEndpointConnection?: WebhookEndpointConnectionResolvers<ContextType>;
  WebhookEndpointEdge?: WebhookEndpointEdgeResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
  WebhookEndpointSecretPayload?: WebhookEndpointSecretPayloadResolvers<ContextType>;
  WebhookEndpointPayload?: WebhookEndpointPayloadResolvers<ContextType>;
  WebhookEndpointDeletePayload?: WebhookEndpointDeletePayloadResolvers<ContextType>;
  WebhookDeliveryPayload?: WebhookDeliveryPayloadResolvers<ContextType>;
};

