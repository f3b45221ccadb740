import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openBackendStore } from '../backend/store/index.ts';
import { buildFunctions } from '../build/functions.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { appProperties } from '../hubspot/schema/index.ts';
import { ensurePolicyProperties, syncPropertySchema } from '../hubspot/setup.ts';
import { appPolicy } from '../policy/app-policy.ts';
import type { IdentityMode } from '../identity/trusted-actor.ts';
import { SANDBOX_ACCESS_TOKEN } from './constants.ts';
import { createCrmStore, type RateLimit } from './crm/index.ts';
import { seedAppDemo } from './demo/index.ts';
import { seedDemoPortal } from './seed/index.ts';
import { growDemoPortal } from './seed/grow.ts';
import { startSandbox, type Sandbox } from './server.ts';
import type { AcePartnerCentralOptions } from './ace/partner-central.ts';
import { startAceStandIn } from './ace/server.ts';

export interface BootOptions {
  /** A file under .sandbox/ for `npm start`; ':memory:' for tests. */
  dbFile: string;
  reset?: boolean;
  port?: number;
  rateLimit?: RateLimit | boolean;
  searchRateLimit?: RateLimit | boolean;
  /** The domain of HubSpot's UI the portal is served on, e.g. app-eu1.hubspot.com for a portal in the EU data centre. */
  uiDomain?: string;
  /** The demo's "today": seeded dates are relative to it so the demo never goes stale. */
  today?: Date;
  functionTimeoutMs?: number;
  identityMode?: IdentityMode;
  webhookRetryDelayMs?: (attempt: number) => number;
  webhookTimeoutMs?: number;
  backendRetryDelayMs?: (attempts: number) => number;
  /** The backend's store: PostgreSQL when given (tests of several instances), else SQLite beside the portal. */
  backendDatabaseUrl?: string;
  backendSqliteFile?: string;
  fetchProxy?: 'hubspot' | 'local-dev';
  /** Grows the demo portal to this many deals (scale tests and benchmarks). */
  deals?: number;
  onGrowth?: (created: number) => void;
  /** Runs the ACE stand-in and connects the backend's AWS sync to it (AWS's quotas unless given). */
  ace?: AcePartnerCentralOptions & { syncRetryDelayMs?: (attempts: number) => number };
}

/** Written last, when the demo portal is complete; a portal without it was interrupted and is seeded again. */
const SEEDED = 'demo-portal-complete';

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Starts the sandbox the way a new portal gets the app: seed the demo portal, build the function
 * bundles, then run the app's own `setup` through the real api-client against the sandbox. Until the
 * demo is complete the preview says it is preparing; a first start interrupted half-way starts over.
 */
export async function bootSandbox(options: BootOptions): Promise<Sandbox> {
  const inMemory = options.dbFile === ':memory:';
  const backendFile = options.backendSqliteFile ?? (inMemory ? ':memory:' : path.join(path.dirname(options.dbFile), 'backend.sqlite'));
  if (!inMemory) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    const interrupted = existsSync(options.dbFile) && !isComplete(options.dbFile);
    if (options.reset || interrupted) {
      removeDatabase(options.dbFile);
      removeDatabase(backendFile);
    }
  }
  const store = createCrmStore(options.dbFile);
  const fresh = store.getMeta(SEEDED) === undefined;
  const today = options.today ?? new Date();
  const seed = fresh ? seedDemoPortal(store, { today }) : undefined;
  await buildFunctions();
  const backendStore = await openBackendStore({ databaseUrl: options.backendDatabaseUrl, sqliteFile: backendFile });
  const aceStandIn = options.ace ? await startAceStandIn(options.ace) : undefined;
  const sandbox = await startSandbox({
    store,
    backendStore,
    ready: !fresh,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.uiDomain ? { uiDomain: options.uiDomain } : {}),
    ...(options.searchRateLimit !== undefined ? { searchRateLimit: options.searchRateLimit } : {}),
    ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
    ...(options.identityMode ? { identityMode: options.identityMode } : {}),
    ...(options.webhookRetryDelayMs ? { webhookRetryDelayMs: options.webhookRetryDelayMs } : {}),
    ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.backendRetryDelayMs ? { backendRetryDelayMs: options.backendRetryDelayMs } : {}),
    ...(options.fetchProxy ? { fetchProxy: options.fetchProxy } : {}),
    ...(aceStandIn
      ? {
          ace: {
            standIn: aceStandIn,
            // The sync knows the stand-in's quotas, as a real deployment knows its account's.
            ...(options.ace?.quotas ? { quotas: options.ace.quotas } : {}),
            ...(options.ace?.syncRetryDelayMs ? { retryDelayMs: options.ace.syncRetryDelayMs } : {}),
          },
        }
      : {}),
  });
  const setupGateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
  await syncPropertySchema(setupGateway, appProperties);
  await ensurePolicyProperties(setupGateway, appPolicy.ringfence);
  if (seed) {
    await sandbox.webhooksIdle();
    seedAppDemo({ store, seed, today });
    if (options.deals) growDemoPortal(store, { deals: options.deals, today, ...(options.onGrowth ? { onProgress: options.onGrowth } : {}) });
    store.setMeta(SEEDED, today.toISOString());
    sandbox.markReady();
  } else if (options.deals) {
    growDemoPortal(store, { deals: options.deals, today, ...(options.onGrowth ? { onProgress: options.onGrowth } : {}) });
  }
  return sandbox;
}

function isComplete(file: string): boolean {
  const probe = createCrmStore(file);
  try {
    return probe.getMeta(SEEDED) !== undefined;
  } finally {
    probe.close();
  }
}
