import type { hubspot } from '@hubspot/ui-extensions';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import { BACKEND_BASE_URL } from './backendUrl.ts';

export type ActionAnswer<R> = { ok: true; result: R; message: string } | { ok: false; code: string; message: string };

/**
 * Sends one action to the app backend with `hubspot.fetch` (passed in, so this plain file imports no
 * package and both the card and the page can bundle it). HubSpot signs the request and appends the
 * signed-in user; the body never names the acting user (the backend refuses unknown parameters).
 */
export async function callBackendAction<R extends { message?: string }>(
  fetcher: (typeof hubspot)['fetch'],
  uid: string,
  body: Record<string, unknown>,
): Promise<ActionAnswer<R>> {
  try {
    const response = await fetcher(`${BACKEND_BASE_URL}/actions/${uid}`, { method: 'POST', body });
    const answer = (await response.json()) as FunctionResponse<R>;
    if (answer.ok) return { ok: true, result: answer.result, message: answer.result.message ?? 'Done.' };
    return { ok: false, code: answer.error.code, message: answer.error.message };
  } catch (error) {
    return { ok: false, code: 'NETWORK', message: `The app backend could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Letters and digits only, as the backend's idempotency key format allows. */
export function newIdempotencyKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
