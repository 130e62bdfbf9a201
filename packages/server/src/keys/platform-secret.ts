import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Log } from '../log.js';
import { keepFilePrivate } from '../store/private-paths.js';
import { SealedBox } from './sealed-box.js';
import { createSecretFile, readSecretFile, SECRET_FILE } from './secret-file.js';

export interface PlatformSecretOptions {
  config: Pick<Config, 'secret' | 'dataDir' | 'databaseUrl'>;
  /** Whether the database already holds private keys sealed with some secret. */
  sealedKeysStored(): Promise<boolean>;
  log: Log;
}

/**
 * The box that seals the platform private keys: with PARLEY_SECRET when set, else with the secret
 * in `<dataDir>/secret`, generated at the first start. Keys are never stored in clear. A database
 * whose keys are sealed while no secret is at hand (a restore without the file, a second node)
 * stops the start here rather than getting a new secret that cannot open them.
 */
export async function platformSecretBox({ config, sealedKeysStored, log }: PlatformSecretOptions): Promise<SealedBox> {
  const file = join(config.dataDir, SECRET_FILE);
  if (config.secret !== null) {
    if (existsSync(file))
      log.warn({ file }, `PARLEY_SECRET is set, so ${file} is not used: delete that file once PARLEY_SECRET holds its content`);
    return new SealedBox(config.secret, 'PARLEY_SECRET');
  }
  keepFilePrivate(file, log);
  let secret = readSecretFile(file);
  let created = false;
  if (secret === null) {
    if (await sealedKeysStored())
      throw new Error(
        `the platform keys in the database are sealed, but PARLEY_SECRET is not set and ${file} does not exist: ` +
          'set PARLEY_SECRET to the secret they were sealed with (the same on every node), or restore that file from the backup of the data dir',
      );
    ({ secret, created } = newSecretFile(config.dataDir, file));
  }
  const what = created
    ? `generated the secret that seals the platform keys: ${file}`
    : `the platform keys are sealed with the secret in ${file}`;
  if (config.databaseUrl !== null)
    log.warn(
      { file },
      `${what}. With DATABASE_URL, every node needs this same secret: set PARLEY_SECRET to the content of that file on every node. Back it up: without it the database cannot be used`,
    );
  else
    log[created ? 'warn' : 'info'](
      { file },
      `${what}. Back it up with the database (without it the database cannot be used), or move it to your secret store as PARLEY_SECRET`,
    );
  return new SealedBox(secret, `the secret file ${file}`);
}

function newSecretFile(dataDir: string, file: string): { secret: string; created: boolean } {
  try {
    // With SQLite the store made the data dir (and warned if others can open it); with PostgreSQL it may not exist yet.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return createSecretFile(file);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    const advice = 'set PARLEY_SECRET, or make PARLEY_DATA_DIR a writable directory';
    throw new Error(`cannot keep the generated secret in ${file} (${cause}): ${advice}`, { cause: error });
  }
}
