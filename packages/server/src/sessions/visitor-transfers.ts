import type { Conversations } from '../conversations/conversations.js';
import { ApiError } from '../errors.js';
import type { Visitor, Visitors } from '../identity/visitors.js';
import { randomSecret, sha256Hex } from '../operators/opaque-secrets.js';
import type { Project, Projects } from '../projects/projects.js';
import type { Store } from '../store/open-store.js';
import type { SessionStore, VisitorSession } from './session-store.js';

export const TRANSFER_TOKEN_PREFIX = 'prl_tr_';
/** How long a transfer token may be redeemed (spec §6.7). */
export const TRANSFER_LIFETIME_SECONDS = 300;

/** Unused tokens a visitor may hold at once; minting another is RATE_LIMITED until one is used or expires. */
export const MAX_OUTSTANDING_TRANSFERS = 5;

/** `prl_tr_` + 32 random bytes in base64url (256 bits). */
const TOKEN_PATTERN = /^prl_tr_[A-Za-z0-9_-]{43}$/;

export interface VisitorTransferDeps {
  store: Store;
  now: () => Date;
  projects: Projects;
  conversations: Conversations;
  visitors: Visitors;
  sessions: SessionStore;
}

export interface TransferAnswer {
  /** Null when there is nothing to transfer (authenticated session, no allowedOrigins list, no open conversation). */
  transferToken: string | null;
  expiresAt: string | null;
}

/**
 * Cross-domain continuity for anonymous visitors (spec §6.7): a token that lets a page of another
 * listed origin continue the same visitor and conversation. Random and opaque (only its SHA-256
 * is stored), single use, valid 5 minutes, bound to the project, the visitor, the conversation and
 * the session that minted it; a redemption ends the visitor's other tokens, and a visitor holds at
 * most MAX_OUTSTANDING_TRANSFERS at once.
 */
export class VisitorTransfers {
  constructor(private readonly deps: VisitorTransferDeps) {}

  /** A transfer token for the visitor of `session`, or nulls when there is nothing to transfer. */
  async create(session: VisitorSession): Promise<TransferAnswer> {
    const nothing: TransferAnswer = { transferToken: null, expiresAt: null };
    // An authenticated user signs in on the other domain with the brand's provider instead.
    if (session.authenticated) return nothing;
    const project = await this.deps.projects.find(session.projectId);
    if (!project || project.settings.allowedOrigins.length === 0) return nothing;
    const conversation = await this.deps.conversations.openOf(session.profileId);
    if (!conversation) return nothing;
    const transferToken = randomSecret(TRANSFER_TOKEN_PREFIX);
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + TRANSFER_LIFETIME_SECONDS * 1000).toISOString();
    await this.deps.store.transaction(async () => {
      const { db } = this.deps.store;
      const outstanding = await db
        .selectFrom('visitor_transfers')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('vuid', '=', session.vuid)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirstOrThrow();
      if (Number(outstanding.count) >= MAX_OUTSTANDING_TRANSFERS) {
        const why = `at most ${MAX_OUTSTANDING_TRANSFERS} transfer tokens of a visitor at once: use one, or wait until one expires (5 minutes)`;
        throw new ApiError('RATE_LIMITED', why);
      }
      await db
        .insertInto('visitor_transfers')
        .values({
          token_hash: sha256Hex(transferToken),
          project_id: project.id,
          vuid: session.vuid,
          profile_id: session.profileId,
          conversation_id: conversation.id,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
          session_id: session.id,
        })
        .execute();
    });
    return { transferToken, expiresAt };
  }

  /**
   * Consumes a transfer token and answers the visitor it continues, or null when it is refused:
   * malformed, unknown, used, expired, of another project, or its conversation has since become
   * authenticated (moved to a user's profile, or closed by a sign-in). Of concurrent redemptions
   * exactly one wins: the consuming update is the claim. The caller checks the request's origin.
   */
  async redeem(project: Project, token: string): Promise<Visitor | null> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const now = this.deps.now().toISOString();
    const claimed = await this.deps.store.db
      .updateTable('visitor_transfers')
      .set({ used_at: now })
      .where('token_hash', '=', sha256Hex(token))
      .where('project_id', '=', project.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['vuid', 'profile_id', 'conversation_id', 'session_id'])
      .executeTakeFirst();
    if (!claimed) return null;
    // A redemption ends every other token of the visitor: a link its maker planted earlier cannot take the visitor back.
    await this.deps.store.db
      .updateTable('visitor_transfers')
      .set({ used_at: now })
      .where('vuid', '=', claimed.vuid)
      .where('used_at', 'is', null)
      .execute();
    // A token dies with the session that minted it (logout, revocation, expiry).
    const minter = claimed.session_id === null ? null : await this.deps.sessions.find(claimed.session_id);
    if (!minter || minter.revokedAt !== null || minter.expiresAt <= now) return null;
    // Sign-in rebinds the vuid to the user's profile and moves or closes the anonymous conversation.
    const visitor = await this.deps.visitors.find(claimed.vuid);
    if (!visitor || visitor.projectId !== project.id || visitor.userId !== null || visitor.profileId !== claimed.profile_id) return null;
    const conversation = await this.deps.conversations.find(claimed.conversation_id);
    if (conversation?.status !== 'open' || conversation.profileId !== claimed.profile_id) return null;
    return visitor;
  }

  /** Forgets tokens that were used or expired before `before` (hourly housekeeping); answers how many. */
  async purge(before: Date = this.deps.now()): Promise<number> {
    const result = await this.deps.store.db
      .deleteFrom('visitor_transfers')
      .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', before.toISOString())]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
