import type { ReasonCode } from '@parley/protocol';
import type { CheckName } from './types.js';

/** Thrown by a stage when its check fails; the pipeline turns it into a failing check. */
export class StageFailure extends Error {
  constructor(
    readonly check: CheckName,
    readonly reason: ReasonCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function fail(check: CheckName, reason: ReasonCode, detail: string): never {
  throw new StageFailure(check, reason, detail);
}

/** Shows an untrusted value in a check detail, short and on one line. */
export function describe(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
