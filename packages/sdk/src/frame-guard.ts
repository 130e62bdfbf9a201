import type { ServerFrame } from '@parley/protocol';

/** 's' string, 'n' number, 'b' boolean, or the shape of a nested object. */
export type Shape = { [field: string]: 's' | 'n' | 'b' | Shape };

const AUTHOR: Shape = { kind: 's' };

/** The fields the SDK reads in each server frame it handles (a test holds them to the frames' schemas). */
export const SHAPES: Record<string, Shape> = {
  ready: { heartbeatSeconds: 'n' },
  ack: { clientId: 's', messageId: 's', conversationId: 's', seq: 'n', createdAt: 's' },
  message: { conversationId: 's', message: { id: 's', seq: 'n', text: 's', createdAt: 's', verified: 'b', author: AUTHOR } },
  resumed: { conversationId: 's' },
  conversation: { conversation: { id: 's', status: 's' } },
  error: { code: 's', message: 's' },
  typing: { conversationId: 's', typing: 'b', author: AUTHOR },
  read: { conversationId: 's', seq: 'n', author: AUTHOR },
  pong: {},
  resync: {},
};

const TYPES = { s: 'string', n: 'number', b: 'boolean' } as const;

function conforms(value: unknown, shape: Shape): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return Object.entries(shape).every(([field, expected]) =>
    typeof expected === 'string' ? typeof fields[field] === TYPES[expected] : conforms(fields[field], expected),
  );
}

/**
 * A server frame the SDK can use, or null. The client checks the shape of what it reads and nothing more: the
 * server's frames are held to the whole protocol by its conformance tests (`parseServerFrame`), and a frame type
 * from a newer server is ignored. (The strict parser, zod's schemas, would cost the script tag ~7 KB gzip.)
 */
export function readServerFrame(data: string): ServerFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  const type = (frame as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return null;
  return conforms(frame, SHAPES[type] as Shape) ? (frame as ServerFrame) : null;
}
