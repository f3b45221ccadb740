import { z } from 'zod';

/** HubSpot record ids are positive 64-bit integers. */
const MAX_RECORD_ID = 9_223_372_036_854_775_807n;

/**
 * The one form of a HubSpot record id the app uses: decimal digits, no sign, no leading zero. HubSpot
 * resolves "0123" to record 123, so locks, markers and audit keyed on the text as sent would treat
 * one record as two; every id is parsed here, at the edge, and anything else is refused.
 */
export const recordIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a HubSpot record id written as text') })
  .regex(/^[1-9][0-9]{0,18}$/, 'must be a HubSpot record id: digits only, without leading zeros')
  // Zod runs refinements after a failed check too: only digits reach BigInt.
  .refine((id) => !/^[0-9]+$/.test(id) || BigInt(id) <= MAX_RECORD_ID, 'is larger than any HubSpot record id');

export function isCanonicalRecordId(value: string): boolean {
  return recordIdSchema.safeParse(value).success;
}
