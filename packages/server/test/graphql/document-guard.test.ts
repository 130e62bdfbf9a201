import { describe, expect, it } from 'vitest';
import {
  DocumentGuard,
  MAX_DOCUMENT_ALIASES,
  MAX_DOCUMENT_NESTING,
  MAX_DOCUMENT_TOKENS,
  MAX_RESPONSE_NAME_REPEATS,
  nestingOf,
} from '../../src/graphql/document-guard.js';

describe('document guard (issue 13)', () => {
  it('counts bracket nesting outside strings, block strings and comments', () => {
    expect(nestingOf('{ a { b(c: [1, {d: 2}]) } }')).toBe(5);
    expect(nestingOf('{ a(s: "{{{{ \\" {{{{") }')).toBe(2);
    expect(nestingOf('{ a(s: """ {{{{ \\""" {{{{ """) }')).toBe(2);
    expect(nestingOf('# {{{{{{\n{ a }')).toBe(1);
    expect(nestingOf('')).toBe(0);
  });

  it('accepts a document at the nesting limit and refuses one past it', () => {
    const guard = new DocumentGuard();
    const nested = (depth: number) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`;
    expect(() => guard.check(nested(MAX_DOCUMENT_NESTING))).not.toThrow();
    expect(() => guard.check(nested(MAX_DOCUMENT_NESTING + 1))).toThrow(/nests deeper than 64 brackets \(65\)/);
  });

  it('refuses what is not GraphQL text, and a document of too many tokens', () => {
    const guard = new DocumentGuard();
    expect(() => guard.check('{"kind":"Document","definitions":[]}')).toThrow(/^Syntax Error/);
    const fields = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `f${i}`).join(' ')} }`;
    expect(() => guard.check(fields(MAX_DOCUMENT_TOKENS))).toThrow(/more than 2000 tokens/);
    expect(() => guard.check(fields(MAX_DOCUMENT_TOKENS - 3))).not.toThrow();
  });

  it('refuses more than 50 aliases, and one response name selected more than 50 times, wherever they are', () => {
    const guard = new DocumentGuard();
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: projects { totalCount }`).join(' ')} }`;
    expect(() => guard.check(aliases(MAX_DOCUMENT_ALIASES))).not.toThrow();
    expect(() => guard.check(aliases(MAX_DOCUMENT_ALIASES + 1))).toThrow(/more than 50 aliases/);
    // Spread over fragments and inline fragments, the copies are still merged and compared pairwise.
    const half = MAX_RESPONSE_NAME_REPEATS / 2;
    const spread = (extra: number) =>
      `{ ${'... on Query { serverInfo { version } } '.repeat(half + extra)} ...F } fragment F on Query { ${'serverInfo { version } '.repeat(half)} }`;
    expect(() => guard.check(spread(0))).not.toThrow();
    expect(() => guard.check(spread(1))).toThrow(/selects "serverInfo" more than 50 times/);
    expect(() => guard.check(`{ ${'x: a '.repeat(MAX_RESPONSE_NAME_REPEATS + 1)}}`)).toThrow(/more than 50 aliases|selects "x"/);
  });
});
