import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HubSpotError } from '../hubspot/errors.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { isCanonicalRecordId } from '../hubspot/ids.ts';
import type { FunctionContract, FunctionError, FunctionErrorCode, FunctionResponse } from './contract.ts';

/** Thrown by handlers for refusals they can explain; nothing has been written when it is thrown. */
export class FunctionFailure extends Error {
  constructor(
    readonly code: FunctionErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What HubSpot hands a private app function (documented fields only; the rest is ignored). */
const hubspotContextSchema = z.object({
  parameters: z.unknown().optional(),
  propertiesToSend: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
  secrets: z.record(z.string(), z.string()).optional(),
});

export interface HandlerInput<P> {
  parameters: P;
  /** The record the card is on, as HubSpot fetched it for `propertiesToSend`; null for record-less functions. */
  record: { id: string; properties: Record<string, string | null> } | null;
  gateway: HubSpotGateway;
  now: Date;
}

const MAX_PARAMETER_BYTES = 16_384;
/** HubSpot stops a function at 15 s; every retry of an invocation must be over by 12 s. */
export const FUNCTION_RETRY_WINDOW_MS = 12_000;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function describeZodError(error: z.ZodError, prefix: string): { message: string; field: string } {
  const issue = error.issues[0];
  const field = [prefix, fieldPath(issue?.path ?? [])].filter(Boolean).join('.');
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

function toFunctionError(error: unknown, uid: string): FunctionError {
  if (error instanceof FunctionFailure) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof z.ZodError) {
    return { code: 'INVALID_PARAMETERS', ...describeZodError(error, 'parameters') };
  }
  if (error instanceof HubSpotError) {
    const code: Record<HubSpotError['kind'], FunctionErrorCode> = {
      not_found: 'NOT_FOUND',
      validation: 'HUBSPOT_REJECTED',
      conflict: 'CONFLICT',
      unauthorized: 'MISCONFIGURED',
      forbidden: 'HUBSPOT_REJECTED',
      rate_limited: 'HUBSPOT_RATE_LIMITED',
      daily_limit: 'HUBSPOT_RATE_LIMITED',
      unavailable: 'HUBSPOT_UNAVAILABLE',
      unexpected: 'HUBSPOT_REJECTED',
    };
    return { code: code[error.kind], message: error.message };
  }
  const reference = randomUUID();
  // The log gets the stack for the developer; the card gets only the reference.
  console.error(`[${uid}] unexpected error ${reference}:`, error);
  return { code: 'INTERNAL', message: `Unexpected error (reference ${reference}).` };
}

/**
 * Wraps a handler as HubSpot's `exports.main`: parses the context and parameters, binds the call to
 * the record HubSpot fetched, builds the gateway from the app token, and turns every failure into
 * the response envelope.
 */
export function createMain<P extends z.ZodType, R extends z.ZodType>(
  contract: FunctionContract<P, R>,
  handler: (input: HandlerInput<z.infer<P>>) => Promise<z.infer<R>>,
) {
  return async function main(context: unknown): Promise<FunctionResponse<z.infer<R>>> {
    const startedAt = Date.now();
    try {
      const parsedContext = hubspotContextSchema.safeParse(context);
      if (!parsedContext.success) throw new FunctionFailure('INVALID_PARAMETERS', 'The function context is malformed.');
      const { parameters: rawParameters = {}, propertiesToSend = {} } = parsedContext.data;
      if (JSON.stringify(rawParameters).length > MAX_PARAMETER_BYTES) {
        throw new FunctionFailure('INVALID_PARAMETERS', `parameters exceed ${MAX_PARAMETER_BYTES} bytes.`, 'parameters');
      }
      const parameters = contract.parameters.parse(rawParameters);
      let record: HandlerInput<unknown>['record'] = null;
      if (contract.objectType) {
        const id = propertiesToSend.hs_object_id;
        if (!id || !isCanonicalRecordId(id)) {
          throw new FunctionFailure(
            'INVALID_PARAMETERS',
            `The card must send hs_object_id in propertiesToSend so HubSpot names the ${contract.objectType} record.`,
            'propertiesToSend.hs_object_id',
          );
        }
        record = { id, properties: propertiesToSend };
      }
      const accessToken = process.env.PRIVATE_APP_ACCESS_TOKEN;
      if (!accessToken) throw new FunctionFailure('MISCONFIGURED', 'PRIVATE_APP_ACCESS_TOKEN is not set.');
      const gateway = new HubSpotGateway({
        accessToken,
        ...(process.env.HUBSPOT_API_BASE_PATH ? { basePath: process.env.HUBSPOT_API_BASE_PATH } : {}),
        // One retry budget for the whole invocation, ending well inside HubSpot's 15 s.
        retry: { deadline: startedAt + FUNCTION_RETRY_WINDOW_MS },
      });
      const result = await handler({ parameters, record, gateway, now: new Date() });
      return { ok: true, result: contract.result.parse(result) };
    } catch (error) {
      return { ok: false, error: toFunctionError(error, contract.uid) };
    }
  };
}
