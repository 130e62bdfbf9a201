import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AUTH_TIMEOUT_SECONDS,
  CLIENT_FRAME_TYPES,
  HEARTBEAT_SECONDS,
  MAX_AUTH_TOKEN_LENGTH,
  MAX_CLIENT_ID_LENGTH,
  MAX_CLOSE_REASON_BYTES,
  MAX_FRAME_BYTES,
  MAX_ID_LENGTH,
  MAX_MESSAGE_TEXT_LENGTH,
  parseClientFrame,
  parseServerFrame,
  REALTIME_CLOSE_CODES,
  REALTIME_ERROR_CODES,
  REALTIME_PATH,
  RESTART_RECONNECT_JITTER_MS,
  realtimeCloseReason,
  realtimeCloseReconnectsAtOnce,
  realtimeCloseRetryPolicy,
  SERVER_FRAME_TYPES,
  utf8ByteLength,
  VISITOR_SESSION_EXPIRED_CODE,
} from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

describe('realtime close codes', () => {
  it('has the codes of docs/protocol.md, each once, 1000 matching the GraphQL error', () => {
    const codes = Object.fromEntries(Object.entries(REALTIME_CLOSE_CODES).map(([name, info]) => [name, info.code]));
    expect(codes).toEqual({
      VISITOR_SESSION_EXPIRED: 1000,
      GOING_AWAY: 1001,
      INVALID_FRAME_PAYLOAD: 1007,
      MESSAGE_TOO_BIG: 1009,
      INTERNAL_ERROR: 1011,
      SERVICE_RESTART: 1012,
      TRY_AGAIN_LATER: 1013,
      PROTOCOL_ERROR: 4400,
      UNAUTHENTICATED: 4401,
      PERMISSION_DENIED: 4403,
      AUTH_TIMEOUT: 4408,
      SLOW_CONSUMER: 4413,
      TOO_MANY_CONNECTIONS: 4429,
    });
    expect(REALTIME_CLOSE_CODES.VISITOR_SESSION_EXPIRED.code).toBe(VISITOR_SESSION_EXPIRED_CODE);
  });

  it('tells the client whether to re-activate, reconnect or stop', () => {
    expect(realtimeCloseRetryPolicy(1000, 'VISITOR_SESSION_EXPIRED')).toBe('RETRY_AFTER_REAUTH');
    expect(realtimeCloseRetryPolicy(1000, 'VISITOR_SESSION_EXPIRED: logged out')).toBe('RETRY_AFTER_REAUTH');
    expect(realtimeCloseRetryPolicy(1000, '')).toBe('NO_RETRY');
    expect(realtimeCloseRetryPolicy(4401, 'UNAUTHENTICATED')).toBe('RETRY_AFTER_REAUTH');
    expect(realtimeCloseRetryPolicy(4400, 'PROTOCOL_ERROR')).toBe('NO_RETRY');
    expect(realtimeCloseRetryPolicy(4403, 'PERMISSION_DENIED')).toBe('NO_RETRY');
    expect(realtimeCloseRetryPolicy(1009, 'Max payload size exceeded')).toBe('NO_RETRY');
    expect(realtimeCloseRetryPolicy(1007, '')).toBe('NO_RETRY');
    for (const code of [1001, 1011, 1012, 1013, 4408, 4413, 4429, 1006, 1005, 4999])
      expect(realtimeCloseRetryPolicy(code, ''), String(code)).toBe('RETRY_WITH_BACKOFF');
  });

  it('reconnects at once after a node left (1012, and 1001 from older servers and proxies), after a backoff otherwise', () => {
    expect(realtimeCloseReconnectsAtOnce(1012)).toBe(true);
    expect(realtimeCloseReconnectsAtOnce(1001)).toBe(true);
    for (const code of [1000, 1005, 1006, 1011, 1013, 4401, 4408, 4413, 4429, 4999])
      expect(realtimeCloseReconnectsAtOnce(code), String(code)).toBe(false);
    expect(realtimeCloseReason('SERVICE_RESTART')).toBe('SERVICE_RESTART');
    expect(RESTART_RECONNECT_JITTER_MS).toBeLessThanOrEqual(100);
  });

  it('builds close reasons of at most 123 UTF-8 bytes, cut on a code point', () => {
    expect(realtimeCloseReason('AUTH_TIMEOUT')).toBe('AUTH_TIMEOUT');
    expect(realtimeCloseReason('PROTOCOL_ERROR', 'send.text is required')).toBe('PROTOCOL_ERROR: send.text is required');
    const long = realtimeCloseReason('PROTOCOL_ERROR', '😀'.repeat(100));
    expect(utf8ByteLength(long)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
    expect(utf8ByteLength(long)).toBeGreaterThan(MAX_CLOSE_REASON_BYTES - 4);
    expect(long).not.toMatch(/[\ud800-\udfff]$/u);
  });
});

describe('docs/protocol.md', () => {
  it('has a row for every close code', () => {
    for (const [name, info] of Object.entries(REALTIME_CLOSE_CODES)) {
      expect(doc, name).toContain(`| ${info.code} | \`${name}\` |`);
      expect(doc, name).toContain(`\`${info.retryPolicy}\``);
    }
  });

  it('has a row for every error code', () => {
    for (const code of Object.keys(REALTIME_ERROR_CODES)) expect(doc, code).toContain(`| \`${code}\` |`);
  });

  it('has a section for every frame type', () => {
    for (const type of new Set([...CLIENT_FRAME_TYPES, ...SERVER_FRAME_TYPES]))
      expect(doc, type).toMatch(new RegExp(`^#### .*\`${type}\``, 'm'));
  });

  it('states the limits the code enforces', () => {
    const format = (value: number) => value.toLocaleString('en-US');
    expect(doc).toContain(`\`${REALTIME_PATH}\``);
    expect(doc).toContain(`${format(MAX_FRAME_BYTES)} bytes`);
    expect(doc).toContain(`1..${MAX_AUTH_TOKEN_LENGTH} characters`);
    expect(doc).toContain(`1..${MAX_CLIENT_ID_LENGTH} of`);
    expect(doc).toContain(`1..${MAX_MESSAGE_TEXT_LENGTH} characters`);
    expect(doc).toContain(`1..${MAX_ID_LENGTH} characters`);
    expect(doc).toContain(`${AUTH_TIMEOUT_SECONDS} s`);
    expect(doc).toContain(`every ${HEARTBEAT_SECONDS} s`);
  });

  it('keeps every example frame valid', () => {
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((match) => (match[1] ?? '').trim().split('\n'));
    expect(examples.length).toBeGreaterThan(15);
    for (const line of examples) expect(parseClientFrame(line).ok || parseServerFrame(line).ok, line).toBe(true);
  });
});
