import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { aceDailyLimitReport } from '../domain/ace/quotas.ts';
import type { ActingUser } from '../domain/exception/types.ts';
import type { FunctionErrorCode, FunctionResponse } from '../functions/contract.ts';
import { describeZodError, FunctionFailure } from '../functions/runtime.ts';
import { actingUser, DirectoryCache, type PortalDirectory } from '../hubspot/directory.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import type { HubSpotGateway } from '../hubspot/gateway.ts';
import { isCanonicalRecordId } from '../hubspot/ids.ts';
import { DEFAULT_MAX_AGE_MS, readSignatureHeaders } from '../identity/signature-v3.ts';
import { identityParameters, trustedActorFromSignedRequest, type IdentityMode } from '../identity/trusted-actor.ts';
import { verifyHubSpotSignatureV3 } from '../identity/signature-v3.ts';
import { verifyHubSpotWebhookV3, type WebhookEvent } from '../identity/webhooks.ts';
import { appPolicy } from '../policy/app-policy.ts';
import type { AceSync } from './ace/sync.ts';
import type { ActionContract } from './contract.ts';
import { AppStateKeeper } from './integrity.ts';
import type { BackendStore } from './store/index.ts';
import { WebhookWorker, type WebhookProcessor } from './webhook-worker.ts';

/** What every piece of backend work gets, whoever started it. */
export interface BackendContext {
  gateway: HubSpotGateway;
  store: BackendStore;
  keeper: AppStateKeeper;
  /** Verifies seals where the ledger is not consulted (search results). */
  sealKey: string;
  /** This app's id: HubSpot names it as the source of the app's own writes. */
  appId: string | null;
  now: Date;
  /** The AWS Partner Central (ACE) sync, when the backend is configured for one. */
  ace: AceSync | null;
  /** Read-decide-write on one record, one backend instance at a time; ids must be canonical. */
  withRecordLock<T>(type: 'deals' | 'companies', id: string, work: () => Promise<T>): Promise<T>;
}

export interface ActionContext<P> extends BackendContext {
  /** The person HubSpot signed the request for, with their facts as HubSpot has them now. */
  actor: ActingUser;
  parameters: P;
  directory: PortalDirectory;
}

export interface WebhookContext extends BackendContext {
  directory: DirectoryCache;
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

export interface BackendOptions {
  clientSecret: string;
  /** The backend's public origin and path prefix as HubSpot calls it (signatures cover the full URI). */
  publicBaseUrl: string;
  /** The portal the private app is installed in; requests signed for any other are refused. */
  portalId?: string;
  appId?: string;
  identityMode: IdentityMode;
  gateway: HubSpotGateway;
  store: BackendStore;
  /** Seals the app's state in HubSpot; the functions hold the same key as a secret. */
  sealKey: string;
  actions: readonly RegisteredAction[];
  webhookProcessors: readonly WebhookProcessor[];
  now?: () => Date;
  maxBodyBytes?: number;
  /** Backoff before a failed webhook event is tried again (tests shorten it). */
  webhookRetryDelayMs?: (attempts: number) => number;
  ace?: AceSync;
}

const ACTION_RETRY_WINDOW_MS = 12_000;

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

/** An error the backend answers with 5xx: a bug or a crash, not a refusal or a HubSpot failure it could explain. */
function isServerFailure(error: unknown): boolean {
  return !(error instanceof RequestRejected || error instanceof FunctionFailure || error instanceof z.ZodError || error instanceof HubSpotError);
}

function failureResponse(error: unknown): { status: number; body: BackendResponse<never> } {
  if (error instanceof RequestRejected) return { status: error.status, body: { ok: false, error: { code: error.code, message: error.message } } };
  if (error instanceof FunctionFailure) {
    return { status: 200, body: { ok: false, error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } } };
  }
  if (error instanceof z.ZodError) return { status: 200, body: { ok: false, error: { code: 'INVALID_PARAMETERS', ...describeZodError(error, 'parameters') } } };
  if (error instanceof HubSpotError) {
    const code =
      error.kind === 'rate_limited' || error.kind === 'daily_limit'
        ? 'HUBSPOT_RATE_LIMITED'
        : error.kind === 'unavailable'
          ? 'HUBSPOT_UNAVAILABLE'
          : error.kind === 'not_found'
            ? 'NOT_FOUND'
            : 'HUBSPOT_REJECTED';
    return { status: 200, body: { ok: false, error: { code, message: error.message } } };
  }
  console.error('backend: unexpected error', error);
  return { status: 500, body: { ok: false, error: { code: 'INTERNAL', message: 'Unexpected error in the app backend.' } } };
}

export interface Backend {
  /** Answers requests under the backend's path prefix; resolves false for any other path. */
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Resolves once every queued webhook event has been processed (or dead-lettered). */
  webhooksIdle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The app backend: the HTTPS endpoint that cards reach with `hubspot.fetch` and HubSpot's webhooks
 * reach directly. Every request must carry HubSpot's v3 signature. Actions run with the user the
 * signed request names, resolved against HubSpot's users and teams; a signed request is served
 * once, whichever instance receives it. Webhook deliveries are queued in the store and answered at
 * once; a worker processes them afterwards.
 */
export function createBackendHandler(options: BackendOptions): Backend {
  const now = options.now ?? (() => new Date());
  const directory = new DirectoryCache(options.gateway);
  const keeper = new AppStateKeeper(options.gateway, options.store, options.sealKey, options.portalId ?? 'portal', options.appId ?? null);
  const base = new URL(options.publicBaseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const actions = new Map(options.actions.map((action) => [action.contract.uid, action]));
  const limit = options.maxBodyBytes ?? 64 * 1024;

  const context = (at: Date): BackendContext => ({
    gateway: options.gateway,
    store: options.store,
    keeper,
    sealKey: options.sealKey,
    appId: options.appId ?? null,
    ace: options.ace ?? null,
    now: at,
    withRecordLock: (type, id, work) => {
      if (!isCanonicalRecordId(id)) throw new Error(`Lock requested for a non-canonical ${type} id "${id}".`);
      return options.store.withLock(`${type}/${id}`, work);
    },
  });

  const worker = new WebhookWorker(options.store, options.webhookProcessors, () => ({ ...context(now()), directory }), options.webhookRetryDelayMs);

  async function handleAction(req: IncomingMessage, uid: string, uri: string, rawBody: Buffer): Promise<FunctionResponse<unknown>> {
    const action = actions.get(uid);
    const { signature, timestamp } = readSignatureHeaders(req.headers);
    const at = now();
    const verified = trustedActorFromSignedRequest({
      method: req.method ?? 'POST',
      uri,
      rawBody,
      signature,
      timestamp,
      clientSecret: options.clientSecret,
      now: at.getTime(),
      mode: options.identityMode,
      ...(options.portalId ? { expectedPortalId: options.portalId } : {}),
      ...(options.appId ? { expectedAppId: options.appId } : {}),
    });
    if (!verified.ok) throw new RequestRejected(401, 'UNAUTHENTICATED', `Not accepted: ${verified.message}`);
    if (!action) throw new RequestRejected(404, 'NOT_FOUND', `No backend action "${uid}".`);
    // The HMAC's bytes, not its text: base64 has several spellings of one signature.
    const requestKey = verified.signature.toString('hex');
    const claim = await options.store.claimRequest(requestKey, verified.sentAt + DEFAULT_MAX_AGE_MS, at.getTime());
    if (claim === 'replayed') throw new RequestRejected(401, 'UNAUTHENTICATED', 'Not accepted: this signed request was already received.');
    let settled: 'answered' | 'failed' = 'answered';
    try {
      let body: unknown = {};
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          throw new RequestRejected(400, 'INVALID_PARAMETERS', 'The request body is not valid JSON.');
        }
      }
      const parameters = action.contract.parameters.parse(body);
      const portal = await directory.load(at);
      const actor = actingUser(portal, verified.actor.userId);
      if (!actor) throw new FunctionFailure('FORBIDDEN', `HubSpot user ${verified.actor.userId} is not a user of this portal.`);
      // hubspot.fetch waits 15 s by default: every HubSpot retry of this action is over by 12 s.
      const result = await action.handle({
        ...context(at),
        gateway: options.gateway.withDeadline(at.getTime() + ACTION_RETRY_WINDOW_MS),
        actor,
        parameters,
        directory: portal,
      });
      return { ok: true, result: action.contract.result.parse(result) };
    } catch (error) {
      // A refusal is an answer; only a failure HubSpot's proxy retries (5xx) frees the request for that retry.
      if (isServerFailure(error)) settled = 'failed';
      throw error;
    } finally {
      await options.store.settleRequest(requestKey, settled);
    }
  }

  /**
   * What arrived with a signed request, for the admin's diagnostics view: the identity parameters
   * and who added them, the signature and clock, the portal, the identity mode that would work, and
   * (for admins only) the store and the webhook queue with its dead letters.
   */
  async function handleDiagnostics(req: IncomingMessage, uri: string, rawBody: Buffer) {
    const { signature, timestamp } = readSignatureHeaders(req.headers);
    const at = now();
    const verified = verifyHubSpotSignatureV3({
      method: req.method ?? 'GET',
      uri,
      rawBody,
      signature,
      timestamp,
      clientSecret: options.clientSecret,
      now: at.getTime(),
    });
    const sentAt = Number(timestamp);
    const signatureReport = verified.ok
      ? { valid: true, failure: null, clockSkewMs: at.getTime() - verified.sentAt }
      : { valid: false, failure: verified.message, clockSkewMs: Number.isFinite(sentAt) ? at.getTime() - sentAt : null };
    if (!verified.ok) return { signature: signatureReport };
    if ((await options.store.claimRequest(verified.signature.toString('hex'), verified.sentAt + DEFAULT_MAX_AGE_MS, at.getTime())) === 'replayed') {
      throw new RequestRejected(401, 'UNAUTHENTICATED', 'Not accepted: this signed request was already received.');
    }
    await options.store.settleRequest(verified.signature.toString('hex'), 'answered');
    const params = identityParameters(uri);
    const resolve = (mode: IdentityMode) =>
      trustedActorFromSignedRequest({
        method: req.method ?? 'GET',
        uri,
        rawBody,
        signature,
        timestamp,
        clientSecret: options.clientSecret,
        now: at.getTime(),
        mode,
        ...(options.portalId ? { expectedPortalId: options.portalId } : {}),
      });
    const strict = resolve('hubspot');
    const lenient = resolve('card-signed');
    const current = options.identityMode === 'hubspot' ? strict : lenient;
    const hubspotAdded = params.userId.length > 0;
    const portal = await directory.load(at);
    const actor = current.ok ? actingUser(portal, current.actor.userId) : null;
    const admin = actor !== null && (actor.superAdmin || appPolicy.gate.adminOverrideUserIds.includes(actor.userId));
    const receivedPortal = params.portalId[0] ?? params.cardPortalId[0] ?? null;
    const base = {
      signature: signatureReport,
      identity: {
        mode: options.identityMode,
        received: params,
        hubspotAddedUser: hubspotAdded,
        cardSentUser: params.cardUserId.length > 0,
        agree: hubspotAdded && params.cardUserId.length > 0 ? params.userId[0] === params.cardUserId[0] : null,
        resolvedUserId: current.ok ? current.actor.userId : null,
        problem: current.ok ? (actor ? null : `HubSpot user ${current.actor.userId} is not a user of this portal.`) : current.message,
        recommendedMode: strict.ok ? 'hubspot' : lenient.ok ? 'card-signed' : null,
      },
      portal: { expected: options.portalId ?? null, received: receivedPortal, matches: options.portalId ? receivedPortal === options.portalId : null },
      viewerIsAdmin: admin,
    };
    if (!admin) return base;
    const [stats, deadLetters, lastReceivedAt, lastProcessedAt, ignored] = await Promise.all([
      options.store.webhookStats(),
      options.store.deadLetters(20),
      options.store.getValue('webhooks.lastReceivedAt'),
      options.store.getValue('webhooks.lastProcessedAt'),
      options.store.getValue('webhooks.ignoredEvents'),
    ]);
    const iso = (value: string | null) => (value ? new Date(Number(value)).toISOString() : null);
    const [aceOutbox, lastFollowAt, aceBudget] = options.ace
      ? await Promise.all([options.store.aceOutboxStats(), options.store.getValue('ace.lastFollowAt'), options.ace.dailyBudget()])
      : [null, null, null];
    return {
      ...base,
      store: { engine: options.store.engine, location: options.store.location },
      aws: options.ace
        ? {
            connected: true,
            catalog: options.ace.catalog,
            lastFollowAt: iso(lastFollowAt),
            waiting: aceOutbox!.queued + aceOutbox!.waiting + aceOutbox!.processing,
            failed: aceOutbox!.failed,
            dailyLimit: aceDailyLimitReport(aceBudget!, aceOutbox!.waiting, at.getTime()),
          }
        : { connected: false },
      webhooks: {
        lastReceivedAt: iso(lastReceivedAt),
        lastProcessedAt: iso(lastProcessedAt),
        queued: stats.queued,
        processing: stats.processing,
        ignoredEvents: Number(ignored ?? 0),
        deadLetters: deadLetters.map((letter) => ({
          eventId: letter.eventId,
          failedAt: new Date(letter.failedAt).toISOString(),
          attempts: letter.attempts,
          lastError: letter.lastError,
          event: letter.payload,
        })),
      },
    };
  }

  async function handleWebhook(req: IncomingMessage, uri: string, rawBody: Buffer): Promise<{ queued: number; duplicates: number; ignored: number }> {
    const { signature, timestamp } = readSignatureHeaders(req.headers);
    const at = now();
    const verified = verifyHubSpotWebhookV3({ uri, rawBody, signature, timestamp, clientSecret: options.clientSecret, now: at.getTime() });
    if (!verified.ok) throw new RequestRejected(401, 'UNAUTHENTICATED', `Not accepted: ${verified.message}`);
    const usable: { eventId: string; payload: unknown }[] = [];
    let ignored = 0;
    for (const event of verified.events) {
      if (event.kind === 'unrecognised') {
        console.warn(`backend: webhook event not understood (${event.reason}); acknowledged and skipped`);
        ignored += 1;
      } else if (options.portalId && event.portalId !== options.portalId) {
        ignored += 1;
      } else {
        usable.push({ eventId: event.deliveryKey, payload: event });
      }
    }
    if (ignored > 0)
      await options.store.setValue(
        'webhooks.ignoredEvents',
        String(Number((await options.store.getValue('webhooks.ignoredEvents')) ?? 0) + ignored),
        at.getTime(),
      );
    const outcome = await options.store.enqueueWebhookEvents(usable, at.getTime());
    worker.kick();
    return { ...outcome, ignored };
  }

  const backend = async function backend(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', base.origin);
    if (!url.pathname.startsWith(`${prefix}/`)) return false;
    const path = url.pathname.slice(prefix.length);
    const uri = `${base.origin}${url.pathname}${url.search}`;
    try {
      const rawBody = await readRawBody(req, limit);
      const action = /^\/actions\/([a-z0-9_]{1,64})$/.exec(path);
      if (action && (req.method === 'POST' || req.method === 'GET')) {
        send(res, 200, await handleAction(req, action[1]!, uri, rawBody));
      } else if (path === '/diagnostics' && (req.method === 'GET' || req.method === 'POST')) {
        send(res, 200, { ok: true, result: await handleDiagnostics(req, uri, rawBody) });
      } else if (path === '/webhooks' && req.method === 'POST') {
        // Acknowledged as soon as the events are in the store: HubSpot allows 5 seconds.
        send(res, 200, { ok: true, ...(await handleWebhook(req, uri, rawBody)) });
      } else {
        throw new RequestRejected(404, 'NOT_FOUND', `No backend route ${req.method} ${path}.`);
      }
    } catch (error) {
      const { status, body } = failureResponse(error);
      send(res, status, body);
    }
    return true;
  };
  worker.start();
  return Object.assign(backend, { webhooksIdle: () => worker.idle(), stop: () => worker.stop() });
}

export type { WebhookProcessor, WebhookEvent };
