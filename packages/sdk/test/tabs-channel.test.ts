import { describe, expect, it } from 'vitest';
import type { MessageDroppedError, Parley, ParleyStorage } from '../src/index.js';
import { FakeWorld, provider, wait } from './fake-browser-world.js';

/** A message from each tab: how each send ended. */
const sendFromEach = (...tabs: Parley[]) => Promise.all(tabs.map((tab, index) => outcome(tab.sendMessage(`from tab ${index + 1}`))));

/** A reconnect delay of 5 ms that records the attempt each was asked for. */
const recordedDelay = (attempts: number[]) => (attempt: number) => {
  attempts.push(attempt);
  return wait(5);
};

const anonymousProvider = async () => ({ authenticationOption: { type: 'ANONYMOUS' as const } });

/** The brand's site: its token endpoint names whoever is signed in there at the time of the call. */
interface BrandSite {
  signedIn: string;
  endpoint: ReturnType<typeof provider>;
}
const brandSite = (signedIn: string): BrandSite => {
  const site: BrandSite = { signedIn, endpoint: provider(() => site.signedIn) };
  return site;
};

/** The site signs `user` in (signing the last one out), who opens it in a new tab whose channel opens at once. */
async function nextUserInAnotherTab(world: FakeWorld, newTab: () => ParleyStorage, site: BrandSite, user: string) {
  site.signedIn = user;
  world.openDelay = 1;
  const tab = world.tab(newTab());
  await tab.activate(site.endpoint); // proves the browser's session: the last user's ends
  return tab;
}

/** How a send ended: acknowledged, or rejected with its code. */
const outcome = (sending: Promise<unknown>) =>
  sending.then(
    () => 'acknowledged',
    (error: MessageDroppedError) => `rejected ${error.code}`,
  );

describe("tabs of one browser and their channels (the server's sessions modelled)", () => {
  it("two tabs of one user do not take turns ending each other's session: what each sent is acknowledged", async () => {
    const world = new FakeWorld();
    const newTab = world.browser();
    const [first, second] = [world.tab(newTab()), world.tab(newTab())];
    await first.activate(provider('alice'));
    await second.activate(provider('alice')); // ends the first tab's session: its channel closes
    expect(await sendFromEach(first, second)).toEqual(['acknowledged', 'acknowledged']);
    await wait(100);
    expect(world.activations).toEqual(['sign-in alice', 'sign-in alice']);
    expect(world.messages.map((message) => message.userId)).toEqual(['alice', 'alice']);
    first.close();
    second.close();
  });

  it('a re-activation never proves the session another tab stored while its token endpoint answered', async () => {
    // Each tab's token endpoint answers in 30 ms and its sign-in reaches it 10 ms after the server acted: when a tab's
    // channel closes, the other tab stores its new session while this one still asks for credentials.
    const world = new FakeWorld();
    const newTab = world.browser(50);
    const [first, second] = [world.tab(newTab(), 10), world.tab(newTab(), 10)];
    await first.activate(provider('alice', 30));
    await second.activate(provider('alice', 30));
    await wait(500);
    expect(world.activations).toEqual(['sign-in alice', 'sign-in alice']);
    expect(world.liveSessions).toBe(1);
    expect(await sendFromEach(first, second)).toEqual(['acknowledged', 'acknowledged']);
    first.close();
    second.close();
  });

  it('a tab whose channel closes again during its re-activation reconnects once that re-activation succeeds', async () => {
    // Every session revoked; storage events 60 ms late. The first tab's re-activation runs when a late storage event
    // makes it connect with a session already revoked, whose close asks for a re-activation again meanwhile.
    const world = new FakeWorld();
    const newTab = world.browser(60);
    const [first, second] = [world.tab(newTab(), 50), world.tab(newTab(), 50)];
    await first.activate(provider('alice'));
    await second.activate(provider('alice', 40));
    await wait(30);
    world.revokeAll();
    await wait(900);
    expect([first.get('visitor:authenticationStatus'), second.get('visitor:authenticationStatus')]).toEqual([
      'AUTHENTICATED',
      'AUTHENTICATED',
    ]);
    expect(await sendFromEach(first, second)).toEqual(['acknowledged', 'acknowledged']);
    first.close();
    second.close();
  });

  it('sends no sign-in once close() or logout() came while the re-activation asked the token endpoint', async () => {
    for (const stop of ['close', 'logout'] as const) {
      const world = new FakeWorld();
      const tab = world.tab(world.browser()());
      await tab.activate(provider('alice', 40)); // its token endpoint answers in 40 ms
      world.revokeAll();
      await wait(10);
      await tab[stop]();
      await wait(100);
      expect(world.activations).toEqual(['sign-in alice']);
      expect(world.liveSessions).toBe(0);
      tab.close();
    }
  });

  it('a re-activation that fails for now (provider or server) is tried again after the backoff: the queue waits and goes', async () => {
    const world = new FakeWorld();
    const tab = world.tab(world.browser()());
    let failures = 2;
    const brand = provider('alice');
    // The brand's token endpoint unreachable twice (the provider throws), then Parley busy for 4 attempts.
    await tab.activate(async () => {
      if (world.activations.length > 0 && failures-- > 0) throw new Error('fetch failed');
      return brand();
    });
    world.refusals.push('RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED');
    world.revokeAll();
    const sent = outcome(tab.sendMessage('while the session is renewed'));
    expect(await sent).toBe('acknowledged');
    expect(tab.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    expect(world.activations).toEqual(['sign-in alice', ...Array(4).fill('refused RATE_LIMITED'), 'sign-in alice']);
    tab.close();
  });

  it('ends the session after 8 re-activations in a row failed for now, each after a longer reconnect delay', async () => {
    const world = new FakeWorld();
    const delays: number[] = [];
    const warnings: string[] = [];
    const tab = world.tab(world.browser()(), 0, { reconnectDelay: recordedDelay(delays), warn: (message) => warnings.push(message) });
    let calls = 0;
    await tab.activate(async () => {
      if (++calls > 1) throw new Error('fetch failed'); // the brand's token endpoint unreachable from now on
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token: 'cred:alice:1' } };
    });
    world.revokeAll();
    const sent = outcome(tab.sendMessage('waits, then is given up'));
    expect(await sent).toBe('rejected REALTIME_STOPPED');
    expect(calls - 1).toBe(8); // one provider call per round: a single retry loop
    expect(delays).toEqual([2, 3, 4, 5, 6, 7, 8]); // the first is at once, then the backoff grows
    expect(tab.get('visitor:authenticationStatus')).toBeNull();
    expect(warnings).toEqual(['[parley] the visitor session ended and re-activation failed: INVALID_OPTION']);
    tab.close();
  });

  it('a recovered re-activation starts the reconnect backoff again: a network drop after it waits the first step', async () => {
    const world = new FakeWorld();
    const delays: number[] = [];
    const tab = world.tab(world.browser()(), 0, { reconnectDelay: recordedDelay(delays) });
    const brand = provider('alice');
    let down = 0;
    await tab.activate(async () => (down-- > 0 ? Promise.reject(new Error('fetch failed')) : brand()));
    down = 3;
    world.revokeAll();
    expect(await outcome(tab.sendMessage('after the recovery'))).toBe('acknowledged');
    delays.length = 0;
    await world.dropAll();
    expect(await outcome(tab.sendMessage('after the drop'))).toBe('acknowledged');
    expect(delays).toEqual([1]); // the backoff's first step, not the fifth where the failed re-activations left it
    tab.close();
  });

  it('a re-activation refused while another tab of the same user stored a live session keeps that session', async () => {
    const world = new FakeWorld();
    const newTab = world.browser();
    const first = world.tab(newTab(), 40); // its sign-in's answer arrives 40 ms after the server acted
    const second = world.tab(newTab());
    await first.activate(provider('alice'));
    await second.activate(provider('alice', 10));
    await wait(50);
    world.refusals.push('CREDENTIALS_EXPIRED'); // the first tab's sign-in, the first to reach the server
    world.revokeAll();
    await wait(200);
    expect([first.get('visitor:authenticationStatus'), second.get('visitor:authenticationStatus')]).toEqual([
      'AUTHENTICATED',
      'AUTHENTICATED',
    ]);
    expect(await outcome(first.sendMessage('from the first tab'))).toBe('acknowledged');
    first.close();
    second.close();
  });

  it('activate() from the listener that sees the status go null after a refusal is let through', async () => {
    const world = new FakeWorld();
    const tab = world.tab(world.browser()());
    await tab.activate(provider('alice'));
    let fromListener: ReturnType<typeof tab.activate> | null = null;
    tab.on('visitor:authenticationStatusChange', (status) => {
      if (status === null) fromListener = tab.activate(() => ({ authenticationOption: { type: 'ANONYMOUS' } }));
    });
    world.refusals.push('SIGNATURE_INVALID');
    world.revokeAll();
    await wait(100);
    expect((await (fromListener as unknown as ReturnType<typeof tab.activate>)).authentication.status).toBe('authentication-success');
    tab.close();
  });

  it('a re-activation refused for good ends the session: the queue is rejected and activate() may start again', async () => {
    const world = new FakeWorld();
    const warnings: string[] = [];
    const tab = world.tab(world.browser()(), 0, { warn: (message) => warnings.push(message) });
    await tab.activate(provider('alice'));
    world.refusals.push('SIGNATURE_INVALID');
    world.revokeAll();
    const sent = outcome(tab.sendMessage('after the brand key was revoked'));
    expect(await sent).toBe('rejected REALTIME_STOPPED');
    expect(tab.get('visitor:authenticationStatus')).toBeNull();
    // Never silent: the integrator learns why the chat ended.
    expect(warnings).toEqual(['[parley] the visitor session ended and re-activation failed: SIGNATURE_INVALID']);
    const again = await tab.activate(provider('alice'));
    expect(again.authentication.status).toBe('authentication-success');
    expect(tab.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    tab.close();
  });

  it("two anonymous tabs whose visitor the server ended both go on as the browser's new visitor", async () => {
    // A brand's token endpoint answering 401 (nobody signed in). Each tab's re-activation gets a fresh visitor: the
    // second tab's attempt either finds the first tab's stored (a slower endpoint) or goes out too (answers 15 ms late).
    const anonymous = (delayMs: number) => async () => {
      await wait(delayMs);
      return { authenticationOption: { type: 'ANONYMOUS' as const } };
    };
    const timings = [
      { storageDelay: 5, secondEndpoint: 30, answerDelay: 0 },
      { storageDelay: 60, secondEndpoint: 30, answerDelay: 0 },
      { storageDelay: 0, secondEndpoint: 0, answerDelay: 15 },
    ];
    for (const { storageDelay, secondEndpoint, answerDelay } of timings) {
      const world = new FakeWorld();
      const newTab = world.browser(storageDelay);
      const [first, second] = [world.tab(newTab(), answerDelay), world.tab(newTab(), answerDelay)];
      await first.activate(anonymous(0));
      await second.activate(anonymous(secondEndpoint));
      await wait(100);
      world.revokeAll(); // e.g. a transfer redeemed on another site
      await wait(400);
      expect([first.get('visitor:authenticationStatus'), second.get('visitor:authenticationStatus')]).toEqual(['ANONYMOUS', 'ANONYMOUS']);
      expect(await sendFromEach(first, second)).toEqual(['acknowledged', 'acknowledged']);
      expect(new Set(world.messages.map((message) => message.vuid)).size).toBe(1);
      first.close();
      second.close();
    }
  });

  it("an anonymous tab's message is never sent as the user another tab signs in, after a logout there", async () => {
    for (const closeDelay of [0, 20]) {
      const world = new FakeWorld();
      world.closeDelay = closeDelay;
      const newTab = world.browser(50); // the storage event comes after the channel's close
      const [first, second] = [world.tab(newTab()), world.tab(newTab())];
      await first.activate(() => ({ authenticationOption: { type: 'ANONYMOUS' } }));
      await wait(20);
      await second.logout();
      await second.activate(provider('bob'));
      // The session here ended with the logout: the send is dropped (LOGGED_OUT while queued, REALTIME_STOPPED once the
      // channel has stopped), never sent as bob.
      const sent = outcome(first.sendMessage('anonymous: my card ends 4242'));
      expect(await sent).toMatch(/^rejected (LOGGED_OUT|REALTIME_STOPPED)$/);
      expect(world.messages).toEqual([]);
      expect(first.get('visitor:authenticationStatus')).toBeNull();
      first.close();
      second.close();
    }
  });

  it("a message queued before the channel's first ready is never sent as the user another tab signs in meanwhile", async () => {
    const site = brandSite('alice');
    const world = new FakeWorld();
    const newTab = world.browser();
    world.openDelay = 30; // the first tab's channel is not ready yet when bob signs in
    const first = world.tab(newTab());
    await first.activate(site.endpoint);
    const sent = outcome(first.sendMessage('alice: my card ends 4242'));
    const second = await nextUserInAnotherTab(world, newTab, site, 'bob');
    expect(await sent).toBe('rejected IDENTITY_CHANGED');
    expect(world.messages).toEqual([]);
    // The first tab goes on as bob, whose own messages go.
    expect(await sendFromEach(first, second)).toEqual(['acknowledged', 'acknowledged']);
    expect(world.messages.map((message) => message.userId)).toEqual(['bob', 'bob']);
    first.close();
    second.close();
  });

  it("a message queued before the channel's first ready is never sent as the user its re-activation finds", async () => {
    const site = brandSite('alice');
    const world = new FakeWorld();
    world.openDelay = 30;
    const tab = world.tab(world.browser()());
    await tab.activate(site.endpoint);
    const sent = outcome(tab.sendMessage('alice: my card ends 4242'));
    // The brand's back-channel logout of alice, and bob signed in on its site: the re-activation gets bob.
    site.signedIn = 'bob';
    world.revokeAll();
    expect(await sent).toBe('rejected IDENTITY_CHANGED');
    expect(world.activations).toEqual(['sign-in alice', 'sign-in bob']);
    expect(tab.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    expect(world.messages).toEqual([]);
    tab.close();
  });

  it('a message typed right after an anonymous visitor signs in is never sent as the user another tab signs in', async () => {
    const site = brandSite('alice');
    const world = new FakeWorld();
    const newTab = world.browser();
    const first = world.tab(newTab());
    await first.activate(anonymousProvider);
    await wait(20); // the anonymous channel is ready
    world.openDelay = 30; // the channel reopening as alice is not ready yet when bob signs in
    await first.activate(site.endpoint);
    const sent = outcome(first.sendMessage('alice: my card ends 4242'));
    const second = await nextUserInAnotherTab(world, newTab, site, 'bob');
    expect(await sent).toBe('rejected IDENTITY_CHANGED');
    expect(world.messages).toEqual([]);
    first.close();
    second.close();
  });

  it('what an anonymous visitor queued goes on with its sign-in, and a user re-verified before its first ready keeps its queue', async () => {
    const world = new FakeWorld();
    world.openDelay = 30;
    const tab = world.tab(world.browser()());
    await tab.activate(anonymousProvider);
    const anonymousSend = outcome(tab.sendMessage('anonymous question'));
    await tab.activate(provider('alice'));
    expect(await anonymousSend).toBe('acknowledged');
    const queued = outcome(tab.sendMessage('alice again'));
    world.revokeAll();
    expect(await queued).toBe('acknowledged');
    expect(world.messages.map((message) => message.userId)).toEqual(['alice', 'alice']);
    tab.close();
  });

  it('what an anonymous visitor the server ended had queued does not go on as the user its re-activation signs in', async () => {
    // The brand's endpoint answers ANONYMOUS while nobody is signed in on its site, SECURED once bob is.
    let signedIn: string | null = null;
    const secured = provider(() => signedIn ?? '');
    const world = new FakeWorld();
    const tab = world.tab(world.browser()(), 0);
    await tab.activate(() => (signedIn === null ? anonymousProvider() : secured()));
    await wait(20);
    world.openDelay = 30;
    await world.dropAll(); // the channel reconnects: not ready while the message is queued
    const sent = outcome(tab.sendMessage('anonymous: my card ends 4242'));
    signedIn = 'bob';
    // The server ends the anonymous visitor (its transfer redeemed on another site, an erasure): bob gets a new vuid.
    world.revokeAll();
    expect(await sent).toBe('rejected IDENTITY_CHANGED');
    expect(tab.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    expect(world.messages).toEqual([]);
    tab.close();
  });

  it('activate() works after logout() or close() while the re-activation waits on a token endpoint that does not answer', async () => {
    for (const stop of ['logout', 'close'] as const) {
      const world = new FakeWorld();
      const tab = world.tab(world.browser()());
      let calls = 0;
      let answerLate: () => void = () => {};
      const alice = provider('alice');
      await tab.activate(() => (++calls === 1 ? alice() : new Promise<void>((resolve) => (answerLate = resolve)).then(alice)));
      world.revokeAll();
      await wait(30); // the re-activation asks the token endpoint, which does not answer
      expect(calls).toBe(2);
      await tab[stop]();
      const result = await tab.activate(provider('bob'));
      expect(result.authentication.status).toBe('authentication-success');
      expect(await outcome(tab.sendMessage('bob here'))).toBe('acknowledged');
      // Should it answer at last, the abandoned re-activation sends nothing: bob's session goes on.
      answerLate();
      await wait(50);
      expect(world.activations).toEqual(['sign-in alice', 'sign-in bob']);
      expect(tab.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
      expect(await outcome(tab.sendMessage('bob again'))).toBe('acknowledged');
      expect(world.messages.map((message) => message.userId)).toEqual(['bob', 'bob']);
      tab.close();
    }
  });

  it("when both tabs' session ends, they re-activate without ending each other's new session in turn", async () => {
    const world = new FakeWorld();
    const newTab = world.browser();
    const slow = world.tab(newTab());
    const fast = world.tab(newTab());
    await slow.activate(provider('alice', 30)); // a slower token endpoint in this tab
    await fast.activate(provider('alice'));
    await wait(50);
    world.revokeAll();
    await wait(1000);
    const signIns = world.activations.length - 2;
    expect(signIns).toBeLessThanOrEqual(3);
    expect(world.liveSessions).toBe(1);
    expect(await sendFromEach(slow, fast)).toEqual(['acknowledged', 'acknowledged']);
    slow.close();
    fast.close();
  });
});
