import { DEFAULT_ISSUER, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '@parley/protocol/constants';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface TokenInspectOptions {
  platformPrivateKey: string[];
  brandPublicKey: string[];
  issuer?: string[];
  maxLifetime: string;
  now?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTokenInspect(token: Command, io: CliIo, done: (code: Promise<number>) => void): void {
  token
    .command('inspect')
    .description('decrypt and verify credentials locally, showing every check')
    .argument('<jwe>', 'the credentials, or - to read them from stdin')
    .requiredOption('--platform-private-key <file>', 'platform private key (PEM or JWK); repeat for several', collect)
    .requiredOption('--brand-public-key <file>', 'brand public key (PEM, base64 SPKI or JWK); repeat for several', collect)
    .option('--issuer <iss>', `an accepted issuer; repeat for several (default ${DEFAULT_ISSUER})`, collect)
    .option('--max-lifetime <seconds>', 'max token lifetime', String(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS))
    .option('--now <epoch>', 'check against this time (seconds since the epoch) instead of the clock')
    .option('--json', 'print one JSON object { ok, reason, hint, header, claims, checks }')
    .addHelpText(
      'after',
      '\nExits 0 when the credentials are valid, 1 when a check fails.\n\nExample:\n  parley token inspect "$JWE" --platform-private-key platform/private.pem --brand-public-key brand/public.pem\n',
    )
    .action((jwe: string, options: TokenInspectOptions) =>
      done(import('../actions/token-inspect.js').then(({ inspect }) => inspect(jwe, options, io))),
    );
}
