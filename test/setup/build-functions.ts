import { buildFunctions } from '../../src/build/functions.ts';

/** Function tests run the real bundles, so every test run builds them first (esbuild: well under a second). */
export default async function setup(): Promise<void> {
  await buildFunctions();
}
