import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsVerifier, createInlineVerifier } from '../../src/credentials/verifier.js';
import { InProgressLimit, OverloadedError } from '../../src/overload.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, passwordGrant, securedProject } from '../helpers/graphql.js';
import { brandCredentials } from '../helpers/visitors.js';

const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) { vuid }
  }`;
const ANONYMOUSLY = 'mutation($projectId: ID!) { visitorAuthenticateAnonymously(input: { projectId: $projectId }) { vuid } }';

describe('InProgressLimit', () => {
  it('refuses past its bound at once, and admits again as work ends, failed work included', async () => {
    const limit = new InProgressLimit(2, 'things');
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = limit.run(() => held.then(() => 'first'));
    const second = limit.run(() => held.then(() => Promise.reject(new Error('failed'))));
    await expect(limit.run(async () => 'third')).rejects.toThrow(new OverloadedError('2 things in progress'));
    expect(limit.inProgress).toBe(2);
    release();
    expect(await first).toBe('first');
    await expect(second).rejects.toThrow('failed');
    expect(limit.inProgress).toBe(0);
    expect(await limit.run(async () => 'again')).toBe('again');
  });
});

// The bound runs from the resolver's start: verifications held in the verifier count, and an
// activation past the bound is refused before it reads the database or queues for a worker.
describe('visitor activations in progress per node (issue 13, overload)', () => {
  let testApp: TestApp;
  let projectId: string;
  const held: Array<() => void> = [];
  const inline = createInlineVerifier();
  const holding: CredentialsVerifier = {
    verify: async (input, options) => {
      await new Promise<void>((resolve) => held.push(resolve));
      return inline.verify(input, options);
    },
    close: () => inline.close(),
  };

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', { env: { ...ADMIN_ENV, PARLEY_MAX_ACTIVATIONS_IN_PROGRESS: '2' }, verifier: holding });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(() => testApp?.dispose());

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After past the bound, and admits again once activations end', async () => {
    const activate = async () =>
      gql(testApp.app, FROM_CREDENTIALS, { projectId, credentials: await brandCredentials(testApp.services, { userId: 'u-1' }) });
    const first = activate();
    const second = activate();
    await expect.poll(() => held.length).toBe(2);
    for (const refused of [await activate(), await gql(testApp.app, ANONYMOUSLY, { projectId })]) {
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(errorName(refused)).toBe('SERVICE_UNAVAILABLE');
      expect(refused.errors?.[0]?.message).toMatch(/at capacity \(2 visitor activations in progress\)/);
    }
    for (const release of held.splice(0)) release();
    for (const answer of [await first, await second]) expect(answer.errors).toBeUndefined();
    expect((await gql(testApp.app, ANONYMOUSLY, { projectId })).errors).toBeUndefined();
  });
});
