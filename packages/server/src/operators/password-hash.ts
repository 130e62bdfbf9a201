import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameter N for new hashes (OWASP's floor for scrypt with r=8, p=1). */
export const DEFAULT_SCRYPT_COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Stored hashes are read back only within these bounds, so a tampered row cannot demand gigabytes. */
const MAX_COST = 2 ** 20;
const MAX_BLOCK_SIZE = 32;
const MAX_PARALLELISM = 16;

export interface PasswordHashOptions {
  /** scrypt N, a power of two ≥ 2; lower it in tests only. Defaults to 2^15. */
  cost?: number;
}

interface ScryptParameters {
  cost: number;
  blockSize: number;
  parallelism: number;
}

function derive(password: string, salt: Buffer, keyBytes: number, { cost, blockSize, parallelism }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus 128·r·p); Node refuses above maxmem, 32 MiB by default.
  const maxmem = 128 * cost * blockSize + 128 * blockSize * parallelism + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { N: cost, r: blockSize, p: parallelism, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function checkedCost(cost: number): number {
  if (!Number.isInteger(cost) || cost < 2 || cost > MAX_COST || (cost & (cost - 1)) !== 0)
    throw new RangeError(`scrypt cost must be a power of two between 2 and ${MAX_COST}`);
  return cost;
}

/** Hashes a password as `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>` with a fresh 16-byte salt. */
export async function hashPassword(password: string, options: PasswordHashOptions = {}): Promise<string> {
  const parameters = { cost: checkedCost(options.cost ?? DEFAULT_SCRYPT_COST), blockSize: BLOCK_SIZE, parallelism: PARALLELISM };
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, parameters);
  const { cost, blockSize, parallelism } = parameters;
  return ['scrypt', cost, blockSize, parallelism, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const integerIn = (text: string | undefined, min: number, max: number): number | null => {
  if (text === undefined || !/^[0-9]{1,8}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
};

function parse(stored: string): { parameters: ScryptParameters; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || key === undefined) return null;
  const cost = integerIn(n, 2, MAX_COST);
  const blockSize = integerIn(r, 1, MAX_BLOCK_SIZE);
  const parallelism = integerIn(p, 1, MAX_PARALLELISM);
  if (cost === null || (cost & (cost - 1)) !== 0 || blockSize === null || parallelism === null) return null;
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (saltBytes.length < 8 || keyBytes.length < 16 || keyBytes.length > 64) return null;
  return { parameters: { cost, blockSize, parallelism }, salt: saltBytes, key: keyBytes };
}

/** True when `password` matches the stored hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = typeof stored === 'string' ? parse(stored) : null;
  if (!parsed || typeof password !== 'string') return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.parameters);
  return timingSafeEqual(key, parsed.key);
}

const dummySalt = randomBytes(SALT_BYTES);
const dummyKey = randomBytes(KEY_BYTES);

/**
 * Runs the same scrypt as a real verification and answers false, so a sign-in for an
 * unknown account takes as long as one for a known account with a wrong password.
 */
export async function verifyAgainstDummy(password: string, options: PasswordHashOptions = {}): Promise<false> {
  const parameters = { cost: checkedCost(options.cost ?? DEFAULT_SCRYPT_COST), blockSize: BLOCK_SIZE, parallelism: PARALLELISM };
  const key = await derive(typeof password === 'string' ? password : '', dummySalt, KEY_BYTES, parameters);
  timingSafeEqual(key, dummyKey);
  return false;
}

/** The three operations bound to one cost, as the operator service takes them. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  verifyAgainstDummy(password: string): Promise<false>;
}

export function passwordHasher(options: PasswordHashOptions = {}): PasswordHasher {
  const cost = checkedCost(options.cost ?? DEFAULT_SCRYPT_COST);
  return {
    hash: (password) => hashPassword(password, { cost }),
    verify: verifyPassword,
    verifyAgainstDummy: (password) => verifyAgainstDummy(password, { cost }),
  };
}
