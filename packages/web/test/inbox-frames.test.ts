import type { RealtimeMessage, ServerFrame } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { InboxConversation } from '../src/desk/desk-types.js';
import { applyFrame } from '../src/desk/inbox-frames.js';
import { alertFor } from '../src/desk/notify-rules.js';
import { plainPreview } from '../src/desk/plain-text.js';

const ME = 'op-me';
const conversation = (changes: Partial<InboxConversation> = {}): InboxConversation => ({
  id: 'c1',
  projectId: 'p1',
  status: 'OPEN',
  lastSeq: 3,
  updatedAt: '2026-12-06T10:00:00.000Z',
  authenticated: true,
  userId: 'user-1',
  extId: null,
  erased: false,
  preview: 'before',
  previewIsSystem: false,
  assignee: null,
  unread: 1,
  lastReadSeq: 2,
  ...changes,
});
const inbox = (changes: Partial<InboxConversation> = {}) => new Map([['c1', conversation(changes)]]);
const message = (seq: number, kind: RealtimeMessage['author']['kind'], id: string | null, text = 'text'): ServerFrame => ({
  type: 'message',
  conversationId: 'c1',
  message: {
    id: `m${seq}`,
    seq,
    author: { kind, id },
    text,
    createdAt: '2026-12-06T10:01:00.000Z',
    verified: false,
    clientId: null,
    brandKeyId: null,
  },
});

describe('the inbox applying realtime frames', () => {
  it('counts the visitor and other agents as unread, never me or a system line', () => {
    expect(applyFrame(inbox(), message(4, 'visitor', 'v1'), ME).conversations.get('c1')).toMatchObject({ unread: 2, lastSeq: 4 });
    expect(applyFrame(inbox(), message(4, 'agent', 'op-other'), ME).conversations.get('c1')?.unread).toBe(2);
    expect(applyFrame(inbox(), message(4, 'agent', ME), ME).conversations.get('c1')?.unread).toBe(1);
    expect(applyFrame(inbox(), message(4, 'system', null), ME).conversations.get('c1')?.unread).toBe(1);
    // A replayed message already counted changes nothing.
    expect(applyFrame(inbox(), message(3, 'visitor', 'v1'), ME).conversations.get('c1')).toMatchObject({ unread: 1, preview: 'before' });
  });

  it('shows an agent message as plain text in the preview', () => {
    const next = applyFrame(inbox(), message(4, 'agent', 'op-other', 'Hi **there**: [docs](https://x.example)'), ME);
    expect(next.conversations.get('c1')?.preview).toBe('Hi there: docs');
  });

  it("clears the count on my read to the end, asks the server after a partial one, and ignores colleagues' reads", () => {
    const read = (seq: number, id = ME): ServerFrame => ({ type: 'read', conversationId: 'c1', author: { kind: 'agent', id }, seq });
    expect(applyFrame(inbox(), read(3), ME)).toMatchObject({ refetch: null });
    expect(applyFrame(inbox(), read(3), ME).conversations.get('c1')).toMatchObject({ unread: 0, lastReadSeq: 3 });
    expect(applyFrame(inbox({ lastSeq: 5, unread: 3 }), read(3), ME)).toMatchObject({ refetch: 'c1' });
    const unchanged = inbox();
    expect(applyFrame(unchanged, read(3, 'op-other'), ME).conversations).toBe(unchanged);
  });

  it('lists a new conversation at once from its frame, and reads it whole', () => {
    const frame: ServerFrame = {
      type: 'conversation',
      conversation: {
        id: 'c2',
        projectId: 'p1',
        status: 'open',
        assignedOperatorId: null,
        lastSeq: 0,
        authenticated: true,
        userId: 'user-2',
      },
    };
    const next = applyFrame(inbox(), frame, ME);
    expect(next.refetch).toBe('c2');
    expect(next.conversations.get('c2')).toMatchObject({ userId: 'user-2', unread: 0, assignee: null });
  });
});

describe('alerts', () => {
  const never = () => false;
  it('alert on a visitor in a new, unassigned or own conversation that is not on screen', () => {
    expect(alertFor(message(1, 'visitor', 'v1', 'hello'), conversation(), ME, never)).toEqual({
      conversationId: 'c1',
      title: 'New conversation — user-1',
      body: 'hello',
    });
    expect(alertFor(message(4, 'visitor', 'v1'), conversation({ assignee: { id: ME, displayName: 'Me' } }), ME, never)?.title).toBe(
      'New message — user-1',
    );
    expect(alertFor(message(4, 'visitor', 'v1'), conversation({ assignee: { id: 'op-other', displayName: 'X' } }), ME, never)).toBeNull();
    expect(alertFor(message(4, 'agent', 'op-other'), conversation(), ME, never)).toBeNull();
    expect(alertFor(message(4, 'visitor', 'v1'), conversation(), ME, (id) => id === 'c1')).toBeNull();
  });
});

describe('plain previews', () => {
  it('flattens markdown of agents, keeps what visitors wrote', () => {
    expect(plainPreview('- one\n- **two**\n\n`code` and _it_', true)).toBe('one two code and it');
    expect(plainPreview('My **order**\n  is late', false)).toBe('My **order** is late');
  });
});

describe('a visitor erased at their request', () => {
  it('is read again when a conversation frame says its identity changed', () => {
    const frame: ServerFrame = {
      type: 'conversation',
      conversation: { id: 'c1', projectId: 'p1', status: 'open', assignedOperatorId: null, lastSeq: 3, authenticated: false, userId: null },
    };
    const { conversations, refetch } = applyFrame(inbox(), frame, ME);
    expect(refetch).toBe('c1');
    expect(conversations.get('c1')).toMatchObject({ authenticated: false, userId: null });
    // The same identity again: nothing to read.
    expect(applyFrame(inbox({ authenticated: false, userId: null }), frame, ME).refetch).toBeNull();
  });
});
