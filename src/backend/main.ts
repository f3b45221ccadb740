/**
 * Production entry point of the app backend: the HTTPS endpoint cards reach with `hubspot.fetch`
 * and HubSpot's webhooks reach directly. Run it behind a TLS-terminating proxy or load balancer at
 * BACKEND_PUBLIC_URL, as ONE instance (per-deal locking and the replay guard are in memory).
 *
 *   HUBSPOT_CLIENT_SECRET      the app's client secret: verifies HubSpot's v3 signatures
 *   PRIVATE_APP_ACCESS_TOKEN   the private app's access token: reads users, teams and deals, writes
 *   BACKEND_PUBLIC_URL         https origin (and path prefix) as HubSpot calls it, e.g. https://cosell-backend.example.com
 *   HUBSPOT_PORTAL_ID          optional: refuse requests signed for any other portal (recommended)
 *   PORT / HOST                optional: where to listen (default 8080 on 0.0.0.0)
 */
import { createServer } from 'node:http';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { InMemoryReplayGuard } from '../identity/replay-guard.ts';
import { backendActions } from './actions.ts';
import { createBackendHandler } from './handler.ts';
import { webhookSubscribers } from './webhooks.ts';

export class BackendConfigError extends Error {
  override readonly name = 'BackendConfigError';
}

export interface BackendConfig {
  clientSecret: string;
  accessToken: string;
  publicBaseUrl: string;
  portalId: string | undefined;
  port: number;
  host: string;
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
    // HubSpot only calls https URLs listed in permittedUrls.fetch; the signature covers this exact origin.
    if (url && url.protocol !== 'https:') problems.push('BACKEND_PUBLIC_URL must be an https URL (hubspot.fetch refuses anything else)');
    if (url && (url.search || url.hash)) problems.push('BACKEND_PUBLIC_URL must not carry a query or fragment');
  }
  const portalId = env.HUBSPOT_PORTAL_ID?.trim() || undefined;
  if (portalId && !/^\d{1,20}$/.test(portalId)) problems.push('HUBSPOT_PORTAL_ID must be the numeric HubSpot account id');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push('PORT must be a port number');
  if (problems.length > 0) throw new BackendConfigError(`The app backend cannot start:\n  - ${problems.join('\n  - ')}`);
  return { clientSecret, accessToken, publicBaseUrl: publicBaseUrl.replace(/\/$/, ''), portalId, port, host: env.HOST?.trim() || '0.0.0.0' };
}

export function startBackend(config: BackendConfig) {
  const backend = createBackendHandler({
    clientSecret: config.clientSecret,
    publicBaseUrl: `${config.publicBaseUrl}/`,
    ...(config.portalId ? { portalId: config.portalId } : {}),
    gateway: new HubSpotGateway({ accessToken: config.accessToken }),
    replayGuard: new InMemoryReplayGuard(),
    actions: backendActions,
    webhookSubscribers,
  });
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
  return new Promise<typeof server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  try {
    const config = backendConfigFromEnv(process.env);
    await startBackend(config);
    console.log(`app backend listening on ${config.host}:${config.port}, serving ${config.publicBaseUrl}${config.portalId ? ` for portal ${config.portalId}` : ''}`);
  } catch (error) {
    console.error(error instanceof BackendConfigError ? error.message : `The app backend cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
