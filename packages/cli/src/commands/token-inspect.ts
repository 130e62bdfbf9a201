import { DEFAULT_ISSUER, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '@parley/protocol';
import { verifyCredentials } from '@parley/server';
import type { Command } from 'commander';
import { formatReport } from '../format-report.js';
import { CliError, type CliIo } from '../io.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../key-files.js';

interface Options {
  platformPrivateKey: string[];
  brandPublicKey: string[];
  issuer?: string[];
  maxLifetime: string;
  now?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CliError(`${option} must be a whole number of seconds, got "${text}".`, 2);
  return value;
}

async function inspect(jweArgument: string, options: Options, io: CliIo): Promise<number> {
  const credentials = (jweArgument === '-' ? await io.readStdin() : jweArgument).trim();
  const platformKeys = await Promise.all(
    options.platformPrivateKey.map(async (file) => {
      const { key, kid } = await readPrivateKeyFile(file, '--platform-private-key');
      return { kid, privateKey: key };
    }),
  );
  const brandKeys = await Promise.all(
    options.brandPublicKey.map(async (file) => {
      const { key, kid } = await readPublicKeyFile(file, '--brand-public-key');
      return { id: kid, kid, publicKey: key };
    }),
  );
  const result = verifyCredentials({
    credentials,
    now: options.now === undefined ? Math.floor(Date.now() / 1000) : wholeNumber(options.now, '--now'),
    platformKeys,
    policy: {
      acceptedIssuers: options.issuer ?? [DEFAULT_ISSUER],
      maxTokenLifetimeSeconds: wholeNumber(options.maxLifetime, '--max-lifetime'),
      brandKeys,
    },
  });
  if (options.json) {
    const { jweHeader, jwsHeader, claims, checks } = result;
    const report = {
      ok: result.ok,
      reason: result.ok ? null : result.reason,
      hint: result.ok ? null : result.hint,
      header: { jwe: jweHeader, jws: jwsHeader },
      claims,
      checks,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.out(formatReport(result, process.stdout.isTTY === true && !process.env.NO_COLOR));
  }
  return result.ok ? 0 : 1;
}

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
    .action((jwe: string, options: Options) => done(inspect(jwe, options, io)));
}
