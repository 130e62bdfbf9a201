import type { VisitorData } from '@parley/protocol';
import { privateKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
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
      const [platform] = await testApp().services.platformKeys.list('rsa');
      const credentials = await createCredentials({
        userId,
        visitorData,
        brandPrivateKey: privateKey('brand'),
        platformPublicKey: platform?.publicKey as NonNullable<typeof platform>['publicKey'],
      });
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
