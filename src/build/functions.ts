import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { functionContracts } from '../functions/contracts.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
        stdin: {
          // A plain assignment: HubSpot's loader expects `exports.main`, not an ES module getter.
          contents: `exports.main = require(${JSON.stringify(source)}).main;`,
          resolveDir: root,
          loader: 'js',
        },
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
