import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_TOKENS } from '../../src/graphql/document-guard.js';
import { DOCUMENT_CACHE_ENTRIES } from '../../src/graphql/plugin.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { errorName, gql } from '../helpers/graphql.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** A distinct ~55 KB document just under the token limit: what a client filling the caches sends. */
const wideDocument = (index: number) =>
  `query Q${index} { ${Array.from({ length: MAX_DOCUMENT_TOKENS - 10 }, (_, field) => `f${field}_${'x'.repeat(20)}${index}`).join(' ')} }`;

// The cache sits in front of validation, before any store is read: one dialect is enough.
describe('parsed document cache (issue 15)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await openTestApp('sqlite');
  });
  afterAll(async () => {
    await testApp?.dispose();
  });

  it('answers a repeated document the same way, valid or not', async () => {
    for (let round = 0; round < 3; round++) {
      const valid = await gql(testApp.app, '{ __typename }');
      expect(valid.status).toBe(200);
      expect(valid.errors).toBeUndefined();
      const invalid = await gql(testApp.app, '{ nope }');
      expect(invalid.status).toBe(400);
      expect(errorName(invalid)).toBe('VALIDATION_FAILED');
      expect(invalid.errors?.[0]?.message).toMatch(/Cannot query field "nope" on type "Query"/);
    }
  });

  it('holds a bounded number of documents however many distinct large ones arrive', async () => {
    const distinct = DOCUMENT_CACHE_ENTRIES * 12;
    const before = heapAfterCollection();
    for (let index = 0; index < distinct; index++) {
      const answer = await gql(testApp.app, wideDocument(index));
      expect(errorName(answer)).toBe('VALIDATION_FAILED');
      expect(answer.status).toBe(400);
    }
    const grownMb = (heapAfterCollection() - before) / 2 ** 20;
    // Kept: at most 2 × 16 of them (~1 MB each with their errors, ~32 MB); all 192 held ~350 MB.
    expect(grownMb).toBeLessThan(60);
  }, 60_000);
});
