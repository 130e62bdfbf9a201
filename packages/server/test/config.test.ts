import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: null,
      secret: null,
      platformKeyBits: 2048,
      trustProxy: false,
      publicUrl: 'http://localhost:8080',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('bounds the work in progress per node by its cores (issue 13: more only queues on the main thread)', () => {
    const cores = availableParallelism();
    const config = loadConfig({});
    expect(config.maxActivationsInProgress).toBe(8 * cores);
    expect(config.realtime.maxFramesInFlight).toBe(32 * cores);
    expect(loadConfig({ PARLEY_MAX_ACTIVATIONS_IN_PROGRESS: '5' }).maxActivationsInProgress).toBe(5);
  });

  it('lets flags win over the environment', () => {
    expect(loadConfig({ PARLEY_PORT: '9000' }, { port: '9100' }).port).toBe(9100);
  });

  it('names every bad option', () => {
    const attempt = () =>
      loadConfig({ PARLEY_PORT: 'eighty', DATABASE_URL: 'mysql://db', PARLEY_SECRET: 'short', PARLEY_PLATFORM_KEY_BITS: '1024' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      for (const option of ['PARLEY_PORT', 'DATABASE_URL', 'PARLEY_SECRET', 'PARLEY_PLATFORM_KEY_BITS'])
        expect((error as Error).message).toContain(option);
    }
  });

  it('reads PARLEY_TRUST_PROXY as a boolean or an address list', () => {
    expect(loadConfig({ PARLEY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PARLEY_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(loadConfig({ PARLEY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ PARLEY_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('documents every setting it reads in the configuration reference', () => {
    const reference = readFileSync(new URL('../../../docs/reference/configuration.md', import.meta.url), 'utf8');
    expect(CONFIG_VARIABLES.filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
  });
});
