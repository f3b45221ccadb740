import { build, type Metafile, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { functionContracts } from '../functions/contracts.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltFunction {
  uid: string;
  bundlePath: string;
  bytes: number;
  metafile: Metafile;
}

const HANDLER_MODULE = 'cosell-function-handler';
const ZOD_MEMBER = /\bz\.([A-Za-z_$][\w$]*)/g;

/**
 * The app reaches zod through its `z` namespace, which keeps all of zod in a bundle (JSON Schema
 * conversion, coercion, every locale...). A function bundle gets a `z` holding only the members its
 * own source files name, so esbuild leaves the rest of zod out.
 */
function zodMembersUsedIn(files: readonly string[]): Plugin {
  const zod = z as unknown as Record<string, unknown>;
  const members = [...new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(ZOD_MEMBER)].map((match) => match[1]!)))]
    .filter((name) => zod[name] !== undefined)
    .sort();
  const contents = [
    `import { ${members.map((name) => `${name} as zod_${name}`).join(', ')} } from 'zod/v4';`,
    `export const z = { ${members.map((name) => `${name}: zod_${name}`).join(', ')} };`,
  ].join('\n');
  const sourceDir = path.join(root, 'src') + path.sep;
  return {
    name: 'zod-members-used',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^zod$/ }, (args) => (args.importer.startsWith(sourceDir) ? { path: 'zod', namespace: 'zod-members-used' } : undefined));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-members-used' }, () => ({ contents, loader: 'js', resolveDir: root }));
    },
  };
}

/**
 * The handler, bundled and tree-shaken on its own first (an ES module: esbuild drops what is unused,
 * such as the ACE SDK's client when only its enums are imported), then again with only the zod
 * members its sources use.
 */
async function bundleHandler(source: string): Promise<{ code: string; metafile: Metafile }> {
  const bundle = (plugins: Plugin[]) =>
    build({
      entryPoints: [source],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@hubspot/api-client'],
      keepNames: true,
      write: false,
      metafile: true,
      mainFields: ['module', 'main'],
      plugins,
      logLevel: 'silent',
    });
  const sources = Object.keys((await bundle([])).metafile.inputs)
    .map((input) => path.join(root, input))
    .filter((file) => file.startsWith(path.join(root, 'src') + path.sep));
  const result = await bundle([zodMembersUsedIn(sources)]);
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}

/**
 * HubSpot loads the bundle on a cold start before the first call. The entry defines only `main`;
 * the handler and all it imports (zod and the schemas, the policy, @hubspot/api-client) are in the
 * same file but run on the first call, once per instance: esbuild wraps a module reached through
 * `import()` in a lazy initialiser.
 */
const LAZY_ENTRY = [
  'let handler;',
  'export async function main(context) {',
  `  handler ??= import('${HANDLER_MODULE}');`,
  '  return (await handler).main(context);',
  '}',
].join('\n');

function handlerModule(code: string): Plugin {
  return {
    name: 'handler-module',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: new RegExp(`^${HANDLER_MODULE}$`) }, () => ({ path: HANDLER_MODULE, namespace: 'handler' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'handler' }, () => ({ contents: code, loader: 'js', resolveDir: root }));
    },
  };
}

/**
 * Compiles each function handler into one self-contained CommonJS file under app/functions, as
 * HubSpot runs it: `exports.main`, with `@hubspot/api-client` left to app/functions/package.json.
 */
export async function buildFunctions(outDir = path.join(root, 'app/functions')): Promise<BuiltFunction[]> {
  return Promise.all(
    functionContracts.map(async (contract) => {
      const handler = await bundleHandler(path.join(root, 'src/functions', `${contract.file}.ts`));
      const bundlePath = path.join(outDir, `${contract.file}.js`);
      const result = await build({
        stdin: { contents: LAZY_ENTRY, resolveDir: root, sourcefile: `${contract.file}.entry.js`, loader: 'js' },
        // HubSpot's loader expects a plain `exports.main`, not the getter esbuild emits for ES modules.
        footer: { js: 'module.exports = { main: module.exports.main };' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['@hubspot/api-client'],
        minify: true,
        keepNames: true,
        legalComments: 'eof',
        outfile: bundlePath,
        metafile: true,
        plugins: [handlerModule(handler.code)],
        logLevel: 'silent',
      });
      const output = Object.values(result.metafile.outputs)[0];
      return { uid: contract.uid, bundlePath, bytes: output?.bytes ?? 0, metafile: handler.metafile };
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const built = await buildFunctions();
  for (const fn of built) {
    console.log(`${fn.uid.padEnd(24)} ${path.relative(root, fn.bundlePath).padEnd(36)} ${(fn.bytes / 1024).toFixed(1)} KB`);
  }
}
