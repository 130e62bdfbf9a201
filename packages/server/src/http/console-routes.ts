import type { FastifyInstance } from 'fastify';
import { sendScript } from './sdk-routes.js';

/** The console pages allow their own script and nothing else: no inline script, no other origin, no framing. */
/** The consoles' policy; SECURITY.md quotes it word for word (a test compares them). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Preact sets style attributes and the app injects its stylesheet.
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const page = (title: string, script: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app"><noscript>${title} needs JavaScript.</noscript></div>
<script src="${script}"></script>
</body>
</html>
`;

const CONSOLES = [
  { path: '/desk', title: 'Parley desk', bundle: 'desk' },
  { path: '/admin', title: 'Parley admin', bundle: 'admin' },
] as const;

/** `/desk` and `/admin` (spec §9.1): each answers its HTML page itself; sign-in happens in the page. */
export function consoleRoutes() {
  return async (app: FastifyInstance) => {
    for (const { path, title, bundle } of CONSOLES) {
      const html = page(title, `${path}/app.js`);
      app.get(path, async (_request, reply) =>
        reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', CONTENT_SECURITY_POLICY)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('cache-control', 'no-store')
          .send(html),
      );
      app.get(`${path}/app.js`, (request, reply) => sendScript(request, reply, bundle, 60));
    }
  };
}
