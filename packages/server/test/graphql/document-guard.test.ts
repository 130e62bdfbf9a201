import { describe, expect, it } from 'vitest';
import { DocumentGuard, MAX_DOCUMENT_NESTING, nestingOf } from '../../src/graphql/document-guard.js';

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
    expect(() => guard.check(`{ ${'a '.repeat(5000)}}`)).toThrow(/more than 5000 tokens/);
    expect(() => guard.check(`{ ${'a '.repeat(4990)}}`)).not.toThrow();
  });
});
