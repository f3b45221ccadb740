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

/** Who a call to AWS is for: a person waiting on the card (share, accept, reject), or the sync's own background work. */
export type AceCaller = 'person' | 'background';

/** The share of each daily quota the background work leaves for people's own actions. */
export const ACE_PERSON_RESERVE = 0.1;

/**
 * Calls are counted per hour. An hour counts until it has wholly left AWS's 24 hours, so the count is
 * never below AWS's, and work held back by the limit is looked at again at most hourly.
 */
export const ACE_QUOTA_BUCKET_MS = 3_600_000;

/** How many calls in any 24 hours this caller may make: the background leaves the reserve untouched. */
export function aceDailyAllowance(perDay: number, caller: AceCaller, personReserve = ACE_PERSON_RESERVE): number {
  return caller === 'person' ? perDay : Math.floor(perDay * (1 - personReserve));
}

/** The hour a call at `at` is counted in. */
export const aceQuotaBucket = (at: number): number => Math.floor(at / ACE_QUOTA_BUCKET_MS) * ACE_QUOTA_BUCKET_MS;

/** The oldest hour still counted at `now`: the one holding the moment 24 hours ago. */
export const aceQuotaCountedFrom = (now: number): number => aceQuotaBucket(now - ACE_QUOTA_WINDOW_MS);

/** When the calls counted in the hour starting `bucket` no longer count against AWS's 24 hours. */
export const aceQuotaFreesAt = (bucket: number): number => bucket + ACE_QUOTA_BUCKET_MS + ACE_QUOTA_WINDOW_MS;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** When work held back by AWS's daily limit goes out, in people's words. */
export function aceDailyLimitMessage(resumeAt: number, now: number): string {
  const at = new Date(resumeAt);
  const time = at.toISOString().slice(11, 16);
  const sameDay = at.toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `AWS's daily limit reached; will send after ${time} UTC${sameDay ? '' : ` on ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`}.`;
}

/** What is used of one of AWS's daily quotas in the last 24 hours. */
export interface AceDailyBudget {
  used: number;
  /** AWS's quota in any 24 hours. */
  limit: number;
  /** What background work may use; the rest is kept for people's own actions. */
  backgroundLimit: number;
  /** When background work held back by the limit goes out again (ISO), or null while it may run. */
  waitingUntil: string | null;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The diagnostics view's line on AWS's daily limits, in people's words. */
export function aceDailyLimitReport(budget: { reads: AceDailyBudget; writes: AceDailyBudget }, heldBack: number, now: number): string {
  const line = (what: string, b: AceDailyBudget) =>
    `${what}: ${count(b.used)} of ${count(b.limit)} in the last 24 hours (${count(b.limit - b.backgroundLimit)} kept for people's own actions).`;
  const until = [budget.writes.waitingUntil, budget.reads.waitingUntil]
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);
  const waiting = until
    ? ` ${aceDailyLimitMessage(Date.parse(until), now).replace(/\.$/, '')}: ${count(heldBack)} ${heldBack === 1 ? 'change waits' : 'changes wait'}.`
    : '';
  return `${line('Writes', budget.writes)} ${line('Reads', budget.reads)}${waiting}`;
}
