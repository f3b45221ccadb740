import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { appProperties } from '../hubspot/schema/index.ts';
import { createCrmHandler, createCrmStore, CrmError, type CrmHandler, type CrmStore, type ObjectTypeName, type RateLimit } from './crm/index.ts';
import { backendActions } from '../backend/actions.ts';
import { createAceClient } from '../backend/ace/client.ts';
import { AceSync } from '../backend/ace/sync.ts';
import { createBackendHandler, type Backend } from '../backend/handler.ts';
import type { BackendStore } from '../backend/store/index.ts';
import { webhookProcessors } from '../backend/webhooks.ts';
import { SEAL_KEY_SECRET } from '../functions/integrity.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { signHubSpotRequestV3 } from '../identity/signature-v3.ts';
import { withHubSpotIdentityQuery, type IdentityMode } from '../identity/trusted-actor.ts';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import {
  OTHER_INTEGRATION_APP_ID,
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_CLIENT_SECRET,
  SANDBOX_OTHER_INTEGRATION_TOKEN,
  SANDBOX_SEAL_KEY,
} from './constants.ts';
import { formSubmission, importBy, integration, personInUi, workflow } from './crm/sources.ts';
import { createWebhookDispatcher } from './webhook-dispatcher.ts';
import { ACE_STAND_IN_CREDENTIALS } from './ace/constants.ts';
import type { AceStandIn } from './ace/server.ts';
import type { AceQuotas } from '../domain/ace/quotas.ts';
import { createFunctionRunner, FunctionRunnerError, type FunctionRunner } from './function-runner.ts';
import { escapeHtml, renderAppPage, renderCreateForm, renderIndex, renderMessagePage, renderRecordPage, type EditableProperty } from './pages.ts';
import { buildCardPreviewBundle } from './preview/bundle.ts';
import { demoUsers, type DemoUser } from './seed/index.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

export interface SandboxOptions {
  store: CrmStore;
  /** The app backend's own store (locks, replay guard, ledger, webhook queue). */
  backendStore: BackendStore;
  port?: number;
  host?: string;
  rateLimit?: RateLimit | boolean;
  /** The domain of HubSpot's UI the portal is served on (account-info's uiDomain); app.hubspot.com unless given. */
  uiDomain?: string;
  /** HubSpot's search limit is on unless a test turns it off. */
  searchRateLimit?: RateLimit | boolean;
  functionTimeoutMs?: number;
  identityMode?: IdentityMode;
  webhookRetryDelayMs?: (attempt: number) => number;
  webhookTimeoutMs?: number;
  /** False while the demo portal is being seeded: the preview says it is preparing. */
  ready?: boolean;
  /** Backoff before the backend retries a webhook event it failed to process. */
  backendRetryDelayMs?: (attempts: number) => number;
  /**
   * `hubspot` adds the acting user to hubspot.fetch URLs; `local-dev` plays `hs project dev`'s proxy,
   * which forwards the URL unchanged (no user) and signs it.
   */
  fetchProxy?: 'hubspot' | 'local-dev';
  /** The ACE stand-in the backend's AWS sync talks to; without it the backend has no AWS connection. */
  ace?: { standIn: AceStandIn; quotas?: Partial<AceQuotas>; retryDelayMs?: (attempts: number) => number };
}

/** What HubSpot's proxy does for `hubspot.fetch`, as documented: 20 requests in flight per account, 1 MB each way, 15 s. */
export const HUBSPOT_FETCH_LIMITS = { concurrent: 20, payloadBytes: 1_000_000, defaultTimeoutMs: 15_000, maxTimeoutMs: 120_000 } as const;

export interface Sandbox {
  url: string;
  store: CrmStore;
  crm: CrmHandler;
  runner: FunctionRunner;
  /** Resolves once every webhook HubSpot would have sent so far has been delivered and handled. */
  webhooksIdle(): Promise<void>;
  webhookFailures(): string[];
  webhookDeliveries(): ReturnType<ReturnType<typeof createWebhookDispatcher>['deliveries']>;
  backend(): Backend;
  backendStore: BackendStore;
  /** The backend's AWS sync, when the sandbox runs with the ACE stand-in. */
  aceSync(): AceSync | null;
  /** The ACE stand-in (AWS Partner Central played locally), when the sandbox runs one. */
  aceStandIn: AceStandIn | null;
  /** The demo portal is complete: the preview stops saying it is preparing. */
  markReady(): void;
  /** HubSpot API requests served so far (CRM and settings paths), for benchmarks and call-budget tests. */
  apiRequestCount(): number;
  /** Sends a request to the app backend the way `hubspot.fetch` would from `email`'s browser. */
  hubspotFetch(email: string, request: { url: string; method: string; body?: unknown; timeout?: number }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const objectTypeIds: Record<'deals' | 'companies', string> = { deals: '0-3', companies: '0-2' };
/** The app's pages (app/pages), served at /preview/pages/<name> as the "View as" user. */
const appPages: Record<string, { entry: string; title: string; location: 'pages' | 'settings' }> = {
  approvals: { entry: 'app/pages/AppPages.tsx', title: 'Cloud co-sell', location: 'pages' },
  settings: { entry: 'app/settings/Diagnostics.tsx', title: 'Cloud co-sell settings: backend check', location: 'settings' },
};
const cards: Record<'deals' | 'companies', { entry: string; title: string }> = {
  deals: { entry: 'app/cards/CoSellDealCard.tsx', title: 'Cloud co-sell' },
  companies: { entry: 'app/cards/AllianceCompanyCard.tsx', title: 'Alliance attribution' },
};

/** HubSpot's own record fields the preview sidebar lets a person edit, before the app's user-written ones. */
const nativeEditable: Record<'deals' | 'companies', string[]> = {
  deals: ['dealname', 'amount', 'deal_currency_code', 'dealstage', 'closedate', 'hubspot_owner_id', 'hs_all_collaborator_owner_ids', 'dealtype'],
  companies: ['name', 'domain', 'website', 'industry', 'address', 'city', 'state', 'zip', 'country'],
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body over ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const VIEWER_COOKIE = 'sandbox_viewer';
const defaultViewer = demoUsers.find((user) => user.role === 'ae')!;

/** The person HubSpot would know from its own login session; the preview's "View as" sets it. */
function viewerOf(req: IncomingMessage): DemoUser {
  const email = cookie(req, VIEWER_COOKIE);
  return demoUsers.find((user) => user.email === email) ?? defaultViewer;
}

export function demoUserByEmail(email: string): DemoUser {
  const user = demoUsers.find((candidate) => candidate.email === email.toLowerCase());
  if (!user) throw new HttpError(400, `No demo user with email ${email}.`);
  return user;
}

const serverlessRequestSchema = z.object({
  uid: z.string().min(1).max(100),
  parameters: z.unknown().optional(),
  propertiesToSend: z.array(z.string().max(100)).max(100).default([]),
  objectId: z.union([z.string(), z.number()]).transform(String),
  objectTypeId: z.string(),
});

const actRequestSchema = z.object({
  as: z.string().email(),
  function: z.string().min(1).max(100),
  parameters: z.unknown().optional(),
  objectId: z.union([z.string(), z.number()]).transform(String),
  objectTypeId: z.string(),
  propertiesToSend: z.array(z.string().max(100)).max(100).optional(),
});

function objectTypeNameOf(objectTypeId: string): ObjectTypeName {
  const byId: Record<string, ObjectTypeName> = { '0-3': 'deals', '0-2': 'companies', '0-1': 'contacts' };
  const name = byId[objectTypeId];
  if (!name) throw new HttpError(400, `Unknown objectTypeId ${objectTypeId}.`);
  return name;
}

/** The CRM context HubSpot gives a card: the signed-in user, the portal and the record. */
export function cardContext(store: CrmStore, viewer: DemoUser, objectType: 'deals' | 'companies', objectId: string) {
  return { ...pageContext(store, viewer), location: 'crm.record.tab' as const, crm: { objectId: Number(objectId), objectTypeId: objectTypeIds[objectType] } };
}

/** The context HubSpot gives an app page: the signed-in user and the portal, no record. */
export function pageContext(store: CrmStore, viewer: DemoUser) {
  const user = store.getUser(viewer.userId);
  const teamIds = [user?.primaryTeamId, ...(user?.secondaryTeamIds ?? [])].filter((id): id is string => Boolean(id));
  const teams = store.listTeams().filter((team) => teamIds.includes(team.id));
  return {
    location: 'pages' as const,
    user: {
      id: Number(viewer.userId),
      email: viewer.email,
      emails: [viewer.email],
      firstName: viewer.firstName,
      lastName: viewer.lastName,
      roles: [],
      permissions: [],
      teams: teams.map((team) => ({ id: Number(team.id), name: team.name, teammates: [] })),
      locale: 'en-us',
    },
    portal: { id: store.portalId, timezone: 'America/New_York' },
    extension: { appId: SANDBOX_APP_ID, appName: 'Cloud co-sell' },
  };
}

export function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { store } = options;
  const crm = createCrmHandler(store, {
    tokens: {
      [SANDBOX_ACCESS_TOKEN]: integration(SANDBOX_APP_ID, 'Cloud co-sell'),
      [SANDBOX_OTHER_INTEGRATION_TOKEN]: integration(OTHER_INTEGRATION_APP_ID, 'Data sync'),
    },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.uiDomain ? { uiDomain: options.uiDomain } : {}),
    ...(options.searchRateLimit !== undefined ? { searchRateLimit: options.searchRateLimit } : {}),
  });
  let baseUrl = '';
  let apiRequests = 0;
  const runner = createFunctionRunner({
    projectDir,
    get apiBasePath() {
      return baseUrl;
    },
    accessToken: SANDBOX_ACCESS_TOKEN,
    secrets: { [SEAL_KEY_SECRET]: SANDBOX_SEAL_KEY },
    ...(options.functionTimeoutMs ? { timeoutMs: options.functionTimeoutMs } : {}),
  });

  /** HubSpot fetches propertiesToSend itself for the record the card is on; so does the sandbox. */
  function propertiesFor(objectType: ObjectTypeName, objectId: string, names: readonly string[]): Record<string, string | null> {
    const record = store.getObject(objectType, objectId);
    if (!record) throw new HttpError(404, `No ${objectType} record ${objectId}.`);
    return Object.fromEntries(names.map((name) => [name, name === 'hs_object_id' ? record.id : (record.properties[name] ?? null)]));
  }

  const backendPath = '/app-backend';
  // Created once the server has its address: the backend's gateway and signatures need it.
  let backend: Backend | undefined;
  let aceSync: AceSync | null = null;
  const createAceSync = (): AceSync | null => {
    if (!options.ace) return null;
    return new AceSync({
      client: createAceClient({ catalog: 'AWS', endpoint: options.ace.standIn.url, credentials: ACE_STAND_IN_CREDENTIALS }),
      catalog: 'AWS',
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: baseUrl }),
      store: options.backendStore,
      ...(options.ace.quotas ? { quotas: options.ace.quotas } : {}),
      ...(options.ace.retryDelayMs ? { retryDelayMs: options.ace.retryDelayMs } : {}),
    });
  };
  const createBackend = () =>
    createBackendHandler({
      clientSecret: SANDBOX_CLIENT_SECRET,
      publicBaseUrl: `${baseUrl}${backendPath}`,
      portalId: String(store.portalId),
      appId: String(SANDBOX_APP_ID),
      identityMode: options.identityMode ?? 'hubspot',
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: baseUrl }),
      store: options.backendStore,
      sealKey: SANDBOX_SEAL_KEY,
      actions: backendActions,
      webhookProcessors,
      ...(options.backendRetryDelayMs ? { webhookRetryDelayMs: options.backendRetryDelayMs } : {}),
      ...(aceSync ? { ace: aceSync } : {}),
    });
  const webhooks = createWebhookDispatcher({
    projectDir,
    store,
    appId: SANDBOX_APP_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    deliverTo: () => `${baseUrl}${backendPath}/webhooks`,
    ...(options.webhookRetryDelayMs ? { retryDelayMs: options.webhookRetryDelayMs } : {}),
    ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
  });

  let fetchesInFlight = 0;
  let ready = options.ready ?? true;

  /**
   * HubSpot's side of `hubspot.fetch`: only permitted URLs, the acting user appended to the query,
   * the request signed with the app's client secret, at most 20 in flight and 1 MB each way. A
   * connection error or 5xx is sent once more, unchanged; a non-2xx answer reaches the card wrapped
   * in HubSpot's error envelope. The production backend URL maps to the sandbox's copy of the backend.
   */
  async function hubspotFetch(viewer: DemoUser, request: { url: string; method: string; body?: unknown; timeout?: number }) {
    if (!request.url.startsWith(`${BACKEND_BASE_URL}/`)) {
      throw new HttpError(403, `hubspot.fetch refused: ${request.url} is not in permittedUrls.fetch (${BACKEND_BASE_URL}).`);
    }
    const rawBody = request.body === undefined ? '' : JSON.stringify(request.body);
    if (Buffer.byteLength(rawBody) > HUBSPOT_FETCH_LIMITS.payloadBytes) {
      return {
        status: 413,
        body: JSON.stringify(hubspotErrorEnvelope(413, 'PAYLOAD_TOO_LARGE', 'The request body is over the 1 MB hubspot.fetch limit.', '', request.url)),
      };
    }
    if (fetchesInFlight >= HUBSPOT_FETCH_LIMITS.concurrent) {
      return {
        status: 429,
        body: JSON.stringify(hubspotErrorEnvelope(429, 'RATE_LIMITS', 'Too many concurrent hubspot.fetch requests for this account (20).', '', request.url)),
      };
    }
    const local = `${baseUrl}${backendPath}${request.url.slice(BACKEND_BASE_URL.length)}`;
    const uri =
      options.fetchProxy === 'local-dev'
        ? local
        : withHubSpotIdentityQuery(local, { userId: viewer.userId, portalId: String(store.portalId), userEmail: viewer.email, appId: String(SANDBOX_APP_ID) });
    const headers = signHubSpotRequestV3({ method: request.method, uri, rawBody, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() });
    const timeoutMs = Math.min(request.timeout ?? HUBSPOT_FETCH_LIMITS.defaultTimeoutMs, HUBSPOT_FETCH_LIMITS.maxTimeoutMs);
    const send = async (): Promise<{ status: number; body: string } | null> => {
      try {
        const response = await fetch(uri, {
          method: request.method,
          headers: { ...headers, ...(rawBody ? { 'content-type': 'application/json' } : {}) },
          ...(rawBody ? { body: rawBody } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return { status: response.status, body: await response.text() };
      } catch {
        return null;
      }
    };
    fetchesInFlight += 1;
    try {
      let answer = await send();
      if (answer === null || answer.status >= 500) answer = await send();
      if (answer === null)
        return { status: 502, body: JSON.stringify(hubspotErrorEnvelope(502, 'BAD_GATEWAY', 'The app backend could not be reached.', '', request.url)) };
      if (Buffer.byteLength(answer.body) > HUBSPOT_FETCH_LIMITS.payloadBytes) {
        return {
          status: 502,
          body: JSON.stringify(hubspotErrorEnvelope(502, 'BAD_GATEWAY', 'The app backend answered with more than 1 MB.', '', request.url)),
        };
      }
      if (answer.status >= 300)
        return {
          status: answer.status,
          body: JSON.stringify(hubspotErrorEnvelope(answer.status, 'BAD_GATEWAY', 'Error returned from Request Uri', answer.body, request.url)),
        };
      return answer;
    } finally {
      fetchesInFlight -= 1;
    }
  }

  function hubspotErrorEnvelope(status: number, category: string, message: string, responseBody: string, requestUri: string) {
    return {
      status: 'error',
      category,
      message,
      responseBody,
      errors: [{ message: `Unacceptable HTTP status ${status} calling ${requestUri}` }],
      context: { portalId: [String(store.portalId)], requestUri: [requestUri], appServerStatusCode: [String(status)] },
    };
  }

  async function runFunction(uid: string, parameters: unknown, objectTypeId: string, objectId: string, propertiesToSend: readonly string[]) {
    const objectType = objectTypeNameOf(objectTypeId);
    return runner({ uid, parameters: parameters ?? {}, propertiesToSend: propertiesFor(objectType, objectId, propertiesToSend) });
  }

  function editableProperties(objectType: 'deals' | 'companies', appOwned = false): EditableProperty[] {
    const definitions = new Map(store.listProperties(objectType).map((property) => [property.name, property]));
    const names = appOwned
      ? appProperties.filter((def) => def.objectType === objectType && def.writtenBy === 'app').map((def) => def.name)
      : [...nativeEditable[objectType], ...appProperties.filter((def) => def.objectType === objectType && def.writtenBy !== 'app').map((def) => def.name)];
    return names.flatMap((name) => {
      const definition = definitions.get(name);
      if (!definition) return [];
      const ownerOptions =
        definition.referencedObjectType === 'OWNER'
          ? store.listOwners().map((owner) => ({ label: `${owner.firstName} ${owner.lastName}`, value: owner.id }))
          : definition.options.map((option) => ({ label: option.label, value: option.value }));
      return [
        {
          name,
          label: definition.label,
          type: definition.referencedObjectType === 'OWNER' ? 'enumeration' : definition.type,
          options: ownerOptions,
          multiple: definition.fieldType === 'checkbox',
        },
      ];
    });
  }

  function recordExtras(objectType: 'deals' | 'companies', recordId: string): string {
    if (objectType !== 'companies') return '';
    const stages = store.listPipelines('deals')[0]?.stages ?? [];
    return (
      renderCreateForm({
        title: 'Create deal',
        objectType: 'deals',
        testId: 'create-deal',
        fields: [
          { name: 'dealname', label: 'Deal name' },
          { name: 'amount', label: 'Amount' },
          { name: 'dealstage', label: 'Stage', value: stages[0]?.id, options: stages.map((stage) => ({ label: stage.label, value: stage.id })) },
          { name: 'closedate', label: 'Close date (YYYY-MM-DD)' },
        ],
        associateWith: [{ objectType: 'companies', id: recordId }],
        source: 'CRM_UI',
      }) +
      renderCreateForm({
        title: 'Submit web form',
        objectType: 'contacts',
        testId: 'web-form',
        fields: [
          { name: 'firstname', label: 'First name' },
          { name: 'lastname', label: 'Last name' },
          { name: 'email', label: 'Email' },
        ],
        associateWith: [{ objectType: 'companies', id: recordId }],
        source: 'FORM',
      })
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/crm/') || url.pathname.startsWith('/settings/')) apiRequests += 1;
    if (await crm(req, res)) return;
    if (backend && (await backend(req, res))) return;

    if (!ready && method === 'GET' && (url.pathname === '/' || url.pathname.startsWith('/preview/'))) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '2', 'cache-control': 'no-store' });
      res.end(
        '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Preparing the demo portal</title><p>Preparing the demo portal… this page reloads by itself.</p>',
      );
      return;
    }
    if (method === 'GET' && url.pathname === '/') {
      return sendHtml(res, 200, renderIndex(store, viewerOf(req), demoUsers));
    }
    const recordPage = /^\/preview\/(deals|companies)\/(\d+)$/.exec(url.pathname);
    if (method === 'GET' && recordPage) {
      const objectType = recordPage[1] as 'deals' | 'companies';
      const record = store.getObject(objectType, recordPage[2]!);
      const viewer = viewerOf(req);
      if (!record) return sendHtml(res, 404, renderMessagePage(viewer, demoUsers, 'Not found', `No ${objectType} record ${recordPage[2]}.`));
      const card = cards[objectType];
      return sendHtml(
        res,
        200,
        renderRecordPage({
          store,
          viewer,
          users: demoUsers,
          objectType,
          record,
          editable: editableProperties(objectType),
          appOwned: editableProperties(objectType, true),
          preview: { location: 'crm.record.tab', context: cardContext(store, viewer, objectType, record.id), cardTitle: card.title },
          bundleUrl: `/preview/bundles/${objectType}.js`,
          extras: recordExtras(objectType, record.id),
        }),
      );
    }
    const appPage = /^\/preview\/pages\/([a-z-]+)$/.exec(url.pathname);
    if (method === 'GET' && appPage) {
      const page = appPages[appPage[1]!];
      const viewer = viewerOf(req);
      if (!page) return sendHtml(res, 404, renderMessagePage(viewer, demoUsers, 'Not found', `No app page "${appPage[1]}".`));
      return sendHtml(
        res,
        200,
        renderAppPage({
          viewer,
          users: demoUsers,
          title: page.title,
          preview: { location: page.location, context: { ...pageContext(store, viewer), location: page.location } },
          bundleUrl: `/preview/bundles/pages/${appPage[1]}.js`,
          returnTo: url.pathname,
        }),
      );
    }
    const pageBundle = /^\/preview\/bundles\/pages\/([a-z-]+)\.js$/.exec(url.pathname);
    if (method === 'GET' && pageBundle && appPages[pageBundle[1]!]) {
      const source = await buildCardPreviewBundle(path.join(projectDir, appPages[pageBundle[1]!]!.entry));
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(source);
      return;
    }
    const bundle = /^\/preview\/bundles\/(deals|companies)\.js$/.exec(url.pathname);
    if (method === 'GET' && bundle) {
      const source = await buildCardPreviewBundle(path.join(projectDir, cards[bundle[1] as 'deals' | 'companies'].entry));
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(source);
      return;
    }
    if (method === 'POST' && url.pathname === '/sandbox/view-as') {
      const form = new URLSearchParams(await readBody(req));
      const user = demoUserByEmail(form.get('email') ?? '');
      const returnTo = form.get('returnTo') ?? '/';
      res.writeHead(303, {
        'set-cookie': `${VIEWER_COOKIE}=${encodeURIComponent(user.email)}; Path=/; SameSite=Lax; HttpOnly`,
        location: returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/',
      });
      res.end();
      return;
    }
    if (method === 'POST' && url.pathname === '/sandbox/serverless') {
      const call = await readJson(req, serverlessRequestSchema);
      const response = await runFunction(call.uid, call.parameters, call.objectTypeId, call.objectId, call.propertiesToSend);
      return sendJson(res, 200, { response });
    }
    if (method === 'POST' && url.pathname === '/sandbox/hubspot-fetch') {
      const request = await readJson(
        req,
        z.object({
          url: z.string().max(2048),
          method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
          body: z.unknown().optional(),
        }),
      );
      const answer = await hubspotFetch(viewerOf(req), request);
      return sendJson(res, 200, { status: answer.status, headers: { 'content-type': 'application/json' }, body: answer.body });
    }
    if (method === 'POST' && url.pathname === '/sandbox/act') {
      const call = await readJson(req, actRequestSchema);
      const actor = demoUserByEmail(call.as);
      const action = backendActions.find((candidate) => candidate.contract.uid === call.function);
      if (action) {
        const answer = await hubspotFetch(actor, { url: `${BACKEND_BASE_URL}/actions/${call.function}`, method: 'POST', body: call.parameters ?? {} });
        return sendJson(res, 200, { response: JSON.parse(answer.body) as unknown });
      }
      const propertiesToSend = call.propertiesToSend ?? (await contractPropertiesToSend(call.function));
      const response = await runFunction(call.function, call.parameters, call.objectTypeId, call.objectId, propertiesToSend);
      return sendJson(res, 200, { response });
    }
    if (method === 'GET' && url.pathname === '/sandbox/record-properties') {
      const objectType = objectTypeNameOf(url.searchParams.get('objectTypeId') ?? '');
      const names = (url.searchParams.get('names') ?? '').split(',').filter(Boolean);
      return sendJson(res, 200, { properties: propertiesFor(objectType, url.searchParams.get('objectId') ?? '', names) });
    }
    if (method === 'GET' && url.pathname === '/sandbox/property-list') {
      // What HubSpot's CrmPropertyList shows: each property's label, type and options with the record's value.
      const objectType = objectTypeNameOf(url.searchParams.get('objectTypeId') ?? '');
      const names = (url.searchParams.get('names') ?? '').split(',').filter(Boolean).slice(0, 24);
      const values = propertiesFor(objectType, url.searchParams.get('objectId') ?? '', names);
      const properties = names.flatMap((name) => {
        const definition = store.getProperty(objectType, name);
        if (!definition || definition.archived) return [];
        return [
          {
            name,
            label: definition.label,
            type: definition.type,
            multiple: definition.fieldType === 'checkbox',
            options: definition.options.filter((option) => !option.hidden).map((option) => ({ label: option.label, value: option.value })),
            readOnly: definition.readOnlyValue || definition.calculated,
            value: values[name] ?? null,
          },
        ];
      });
      return sendJson(res, 200, { objectType, properties });
    }
    if (method === 'POST' && url.pathname === '/sandbox/record-update') {
      const update = await readJson(
        req,
        z.object({
          objectType: z.enum(['deals', 'companies']),
          id: z.string(),
          properties: z.record(z.string(), z.string()),
          /** The person in the sidebar, or an import or workflow the person ran: each is recorded as HubSpot does. */
          via: z.enum(['sidebar', 'import', 'workflow']).default('sidebar'),
        }),
      );
      const viewer = viewerOf(req);
      const types = new Map(store.listProperties(update.objectType).map((property) => [property.name, property.type]));
      // HubSpot's record sidebar edits a datetime like closedate as a calendar date.
      const properties = Object.fromEntries(
        Object.entries(update.properties).map(([name, value]) => [
          name,
          types.get(name) === 'datetime' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value,
        ]),
      );
      const writer =
        update.via === 'import'
          ? importBy(viewer.userId, 90_000 + (Number(update.id) % 1000))
          : update.via === 'workflow'
            ? workflow(70_000 + (Number(update.id) % 1000))
            : personInUi(viewer.userId);
      const record = store.asSource(writer, () => store.updateObject(update.objectType, update.id, properties));
      return sendJson(res, 200, { id: record.id });
    }
    if (method === 'POST' && url.pathname === '/sandbox/record-create') {
      const create = await readJson(
        req,
        z.object({
          objectType: z.enum(['deals', 'contacts']),
          properties: z.record(z.string(), z.string()),
          associateWith: z.array(z.object({ objectType: z.enum(['companies']), id: z.string() })).max(5),
          source: z.enum(['CRM_UI', 'FORM']),
        }),
      );
      const viewer = viewerOf(req);
      const properties = Object.fromEntries(Object.entries(create.properties).filter(([, value]) => value !== ''));
      const source = create.source === 'FORM' ? formSubmission('web-form') : personInUi(viewer.userId);
      const record = store.asSource(source, () =>
        store.transaction(() => {
          const created = store.createObject(create.objectType, {
            properties: {
              ...properties,
              ...(create.objectType === 'deals' ? { pipeline: 'default', hubspot_owner_id: properties.hubspot_owner_id ?? viewer.ownerId } : {}),
              ...(create.source === 'FORM' ? { hs_analytics_source: 'ORGANIC_SEARCH' } : {}),
            },
          });
          for (const target of create.associateWith) store.associate(create.objectType, created.id, target.objectType, target.id);
          return created;
        }),
      );
      return sendJson(res, 200, { id: record.id });
    }
    if (url.pathname.startsWith('/sandbox/') || url.pathname.startsWith('/preview/')) {
      throw new HttpError(404, `No sandbox route ${method} ${url.pathname}.`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`Not found: ${escapeHtml(url.pathname)}`);
  }

  async function contractPropertiesToSend(uid: string): Promise<readonly string[]> {
    const { functionContracts } = await import('../functions/contracts.ts');
    const contract = functionContracts.find((candidate) => candidate.uid === uid);
    if (!contract) throw new HttpError(404, `No app function with uid "${uid}".`);
    return contract.propertiesToSend;
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      if (error instanceof HttpError || error instanceof FunctionRunnerError) return sendJson(res, error.status, { message: error.message });
      if (error instanceof CrmError) return sendJson(res, error.status, error.toBody());
      console.error('sandbox error:', error);
      sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) return reject(new Error('The sandbox did not get a port.'));
      baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
      aceSync = createAceSync();
      backend = createBackend();
      resolve({
        url: baseUrl,
        store,
        crm,
        runner,
        webhooksIdle: async () => {
          // HubSpot's deliveries, then the backend's queue, until neither has anything left (processing writes cause events).
          for (let round = 0; round < 20; round++) {
            await webhooks.idle();
            await backend!.webhooksIdle();
            await webhooks.idle();
            if ((await options.backendStore.dueWebhookEvents(Date.now())) === 0) return;
          }
        },
        webhookFailures: () => webhooks.failures(),
        webhookDeliveries: () => webhooks.deliveries(),
        backend: () => backend!,
        backendStore: options.backendStore,
        aceSync: () => aceSync,
        aceStandIn: options.ace?.standIn ?? null,
        markReady: () => {
          ready = true;
        },
        apiRequestCount: () => apiRequests,
        hubspotFetch: (email, request) => hubspotFetch(demoUserByEmail(email), request),
        close: async () => {
          await webhooks.idle();
          webhooks.close();
          await backend?.stop();
          await aceSync?.drain();
          await options.ace?.standIn.close();
          await new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          });
        },
      });
    });
  });
}

export { createCrmStore };
