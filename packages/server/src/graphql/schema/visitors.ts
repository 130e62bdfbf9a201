import { ApiError } from '../../errors.js';
import { visitorLoggedOut } from '../../webhooks/events.js';
import type { Resolvers } from '../generated/resolvers-types.js';

const sessionPayload = (answer: { accessToken: string; vuid: string; expiresAt: string; transferRedeemed: boolean }) => ({
  visitorSessionToken: { accessToken: answer.accessToken },
  vuid: answer.vuid,
  expiresAt: answer.expiresAt,
  transferRedeemed: answer.transferRedeemed,
});

function limited(value: string, name: string, max: number): string {
  if (value.length > max) throw new ApiError('VALIDATION_FAILED', `${name}: at most ${max} characters`);
  return value;
}

export const visitorResolvers: Resolvers = {
  Query: {
    visitorSession: async (_, __, context) => {
      const session = await context.services.visitorAuth.resolve(context.visitorBearer);
      return { vuid: session.vuid, authenticated: session.authenticated, userId: session.userId, expiresAt: session.expiresAt };
    },
  },
  Mutation: {
    visitorAuthenticateFromCredentials: async (_, { input }, context) =>
      sessionPayload(
        await context.services.activations.run(() =>
          context.services.visitorAuth.fromCredentials({
            projectId: input.projectId,
            credentials: input.credentials,
            currentVuid: input.currentVuid ?? null,
            bearer: context.visitorBearer,
            clientIp: context.clientIp,
            origin: context.origin,
          }),
        ),
      ),
    visitorAuthenticateAnonymously: async (_, { input }, context) =>
      sessionPayload(
        await context.services.activations.run(() =>
          context.services.visitorAuth.anonymously({
            projectId: input.projectId,
            vuid: input.vuid ?? null,
            bearer: context.visitorBearer,
            clientIp: context.clientIp,
            origin: context.origin,
            transferToken: input.transferToken ?? null,
          }),
        ),
      ),
    visitorTransferCreate: async (_, __, context) =>
      context.services.transfers.create(await context.services.visitorAuth.resolve(context.visitorBearer)),
    visitorLogout: (_, __, context) => context.services.visitorAuth.logout(context.visitorBearer),
    visitorSessionsRevoke: async (_, { input }, { services }) => {
      const userId = limited(input.userId, 'userId', 255);
      const revokedCount = await services.store.transaction(async () => {
        await services.visitors.lockUser(input.projectId, userId); // the order of the user's webhook events
        const revoked = await services.sessions.revokeUser(input.projectId, userId);
        if (revoked.length > 0) await services.webhooks.outbox.record([visitorLoggedOut(input.projectId, userId, revoked, 'revoked')]);
        return revoked.length;
      });
      return { revokedCount };
    },
    testVisitorAuthenticateFromCredentials: (_, { input }, context) =>
      context.services.testAuthentication({ projectId: input.projectId, credentials: input.credentials, clientIp: context.clientIp }),
  },
};
