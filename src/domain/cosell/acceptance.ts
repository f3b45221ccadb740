import { OpportunityOrigin, ReviewStatus } from '@aws-sdk/client-partnercentral-selling';
import { calendarDaysBetween } from './stalled.ts';
import type { DealCoSellRaw, GoogleSubmissionState, MicrosoftReferralSubstatus } from './status.ts';

export type SubmissionDecision = 'accepted' | 'rejected';

/** AWS's review decides a partner referral; AWS referrals to us are not our submissions. */
export const AWS_REVIEW_DECISION: Record<ReviewStatus, SubmissionDecision | null> = {
  [ReviewStatus.PENDING_SUBMISSION]: null,
  [ReviewStatus.SUBMITTED]: null,
  [ReviewStatus.IN_REVIEW]: null,
  [ReviewStatus.ACTION_REQUIRED]: null,
  [ReviewStatus.APPROVED]: 'accepted',
  [ReviewStatus.REJECTED]: 'rejected',
};

/**
 * Microsoft closes as won or lost only referrals it accepted. Received is a referral Microsoft sent us,
 * and Expired is no decision. Partner Center's direction (incoming or outgoing) is not synced, so a
 * Declined referral is counted as Microsoft's refusal.
 */
export const MICROSOFT_SUBSTATUS_DECISION: Record<MicrosoftReferralSubstatus, SubmissionDecision | null> = {
  Pending: null,
  Received: null,
  Accepted: 'accepted',
  Engaged: 'accepted',
  Won: 'accepted',
  Lost: 'accepted',
  Declined: 'rejected',
  Expired: null,
};

export const GOOGLE_STATE_DECISION: Record<GoogleSubmissionState, SubmissionDecision | null> = {
  DRAFT: null,
  SUBMITTED: null,
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
};

export interface DatedDecision {
  decision: SubmissionDecision;
  /** When the raw status that carries the decision began; null when the sync did not record it. */
  decidedAt: string | null;
}

/** Whether the cloud accepted a deal we shared with it, and when; null when undecided or not our submission. */
export function submissionDecision(raw: DealCoSellRaw): DatedDecision | null {
  switch (raw.cloud) {
    case 'aws': {
      const { origin, reviewStatus, reviewStatusSince } = raw.aws;
      if (origin === OpportunityOrigin.AWS_REFERRAL || !reviewStatus) return null;
      const decision = AWS_REVIEW_DECISION[reviewStatus];
      return decision ? { decision, decidedAt: reviewStatusSince } : null;
    }
    case 'azure': {
      const { substatus, statusSince } = raw.microsoft;
      const decision = substatus ? MICROSOFT_SUBSTATUS_DECISION[substatus] : null;
      return decision ? { decision, decidedAt: statusSince } : null;
    }
    case 'gcp': {
      const { state, stateSince } = raw.google;
      const decision = state ? GOOGLE_STATE_DECISION[state] : null;
      return decision ? { decision, decidedAt: stateSince } : null;
    }
    case null:
      return null;
  }
}

/**
 * Our recent acceptance on one cloud: decisions made within `windowDays` before today. A decision
 * without a date cannot be placed in the window and is left out.
 */
export function recentAcceptance(decisions: Iterable<DatedDecision | null>, today: string, windowDays: number): { accepted: number; decided: number } {
  let accepted = 0;
  let decided = 0;
  for (const entry of decisions) {
    if (!entry?.decidedAt) continue;
    const age = calendarDaysBetween(entry.decidedAt, today);
    if (age === null || age < 0 || age > windowDays) continue;
    decided++;
    if (entry.decision === 'accepted') accepted++;
  }
  return { accepted, decided };
}
