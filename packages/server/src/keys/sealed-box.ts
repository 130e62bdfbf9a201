import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/**
 * Encrypts private keys at rest with PARLEY_SECRET (scrypt → AES-256-GCM). Without a secret,
 * keys are stored as plain PEM and the database file must be protected instead.
 */
export class SealedBox {
  private readonly key: Buffer | null;

  constructor(secret: string | null) {
    this.key = secret === null ? null : scryptSync(secret, 'parley/platform-keys/v1', 32);
  }

  seal(plaintext: string): string {
    if (this.key === null) return plaintext;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    if (this.key === null) throw new Error('platform keys are encrypted at rest: set PARLEY_SECRET to the secret they were sealed with');
    const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('cannot decrypt the stored platform keys: PARLEY_SECRET differs from the one they were sealed with');
    }
  }
}
