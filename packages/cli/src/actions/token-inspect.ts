import { DEFAULT_ISSUER } from '@parley/protocol/constants';
import { verifyCredentials } from '@parley/server';
import type { TokenInspectOptions } from '../commands/token-inspect.js';
import { formatReport } from '../format-report.js';
import { CliError, type CliIo } from '../io.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../key-files.js';

function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CliError(`${option} must be a whole number of seconds, got "${text}".`, 2);
  return value;
}

export async function inspect(jweArgument: string, options: TokenInspectOptions, io: CliIo): Promise<number> {
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
