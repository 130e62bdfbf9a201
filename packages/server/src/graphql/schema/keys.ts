import { ApiError } from '../../errors.js';
import { PlatformKeyError, type PublicPlatformKey } from '../../keys/platform-keys.js';
import { type AccessRules, ADMIN, parentFields, projectOfParent, projectRule } from '../access.js';
import { type ConnectionArgs, connectionArgs, connectionFromList, connectionTypeDefs } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const keyTypeDefs = /* GraphQL */ `
  "A JSON value (a JWK)."
  scalar JSON

  "A brand public key that signs credentials: given as PEM, base64 SPKI or JWK, or fetched from a JWKS URL."
  type BrandKey {
    id: ID!
    "For a JWKS URL: the one kid of the set it accepts, or empty for every key of the set under its own kid."
    kid: String!
    "SHA-256 of the key (DER SPKI), hex with colons; for a JWKS URL, url: and the SHA-256 of the URL. Unique among a project's active keys."
    fingerprint: String!
    jwksUrl: String
    createdAt: DateTime!
    lastUsedAt: DateTime
    revokedAt: DateTime
  }
  ${connectionTypeDefs('BrandKey')}

  "A platform RSA key that brands encrypt credentials for. Public halves only."
  type PlatformKey {
    kid: String!
    "SPKI PEM (BEGIN PUBLIC KEY)."
    pem: String!
    "Base64 DER SPKI, on one line."
    spki: String!
    jwk: JSON!
    "The key new credentials should use; older active keys are still accepted."
    current: Boolean!
    createdAt: DateTime!
  }

  enum PlatformKeyKind {
    "RSA keys that decrypt credentials (published in the JWKS)."
    CREDENTIALS
    "The Ed25519 key that signs visitor session tokens."
    SESSION
  }

  extend type Project {
    brandKeys(${connectionArgs}, includeRevoked: Boolean = false): BrandKeyConnection!
  }

  extend type Query {
    "The active platform keys, current first (the same as /.well-known/jwks.json)."
    platformKeys: [PlatformKey!]!
  }

  extend type Mutation {
    """
    Exactly one of publicKey and jwksUrl. A key, or a JWKS URL, already active in the project is refused
    (VALIDATION_FAILED naming that record): revoke it first, for instance to give it another kid.
    """
    brandKeyAdd(input: BrandKeyAddInput!): BrandKeyPayload!
    "Credentials signed by the key (or by the keys of the JWKS URL) are refused from the next attempt on."
    brandKeyRevoke(input: BrandKeyRevokeInput!): BrandKeyPayload!
    "A new current key; the previous one stays accepted until retired."
    platformKeyRotate(input: PlatformKeyRotateInput): PlatformKeyPayload!
    "Stops accepting an old key. The current key cannot be retired."
    platformKeyRetire(input: PlatformKeyRetireInput!): PlatformKeyPayload!
  }

  input BrandKeyAddInput {
    projectId: ID!
    publicKey: String
    jwksUrl: String
    kid: String
  }

  input BrandKeyRevokeInput {
    id: ID!
  }

  input PlatformKeyRotateInput {
    kind: PlatformKeyKind = CREDENTIALS
  }

  input PlatformKeyRetireInput {
    kid: String!
  }

  type BrandKeyPayload {
    brandKey: BrandKey!
  }

  type PlatformKeyPayload {
    platformKey: PlatformKey!
  }
`;

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

export const keyResolvers = {
  JSON: {
    serialize: (value: unknown) => value,
    parseValue: (value: unknown) => value,
    parseLiteral: () => {
      throw new ApiError('VALIDATION_FAILED', 'JSON values are output only');
    },
  },
  Project: {
    brandKeys: async (project: { id: string }, args: ConnectionArgs & { includeRevoked: boolean }, context: GraphQLContext) =>
      connectionFromList(await context.services.brandKeys.list(project.id, { includeRevoked: args.includeRevoked }), args, (key) => key.id),
  },
  Query: {
    platformKeys: async (_: unknown, __: unknown, context: GraphQLContext) =>
      (await context.services.platformKeys.list('rsa')).map(platformKeyNode),
  },
  Mutation: {
    brandKeyAdd: async (
      _: unknown,
      { input }: { input: { projectId: string; publicKey?: string | null; jwksUrl?: string | null; kid?: string | null } },
      context: GraphQLContext,
    ) => {
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
    brandKeyRevoke: async (_: unknown, { input }: { input: { id: string } }, context: GraphQLContext) => ({
      brandKey: await context.services.brandKeys.revoke(input.id),
    }),
    platformKeyRotate: async (_: unknown, args: { input?: { kind?: 'CREDENTIALS' | 'SESSION' } | null }, context: GraphQLContext) => ({
      platformKey: platformKeyNode(await context.services.platformKeys.rotate(args.input?.kind === 'SESSION' ? 'ed25519' : 'rsa')),
    }),
    platformKeyRetire: async (_: unknown, { input }: { input: { kid: string } }, context: GraphQLContext) => {
      return { platformKey: platformKeyNode(await platformKeyCall(() => context.services.platformKeys.retire(input.kid))) };
    },
  },
};

/** The project a brand key belongs to (unknown ids are NOT_FOUND, whoever asks). */
async function brandKeyProject(args: Record<string, unknown>, context: GraphQLContext): Promise<string> {
  const id = String((args.input as { id?: unknown } | undefined)?.id ?? '');
  const key = await context.services.brandKeys.find(id);
  if (!key) throw new ApiError('NOT_FOUND', `no brand key has id "${id}"`);
  return key.projectId;
}

export const keyRules: AccessRules = {
  'Project.brandKeys': projectRule({ members: false, apiKeys: true, projectOf: projectOfParent }),
  'Query.platformKeys': ADMIN,
  'Mutation.brandKeyAdd': projectRule({ members: false, apiKeys: false }),
  'Mutation.brandKeyRevoke': projectRule({ members: false, apiKeys: false, projectOf: brandKeyProject }),
  'Mutation.platformKeyRotate': ADMIN,
  'Mutation.platformKeyRetire': ADMIN,
  ...parentFields('BrandKey', ['id', 'kid', 'fingerprint', 'jwksUrl', 'createdAt', 'lastUsedAt', 'revokedAt']),
  ...parentFields('BrandKeyConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('BrandKeyEdge', ['cursor', 'node']),
  ...parentFields('PlatformKey', ['kid', 'pem', 'spki', 'jwk', 'current', 'createdAt']),
  ...parentFields('BrandKeyPayload', ['brandKey']),
  ...parentFields('PlatformKeyPayload', ['platformKey']),
};
