import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { thumbprintOf } from '@parley/token';
import type { KeysGenerateOptions } from '../commands/keys-generate.js';
import { CliError, type CliIo, isSystemError, systemReason } from '../io.js';

const USE = {
  brand: { alg: 'RS256', use: 'sig', role: 'signs credentials in your backend' },
  platform: { alg: 'RSA-OAEP-256', use: 'enc', role: 'decrypts credentials on the Parley server' },
} as const;

/** Runs a write into --out; a failing one becomes one line that names the path, why, and what to do. */
function writing(dir: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!isSystemError(error)) throw error;
    const path = error.path ?? dir;
    throw new CliError(
      `cannot write the keys to ${dir}: ${systemReason(error)} on ${path}; choose a directory you can write to with --out.`,
    );
  }
}

export async function generate(options: KeysGenerateOptions, io: CliIo): Promise<number> {
  const bits = Number(options.bits);
  const dir = resolve(options.out);
  const privatePem = join(dir, 'private.pem');
  if (existsSync(privatePem) && !options.force) {
    throw new CliError(`${privatePem} already exists; choose another --out or pass --force to replace the key.`);
  }
  // Made before the key, so a directory that cannot be written is said at once.
  writing(dir, () => mkdirSync(dir, { recursive: true }));
  const pair = generateKeyPairSync('rsa', { modulusLength: bits });
  const publicJwk = pair.publicKey.export({ format: 'jwk' });
  const kid = await thumbprintOf(pair.publicKey);
  const { alg, use, role } = USE[options.kind];
  const label = { kid, alg, use };
  writing(dir, () => {
    writeFileSync(privatePem, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(dir, 'public.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const privateJwk = { ...pair.privateKey.export({ format: 'jwk' }), ...label };
    writeFileSync(join(dir, 'private.jwk.json'), `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'public.jwk.json'), `${JSON.stringify({ ...publicJwk, ...label }, null, 2)}\n`);
  });

  const next =
    options.kind === 'brand'
      ? 'Register public.pem (or public.jwk.json) as a brand key of your project; keep private.pem in your backend only.'
      : 'Brands encrypt credentials for public.pem; keep private.pem on the server only.';
  io.out(
    [
      `Generated a ${bits}-bit RSA ${options.kind} key (${role}), kid ${kid}:`,
      `  ${privatePem}  (PKCS#8, mode 0600)`,
      `  ${join(dir, 'public.pem')}  (SPKI)`,
      `  ${join(dir, 'private.jwk.json')}  (mode 0600)`,
      `  ${join(dir, 'public.jwk.json')}`,
      next,
      '',
    ].join('\n'),
  );
  return 0;
}
