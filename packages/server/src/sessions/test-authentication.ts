import { randomUUID } from 'node:crypto';
import { type ReasonCode, TEST_AUDIENCE } from '@parley/protocol';
import type { AuthenticateRequest } from '../credentials/authenticate-credentials.js';
import type { VerificationResult } from '../credentials/types.js';
import type { Projects } from '../projects/projects.js';
import type { SessionTokens } from './session-tokens.js';

export interface TestCheck {
  name: string;
  ok: boolean;
  detail: string;
  hint: string | null;
}

export interface TestAuthenticationAnswer {
  ok: boolean;
  reason: ReasonCode | null;
  visitorSessionToken: { accessToken: string } | null;
  checks: TestCheck[];
}

export interface TestAuthenticationDeps {
  projects: Projects;
  authenticator: { authenticate(request: AuthenticateRequest): Promise<VerificationResult> };
  tokens: SessionTokens;
  nowSeconds: () => number;
}

/**
 * `testVisitorAuthenticateFromCredentials` (spec §5.7): the full verification without binding a
 * visitor or consuming the credentials. A bad credential is data, not an error.
 */
export async function testAuthentication(
  deps: TestAuthenticationDeps,
  input: { projectId: string; credentials: string; clientIp: string },
): Promise<TestAuthenticationAnswer> {
  const result = await deps.authenticator.authenticate({ ...input, consume: false, report: true });
  const checks = result.checks.map((check) => ({ ...check }));
  if (!result.ok) return { ok: false, reason: result.reason, visitorSessionToken: null, checks };
  const project = await deps.projects.get(input.projectId);
  const issuedAt = deps.nowSeconds();
  const accessToken = await deps.tokens.sign({
    sid: randomUUID(),
    audience: TEST_AUDIENCE,
    projectId: project.id,
    vuid: null,
    profileId: null,
    authenticated: true,
    issuedAt,
    expiresAt: issuedAt + project.settings.sessionLifetimeSeconds,
  });
  return { ok: true, reason: null, visitorSessionToken: { accessToken }, checks };
}
