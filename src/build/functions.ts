import { build, type Plugin } from 'esbuild';
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
}

/**
 * Compiles each function handler into one self-contained CommonJS file under app/functions, as
 * HubSpot runs it: `exports.main`, with `@hubspot/api-client` left to app/functions/package.json.
 */
export async function buildFunctions(outDir = path.join(root, 'app/functions')): Promise<BuiltFunction[]> {
  return Promise.all(
    functionContracts.map(async (contract) => {
      const source = path.join(root, 'src/functions', `${contract.file}.ts`);
      const bundlePath = path.join(outDir, `${contract.file}.js`);
      const result = await build({
        entryPoints: [source],
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
        // ESM entries let esbuild drop what is unused (the ACE SDK's client, when only its enums are imported).
        mainFields: ['module', 'main'],
        plugins: [zodEnglishOnly],
        logLevel: 'silent',
      });
      const output = Object.values(result.metafile.outputs)[0];
      return { uid: contract.uid, bundlePath, bytes: output?.bytes ?? 0 };
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const built = await buildFunctions();
  for (const fn of built) {
    console.log(`${fn.uid.padEnd(24)} ${path.relative(root, fn.bundlePath).padEnd(36)} ${(fn.bytes / 1024).toFixed(1)} KB`);
  }
}
