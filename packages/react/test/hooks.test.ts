import type { Parley } from '@parley/sdk';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ParleyProvider, type ParleyProviderProps, useActivation, useConversation, useParley } from '../src/index.js';
import { fakeParley, message } from './fake-parley.js';

const OUTSIDE = '[parley] useParley(), useActivation() and useConversation() must be called inside a <ParleyProvider>';

function Show({ use }: { use: () => unknown }): ReactNode {
  use();
  return null;
}

function Probe({ seen }: { seen: (parley: Parley) => void }): ReactNode {
  seen(useParley());
  return null;
}

function Status(): ReactNode {
  const { status, activating } = useActivation();
  const { id, messages } = useConversation();
  return `${status ?? 'none'} ${activating} ${id ?? 'none'} ${messages.length}`;
}

describe('the hooks outside a ParleyProvider', () => {
  it.each([
    ['useParley', useParley],
    ['useActivation', useActivation],
    ['useConversation', useConversation],
  ])('%s() throws a clear error', (_, use) => {
    expect(() => renderToString(createElement(Show, { use }))).toThrowError(OUTSIDE);
  });
});

describe('ParleyProvider', () => {
  it('gives its descendants the parley object it is given', () => {
    const { parley } = fakeParley();
    let seen: Parley | null = null;
    const probe = createElement(Probe, {
      seen: (value) => {
        seen = value;
      },
    });
    renderToString(createElement(ParleyProvider, { parley }, probe));
    expect(seen).toBe(parley);
  });

  it('renders on the server from the initial state, whatever the object knows by then', () => {
    const fake = fakeParley();
    const html = () => renderToString(createElement(ParleyProvider, { parley: fake.parley }, createElement(Status)));
    expect(html()).toBe('none false none 0');
    fake.status('AUTHENTICATED');
    fake.conversation('c1');
    fake.deliver(message('c1', 1, 'Hello'));
    // The server snapshot is the state when the provider first saw the object: hydration starts from it.
    expect(html()).toBe('none false none 0');
  });

  it('creates its own object from options without touching the network', () => {
    const options = { projectId: 'p', serverUrl: 'https://chat.example.com', fetch: () => Promise.reject(new Error('no network')) };
    expect(renderToString(createElement(ParleyProvider, { options }, createElement(Status)))).toBe('none false none 0');
  });

  it('refuses to start without `parley` or `options`', () => {
    const props = {} as ParleyProviderProps;
    expect(() => renderToString(createElement(ParleyProvider, props))).toThrowError(
      '[parley] <ParleyProvider> needs a `parley` or an `options` prop',
    );
  });
});
