/**
 * The realtime stream. `first` cases open a socket and send one frame before `ready`: the answer is
 * `ready` (then a ping must be answered) or a documented close code. `ready` cases send frames on a
 * socket authenticated as a fuzz visitor, then a ping: the direct answers must be exactly those the
 * protocol gives, in order, or the socket closed with the code an oversized or non-UTF-8 frame gets.
 * A victim visitor's socket watches throughout: nothing of the fuzz may reach it. Sockets are
 * replaced before their 300-frame burst allowance runs out, each by a new anonymous visitor.
 */
import { MAX_FRAME_BYTES, REALTIME_CLOSE_CODES, utf8ByteLength } from '@parley/protocol';
import {
  directAnswers,
  expectAfterReady,
  expectBeforeReady,
  expectTogether,
  type Materialized,
  matches,
  type TokenKind,
} from '../checks/realtime-answers.js';
import { anonymousVisitor, type Fixture } from '../lib/fixture.js';
import { ServerGone } from '../lib/http.js';
import type { CaseOutcome, FuzzStream } from '../lib/stream.js';
import { FuzzSocket } from '../lib/ws-client.js';
import { type FrameSpec, type RealtimeCase, realtimeCases } from '../realtime-frames.js';

/** Frames one socket sends before it is replaced (the server allows a burst of 300, then 30 a second). */
const FRAMES_PER_SOCKET = 250;
const ANSWER_TIMEOUT_MS = 5000;

interface VisitorSocket {
  socket: FuzzSocket;
  own: string;
  sent: number;
}

/** The frame to send, placeholders replaced. */
function materialize(spec: FrameSpec, substitute: (text: string) => string): { data: string | Uint8Array; frame: Materialized } {
  switch (spec.kind) {
    case 'json':
    case 'text': {
      const text = substitute(spec.kind === 'json' ? JSON.stringify(spec.value) : spec.text);
      return { data: text, frame: { kind: 'text', text, bytes: utf8ByteLength(text) } };
    }
    case 'binary':
      return { data: spec.bytes, frame: { kind: 'binary', bytes: spec.bytes.length } };
    case 'invalidUtf8':
      return { data: spec.bytes, frame: { kind: 'invalidUtf8', bytes: spec.bytes.length } };
    case 'sized': {
      const bare = substitute(JSON.stringify({ ...spec.value, pad: '' }));
      const text = bare.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, MAX_FRAME_BYTES + spec.delta - utf8ByteLength(bare)))}"`);
      return { data: text, frame: { kind: 'text', text, bytes: utf8ByteLength(text) } };
    }
  }
}

const show = (value: unknown) =>
  JSON.stringify(value, (_key, item) => (typeof item === 'string' && item.length > 200 ? `${item.slice(0, 200)}…(${item.length})` : item));

export async function realtimeStream(fixture: Fixture, serverAlive: () => boolean): Promise<FuzzStream<RealtimeCase>> {
  const victim = await FuzzSocket.open(fixture.url);
  victim.sendText(JSON.stringify({ type: 'auth', token: fixture.victim.token }));
  if (!(await victim.waitFor((frame) => frame.type === 'ready', ANSWER_TIMEOUT_MS))) throw new Error('the victim socket is not ready');
  const victimBaseline = victim.frames.length;
  let prev = fixture.victim.conversationId;
  let current: VisitorSocket | null = null;

  const tokens: Record<string, { token: string; kind: TokenKind }> = {
    $T_VISITOR$: { token: fixture.tokens.visitor, kind: 'visitor' },
    $T_ADMIN$: { token: fixture.adminBearer, kind: 'operator' },
    $T_APIKEY$: { token: fixture.tokens.apiKey, kind: 'apiKey' },
    $T_TEST$: { token: fixture.tokens.testAudience, kind: 'endedVisitor' },
    $T_REVOKED$: { token: fixture.tokens.revoked, kind: 'endedVisitor' },
  };
  const tokenKind = (token: string): TokenKind => Object.values(tokens).find((entry) => entry.token === token)?.kind ?? 'unknown';
  const substitute = (own: string) => (text: string) => {
    let result = text.replaceAll('$OWN$', own).replaceAll('$VICTIM$', fixture.victim.conversationId).replaceAll('$PREV$', prev);
    for (const [placeholder, entry] of Object.entries(tokens)) result = result.replaceAll(placeholder, entry.token);
    return result;
  };
  const open = async (): Promise<FuzzSocket> => {
    try {
      return await FuzzSocket.open(fixture.url);
    } catch (error) {
      if (!serverAlive()) throw new ServerGone(`the server process is gone (${String(error)})`);
      throw error;
    }
  };

  /** A socket of a new anonymous visitor whose conversation exists (its first message acknowledged). */
  const visitorSocket = async (): Promise<VisitorSocket> => {
    if (current) {
      prev = current.own;
      current.socket.close();
    }
    const visitor = await anonymousVisitor(fixture.url, fixture.projects.main);
    const socket = await open();
    socket.sendText(JSON.stringify({ type: 'auth', token: visitor.token }));
    socket.sendText(JSON.stringify({ type: 'send', clientId: 'fuzz-setup', text: 'a fuzz visitor' }));
    const ack = await socket.waitFor((frame) => frame.type === 'ack', ANSWER_TIMEOUT_MS);
    if (typeof ack?.conversationId !== 'string')
      throw new Error(`a new fuzz visitor's first message was not acknowledged: ${show(socket.frames)} ${show(socket.closed)}`);
    current = { socket, own: ack.conversationId, sent: 2 };
    return current;
  };

  const checkAfterCase = (socket: FuzzSocket) => {
    if (socket.nonConforming.length > 0) throw new Error(`frames outside the protocol: ${socket.nonConforming.join('; ')}`);
    if (victim.frames.length > victimBaseline) throw new Error(`the victim's socket received ${show(victim.frames.slice(victimBaseline))}`);
    if (victim.closed) throw new Error(`the victim's socket closed: ${show(victim.closed)}`);
  };

  const runFirst = async (spec: FrameSpec): Promise<CaseOutcome> => {
    const { data, frame } = materialize(spec, substitute(fixture.victim.conversationId));
    const expected = expectBeforeReady(frame, tokenKind);
    const started = performance.now();
    const socket = await open();
    if (typeof data === 'string') socket.sendText(data);
    else socket.sendBytes(data, frame.kind === 'binary');
    try {
      if (expected.kind === 'ready') {
        const ready = await socket.waitFor((answer) => answer.type === 'ready', ANSWER_TIMEOUT_MS);
        if (!ready) throw new Error(`expected ready, got ${show(socket.frames)} ${show(socket.closed)}`);
        socket.sendText('{"type":"ping"}');
        const pong = await socket.waitFor((answer) => answer.type === 'pong', ANSWER_TIMEOUT_MS);
        if (!pong) throw new Error(`no pong after ready: ${show(socket.frames.slice(0, 5))} ${show(socket.closed)}`);
        const latencyMs = performance.now() - started;
        checkAfterCase(socket);
        return { latencyMs, accepted: 1, refused: 0, label: 'before ready: ready' };
      }
      const closed = await socket.waitForClose(ANSWER_TIMEOUT_MS);
      const latencyMs = performance.now() - started;
      if (!closed) throw new Error(`expected a close with ${expected.codes.join(' or ')}, the socket stayed open: ${show(socket.frames)}`);
      if (!expected.codes.includes(closed.code))
        throw new Error(
          `closed with ${closed.code} ${show(closed.reason)}, expected ${expected.codes.join(' or ')}; frames ${show(socket.frames)}`,
        );
      checkAfterCase(socket);
      // docs/protocol.md calls a token that is neither kind 4401; the server treats it as a bad visitor token (1000): counted apart.
      const neitherKind =
        expected.codes.length > 1 && closed.code === REALTIME_CLOSE_CODES.VISITOR_SESSION_EXPIRED.code ? ' (a token of neither kind)' : '';
      return { latencyMs, accepted: 0, refused: 1, label: `before ready: close ${closed.code}${neitherKind}` };
    } finally {
      socket.close();
      await socket.waitForClose(1000);
    }
  };

  const runReady = async (specs: readonly FrameSpec[]): Promise<CaseOutcome> => {
    let session: VisitorSocket = current ?? (await visitorSocket());
    if (!session.socket.open || session.sent + specs.length + 1 > FRAMES_PER_SOCKET) session = await visitorSocket();
    const { socket, own } = session;
    const from = socket.frames.length;
    const sentFrames: unknown[] = [];
    const sent: Materialized[] = [];
    let closeCodes: readonly number[] | null = null;
    const materialized = specs.map((spec) => materialize(spec, substitute(own)));
    const started = performance.now();
    for (const { data, frame } of materialized) {
      const expected = expectAfterReady(frame, own);
      if (typeof data === 'string') socket.sendText(data);
      else socket.sendBytes(data, frame.kind === 'binary');
      session.sent++;
      sentFrames.push(frame.kind === 'text' ? frame.text : frame);
      if (expected.kind === 'close') {
        closeCodes = expected.codes;
        break;
      }
      sent.push(frame);
    }
    const expectations = expectTogether(sent, own);
    if (closeCodes) {
      const closed = await socket.waitForClose(ANSWER_TIMEOUT_MS);
      const latencyMs = performance.now() - started;
      if (!closed) throw new Error(`expected a close with ${closeCodes.join(' or ')} after ${show(sentFrames)}; the socket stayed open`);
      if (!closeCodes.includes(closed.code))
        throw new Error(`closed with ${closed.code} ${show(closed.reason)}, expected ${closeCodes.join(' or ')}`);
      checkAfterCase(socket);
      return { latencyMs, accepted: 0, refused: 1, label: `after ready: close ${closed.code}` };
    }
    socket.sendText('{"type":"ping"}');
    session.sent++;
    expectations.push([[{ type: 'pong' }]]);
    const pongs = expectations.filter((options) => options[0]?.some((answer) => answer.type === 'pong')).length;
    let seen = 0;
    const last = await socket.waitFor((frame) => frame.type === 'pong' && ++seen === pongs, ANSWER_TIMEOUT_MS, from);
    const latencyMs = performance.now() - started;
    if (!last)
      throw new Error(
        `no answer to the closing ping within ${ANSWER_TIMEOUT_MS} ms; closed: ${show(socket.closed)}; got ${show(socket.frames.slice(from))}`,
      );
    const received = directAnswers(socket.frames.slice(from));
    const foreignAck = received.find((answer) => answer.type === 'ack' && answer.conversationId !== own);
    if (foreignAck) throw new Error(`a send was acknowledged in another conversation than the visitor's own (${own}): ${show(foreignAck)}`);
    if (!matches(expectations, received))
      throw new Error(
        `sent ${show(sentFrames)}\n  expected direct answers ${show(expectations)}\n  received ${show(received)}\n  (own ${own}, other ${prev}, frames on this socket ${session.sent}; all frames received: ${show(socket.frames.slice(from).map((frame) => frame.type))})`,
      );
    checkAfterCase(socket);
    const refused = received.filter((answer) => answer.type === 'error').length;
    return { latencyMs, accepted: specs.length - refused, refused, label: 'after ready: answered' };
  };

  return {
    name: 'realtime',
    cases: realtimeCases,
    run: (testCase) => (testCase.phase === 'first' ? runFirst(testCase.frame) : runReady(testCase.frames)),
    async close() {
      current?.socket.close();
      // Nothing of the fuzz reached the victim's conversation: its history is its own one message.
      const from = victim.frames.length;
      victim.sendText(JSON.stringify({ type: 'resume', conversationId: fixture.victim.conversationId, afterSeq: 0 }));
      const resumed = await victim.waitFor((frame) => frame.type === 'resumed', ANSWER_TIMEOUT_MS, from);
      const replayed = victim.frames.slice(from).filter((frame) => frame.type === 'message');
      victim.close();
      if (resumed?.lastSeq !== 1 || replayed.length !== 1)
        throw new Error(`the victim's conversation changed: ${show(victim.frames.slice(from))}`);
    },
  };
}
