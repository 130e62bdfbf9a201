import type { JsonObject } from './types.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes one base64url segment of a compact serialization, or null if it is not base64url. */
export function decodeSegment(segment: string): Buffer | null {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return null;
  return Buffer.from(segment, 'base64url');
}

/** Parses bytes as a JSON object (not an array, not a primitive), or null. */
export function parseJsonObject(bytes: Buffer): JsonObject | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}
