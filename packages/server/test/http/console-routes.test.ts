import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, consoleRoutes } from '../../src/http/console-routes.js';

describe('/desk and /admin', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(consoleRoutes());
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(['/desk', '/admin'])('%s answers 200 HTML itself, with a CSP allowing only its own script', async (path) => {
    const response = await app.inject(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain(`<script src="${path}/app.js"></script>`);
    // No inline script: the CSP would block it.
    expect(response.body.match(/<script/g)).toHaveLength(1);
  });

  it('sends exactly the policy SECURITY.md quotes', async () => {
    const security = readFileSync(new URL('../../../../SECURITY.md', import.meta.url), 'utf8');
    expect((await app.inject('/desk')).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(security).toContain(`\`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\``);
  });

  it('serves the desk application script', async () => {
    const response = await app.inject('/desk/app.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain('Sign in to the desk');
  });
});
