import { z } from 'zod';
import { gateError, type Result } from './errors.ts';
import { REASON_CODES } from './types.ts';

export const MIN_JUSTIFICATION_LENGTH = 30;
export const MAX_JUSTIFICATION_LENGTH = 2000;
const MAX_COMMENT_LENGTH = 1000;

/** Chosen by the card per user action and reused on retry, so a retried click is recognised. */
const idempotencyKeySchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

const expectedVersionSchema = z.number().int().min(0).max(1_000_000_000);
const commentSchema = z.string().trim().max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`);

const base = { idempotencyKey: idempotencyKeySchema, expectedVersion: expectedVersionSchema };

export const exceptionCommandSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('request'),
      ...base,
      reasonCode: z.enum(REASON_CODES),
      justification: z
        .string()
        .trim()
        .min(MIN_JUSTIFICATION_LENGTH, `must be at least ${MIN_JUSTIFICATION_LENGTH} characters`)
        .max(MAX_JUSTIFICATION_LENGTH, `must be at most ${MAX_JUSTIFICATION_LENGTH} characters`),
    })
    .strict(),
  z.object({ kind: z.literal('withdraw'), ...base, comment: commentSchema.optional() }).strict(),
  z.object({ kind: z.literal('approve'), ...base, comment: commentSchema.optional() }).strict(),
  z
    .object({
      kind: z.literal('reject'),
      ...base,
      comment: commentSchema.min(10, 'must explain the rejection in at least 10 characters'),
    })
    .strict(),
]);

export type ExceptionCommand = z.infer<typeof exceptionCommandSchema>;
export type ExceptionCommandKind = ExceptionCommand['kind'];

/** Parses untrusted input (card parameters); never throws, and names the first offending field. */
export function parseExceptionCommand(input: unknown): Result<{ command: ExceptionCommand }> {
  let parsed: ReturnType<typeof exceptionCommandSchema.safeParse>;
  try {
    parsed = exceptionCommandSchema.safeParse(input);
  } catch {
    return gateError('INVALID_COMMAND', 'The command could not be read.');
  }
  if (parsed.success) return { ok: true, command: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const detail = issue?.message ?? 'is invalid';
  return gateError('INVALID_COMMAND', field ? `Invalid command field "${field}": ${detail}` : `Invalid command: ${detail}`, field ? { field } : {});
}
