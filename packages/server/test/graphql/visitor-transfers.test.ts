import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, fetchGql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

/** The brand's two sites: the transfer goes from the first to the second. */
const SITE_A = 'https://www.brand.example';
const SITE_B = 'https://shop.brand.example';

const ANONYMOUSLY = /* GraphQL */ `
  mutation($projectId: ID!, $vuid: String, $transferToken: String) {
    visitorAuthenticateAnonymously(input: { projectId: $projectId, vuid: $vuid, transferToken: $transferToken }) {
      vuid visitorSessionToken { accessToken } expiresAt transferRedeemed
    }
  }`;
const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!, $currentVuid: String) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials, currentVuid: $currentVuid }) {
      vuid visitorSessionToken { accessToken } transferRedeemed
    }
  }`;
const TRANSFER = 'mutation { visitorTransferCreate { transferToken expiresAt } }';

interface Session {
  accessToken: string;
  vuid: string;
  transferRedeemed: boolean;
}
type SessionAnswer = { vuid: string; visitorSessionToken: { accessToken: string }; transferRedeemed: boolean };
type Transfer = { transferToken: string | null; expiresAt: string | null };

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(DIALECTS)('cross-domain transfer tokens over HTTP on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let clock = Date.parse('2026-06-01T00:00:00Z');
  let admin: string;
  /** allowedOrigins [SITE_A, SITE_B]. */
  let projectId: string;
  /** Same list, another project. */
  let otherProjectId: string;
  /** No allowedOrigins list. */
  let unlistedProjectId: string;
  let messages = 0;
  const clients: RealtimeClient[] = [];

  const setOrigins = (project: string, origins: string[]) =>
    gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: [String!]) { projectUpdateAuthentication(input: { projectId: $p, allowedOrigins: $o }) { project { id } } }',
      { p: project, o: origins },
      admin,
    );
  const anonymous = async (
    options: { origin?: string | null; transferToken?: string; project?: string; current?: Session } = {},
  ): Promise<Session> => {
    const answer = await fetchGql<{ visitorAuthenticateAnonymously: SessionAnswer }>(
      url,
      ANONYMOUSLY,
      { projectId: options.project ?? projectId, vuid: options.current?.vuid ?? null, transferToken: options.transferToken ?? null },
      { origin: options.origin === undefined ? SITE_A : options.origin, bearer: options.current?.accessToken ?? null },
    );
    expect(answer.errors).toBeUndefined();
    const payload = answer.data?.visitorAuthenticateAnonymously as SessionAnswer;
    return { accessToken: payload.visitorSessionToken.accessToken, vuid: payload.vuid, transferRedeemed: payload.transferRedeemed };
  };
  const signIn = async (userId: string, current: Session | null = null): Promise<Session> => {
    const credentials = await brandCredentials(testApp.services, { userId, issuedAt: Math.floor(clock / 1000) });
    const answer = await fetchGql<{ visitorAuthenticateFromCredentials: SessionAnswer }>(
      url,
      FROM_CREDENTIALS,
      { projectId, credentials, currentVuid: current?.vuid ?? null },
      { origin: SITE_A, bearer: current?.accessToken ?? null },
    );
    expect(answer.errors).toBeUndefined();
    const payload = answer.data?.visitorAuthenticateFromCredentials as SessionAnswer;
    return { accessToken: payload.visitorSessionToken.accessToken, vuid: payload.vuid, transferRedeemed: payload.transferRedeemed };
  };
  const transfer = async (session: Session): Promise<Transfer> => {
    const answer = await fetchGql<{ visitorTransferCreate: Transfer }>(url, TRANSFER, {}, { bearer: session.accessToken, origin: SITE_A });
    expect(answer.errors).toBeUndefined();
    return answer.data?.visitorTransferCreate as Transfer;
  };
  const connect = async (session: Session, origin = SITE_A) => {
    const client = await connectRealtime(url, session.accessToken, { origin });
    clients.push(client);
    return client;
  };
  /** The visitor writes on its site; answers the conversation id. */
  const say = async (session: Session, text: string, origin = SITE_A): Promise<string> => {
    const socket = await connect(session, origin);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: `m-${messages++}`, text });
    const { conversationId } = await socket.next('ack');
    socket.close();
    return conversationId;
  };
  /** An anonymous visitor of SITE_A in a conversation, and a transfer token for it. */
  const transferable = async (text = 'hello from site A') => {
    const source = await anonymous();
    const conversationId = await say(source, text);
    const { transferToken, expiresAt } = await transfer(source);
    expect(transferToken).toMatch(/^prl_tr_[A-Za-z0-9_-]{43}$/);
    return { source, conversationId, token: transferToken as string, expiresAt };
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV, now: () => new Date(clock) });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Brand'));
    ({ projectId: otherProjectId } = await securedProject(testApp.app, admin, 'Other brand'));
    ({ projectId: unlistedProjectId } = await securedProject(testApp.app, admin, 'Unlisted brand'));
    await setOrigins(projectId, [SITE_A, SITE_B]);
    await setOrigins(otherProjectId, [SITE_A, SITE_B]);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await testApp.dispose();
  });

  it('continues the same visitor and conversation on the other listed origin, once', async () => {
    const { source, conversationId, token, expiresAt } = await transferable('my order is late');
    expect(expiresAt).toBe(new Date(clock + 300_000).toISOString());
    const redeemed = await anonymous({ origin: SITE_B, transferToken: token });
    expect(redeemed).toMatchObject({ vuid: source.vuid, transferRedeemed: true });
    expect(redeemed.accessToken).not.toBe(source.accessToken);
    // The conversation is reachable from site B, history included, and goes on there.
    const onB = await connect(redeemed, SITE_B);
    expect(await onB.next('ready')).toMatchObject({ vuid: source.vuid, authenticated: false, conversationId });
    onB.send({ type: 'resume', conversationId, afterSeq: 0 });
    expect((await onB.next('message')).message.text).toBe('my order is late');
    expect(await say(redeemed, 'still waiting', SITE_B)).toBe(conversationId);
    // The visitor moved: site A's session ended, so a link planted in a victim's browser gives its maker nothing.
    const onA = await fetchGql<unknown>(url, '{ visitorSession { vuid } }', {}, { bearer: source.accessToken, origin: SITE_A });
    expect(onA.errors?.[0]?.extensions?.name).toBe('VISITOR_SESSION_EXPIRED');
    // Single use: a second redemption is ignored (a fresh visitor, no error).
    const again = await anonymous({ origin: SITE_B, transferToken: token });
    expect(again.transferRedeemed).toBe(false);
    expect(again.vuid).not.toBe(source.vuid);
  });

  it('stores only the SHA-256 of the token, bound to the project, the visitor and the conversation', async () => {
    const { source, conversationId, token } = await transferable();
    const rows = await testApp.services.store.db.selectFrom('visitor_transfers').selectAll().execute();
    const row = rows.find((candidate) => candidate.token_hash === sha256Hex(token));
    expect(row).toMatchObject({ project_id: projectId, vuid: source.vuid, conversation_id: conversationId, used_at: null });
    expect(JSON.stringify(rows)).not.toContain(token.slice('prl_tr_'.length));
  });

  it('ignores a token past its 5 minutes', async () => {
    const justInTime = await transferable();
    const late = await transferable();
    clock += 299_999;
    expect(await anonymous({ origin: SITE_B, transferToken: justInTime.token })).toMatchObject({
      vuid: justInTime.source.vuid,
      transferRedeemed: true,
    });
    clock += 1;
    const refused = await anonymous({ origin: SITE_B, transferToken: late.token });
    expect(refused.transferRedeemed).toBe(false);
    expect(refused.vuid).not.toBe(late.source.vuid);
  });

  it('ignores a token presented to another project (which does not burn it)', async () => {
    const { source, token } = await transferable();
    const elsewhere = await anonymous({ origin: SITE_B, transferToken: token, project: otherProjectId });
    expect(elsewhere.transferRedeemed).toBe(false);
    expect(elsewhere.vuid).not.toBe(source.vuid);
    expect(await anonymous({ origin: SITE_B, transferToken: token })).toMatchObject({ vuid: source.vuid, transferRedeemed: true });
  });

  it('ignores a token sent without a listed Origin; an unlisted browser origin is refused outright', async () => {
    const { source, token } = await transferable();
    const serverSide = await anonymous({ origin: null, transferToken: token });
    expect(serverSide.transferRedeemed).toBe(false);
    expect(serverSide.vuid).not.toBe(source.vuid);
    const foreign = await fetchGql(url, ANONYMOUSLY, { projectId, transferToken: token }, { origin: 'https://evil.example' });
    expect(errorName(foreign)).toBe('PERMISSION_DENIED');
    // Neither attempt consumed it.
    expect(await anonymous({ origin: SITE_B, transferToken: token })).toMatchObject({ vuid: source.vuid, transferRedeemed: true });
  });

  it('ignores malformed and unknown tokens, and keeps its proven vuid on the normal path', async () => {
    const current = await anonymous({ origin: SITE_B });
    for (const transferToken of [
      '',
      'idzconvid',
      'prl_tr_short',
      `prl_tr_${'A'.repeat(43)}`,
      `prl_op_${'A'.repeat(43)}`,
      'x'.repeat(5000),
    ]) {
      expect((await anonymous({ origin: SITE_B, transferToken })).transferRedeemed).toBe(false);
    }
    expect(await anonymous({ origin: SITE_B, transferToken: `prl_tr_${'B'.repeat(43)}`, current })).toMatchObject({
      vuid: current.vuid,
      transferRedeemed: false,
    });
  });

  it('ignores a token whose conversation moved to a user at sign-in', async () => {
    const { source, token } = await transferable('before signing in');
    const signedIn = await signIn('transfer-user-1', source);
    expect(signedIn).toMatchObject({ vuid: source.vuid, transferRedeemed: false });
    const refused = await anonymous({ origin: SITE_B, transferToken: token });
    expect(refused.transferRedeemed).toBe(false);
    expect(refused.vuid).not.toBe(source.vuid);
  });

  it('ignores a token whose conversation a sign-in closed (the user had one open)', async () => {
    const device = await signIn('transfer-user-2');
    const userConversation = await say(device, 'from my phone');
    const { source, conversationId, token } = await transferable('anonymous on the laptop');
    await signIn('transfer-user-2', source);
    expect((await testApp.services.conversations.get(conversationId)).status).toBe('closed');
    expect((await testApp.services.conversations.get(userConversation)).status).toBe('open');
    expect((await anonymous({ origin: SITE_B, transferToken: token })).transferRedeemed).toBe(false);
  });

  it('answers a null token when there is nothing to transfer', async () => {
    const nothing = { transferToken: null, expiresAt: null };
    // Authenticated: the user signs in on the other site with the brand's provider.
    const user = await signIn('transfer-user-3');
    await say(user, 'signed in');
    expect(await transfer(user)).toEqual(nothing);
    // No explicit allowedOrigins list: no cross-domain continuity.
    const unlisted = await anonymous({ project: unlistedProjectId });
    await say(unlisted, 'hello');
    expect(await transfer(unlisted)).toEqual(nothing);
    // No open conversation.
    expect(await transfer(await anonymous())).toEqual(nothing);
  });

  it('needs a live visitor session as the bearer', async () => {
    for (const bearer of [null, 'not-a-token', 'prl_tr_x']) {
      const answer = await fetchGql(url, TRANSFER, {}, { bearer, origin: SITE_A });
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        name: 'VISITOR_SESSION_EXPIRED',
        code: 1000,
        retryPolicy: 'RETRY_AFTER_REAUTH',
      });
    }
    const session = await anonymous();
    await say(session, 'bye');
    await fetchGql(url, 'mutation { visitorLogout { loggedOut } }', {}, { bearer: session.accessToken });
    expect(errorName(await fetchGql(url, TRANSFER, {}, { bearer: session.accessToken }))).toBe('VISITOR_SESSION_EXPIRED');
  });

  it("refuses a maker's second planted token once a victim redeemed the first (issue 13, finding 3)", async () => {
    const { source: maker, conversationId } = await transferable('planted');
    const second = (await transfer(maker)).transferToken as string;
    // The first token from `transferable` was replaced: mint the one the victim gets.
    const first = (await transfer(maker)).transferToken as string;
    const victim = await anonymous({ origin: SITE_B, transferToken: first });
    expect(victim).toMatchObject({ vuid: maker.vuid, transferRedeemed: true });
    await say(victim, 'my card number is …', SITE_B);
    const back = await anonymous({ origin: SITE_A, transferToken: second });
    expect(back.transferRedeemed).toBe(false);
    expect(back.vuid).not.toBe(maker.vuid);
    const socket = await connect(back);
    expect(await socket.next('ready')).toMatchObject({ conversationId: null });
    socket.send({ type: 'resume', conversationId, afterSeq: 0 });
    expect(await socket.next('error')).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a token whose minting session ended, and keeps at most 5 outstanding per visitor', async () => {
    const { source, token } = await transferable('logging out');
    await fetchGql(url, 'mutation { visitorLogout { loggedOut } }', {}, { bearer: source.accessToken, origin: SITE_A });
    expect((await anonymous({ origin: SITE_B, transferToken: token })).transferRedeemed).toBe(false);

    const many = await transferable('many links');
    for (let i = 0; i < 4; i++) await transfer(many.source);
    // Five outstanding: a sixth is refused until one is used or expires.
    const sixth = await fetchGql<unknown>(url, TRANSFER, {}, { bearer: many.source.accessToken, origin: SITE_A });
    expect(sixth.errors?.[0]?.extensions?.name).toBe('RATE_LIMITED');
    expect(await anonymous({ origin: SITE_B, transferToken: many.token })).toMatchObject({
      vuid: many.source.vuid,
      transferRedeemed: true,
    });
  });

  it('lets exactly one of concurrent redemptions win', async () => {
    const { source, token } = await transferable();
    const answers = await Promise.all(Array.from({ length: 8 }, () => anonymous({ origin: SITE_B, transferToken: token })));
    const winners = answers.filter((answer) => answer.transferRedeemed);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.vuid).toBe(source.vuid);
    expect(answers.filter((answer) => answer.vuid === source.vuid)).toHaveLength(1);
  });

  it('purges used and expired tokens in the housekeeping', async () => {
    const used = await transferable();
    await anonymous({ origin: SITE_B, transferToken: used.token });
    const expired = await transferable();
    clock += 300_000;
    const live = await transferable();
    await testApp.services.transfers.purge();
    const rows = await testApp.services.store.db.selectFrom('visitor_transfers').selectAll().execute();
    const hashes = rows.map((row) => row.token_hash);
    expect(hashes).toContain(sha256Hex(live.token));
    expect(hashes).not.toContain(sha256Hex(used.token));
    expect(hashes).not.toContain(sha256Hex(expired.token));
    expect(rows.every((row) => row.used_at === null && row.expires_at > new Date(clock).toISOString())).toBe(true);
    expect(await anonymous({ origin: SITE_B, transferToken: live.token })).toMatchObject({
      vuid: live.source.vuid,
      transferRedeemed: true,
    });
  });
});
