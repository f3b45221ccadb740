/**
 * AWS's quotas on the Partner Central Selling API, per partner account (AWS Partner Central,
 * "Quotas": https://docs.aws.amazon.com/partner-central/latest/selling-api/quotas.html). The daily
 * quotas count the last 24 hours, rolling, not a calendar day.
 */
export interface AceQuotas {
  readsPerSecond: number;
  writesPerSecond: number;
  /** Reads in any 24 hours. */
  readsPerDay: number;
  /** Writes in any 24 hours. */
  writesPerDay: number;
}

export const AWS_ACE_QUOTAS: AceQuotas = { readsPerSecond: 10, writesPerSecond: 1, readsPerDay: 100_000, writesPerDay: 10_000 };

/** The span AWS's daily quotas count back over. */
export const ACE_QUOTA_WINDOW_MS = 86_400_000;
