import { createHash, type KeyObject } from 'node:crypto';

/** SHA-256, hex with colons (what `openssl` shows). */
export const sha256Hex = (data: string | Buffer) => (createHash('sha256').update(data).digest('hex').match(/../g) ?? []).join(':');

/** A public key's fingerprint: the SHA-256 of its DER SPKI, the same whichever format it came in. */
export const keyFingerprint = (key: KeyObject) => sha256Hex(key.export({ type: 'spki', format: 'der' }));
