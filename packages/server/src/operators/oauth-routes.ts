import type { FastifyInstance, FastifyReply } from 'fastify';
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../store/storage-faults.js';
import type { AccessTokens, IssuedAccessToken } from './access-tokens.js';
import type { LoginAttemptLimiter } from './login-limiter.js';
import type { Operators } from './operators.js';
import type { ProjectApiKeys } from './project-api-keys.js';

export interface OAuthRouteDeps {
  operators: Pick<Operators, 'authenticate'>;
  apiKeys: Pick<ProjectApiKeys, 'authenticate'>;
  accessTokens: Pick<AccessTokens, 'issueForOperator' | 'issueForApiKey'>;
  limiter: LoginAttemptLimiter;
}

/** An RFC 6749 §5.2 error answer; descriptions say what to do and never echo what was sent. */
class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 429,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="parley", charset="UTF-8"' };

/** Form parameters keep every value, so a repeated one can be refused (RFC 6749 §3.2). */
function parseForm(body: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(body)) params.set(key, [...(params.get(key) ?? []), value]);
  return params;
}

/** Reads one parameter from a form or JSON body; an empty value counts as absent (RFC 6749 §3.1). */
function param(body: unknown, name: string): string | undefined {
  let value: unknown;
  if (body instanceof Map) {
    const values = body.get(name) as string[] | undefined;
    if (values && values.length > 1) throw new OAuthError(400, 'invalid_request', `${name}: send it once`);
    value = values?.[0];
  } else if (typeof body === 'object' && body !== null && Object.hasOwn(body, name)) {
    value = (body as Record<string, unknown>)[name];
  }
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `${name}: send a string`);
  return value;
}

const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));

/** Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1), null without that header. */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  if (header === undefined || !/^Basic(\s|$)/i.test(header)) return null;
  const encoded = header.match(/^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i)?.[1];
  const decoded = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  try {
    if (colon < 0) throw new URIError();
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError(401, 'invalid_client', 'send HTTP Basic credentials as base64(client_id:client_secret)', BASIC_CHALLENGE);
  }
}

async function checkLimit(deps: OAuthRouteDeps, ip: string, username: string): Promise<void> {
  const limit = await deps.limiter.check(ip, username);
  if (!limit.allowed) {
    const seconds = limit.retryAfterSeconds;
    throw new OAuthError(429, 'too_many_requests', `too many sign-in attempts: retry in ${seconds} seconds`, {
      'retry-after': String(seconds),
    });
  }
}

async function passwordGrant(deps: OAuthRouteDeps, body: unknown, ip: string): Promise<IssuedAccessToken> {
  const username = param(body, 'username');
  const password = param(body, 'password');
  if (username === undefined || password === undefined)
    throw new OAuthError(400, 'invalid_request', 'grant_type=password needs username (the operator email) and password');
  await checkLimit(deps, ip, username);
  const operator = await deps.operators.authenticate(username, password);
  if (!operator) throw new OAuthError(400, 'invalid_grant', 'the email or password is wrong, or the account is disabled');
  return deps.accessTokens.issueForOperator(operator.id);
}

async function clientCredentialsGrant(deps: OAuthRouteDeps, body: unknown, ip: string, authorization: string | undefined) {
  const basic = basicCredentials(authorization);
  const bodyId = param(body, 'client_id');
  const bodySecret = param(body, 'client_secret');
  if (basic && (bodySecret !== undefined || (bodyId !== undefined && bodyId !== basic.clientId)))
    throw new OAuthError(400, 'invalid_request', 'authenticate the client one way: HTTP Basic or client_id and client_secret, not both');
  const clientId = basic?.clientId ?? bodyId;
  const clientSecret = basic?.clientSecret ?? bodySecret;
  if (clientId === undefined && clientSecret === undefined)
    throw new OAuthError(
      401,
      'invalid_client',
      'authenticate with a project API key: HTTP Basic or client_id and client_secret',
      BASIC_CHALLENGE,
    );
  if (clientId === undefined || clientSecret === undefined)
    throw new OAuthError(400, 'invalid_request', 'grant_type=client_credentials needs both client_id and client_secret');
  await checkLimit(deps, ip, clientId);
  const key = await deps.apiKeys.authenticate(clientId, clientSecret);
  if (!key)
    throw new OAuthError(401, 'invalid_client', 'the client_id or client_secret is wrong, or the API key is revoked', BASIC_CHALLENGE);
  return deps.accessTokens.issueForApiKey(key.id);
}

function sendError(reply: FastifyReply, error: OAuthError) {
  return reply
    .code(error.status)
    .headers({ ...NO_STORE, ...error.headers })
    .send({ error: error.error, error_description: error.description });
}

/** `POST /oauth2/token` (spec §9.2): password grant for operators, client credentials for project API keys. */
export function oauthRoutes(deps: OAuthRouteDeps) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
    });

    // Body parsing failures (bad JSON, other media types, too large) answer in the RFC 6749 shape too.
    app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
      if (error instanceof OAuthError) return sendError(reply, error);
      const status = error.statusCode ?? 500;
      if (status < 500) {
        return sendError(reply, new OAuthError(400, 'invalid_request', 'send the parameters as application/x-www-form-urlencoded or JSON'));
      }
      if (error instanceof StoreUnavailableError) {
        return reply
          .code(503)
          .headers({ ...NO_STORE, 'retry-after': String(RETRY_AFTER_SECONDS) })
          .send({ error: 'temporarily_unavailable', error_description: 'the database is unavailable; retry later' });
      }
      request.log.error({ err: error }, 'token request failed');
      return reply.code(500).headers(NO_STORE).send({ error: 'server_error', error_description: 'the server failed; retry later' });
    });

    app.post('/oauth2/token', async (request, reply) => {
      const body = request.body;
      const grantType = param(body, 'grant_type');
      if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'grant_type: use password or client_credentials');
      let issued: IssuedAccessToken;
      if (grantType === 'password') issued = await passwordGrant(deps, body, request.ip);
      else if (grantType === 'client_credentials')
        issued = await clientCredentialsGrant(deps, body, request.ip, request.headers.authorization);
      else throw new OAuthError(400, 'unsupported_grant_type', 'grant_type: use password or client_credentials');
      return reply
        .code(200)
        .headers(NO_STORE)
        .send({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn });
    });
  };
}
