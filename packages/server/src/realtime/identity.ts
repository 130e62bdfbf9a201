import type { Conversation } from '../conversations/types.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../operators/index.js';
import type { Services } from '../services.js';
import type { VisitorSession } from '../sessions/session-store.js';

export type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;

/** Whom an authenticated socket speaks for. An operator's principal is refreshed at every heartbeat. */
export type Identity =
  | { readonly kind: 'visitor'; readonly session: VisitorSession }
  | { readonly kind: 'operator'; principal: OperatorPrincipal; readonly bearer: string };

/** The key its sockets count against (sockets per session or bearer, the budgets they share). */
export function ownerOf(identity: Identity): string {
  return identity.kind === 'visitor' ? `session:${identity.session.id}` : `bearer:${identity.bearer}`;
}

export function authorOf(identity: Identity): { kind: 'visitor' | 'agent'; id: string } {
  return identity.kind === 'visitor'
    ? { kind: 'visitor', id: identity.session.vuid }
    : { kind: 'agent', id: identity.principal.operatorId };
}

/** Whether an operator socket sees a project (an admin sees them all); a visitor sees conversations, not projects. */
export function sees(identity: Identity | null, projectId: string): boolean {
  if (identity?.kind !== 'operator') return false;
  const { principal } = identity;
  return principal.role === 'admin' || principal.projectIds.includes(projectId);
}

/** The conversation if this identity may see it; NOT_FOUND otherwise, whether it exists or not. */
export async function reachable(services: Services, identity: Identity, conversationId: string): Promise<Conversation> {
  const conversation = await services.conversations.find(conversationId);
  const visible =
    conversation &&
    (identity.kind === 'visitor' ? conversation.profileId === identity.session.profileId : sees(identity, conversation.projectId));
  if (!conversation || !visible) throw new ApiError('NOT_FOUND', `no conversation has id "${conversationId}"`);
  return conversation;
}
