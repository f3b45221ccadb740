import { z } from 'zod';
import { CLOUDS, TEXT_LIMITS, boundedText, engagementEvidenceSchema, idSchema, requiredOr } from './state.ts';

/**
 * Parameter schemas for the register, extend and release functions. Parameters come from the
 * browser, so every field is bounded and a refusal names the offending field.
 */

const commandBase = {
  /** Chosen by the card once per user action and reused on retries, so a retry is not applied twice. */
  idempotencyKey: boundedText(TEXT_LIMITS.idempotencyKey),
  /** The state version the user saw; a different stored version means someone else changed it first. */
  expectedVersion: z
    .number({ error: requiredOr('must be a number') })
    .int('must be a whole number')
    .min(0, 'must not be negative'),
};

/** An alliance lead may accept a hyperscaler contact outside the cloud's email domains, saying why. */
const domainOverride = {
  contactDomainOverrideReason: boundedText(TEXT_LIMITS.releaseReason, { min: 10, required: 'must say why, in at least 10 characters' }).optional(),
};

export const registerRingfenceCommandSchema = z.object({
  ...commandBase,
  cloud: z.enum(CLOUDS, { error: requiredOr(`must be one of ${CLOUDS.join(', ')}`) }),
  evidence: engagementEvidenceSchema,
  ...domainOverride,
});
export type RegisterRingfenceCommand = z.infer<typeof registerRingfenceCommandSchema>;

export const extendRingfenceCommandSchema = z.object({
  ...commandBase,
  ringfenceId: idSchema,
  evidence: engagementEvidenceSchema,
  ...domainOverride,
});
export type ExtendRingfenceCommand = z.infer<typeof extendRingfenceCommandSchema>;

export const releaseRingfenceCommandSchema = z.object({
  ...commandBase,
  ringfenceId: idSchema,
  reason: boundedText(TEXT_LIMITS.releaseReason, {
    min: TEXT_LIMITS.releaseReasonMin,
    required: `a release needs a reason of at least ${TEXT_LIMITS.releaseReasonMin} characters`,
  }),
});
export type ReleaseRingfenceCommand = z.infer<typeof releaseRingfenceCommandSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses untrusted input; the error lists each bad field by path, e.g. "evidence.notes: must be at most 1000 characters". */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: describeIssues(result.error) };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
