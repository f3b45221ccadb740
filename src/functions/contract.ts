import { z } from 'zod';

/**
 * The public contract of one app function: what a card (or `/sandbox/act`) sends and gets back.
 * `docs/functions.md` is generated from these declarations.
 */
export interface FunctionContract<P extends z.ZodType, R extends z.ZodType> {
  uid: string;
  /** The bundle file under app/functions, without `.js`. */
  file: string;
  summary: string;
  /** Who may call it, in words; the handler enforces it. */
  callers: string;
  /** The CRM record the card is on: its properties come in `propertiesToSend`, fetched by HubSpot. */
  objectType: 'deals' | 'companies' | null;
  /** Sent by the card; `hs_object_id` binds the call to the record HubSpot fetched, not to a parameter. */
  propertiesToSend: readonly string[];
  parameters: P;
  result: R;
  errors: Readonly<Record<FunctionErrorCode, string>>;
}

export const functionErrorCodes = [
  'INVALID_PARAMETERS',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'HUBSPOT_RATE_LIMITED',
  'HUBSPOT_UNAVAILABLE',
  'HUBSPOT_REJECTED',
  'MISCONFIGURED',
  'INTERNAL',
] as const;
export type FunctionErrorCode = (typeof functionErrorCodes)[number];

export const commonErrors: Readonly<Record<FunctionErrorCode, string>> = {
  INVALID_PARAMETERS: 'A parameter is missing or malformed; `field` names it. Nothing was written.',
  NOT_FOUND: 'The record does not exist in HubSpot (or was deleted). Nothing was written.',
  FORBIDDEN: 'The acting user may not do this. Nothing was written.',
  CONFLICT: 'Someone else changed the same thing first; reload and try again. Nothing was written.',
  HUBSPOT_RATE_LIMITED: "HubSpot's rate limit was still exceeded after retries. Nothing was written.",
  HUBSPOT_UNAVAILABLE: 'HubSpot answered 5xx or could not be reached after retries.',
  HUBSPOT_REJECTED: 'HubSpot refused a request (missing scope, invalid value).',
  MISCONFIGURED: 'The app is not set up: a token, secret or policy is missing or invalid.',
  INTERNAL: 'An unexpected error; the message carries a reference to the log line.',
};

export const functionErrorSchema = z.object({
  code: z.enum(functionErrorCodes),
  message: z.string(),
  field: z.string().optional(),
});
export type FunctionError = z.infer<typeof functionErrorSchema>;

/** Every function answers with this envelope, so a card can always show a clear message. */
export type FunctionResponse<R> = { ok: true; result: R } | { ok: false; error: FunctionError };

export function defineFunction<P extends z.ZodType, R extends z.ZodType>(contract: FunctionContract<P, R>) {
  return contract;
}
