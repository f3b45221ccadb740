/**
 * Production entry point of the app backend: the HTTPS endpoint cards reach with `hubspot.fetch`
 * and HubSpot's webhooks reach directly. Run it behind a TLS-terminating proxy or load balancer at
 * BACKEND_PUBLIC_URL. One instance needs nothing but its SQLite file; several instances share a
 * PostgreSQL database (DATABASE_URL) for locks, the replay guard, the ledger and the webhook queue.
 *
 *   HUBSPOT_CLIENT_SECRET      the app's client secret: verifies HubSpot's v3 signatures
 *   PRIVATE_APP_ACCESS_TOKEN   the private app's access token: reads users, teams and deals, writes
 *   BACKEND_PUBLIC_URL         https origin (and path prefix) as HubSpot calls it, e.g. https://cosell-backend.example.com
 *                              (http://localhost… only for `hs project dev`)
 *   COSELL_SEAL_KEY            at least 32 random characters; the same value as the functions' secret COSELL_SEAL_KEY
 *   BACKEND_IDENTITY_MODE      hubspot | card-signed: where the acting user comes from (README, "Security model")
 *   DATABASE_URL               optional: postgres://… shared by several instances; else BACKEND_SQLITE_FILE
 *   BACKEND_SQLITE_FILE        optional: the SQLite file (default data/backend.sqlite)
 *   HUBSPOT_PORTAL_ID          optional: refuse requests signed for any other portal (recommended)
 *   HUBSPOT_APP_ID             optional: refuse requests signed for another app; names the app's own writes
 *   PORT / HOST                optional: where to listen (default 8080 on 0.0.0.0)
 *   ACE_CATALOG                optional: AWS or Sandbox turns on the AWS Partner Central sync (credentials from the
 *                              AWS SDK's standard chain: an IAM role, AWS_PROFILE, or the AWS_* variables)
 *   ACE_ENDPOINT               optional: only to point the sync at a local ACE stand-in
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { IDENTITY_MODES, type IdentityMode } from '../identity/trusted-actor.ts';
import { backendActions } from './actions.ts';
import { createAceClient, type AceCatalog } from './ace/client.ts';
import { startAceLoop } from './ace/loop.ts';
import { AceSync } from './ace/sync.ts';
import { createBackendHandler } from './handler.ts';
import { reevaluateOnPolicyChange } from './policy-watch.ts';
import { openBackendStore } from './store/index.ts';
import { webhookProcessors } from './webhooks.ts';

export class BackendConfigError extends Error {
  override readonly name = 'BackendConfigError';
}

export interface BackendConfig {
  clientSecret: string;
  accessToken: string;
  publicBaseUrl: string;
  sealKey: string;
  identityMode: IdentityMode;
  databaseUrl: string | undefined;
  sqliteFile: string;
  portalId: string | undefined;
  appId: string | undefined;
  port: number;
  host: string;
  /** The ACE sync: off unless a catalog is configured. */
  ace: { catalog: AceCatalog; endpoint: string | undefined } | null;
}

/** Reads and checks the environment; every problem is listed at once, none of the values is echoed. */
export function backendConfigFromEnv(env: NodeJS.ProcessEnv): BackendConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const clientSecret = required('HUBSPOT_CLIENT_SECRET');
  const accessToken = required('PRIVATE_APP_ACCESS_TOKEN');
  const publicBaseUrl = required('BACKEND_PUBLIC_URL');
  if (publicBaseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(publicBaseUrl);
    } catch {
      problems.push('BACKEND_PUBLIC_URL is not a URL');
    }
    // HubSpot only calls https URLs listed in permittedUrls.fetch; `hs project dev` proxies to a local http one.
    const local = url?.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
    if (url && url.protocol !== 'https:' && !local)
      problems.push('BACKEND_PUBLIC_URL must be an https URL (hubspot.fetch refuses anything else; http://localhost only for hs project dev)');
    if (url && (url.search || url.hash)) problems.push('BACKEND_PUBLIC_URL must not carry a query or fragment');
  }
  const sealKey = required('COSELL_SEAL_KEY');
  if (sealKey && sealKey.length < 32) problems.push('COSELL_SEAL_KEY must be at least 32 characters (e.g. openssl rand -base64 32)');
  const identityMode = env.BACKEND_IDENTITY_MODE?.trim();
  if (!identityMode)
    problems.push(`BACKEND_IDENTITY_MODE is not set: choose ${IDENTITY_MODES.join(' or ')} (the diagnostics view tells which your portal needs)`);
  else if (!(IDENTITY_MODES as readonly string[]).includes(identityMode)) problems.push(`BACKEND_IDENTITY_MODE must be ${IDENTITY_MODES.join(' or ')}`);
  const portalId = env.HUBSPOT_PORTAL_ID?.trim() || undefined;
  if (portalId && !/^\d{1,20}$/.test(portalId)) problems.push('HUBSPOT_PORTAL_ID must be the numeric HubSpot account id');
  const appId = env.HUBSPOT_APP_ID?.trim() || undefined;
  if (appId && !/^\d{1,20}$/.test(appId)) problems.push('HUBSPOT_APP_ID must be the numeric app id');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push('PORT must be a port number');
  const catalog = env.ACE_CATALOG?.trim() || undefined;
  if (catalog && catalog !== 'AWS' && catalog !== 'Sandbox') problems.push('ACE_CATALOG must be AWS or Sandbox');
  const aceEndpoint = env.ACE_ENDPOINT?.trim() || undefined;
  if (aceEndpoint && !catalog) problems.push('ACE_ENDPOINT needs ACE_CATALOG');
  if (problems.length > 0) throw new BackendConfigError(`The app backend cannot start:\n  - ${problems.join('\n  - ')}`);
  return {
    clientSecret,
    accessToken,
    publicBaseUrl: publicBaseUrl.replace(/\/$/, ''),
    sealKey,
    identityMode: identityMode as IdentityMode,
    databaseUrl,
    sqliteFile: env.BACKEND_SQLITE_FILE?.trim() || 'data/backend.sqlite',
    portalId,
    appId,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    ace: catalog ? { catalog: catalog as AceCatalog, endpoint: aceEndpoint } : null,
  };
}

export async function startBackend(config: BackendConfig) {
  if (!config.databaseUrl) mkdirSync(path.dirname(path.resolve(config.sqliteFile)), { recursive: true });
  const store = await openBackendStore({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  const gateway = new HubSpotGateway({ accessToken: config.accessToken });
  const ace = config.ace
    ? new AceSync({
        client: createAceClient({ catalog: config.ace.catalog, ...(config.ace.endpoint ? { endpoint: config.ace.endpoint } : {}) }),
        catalog: config.ace.catalog,
        gateway,
        store,
      })
    : null;
  const backend = createBackendHandler({
    clientSecret: config.clientSecret,
    publicBaseUrl: `${config.publicBaseUrl}/`,
    ...(config.portalId ? { portalId: config.portalId } : {}),
    ...(config.appId ? { appId: config.appId } : {}),
    identityMode: config.identityMode,
    gateway,
    store,
    sealKey: config.sealKey,
    actions: backendActions,
    webhookProcessors,
    ...(ace ? { ace } : {}),
  });
  if (ace) startAceLoop(ace);
  const server = createServer((req, res) => {
    backend(req, res)
      .then((answered) => {
        if (answered) return;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'Not a backend route.' } }));
      })
      .catch((error: unknown) => {
        console.error('backend: request failed', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'Unexpected error in the app backend.' } }));
      });
  });
  const listening = await new Promise<typeof server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
  const policy = await reevaluateOnPolicyChange(store, gateway, config.portalId ?? '0', new Date());
  if (policy.changed) console.log(`policy changed since the last start: ${policy.queued} deals in gated stages queued to be judged again`);
  return listening;
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  try {
    const config = backendConfigFromEnv(process.env);
    await startBackend(config);
    console.log(
      `app backend listening on ${config.host}:${config.port}, serving ${config.publicBaseUrl}${config.portalId ? ` for portal ${config.portalId}` : ''}; identity mode ${config.identityMode}; AWS sync ${config.ace ? `on (${config.ace.catalog} catalog)` : 'off'}; store ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}`,
    );
  } catch (error) {
    console.error(
      error instanceof BackendConfigError ? error.message : `The app backend cannot start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
