import { hintFor, type ReasonCode } from '@parley/protocol';
import type { Check } from './types.js';

/** The steps the server runs before the credentials pipeline, in spec §2.6 order. */
const SERVER_STEPS = [
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
] as const satisfies readonly { reason: ReasonCode; name: string; passed: string; failed: string }[];

export type ServerStepReason = (typeof SERVER_STEPS)[number]['reason'];
export type ServerCheckName = (typeof SERVER_STEPS)[number]['name'];

/** The checks of the server's own steps: all passed (`failed` null), or up to the one that failed. */
export function serverChecks(failed: ServerStepReason | null): Check[] {
  const checks: Check[] = [];
  for (const step of SERVER_STEPS) {
    if (step.reason === failed) return [...checks, { name: step.name, ok: false, detail: step.failed, hint: hintFor(step.reason) }];
    checks.push({ name: step.name, ok: true, detail: step.passed, hint: null });
  }
  return checks;
}
