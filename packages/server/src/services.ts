import { randomUUID } from 'node:crypto';
import { AuditLog } from './audit/audit-log.js';
import { AuthenticationLog } from './auth-log/index.js';
import { CannedReplies } from './canned/canned-replies.js';
import type { Config } from './config.js';
import { Conversations } from './conversations/conversations.js';
import { ConversationIdentity } from './conversations/identity-lines.js';
import { ReadState } from './conversations/read-state.js';
import { CredentialsAuthenticator } from './credentials/authenticate-credentials.js';
import { DatabaseReplayStore } from './credentials/database-replay-store.js';
import { InMemoryRateLimiter, type RateLimiter } from './credentials/rate-limiter.js';
import { RedisRateLimiter } from './credentials/redis-rate-limiter.js';
import { type CredentialsVerifier, createInlineVerifier } from './credentials/verifier.js';
import { Metrics } from './http/metrics.js';
import { Visitors } from './identity/visitors.js';
import { JwksFetcher } from './keys/jwks-fetcher.js';
import { PlatformKeys, sealedKeysStored } from './keys/platform-keys.js';
import { platformSecretBox } from './keys/platform-secret.js';
import { type Log, silentLog, throttledWarning } from './log.js';
import {
  AccessTokens,
  initialAdminWarning,
  type LoginAttemptLimiter,
  LoginLimiter,
  Operators,
  ProjectApiKeys,
  passwordHasher,
  RedisLoginLimiter,
} from './operators/index.js';
import { InProgressLimit } from './overload.js';
import { BrandKeys } from './projects/brand-keys.js';
import { Projects } from './projects/projects.js';
import { AuthorNames } from './realtime/author-names.js';
import { type EventBus, InMemoryEventBus } from './realtime/event-bus.js';
import { RedisEventBus } from './realtime/redis-event-bus.js';
import { FreshSignIn } from './sessions/fresh-sign-in.js';
import { SessionStore } from './sessions/session-store.js';
import { SessionTokens } from './sessions/session-tokens.js';
import { type TestAuthenticationAnswer, testAuthentication } from './sessions/test-authentication.js';
import { VisitorAuthentication } from './sessions/visitor-authentication.js';
import { VisitorTransfers } from './sessions/visitor-transfers.js';
import { installationId } from './store/installation-id.js';
import type { Store } from './store/open-store.js';
import { openRedis } from './store/redis.js';
import { serverSecret } from './store/server-secret.js';
import { timeOrderedIds } from './store/time-ordered-id.js';
import { createWebhooks, type Webhooks } from './webhooks/index.js';

export interface ServiceOptions {
  config: Config;
  store: Store;
  /** The clock; tests inject one so expiry is exact. */
  now?: () => Date;
  newId?: () => string;
  /** Verifies credentials; the server uses a worker pool, tests verify inline. */
  verifier?: CredentialsVerifier;
  /** scrypt cost for operator passwords (tests lower it). */
  passwordCost?: number;
  /** Where background failures go (Redis, fan-out); silent by default, the server's logger in `parley serve`. */
  log?: Log;
}

/** Everything the HTTP layer calls, wired once per process. */
export interface Services {
  readonly config: Config;
  readonly store: Store;
  readonly now: () => Date;
  readonly platformKeys: PlatformKeys;
  readonly projects: Projects;
  readonly brandKeys: BrandKeys;
  readonly operators: Operators;
  readonly apiKeys: ProjectApiKeys;
  readonly accessTokens: AccessTokens;
  readonly loginLimiter: LoginAttemptLimiter;
  readonly sessions: SessionStore;
  readonly visitorAuth: VisitorAuthentication;
  /** Visitor activations (with credentials or anonymous) in progress on this node, bounded (`PARLEY_MAX_ACTIVATIONS_IN_PROGRESS`). */
  readonly activations: InProgressLimit;
  /** Cross-domain transfer tokens of anonymous visitors (spec §6.7). */
  readonly transfers: VisitorTransfers;
  readonly authLog: AuthenticationLog;
  readonly metrics: Metrics;
  /** Fan-out of realtime events to this node's sockets and (with Redis) every other node's. */
  readonly bus: EventBus;
  readonly conversations: Conversations;
  /** Answers agents insert with `/shortcut`, per project. */
  readonly cannedReplies: CannedReplies;
  /** What each operator has read: unread counts shared by the operator's devices. */
  readonly readState: ReadState;
  /** Agents' display names on message frames, as each receiver may see them. */
  readonly authorNames: AuthorNames;
  /** Admin actions: who, when, what (graphql/audit.ts). */
  readonly auditLog: AuditLog;
  readonly visitors: Visitors;
  readonly webhooks: Webhooks;
  /** Whether this start created the first admin from PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD. */
  readonly initialAdminCreated: boolean;
  testAuthentication(input: { projectId: string; credentials: string; clientIp: string }): Promise<TestAuthenticationAnswer>;
  close(): Promise<void>;
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  const { config, store } = options;
  const now = options.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const base = { store, now, newId: options.newId ?? randomUUID };
  const log = options.log ?? silentLog;
  const box = await platformSecretBox({ config, sealedKeysStored: () => sealedKeysStored(store), log });
  const platformKeys = new PlatformKeys({ store, box, now, rsaBits: config.platformKeyBits, log });
  await platformKeys.ensure();
  const projects = new Projects(base);
  const brandKeys = new BrandKeys({
    ...base,
    jwks: new JwksFetcher({ allowPrivate: config.allowPrivateJwks, now: () => now().getTime() }),
  });
  const verifier = options.verifier ?? createInlineVerifier();
  // With REDIS_URL every node shares the limits; without it, they are per process.
  const redis = config.redisUrl
    ? await openRedis(config.redisUrl, {
        prefix: config.redisPrefix,
        onError: throttledWarning(log, 'Redis connection failed; limits fall back to this node until it answers'),
      })
    : null;
  const rateLimiter: RateLimiter = redis
    ? new RedisRateLimiter(redis.client, {
        limit: config.authRateLimit,
        windowSeconds: 60,
        prefix: redis.prefix,
        onError: throttledWarning(log, 'Redis failed: authentication rate limits are per node meanwhile'),
      })
    : new InMemoryRateLimiter(config.authRateLimit, 60);
  const loginLimiter: LoginAttemptLimiter = redis
    ? new RedisLoginLimiter(redis.client, {
        prefix: redis.prefix,
        onError: throttledWarning(log, 'Redis failed: login limits are per node meanwhile'),
      })
    : new LoginLimiter();
  const replayStore = new DatabaseReplayStore(store, nowSeconds);
  const authenticator = new CredentialsAuthenticator({
    projects,
    brandKeys,
    platformKeys,
    verifier,
    replayStore,
    rateLimiter,
    nowSeconds,
  });
  const sessions = new SessionStore(base);
  const bus: EventBus = redis ? await RedisEventBus.open(redis, log) : new InMemoryEventBus();
  const webhooks = createWebhooks({ ...base, config, box, log });
  const metrics = new Metrics();
  // Rows that are no secret and show their creation time anyway: time-ordered ids keep their indexes' writes together.
  const orderedIds = options.newId ?? timeOrderedIds(now);
  const conversations = new Conversations({
    ...base,
    newId: orderedIds,
    bus,
    webhooks: webhooks.outbox,
    observeAppendBatch: (batch) => metrics.observeMessageBatch(batch),
  });
  const visitors = new Visitors(base);
  const transfers = new VisitorTransfers({ store, now, projects, conversations, visitors, sessions });
  const tokens = new SessionTokens(platformKeys, await installationId(store), [config.publicUrl]);
  const authLog = new AuthenticationLog({ ...base, newId: orderedIds, ipKey: await serverSecret(store, 'auth-log-ip') });
  const operators = new Operators({
    ...base,
    ...(options.passwordCost ? { passwords: passwordHasher({ cost: options.passwordCost }) } : {}),
  });
  const initialAdmin = await operators.ensureInitialAdmin(config.initialAdmin);
  const initialAdminIgnored = config.initialAdmin ? initialAdminWarning(initialAdmin, config.initialAdmin.email) : null;
  if (initialAdminIgnored) log.warn({ initialAdmin: initialAdmin.kind }, initialAdminIgnored); // said at every start, until fixed
  const initialAdminCreated = initialAdmin.kind === 'created';
  return {
    config,
    store,
    now,
    platformKeys,
    projects,
    brandKeys,
    operators,
    apiKeys: new ProjectApiKeys(base),
    accessTokens: new AccessTokens(base),
    loginLimiter,
    sessions,
    visitorAuth: new VisitorAuthentication({
      projects,
      authenticator,
      rateLimiter,
      visitors,
      identity: new ConversationIdentity(conversations),
      sessions,
      tokens,
      nowSeconds,
      transaction: (work) => store.groupedTransaction(work),
      authLog,
      observer: metrics,
      transfers,
      webhooks: webhooks.outbox,
      freshSignIn: new FreshSignIn({ ...base, authLog, outbox: webhooks.outbox, replayStore }),
      singleUse: replayStore,
    }),
    activations: new InProgressLimit(config.maxActivationsInProgress, 'visitor activations'),
    transfers,
    readState: new ReadState(base),
    authorNames: new AuthorNames({ operators, projects }),
    auditLog: new AuditLog(base),
    cannedReplies: new CannedReplies(base),
    authLog,
    metrics,
    bus,
    conversations,
    visitors,
    webhooks,
    initialAdminCreated,
    testAuthentication: (input) => testAuthentication({ projects, authenticator, tokens, nowSeconds }, input),
    async close() {
      await webhooks.dispatcher.stop();
      await verifier.close();
      await bus.close();
      await redis?.close();
    },
  };
}
