import type { hubspot } from '@hubspot/ui-extensions';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import { BACKEND_BASE_URL } from './backendUrl.ts';

export type ActionAnswer<R> = { ok: true; result: R; message: string } | { ok: false; code: string; message: string };

/**
 * Sends one action to the app backend with `hubspot.fetch` (passed in, so this plain file imports no
 * package and both the card and the page can bundle it). HubSpot signs the request and appends the
 * signed-in user; the body never names the acting user (the backend refuses unknown parameters).
 */
/** Who the card says is signed in (its context), sent as `cardUserId`…: only a backend in card-signed mode uses it. */
export interface CardIdentity {
  userId: number | string;
  portalId: number | string;
  email?: string;
}

/** The backend URL for `path`, with the card's own identity claim under names HubSpot never uses. */
export function backendUrl(path: string, card: CardIdentity): string {
  const query = [`cardUserId=${encodeURIComponent(String(card.userId))}`, `cardPortalId=${encodeURIComponent(String(card.portalId))}`];
  if (card.email) query.push(`cardUserEmail=${encodeURIComponent(card.email)}`);
  return `${BACKEND_BASE_URL}${path}?${query.join('&')}`;
}

export async function callBackendAction<R extends { message?: string }>(
  fetcher: (typeof hubspot)['fetch'],
  uid: string,
  body: Record<string, unknown>,
  card: CardIdentity,
): Promise<ActionAnswer<R>> {
  try {
    const response = await fetcher(backendUrl(`/actions/${uid}`, card), { method: 'POST', body });
    return readBackendAnswer<R>(response.status, await response.text());
  } catch (error) {
    return { ok: false, code: 'NETWORK', message: `The app backend could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** HubSpot's proxy wraps a non-2xx answer from the backend in its own envelope; the backend's answer is inside. */
interface ProxyEnvelope {
  status: 'error';
  category?: string;
  message?: string;
  responseBody?: string;
}

const PROXY_MESSAGES: Readonly<Record<number, string>> = {
  413: 'The request is larger than HubSpot allows (1 MB); shorten the text and try again.',
  429: 'Too many requests to the app at once in this HubSpot account; wait a few seconds and try again.',
  502: 'The app backend did not answer; HubSpot tried twice. Try again in a minute, or ask your admin to check the backend.',
  504: 'The app backend took too long to answer; the change may still have been made: reload before trying again.',
};

/**
 * Reads what came back through `hubspot.fetch`: the backend's envelope as it is, or unwrapped from
 * HubSpot's proxy envelope, or else a message that says what the status means for the person.
 */
export function readBackendAnswer<R extends { message?: string }>(status: number, text: string): ActionAnswer<R> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, code: 'NETWORK', message: PROXY_MESSAGES[status] ?? `The app backend answered ${status} with no readable message.` };
  }
  const envelope = parsed as Partial<ProxyEnvelope>;
  if (envelope && envelope.status === 'error' && typeof envelope.responseBody === 'string') {
    if (envelope.responseBody.trim() !== '') return readBackendAnswer<R>(status, envelope.responseBody);
    return { ok: false, code: envelope.category ?? 'NETWORK', message: PROXY_MESSAGES[status] ?? envelope.message ?? `HubSpot answered ${status}.` };
  }
  const answer = parsed as FunctionResponse<R>;
  if (answer && answer.ok === true) return { ok: true, result: answer.result, message: answer.result.message ?? 'Done.' };
  if (answer && answer.ok === false && answer.error) {
    const code: string = answer.error.code;
    const message =
      code === 'UNAUTHENTICATED' ? `HubSpot could not vouch for this request (${answer.error.message}) Reload the page and try again.` : answer.error.message;
    return { ok: false, code, message };
  }
  return { ok: false, code: 'NETWORK', message: PROXY_MESSAGES[status] ?? `The app backend answered ${status}.` };
}

/** Letters and digits only, as the backend's idempotency key format allows. */
export function newIdempotencyKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
