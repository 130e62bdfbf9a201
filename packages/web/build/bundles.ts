import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The browser scripts: the tag without UI, the tag with the widget, the desk and the admin console. */
export const BUNDLES = {
  core: 'src/core-entry.ts',
  widget: 'src/widget-entry.ts',
  desk: 'src/desk/desk-entry.tsx',
  admin: 'src/admin/admin-entry.tsx',
} as const;

export type BundleName = keyof typeof BUNDLES;

/** `dist/assets/manifest.json`: each script's file (with `.br` and `.gz` beside it), ETag and sizes. */
export type AssetManifest = Record<BundleName, { file: string; etag: string; bytes: number; gzipBytes: number }>;

/** Gzip bytes allowed for each script (`npm run size`); the widget figure includes the core. */
export const SIZE_BUDGETS = { core: 8576, widget: 40960 } as const satisfies Partial<Record<BundleName, number>>;

export async function gzipSize(name: BundleName): Promise<number> {
  return gzipSync(await buildBundle(name), { level: 9 }).length;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Builds one minified browser script in memory (about 100 ms): `npm run build` writes each to `dist/assets`. */
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
