import { describe, expect, it } from 'vitest';
import { bindingOf } from '../src/binding.js';
import { fakeParley, message, SUCCESS } from './fake-parley.js';

const anonymous = () => ({ authenticationOption: { type: 'ANONYMOUS' as const } });
const sent = (conversationId: string, seq: number) => ({
  clientId: `c-${seq}`,
  messageId: `m-${conversationId}-${seq}`,
  conversationId,
  seq,
  createdAt: '2025-01-31T09:30:00.000Z',
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the conversation store', () => {
  it('answers the same snapshot until something it shows changes', () => {
    const fake = fakeParley();
    const { conversation } = bindingOf(fake.parley);
    const calls: number[] = [];
    conversation.subscribe(() => calls.push(1));
    const first = conversation.get();
    expect(conversation.get()).toBe(first);
    expect(first).toBe(conversation.initial);
    expect(first).toMatchObject({ id: null, messages: [], sending: [] });

    fake.conversation('c1');
    const second = conversation.get();
    expect(second).not.toBe(first);
    expect(second.id).toBe('c1');
    expect(second.send).toBe(first.send);

    fake.deliver(message('c1', 1, 'Hello'));
    const third = conversation.get();
    expect(third.messages.map((stored) => stored.text)).toEqual(['Hello']);
    expect(conversation.get()).toBe(third);
    // Another conversation's message changes nothing shown.
    fake.deliver(message('c0', 4, 'Old'));
    expect(conversation.get()).toBe(third);
    expect(calls).toHaveLength(2);
    expect(bindingOf(fake.parley).conversation).toBe(conversation);
  });

  it('keeps a sent message in `sending` until its stored copy arrives, whichever comes first', async () => {
    const fake = fakeParley();
    const { conversation } = bindingOf(fake.parley);

    // Acknowledged first, then the stored copy.
    const first = conversation.get().send('First');
    expect(conversation.get().sending.map((item) => item.text)).toEqual(['First']);
    fake.sends[0]?.answer.resolve(sent('c1', 1));
    fake.conversation('c1');
    await first;
    expect(conversation.get().sending.map((item) => item.text)).toEqual(['First']);
    fake.deliver(message('c1', 1, 'First'));
    expect(conversation.get().sending).toEqual([]);
    expect(conversation.get().messages.map((stored) => stored.text)).toEqual(['First']);

    // The stored copy first, then the acknowledgement.
    const second = conversation.get().send('Second');
    fake.deliver(message('c1', 2, 'Second'));
    expect(conversation.get().sending.map((item) => item.text)).toEqual(['Second']);
    fake.sends[1]?.answer.resolve(sent('c1', 2));
    expect(await second).toMatchObject({ seq: 2 });
    expect(conversation.get().sending).toEqual([]);
    expect(conversation.get().messages.map((stored) => stored.text)).toEqual(['First', 'Second']);
  });

  it('takes a refused message off `sending` and rejects', async () => {
    const fake = fakeParley();
    const { conversation } = bindingOf(fake.parley);
    const sending = conversation.get().send('   ');
    const refusal = new TypeError('blank');
    fake.sends[0]?.answer.reject(refusal);
    await expect(sending).rejects.toBe(refusal);
    expect(conversation.get().sending).toEqual([]);
  });

  it('forgets the messages when the session or the conversation ends', () => {
    const fake = fakeParley();
    const { conversation } = bindingOf(fake.parley);
    fake.status('ANONYMOUS');
    fake.conversation('c1');
    fake.deliver(message('c1', 1, 'Hello'));
    fake.status(null);
    fake.conversation(null);
    expect(conversation.get()).toMatchObject({ id: null, messages: [] });
    fake.conversation('c1');
    expect(conversation.get().messages).toEqual([]);
  });
});

describe('the activation store', () => {
  it('follows the status events and shares an activation in flight', async () => {
    const fake = fakeParley();
    const { activation } = bindingOf(fake.parley);
    const initial = activation.get();
    expect(initial).toMatchObject({ status: null, activating: false, result: null });

    const first = initial.activate(anonymous);
    const second = initial.activate(anonymous);
    expect(second).toBe(first);
    expect(activation.get().activating).toBe(true);
    await settle();
    expect(fake.activations).toHaveLength(1);

    fake.status('ANONYMOUS');
    fake.activations[0]?.answer.resolve(SUCCESS);
    expect(await first).toBe(SUCCESS);
    expect(activation.get()).toMatchObject({ status: 'ANONYMOUS', activating: false, result: SUCCESS });
    expect(activation.get().activate).toBe(initial.activate);

    await activation.get().logout();
    expect(activation.get()).toMatchObject({ status: null, result: null });
  });

  it('after close(), a new activation waits for the one close() overtook and does not share it', async () => {
    const fake = fakeParley();
    const binding = bindingOf(fake.parley);
    const overtaken = binding.activation.get().activate(anonymous);
    expect(fake.activations).toHaveLength(1);
    binding.close();
    expect(fake.closes()).toBe(1);
    expect(binding.activation.get().activating).toBe(false);

    const next = binding.activation.get().activate(anonymous);
    expect(next).not.toBe(overtaken);
    await settle();
    expect(fake.activations).toHaveLength(1);
    fake.activations[0]?.answer.resolve(SUCCESS);
    await overtaken;
    expect(binding.activation.get().result).toBeNull();
    expect(binding.activation.get().activating).toBe(true);
    await settle();
    expect(fake.activations).toHaveLength(2);
    fake.status('ANONYMOUS');
    fake.activations[1]?.answer.resolve(SUCCESS);
    expect(await next).toBe(SUCCESS);
    expect(binding.activation.get()).toMatchObject({ status: 'ANONYMOUS', activating: false, result: SUCCESS });
  });
  it('an activation waiting for an overtaken one and overtaken in turn never starts', async () => {
    const fake = fakeParley();
    const binding = bindingOf(fake.parley);
    const first = binding.activation.get().activate(anonymous);
    binding.close();
    const second = binding.activation.get().activate(anonymous);
    binding.close();
    const third = binding.activation.get().activate(anonymous);
    expect(fake.activations).toHaveLength(1);

    fake.activations[0]?.answer.resolve(SUCCESS);
    expect(await first).toBe(SUCCESS);
    expect(await second).toBe(SUCCESS);
    await settle();
    expect(fake.activations).toHaveLength(2);
    const failure: typeof SUCCESS = {
      authentication: {
        option: null,
        status: 'authentication-failure',
        reason: 'A valid authentication option must be provided',
        code: 'INVALID_OPTION',
      },
    };
    fake.activations[1]?.answer.resolve(failure);
    expect(await third).toBe(failure);
    expect(binding.activation.get()).toMatchObject({ activating: false, result: failure });
  });
});
