import type { CoSellPolicy, CosellConfig } from '../../policy/cosell-config.ts';
import type { CoSellStatus } from './status.ts';

const MS_PER_DAY = 86_400_000;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

/** Whole calendar days from an ISO date or date-time (its UTC date) to today (YYYY-MM-DD). */
export function calendarDaysBetween(from: string, today: string): number | null {
  const a = DATE_PREFIX.exec(from);
  const b = DATE_PREFIX.exec(today);
  if (!a || !b) return null;
  return (Date.UTC(+b[1]!, +b[2]! - 1, +b[3]!) - Date.UTC(+a[1]!, +a[2]! - 1, +a[3]!)) / MS_PER_DAY;
}

export interface StalledAssessment {
  daysInStatus: number | null;
  /** null when the policy sets no limit for this status (not shared, or finished). */
  thresholdDays: number | null;
  stalled: boolean;
  message: string | null;
}

/** Stalled: more than the policy's days in one open co-sell status. */
export function assessStalled(status: CoSellStatus, today: string, config: CosellConfig): StalledAssessment {
  const daysInStatus = status.since ? calendarDaysBetween(status.since, today) : null;
  const thresholdDays =
    status.terminal || status.status === 'not_shared' ? null : (config.stalledDays[status.status as keyof CosellConfig['stalledDays']] ?? null);
  const stalled = daysInStatus !== null && thresholdDays !== null && daysInStatus > thresholdDays;
  return {
    daysInStatus,
    thresholdDays,
    stalled,
    message: stalled ? `${status.label} for ${daysInStatus} days, past the ${thresholdDays}-day limit. ${status.nextAction}` : null,
  };
}

export interface ZombieInput {
  dealStage: string | null;
  /** When the deal entered its current stage; falls back to the deal's creation. */
  stageEnteredAt: string | null;
  createdAt: string | null;
}

export interface ZombieAssessment {
  stageOne: boolean;
  daysWithoutProgress: number | null;
  zombie: boolean;
  message: string | null;
}

/** Zombie pipeline: a stage-one deal whose stage has not moved for the policy's days or more. */
export function assessZombie(input: ZombieInput, today: string, policy: CoSellPolicy): ZombieAssessment {
  const config = policy.cosell;
  const stageOne = input.dealStage !== null && policy.stageOneStageIds.includes(input.dealStage);
  const enteredAt = input.stageEnteredAt ?? input.createdAt;
  const daysWithoutProgress = enteredAt ? calendarDaysBetween(enteredAt, today) : null;
  const zombie = stageOne && daysWithoutProgress !== null && daysWithoutProgress >= config.zombieDays;
  return {
    stageOne,
    daysWithoutProgress,
    zombie,
    message: zombie
      ? `Stage one for ${daysWithoutProgress} days with no progress (limit ${config.zombieDays}): move it forward with the customer or close it.`
      : null,
  };
}
