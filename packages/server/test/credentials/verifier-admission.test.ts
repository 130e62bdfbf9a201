import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createVerifierPool } from '../../src/credentials/index.js';
import { formatExecution } from '../../src/graphql/errors.js';
import { OverloadedError } from '../../src/overload.js';

const garbage = {
  credentials: 'not.a.credential.at.all',
  now: 1_700_000_000,
  platformKeys: [],
  policy: { acceptedIssuers: [], maxTokenLifetimeSeconds: 60, brandKeys: [] },
};

describe('verifier pool admission (issue 13, overload)', () => {
  it('refuses verifications past maxPending at once, and admits again once they are done', async () => {
    const pool = createVerifierPool({ size: 1, maxPending: 4 });
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => pool.verify(garbage)));
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(4);
      expect(refused).toHaveLength(6);
      for (const outcome of refused) {
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(OverloadedError);
        expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/at capacity \(4 credential verifications pending\)/);
      }
      const again = await Promise.all(Array.from({ length: 4 }, () => pool.verify(garbage)));
      expect(again.every((result) => !result.ok)).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('an overloaded node answers GraphQL', () => {
  it('503 SERVICE_UNAVAILABLE, retry with backoff, as for an unavailable database', () => {
    const error = new GraphQLError('x', { originalError: new OverloadedError('256 credential verifications pending'), path: ['a'] });
    const { statusCode, response } = formatExecution({ data: null, errors: [error] }, null);
    expect(statusCode).toBe(503);
    expect(response.errors?.[0]).toMatchObject({
      message: 'the server is at capacity (256 credential verifications pending): retry with backoff',
      extensions: { name: 'SERVICE_UNAVAILABLE', retryPolicy: 'RETRY_WITH_BACKOFF' },
    });
  });
});
