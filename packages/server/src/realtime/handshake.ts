import type { RealtimeCloseName, ServerFrameOf } from '@parley/protocol';
import { ApiError } from '../errors.js';
import { isOpaqueBearer } from '../operators/index.js';
import { originAllowed } from '../projects/origin-policy.js';
import type { Services } from '../services.js';
import type { VisitorSession } from '../sessions/session-store.js';
import type { Identity } from './identity.js';

export type Handshake = { ok: true; identity: Identity } | { ok: false; close: RealtimeCloseName; detail?: string };

/** A visitor session token is a compact JWS: three base64url parts. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const refuse = (close: RealtimeCloseName, detail?: string): Handshake =>
  detail === undefined ? { ok: false, close } : { ok: false, close, detail };

/**
 * Checks the token of an `auth` frame (docs/protocol.md, Authentication): an operator bearer, or a visitor session
 * token from one of its project's allowed origins (`origin`: the upgrade's `Origin`, null without one). A token of
 * neither kind is UNAUTHENTICATED; only a visitor token that is refused ends a session (VISITOR_SESSION_EXPIRED).
 */
export async function authenticate(services: Services, token: string, origin: string | null): Promise<Handshake> {
  if (isOpaqueBearer(token)) {
    const principal = await services.accessTokens.resolve(token);
    if (!principal) return refuse('UNAUTHENTICATED');
    if (principal.kind !== 'operator') return refuse('PERMISSION_DENIED');
    return { ok: true, identity: { kind: 'operator', principal, bearer: token } };
  }
  if (!COMPACT_JWS.test(token)) return refuse('UNAUTHENTICATED');
  let session: VisitorSession;
  try {
    session = await services.visitorAuth.resolve(token);
  } catch (error) {
    // A failing database is 1011 (retry, same token), never a re-activation.
    if (error instanceof ApiError) return refuse('VISITOR_SESSION_EXPIRED');
    throw error;
  }
  if (origin !== null) {
    const project = await services.projects.find(session.projectId);
    if (!project || !originAllowed(project.settings, origin))
      return refuse('PERMISSION_DENIED', "origin not in the project's allowedOrigins");
  }
  return { ok: true, identity: { kind: 'visitor', session } };
}

/** The answer to an accepted `auth`; a visitor learns its open conversation. */
export async function readyFrame(services: Services, identity: Identity, heartbeatSeconds: number): Promise<ServerFrameOf<'ready'>> {
  if (identity.kind === 'operator') return { type: 'ready', role: 'operator', heartbeatSeconds };
  const { session } = identity;
  const open = await services.conversations.openOf(session.profileId);
  return {
    type: 'ready',
    role: 'visitor',
    vuid: session.vuid,
    authenticated: session.authenticated,
    userId: session.userId,
    conversationId: open?.id ?? null,
    heartbeatSeconds,
  };
}
