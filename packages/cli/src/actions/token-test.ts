import { hintFor, isReasonCode } from '@parley/protocol/constants';
import type { TokenTestOptions } from '../commands/token-test.js';
import { CliError, type CliIo } from '../io.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint: string | null;
}

interface TestAnswer {
  ok: boolean;
  reason: string | null;
  checks: Check[];
}

interface GraphQLBody {
  data?: { testVisitorAuthenticateFromCredentials?: TestAnswer | null } | null;
  errors?: { message?: string; extensions?: { name?: string; retryPolicy?: string } }[];
}

/** How long the server has to answer before the command gives up. */
export const REQUEST_TIMEOUT_MS = 10_000;

const TEST_MUTATION = `mutation($projectId: ID!, $credentials: String!) {
  testVisitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) {
    ok reason visitorSessionToken { accessToken } checks { name ok detail hint }
  }
}`;

const BEARER_HELP =
  'get a bearer from POST /oauth2/token (grant_type=password for an admin, grant_type=client_credentials for a project API key)';

/** `<server>/graphql`; a URL that already ends in /graphql is kept as it is. */
function graphqlEndpoint(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server must be the server's base URL, such as http://localhost:8080, got "${server}".`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--server must be an http:// or https:// URL, got "${server}".`, 2);
  }
  if (!url.pathname.endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/graphql`;
  url.search = '';
  url.hash = '';
  return url;
}

/** The low-level cause of a failed fetch: ECONNREFUSED, ENOTFOUND, a TLS error… */
function networkCause(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function looksLikeBearer(token: string): boolean {
  return token.startsWith('prl_op_') || token.startsWith('prl_api_');
}

/** A GraphQL error as a message that says what to fix. */
function explain(error: NonNullable<GraphQLBody['errors']>[number], options: { project: string; token: string }): string {
  const name = error.extensions?.name ?? 'UNKNOWN_ERROR';
  const message = error.message ?? '';
  const shape = looksLikeBearer(options.token)
    ? ''
    : ' (this one does not look like one: operator bearers start with prl_op_, project API bearers with prl_api_)';
  switch (name) {
    case 'UNAUTHENTICATED':
      return `the token was refused (UNAUTHENTICATED): it is invalid, expired or revoked; ${BEARER_HELP}${shape}.`;
    case 'PERMISSION_DENIED':
      return `this bearer may not test credentials on project "${options.project}" (PERMISSION_DENIED): it needs an admin or a project API key of that project${shape}.`;
    case 'NOT_FOUND':
      return `project "${options.project}" was not found for this bearer (NOT_FOUND): check --project, and that the API key belongs to that project.`;
    case 'VALIDATION_FAILED':
      return `the server refused the request (VALIDATION_FAILED): ${message}`;
    case 'INTERNAL_ERROR':
      return `the server failed (INTERNAL_ERROR): ${message}; try again, and see the server log if it persists.`;
    default:
      return `the server answered ${name}: ${message}${error.extensions?.retryPolicy === 'RETRY_WITH_BACKOFF' ? ' (try again shortly)' : ''}`;
  }
}

async function ask(endpoint: URL, bearer: string, projectId: string, credentials: string): Promise<TestAnswer> {
  const where = endpoint.origin;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: TEST_MUTATION, variables: { projectId, credentials } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      // Never follow a redirect with the bearer: say where it points instead.
      redirect: 'manual',
    });
  } catch (error) {
    throw new CliError(`cannot reach ${where}: ${networkCause(error)}; is \`parley serve\` running there? (check --server)`);
  }
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    throw new CliError(
      `${endpoint.href} redirects (HTTP ${response.status}${location ? ` to ${location}` : ''}); pass the server's final base URL as --server.`,
    );
  }
  let body: GraphQLBody;
  try {
    body = (await response.json()) as GraphQLBody;
  } catch (error) {
    const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'not JSON';
    throw new CliError(`${endpoint.href} did not answer as a Parley server (HTTP ${response.status}, ${why}); check --server.`);
  }
  const [error] = body.errors ?? [];
  if (error) throw new CliError(explain(error, { project: projectId, token: bearer }));
  const answer = body.data?.testVisitorAuthenticateFromCredentials;
  if (!answer || typeof answer.ok !== 'boolean' || !Array.isArray(answer.checks)) {
    throw new CliError(
      `${endpoint.href} did not answer as a Parley server (HTTP ${response.status}, no testVisitorAuthenticateFromCredentials); check --server.`,
    );
  }
  return answer;
}

/** The hint of the failing check, else the catalogue's hint for the reason. */
function failureHint(answer: TestAnswer): string | null {
  if (answer.ok) return null;
  const failing = answer.checks.find((check) => !check.ok);
  if (failing?.hint) return failing.hint;
  return isReasonCode(answer.reason) ? hintFor(answer.reason) : null;
}

function formatAnswer(answer: TestAnswer, hint: string | null, context: { server: string; project: string }, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [`Checks (server ${context.server}, project ${context.project})`];
  for (const check of answer.checks) {
    lines.push(`  ${check.ok ? paint(32, '✓') : paint(31, '✗')} ${check.name.padEnd(23)} ${check.detail}`);
    if (check.hint) lines.push(`      hint: ${check.hint}`);
  }
  lines.push('');
  lines.push(
    answer.ok
      ? paint(32, 'OK: the server accepts these credentials (tested only: nothing was consumed, no visitor was signed in)')
      : `${paint(31, `FAILED: ${answer.reason ?? 'unknown reason'}`)}${hint ? `\n${hint}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export async function test(jweArgument: string, options: TokenTestOptions, io: CliIo): Promise<number> {
  const endpoint = graphqlEndpoint(options.server);
  const projectId = options.project.trim();
  if (projectId === '') throw new CliError('--project must not be empty: pass the project id from the admin console.', 2);
  // The environment is read here, in the CLI layer, and nowhere below it.
  const bearer = (options.token ?? process.env.PARLEY_TOKEN ?? '').trim();
  if (bearer === '') {
    throw new CliError(`a bearer is needed: set PARLEY_TOKEN (or pass --token); ${BEARER_HELP}.`, 2);
  }
  const credentials = (jweArgument === '-' ? await io.readStdin() : jweArgument).trim();
  if (credentials === '') throw new CliError('no credentials: pass the JWE, or - and the JWE on stdin.', 2);

  const answer = await ask(endpoint, bearer, projectId, credentials);
  const hint = failureHint(answer);
  if (options.json) {
    const checks = answer.checks.map(({ name, ok, detail, hint: checkHint }) => ({ name, ok, detail, hint: checkHint }));
    io.out(`${JSON.stringify({ ok: answer.ok, reason: answer.ok ? null : answer.reason, hint, checks }, null, 2)}\n`);
  } else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    io.out(formatAnswer(answer, hint, { server: endpoint.origin, project: projectId }, color));
  }
  return answer.ok ? 0 : 1;
}
