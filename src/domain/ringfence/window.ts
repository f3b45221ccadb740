import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import { addDays, calendarDateInZone, daysBetween, type CalendarDate } from './calendar.ts';
import { latestEvidence, type EngagementEvidence, type Ringfence, type RingfenceState, type RingfenceSummary } from './state.ts';

/**
 * Windows are whole calendar days in the portal's time zone: a ring-fence whose engagement is on
 * day E covers E .. E+windowDays-1 and expires at the midnight that starts E+windowDays (`expiresOn`).
 * Expiry is derived from the date, never stored as an event.
 */
export type RingfenceStatus = 'active' | 'expired' | 'released';

export function windowExpiresOn(engagedOn: CalendarDate, config: RingfenceConfig): CalendarDate {
  return addDays(engagedOn, config.windowDays);
}

export function ringfenceStatus(ringfence: RingfenceSummary, today: CalendarDate): RingfenceStatus {
  if (ringfence.released) return 'released';
  return today < ringfence.expiresOn ? 'active' : 'expired';
}

/** Whether a deal created at `createdAt` falls inside the ring-fence's claim: after registration, before its end. */
export function claimsDealCreatedAt(ringfence: RingfenceSummary, createdAt: Date, timeZone: string): boolean {
  if (createdAt.getTime() < Date.parse(ringfence.registeredAt)) return false;
  if (ringfence.released && createdAt.getTime() >= Date.parse(ringfence.released.at)) return false;
  return calendarDateInZone(createdAt, timeZone) < ringfence.expiresOn;
}

export interface RingfenceView {
  status: RingfenceStatus | 'none';
  today: CalendarDate;
  ringfence: Ringfence | null;
  evidence: EngagementEvidence | null;
  /** Last calendar day on which the ring-fence is active. */
  lastActiveDay: CalendarDate | null;
  /** Whole days until expiry while active (1 on the last active day), otherwise null. */
  daysRemaining: number | null;
  /** Plain-language warning when an active ring-fence has fewer than `warningDays` left. */
  expiryWarning: string | null;
  version: number;
}

/** What the company card shows: the current ring-fence with its status as of `now`. */
export function describeRingfence(state: RingfenceState, now: Date, config: RingfenceConfig): RingfenceView {
  const today = calendarDateInZone(now, config.timeZone);
  const ringfence = state.current;
  if (!ringfence) {
    return {
      status: 'none',
      today,
      ringfence: null,
      evidence: null,
      lastActiveDay: null,
      daysRemaining: null,
      expiryWarning: null,
      version: state.version,
    };
  }
  const status = ringfenceStatus(ringfence, today);
  const daysRemaining = status === 'active' ? daysBetween(today, ringfence.expiresOn) : null;
  const lastActiveDay = addDays(ringfence.expiresOn, -1);
  const expiryWarning =
    daysRemaining !== null && daysRemaining < config.warningDays
      ? `This ring-fence ends in ${daysRemaining} day${daysRemaining === 1 ? '' : 's'}: ` +
        `its last day is ${lastActiveDay} (${config.timeZone}). Extend it with new evidence of a hyperscaler engagement to keep it.`
      : null;
  return {
    status,
    today,
    ringfence,
    evidence: latestEvidence(ringfence),
    lastActiveDay,
    daysRemaining,
    expiryWarning,
    version: state.version,
  };
}
