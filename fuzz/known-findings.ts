/**
 * Findings of the fuzz that are reported, not failed on, until the server changes: each names the
 * failed check it stands for as narrowly as possible, and docs/fuzzing.md describes it with its
 * reproduction. A run counts them in its summary; FUZZ_STRICT=1 fails on them like on any other.
 * Remove an entry once the server is fixed, so the fuzz holds it to the fix.
 */
import type { StreamName } from './lib/stream.js';

export interface KnownFinding {
  id: string;
  stream: StreamName;
  summary: string;
  matches(testCase: unknown, message: string): boolean;
}

export const KNOWN_FINDINGS: readonly KnownFinding[] = [];
