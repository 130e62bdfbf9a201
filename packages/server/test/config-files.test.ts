import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-config-files-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('settings from files (<NAME>_FILE, as Docker and Kubernetes mount secrets)', () => {
  it('reads the secret, the database and Redis URLs and the admin password from files, without their trailing newline', () => {
    const config = loadConfig({
      PARLEY_SECRET_FILE: file('secret', 'a-secret-of-32-characters-or-so!\n'),
      DATABASE_URL_FILE: file('database_url', 'postgres://parley:pw@db:5432/parley\n'),
      REDIS_URL_FILE: file('redis_url', 'redis://redis:6379'),
      PARLEY_ADMIN_EMAIL: 'admin@example.com',
      PARLEY_ADMIN_PASSWORD_FILE: file('admin_password', 'correct horse battery\r\n'),
    });
    expect(config.secret).toBe('a-secret-of-32-characters-or-so!');
    expect(config.databaseUrl).toBe('postgres://parley:pw@db:5432/parley');
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.initialAdmin).toEqual({ email: 'admin@example.com', password: 'correct horse battery' });
  });

  it('validates what a file holds like the variable itself', () => {
    expect(() => loadConfig({ PARLEY_SECRET_FILE: file('short', 'short\n') })).toThrow(/PARLEY_SECRET: must be at least 16 characters/);
  });

  it('refuses both NAME and NAME_FILE, an unreadable or an empty file, naming the setting and never the content', () => {
    const secret = file('both', 'another-secret-of-many-characters');
    const attempts: [Record<string, string>, RegExp][] = [
      [
        { PARLEY_SECRET: 'x'.repeat(20), PARLEY_SECRET_FILE: secret },
        /PARLEY_SECRET_FILE: set PARLEY_SECRET or PARLEY_SECRET_FILE, not both/,
      ],
      [{ PARLEY_SECRET_FILE: join(dir, 'missing') }, /PARLEY_SECRET_FILE: cannot read .*missing \(ENOENT\)/],
      [{ DATABASE_URL_FILE: file('empty', '\n') }, /DATABASE_URL_FILE: .*empty is empty/],
    ];
    for (const [env, message] of attempts) {
      const error = (() => {
        try {
          loadConfig(env);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('another-secret');
    }
  });
});
