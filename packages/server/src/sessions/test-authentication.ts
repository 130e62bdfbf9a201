import { randomUUID } from 'node:crypto';
import { hintFor, type ReasonCode, TEST_AUDIENCE } from '@parley/protocol';
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

/** The server-side steps that run before the credentials pipeline, in SPEC §2 order. */
const SERVER_STEPS: readonly { reason: ReasonCode; name: string; passed: string; failed: string }[] = [
  { reason: 'RATE_LIMITED', name: 'rateLimit', passed: 'within the attempt budget', failed: 'too many attempts from this address' },
  { reason: 'PROJECT_NOT_FOUND', name: 'project', passed: 'project found', failed: 'no project has this id' },
  {
    reason: 'AUTHENTICATED_MODE_DISABLED',
    name: 'authenticatedMode',
    passed: 'authenticated mode is on',
    failed: 'authenticated mode is off',
  },
  {
    reason: 'NO_BRAND_KEY',
    name: 'brandKey',
    passed: 'the project has an active brand key',
    failed: 'the project has no active brand key',
  },
];

function serverChecks(failedReason: ReasonCode | null): TestCheck[] {
  const checks: TestCheck[] = [];
  for (const step of SERVER_STEPS) {
    if (step.reason === failedReason) return [...checks, { name: step.name, ok: false, detail: step.failed, hint: hintFor(step.reason) }];
    checks.push({ name: step.name, ok: true, detail: step.passed, hint: null });
  }
  return checks;
}

export interface TestAuthenticationDeps {
  projects: Projects;
  authenticator: { authenticate(request: AuthenticateRequest): Promise<VerificationResult> };
  tokens: SessionTokens;
  nowSeconds: () => number;
}

/**
 * `testVisitorAuthenticateFromCredentials` (SPEC §5): the full verification without binding a
 * visitor or consuming the credentials. A bad credential is data, not an error.
 */
export async function testAuthentication(
  deps: TestAuthenticationDeps,
  input: { projectId: string; credentials: string; clientIp: string },
): Promise<TestAuthenticationAnswer> {
  const result = await deps.authenticator.authenticate({ ...input, consume: false, report: true });
  const serverFailure = !result.ok && SERVER_STEPS.some((step) => step.reason === result.reason) ? result.reason : null;
  const checks = [...serverChecks(serverFailure), ...(serverFailure ? [] : result.checks.map((check) => ({ ...check })))];
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
