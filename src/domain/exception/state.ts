import { z } from 'zod';
import { gateError, type Result } from './errors.ts';
import { CLOUDS, EXCEPTION_STATUSES, REASON_CODES, ROUTES, type ExceptionState } from './types.ts';

/** Keeps the JSON well under HubSpot's 65,536-character limit for a text property. */
export const MAX_HISTORY = 40;

const isoInstant = z.iso.datetime({ offset: true });
const userId = z.string().min(1).max(40);
const money = z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/);

const factsSnapshotSchema = z.object({
  amountUsd: z.number().finite(),
  cloud: z.enum(CLOUDS).nullable(),
  dealType: z.string().max(100).nullable(),
  recommendedRoute: z.enum(ROUTES),
  ownerUserId: userId.nullable().optional(),
  stakes: z
    .object({
      marketplaceRoute: z.enum(['marketplace:aws', 'marketplace:azure', 'marketplace:gcp']),
      feeUsd: money,
      undrawnCommitmentUsd: money,
      aeCommissionGainUsd: money,
      estimate: z.boolean(),
    })
    .nullable()
    .optional(),
});

const exceptionStateSchema = z.object({
  schemaVersion: z.literal(1),
  version: z.number().int().min(0),
  status: z.enum(EXCEPTION_STATUSES),
  request: z
    .object({
      requesterUserId: userId,
      requesterTeamIds: z.array(z.string()),
      approverTeamIds: z.array(z.string()).optional(),
      requestedAt: isoInstant,
      reasonCode: z.enum(REASON_CODES),
      justification: z.string(),
      facts: factsSnapshotSchema,
      escalated: z.boolean(),
    })
    .nullable(),
  approvals: z.array(
    z.object({
      step: z.enum(['team', 'senior']),
      approverUserId: userId,
      at: isoInstant,
      override: z.boolean(),
      comment: z.string().nullable(),
    }),
  ),
  decidedAt: isoInstant.nullable(),
  expiresAt: isoInstant.nullable(),
  history: z.array(
    z.object({
      version: z.number().int().min(1),
      at: isoInstant,
      actorUserId: userId.nullable(),
      action: z.enum(['request', 'withdraw', 'approve', 'reject', 'invalidate', 'expire']),
      from: z.enum(EXCEPTION_STATUSES),
      to: z.enum(EXCEPTION_STATUSES),
      idempotencyKey: z.string(),
      override: z.boolean(),
      reasonCode: z.enum(REASON_CODES).nullable(),
      comment: z.string().nullable(),
      facts: factsSnapshotSchema,
    }),
  ),
});

export function initialExceptionState(): ExceptionState {
  return {
    schemaVersion: 1,
    version: 0,
    status: 'none',
    request: null,
    approvals: [],
    decidedAt: null,
    expiresAt: null,
    history: [],
  };
}

/** An empty property means no exception was ever requested on the deal. */
export function parseExceptionState(json: string | null | undefined): Result<{ state: ExceptionState }> {
  if (json === null || json === undefined || json.trim() === '') return { ok: true, state: initialExceptionState() };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return gateError('INVALID_STATE', 'The stored exception state is not valid JSON.');
  }
  const parsed = exceptionStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'state';
    return gateError('INVALID_STATE', `The stored exception state is invalid at "${where}": ${issue?.message ?? 'invalid'}`);
  }
  return { ok: true, state: parsed.data };
}

export function serializeExceptionState(state: ExceptionState): string {
  return JSON.stringify(state);
}
