import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBrowserScripts, readBrowserScripts } from '../../src/http/browser-scripts.js';

const NAMES = ['core', 'widget', 'desk', 'admin'] as const;

function assets(names: readonly string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'parley-assets-')), 'assets');
  mkdirSync(dir);
  const manifest: Record<string, { file: string; etag: string }> = {};
  for (const name of names) {
    writeFileSync(join(dir, `${name}.js`), `/*${name}*/`);
    writeFileSync(join(dir, `${name}.js.gz`), `gz:${name}`);
    writeFileSync(join(dir, `${name}.js.br`), `br:${name}`);
    manifest[name] = { file: `${name}.js`, etag: `"etag-${name}"` };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the prebuilt browser scripts', () => {
  it('are read with their precompressed copies and the ETag of the manifest', () => {
    const desk = readBrowserScripts(assets(NAMES)).get('desk');
    expect(desk?.identity.toString()).toBe('/*desk*/');
    expect(desk?.gzip.toString()).toBe('gz:desk');
    expect(desk?.br.toString()).toBe('br:desk');
    expect(desk?.etag).toBe('"etag-desk"');
  });

  it('name `npm run build` when the build is missing or partial', () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-assets-'));
    expect(() => readBrowserScripts(empty)).toThrow(/not built .*run `npm run build`/);
    expect(() => readBrowserScripts(assets(['core', 'widget', 'desk']))).toThrow(/lacks "admin"; run `npm run build`/);
  });

  it('come from @parley/web as `npm run build` wrote them: every script, each encoding decoding to the same bytes', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const scripts = loadBrowserScripts();
    for (const name of NAMES) {
      const script = scripts.get(name);
      expect(script?.identity.length).toBeGreaterThan(1000);
      expect(gunzipSync(script?.gzip ?? Buffer.alloc(0)).equals(script?.identity ?? Buffer.alloc(1))).toBe(true);
      expect(brotliDecompressSync(script?.br ?? Buffer.alloc(0)).equals(script?.identity ?? Buffer.alloc(1))).toBe(true);
    }
  });
});
