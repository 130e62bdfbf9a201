import {
  MAX_TRANSCRIPT_MESSAGES,
  oneTranscriptPerRequest,
  tooLong,
  transcriptJson,
  transcriptText,
} from '../../conversations/transcript.js';
import type { Conversation, Message } from '../../conversations/types.js';
import { ApiError } from '../../errors.js';
import type { ConversationStatus, MessageAuthorKind, Resolvers } from '../generated/resolvers-types.js';
import { operatorNode } from './operators.js';

const STATUS = { open: 'OPEN', closed: 'CLOSED' } as const satisfies Record<Conversation['status'], ConversationStatus>;
const AUTHOR_KIND = { visitor: 'VISITOR', agent: 'AGENT', system: 'SYSTEM' } as const satisfies Record<
  Message['author']['kind'],
  MessageAuthorKind
>;

const conversationNode = (conversation: Conversation) => ({ ...conversation, status: STATUS[conversation.status] });
const messageNode = (message: Message) => ({ ...message, author: { kind: AUTHOR_KIND[message.author.kind], id: message.author.id } });

/** The requests (their contexts) that asked for a transcript already: one each, as a transcript can be megabytes. */
const transcriptsAsked = new WeakSet<object>();

/** The parent of Conversation's fields (the generated types' mapper). */
export type ConversationNode = ReturnType<typeof conversationNode>;

export const conversationResolvers: Resolvers = {
  Project: {
    conversations: async (project, args, context) => {
      const { status, assigneeId, unassigned, authenticated, userId, createdAfter, createdBefore, updatedAfter, ...page } = args;
      if (assigneeId != null && unassigned === true)
        throw new ApiError('VALIDATION_FAILED', 'assigneeId and unassigned: give one of them (an assigned conversation is not unassigned)');
      const list = await context.services.conversations.list(
        [project.id],
        {
          status: status ? (status === 'OPEN' ? 'open' : 'closed') : null,
          assignedTo: assigneeId ?? (unassigned === true ? null : undefined),
          authenticated: authenticated ?? null,
          userId: userId ?? null,
          createdAfter: createdAfter?.toISOString() ?? null,
          createdBefore: createdBefore?.toISOString() ?? null,
          updatedAfter: updatedAfter?.toISOString() ?? null,
        },
        page,
      );
      return { ...list, edges: list.edges.map((edge) => ({ ...edge, node: conversationNode(edge.node) })) };
    },
    visitorProfile: async (project, { userId }, context) => {
      const profile = await context.services.visitors.profileOfUser(project.id, userId);
      return profile ? { ...profile, authenticated: true } : null;
    },
  },
  Conversation: {
    assignee: async (conversation, _, { loaders }) => {
      if (conversation.assignedOperatorId === null) return null;
      const operator = await loaders.operator.load(conversation.assignedOperatorId);
      return operator ? operatorNode(operator) : null;
    },
    unreadCount: async (conversation, _, { principal, loaders }) =>
      principal?.kind === 'operator' ? (await loaders.readOf(principal.operatorId).load(conversation.id)).unreadCount : null,
    lastReadSeq: async (conversation, _, { principal, loaders }) =>
      principal?.kind === 'operator' ? (await loaders.readOf(principal.operatorId).load(conversation.id)).lastReadSeq : null,
    visitor: async (conversation, _, context) => {
      const profile = await context.loaders.profile.load(conversation.profileId);
      if (!profile) throw new Error(`conversation ${conversation.id} has no visitor profile`);
      return { ...profile, authenticated: profile.userId !== null };
    },
    messages: async (conversation, args, context) => {
      const page = await context.services.conversations.messages(conversation.id, args);
      return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: messageNode(edge.node) })) };
    },
    transcript: async (conversation, { format }, context) => {
      const { services, loaders } = context;
      if (transcriptsAsked.has(context)) throw oneTranscriptPerRequest();
      transcriptsAsked.add(context);
      const messages = await services.conversations.messagesAfter(conversation.id, 0, MAX_TRANSCRIPT_MESSAGES + 1);
      if (messages.length > MAX_TRANSCRIPT_MESSAGES) throw tooLong(conversation.lastSeq);
      const agentIds = [
        ...new Set(messages.flatMap((message) => (message.author.kind === 'agent' && message.author.id ? [message.author.id] : []))),
      ];
      const agents = await services.operators.byIds(agentIds);
      const input = {
        conversation: { ...conversation, status: conversation.status === 'OPEN' ? ('open' as const) : ('closed' as const) },
        visitor: await loaders.profile.load(conversation.profileId),
        messages,
        agentNames: new Map([...agents].map(([id, operator]) => [id, operator.displayName])),
      };
      return format === 'JSON' ? transcriptJson(input) : transcriptText(input);
    },
  },
  MessageAuthor: {
    name: async (author, _, { loaders }) => {
      if (author.kind !== 'AGENT' || !author.id) return null;
      return (await loaders.operator.load(author.id))?.displayName ?? null;
    },
  },
  Query: {
    inbox: async (_, { status, assignee, projectId, search, ...args }, { principal, services }) => {
      if (principal?.kind !== 'operator')
        throw new ApiError('PERMISSION_DENIED', 'inbox is for operators: a project API key lists Project.conversations');
      const visible = principal.role === 'admin' ? null : principal.projectIds;
      if (projectId != null && visible !== null && !visible.includes(projectId))
        throw new ApiError('NOT_FOUND', `no project has id "${projectId}"`);
      const page = await services.conversations.list(
        projectId != null ? [projectId] : visible,
        {
          status: status ? (status === 'OPEN' ? 'open' : 'closed') : null,
          assignedTo: assignee === 'MINE' ? principal.operatorId : assignee === 'UNASSIGNED' ? null : undefined,
          search: search ?? null,
        },
        args,
      );
      return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: conversationNode(edge.node) })) };
    },
    conversation: async (_, { id }, context) => conversationNode(await context.services.conversations.get(id)),
  },
  Mutation: {
    conversationAssign: async (_, { input }, context) => {
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
    conversationMarkRead: async (_, { input }, { principal, services }) => {
      if (principal?.kind !== 'operator') throw new ApiError('PERMISSION_DENIED', 'conversationMarkRead is for operators');
      const conversation = await services.conversations.get(input.conversationId);
      if (!Number.isSafeInteger(input.seq) || input.seq < 0) throw new ApiError('VALIDATION_FAILED', 'seq: use an integer ≥ 0');
      const seq = await services.readState.markRead(principal.operatorId, conversation, input.seq);
      services.bus.publish({ kind: 'read', conversation, author: { kind: 'agent', id: principal.operatorId }, seq });
      return { conversation: conversationNode(conversation) };
    },
    conversationReopen: async (_, { input }, context) => ({
      conversation: conversationNode(await context.services.conversations.reopen(input.conversationId)),
    }),
    conversationClose: async (_, { input }, context) => ({
      conversation: conversationNode(await context.services.conversations.closeByAgent(input.conversationId)),
    }),
    visitorSetExtId: async (_, { input }, context) => {
      const session = await context.services.visitorAuth.resolve(context.visitorBearer);
      if (session.authenticated) return { accepted: false };
      return { accepted: await context.services.visitors.setExtId(session.profileId, input.extId) };
    },
  },
};
