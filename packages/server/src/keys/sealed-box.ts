import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/** How a sealed value starts; older versions stored plain PEM when PARLEY_SECRET was not set. */
export const SEALED_PREFIX = 'sealed:v1:';

/**
 * Encrypts private keys at rest with the installation's secret (scrypt → AES-256-GCM).
 * `source` says where the secret came from (`PARLEY_SECRET`, or the secret file's path), for errors.
 */
export class SealedBox {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly source = 'PARLEY_SECRET',
  ) {
    this.key = scryptSync(secret, 'parley/platform-keys/v1', 32);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /** The plaintext of a sealed value; a plain PEM of an older version is returned as it is (and sealed at the next start). */
  open(stored: string): string {
    if (!stored.startsWith(SEALED_PREFIX)) return stored;
    const bytes = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        `cannot decrypt the stored platform keys: the secret from ${this.source} does not match the one they were sealed with. ` +
          'Set PARLEY_SECRET to that secret (every node of an installation needs the same one), or restore the secret file from the backup of the data dir.',
      );
    }
  }
}
