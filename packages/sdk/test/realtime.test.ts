import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { type AuthenticationProvider, createParley, MessageDroppedError, type MessageEvent, type Parley } from '../src/index.js';
import { anonymousProvider, securedProvider } from './providers.js';

const server = liveServerForFile();
let agent: Agent;
const sockets: WebSocket[] = [];
const opened: Parley[] = [];

/** `ws`'s WebSocket, remembering every socket the SDK opens. */
class RecordedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

/** Polls `check` until it holds; a bounded wait for an event, never a sleep. */
async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Agent {
  socket: WebSocket;
  frames: Record<string, unknown>[];
  texts(): string[];
}

/** An agent: the admin bearer on a raw socket. */
async function connectAgent(): Promise<Agent> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/realtime`);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'auth', token: server.admin }));
  await until(() => frames.some((frame) => frame.type === 'ready'), 'the agent ready');
  const texts = () => frames.filter((frame) => frame.type === 'message').map((frame) => (frame.message as { text: string }).text);
  return { socket, frames, texts };
}

const delays: number[] = [];

const warnings: string[] = [];

const page = () => {
  const parley = createParley({
    projectId: server.projectId,
    serverUrl: server.url,
    WebSocket: RecordedWebSocket,
    warn: (message) => warnings.push(message),
    backoff: async () => {},
    reconnectDelay: async (attempt) => {
      delays.push(attempt);
    },
  });
  opened.push(parley);
  return parley;
};

/** A provider answering fresh credentials for the userId `users()` names; a call after `hold()` waits for `release()`. */
function gatedProvider(users: () => string) {
  let gate: Promise<void> | null = null;
  let open = () => {};
  const state = {
    calls: 0,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
    provider: (async () => {
      state.calls++;
      if (gate) await gate;
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION' as const, token: await server.credentials(users()) } };
    }) as AuthenticationProvider,
  };
  return state;
}

const revoke = (userId: string) =>
  server.gql(
    'mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }',
    { p: server.projectId, u: userId },
    server.admin,
  );

beforeAll(async () => {
  agent = await connectAgent();
});
afterEach(async () => {
  for (const parley of opened.splice(0)) await parley.logout();
});
afterAll(() => {
  agent.socket.close();
});

describe('realtime', () => {
  it('sends a message: acked, conversation:id set, the agent receives it, and the agent answer reaches the message event', async () => {
    const parley = page();
    const conversationIds: unknown[] = [];
    const messages: MessageEvent[] = [];
    parley.on('conversation:idChange', (id) => conversationIds.push(id));
    parley.on('message', (event) => messages.push(event as MessageEvent));
    await parley.activate(securedProvider(server, 'rt-user-1'));

    const sent = await parley.sendMessage('Where is my order?');

    expect(sent.clientId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(sent.seq).toBeGreaterThanOrEqual(1);
    expect(parley.get('conversation:id')).toBe(sent.conversationId);
    expect(conversationIds).toContain(sent.conversationId);
    await until(() => agent.texts().includes('Where is my order?'), 'the agent to receive the message');

    agent.socket.send(JSON.stringify({ type: 'send', clientId: 'agent-1', text: 'On its way', conversationId: sent.conversationId }));
    await until(() => messages.some((event) => event.message.text === 'On its way'), 'the agent answer');

    const seqs = messages.map((event) => event.message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(messages.filter((event) => event.message.text === 'Where is my order?')).toHaveLength(1);
    expect(messages.find((event) => event.message.text === 'On its way')?.message.author.kind).toBe('agent');
  });

  it('reconnects with backoff after a dropped connection, resumes what it missed and sends what was queued', async () => {
    const parley = page();
    const messages: MessageEvent[] = [];
    parley.on('message', (event) => messages.push(event as MessageEvent));
    await parley.activate(securedProvider(server, 'rt-user-7'));
    const first = await parley.sendMessage('before the drop');
    const dropped = sockets.at(-1);
    delays.length = 0;

    dropped?.terminate();
    const queued = parley.sendMessage('during the drop');
    agent.socket.send(JSON.stringify({ type: 'send', clientId: 'agent-7', text: 'missed answer', conversationId: first.conversationId }));

    const sent = await queued;
    expect(delays).toEqual([1]);
    expect(sent.conversationId).toBe(first.conversationId);
    await until(() => messages.some((event) => event.message.text === 'during the drop'), 'the queued message event');
    const texts = messages.map((event) => event.message.text);
    expect(texts.filter((text) => text === 'missed answer')).toHaveLength(1);
    expect(texts.filter((text) => text === 'before the drop')).toHaveLength(1);
    const seqs = messages.map((event) => event.message.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });

  it('re-activates with fresh credentials after the session is revoked, then delivers the queued message once', async () => {
    const provider = gatedProvider(() => 'rt-user-2');
    const parley = page();
    const messages: MessageEvent[] = [];
    parley.on('message', (event) => messages.push(event as MessageEvent));
    await parley.activate(provider.provider);
    const first = await parley.sendMessage('first');

    provider.hold();
    await revoke('rt-user-2');
    await until(() => provider.calls === 2, 'the re-activation to ask the provider');
    const queued = parley.sendMessage('queued while away');
    provider.release();

    const sent = await queued;
    expect(sent.conversationId).toBe(first.conversationId);
    expect(sent.seq).toBe(first.seq + 1);
    expect(parley.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    await until(() => messages.some((event) => event.message.text === 'queued while away'), 'the message event');
    await until(() => agent.texts().includes('queued while away'), 'the agent to receive the queued message');
    expect(agent.texts().filter((text) => text === 'queued while away')).toHaveLength(1);
    expect(messages.filter((event) => event.message.text === 'queued while away')).toHaveLength(1);
  });

  it('drops the queued messages when the re-verification names another user', async () => {
    let user = 'rt-user-3';
    const provider = gatedProvider(() => user);
    const parley = page();
    await parley.activate(provider.provider);
    await parley.sendMessage('from user 3');

    provider.hold();
    await revoke('rt-user-3');
    await until(() => provider.calls === 2, 'the re-activation to ask the provider');
    const queued = parley.sendMessage('secret of user 3');
    user = 'rt-user-4';
    provider.release();

    const error = await queued.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageDroppedError);
    expect((error as MessageDroppedError).code).toBe('IDENTITY_CHANGED');
    // The channel goes on as the new user, and the dropped message never reached the server.
    await parley.sendMessage('from user 4');
    await until(() => agent.texts().includes('from user 4'), 'the new user message');
    expect(agent.texts()).not.toContain('secret of user 3');
  });

  it('logout closes the socket and rejects what is not acknowledged', async () => {
    const parley = page();
    await parley.activate(securedProvider(server, 'rt-user-5'));
    await parley.sendMessage('hello');
    const socket = sockets.at(-1);

    const pending = parley.sendMessage('unacknowledged').catch((caught: unknown) => caught);
    await parley.logout();

    expect(await pending).toBeInstanceOf(MessageDroppedError);
    await until(() => socket?.readyState === WebSocket.CLOSED, 'the socket to close');
    await expect(parley.sendMessage('after logout')).rejects.toBeInstanceOf(MessageDroppedError);
    expect(parley.get('conversation:id')).toBeNull();
  });

  it('refuses an invalid text at once', async () => {
    const parley = page();
    await parley.activate(securedProvider(server, 'rt-user-6'));
    await expect(parley.sendMessage('   ')).rejects.toBeInstanceOf(TypeError);
  });

  it('relays typing both ways and read receipts to the agent', async () => {
    const parley = page();
    const typing: unknown[] = [];
    parley.on('typing', (event) => typing.push(event));
    parley.setTyping(true); // no conversation yet: nothing sent, nothing thrown
    await parley.activate(securedProvider(server, 'rt-user-8'));
    const sent = await parley.sendMessage('typing test');

    agent.socket.send(JSON.stringify({ type: 'typing', conversationId: sent.conversationId, typing: true }));
    await until(() => typing.length > 0, 'the typing event');
    expect(typing[0]).toMatchObject({ conversationId: sent.conversationId, author: { kind: 'agent' }, typing: true });

    const fromVisitor = (type: string) =>
      agent.frames.filter(
        (frame) =>
          frame.type === type && frame.conversationId === sent.conversationId && (frame.author as { kind: string }).kind === 'visitor',
      );
    parley.setTyping(true);
    await until(() => fromVisitor('typing').length > 0, 'the agent to receive typing');
    expect(fromVisitor('typing')[0]).toMatchObject({ typing: true });

    parley.markRead(sent.seq);
    await until(() => fromVisitor('read').length > 0, 'the agent to receive read');
    expect(fromVisitor('read')[0]).toMatchObject({ seq: sent.seq });
    expect(() => parley.markRead(-1)).toThrow(TypeError);
  });
});

describe('extId', () => {
  const extIdOf = async (conversationId: string) => {
    const answer = await server.gql<{ conversation: { visitor: { extId: string | null; authenticated: boolean } } }>(
      'query($id: ID!) { conversation(id: $id) { visitor { extId authenticated } } }',
      { id: conversationId },
      server.admin,
    );
    return answer.data?.conversation.visitor;
  };
  /** The visitor profile once its extId is `expected` (the SDK sends it in the background), or the last one read. */
  const extIdEventually = async (conversationId: string, expected: string) => {
    let visitor = await extIdOf(conversationId);
    for (let tries = 0; visitor?.extId !== expected && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      visitor = await extIdOf(conversationId);
    }
    return visitor;
  };

  it('refuses what is not a string of 1..50 characters', () => {
    const parley = page();
    for (const value of [42, '', '   ', 'x'.repeat(51), null]) expect(() => parley.set('extId', value)).toThrow(TypeError);
    parley.set('extId', '😀'.repeat(50));
    expect(parley.get('extId')).toBe('😀'.repeat(50));
  });

  it('anonymous: set before activation, sent right after it and stored on the server', async () => {
    warnings.length = 0;
    const parley = page();
    parley.set('extId', 'crm-1234');
    await parley.activate(anonymousProvider);
    const sent = await parley.sendMessage('hello from an anonymous visitor');
    expect(await extIdEventually(sent.conversationId, 'crm-1234')).toEqual({ extId: 'crm-1234', authenticated: false });

    parley.set('extId', 'crm-5678');
    expect(await extIdEventually(sent.conversationId, 'crm-5678')).toEqual({ extId: 'crm-5678', authenticated: false });
    expect(warnings).toEqual([]);
  });

  it('authenticated: warns that extId is ignored, and the server keeps none', async () => {
    warnings.length = 0;
    const parley = page();
    parley.set('extId', 'before-sign-in');
    await parley.activate(securedProvider(server, 'rt-user-9'));
    parley.set('extId', 'during-session');
    const sent = await parley.sendMessage('hello from a verified visitor');

    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/extId is ignored during an authenticated session/);
    expect(parley.get('extId')).toBeNull();
    expect(await extIdOf(sent.conversationId)).toEqual({ extId: null, authenticated: true });
  });
});
