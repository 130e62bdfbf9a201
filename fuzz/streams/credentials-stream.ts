/**
 * The credentials stream: each case presents one or two tokens to `visitorAuthenticateFromCredentials`
 * (or to the admins' test mutation) and checks the outcome against the model; an accepted session
 * must name the credential's userId; jku/x5u must never be fetched.
 */
import { checkCredentialAnswer } from '../checks/credential-answer.js';
import { type CredentialCase, credentialCases, type ProjectChoice } from '../credentials.js';
import { builderKeys, goodCredential, presentations, projectState, type Sealed } from '../lib/credential-builder.js';
import { anonymousVisitor, type Fixture } from '../lib/fixture.js';
import { type HttpAnswer, postGraphQL } from '../lib/http.js';
import { openTrap } from '../lib/jku-trap.js';
import type { CaseOutcome, FuzzStream } from '../lib/stream.js';

const ACTIVATE =
  'mutation($p: ID!, $c: String!, $v: String) { x: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c, currentVuid: $v }) { vuid visitorSessionToken { accessToken } } }';
const TEST =
  'mutation($p: ID!, $c: String!) { x: testVisitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { ok reason } }';
const SESSION = '{ visitorSession { userId authenticated } }';
/** A shared base credential is made again this often (its lifetime is 60 s). */
const BASE_REFRESH_MS = 20_000;

export async function credentialsStream(fixture: Fixture, serverAlive: () => boolean): Promise<FuzzStream<CredentialCase>> {
  const trap = await openTrap();
  const keys = builderKeys(fixture, trap.url);
  let base: { sealed: Sealed; madeAt: number } | null = null;
  const shared = (): Sealed => {
    if (!base || Date.now() - base.madeAt > BASE_REFRESH_MS)
      base = { sealed: goodCredential(keys, Math.floor(Date.now() / 1000)), madeAt: Date.now() };
    return base.sealed;
  };
  /** A genuine anonymous session as the bearer; a sign-in ends it, so it is replaced after one. */
  let visitorBearer: string | null = null;
  const projectId = (choice: ProjectChoice) => (typeof choice === 'object' ? choice.unknownId : fixture.projects[choice]);
  const post = (query: string, variables: Record<string, unknown>, bearer: string | null): Promise<HttpAnswer> =>
    postGraphQL(fixture.url, JSON.stringify({ query, variables }), bearer, serverAlive);

  return {
    name: 'credentials',
    cases: credentialCases,
    async run(testCase) {
      const project = projectState(testCase.project, keys);
      const consumes = testCase.route === 'activate';
      const outcome: CaseOutcome = { latencyMs: 0, accepted: 0, refused: 0 };
      let bearer: string | null = null;
      if (testCase.route === 'test') bearer = fixture.adminBearer;
      else if (testCase.bearer === 'garbage') bearer = 'eyJhbGciOiJub25lIn0.e30.';
      else if (testCase.bearer === 'visitor') {
        visitorBearer ??= (await anonymousVisitor(fixture.url, fixture.projects.main)).token;
        bearer = visitorBearer;
      }
      for (const presented of presentations(testCase.recipe, project, consumes, keys, shared())) {
        const variables = { p: projectId(testCase.project), c: presented.token, v: testCase.currentVuid };
        const answer = await post(consumes ? ACTIVATE : TEST, variables, bearer);
        outcome.latencyMs = Math.max(outcome.latencyMs, answer.ms);
        const verdict = checkCredentialAnswer(answer, testCase.route, presented.expected);
        if (verdict.accepted) outcome.accepted++;
        else outcome.refused++;
        outcome.label ??= presented.expected.accept ? 'accepted' : presented.expected.reason;
        if (!verdict.accessToken) continue;
        if (bearer === visitorBearer) visitorBearer = null;
        const session = await post(SESSION, {}, verdict.accessToken);
        outcome.latencyMs = Math.max(outcome.latencyMs, session.ms);
        const info = (session.json as { data?: { visitorSession?: { userId?: unknown; authenticated?: unknown } } } | undefined)?.data
          ?.visitorSession;
        if (info?.authenticated !== true || info.userId !== presented.userId) {
          const illFormed =
            presented.userId !== null && /\p{Cs}/u.test(presented.userId) ? " (the credential's userId is not well-formed UTF-16)" : '';
          throw new Error(
            `the session opened names ${JSON.stringify(info)}, the credential userId ${JSON.stringify(presented.userId)}${illFormed}`,
          );
        }
      }
      if (trap.hits.length > 0) throw new Error(`the server fetched a URL from a token header: ${trap.hits.join(', ')}`);
      return outcome;
    },
    close: () => trap.close(),
  };
}
