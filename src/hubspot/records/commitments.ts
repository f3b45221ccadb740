import { z } from 'zod';
import { parseCommitments, type CloudCommitmentRecord } from '../../domain/commitments/index.ts';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import { CLOUD_LABELS } from '../schema/ringfence.ts';
import type { PropertyBag } from './routing.ts';

export const COMMITMENTS_STATE_PROPERTY = 'cosell_commitments_state';

/** The company properties derived from a recorded cloud commitment. */
const flatNames = (cloud: Cloud) => ({
  program: `cosell_${cloud}_commit_program`,
  annual: `cosell_${cloud}_commit_annual`,
  remaining: `cosell_${cloud}_commit_remaining`,
  endDate: `cosell_${cloud}_commit_end_date`,
  spend: `cosell_${cloud}_marketplace_spend_ytd`,
  source: `cosell_${cloud}_commit_source`,
  updatedAt: `cosell_${cloud}_commit_updated_at`,
});

export const COMMITMENT_PROJECTION_NAMES: readonly string[] = CLOUDS.flatMap((cloud) => Object.values(flatNames(cloud)));

/** What the company card reads to show every cloud's commitment: the app's state and the flat properties. */
export const COMMITMENT_READ_NAMES: readonly string[] = [COMMITMENTS_STATE_PROPERTY, ...COMMITMENT_PROJECTION_NAMES];

/**
 * The flat properties of each cloud recorded through the app. Clouds never recorded keep whatever
 * RevOps or an import put in their properties: the app takes them over on the first save.
 */
export function commitmentProjections(stateJson: string | undefined): Record<string, string> {
  const parsed = parseCommitments(stateJson);
  if (!parsed.ok) return {};
  return Object.fromEntries(
    CLOUDS.flatMap((cloud) => {
      const record = parsed.state.clouds[cloud];
      if (!record) return [];
      const names = flatNames(cloud);
      return [
        [names.program, record.program],
        [names.annual, record.annualCommitmentUsd],
        [names.remaining, record.capacityLeftUsd],
        [names.endDate, record.renewalDate],
        [names.spend, record.marketplaceSpendThisYearUsd],
        [names.source, record.source],
        [names.updatedAt, record.updatedAt],
      ];
    }),
  );
}

const PROGRAM_LABELS: Readonly<Record<string, string>> = {
  edp: 'Enterprise Discount Program (EDP)',
  ppa: 'Private Pricing Agreement (PPA)',
  macc: 'Microsoft Azure Consumption Commitment (MACC)',
  commit: 'Google Cloud commit',
  none: 'No commitment',
};

export const commitmentsSectionSchema = z.object({
  /** Send back as expectedVersion with a save, so a save on a stale view gets CONFLICT. */
  version: z.number().int(),
  clouds: z.array(
    z.object({
      cloud: z.enum(CLOUDS),
      cloudLabel: z.string(),
      /** Recorded by an alliance manager in the app (and kept by it), or only present in HubSpot properties. */
      recorded: z.boolean(),
      program: z.string().nullable(),
      programLabel: z.string().nullable(),
      annualCommitmentUsd: z.string().nullable(),
      capacityLeftUsd: z.string().nullable(),
      marketplaceSpendThisYearUsd: z.string().nullable(),
      renewalDate: z.string().nullable(),
      source: z.string(),
      updatedAt: z.string().nullable(),
      updatedBy: z.string().nullable(),
    }),
  ),
  programOptions: z.record(z.enum(CLOUDS), z.array(z.object({ value: z.string(), label: z.string() }))),
});
export type CommitmentsSection = z.infer<typeof commitmentsSectionSchema>;

const present = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/**
 * Every cloud's commitment as the card shows it: from the app's own state (`trustedJson`, verified by
 * the caller) where an alliance manager recorded it, else from the company's properties, labelled so.
 */
export function commitmentsSection(
  trustedJson: string | undefined,
  properties: PropertyBag,
  nameOf: (userId: string) => string,
  programs: Readonly<Record<Cloud, readonly string[]>>,
): CommitmentsSection {
  const parsed = parseCommitments(trustedJson);
  const state = parsed.ok ? parsed.state : null;
  const fromRecord = (cloud: Cloud, record: CloudCommitmentRecord) => ({
    cloud,
    cloudLabel: CLOUD_LABELS[cloud],
    recorded: true,
    program: record.program,
    programLabel: PROGRAM_LABELS[record.program] ?? record.program,
    annualCommitmentUsd: record.annualCommitmentUsd,
    capacityLeftUsd: record.capacityLeftUsd,
    marketplaceSpendThisYearUsd: record.marketplaceSpendThisYearUsd,
    renewalDate: record.renewalDate,
    source: record.source,
    updatedAt: record.updatedAt,
    updatedBy: nameOf(record.updatedByUserId),
  });
  const fromProperties = (cloud: Cloud) => {
    const names = flatNames(cloud);
    const program = present(properties[names.program]);
    return {
      cloud,
      cloudLabel: CLOUD_LABELS[cloud],
      recorded: false,
      program,
      programLabel: program ? (PROGRAM_LABELS[program] ?? program) : null,
      annualCommitmentUsd: present(properties[names.annual]),
      capacityLeftUsd: present(properties[names.remaining]),
      marketplaceSpendThisYearUsd: present(properties[names.spend]),
      renewalDate: present(properties[names.endDate])?.slice(0, 10) ?? null,
      source: 'Company properties in HubSpot, not yet confirmed by an alliance manager',
      updatedAt: null,
      updatedBy: null,
    };
  };
  return {
    version: state?.version ?? 0,
    clouds: CLOUDS.map((cloud) => {
      const record = state?.clouds[cloud];
      return record ? fromRecord(cloud, record) : fromProperties(cloud);
    }),
    programOptions: Object.fromEntries(
      CLOUDS.map((cloud) => [cloud, programs[cloud].map((value) => ({ value, label: PROGRAM_LABELS[value] ?? value }))]),
    ) as CommitmentsSection['programOptions'],
  };
}
