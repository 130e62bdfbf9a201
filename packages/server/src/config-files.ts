import { readFileSync } from 'node:fs';

/** Settings that may come from a file (`<NAME>_FILE`), the way Docker and Kubernetes mount secrets. */
export const FILE_SETTINGS = ['PARLEY_SECRET', 'DATABASE_URL', 'REDIS_URL', 'PARLEY_ADMIN_PASSWORD'] as const;

/**
 * The environment with each `<NAME>_FILE` replaced by the file's content (one trailing newline
 * removed, as editors and `echo` add one). Setting both `NAME` and `NAME_FILE` is a mistake, and so
 * is a file that cannot be read or is empty: each is reported by name, never with the content.
 */
export function readSettingFiles(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; problems: string[] } {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of FILE_SETTINGS) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined) {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      if (value === '') problems.push(`${name}_FILE: ${path} is empty`);
      else resolved[name] = value;
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}
