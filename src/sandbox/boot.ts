import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../build/functions.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { appProperties } from '../hubspot/schema/index.ts';
import { syncPropertySchema } from '../hubspot/setup.ts';
import { SANDBOX_ACCESS_TOKEN } from './constants.ts';
import { createCrmStore, type RateLimit } from './crm/index.ts';
import { seedAppDemo } from './demo/index.ts';
import { seedDemoPortal, type DemoPortalSeed } from './seed/index.ts';
import { startSandbox, type Sandbox } from './server.ts';

export interface BootOptions {
  /** A file under .sandbox/ for `npm start`; ':memory:' for tests. */
  dbFile: string;
  reset?: boolean;
  port?: number;
  rateLimit?: RateLimit | boolean;
  /** The demo's "today": seeded dates are relative to it so the demo never goes stale. */
  today?: Date;
  functionTimeoutMs?: number;
}

/**
 * Starts the sandbox the way a new portal gets the app: seed the demo portal, build the function
 * bundles, then run the app's own `setup` through the real api-client against the sandbox.
 */
export async function bootSandbox(options: BootOptions): Promise<Sandbox> {
  const inMemory = options.dbFile === ':memory:';
  if (!inMemory) {
    if (options.reset) for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.dbFile}${suffix}`, { force: true });
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
  }
  const fresh = inMemory || !existsSync(options.dbFile);
  const store = createCrmStore(options.dbFile);
  const today = options.today ?? new Date();
  const seed: DemoPortalSeed | undefined = fresh ? seedDemoPortal(store, { today }) : undefined;
  await buildFunctions();
  const sandbox = await startSandbox({
    store,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
  });
  await syncPropertySchema(new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }), appProperties);
  if (seed) {
    await sandbox.webhooksIdle();
    seedAppDemo({ store, seed, today });
  }
  return sandbox;
}
