import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ActingUser } from '../domain/exception/types.ts';
import type { FunctionErrorCode, FunctionResponse } from '../functions/contract.ts';
import { describeZodError, FunctionFailure } from '../functions/runtime.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import type { HubSpotGateway } from '../hubspot/gateway.ts';
import type { ReplayGuard } from '../identity/replay-guard.ts';
import { readSignatureHeaders } from '../identity/signature-v3.ts';
import { trustedActorFromSignedRequest } from '../identity/trusted-actor.ts';
import { verifyHubSpotWebhookV3, type WebhookEvent } from '../identity/webhooks.ts';
import type { ActionContract } from './contract.ts';
import { actingUser, DirectoryCache, type PortalDirectory } from './directory.ts';
import { KeyedLock } from './locks.ts';

export interface ActionContext<P> {
  /** The person HubSpot signed the request for, with their facts as HubSpot has them now. */
  actor: ActingUser;
  parameters: P;
  gateway: HubSpotGateway;
  directory: PortalDirectory;
  locks: KeyedLock;
  now: Date;
}

export interface RegisteredAction {
  contract: ActionContract<z.ZodType, z.ZodType>;
  handle: (context: ActionContext<unknown>) => Promise<unknown>;
}

export function registerAction<P extends z.ZodType, R extends z.ZodType>(
  contract: ActionContract<P, R>,
  handle: (context: ActionContext<z.infer<P>>) => Promise<z.infer<R>>,
): RegisteredAction {
  return { contract, handle: handle as RegisteredAction['handle'] };
}

export interface WebhookContext {
  gateway: HubSpotGateway;
  directory: DirectoryCache;
  locks: KeyedLock;
  now: Date;
}

export type WebhookSubscriber = (events: readonly WebhookEvent[], context: WebhookContext) => Promise<void>;

export interface BackendOptions {
  clientSecret: string;
  /** The backend's public origin and path prefix as HubSpot calls it (signatures cover the full URI). */
  publicBaseUrl: string;
  /** The portal the private app is installed in; requests signed for any other are refused. */
  portalId?: string;
  gateway: HubSpotGateway;
  replayGuard: ReplayGuard;
  actions: readonly RegisteredAction[];
  webhookSubscribers: readonly WebhookSubscriber[];
  now?: () => Date;
  maxBodyBytes?: number;
}

class RequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: 'UNAUTHENTICATED' | 'INVALID_PARAMETERS' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RequestRejected(413, 'INVALID_PARAMETERS', `The request body is over ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

type BackendResponse<R> = FunctionResponse<R> | { ok: false; error: { code: FunctionErrorCode | 'UNAUTHENTICATED'; message: string } };

function failureResponse(error: unknown): { status: number; body: BackendResponse<never> } {
  if (error instanceof RequestRejected) return { status: error.status, body: { ok: false, error: { code: error.code, message: error.message } } };
  if (error instanceof FunctionFailure) {
    return { status: 200, body: { ok: false, error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } } };
  }
  if (error instanceof z.ZodError) return { status: 200, body: { ok: false, error: { code: 'INVALID_PARAMETERS', ...describeZodError(error, 'parameters') } } };
  if (error instanceof HubSpotError) {
    const code = error.kind === 'rate_limited' || error.kind === 'daily_limit' ? 'HUBSPOT_RATE_LIMITED' : error.kind === 'unavailable' ? 'HUBSPOT_UNAVAILABLE' : error.kind === 'not_found' ? 'NOT_FOUND' : 'HUBSPOT_REJECTED';
    return { status: 200, body: { ok: false, error: { code, message: error.message } } };
  }
  console.error('backend: unexpected error', error);
  return { status: 500, body: { ok: false, error: { code: 'INTERNAL', message: 'Unexpected error in the app backend.' } } };
}

/**
 * The app backend: the HTTPS endpoint that cards reach with `hubspot.fetch` and HubSpot's webhooks
 * reach directly. Every request must carry HubSpot's v3 signature; the acting user is read from the
 * signed URI and resolved against HubSpot's users and teams before any action runs.
 */
export function createBackendHandler(options: BackendOptions) {
  const now = options.now ?? (() => new Date());
  const directory = new DirectoryCache(options.gateway);
  const locks = new KeyedLock();
  const base = new URL(options.publicBaseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const actions = new Map(options.actions.map((action) => [action.contract.uid, action]));
  const limit = options.maxBodyBytes ?? 64 * 1024;

  async function handleAction(req: IncomingMessage, uid: string, uri: string, rawBody: Buffer): Promise<FunctionResponse<unknown>> {
    const action = actions.get(uid);
    const { signature, timestamp } = readSignatureHeaders(req.headers);
    const verified = trustedActorFromSignedRequest({
      method: req.method ?? 'POST',
      uri,
      rawBody,
      signature,
      timestamp,
      clientSecret: options.clientSecret,
      now: now().getTime(),
      replayGuard: options.replayGuard,
      ...(options.portalId ? { expectedPortalId: options.portalId } : {}),
    });
    if (!verified.ok) throw new RequestRejected(401, 'UNAUTHENTICATED', `Not accepted: ${verified.message}`);
    if (!action) throw new RequestRejected(404, 'NOT_FOUND', `No backend action "${uid}".`);
    let body: unknown = {};
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new RequestRejected(400, 'INVALID_PARAMETERS', 'The request body is not valid JSON.');
      }
    }
    const parameters = action.contract.parameters.parse(body);
    const at = now();
    const portal = await directory.load(at);
    const actor = actingUser(portal, verified.actor.userId);
    if (!actor) throw new FunctionFailure('FORBIDDEN', `HubSpot user ${verified.actor.userId} is not a user of this portal.`);
    const result = await action.handle({ actor, parameters, gateway: options.gateway, directory: portal, locks, now: at });
    return { ok: true, result: action.contract.result.parse(result) };
  }

  async function handleWebhook(req: IncomingMessage, uri: string, rawBody: Buffer): Promise<void> {
    const { signature, timestamp } = readSignatureHeaders(req.headers);
    const verified = verifyHubSpotWebhookV3({
      uri,
      rawBody,
      signature,
      timestamp,
      clientSecret: options.clientSecret,
      now: now().getTime(),
      replayGuard: options.replayGuard,
    });
    if (!verified.ok) throw new RequestRejected(401, 'UNAUTHENTICATED', `Not accepted: ${verified.message}`);
    const events = options.portalId ? verified.events.filter((event) => event.portalId === options.portalId) : verified.events;
    const context = { gateway: options.gateway, directory, locks, now: now() };
    for (const subscriber of options.webhookSubscribers) await subscriber(events, context);
  }

  /** Answers requests under the backend's path prefix; resolves false for any other path. */
  return async function backend(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', base.origin);
    if (!url.pathname.startsWith(`${prefix}/`)) return false;
    const path = url.pathname.slice(prefix.length);
    const uri = `${base.origin}${url.pathname}${url.search}`;
    try {
      const rawBody = await readRawBody(req, limit);
      const action = /^\/actions\/([a-z0-9_]{1,64})$/.exec(path);
      if (action && (req.method === 'POST' || req.method === 'GET')) {
        send(res, 200, await handleAction(req, action[1]!, uri, rawBody));
      } else if (path === '/webhooks' && req.method === 'POST') {
        try {
          await handleWebhook(req, uri, rawBody);
        } catch (error) {
          if (error instanceof RequestRejected) throw error;
          // A 5xx makes HubSpot deliver the events again; subscribers are idempotent.
          console.error('backend: webhook processing failed, HubSpot will retry', error);
          send(res, 503, { ok: false, error: { code: 'HUBSPOT_UNAVAILABLE', message: 'Webhook processing failed; retry.' } });
          return true;
        }
        send(res, 200, { ok: true });
      } else {
        throw new RequestRejected(404, 'NOT_FOUND', `No backend route ${req.method} ${path}.`);
      }
    } catch (error) {
      const { status, body } = failureResponse(error);
      send(res, status, body);
    }
    return true;
  };
}
