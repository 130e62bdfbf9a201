import { createCredentials, TokenInputError } from '@parley/token';
import type { TokenCreateOptions } from '../commands/token-create.js';
import { CliError, type CliIo } from '../io.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../key-files.js';

function parseVisitorData(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new CliError(`--visitor-data must be JSON, for example '{"firstName":"Ada","email":"ada@example.com"}'.`, 2);
  }
}

export async function create(options: TokenCreateOptions, io: CliIo): Promise<number> {
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
