// Bundles a real card module for the preview page: `@hubspot/ui-extensions` and its `/crm` entry are
// replaced by the shims, and one copy of React from the repository serves the card and the host.
import { build, type Plugin } from 'esbuild';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const previewDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(previewDir, '../../..');
const requireFromRepo = createRequire(resolve(repoRoot, 'package.json'));

const SHIMS: Record<string, string> = {
  '@hubspot/ui-extensions': resolve(previewDir, 'ui-shim.tsx'),
  '@hubspot/ui-extensions/crm': resolve(previewDir, 'crm-shim.ts'),
};

const previewAliases: Plugin = {
  name: 'card-preview-aliases',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@hubspot\/ui-extensions(\/.*)?$/ }, ({ path }) => {
      const shim = SHIMS[path];
      if (shim) return { path: shim };
      return { errors: [{ text: `"${path}" is not available in the local card preview (only ${Object.keys(SHIMS).join(' and ')} are)` }] };
    });
    // Cards may sit beside their own node_modules; a second React would break hooks across card and host.
    pluginBuild.onResolve({ filter: /^react(-dom)?(\/.*)?$/ }, ({ path }) => ({ path: requireFromRepo.resolve(path) }));
  },
};

interface CachedBundle {
  inputs: Map<string, number>;
  code: string;
}
const cache = new Map<string, CachedBundle>();

async function modifiedTime(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function isFresh(cached: CachedBundle): Promise<boolean> {
  for (const [path, mtime] of cached.inputs) {
    if ((await modifiedTime(path)) !== mtime) return false;
  }
  return true;
}

/**
 * Bundles the card at `cardEntryAbsolutePath` with the preview host into one browser script (IIFE)
 * that mounts the card into #card-root. Cached until any of the project's source files it includes
 * changes (the card, files it imports, the shims), so repeated page loads are fast.
 */
export async function buildCardPreviewBundle(cardEntryAbsolutePath: string): Promise<string> {
  if (!isAbsolute(cardEntryAbsolutePath)) throw new Error(`Card entry path must be absolute: ${cardEntryAbsolutePath}`);
  const cached = cache.get(cardEntryAbsolutePath);
  if (cached && (await isFresh(cached))) return cached.code;

  const result = await build({
    stdin: {
      contents: [
        `import ${JSON.stringify(cardEntryAbsolutePath)};`,
        `import { mountPreviewCard } from ${JSON.stringify(resolve(previewDir, 'host.tsx'))};`,
        'mountPreviewCard();',
      ].join('\n'),
      resolveDir: dirname(cardEntryAbsolutePath),
      sourcefile: 'card-preview-entry.ts',
      loader: 'ts',
    },
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [previewAliases],
    logLevel: 'silent',
  });

  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no output for ${cardEntryAbsolutePath}`);
  const inputs = new Map<string, number>();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules') || input.startsWith('<')) continue;
    const path = resolve(repoRoot, input);
    const mtime = await modifiedTime(path);
    if (mtime !== undefined) inputs.set(path, mtime);
  }
  cache.set(cardEntryAbsolutePath, { inputs, code });
  return code;
}
