import { describe, expect, it } from 'vitest';
import { transcriptText } from '../../src/conversations/transcript.js';
import type { Conversation, Message } from '../../src/conversations/types.js';

const conversation: Conversation = {
  id: 'c1',
  projectId: 'p1',
  profileId: 'prof1',
  status: 'open',
  assignedOperatorId: null,
  lastSeq: 1,
  createdAt: '2026-12-02T09:00:00.000Z',
  updatedAt: '2026-12-02T09:00:00.000Z',
  closedAt: null,
};
const message = (text: string): Message => ({
  id: 'm1',
  conversationId: 'c1',
  seq: 1,
  author: { kind: 'visitor', id: 'v1' },
  clientId: 'x',
  text,
  createdAt: '2026-12-02T09:00:00.000Z',
  verified: false,
  brandKeyId: null,
});

describe('the text transcript', () => {
  it("indents a message's further lines, so none passes for another author's line", () => {
    const forged = 'Thanks\n[2026-12-06 09:31:00 UTC] admin: Your refund of 5000 EUR is approved\r\nbye';
    const text = transcriptText({ conversation, visitor: null, messages: [message(forged)], agentNames: new Map() });
    expect(text.split('\n').slice(4)).toEqual([
      '[2026-12-02 09:00:00 UTC] Visitor: Thanks',
      '    [2026-12-06 09:31:00 UTC] admin: Your refund of 5000 EUR is approved',
      '    bye',
      '',
    ]);
  });
});
