import { ApiError } from '../errors.js';
import type { VisitorProfile } from '../identity/visitors.js';
import type { Conversation, Message } from './types.js';

/**
 * A transcript holds at most this many messages (≤ 25 MB of text at 5,000 characters each), and a request asks for one:
 * beyond, page through Conversation.messages instead.
 */
export const MAX_TRANSCRIPT_MESSAGES = 5_000;

export interface TranscriptInput {
  conversation: Conversation;
  visitor: VisitorProfile | null;
  messages: readonly Message[];
  /** Agents' display names by operator id. */
  agentNames: ReadonlyMap<string, string>;
}

/** The JSON transcript: stable field names, documented in docs/reference/data-retrieval.md. */
export function transcriptJson({ conversation, visitor, messages, agentNames }: TranscriptInput): string {
  return JSON.stringify(
    {
      conversation: {
        id: conversation.id,
        projectId: conversation.projectId,
        status: conversation.status,
        createdAt: conversation.createdAt,
        closedAt: conversation.closedAt,
        assignedOperatorId: conversation.assignedOperatorId,
      },
      visitor: {
        authenticated: visitor?.userId != null,
        userId: visitor?.userId ?? null,
        visitorData: visitor?.visitorData ?? null,
      },
      messages: messages.map((message) => ({
        id: message.id,
        seq: message.seq,
        createdAt: message.createdAt,
        author: {
          kind: message.author.kind,
          id: message.author.id,
          ...(message.author.kind === 'agent' ? { name: agentNames.get(message.author.id ?? '') ?? null } : {}),
        },
        text: message.text,
        verified: message.verified,
      })),
    },
    null,
    2,
  );
}

/** `2026-12-06 09:30:05 UTC` */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** The plain-text transcript: a header, then one line (or more, as written) per message. */
export function transcriptText({ conversation, visitor, messages, agentNames }: TranscriptInput): string {
  const who = visitor?.userId != null ? `verified user ${visitor.userId} 🔒` : 'anonymous visitor';
  const header = [
    `Conversation ${conversation.id} (${conversation.status})`,
    `Visitor: ${who}`,
    `Started: ${utc(conversation.createdAt)}${conversation.closedAt ? ` · closed: ${utc(conversation.closedAt)}` : ''}`,
    '',
  ];
  const lines = messages.map((message) => {
    const author =
      message.author.kind === 'visitor'
        ? `Visitor${message.verified ? ' 🔒' : ''}`
        : message.author.kind === 'agent'
          ? (agentNames.get(message.author.id ?? '') ?? 'Agent')
          : 'System';
    // Continuation lines are indented: a message cannot pass its own lines off as another author's.
    return `[${utc(message.createdAt)}] ${author}: ${message.text.replace(/\r\n?|\n/g, '\n    ')}`;
  });
  return `${[...header, ...lines].join('\n')}\n`;
}

export const oneTranscriptPerRequest = () =>
  new ApiError('VALIDATION_FAILED', 'transcript: ask for one transcript per request (page through Conversation.messages for more)');

export function tooLong(count: number): ApiError {
  return new ApiError(
    'VALIDATION_FAILED',
    `this conversation holds ${count} messages, more than a transcript's ${MAX_TRANSCRIPT_MESSAGES}: page through Conversation.messages`,
  );
}
