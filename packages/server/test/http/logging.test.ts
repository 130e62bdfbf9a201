import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, REDACTED, redactQueriesInText, redactQuery, scrubSecrets } from '../../src/http/logging.js';

const SECRETS = {
  bearer: 'prl_op_bearer-secret-value',
  cookie: 'session-cookie-secret',
  query: 'secret123',
  bareQuery: 'eyJbare-query-token',
  password: 'hunter2-password',
  clientSecret: 'client-secret-value',
  deepPassword: 'deep-graphql-password',
  credentials: 'eyJjredentials-jwe',
  accessToken: 'access-token-value',
  notFound: 'secret-on-404',
};

async function capturedApp() {
  const lines: string[] = [];
  let ids = 0;
  const app = Fastify({
    logger: loggerOptions({ stream: { write: (line) => lines.push(line) } }),
    genReqId: () => `req-${++ids}`,
  });
  app.post('/login/:id', async (request) => {
    // What a careless handler might log: the body and the headers.
    request.log.info({ body: request.body }, 'login body');
    request.log.info({ headers: request.headers }, 'login headers');
    request.log.warn(`login attempt on ${request.url}`);
    return { ok: true };
  });
  await app.ready();
  return { app, lines };
}

describe('logging', () => {
  it('redacts query string values, keeping names', () => {
    expect(redactQuery('/a/b')).toBe('/a/b');
    expect(redactQuery('/a?')).toBe('/a?');
    expect(redactQuery('/a?token=x&page=2')).toBe(`/a?token=${REDACTED}&page=${REDACTED}`);
    expect(redactQuery('/a?justatoken')).toBe(`/a?${REDACTED}`);
    expect(redactQueriesInText('Route GET:/x?token=abc not found')).toBe(`Route GET:/x?token=${REDACTED} not found`);
    expect(redactQueriesInText('no query? none')).toBe('no query? none');
  });

  it('scrubs secret fields at any depth, copying only what changes', () => {
    const untouched = { a: { b: [1, { c: 'x' }] }, password: null };
    expect(scrubSecrets(untouched)).toBe(untouched);
    const input = { list: [{ password: 'p' }, { ok: 1 }], deep: { x: { y: { access_token: 't', keep: 'k' } } }, Authorization: 'kept' };
    const scrubbed = scrubSecrets(input);
    expect(scrubbed).toEqual({
      list: [{ password: REDACTED }, { ok: 1 }],
      deep: { x: { y: { access_token: REDACTED, keep: 'k' } } },
      Authorization: 'kept',
    });
    expect(input.list[0]).toEqual({ password: 'p' });
    expect(scrubbed.list[1]).toBe(input.list[1]);
    const error = Object.assign(new Error('boom'), { password: 'left to the err serializer' });
    expect(scrubSecrets({ err: error }).err).toBe(error);
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    expect(() => scrubSecrets(cyclic)).not.toThrow();
  });

  it('writes JSON lines with the request id and without any secret', async () => {
    const { app, lines } = await capturedApp();
    const response = await app.inject({
      method: 'POST',
      url: `/login/7?token=${SECRETS.query}&${SECRETS.bareQuery}`,
      headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: `sid=${SECRETS.cookie}`, 'content-type': 'application/json' },
      payload: {
        username: 'ada@example.com',
        password: SECRETS.password,
        client_secret: SECRETS.clientSecret,
        credentials: SECRETS.credentials,
        nested: { accessToken: SECRETS.accessToken },
        variables: { input: { email: 'ada@example.com', password: SECRETS.deepPassword } },
      },
    });
    expect(response.statusCode).toBe(200);
    await app.inject({ url: `/missing?token=${SECRETS.notFound}`, headers: { authorization: `Bearer ${SECRETS.bearer}` } });
    await app.close();

    const output = lines.join('');
    for (const [name, secret] of Object.entries(SECRETS)) expect(output, name).not.toContain(secret);
    expect(output).toContain(REDACTED);

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const first = records.filter((record) => record.reqId === 'req-1');
    const messages = first.map((record) => record.msg);
    expect(messages).toEqual([
      'incoming request',
      'login body',
      'login headers',
      expect.stringMatching(/^login attempt/),
      'request completed',
    ]);
    expect(first[0]).toMatchObject({
      level: 'info',
      req: { method: 'POST', url: `/login/7?token=${REDACTED}&${REDACTED}`, route: '/login/:id', remoteAddress: '127.0.0.1' },
    });
    expect(first[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first[1]).toMatchObject({
      body: { username: 'ada@example.com', password: REDACTED, variables: { input: { password: REDACTED } } },
    });
    expect(first[2]).toMatchObject({ headers: { authorization: REDACTED, cookie: REDACTED, 'content-type': 'application/json' } });
    expect(first[4]).toMatchObject({ res: { statusCode: 200 } });

    const second = records.filter((record) => record.reqId === 'req-2');
    expect(second.map((record) => record.msg)).toContain(`Route GET:/missing?token=${REDACTED} not found`);
    // Every request-scoped line carries its id.
    expect(records.filter((record) => 'req' in record || 'res' in record).every((record) => typeof record.reqId === 'string')).toBe(true);
  });
});
