import { type CrmError, validationError } from './errors.ts';
import { findObjectType, type ObjectTypeInfo } from './object-types.ts';
import type { CrmStore } from './store.ts';

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  store: CrmStore;
  now: () => Date;
  /** The parsed JSON body (undefined when empty); invalid JSON becomes HubSpot's 400. */
  body(): Promise<unknown>;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(ctx: RequestContext, params: Record<string, string>): Reply | Promise<Reply>;
}

/** `route('GET', '/crm/v3/objects/:type/:id', fn)`: `:name` segments become decoded params. */
export function route(method: string, template: string, handle: Route['handle']): Route {
  const source = template.replace(/[.]/g, '\\.').replace(/:(\w+)/g, (_m, name: string) => `(?<${name}>[^/]+)`);
  return { method, pattern: new RegExp(`^${source}$`), handle };
}

export function matchRoute(routes: readonly Route[], method: string, path: string) {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decodeURIComponent(value);
    return { route: candidate, params };
  }
  return undefined;
}

export function objectTypeParam(segment: string | undefined): ObjectTypeInfo {
  const type = segment ? findObjectType(segment) : undefined;
  if (!type) throw validationError(`Unable to infer object type from: ${segment}`);
  return type;
}

/** Repeated (`?properties=a&properties=b`) and comma-separated (`?properties=a,b`) lists, as HubSpot accepts both. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length > 0 ? values : undefined;
}

export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw validationError(`limit must be a positive integer; got ${raw}.`);
  return Math.min(limit, max);
}

export function offsetParam(value: string | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`after must be a paging cursor; got ${value}.`);
  return offset;
}

/** Offset paging over an in-memory list, with HubSpot's `paging.next.after` when more remain. */
export function page<T>(items: readonly T[], offset: number, limit: number) {
  const results = items.slice(offset, offset + limit);
  const next = offset + limit;
  return { results, ...(next < items.length ? { paging: { next: { after: String(next) } } } : {}) };
}

export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('Invalid input JSON: expected a JSON object body.');
  }
  return body as Record<string, unknown>;
}

/** HubSpot names the line and column of the first bad character: "Invalid input JSON on line 1, column 2: ...". */
export function invalidJsonError(text: string, error: unknown): CrmError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  let index: number;
  if (position !== undefined) index = Number(position);
  else if (/Unexpected end/.test(message)) index = text.length;
  else {
    const token = /Unexpected token '(.)'/.exec(message)?.[1];
    index = token !== undefined ? Math.max(text.indexOf(token), 0) : 0;
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return validationError(`Invalid input JSON on line ${line}, column ${column}: ${message}`);
}
