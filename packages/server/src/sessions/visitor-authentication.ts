import { performance } from 'node:perf_hooks';
import { type ReasonCode, VISITOR_AUDIENCE, type VisitorData } from '@parley/protocol';
import type { AuthenticationAttempt } from '../auth-log/index.js';
import type { CredentialsAuthenticator } from '../credentials/authenticate-credentials.js';
import { attemptKey, type RateLimiter } from '../credentials/rate-limiter.js';
import type { ReplayStore } from '../credentials/replay-store.js';
import { type SingleUseClaim, singleUseClaim } from '../credentials/single-use.js';
import type { VerifiedCredentials } from '../credentials/types.js';
import { reasonError, sessionExpired } from '../errors.js';
import { isWellFormedVuid, type Visitor, type Visitors } from '../identity/visitors.js';
import { originAllowed, originListed, originRefused } from '../projects/origin-policy.js';
import type { Project, Projects } from '../projects/projects.js';
import { authenticationFailed, visitorAuthenticated, visitorLoggedOut } from '../webhooks/events.js';
import type { WebhookOutbox } from '../webhooks/outbox.js';
import type { FreshSignIn } from './fresh-sign-in.js';
import type { NewVisitorSession, SessionStore, VisitorSession } from './session-store.js';
import type { SessionTokens } from './session-tokens.js';

/** How long after `exp` a genuine session token still proves its vuid to the visitor-auth mutations. */
export const VUID_PROOF_GRACE_SECONDS = 30 * 24 * 3600;

interface VuidProof {
  projectId: string;
  vuid: string;
  sessionId: string;
}

export interface VisitorSessionAnswer {
  accessToken: string;
  vuid: string;
  expiresAt: string;
  session: VisitorSession;
  /** True only when a transfer token was redeemed: the session continues the source visitor (spec §6.7). */
  transferRedeemed: boolean;
}

export interface AttemptObserver {
  observeAuthentication(
    kind: 'credentials' | 'anonymous',
    outcome: 'success' | 'failure',
    reason: ReasonCode | null,
    seconds: number,
  ): void;
}

export interface VisitorAuthenticationDeps {
  projects: Projects;
  authenticator: Pick<CredentialsAuthenticator, 'authenticate' | 'spent'>;
  rateLimiter: RateLimiter;
  visitors: Visitors;
  sessions: SessionStore;
  tokens: SessionTokens;
  nowSeconds: () => number;
  /** Conversation side of sign-in and sign-out (spec §6.2, §6.4). */
  identity?: {
    signedIn(event: { userId: string; anonymousProfileId: string; userProfileId: string }): Promise<void>;
    signedOut(profileId: string): Promise<void>;
  };
  /** Runs the writes of one activation in one database transaction (`Store.groupedTransaction`). */
  transaction: <T>(work: () => Promise<T>) => Promise<T>;
  authLog?: { record(attempt: AuthenticationAttempt): Promise<unknown> };
  /** Webhook events (visitor.authenticated, visitor.logged_out, authentication.failed), written with the change. */
  webhooks?: Pick<WebhookOutbox, 'record'>;
  observer?: AttemptObserver;
  /** The writes of a sign-in from a browser that proves no earlier session, compiled once (with `singleUse`; else the general path). */
  freshSignIn?: Pick<FreshSignIn, 'write'>;
  /** The single-use memory: the general path claims credentials in its own transaction (else the authenticator does, first). */
  singleUse?: Pick<ReplayStore, 'rememberOnce'>;
  /** Cross-domain transfer tokens (spec §6.7): redeemed by the anonymous activation. */
  transfers?: { redeem(project: Project, token: string): Promise<Visitor | null> };
}

interface CredentialsInput {
  projectId: string;
  credentials: string;
  currentVuid: string | null;
  bearer: string | null;
  clientIp: string;
  origin: string | null;
}

/** The three visitor mutations of spec §5.1 and the session lookup every visitor API uses. */
export class VisitorAuthentication {
  constructor(private readonly deps: VisitorAuthenticationDeps) {}

  /**
   * `origin`: the request's `Origin` header (null without one). A browser origin the project's
   * non-empty allowedOrigins list lacks is refused with PERMISSION_DENIED before the credentials
   * are read, so they are not consumed.
   */
  async fromCredentials(input: CredentialsInput): Promise<VisitorSessionAnswer> {
    const started = performance.now();
    const { deps } = this;
    if (input.origin !== null) {
      const pinned = await deps.projects.find(input.projectId);
      if (pinned && !originAllowed(pinned.settings, input.origin)) throw originRefused(input.origin);
    }
    let answer = await this.signInWithCredentials(input, started, 'first');
    // A brand key of the project was revoked after this node's copy of the keys was read: verify again against the
    // records as they are now, which the write then need not check.
    if (answer === 'BRAND_KEYS_CHANGED') answer = await this.signInWithCredentials(input, started, 'again');
    if (answer === 'BRAND_KEYS_CHANGED') throw new Error('a sign-in with brand keys read for it was refused as changed');
    deps.observer?.observeAuthentication('credentials', 'success', null, (performance.now() - started) / 1000);
    return answer;
  }

  /** One verification and its writes; 'BRAND_KEYS_CHANGED' when the compiled write found a key revoked since the copy's read. */
  private async signInWithCredentials(
    input: CredentialsInput,
    started: number,
    attempt: 'first' | 'again',
  ): Promise<VisitorSessionAnswer | 'BRAND_KEYS_CHANGED'> {
    const { deps } = this;
    const { projectId, credentials, clientIp } = input;
    // With the single-use memory at hand, credentials are claimed with the sign-in's writes: spent only if its session is stored.
    const consume = deps.singleUse ? 'by-caller' : true;
    // A browser without a bearer proves no earlier session: its sign-in is the compiled one, whose write checks that no
    // brand key was revoked since the keys were read, so that they may come from this node's copy.
    const cachedKeys = attempt === 'first' && consume === 'by-caller' && deps.freshSignIn !== undefined && input.bearer === null;
    const alreadyCounted = attempt === 'again';
    const result = await deps.authenticator.authenticate({
      projectId,
      credentials,
      clientIp,
      consume,
      report: false,
      cachedKeys,
      alreadyCounted,
    });
    if (!result.ok) throw await this.refused(input, result.reason, started);
    const project = await deps.projects.get(projectId);
    const proof = await this.proofOf(project.id, input.currentVuid, input.bearer);
    const verified = result.credentials;
    const keysToClaim = consume === 'by-caller' ? singleUseClaim(project.id, verified) : null;
    // Without a proven session to continue, the sign-in's writes are the compiled ones.
    const fresh = proof === null ? deps.freshSignIn : undefined;
    if (fresh && keysToClaim) {
      const session = await fresh.write({
        projectId: project.id,
        userId: verified.userId,
        visitorData: storedVisitorData(verified.visitorData),
        brandKeyId: verified.brandKeyRecordId,
        platformKeyId: verified.platformKeyId,
        lifetimeSeconds: project.settings.sessionLifetimeSeconds,
        clientIp,
        claim: keysToClaim,
        revokedBrandKeys: result.revokedBrandKeys,
      });
      if (session === 'BRAND_KEYS_CHANGED') return session;
      if (session === 'CREDENTIALS_REPLAYED') throw await this.refused(input, session, started);
      await deps.authenticator.spent(verified);
      return this.answer(session);
    }
    try {
      const answer = await this.signIn(input, verified, project, proof, keysToClaim);
      if (keysToClaim) await deps.authenticator.spent(verified);
      return answer;
    } catch (error) {
      if (error instanceof Replayed) throw await this.refused(input, 'CREDENTIALS_REPLAYED', started);
      throw error;
    }
  }

  /** A refused activation, counted, and logged to its project with its webhook event: the error to throw. */
  private async refused(input: { projectId: string; clientIp: string; origin: string | null }, reason: ReasonCode, started: number) {
    const { deps } = this;
    deps.observer?.observeAuthentication('credentials', 'failure', reason, (performance.now() - started) / 1000);
    // Unknown projects and throttled floods are counted in metrics, not written to a project's log.
    if (reason !== 'PROJECT_NOT_FOUND' && reason !== 'RATE_LIMITED') {
      await deps.authLog?.record({ ...eventBase(input), outcome: 'FAILURE', reason });
      await deps.webhooks?.record([authenticationFailed(input.projectId, reason, input.origin)]);
    }
    return reasonError(reason);
  }

  /** The general path of a verified sign-in: it may continue, claim and revoke the browser's proven session. */
  private signIn(
    input: { clientIp: string; projectId: string },
    credentials: VerifiedCredentials,
    project: Project,
    proof: VuidProof | null,
    keysToClaim: SingleUseClaim | null,
  ): Promise<VisitorSessionAnswer> {
    const { deps } = this;
    const { userId, platformKeyId } = credentials;
    const brandKeyId = credentials.brandKeyRecordId;
    // Every write of a successful activation commits at once (one commit instead of five).
    return deps.transaction(async () => {
      // First, so that a replay waits on the claim's keys holding nothing else; thrown, it undoes the transaction.
      if (keysToClaim && !(await deps.singleUse?.rememberOnce(keysToClaim.keys, keysToClaim.until))) throw new Replayed();
      const prior = await this.claim(proof);
      // Same user again (or an anonymous visitor signing in) keeps the vuid; another user gets a fresh one.
      const keepVuid = prior !== null && (prior.userId === null || prior.userId === userId);
      const visitor = await deps.visitors.signIn(project.id, userId, keepVuid ? prior.vuid : null, credentials.visitorData);
      // Sign-in ends every other session of this browser, so no anonymous one can reach the user's profile.
      if (keepVuid) await deps.sessions.revokeVisitor(visitor.vuid);
      if (prior && keepVuid && prior.userId === null)
        await deps.identity?.signedIn({ userId, anonymousProfileId: prior.profileId, userProfileId: visitor.profileId });
      const opened = await this.openSession(visitor, {
        userId,
        authenticated: true,
        brandKeyId,
        platformKeyId,
        lifetimeSeconds: project.settings.sessionLifetimeSeconds,
      });
      const success = { outcome: 'SUCCESS', reason: null, platformKeyId, brandKeyId, userId, vuid: visitor.vuid } as const;
      await deps.authLog?.record({ ...eventBase(input), ...success });
      await deps.webhooks?.record([visitorAuthenticated(opened.session, prior?.userId === userId)]);
      return opened;
    });
  }

  /**
   * An anonymous session: the proven vuid continues, else a fresh one. A valid `transferToken`
   * presented from a listed origin continues the visitor it was made for instead
   * (`transferRedeemed`); a refused one is ignored, never an error (spec §6.7).
   */
  async anonymously(input: {
    projectId: string;
    vuid: string | null;
    bearer: string | null;
    clientIp: string;
    origin: string | null;
    transferToken?: string | null;
  }): Promise<VisitorSessionAnswer> {
    const started = performance.now();
    const { deps } = this;
    const fail = (reason: 'RATE_LIMITED' | 'PROJECT_NOT_FOUND' | 'ANONYMOUS_DISABLED') => {
      deps.observer?.observeAuthentication('anonymous', 'failure', reason, (performance.now() - started) / 1000);
      return reasonError(reason);
    };
    if (!(await deps.rateLimiter.hit(attemptKey(input.clientIp, input.projectId)))) throw fail('RATE_LIMITED');
    const project = await deps.projects.find(input.projectId);
    if (!project) throw fail('PROJECT_NOT_FOUND');
    if (input.origin !== null && !originAllowed(project.settings, input.origin)) throw originRefused(input.origin);
    if (!project.settings.allowAnonymous) throw fail('ANONYMOUS_DISABLED');
    const proof = await this.proofOf(project.id, input.vuid, input.bearer);
    const lifetimeSeconds = project.settings.sessionLifetimeSeconds;
    const answer = await deps.transaction(async () => {
      // Only from a listed origin: cross-domain continuity exists only with an explicit list.
      const transferred =
        input.transferToken && deps.transfers && originListed(project.settings, input.origin)
          ? await deps.transfers.redeem(project, input.transferToken)
          : null;
      if (transferred) {
        // The visitor moves, it is not shared: the sessions it came from end, so a link planted in someone else's
        // browser does not let its maker read what that browser writes next.
        await deps.sessions.revokeVisitor(transferred.vuid);
        const details = { userId: null, authenticated: false, brandKeyId: null, platformKeyId: null, lifetimeSeconds };
        return { ...(await this.openSession(transferred, details)), transferRedeemed: true };
      }
      const prior = await this.claim(proof);
      // An authenticated vuid never continues anonymously: its history belongs to the signed-in user.
      const known = prior !== null && !prior.authenticated ? await deps.visitors.find(prior.vuid) : null;
      const continuing = known !== null && known.userId === null ? known : null;
      const visitor = continuing ?? (await deps.visitors.createAnonymous(project.id));
      return this.openSession(visitor, {
        userId: null,
        authenticated: false,
        brandKeyId: null,
        platformKeyId: null,
        lifetimeSeconds,
      });
    });
    deps.observer?.observeAuthentication('anonymous', 'success', null, (performance.now() - started) / 1000);
    return answer;
  }

  /** Ends this browser's session. Idempotent for a genuine token; anything else is VISITOR_SESSION_EXPIRED. */
  async logout(bearer: string | null): Promise<{ loggedOut: true }> {
    if (!bearer) throw sessionExpired();
    const check = await this.deps.tokens.verify(bearer, {
      audience: VISITOR_AUDIENCE,
      nowSeconds: this.deps.nowSeconds(),
      graceSeconds: VUID_PROOF_GRACE_SECONDS,
    });
    if (!check.ok) throw sessionExpired();
    const { sid, authenticated, profileId } = check.claims;
    await this.deps.transaction(async () => {
      const session = authenticated ? await this.deps.sessions.find(sid) : null;
      if (session?.userId) await this.deps.visitors.lockUser(session.projectId, session.userId);
      const ended = await this.deps.sessions.revoke(sid);
      if (!(ended && authenticated && profileId)) return;
      await this.deps.identity?.signedOut(profileId);
      if (session?.userId) await this.deps.webhooks?.record([visitorLoggedOut(session.projectId, session.userId, [sid], 'logout')]);
    });
    return { loggedOut: true };
  }

  /** The live session a visitor bearer stands for, or VISITOR_SESSION_EXPIRED (spec §5.4). */
  async resolve(bearer: string | null): Promise<VisitorSession> {
    if (!bearer) throw sessionExpired();
    const nowSeconds = this.deps.nowSeconds();
    const check = await this.deps.tokens.verify(bearer, { audience: VISITOR_AUDIENCE, nowSeconds });
    if (!check.ok) throw sessionExpired();
    const session = await this.deps.sessions.find(check.claims.sid);
    if (!session || session.revokedAt !== null || Date.parse(session.expiresAt) <= nowSeconds * 1000) throw sessionExpired();
    return session;
  }

  /**
   * What `bearer` proves about `vuid` (spec §5.2): a genuine visitor token of this project for that
   * very vuid, expired at most 30 days ago. Anything else proves nothing (a fresh vuid follows).
   */
  private async proofOf(projectId: string, vuid: string | null, bearer: string | null): Promise<VuidProof | null> {
    if (!bearer || !isWellFormedVuid(vuid)) return null;
    const check = await this.deps.tokens.verify(bearer, {
      audience: VISITOR_AUDIENCE,
      nowSeconds: this.deps.nowSeconds(),
      graceSeconds: VUID_PROOF_GRACE_SECONDS,
    });
    if (!check.ok || check.claims.projectId !== projectId || check.claims.vuid !== vuid) return null;
    return { projectId, vuid, sessionId: check.claims.sid };
  }

  /**
   * The proven session if it is still live, revoked by this call: of concurrent requests
   * presenting the same proof, exactly one continues the vuid (the revocation is the claim).
   */
  private async claim(proof: VuidProof | null): Promise<VisitorSession | null> {
    if (!proof) return null;
    const session = await this.deps.sessions.find(proof.sessionId);
    if (!session || session.revokedAt !== null || session.vuid !== proof.vuid || session.projectId !== proof.projectId) return null;
    return (await this.deps.sessions.revoke(session.id)) ? session : null;
  }

  private async openSession(
    visitor: Visitor,
    details: Omit<NewVisitorSession, 'projectId' | 'vuid' | 'profileId'>,
  ): Promise<VisitorSessionAnswer> {
    const session = await this.deps.sessions.create({
      ...details,
      projectId: visitor.projectId,
      vuid: visitor.vuid,
      profileId: visitor.profileId,
    });
    return this.answer(session);
  }

  /** The visitor's access token for a stored session. */
  private async answer(session: VisitorSession): Promise<VisitorSessionAnswer> {
    const accessToken = await this.deps.tokens.sign({
      sid: session.id,
      audience: VISITOR_AUDIENCE,
      projectId: session.projectId,
      vuid: session.vuid,
      profileId: session.profileId,
      authenticated: session.authenticated,
      issuedAt: Math.floor(Date.parse(session.createdAt) / 1000),
      expiresAt: Math.floor(Date.parse(session.expiresAt) / 1000),
    });
    return { accessToken, vuid: session.vuid, expiresAt: session.expiresAt, session, transferRedeemed: false };
  }
}

/** Credentials found already used by the claim in a sign-in's transaction: the sign-in is refused CREDENTIALS_REPLAYED. */
class Replayed extends Error {}

/** The brand's visitorData as the profile stores it: null when it sent none (the profile keeps what it had). */
const storedVisitorData = (data: VisitorData | null): string | null => (data && Object.keys(data).length > 0 ? JSON.stringify(data) : null);

const eventBase = (input: { projectId: string; clientIp: string }) => ({
  projectId: input.projectId,
  clientIp: input.clientIp,
  platformKeyId: null,
  brandKeyId: null,
  userId: null,
  vuid: null,
});
