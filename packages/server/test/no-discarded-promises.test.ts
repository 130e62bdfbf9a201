import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Biome's noFloatingPromises catches a promise left unhandled, but accepts `void promise` as
 * deliberate. In the server a discarded rejection used to take the node down (`void
 * this.recheckOperator(…)` during a database outage, issue 12), so server and CLI code handles
 * every promise it does not await with `.catch`: no `void` in front of a call.
 */
const ROOTS = ['../src', '../../cli/src'].map((path) => fileURLToPath(new URL(path, import.meta.url)));
const DISCARD = /(?<![:>|]\s*)\bvoid[ \t]+[A-Za-z_$(]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('server and CLI code', () => {
  it('never discards a promise with void', () => {
    const found = ROOTS.flatMap(sources).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          DISCARD.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')
            ? [`${file}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(found).toEqual([]);
  });

  it('is checked by a pattern that finds a discarded promise', () => {
    expect(DISCARD.test('      if (this.operator) void this.recheckOperator(this.operator.bearer);')).toBe(true);
    expect(DISCARD.test('  start(): void {')).toBe(false);
    expect(DISCARD.test('  onError: (error: unknown) => void;')).toBe(false);
  });
});
