// Generated from the documents in packages/web/src and the served schema by `npm run generate:graphql`; a test fails when they differ.
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };

/**
 * A GraphQL document: a plain string at run time, whose type carries the result and the variables.
 * The two properties exist only in types (never read); required, so a string not cast to a document is refused.
 */
export type TypedDocument<Result, Variables> = string & { readonly __result: Result; readonly __variables: Variables };

/** A fragment's text, spread by documents built at run time. */
export type TypedFragment<Fragment> = string & { readonly __fragment: Fragment };

export type TestVisitorAuthenticateFromCredentialsInput = {
  projectId: string | number;
  credentials: string;
};

export type LauncherPosition =
  | 'RIGHT'
  | 'LEFT';

export type AgentNameDisplay =
  /** Visitors see the display name of the agent who wrote. */
  | 'NAME'
  /** Visitors see the language's "support" string ("Support"), never an agent's name. */
  | 'GENERIC';

export type ProjectUpdateWidgetInput = {
  projectId: string | number;
  accentColor?: string | null | undefined;
  title?: string | null | undefined;
  subtitle?: string | null | undefined;
  greeting?: string | null | undefined;
  launcherPosition?: LauncherPosition | null | undefined;
  agentNames?: AgentNameDisplay | null | undefined;
  /** Replaces every override. */
  strings?: Array<WidgetStringOverrideInput> | null | undefined;
};

export type WidgetStringOverrideInput = {
  language: string;
  key: string;
  text: string;
};

export type ProjectUpdateAuthenticationInput = {
  projectId: string | number;
  authenticatedMode?: boolean | null | undefined;
  acceptedIssuers?: Array<string> | null | undefined;
  maxTokenLifetimeSeconds?: number | null | undefined;
  sessionLifetimeSeconds?: number | null | undefined;
  allowAnonymous?: boolean | null | undefined;
  allowedOrigins?: Array<string> | null | undefined;
  authLogRetentionDays?: number | null | undefined;
};

export type BrandKeyAddInput = {
  projectId: string | number;
  publicKey?: string | null | undefined;
  jwksUrl?: string | null | undefined;
  kid?: string | null | undefined;
};

export type OperatorRole =
  /** The whole installation. */
  | 'ADMIN'
  /** Members of the projects listed for them. */
  | 'AGENT';

export type OperatorCreateInput = {
  email: string;
  password: string;
  role: OperatorRole;
  /** At most 80 characters on one line; omitted: the email's local part is shown. */
  displayName?: string | null | undefined;
};

export type OperatorUpdateInput = {
  id: string | number;
  role?: OperatorRole | null | undefined;
  disabled?: boolean | null | undefined;
  password?: string | null | undefined;
  /** Empty: back to the email's local part. */
  displayName?: string | null | undefined;
};

export type AuthenticationOutcome =
  | 'SUCCESS'
  | 'FAILURE';

export type StatsBucket =
  | 'MINUTE'
  | 'HOUR'
  | 'DAY';

export type ConversationStatus =
  | 'OPEN'
  | 'CLOSED';

export type MessageAuthorKind =
  | 'VISITOR'
  | 'AGENT'
  | 'SYSTEM';

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

export type ProjectUpdateRetentionInput = {
  projectId: string | number;
  conversationRetentionDays?: number | null | undefined;
  anonymousProfileRetentionDays?: number | null | undefined;
};

export type AuditActorKind =
  | 'OPERATOR'
  | 'API_KEY';

export type WebhookDeliveryStatus =
  /** Waiting for its next attempt (or a node is sending it). */
  | 'PENDING'
  /** Answered 2xx. */
  | 'DELIVERED'
  /** Given up: every attempt of the schedule failed, or the endpoint answered 410 Gone. */
  | 'FAILED';

export type NewProjectAgentsQueryVariables = Exact<{ [key: string]: never; }>;


export type NewProjectAgentsQuery = { operators: { edges: Array<{ node: { id: string, email: string, displayName: string, role: OperatorRole, disabled: boolean } }> } };

export type ProjectCreateMutationVariables = Exact<{
  name: string;
  members?: Array<string | number> | string | number | null | undefined;
}>;


export type ProjectCreateMutation = { projectCreate: { project: { id: string } } };

export type ProjectListQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectListQuery = { projects: { edges: Array<{ node: { id: string, name: string, authenticatedMode: boolean } }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { operator: { id: string, email: string, role: OperatorRole, disabled: boolean, createdAt: string } | null } };

export type PeopleQueryVariables = Exact<{ [key: string]: never; }>;


export type PeopleQuery = { operators: { edges: Array<{ node: { id: string, email: string, role: OperatorRole, disabled: boolean, createdAt: string } }> }, projects: { edges: Array<{ node: { id: string, name: string } }> } };

export type ProjectMemberIdsFragment = { members: { edges: Array<{ node: { id: string } }> } };

export type OperatorCreateMutationVariables = Exact<{
  input: OperatorCreateInput;
}>;


export type OperatorCreateMutation = { operatorCreate: { operator: { id: string } } };

export type OperatorUpdateMutationVariables = Exact<{
  input: OperatorUpdateInput;
}>;


export type OperatorUpdateMutation = { operatorUpdate: { operator: { id: string } } };

export type MemberAddMutationVariables = Exact<{
  p: string | number;
  o: string | number;
}>;


export type MemberAddMutation = { projectMemberAdd: { project: { id: string } } };

export type MemberRemoveMutationVariables = Exact<{
  p: string | number;
  o: string | number;
}>;


export type MemberRemoveMutation = { projectMemberRemove: { project: { id: string } } };

export type AuditLogQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditLogQuery = { auditLog: { totalCount: number, edges: Array<{ node: { id: string, time: string, projectId: string | null, action: string, changes: unknown, actor: { kind: AuditActorKind, label: string } } }> }, projects: { edges: Array<{ node: { id: string, name: string } }> } };

export type AuthenticationStatsQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
  bucket: StatsBucket;
}>;


export type AuthenticationStatsQuery = { authenticationStats: Array<{ start: string, success: number, failure: number }> };

export type BrandKeyIdsQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandKeyIdsQuery = { project: { brandKeys: { edges: Array<{ node: { id: string, kid: string } }> } } };

export type AuthenticationEventsQueryVariables = Exact<{
  id: string | number;
  outcome?: AuthenticationOutcome | null | undefined;
  reason?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type AuthenticationEventsQuery = { authenticationEvents: { totalCount: number, edges: Array<{ node: { id: string, time: string, outcome: AuthenticationOutcome, reason: string | null, platformKeyId: string | null, brandKeyId: string | null, userId: string | null, vuid: string | null, ipHmac: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PlatformKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type PlatformKeysQuery = { platformKeys: Array<{ kid: string, pem: string, spki: string, jwk: unknown, current: boolean, createdAt: string }> };

export type PlatformKeyRotateMutationVariables = Exact<{ [key: string]: never; }>;


export type PlatformKeyRotateMutation = { platformKeyRotate: { platformKey: { kid: string, current: boolean } } };

export type PlatformKeyRetireMutationVariables = Exact<{
  kid: string;
}>;


export type PlatformKeyRetireMutation = { platformKeyRetire: { platformKey: { kid: string } } };

export type BrandKeyAddMutationVariables = Exact<{
  input: BrandKeyAddInput;
}>;


export type BrandKeyAddMutation = { brandKeyAdd: { brandKey: { id: string, kid: string, fingerprint: string } } };

export type ApiKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type ApiKeysQuery = { project: { apiKeys: { edges: Array<{ node: { clientId: string, createdAt: string, lastUsedAt: string | null } }> } } };

export type ApiKeyCreateMutationVariables = Exact<{
  id: string | number;
}>;


export type ApiKeyCreateMutation = { projectApiKeyCreate: { clientId: string, clientSecret: string } };

export type ApiKeyRevokeMutationVariables = Exact<{
  id: string | number;
}>;


export type ApiKeyRevokeMutation = { projectApiKeyRevoke: { apiKey: { clientId: string } } };

export type AuthenticatedModeSetMutationVariables = Exact<{
  id: string | number;
  on: boolean;
}>;


export type AuthenticatedModeSetMutation = { projectUpdateAuthentication: { project: { id: string } } };

export type BrandKeysQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandKeysQuery = { project: { brandKeys: { edges: Array<{ node: { id: string, kid: string, fingerprint: string, jwksUrl: string | null, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } }> } } };

export type BrandKeyRevokeMutationVariables = Exact<{
  id: string | number;
}>;


export type BrandKeyRevokeMutation = { brandKeyRevoke: { brandKey: { id: string, revokedAt: string | null } } };

export type CannedRepliesQueryVariables = Exact<{
  id: string | number;
}>;


export type CannedRepliesQuery = { project: { cannedReplies: Array<{ id: string, shortcut: string, text: string }> } };

export type CannedReplyCreateMutationVariables = Exact<{
  p: string | number;
  s: string;
  t: string;
}>;


export type CannedReplyCreateMutation = { cannedReplyCreate: { cannedReply: { id: string } } };

export type CannedReplyDeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type CannedReplyDeleteMutation = { cannedReplyDelete: { cannedReply: { id: string } } };

export type UserEraseMutationVariables = Exact<{
  projectId: string | number;
  userId: string;
}>;


export type UserEraseMutation = { userErase: { erased: boolean, conversations: number, messages: number } };

export type UserDataExportQueryVariables = Exact<{
  projectId: string | number;
  userId: string;
}>;


export type UserDataExportQuery = { userDataExport: unknown };

export type ProjectSettingsQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectSettingsQuery = { project: { id: string, name: string, createdAt: string, authenticatedMode: boolean, acceptedIssuers: Array<string>, maxTokenLifetimeSeconds: number, sessionLifetimeSeconds: number, allowAnonymous: boolean, allowedOrigins: Array<string>, authLogRetentionDays: number } };

export type ProjectRetentionQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectRetentionQuery = { project: { conversationRetentionDays: number | null, anonymousProfileRetentionDays: number | null } };

export type ProjectUpdateRetentionMutationVariables = Exact<{
  input: ProjectUpdateRetentionInput;
}>;


export type ProjectUpdateRetentionMutation = { projectUpdateRetention: { project: { id: string } } };

export type SettingsUpdateMutationVariables = Exact<{
  input: ProjectUpdateAuthenticationInput;
}>;


export type SettingsUpdateMutation = { projectUpdateAuthentication: { project: { id: string } } };

export type TestCredentialsMutationVariables = Exact<{
  input: TestVisitorAuthenticateFromCredentialsInput;
}>;


export type TestCredentialsMutation = { testVisitorAuthenticateFromCredentials: { ok: boolean, reason: string | null, checks: Array<{ name: string, ok: boolean, detail: string, hint: string | null }> } };

export type ProjectWidgetQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectWidgetQuery = { project: { widget: { accentColor: string | null, title: string | null, subtitle: string | null, greeting: string | null, launcherPosition: LauncherPosition, agentNames: AgentNameDisplay, strings: Array<{ language: string, key: string, text: string }> } } };

export type ProjectUpdateWidgetMutationVariables = Exact<{
  input: ProjectUpdateWidgetInput;
}>;


export type ProjectUpdateWidgetMutation = { projectUpdateWidget: { project: { widget: { accentColor: string | null, title: string | null, subtitle: string | null, greeting: string | null, launcherPosition: LauncherPosition, agentNames: AgentNameDisplay, strings: Array<{ language: string, key: string, text: string }> } } } };

export type WebhookDeliveryRedeliverMutationVariables = Exact<{
  id: string | number;
}>;


export type WebhookDeliveryRedeliverMutation = { webhookDeliveryRedeliver: { delivery: { id: string, status: WebhookDeliveryStatus } } };

export type WebhookEndpointUpdateMutationVariables = Exact<{
  id: string | number;
  url?: string | null | undefined;
  eventTypes?: Array<string> | string | null | undefined;
  enabled?: boolean | null | undefined;
}>;


export type WebhookEndpointUpdateMutation = { webhookEndpointUpdate: { endpoint: { id: string } } };

export type WebhookEndpointDeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type WebhookEndpointDeleteMutation = { webhookEndpointDelete: { deletedId: string } };

export type WebhookEndpointRotateSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type WebhookEndpointRotateSecretMutation = { webhookEndpointRotateSecret: { secret: string, endpoint: { id: string } } };

export type WebhookEndpointSendTestMutationVariables = Exact<{
  id: string | number;
}>;


export type WebhookEndpointSendTestMutation = { webhookEndpointSendTest: { delivery: { id: string } } };

export type WebhookEndpointsQueryVariables = Exact<{
  id: string | number;
}>;


export type WebhookEndpointsQuery = { webhookEventTypes: Array<string>, project: { webhookEndpoints: { totalCount: number, edges: Array<{ node: { id: string, url: string, eventTypes: Array<string>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, failingSince: string | null, previousSecretValidUntil: string | null, createdAt: string } }> } } };

export type WebhookEndpointCreateMutationVariables = Exact<{
  projectId: string | number;
  url: string;
  eventTypes: Array<string> | string;
}>;


export type WebhookEndpointCreateMutation = { webhookEndpointCreate: { secret: string, endpoint: { id: string } } };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  status?: WebhookDeliveryStatus | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookEndpoint: { id: string, deliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, payload: string, createdAt: string, nextAttemptAt: string | null, deliveredAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, lastDurationMs: number | null, attemptLog: Array<{ attemptedAt: string, statusCode: number | null, durationMs: number, error: string | null }> } }> } } | null };

export type AssigneeCandidatesQueryVariables = Exact<{
  p: string | number;
}>;


export type AssigneeCandidatesQuery = { project: { members: { edges: Array<{ node: { id: string, displayName: string } }> } } };

export type ConversationAssignMutationVariables = Exact<{
  c: string | number;
  o?: string | number | null | undefined;
}>;


export type ConversationAssignMutation = { conversationAssign: { conversation: { id: string } } };

export type DeskCannedRepliesQueryVariables = Exact<{
  p: string | number;
}>;


export type DeskCannedRepliesQuery = { project: { cannedReplies: Array<{ shortcut: string, text: string }> } };

export type ConversationCloseMutationVariables = Exact<{
  id: string | number;
}>;


export type ConversationCloseMutation = { conversationClose: { conversation: { status: ConversationStatus } } };

export type ConversationReopenMutationVariables = Exact<{
  id: string | number;
}>;


export type ConversationReopenMutation = { conversationReopen: { conversation: { status: ConversationStatus } } };

export type ViewerRenameMutationVariables = Exact<{
  name: string;
}>;


export type ViewerRenameMutation = { viewerUpdate: { operator: { id: string, displayName: string } } };

export type ConversationTranscriptQueryVariables = Exact<{
  id: string | number;
  format: TranscriptFormat;
}>;


export type ConversationTranscriptQuery = { conversation: { transcript: string } };

export type ConversationMessagesQueryVariables = Exact<{
  id: string | number;
  before?: string | null | undefined;
}>;


export type ConversationMessagesQuery = { conversation: { messages: { edges: Array<{ node: { id: string, seq: number, text: string, createdAt: string, verified: boolean, author: { kind: MessageAuthorKind, id: string | null, name: string | null } } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } };

export type ConversationVisitorQueryVariables = Exact<{
  id: string | number;
}>;


export type ConversationVisitorQuery = { conversation: { visitor: { authenticated: boolean, erased: boolean, userId: string | null, extId: string | null, visitorData: { firstName: string | null, lastName: string | null, email: string | null, phoneNumber: string | null, address: string | null, zipCode: string | null, city: string | null, country: string | null } | null } } };

export type InboxQueryVariables = Exact<{
  status?: ConversationStatus | null | undefined;
  assignee?: InboxAssignee | null | undefined;
  search?: string | null | undefined;
}>;


export type InboxQuery = { viewer: { operator: { id: string, displayName: string } | null }, projects: { edges: Array<{ node: { id: string, name: string } }> }, inbox: { edges: Array<{ node: { id: string, projectId: string, status: ConversationStatus, lastSeq: number, updatedAt: string, unreadCount: number | null, lastReadSeq: number | null, assignee: { id: string, displayName: string } | null, visitor: { authenticated: boolean, userId: string | null, extId: string | null, erased: boolean }, messages: { edges: Array<{ node: { text: string, author: { kind: MessageAuthorKind } } }> } } }> } };

export type InboxConversationQueryVariables = Exact<{
  id: string | number;
}>;


export type InboxConversationQuery = { conversation: { id: string, projectId: string, status: ConversationStatus, lastSeq: number, updatedAt: string, unreadCount: number | null, lastReadSeq: number | null, assignee: { id: string, displayName: string } | null, visitor: { authenticated: boolean, userId: string | null, extId: string | null, erased: boolean }, messages: { edges: Array<{ node: { text: string, author: { kind: MessageAuthorKind } } }> } } };

export type MarkReadMutationVariables = Exact<{
  id: string | number;
  seq: number;
}>;


export type MarkReadMutation = { conversationMarkRead: { conversation: { id: string } } };


export type NewProjectAgentsDocument = TypedDocument<NewProjectAgentsQuery, NewProjectAgentsQueryVariables>;
export type ProjectCreateDocument = TypedDocument<ProjectCreateMutation, ProjectCreateMutationVariables>;
export type ProjectListDocument = TypedDocument<ProjectListQuery, ProjectListQueryVariables>;
export type ViewerDocument = TypedDocument<ViewerQuery, ViewerQueryVariables>;
export type PeopleDocument = TypedDocument<PeopleQuery, PeopleQueryVariables>;
export type ProjectMemberIdsFragmentDocument = TypedFragment<ProjectMemberIdsFragment>;
export type OperatorCreateDocument = TypedDocument<OperatorCreateMutation, OperatorCreateMutationVariables>;
export type OperatorUpdateDocument = TypedDocument<OperatorUpdateMutation, OperatorUpdateMutationVariables>;
export type MemberAddDocument = TypedDocument<MemberAddMutation, MemberAddMutationVariables>;
export type MemberRemoveDocument = TypedDocument<MemberRemoveMutation, MemberRemoveMutationVariables>;
export type AuditLogDocument = TypedDocument<AuditLogQuery, AuditLogQueryVariables>;
export type AuthenticationStatsDocument = TypedDocument<AuthenticationStatsQuery, AuthenticationStatsQueryVariables>;
export type BrandKeyIdsDocument = TypedDocument<BrandKeyIdsQuery, BrandKeyIdsQueryVariables>;
export type AuthenticationEventsDocument = TypedDocument<AuthenticationEventsQuery, AuthenticationEventsQueryVariables>;
export type PlatformKeysDocument = TypedDocument<PlatformKeysQuery, PlatformKeysQueryVariables>;
export type PlatformKeyRotateDocument = TypedDocument<PlatformKeyRotateMutation, PlatformKeyRotateMutationVariables>;
export type PlatformKeyRetireDocument = TypedDocument<PlatformKeyRetireMutation, PlatformKeyRetireMutationVariables>;
export type BrandKeyAddDocument = TypedDocument<BrandKeyAddMutation, BrandKeyAddMutationVariables>;
export type ApiKeysDocument = TypedDocument<ApiKeysQuery, ApiKeysQueryVariables>;
export type ApiKeyCreateDocument = TypedDocument<ApiKeyCreateMutation, ApiKeyCreateMutationVariables>;
export type ApiKeyRevokeDocument = TypedDocument<ApiKeyRevokeMutation, ApiKeyRevokeMutationVariables>;
export type AuthenticatedModeSetDocument = TypedDocument<AuthenticatedModeSetMutation, AuthenticatedModeSetMutationVariables>;
export type BrandKeysDocument = TypedDocument<BrandKeysQuery, BrandKeysQueryVariables>;
export type BrandKeyRevokeDocument = TypedDocument<BrandKeyRevokeMutation, BrandKeyRevokeMutationVariables>;
export type CannedRepliesDocument = TypedDocument<CannedRepliesQuery, CannedRepliesQueryVariables>;
export type CannedReplyCreateDocument = TypedDocument<CannedReplyCreateMutation, CannedReplyCreateMutationVariables>;
export type CannedReplyDeleteDocument = TypedDocument<CannedReplyDeleteMutation, CannedReplyDeleteMutationVariables>;
export type UserEraseDocument = TypedDocument<UserEraseMutation, UserEraseMutationVariables>;
export type UserDataExportDocument = TypedDocument<UserDataExportQuery, UserDataExportQueryVariables>;
export type ProjectSettingsDocument = TypedDocument<ProjectSettingsQuery, ProjectSettingsQueryVariables>;
export type ProjectRetentionDocument = TypedDocument<ProjectRetentionQuery, ProjectRetentionQueryVariables>;
export type ProjectUpdateRetentionDocument = TypedDocument<ProjectUpdateRetentionMutation, ProjectUpdateRetentionMutationVariables>;
export type SettingsUpdateDocument = TypedDocument<SettingsUpdateMutation, SettingsUpdateMutationVariables>;
export type TestCredentialsDocument = TypedDocument<TestCredentialsMutation, TestCredentialsMutationVariables>;
export type ProjectWidgetDocument = TypedDocument<ProjectWidgetQuery, ProjectWidgetQueryVariables>;
export type ProjectUpdateWidgetDocument = TypedDocument<ProjectUpdateWidgetMutation, ProjectUpdateWidgetMutationVariables>;
export type WebhookDeliveryRedeliverDocument = TypedDocument<WebhookDeliveryRedeliverMutation, WebhookDeliveryRedeliverMutationVariables>;
export type WebhookEndpointUpdateDocument = TypedDocument<WebhookEndpointUpdateMutation, WebhookEndpointUpdateMutationVariables>;
export type WebhookEndpointDeleteDocument = TypedDocument<WebhookEndpointDeleteMutation, WebhookEndpointDeleteMutationVariables>;
export type WebhookEndpointRotateSecretDocument = TypedDocument<WebhookEndpointRotateSecretMutation, WebhookEndpointRotateSecretMutationVariables>;
export type WebhookEndpointSendTestDocument = TypedDocument<WebhookEndpointSendTestMutation, WebhookEndpointSendTestMutationVariables>;
export type WebhookEndpointsDocument = TypedDocument<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export type WebhookEndpointCreateDocument = TypedDocument<WebhookEndpointCreateMutation, WebhookEndpointCreateMutationVariables>;
export type WebhookDeliveriesDocument = TypedDocument<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export type AssigneeCandidatesDocument = TypedDocument<AssigneeCandidatesQuery, AssigneeCandidatesQueryVariables>;
export type ConversationAssignDocument = TypedDocument<ConversationAssignMutation, ConversationAssignMutationVariables>;
export type DeskCannedRepliesDocument = TypedDocument<DeskCannedRepliesQuery, DeskCannedRepliesQueryVariables>;
export type ConversationCloseDocument = TypedDocument<ConversationCloseMutation, ConversationCloseMutationVariables>;
export type ConversationReopenDocument = TypedDocument<ConversationReopenMutation, ConversationReopenMutationVariables>;
export type ViewerRenameDocument = TypedDocument<ViewerRenameMutation, ViewerRenameMutationVariables>;
export type ConversationTranscriptDocument = TypedDocument<ConversationTranscriptQuery, ConversationTranscriptQueryVariables>;
export type ConversationMessagesDocument = TypedDocument<ConversationMessagesQuery, ConversationMessagesQueryVariables>;
export type ConversationVisitorDocument = TypedDocument<ConversationVisitorQuery, ConversationVisitorQueryVariables>;
export type InboxDocument = TypedDocument<InboxQuery, InboxQueryVariables>;
export type InboxConversationDocument = TypedDocument<InboxConversationQuery, InboxConversationQueryVariables>;
export type MarkReadDocument = TypedDocument<MarkReadMutation, MarkReadMutationVariables>;
