import type { AuthenticationStatus } from './properties.js';
import type { MessageEvent, ReadEvent, TypingEvent } from './realtime-types.js';
import type { ActivationResult } from './result.js';

/** Every event `on` and `off` accept, with the value its listeners get: `on('typo', …)` does not compile. */
export interface ParleyEvents {
  'visitor:authenticationStatusChange': AuthenticationStatus;
  'conversation:idChange': string | null;
  extIdChange: string | null;
  message: MessageEvent;
  typing: TypingEvent;
  read: ReadEvent;
  /** Each time activate() settles, with what it resolves with (a failure has also been logged once). */
  activation: ActivationResult;
  /** Any other property `p` fires `pChange` with its new value when `set(p, value)` changes it. */
  [propertyChange: `${string}Change`]: unknown;
}

export type ParleyEvent = keyof ParleyEvents;

export type ParleyListener<E extends ParleyEvent> = (value: ParleyEvents[E]) => void;
