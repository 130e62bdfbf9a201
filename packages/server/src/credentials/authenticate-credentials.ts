import { hintFor } from '@parley/protocol';
import type { BrandKeys } from '../projects/brand-keys.js';
import type { Projects } from '../projects/projects.js';
import { attemptKey, type RateLimiter } from './rate-limiter.js';
import type { ReplayStore } from './replay-store.js';
import { type ServerStepReason, serverChecks } from './server-checks.js';
import { checkSingleUse } from './single-use.js';
import type {
  BrandVerificationKey,
  PlatformDecryptionKey,
  VerificationFailure,
  VerificationSuccess,
  VerifiedCredentials,
} from './types.js';
import type { CredentialsVerifier } from './verifier.js';

export interface CredentialsAuthenticatorDeps {
  projects: Projects;
  brandKeys: BrandKeys;
  platformKeys: { decryptionKeys(): Promise<PlatformDecryptionKey[]> };
  verifier: CredentialsVerifier;
  replayStore: ReplayStore;
  rateLimiter: RateLimiter;
  nowSeconds: () => number;
}

export interface AuthenticateRequest {
  projectId: string;
  credentials: string;
  clientIp: string;
  /**
   * True: consumed here (spec §2.4). False, for the test mutation: verified fully, neither consumed nor counted as
   * used. 'by-caller': verified only; the caller consumes them with its own writes (`singleUseClaim`), so that
   * credentials are spent only if the session they open is stored, and then calls `spent`.
   */
  consume: boolean | 'by-caller';
  /** Include checks, headers and claims (operators); visitors get the code only. */
  report: boolean;
  /**
   * The brand key records may come from this node's copy (`BrandKeys.verificationSet`): only for a caller that
   * writes with the `revokedBrandKeys` check, so that a key revoked since is refused there. A failure with the copy
   * is verified again against the records read now (a key added or revoked elsewhere since changes the answer).
   */
  cachedKeys?: boolean;
  /** The attempt was counted against the rate limit already (the caller verifies again after its write refused). */
  alreadyCounted?: boolean;
}

/**
 * A success carries, when its keys came from this node's copy, how many of the project's brand key records were
 * revoked when the copy was read: the caller's write must find the same count. Null: the records were read now.
 */
export type AuthenticationResult = (VerificationSuccess & { readonly revokedBrandKeys: number | null }) | VerificationFailure;

/** A failure of the server's own steps; operators (`report`) see the steps that ran as checks. */
function serverFailure(reason: ServerStepReason, report: boolean): VerificationFailure {
  const checks = report ? serverChecks(reason) : [];
  return { ok: false, reason, hint: hintFor(reason), checks, jweHeader: null, jwsHeader: null, claims: null, unknownBrandKid: null };
}

/**
 * spec §2.6 as the server runs it: the rate limit before anything is parsed, then the project's
 * state, then the credentials pipeline (on the verifier pool), then single use.
 */
export class CredentialsAuthenticator {
  constructor(private readonly deps: CredentialsAuthenticatorDeps) {}

  /**
   * Credentials authenticated 'by-caller' were consumed: their brand key counts as used (`lastUsedAt`). Best effort:
   * the sign-in it follows is stored, and a failed write is tried again at the key's next use.
   */
  async spent(credentials: VerifiedCredentials): Promise<void> {
    await this.deps.brandKeys.markUsed(credentials.brandKeyRecordId).catch(() => {});
  }

  async authenticate(request: AuthenticateRequest): Promise<AuthenticationResult> {
    const { deps } = this;
    const { report } = request;
    const allowed = request.alreadyCounted === true || (await deps.rateLimiter.hit(attemptKey(request.clientIp, request.projectId)));
    if (!allowed) return serverFailure('RATE_LIMITED', report);
    const project = await deps.projects.find(request.projectId);
    if (!project) return serverFailure('PROJECT_NOT_FOUND', report);
    if (!project.settings.authenticatedMode) return serverFailure('AUTHENTICATED_MODE_DISABLED', report);
    let brandKeys = await deps.brandKeys.verificationSet(project.id, { cached: request.cachedKeys === true });
    if (!brandKeys.hasActiveKey && brandKeys.cached) brandKeys = await deps.brandKeys.verificationSet(project.id);
    if (!brandKeys.hasActiveKey) return serverFailure('NO_BRAND_KEY', report);

    const platformKeys = await deps.platformKeys.decryptionKeys();
    const verify = (keys: readonly BrandVerificationKey[]) =>
      deps.verifier.verify(
        {
          credentials: request.credentials,
          now: deps.nowSeconds(),
          platformKeys,
          policy: {
            acceptedIssuers: project.settings.acceptedIssuers,
            maxTokenLifetimeSeconds: project.settings.maxTokenLifetimeSeconds,
            brandKeys: keys,
          },
        },
        { report },
      );
    let result = await verify(brandKeys.keys);
    if (!result.ok && brandKeys.cached) {
      // This node's copy may lack a key added through another node since, or hold one revoked since (whose
      // signature verified before a later check failed): the answer is the one the records as they are give.
      const read = await deps.brandKeys.verificationSet(project.id);
      if (!read.hasActiveKey) return serverFailure('NO_BRAND_KEY', report);
      if (read.revision !== brandKeys.revision) result = await verify(read.keys);
      brandKeys = read;
    }
    // spec §2.2: an unknown JWS kid causes one refetch of the project's JWKS URLs (the brand may have rotated).
    if (!result.ok && result.reason === 'SIGNATURE_INVALID' && result.unknownBrandKid !== null && brandKeys.jwksUrls.length > 0) {
      if (await deps.brandKeys.refetchForUnknownKid(brandKeys.jwksUrls, result.unknownBrandKid)) {
        brandKeys = await deps.brandKeys.verificationSet(project.id);
        result = await verify(brandKeys.keys);
      }
    }
    if (report) result = { ...result, checks: [...serverChecks(null), ...result.checks] };
    if (!result.ok) return result;
    const revokedRecords = brandKeys.cached ? brandKeys.revokedRecords : null;
    if (!request.consume || request.consume === 'by-caller') return { ...result, revokedBrandKeys: revokedRecords };
    const consumed = await checkSingleUse(result, project.id, deps.replayStore);
    if (!consumed.ok) return consumed;
    await deps.brandKeys.markUsed(consumed.credentials.brandKeyRecordId);
    return { ...consumed, revokedBrandKeys: revokedRecords };
  }
}
