import { connect } from 'node:net';
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
  let admin: string;
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
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
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

  it('while the bound is full, refuses a visitor at the door before its body arrives, and still serves operators', async () => {
    const first = gql(testApp.app, ANONYMOUSLY, { projectId });
    const activations = Array.from({ length: 2 }, async () =>
      gql(testApp.app, FROM_CREDENTIALS, { projectId, credentials: await brandCredentials(testApp.services, { userId: 'u-2' }) }),
    );
    expect((await first).errors).toBeUndefined();
    await expect.poll(() => held.length).toBe(2);
    const url = new URL(await testApp.app.listen({ port: 0, host: '127.0.0.1' }));

    // Headers only: a body of 1,000 bytes is announced and never sent.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write(
          'POST /graphql HTTP/1.1\r\nHost: x\r\nOrigin: https://brand.example\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
        ),
      );
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (!received.includes('}]}')) return;
        socket.destroy();
        resolve(received);
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/\r\nretry-after: 2\r\n/i);
    expect(answer).toMatch(/\r\naccess-control-allow-origin: \*\r\n/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      errors: Array<{ message: string; extensions: { name: string } }>;
    };
    expect(body.errors[0]?.extensions.name).toBe('SERVICE_UNAVAILABLE');
    expect(body.errors[0]?.message).toMatch(/at capacity \(2 visitor activations in progress\)/);

    const operator = await gql(testApp.app, '{ projects { totalCount } }', {}, admin);
    expect(operator.errors).toBeUndefined();

    for (const release of held.splice(0)) release();
    for (const answered of await Promise.all(activations)) expect(answered.errors).toBeUndefined();
    expect((await gql(testApp.app, ANONYMOUSLY, { projectId })).errors).toBeUndefined();
  });
});
