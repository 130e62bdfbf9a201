import type { Conversation, Message } from '../../conversations/types.js';
import { ApiError } from '../../errors.js';
import { type AccessRules, PUBLIC, parentFields, projectOfParent, projectRule } from '../access.js';
import { type ConnectionArgs, connectionArgs, connectionTypeDefs } from '../connection.js';
import type { GraphQLContext } from '../context.js';

export const conversationTypeDefs = /* GraphQL */ `
  enum ConversationStatus {
    OPEN
    CLOSED
  }

  enum MessageAuthorKind {
    VISITOR
    AGENT
    SYSTEM
  }

  "What the brand vouched for in the visitor's last credentials."
  type VisitorData {
    firstName: String
    lastName: String
    address: String
    zipCode: String
    city: String
    country: String
    phoneNumber: String
    email: String
  }

  "Who the visitor is: a verified userId (🔒) or anonymous, with the brand's unverified extId if any."
  type VisitorProfile {
    id: ID!
    authenticated: Boolean!
    userId: String
    visitorData: VisitorData
    "Set by the brand's page, never verified: show it as such."
    extId: String
  }

  type MessageAuthor {
    kind: MessageAuthorKind!
    "vuid of a visitor, operator id of an agent; null for a system line."
    id: String
  }

  type Message {
    id: ID!
    seq: Int!
    author: MessageAuthor!
    text: String!
    createdAt: DateTime!
    "Sent under a verified visitor session: the per-message padlock."
    verified: Boolean!
    brandKeyId: String
  }
  ${connectionTypeDefs('Message')}

  type Conversation {
    id: ID!
    projectId: ID!
    status: ConversationStatus!
    assignedOperatorId: ID
    lastSeq: Int!
    createdAt: DateTime!
    updatedAt: DateTime!
    closedAt: DateTime
    visitor: VisitorProfile!
    "Oldest first; last: 20 is the latest page."
    messages(${connectionArgs}): MessageConnection!
  }
  ${connectionTypeDefs('Conversation')}

  extend type Project {
    "Most recently active first."
    conversations(status: ConversationStatus, ${connectionArgs}): ConversationConnection!
  }

  extend type Query {
    conversation(id: ID!): Conversation!
  }

  extend type Mutation {
    "Assigns a conversation to an operator who sees its project, or unassigns it (no operatorId)."
    conversationAssign(input: ConversationAssignInput!): ConversationPayload!
    conversationClose(input: ConversationCloseInput!): ConversationPayload!
    "The brand's unverified extId for this visitor (bearer: the visitor's session token); ignored during an authenticated session."
    visitorSetExtId(input: VisitorSetExtIdInput!): VisitorSetExtIdPayload!
  }

  input ConversationAssignInput {
    conversationId: ID!
    operatorId: ID
  }

  input ConversationCloseInput {
    conversationId: ID!
  }

  input VisitorSetExtIdInput {
    extId: String!
  }

  type ConversationPayload {
    conversation: Conversation!
  }

  type VisitorSetExtIdPayload {
    "False during an authenticated session: the verified userId wins and extId is not stored."
    accepted: Boolean!
  }
`;

const conversationNode = (conversation: Conversation) => ({ ...conversation, status: conversation.status.toUpperCase() });
const messageNode = (message: Message) => ({ ...message, author: { kind: message.author.kind.toUpperCase(), id: message.author.id } });

export const conversationResolvers = {
  Project: {
    conversations: async (
      project: { id: string },
      { status, ...args }: ConnectionArgs & { status?: 'OPEN' | 'CLOSED' | null },
      context: GraphQLContext,
    ) => {
      const page = await context.services.conversations.list(project.id, {
        ...args,
        status: status ? (status === 'OPEN' ? 'open' : 'closed') : null,
      });
      return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: conversationNode(edge.node) })) };
    },
  },
  Conversation: {
    visitor: async (conversation: Conversation, _: unknown, context: GraphQLContext) => {
      const profile = await context.services.visitors.profile(conversation.profileId);
      if (!profile) throw new Error(`conversation ${conversation.id} has no visitor profile`);
      return { ...profile, authenticated: profile.userId !== null };
    },
    messages: async (conversation: Conversation, args: ConnectionArgs, context: GraphQLContext) => {
      const page = await context.services.conversations.messages(conversation.id, args);
      return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: messageNode(edge.node) })) };
    },
  },
  Query: {
    conversation: async (_: unknown, { id }: { id: string }, context: GraphQLContext) =>
      conversationNode(await context.services.conversations.get(id)),
  },
  Mutation: {
    conversationAssign: async (
      _: unknown,
      { input }: { input: { conversationId: string; operatorId?: string | null } },
      context: GraphQLContext,
    ) => {
      const { conversations, operators } = context.services;
      const conversation = await conversations.get(input.conversationId);
      const operatorId = input.operatorId ?? null;
      if (operatorId !== null) {
        const operator = await operators.get(operatorId);
        if (operator.disabled || (operator.role !== 'admin' && !(await operators.isMember(operatorId, conversation.projectId))))
          throw new ApiError('VALIDATION_FAILED', 'operatorId: assign to an enabled operator who is a member of the project');
      }
      return { conversation: conversationNode(await conversations.assign(conversation.id, operatorId)) };
    },
    conversationClose: async (_: unknown, { input }: { input: { conversationId: string } }, context: GraphQLContext) => ({
      conversation: conversationNode(await context.services.conversations.close(input.conversationId)),
    }),
    visitorSetExtId: async (_: unknown, { input }: { input: { extId: string } }, context: GraphQLContext) => {
      const session = await context.services.visitorAuth.resolve(context.visitorBearer);
      if (session.authenticated) return { accepted: false };
      return { accepted: await context.services.visitors.setExtId(session.profileId, input.extId) };
    },
  },
};

const conversationIdOf = (args: Record<string, unknown>) => {
  const input = args.input as { conversationId?: unknown } | undefined;
  return String(args.id ?? input?.conversationId ?? '');
};

/** The project of a conversation named in the arguments (unknown ids are NOT_FOUND, whoever asks). */
async function conversationProject(args: Record<string, unknown>, context: GraphQLContext): Promise<string> {
  return (await context.services.conversations.get(conversationIdOf(args))).projectId;
}

/** A conversation of another project is answered as one that does not exist: same code, same words, no project id. */
const projectPeople = projectRule({
  members: true,
  apiKeys: false,
  projectOf: conversationProject,
  notFound: (args) => `no conversation has id "${conversationIdOf(args)}"`,
});

export const conversationRules: AccessRules = {
  'Project.conversations': projectRule({ members: true, apiKeys: false, projectOf: projectOfParent }),
  'Query.conversation': projectPeople,
  'Mutation.conversationAssign': projectPeople,
  'Mutation.conversationClose': projectPeople,
  'Mutation.visitorSetExtId': PUBLIC,
  ...parentFields('VisitorData', ['firstName', 'lastName', 'address', 'zipCode', 'city', 'country', 'phoneNumber', 'email']),
  ...parentFields('VisitorProfile', ['id', 'authenticated', 'userId', 'visitorData', 'extId']),
  ...parentFields('MessageAuthor', ['kind', 'id']),
  ...parentFields('Message', ['id', 'seq', 'author', 'text', 'createdAt', 'verified', 'brandKeyId']),
  ...parentFields('MessageConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('MessageEdge', ['cursor', 'node']),
  ...parentFields('Conversation', [
    'id',
    'projectId',
    'status',
    'assignedOperatorId',
    'lastSeq',
    'createdAt',
    'updatedAt',
    'closedAt',
    'visitor',
    'messages',
  ]),
  ...parentFields('ConversationConnection', ['edges', 'pageInfo', 'totalCount']),
  ...parentFields('ConversationEdge', ['cursor', 'node']),
  ...parentFields('ConversationPayload', ['conversation']),
  ...parentFields('VisitorSetExtIdPayload', ['accepted']),
};
