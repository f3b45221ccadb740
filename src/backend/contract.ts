import type { z } from 'zod';
import type { FunctionErrorCode } from '../functions/contract.ts';

/**
 * An action the cards send with `hubspot.fetch` to the app backend. HubSpot signs each such request
 * (X-HubSpot-Signature-v3) and appends the acting user, so these are the only calls that may change
 * state on behalf of a person. `docs/functions.md` lists them next to the functions.
 */
export interface ActionContract<P extends z.ZodType, R extends z.ZodType> {
  uid: string;
  summary: string;
  callers: string;
  /** The kind of record the action changes; its id comes in the body, and authorisation decides. */
  objectType: 'deals' | 'companies' | null;
  parameters: P;
  result: R;
  errors: Readonly<Partial<Record<FunctionErrorCode | 'UNAUTHENTICATED', string>>>;
}

export function defineAction<P extends z.ZodType, R extends z.ZodType>(contract: ActionContract<P, R>) {
  return contract;
}

export const authenticationErrors = {
  UNAUTHENTICATED:
    'The request is not signed by HubSpot, the signature does not match, it is over 5 minutes old, it was already used, or it names no user. Nothing was written.',
} as const;
