import Decimal from 'decimal.js';
import { z } from 'zod';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';

/**
 * The customer's committed-spend agreement on each cloud, as the alliance manager records it: the
 * app's own state (sealed and ledgered by the backend), from which the flat company properties the
 * routing engine reads are derived. Amounts are USD as 2-dp decimal strings.
 */

/** The commitment programs each cloud has (the values of the company's commitment program property). */
export const COMMITMENT_PROGRAMS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ['edp', 'ppa', 'none'],
  azure: ['macc', 'none'],
  gcp: ['commit', 'none'],
};

export interface CloudCommitmentRecord {
  program: string;
  annualCommitmentUsd: string;
  capacityLeftUsd: string;
  marketplaceSpendThisYearUsd: string;
  /** YYYY-MM-DD: the commitment ends (and renews) on this day. */
  renewalDate: string;
  /** Where the figures come from: "Customer's EDP order form, January 2026". */
  source: string;
  updatedAt: string;
  updatedByUserId: string;
}

export interface CommitmentsState {
  schemaVersion: 1;
  version: number;
  clouds: Partial<Record<Cloud, CloudCommitmentRecord>>;
  /** The most recent updates' idempotency keys with the version each produced, so a retried save writes nothing twice. */
  applied: Array<{ key: string; version: number; cloud: Cloud }>;
}

const MAX_APPLIED = 20;
const usd = z
  .string()
  .trim()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be an amount in US dollars, such as 2500000 or 2500000.50, with no sign or separators');
const isoDate = z.iso.date('must be a date written YYYY-MM-DD');

/** What an alliance manager sends to record one cloud's commitment. */
export const commitmentUpdateSchema = z
  .object({
    cloud: z.enum(CLOUDS),
    program: z.string().min(1).max(20),
    annualCommitmentUsd: usd,
    capacityLeftUsd: usd,
    marketplaceSpendThisYearUsd: usd,
    renewalDate: isoDate,
    source: z.string().trim().min(3, 'must say where the figures come from (3 characters or more)').max(200),
    expectedVersion: z.number().int().min(0),
    idempotencyKey: z
      .string()
      .min(8)
      .max(128)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
  })
  .strict();
export type CommitmentUpdate = z.infer<typeof commitmentUpdateSchema>;

const recordSchema = z.object({
  program: z.string(),
  annualCommitmentUsd: z.string(),
  capacityLeftUsd: z.string(),
  marketplaceSpendThisYearUsd: z.string(),
  renewalDate: z.string(),
  source: z.string(),
  updatedAt: z.string(),
  updatedByUserId: z.string(),
});
const stateSchema = z.object({
  schemaVersion: z.literal(1),
  version: z.number().int().min(0),
  clouds: z.partialRecord(z.enum(CLOUDS), recordSchema),
  applied: z.array(z.object({ key: z.string(), version: z.number().int(), cloud: z.enum(CLOUDS) })),
});

export function emptyCommitments(): CommitmentsState {
  return { schemaVersion: 1, version: 0, clouds: {}, applied: [] };
}

/** An empty value means no commitment was ever recorded through the app. */
export function parseCommitments(json: string | null | undefined): { ok: true; state: CommitmentsState } | { ok: false; message: string } {
  if (!json?.trim()) return { ok: true, state: emptyCommitments() };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, message: 'The stored commitments are not valid JSON.' };
  }
  const parsed = stateSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, state: parsed.data }
    : { ok: false, message: `The stored commitments are invalid: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

export function serializeCommitments(state: CommitmentsState): string {
  return JSON.stringify(state);
}

export type CommitmentOutcome =
  { ok: true; state: CommitmentsState; replayed: boolean } | { ok: false; code: 'INVALID_PARAMETERS' | 'CONFLICT'; field?: string; message: string };

/**
 * Records one cloud's commitment. Checks what no single field can: the program belongs to the cloud,
 * capacity left is not more than the annual commitment, and the spend this year plus the capacity left
 * do not exceed it either. A retried save (same key) returns the state it produced; a save on a stale
 * view is refused.
 */
export function applyCommitmentUpdate(state: CommitmentsState, update: CommitmentUpdate, context: { actorUserId: string; now: Date }): CommitmentOutcome {
  const replay = state.applied.find((entry) => entry.key === update.idempotencyKey);
  if (replay) {
    if (replay.cloud !== update.cloud)
      return { ok: false, code: 'CONFLICT', field: 'idempotencyKey', message: 'This save was already used for another cloud.' };
    return { ok: true, state, replayed: true };
  }
  if (update.expectedVersion !== state.version) {
    return { ok: false, code: 'CONFLICT', message: 'The commitments changed since you loaded them; reload and try again.' };
  }
  if (!COMMITMENT_PROGRAMS[update.cloud].includes(update.program)) {
    return { ok: false, code: 'INVALID_PARAMETERS', field: 'program', message: `That program does not exist on this cloud.` };
  }
  const annual = new Decimal(update.annualCommitmentUsd);
  const left = new Decimal(update.capacityLeftUsd);
  const spent = new Decimal(update.marketplaceSpendThisYearUsd);
  if (left.gt(annual)) {
    return { ok: false, code: 'INVALID_PARAMETERS', field: 'capacityLeftUsd', message: 'Capacity left cannot be more than the annual commitment.' };
  }
  if (spent.plus(left).gt(annual)) {
    return {
      ok: false,
      code: 'INVALID_PARAMETERS',
      field: 'marketplaceSpendThisYearUsd',
      message: 'Marketplace spend this year plus the capacity left cannot be more than the annual commitment.',
    };
  }
  const version = state.version + 1;
  return {
    ok: true,
    replayed: false,
    state: {
      schemaVersion: 1,
      version,
      clouds: {
        ...state.clouds,
        [update.cloud]: {
          program: update.program,
          annualCommitmentUsd: annual.toFixed(2),
          capacityLeftUsd: left.toFixed(2),
          marketplaceSpendThisYearUsd: spent.toFixed(2),
          renewalDate: update.renewalDate,
          source: update.source.trim(),
          updatedAt: context.now.toISOString(),
          updatedByUserId: context.actorUserId,
        },
      },
      applied: [...state.applied, { key: update.idempotencyKey, version, cloud: update.cloud }].slice(-MAX_APPLIED),
    },
  };
}
