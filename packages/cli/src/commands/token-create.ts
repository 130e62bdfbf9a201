import { DEFAULT_ISSUER, DEFAULT_TOKEN_LIFETIME_SECONDS } from '@parley/protocol';
import { createCredentials, TokenInputError } from '@parley/token';
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../key-files.js';

interface Options {
  userId: string;
  visitorData?: string;
  issuer: string;
  lifetime: string;
  brandPrivateKey: string;
  platformPublicKey: string;
  brandKeyId?: string;
  platformKeyId?: string;
}

function parseVisitorData(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new CliError(`--visitor-data must be JSON, for example '{"firstName":"Ada","email":"ada@example.com"}'.`, 2);
  }
}

async function create(options: Options, io: CliIo): Promise<number> {
  const lifetimeSeconds = Number(options.lifetime);
  const brand = await readPrivateKeyFile(options.brandPrivateKey, '--brand-private-key');
  const platform = await readPublicKeyFile(options.platformPublicKey, '--platform-public-key');
  try {
    const token = await createCredentials({
      userId: options.userId,
      visitorData: parseVisitorData(options.visitorData),
      issuer: options.issuer,
      lifetimeSeconds,
      brandPrivateKey: brand.key,
      platformPublicKey: platform.key,
      brandKeyId: options.brandKeyId,
      platformKeyId: options.platformKeyId,
    });
    io.out(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof TokenInputError) throw new CliError(error.message, 2);
    throw error;
  }
}

export function registerTokenCreate(token: Command, io: CliIo, done: (code: Promise<number>) => void): void {
  token
    .command('create')
    .description('create credentials (a JWE) for a user, as a brand backend would')
    .requiredOption('--user-id <id>', "the signed-in user's stable id")
    .option('--visitor-data <json>', 'visitor data shown to agents, as JSON')
    .option('--issuer <iss>', 'iss claim', DEFAULT_ISSUER)
    .option('--lifetime <seconds>', 'seconds until exp', String(DEFAULT_TOKEN_LIFETIME_SECONDS))
    .requiredOption('--brand-private-key <file>', 'brand private key (PEM or JWK) that signs the token')
    .requiredOption('--platform-public-key <file>', 'platform public key (PEM, base64 SPKI or JWK) to encrypt for')
    .option('--brand-key-id <kid>', 'kid to put in the JWS header')
    .option('--platform-key-id <kid>', 'kid to put in the JWE header')
    .addHelpText(
      'after',
      '\nPrints the JWE alone on stdout, with a random jti and iat.\n\nExample:\n  parley token create --user-id user-42 --brand-private-key brand/private.pem --platform-public-key platform/public.pem\n',
    )
    .action((options: Options) => done(create(options, io)));
}
