import { DEFAULT_ISSUER, DEFAULT_TOKEN_LIFETIME_SECONDS } from '@parley/protocol/constants';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface TokenCreateOptions {
  userId: string;
  visitorData?: string;
  issuer: string;
  lifetime: string;
  brandPrivateKey: string;
  platformPublicKey: string;
  brandKeyId?: string;
  platformKeyId?: string;
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
    .action((options: TokenCreateOptions) => done(import('../actions/token-create.js').then(({ create }) => create(options, io))));
}
