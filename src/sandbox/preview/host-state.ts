// State shared by the preview host and the shims: the page's preview config, the card's registered
// render callback, host alerts, open overlays and record-change notifications. One card per page,
// so module-level state is the host, as HubSpot's extension worker is for a real card.
import { useSyncExternalStore, type ReactElement } from 'react';
import type {
  CrmContext,
  PagesContext,
  CrmHostActions,
  ExtensionPointApi,
  JsonValue,
  ServerlessExecutionResult,
  ServerlessRunnerParams,
  UiePlatformActions,
} from '@hubspot/ui-extensions';

/**
 * What the server injects into the page as `window.__SANDBOX_PREVIEW__`: a card on a record
 * (crm.record.tab, with the record in `context.crm`) or an app page (`pages`, user and portal only).
 */
export type PreviewConfig =
  | { location: CrmContext['location']; context: CrmContext; cardTitle?: string }
  | { location: PagesContext['location']; context: PagesContext; cardTitle?: string };

export type PreviewActions = CrmHostActions & UiePlatformActions;
export type PreviewApi = ExtensionPointApi<'crm.record.tab'> | ExtensionPointApi<'pages'>;
type CardRenderCallback = (api: PreviewApi) => ReactElement;

/** Fired on `window` whenever the previewed record changed; hooks and subscriptions refetch. */
export const RECORD_CHANGED_EVENT = 'sandbox:record-changed';

function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next: T) => {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let installed: { config: PreviewConfig; actions: PreviewActions; api: PreviewApi } | undefined;
let registeredCallback: CardRenderCallback | undefined;

/** Makes `config` the page's host: its context and one actions object for every hook and callback. */
export function installPreviewHost(config: PreviewConfig): PreviewApi {
  const actions = createPreviewActions();
  installed = { config, actions, api: { context: config.context, actions, runServerlessFunction } as PreviewApi };
  return installed.api;
}

function host() {
  if (!installed) throw new Error('The preview host is not installed: mountPreviewCard() has not read window.__SANDBOX_PREVIEW__.');
  return installed;
}

export function previewConfig(): PreviewConfig {
  return host().config;
}

export function previewActions(): PreviewActions {
  return host().actions;
}

/** The record the previewed card is on; app pages have none, so record APIs fail loudly there. */
export function previewRecord(): CrmContext['crm'] {
  const { context } = host().config;
  if (!('crm' in context)) throw new Error(`The ${context.location} location has no CRM record; this API is only available to record cards.`);
  return context.crm;
}

export function previewApi(): PreviewApi {
  return host().api;
}

export function registerRenderCallback(callback: CardRenderCallback): void {
  registeredCallback = callback;
}

export function registeredRenderCallback(): CardRenderCallback | undefined {
  return registeredCallback;
}

// Alerts raised with actions.addAlert, shown as dismissible banners by the host.
export interface HostAlert {
  id: number;
  type: 'info' | 'warning' | 'success' | 'danger' | 'tip';
  title?: string;
  message: string;
}
const alertStore = createStore<HostAlert[]>([]);
let nextAlertId = 1;

export function useHostAlerts(): HostAlert[] {
  return useSyncExternalStore(alertStore.subscribe, alertStore.get, alertStore.get);
}

export function dismissAlert(id: number): void {
  alertStore.set(alertStore.get().filter((alert) => alert.id !== id));
}

// Ids of the Modal/Panel overlays currently open.
const overlayStore = createStore<ReadonlySet<string>>(new Set());

export function useOverlayOpen(id: string | undefined): boolean {
  const open = useSyncExternalStore(overlayStore.subscribe, overlayStore.get, overlayStore.get);
  return id !== undefined && open.has(id);
}

export function openOverlay(id: string): void {
  overlayStore.set(new Set(overlayStore.get()).add(id));
}

export function closeOverlay(id: string): void {
  const next = new Set(overlayStore.get());
  next.delete(id);
  overlayStore.set(next);
}

export function onRecordChanged(listener: () => void): () => void {
  window.addEventListener(RECORD_CHANGED_EVENT, listener);
  return () => window.removeEventListener(RECORD_CHANGED_EVENT, listener);
}

/** Reads the JSON body of a sandbox endpoint, turning a non-2xx answer into an Error with its message. */
export async function readSandboxJson<T>(response: Response, what: string): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { message?: unknown }) | null;
  if (!response.ok) {
    const message = body && typeof body.message === 'string' ? body.message : `${what} failed with HTTP ${response.status}`;
    throw new Error(message);
  }
  if (body === null) throw new Error(`${what} answered with a body that is not JSON`);
  return body;
}

/** `GET /sandbox/record-properties` for the previewed record; `'*'` asks for every property. */
export async function fetchRecordProperties(names: readonly string[] | '*'): Promise<Record<string, string | null>> {
  const crm = previewRecord();
  const query = new URLSearchParams({
    objectTypeId: crm.objectTypeId,
    objectId: String(crm.objectId),
    names: names === '*' ? '*' : names.join(','),
  });
  const body = await readSandboxJson<{ properties?: unknown }>(await fetch(`/sandbox/record-properties?${query}`), 'Reading record properties');
  if (typeof body.properties !== 'object' || body.properties === null) {
    throw new Error('Reading record properties: the answer has no properties object');
  }
  return body.properties as Record<string, string | null>;
}

// The host actions type their values as strings, where the hooks allow null for an empty property.
function withEmptyStrings(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value ?? '']));
}

/**
 * `POST /sandbox/serverless`, resolving to the function's return value like `hubspot.serverless`.
 * The acting user comes from the preview session cookie, as HubSpot uses its own session; never the body.
 */
export async function callServerless<T = unknown>(name: string, options: Omit<ServerlessRunnerParams, 'name'> = {}): Promise<T> {
  const crm = previewRecord();
  const response = await fetch('/sandbox/serverless', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      uid: name,
      parameters: options.parameters,
      propertiesToSend: options.propertiesToSend,
      objectId: crm.objectId,
      objectTypeId: crm.objectTypeId,
    }),
  });
  const body = await readSandboxJson<{ response?: T }>(response, `The app function '${name}'`);
  return body.response as T;
}

/** The deprecated `runServerlessFunction` of the extend callback's api, built on the same call. */
function runServerlessFunction({ name, parameters, propertiesToSend }: ServerlessRunnerParams): Promise<ServerlessExecutionResult> {
  return callServerless<JsonValue>(name, { parameters, propertiesToSend }).then(
    (response: JsonValue) => ({ status: 'SUCCESS', response }) as ServerlessExecutionResult,
    (error: unknown) => ({ status: 'ERROR', message: error instanceof Error ? error.message : String(error) }) as ServerlessExecutionResult,
  );
}

function addAlert({ type, title, message }: Parameters<PreviewActions['addAlert']>[0]): void {
  alertStore.set([...alertStore.get(), { id: nextAlertId++, type: type ?? 'info', title, message }]);
}

function unsupported(name: string) {
  return () => console.warn(`[preview] actions.${name} is not available in the local preview; ignored.`);
}

function createPreviewActions(): PreviewActions {
  return {
    addAlert,
    reloadPage: () => window.location.reload(),
    fetchCrmObjectProperties: (properties) => fetchRecordProperties(properties).then(withEmptyStrings),
    // HubSpot refreshes the record page, which pushes the new values to cards; here the page event does that.
    refreshObjectProperties: () => window.dispatchEvent(new Event(RECORD_CHANGED_EVENT)),
    onCrmPropertiesUpdate: (properties, callback) => {
      onRecordChanged(() => {
        fetchRecordProperties(properties).then(
          (values) => callback(withEmptyStrings(values)),
          (error: unknown) => callback({}, { message: error instanceof Error ? error.message : String(error) }),
        );
      });
    },
    openIframeModal: unsupported('openIframeModal'),
    closeOverlay,
    copyTextToClipboard: (text) => navigator.clipboard.writeText(text),
    navigateToPage: unsupported('navigateToPage'),
  };
}
