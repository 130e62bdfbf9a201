import type { VisitorData } from '@parley/protocol';
import { privateKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import type { Services } from '../../src/services.js';
import type { TestApp } from './app.js';
import { gqlOk } from './graphql.js';

export interface VisitorSessionOf {
  accessToken: string;
  vuid: string;
}

type Answer = Record<string, { visitorSessionToken: { accessToken: string }; vuid: string }>;

const sessionOf = (data: Answer): VisitorSessionOf => {
  const answer = Object.values(data)[0] as { visitorSessionToken: { accessToken: string }; vuid: string };
  return { accessToken: answer.visitorSessionToken.accessToken, vuid: answer.vuid };
};

/** Credentials for `userId` made as a brand backend would: the test-vector brand key, the server's current platform key. */
export async function brandCredentials(
  services: Services,
  options: { userId: string; visitorData?: VisitorData; issuedAt?: number; lifetimeSeconds?: number },
): Promise<string> {
  const [platform] = await services.platformKeys.list('rsa');
  if (!platform) throw new Error('the server has no platform key');
  return createCredentials({ ...options, brandPrivateKey: privateKey('brand'), platformPublicKey: platform.publicKey });
}

/** Visitors of a project (both read lazily: tests set them in beforeAll), signed in through the real mutations (credentials made with the test-vector brand key). */
export function visitorsOf(testApp: () => TestApp, projectId: () => string) {
  return {
    async anonymous(project = projectId()): Promise<VisitorSessionOf> {
      return sessionOf(
        await gqlOk<Answer>(
          testApp().app,
          'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }',
          { p: project },
        ),
      );
    },
    async signIn(userId: string, current: VisitorSessionOf | null = null, visitorData?: VisitorData): Promise<VisitorSessionOf> {
      const credentials = await brandCredentials(testApp().services, { userId, ...(visitorData ? { visitorData } : {}) });
      return sessionOf(
        await gqlOk<Answer>(
          testApp().app,
          'mutation($p: ID!, $c: String!, $v: String) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c, currentVuid: $v }) { vuid visitorSessionToken { accessToken } } }',
          { p: projectId(), c: credentials, v: current?.vuid ?? null },
          current?.accessToken ?? null,
        ),
      );
    },
  };
}
