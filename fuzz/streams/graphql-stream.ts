/**
 * The GraphQL stream: each case is one request to /graphql, from nobody, from a visitor (its
 * session token, replaced after a case logs it out), or with a bearer that is not valid.
 */
import { buildClientSchema } from 'graphql';
import { checkGraphQLAnswer } from '../checks/graphql-answer.js';
import { type GraphQLCase, type GraphQLRequest, graphqlCases } from '../graphql-documents.js';
import { anonymousVisitor, type Fixture } from '../lib/fixture.js';
import { exchange, type HttpAnswer } from '../lib/http.js';
import type { FuzzStream } from '../lib/stream.js';

const BAD_OPAQUE = 'prl_op_0000000000000000000000000000000000000000';

export async function graphqlStream(fixture: Fixture, serverAlive: () => boolean): Promise<FuzzStream<GraphQLCase>> {
  const schema = buildClientSchema(fixture.introspection);
  const visitor = await anonymousVisitor(fixture.url, fixture.projects.main);
  let visitorToken: string | null = visitor.token;
  const known = {
    projectIds: Object.values(fixture.projects),
    conversationId: fixture.victim.conversationId,
    vuid: visitor.vuid,
  };
  const send = (request: GraphQLRequest, bearer: string | null): Promise<HttpAnswer> => {
    const authorization = bearer === null ? {} : { authorization: `Bearer ${bearer}` };
    if (request.kind === 'get')
      return exchange(
        `${fixture.url}/graphql?query=${encodeURIComponent(request.query)}`,
        { method: 'GET', headers: authorization },
        serverAlive,
      );
    const body =
      request.kind === 'raw'
        ? request.body
        : JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    const contentType = request.kind === 'raw' ? request.contentType : 'application/json';
    return exchange(
      `${fixture.url}/graphql`,
      { method: 'POST', headers: { ...(contentType ? { 'content-type': contentType } : {}), ...authorization }, body },
      serverAlive,
    );
  };
  return {
    name: 'graphql',
    cases: graphqlCases(schema, known),
    async run({ caller, request }) {
      if (caller === 'visitor') visitorToken ??= (await anonymousVisitor(fixture.url, fixture.projects.main)).token;
      const bearer =
        caller === 'visitor' ? visitorToken : caller === 'badOpaque' ? BAD_OPAQUE : caller === 'garbageBearer' ? 'not.a.token' : null;
      const answer = await send(request, bearer);
      const verdict = checkGraphQLAnswer(request, caller, answer);
      // A logout, or a sign-in over it, ends the visitor's session: the next visitor case gets a new one.
      if (caller === 'visitor' && verdict.fields.some((name) => name !== 'visitorSession' && name.startsWith('visitor')))
        visitorToken = null;
      return { latencyMs: answer.ms, accepted: verdict.answered ? 1 : 0, refused: verdict.answered ? 0 : 1, label: verdict.label };
    },
    close: async () => {},
  };
}
