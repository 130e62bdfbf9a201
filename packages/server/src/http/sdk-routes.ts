import { createHash } from 'node:crypto';
import { type BundleName, buildBundle } from '@parley/web/build';
import type { FastifyInstance } from 'fastify';

interface Script {
  body: string;
  etag: string;
}

const PATHS: Record<string, BundleName> = {
  '/sdk/parley.js': 'widget',
  '/sdk/parley-core.js': 'core',
};

/** Built once per process, on first need (no build step); a failed build is retried by the next request. */
const scripts = new Map<BundleName, Promise<Script>>();

function script(name: BundleName): Promise<Script> {
  let built = scripts.get(name);
  if (!built) {
    built = buildBundle(name).then((body) => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }));
    built.catch(() => scripts.delete(name));
    scripts.set(name, built);
  }
  return built;
}

/** Builds the scripts ahead of the first page view (`parley serve` calls it at startup). */
export async function warmSdkScripts(): Promise<void> {
  await Promise.all(Object.values(PATHS).map(script));
}

/** The browser scripts of the SPEC §7 script tag, with an ETag so browsers revalidate cheaply after the short max-age. */
export function sdkRoutes() {
  return async (app: FastifyInstance) => {
    for (const [path, name] of Object.entries(PATHS)) {
      app.get(path, async (request, reply) => {
        const { body, etag } = await script(name);
        reply
          .header('content-type', 'text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('access-control-allow-origin', '*')
          .header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return body;
      });
    }
  };
}
