import { ApiError } from '../../errors.js';
import { type AccessRules, PUBLIC, parentFields, projectRule } from '../access.js';
import type { GraphQLContext } from '../context.js';

export const visitorTypeDefs = /* GraphQL */ `
  extend type Query {
    "The session the visitor bearer stands for; VISITOR_SESSION_EXPIRED when it is expired, revoked or not a visitor token."
    visitorSession: VisitorSessionInfo!
  }

  type VisitorSessionInfo {
    vuid: String!
    authenticated: Boolean!
    "The verified userId of an authenticated session."
    userId: String
    expiresAt: DateTime!
  }

  type Mutation {
    "Opens an authenticated visitor session from the brand's credentials (spec §5.1). Bearer: the visitor's current session token, if any."
    visitorAuthenticateFromCredentials(input: VisitorAuthenticateFromCredentialsInput!): VisitorSessionPayload!
    "Opens an anonymous visitor session. Bearer: the visitor's current session token, if any."
    visitorAuthenticateAnonymously(input: VisitorAuthenticateAnonymouslyInput!): VisitorSessionPayload!
    "Ends this browser's session (bearer: its session token); the user's other devices stay signed in."
    visitorLogout: VisitorLogoutPayload!
    "Ends every session of a user: the brand's back-channel logout (operator or project API key)."
    visitorSessionsRevoke(input: VisitorSessionsRevokeInput!): VisitorSessionsRevokePayload!
    "Runs the full verification without binding a visitor or consuming the credentials (admins and project API keys)."
    testVisitorAuthenticateFromCredentials(input: TestVisitorAuthenticateFromCredentialsInput!): TestVisitorAuthenticationPayload!
    "A single-use token (5 minutes) continuing this anonymous visitor and its open conversation on another listed origin (spec §6.7). Bearer: the visitor's session token."
    visitorTransferCreate: VisitorTransferPayload!
  }

  input VisitorAuthenticateFromCredentialsInput {
    projectId: ID!
    credentials: String!
    currentVuid: String
  }

  input VisitorAuthenticateAnonymouslyInput {
    projectId: ID!
    vuid: String
    "A transfer token from visitorTransferCreate (idzconvid): continues that visitor when valid and sent from a listed origin; otherwise ignored."
    transferToken: String
  }

  input VisitorSessionsRevokeInput {
    projectId: ID!
    userId: String!
  }

  input TestVisitorAuthenticateFromCredentialsInput {
    projectId: ID!
    credentials: String!
  }

  type VisitorSessionToken {
    accessToken: String!
  }

  type VisitorSessionPayload {
    visitorSessionToken: VisitorSessionToken!
    vuid: String!
    expiresAt: DateTime!
    "True when a transfer token was redeemed: the session continues the visitor (and conversation) it was made for."
    transferRedeemed: Boolean!
  }

  type VisitorTransferPayload {
    "Null when there is nothing to transfer: an authenticated session, a project without an explicit allowedOrigins list, or no open conversation."
    transferToken: String
    "When transferToken stops being redeemable; null with it."
    expiresAt: DateTime
  }

  type VisitorLogoutPayload {
    loggedOut: Boolean!
  }

  type VisitorSessionsRevokePayload {
    revokedCount: Int!
  }

  "One step of the verification, in spec §2.6 order."
  type CredentialsCheck {
    name: String!
    ok: Boolean!
    detail: String!
    hint: String
  }

  type TestVisitorAuthenticationPayload {
    ok: Boolean!
    "The reason code when ok is false."
    reason: String
    "A token with aud parley:test, refused by every visitor API; null unless ok."
    visitorSessionToken: VisitorSessionToken
    checks: [CredentialsCheck!]!
  }
`;

type Input<T> = { input: T };

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

export const visitorResolvers = {
  Query: {
    visitorSession: async (_: unknown, __: unknown, context: GraphQLContext) => {
      const session = await context.services.visitorAuth.resolve(context.visitorBearer);
      return { vuid: session.vuid, authenticated: session.authenticated, userId: session.userId, expiresAt: session.expiresAt };
    },
  },
  Mutation: {
    visitorAuthenticateFromCredentials: async (
      _: unknown,
      { input }: Input<{ projectId: string; credentials: string; currentVuid?: string | null }>,
      context: GraphQLContext,
    ) =>
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
    visitorAuthenticateAnonymously: async (
      _: unknown,
      { input }: Input<{ projectId: string; vuid?: string | null; transferToken?: string | null }>,
      context: GraphQLContext,
    ) =>
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
    visitorTransferCreate: async (_: unknown, __: unknown, context: GraphQLContext) =>
      context.services.transfers.create(await context.services.visitorAuth.resolve(context.visitorBearer)),
    visitorLogout: (_: unknown, __: unknown, context: GraphQLContext) => context.services.visitorAuth.logout(context.visitorBearer),
    visitorSessionsRevoke: async (_: unknown, { input }: Input<{ projectId: string; userId: string }>, context: GraphQLContext) => ({
      revokedCount: await context.services.sessions.revokeUser(input.projectId, limited(input.userId, 'userId', 255)),
    }),
    testVisitorAuthenticateFromCredentials: (
      _: unknown,
      { input }: Input<{ projectId: string; credentials: string }>,
      context: GraphQLContext,
    ) => context.services.testAuthentication({ projectId: input.projectId, credentials: input.credentials, clientIp: context.clientIp }),
  },
};

export const visitorRules: AccessRules = {
  'Query.visitorSession': PUBLIC,
  ...parentFields('VisitorSessionInfo', ['vuid', 'authenticated', 'userId', 'expiresAt']),
  'Mutation.visitorAuthenticateFromCredentials': PUBLIC,
  'Mutation.visitorAuthenticateAnonymously': PUBLIC,
  'Mutation.visitorLogout': PUBLIC,
  'Mutation.visitorSessionsRevoke': projectRule({ members: true, apiKeys: true }),
  'Mutation.testVisitorAuthenticateFromCredentials': projectRule({ members: false, apiKeys: true }),
  'Mutation.visitorTransferCreate': PUBLIC,
  ...parentFields('VisitorSessionToken', ['accessToken']),
  ...parentFields('VisitorSessionPayload', ['visitorSessionToken', 'vuid', 'expiresAt', 'transferRedeemed']),
  ...parentFields('VisitorTransferPayload', ['transferToken', 'expiresAt']),
  ...parentFields('VisitorLogoutPayload', ['loggedOut']),
  ...parentFields('VisitorSessionsRevokePayload', ['revokedCount']),
  ...parentFields('CredentialsCheck', ['name', 'ok', 'detail', 'hint']),
  ...parentFields('TestVisitorAuthenticationPayload', ['ok', 'reason', 'visitorSessionToken', 'checks']),
};
