import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The two browser scripts: the tag without UI, and the tag with the widget. */
export const BUNDLES = {
  core: 'src/core-entry.ts',
  widget: 'src/widget-entry.ts',
} as const;

export type BundleName = keyof typeof BUNDLES;

/** Gzip bytes allowed for each script (`npm run size`); the widget figure includes the core. */
export const SIZE_BUDGETS: Record<BundleName, number> = { core: 8192, widget: 40960 };

export async function gzipSize(name: BundleName): Promise<number> {
  return gzipSync(await buildBundle(name), { level: 9 }).length;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Builds one minified browser script in memory (about 100 ms); the server builds each once, at first request. */
export async function buildBundle(name: BundleName): Promise<string> {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: [BUNDLES[name]],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    tsconfig: `${packageDir}tsconfig.json`,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${name}`);
  return output.text;
}
