import type { ActivationResult, AuthenticationProvider, Listener, MessageEvent, Parley, SentMessage } from '@parley/sdk';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

export const SUCCESS: ActivationResult = { authentication: { option: { type: 'ANONYMOUS' }, status: 'authentication-success' } };

/** A Parley object the test drives by hand: it settles activations and sends, and fires the SDK's events. */
export function fakeParley() {
  const values = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const activations: { provider: AuthenticationProvider; answer: Deferred<ActivationResult> }[] = [];
  const sends: { text: string; answer: Deferred<SentMessage> }[] = [];
  let closes = 0;
  const emit = (event: string, value: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(value);
  };
  const set = (name: string, value: unknown) => {
    values.set(name, value);
    emit(`${name}Change`, value);
  };
  const parley: Parley = {
    activate(provider) {
      const answer = deferred<ActivationResult>();
      activations.push({ provider, answer });
      return answer.promise;
    },
    logout: async () => set('visitor:authenticationStatus', null),
    get: ((name: string) => values.get(name) ?? null) as Parley['get'],
    set,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
    },
    off: (event, listener) => listeners.get(event)?.delete(listener),
    sendMessage(text) {
      const answer = deferred<SentMessage>();
      sends.push({ text, answer });
      return answer.promise;
    },
    setTyping: () => {},
    markRead: () => {},
    getTransferUrl: async (url) => url,
    close() {
      closes++;
      set('visitor:authenticationStatus', null);
      set('conversation:id', null);
    },
  };
  return {
    parley,
    activations,
    sends,
    closes: () => closes,
    /** What the SDK sets itself. */
    status: (value: 'ANONYMOUS' | 'AUTHENTICATED' | null) => set('visitor:authenticationStatus', value),
    conversation: (id: string | null) => set('conversation:id', id),
    deliver: (event: MessageEvent) => emit('message', event),
    listenerCount: () => [...listeners.values()].reduce((count, set) => count + set.size, 0),
  };
}

/** A stored message as the server sends it. */
export function message(conversationId: string, seq: number, text: string, kind: 'visitor' | 'agent' = 'visitor'): MessageEvent {
  return {
    conversationId,
    message: {
      id: `m-${conversationId}-${seq}`,
      seq,
      author: { kind, id: kind === 'agent' ? 'agent-1' : 'vuid-1' },
      text,
      createdAt: '2025-01-31T09:30:00.000Z',
      clientId: null,
      verified: false,
      brandKeyId: null,
    },
  };
}
