import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { browserScript, type ScriptName } from './browser-scripts.js';

type Encoding = 'br' | 'gzip' | 'identity';

const PATHS: Record<string, ScriptName> = {
  '/sdk/parley.js': 'widget',
  '/sdk/parley-core.js': 'core',
};

/** The best encoding the request accepts (a q=0 refusal is respected). */
function encodingFor(request: FastifyRequest): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (request.headers['accept-encoding'] ?? '').split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(token, q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return 'identity';
}

/** If-None-Match by weak comparison (RFC 9110 §13.1.2): a list, `W/` tags from a recompressing CDN, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** Sends a built script: compressed as the browser accepts, 304 when its ETag matches, cached for `maxAge` seconds. */
export async function sendScript(request: FastifyRequest, reply: FastifyReply, name: ScriptName, maxAge = 300): Promise<FastifyReply> {
  const built = browserScript(name);
  const encoding = encodingFor(request);
  reply
    .header('content-type', 'text/javascript; charset=utf-8')
    .header('cache-control', `public, max-age=${maxAge}`)
    .header('vary', 'accept-encoding')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('access-control-allow-origin', '*')
    .header('etag', built.etag);
  if (matchesEtag(request.headers['if-none-match'], built.etag)) return reply.code(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(built[encoding]);
}

/** The browser scripts of the spec §7.1 script tag, with an ETag so browsers revalidate cheaply after the short max-age. */
export function sdkRoutes() {
  return async (app: FastifyInstance) => {
    for (const [path, name] of Object.entries(PATHS)) app.get(path, (request, reply) => sendScript(request, reply, name));
  };
}
