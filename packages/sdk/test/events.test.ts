import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ActivationResult,
  type AuthenticationStatus,
  createParley,
  type Listener,
  type MessageEvent,
  type ParleyEvent,
  type ParleyListener,
  type ReadEvent,
  type TypingEvent,
} from '../src/index.js';

const parley = () => createParley({ projectId: 'p', serverUrl: 'http://127.0.0.1:1', fetch: () => Promise.reject(new Error('offline')) });

describe('event names and values (typed: checked by tsc, run for the listeners they register)', () => {
  it('gives each listener the value its event carries', () => {
    const sdk = parley();
    sdk.on('visitor:authenticationStatusChange', (status) => expectTypeOf(status).toEqualTypeOf<AuthenticationStatus>());
    sdk.on('conversation:idChange', (id) => expectTypeOf(id).toEqualTypeOf<string | null>());
    sdk.on('extIdChange', (extId) => expectTypeOf(extId).toEqualTypeOf<string | null>());
    sdk.on('message', (event) => expectTypeOf(event).toEqualTypeOf<MessageEvent>());
    sdk.on('typing', (event) => expectTypeOf(event).toEqualTypeOf<TypingEvent>());
    sdk.on('read', (event) => expectTypeOf(event).toEqualTypeOf<ReadEvent>());
    sdk.on('activation', (result) => expectTypeOf(result).toEqualTypeOf<ActivationResult>());
    // Any property the page sets has its change event.
    sdk.on('colourChange', (value) => expectTypeOf(value).toEqualTypeOf<unknown>());
  });

  it('refuses an event the SDK never fires, and a listener of the wrong value', () => {
    const sdk = parley();
    // @ts-expect-error: no such event
    sdk.on('typo', () => {});
    // @ts-expect-error: the status is a string or null, not a number
    sdk.on('visitor:authenticationStatusChange', (status: number) => status);
    // @ts-expect-error: nor here
    sdk.off('mesage', () => {});
  });

  it('takes the untyped listeners written before; typed ones fit a Set<Listener> (as implementations keep them)', () => {
    const sdk = parley();
    const seen: unknown[] = [];
    const untyped: Listener = (value) => seen.push(value);
    sdk.on('extIdChange', untyped);
    sdk.set('extId', 'crm-1');
    expect(seen).toEqual(['crm-1']);
    const kept = new Set<Listener>();
    const keep = <E extends ParleyEvent>(_event: E, listener: ParleyListener<E>) => kept.add(listener);
    keep('message', (event) => event.message.seq);
    expect(kept.size).toBe(1);
  });
});
