import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CrmError, resourceNotFound } from './errors.ts';
import { associationRoutes } from './routes-associations.ts';
import { objectRoutes } from './routes-objects.ts';
import { accountDetailsRoute, peopleRoutes } from './routes-people.ts';
import { schemaRoutes } from './routes-schema.ts';
import { invalidJsonError, matchRoute, type RequestContext, type Route } from './routing.ts';
import type { ChangeSource, CrmStore } from './store.ts';

/** HubSpot's burst limit for private (static-token) apps. */
export const HUBSPOT_BURST_LIMIT = { max: 190, windowMs: 10_000 } as const;

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** HubSpot's search endpoints: about five requests per second per account, counted apart from the burst limit. */
export const HUBSPOT_SEARCH_LIMIT = { max: 5, windowMs: 1_000 } as const;

export interface CrmHandlerOptions {
  /** Each private-app token the stand-in accepts, and who HubSpot records as the writer of what it writes. */
  tokens: Readonly<Record<string, ChangeSource>>;
  /** Off unless given; `true` means HubSpot's 190 requests per 10 s. */
  rateLimit?: RateLimit | boolean;
  /** On unless `false`: HubSpot's search limit (5 per second per account). */
  searchRateLimit?: RateLimit | boolean;
  now?: () => Date;
  /** The domain of HubSpot's UI the portal is served on, as account-info reports it (EU portals: app-eu1.hubspot.com). */
  uiDomain?: string;
}

/** A canned failure for the next `times` requests whose path starts with `pathPrefix` (and method, if given). */
export interface InjectedFailure {
  method?: string;
  pathPrefix: string;
  /** Match only this exact path, e.g. the create endpoint but not `/batch/read` below it. */
  exactPath?: boolean;
  status: 429 | 500 | 502 | 503 | 504;
  times: number;
}

export interface CrmHandler {
  /** Answers the request and resolves true, or resolves false (untouched) when the path is not a CRM path. */
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  injectFailures(failures: InjectedFailure[]): void;
  clearInjectedFailures(): void;
}

const OWNED_PREFIXES = ['/crm/v3/', '/crm/v4/', '/settings/v3/users', '/account-info/v3/'];
const ROUTES: readonly Route[] = [...objectRoutes, ...associationRoutes, ...schemaRoutes, ...peopleRoutes];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) } : {}),
  });
  res.end(text);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function rateLimitBody(portalId: number) {
  return {
    status: 'error',
    message: 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: 'TEN_SECONDLY_ROLLING',
    groupName: `TEN_SECONDLY_ROLLING:private-app:${portalId}`,
  };
}

function searchLimitBody() {
  return { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'SECONDLY' };
}

/** A rolling window of accepted request times, like HubSpot's TEN_SECONDLY_ROLLING policy. */
function createRateLimiter(limit: RateLimit, now: () => Date) {
  let accepted: number[] = [];
  return (): { allowed: boolean; headers: Record<string, string> } => {
    const at = now().getTime();
    accepted = accepted.filter((t) => t > at - limit.windowMs);
    const allowed = accepted.length < limit.max;
    if (allowed) accepted.push(at);
    return {
      allowed,
      headers: {
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(limit.windowMs),
        'X-HubSpot-RateLimit-Max': String(limit.max),
        'X-HubSpot-RateLimit-Remaining': String(Math.max(limit.max - accepted.length, 0)),
      },
    };
  };
}

export function createCrmHandler(store: CrmStore, options: CrmHandlerOptions): CrmHandler {
  const now = options.now ?? (() => store.now());
  const limit = options.rateLimit === true ? HUBSPOT_BURST_LIMIT : options.rateLimit || undefined;
  const checkRate = limit ? createRateLimiter(limit, now) : undefined;
  const searchLimit =
    options.searchRateLimit === false
      ? undefined
      : options.searchRateLimit === true || options.searchRateLimit === undefined
        ? HUBSPOT_SEARCH_LIMIT
        : options.searchRateLimit;
  const checkSearch = searchLimit ? createRateLimiter(searchLimit, now) : undefined;
  let failures: InjectedFailure[] = [];
  const routes = [...ROUTES, accountDetailsRoute(options.uiDomain ?? 'app.hubspot.com')];

  function takeInjectedFailure(method: string, path: string): InjectedFailure | undefined {
    const failure = failures.find(
      (f) => f.times > 0 && (f.exactPath ? path === f.pathPrefix : path.startsWith(f.pathPrefix)) && (!f.method || f.method.toUpperCase() === method),
    );
    if (failure) failure.times -= 1;
    failures = failures.filter((f) => f.times > 0);
    return failure;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (!OWNED_PREFIXES.some((prefix) => path.startsWith(prefix))) return false;
    const method = (req.method ?? 'GET').toUpperCase();

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const writer = token !== undefined ? options.tokens[token] : undefined;
    if (!writer) {
      send(
        res,
        401,
        new CrmError(
          401,
          'INVALID_AUTHENTICATION',
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        ).toBody(),
      );
      return true;
    }

    const injected = takeInjectedFailure(method, path);
    if (injected) {
      const body =
        injected.status === 429
          ? rateLimitBody(store.portalId)
          : new CrmError(injected.status, 'INTERNAL_ERROR', 'Injected failure: the sandbox was told to fail this request.').toBody();
      send(res, injected.status, body);
      return true;
    }

    // Search has its own, lower limit and does not count against the burst limit.
    if (method === 'POST' && path.endsWith('/search') && checkSearch && !checkSearch().allowed) {
      send(res, 429, searchLimitBody());
      return true;
    }
    const rate = path.endsWith('/search') ? undefined : checkRate?.();
    if (rate && !rate.allowed) {
      send(res, 429, rateLimitBody(store.portalId), rate.headers);
      return true;
    }
    const headers = rate?.headers ?? {};

    try {
      const matched = matchRoute(routes, method, path);
      if (!matched) throw resourceNotFound(`No route for ${method} ${path}`);
      let parsed: { value: unknown } | undefined;
      const ctx: RequestContext = {
        method,
        path,
        query: url.searchParams,
        store,
        now,
        body: async () => {
          if (!parsed) {
            const text = await readText(req);
            try {
              parsed = { value: text.trim() === '' ? undefined : JSON.parse(text) };
            } catch (error) {
              throw invalidJsonError(text, error);
            }
          }
          return parsed.value;
        },
      };
      const reply = await store.asSource(writer, () => matched.route.handle(ctx, matched.params));
      send(res, reply.status, reply.body, headers);
    } catch (error) {
      if (error instanceof CrmError) {
        send(res, error.status, error.toBody(), headers);
      } else {
        console.error('sandbox CRM handler failed', error);
        send(res, 500, new CrmError(500, 'INTERNAL_ERROR', 'internal error').toBody(), headers);
      }
    }
    return true;
  }

  return Object.assign(handle, {
    injectFailures(list: InjectedFailure[]) {
      failures.push(...list.map((f) => ({ ...f })));
    },
    clearInjectedFailures() {
      failures = [];
    },
  });
}
