import { build, type Metafile, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { functionContracts } from '../functions/contracts.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * zod 4 re-exports every locale (over half its bundled size) through `z.locales`; the app only
 * uses English messages, so the bundles link zod's locale index to its English module. That
 * halves each bundle and its cold start.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '../locales/en.js') } : undefined,
    );
  },
};

export interface BuiltFunction {
  uid: string;
  bundlePath: string;
  bytes: number;
  metafile: Metafile;
}

const HANDLER_MODULE = 'cosell-function-handler';

/**
 * The handler, bundled and tree-shaken on its own first (an ES module: esbuild drops what is unused,
 * such as the ACE SDK's client when only its enums are imported).
 */
async function bundleHandler(source: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@hubspot/api-client'],
    keepNames: true,
    write: false,
    metafile: true,
    mainFields: ['module', 'main'],
    plugins: [zodEnglishOnly],
    logLevel: 'silent',
  });
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
