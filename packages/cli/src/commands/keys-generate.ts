import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';

export interface KeysGenerateOptions {
  kind: 'brand' | 'platform';
  out: string;
  bits: string;
  force?: boolean;
}

export function registerKeysGenerate(keys: Command, io: CliIo, done: (code: Promise<number>) => void): void {
  keys
    .command('generate')
    .description('generate an RSA key pair for a brand (signing) or a platform (decryption)')
    .requiredOption('--kind <kind>', 'brand or platform')
    .option('--out <dir>', 'directory to write the four key files to', './keys')
    .option('--bits <bits>', 'RSA modulus size: 2048, 3072 or 4096', '2048')
    .option('--force', 'replace an existing key in --out')
    .addHelpText(
      'after',
      '\nWrites private.pem (PKCS#8, 0600), public.pem (SPKI), private.jwk.json (0600) and public.jwk.json.\n\nExample:\n  parley keys generate --kind brand --out ./brand-keys\n',
    )
    .action((options: KeysGenerateOptions) => {
      // Usage errors are told before anything is loaded.
      if (options.kind !== 'brand' && options.kind !== 'platform') throw new CliError('--kind must be "brand" or "platform".', 2);
      if (![2048, 3072, 4096].includes(Number(options.bits))) throw new CliError('--bits must be 2048, 3072 or 4096.', 2);
      done(import('../actions/keys-generate.js').then(({ generate }) => generate(options, io)));
    });
}
