import { GraphQLScalarType } from 'graphql';
import { ApiError } from '../../errors.js';
import { PlatformKeyError, type PublicPlatformKey } from '../../keys/platform-keys.js';
import { connectionFromList } from '../connection.js';
import type { Resolvers } from '../generated/resolvers-types.js';

const platformKeyNode = (key: PublicPlatformKey) => {
  const pem = key.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  return {
    kid: key.kid,
    pem,
    spki: (key.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    jwk: {
      ...key.publicKey.export({ format: 'jwk' }),
      kid: key.kid,
      ...(key.kind === 'rsa' ? { use: 'enc', alg: 'RSA-OAEP-256' } : { use: 'sig', alg: 'EdDSA' }),
    },
    current: key.current,
    createdAt: key.createdAt,
  };
};

/** Platform key errors are the caller's to fix: VALIDATION_FAILED with the message. */
async function platformKeyCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PlatformKeyError) throw new ApiError('VALIDATION_FAILED', error.message);
    throw error;
  }
}

const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new ApiError('VALIDATION_FAILED', 'JSON values are output only');
  },
});

export const keyResolvers: Resolvers = {
  JSON: jsonScalar,
  Project: {
    brandKeys: async (project, args, context) =>
      connectionFromList(await context.services.brandKeys.list(project.id, { includeRevoked: args.includeRevoked }), args, (key) => key.id),
  },
  Query: {
    platformKeys: async (_, __, context) => (await context.services.platformKeys.list('rsa')).map(platformKeyNode),
  },
  Mutation: {
    brandKeyAdd: async (_, { input }, context) => {
      const { brandKeys, projects } = context.services;
      const project = await projects.get(input.projectId);
      const hasKey = typeof input.publicKey === 'string' && input.publicKey !== '';
      const hasUrl = typeof input.jwksUrl === 'string' && input.jwksUrl !== '';
      if (hasKey === hasUrl) throw new ApiError('VALIDATION_FAILED', 'publicKey, jwksUrl: give exactly one of them');
      const key = hasKey
        ? await brandKeys.add(project.id, input.publicKey as string, input.kid ?? null)
        : await brandKeys.addJwksUrl(project.id, input.jwksUrl as string, input.kid ?? null);
      return { brandKey: key };
    },
    brandKeyRevoke: async (_, { input }, context) => ({
      brandKey: await context.services.brandKeys.revoke(input.id),
    }),
    platformKeyRotate: async (_, args, context) => ({
      platformKey: platformKeyNode(await context.services.platformKeys.rotate(args.input?.kind === 'SESSION' ? 'ed25519' : 'rsa')),
    }),
    platformKeyRetire: async (_, { input }, context) => {
      return { platformKey: platformKeyNode(await platformKeyCall(() => context.services.platformKeys.retire(input.kid))) };
    },
  },
};
