import { InvitationStatus, OpportunityOrigin, ReviewStatus, SalesInvolvementType, Stage } from '@aws-sdk/client-partnercentral-selling';
import { CLOUD_NAMES, type Cloud } from './clouds.ts';

/** One co-sell status model for every cloud, in the words an AE uses. */
export const UNIFIED_COSELL_STATUSES = [
  'not_shared',
  'draft',
  'submitted',
  'in_review',
  'action_required',
  'accepted',
  'rejected',
  'won',
  'lost',
  'expired',
] as const;
export type UnifiedCoSellStatus = (typeof UNIFIED_COSELL_STATUSES)[number];

export const COSELL_STATUS_LABELS: Record<UnifiedCoSellStatus, string> = {
  not_shared: 'Not shared',
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  action_required: 'Action required',
  accepted: 'Accepted',
  rejected: 'Rejected',
  won: 'Won',
  lost: 'Lost',
  expired: 'Expired',
};

const TERMINAL: ReadonlySet<UnifiedCoSellStatus> = new Set(['rejected', 'won', 'lost', 'expired']);

export const COSELL_NEXT_ACTIONS: Record<UnifiedCoSellStatus, (cloud: string) => string> = {
  not_shared: (cloud) => `Check the submission advice, then share the deal with ${cloud} if it is worth their sellers' time.`,
  draft: (cloud) => `Fix anything listed as missing and submit the deal to ${cloud}.`,
  submitted: (cloud) => `Nothing to do: ${cloud} has the deal and will start its review.`,
  in_review: (cloud) => `Nothing to do: ${cloud} is reviewing the deal. Changes are locked until it decides.`,
  action_required: (cloud) => `${cloud} needs something from you: read their comments, fix the deal and resubmit.`,
  accepted: (cloud) => `Work the deal with your ${cloud} contact and keep its stage and close date current.`,
  rejected: (cloud) => `${cloud} declined the deal. Read the reason; share again only if the facts have changed.`,
  won: () => 'Nothing to do: the deal is won.',
  lost: () => 'Nothing to do: the deal is closed lost.',
  expired: (cloud) => `The ${cloud} referral expired without a decision. Ask your ${cloud} contact whether to reopen it.`,
};

export interface CoSellStatus {
  cloud: Cloud | null;
  status: UnifiedCoSellStatus;
  label: string;
  nextAction: string;
  /** No further co-sell actions are possible. */
  terminal: boolean;
  /** When the raw status that decided `status` began (ISO date or date-time), if the sync recorded it. */
  since: string | null;
  /** The cloud's own words, for display and support. */
  rawStatus: string | null;
}

// ---------------------------------------------------------------- AWS (ACE)

export interface AwsCoSellRaw {
  opportunityId: string | null;
  origin: OpportunityOrigin | null;
  reviewStatus: ReviewStatus | null;
  reviewStatusSince: string | null;
  stage: Stage | null;
  stageSince: string | null;
  involvementType: SalesInvolvementType | null;
  /** Engagement invitation status, for AWS-originated opportunities. */
  invitationStatus: InvitationStatus | null;
  invitationStatusSince: string | null;
}

export const AWS_REVIEW_STATUS_TO_UNIFIED: Record<ReviewStatus, UnifiedCoSellStatus> = {
  [ReviewStatus.PENDING_SUBMISSION]: 'draft',
  [ReviewStatus.SUBMITTED]: 'submitted',
  [ReviewStatus.IN_REVIEW]: 'in_review',
  [ReviewStatus.ACTION_REQUIRED]: 'action_required',
  [ReviewStatus.APPROVED]: 'accepted',
  [ReviewStatus.REJECTED]: 'rejected',
};

/** The stages that end an opportunity whatever its review status; null: still open. */
export const AWS_STAGE_OUTCOME: Record<Stage, 'won' | 'lost' | null> = {
  [Stage.PROSPECT]: null,
  [Stage.QUALIFIED]: null,
  [Stage.TECHNICAL_VALIDATION]: null,
  [Stage.BUSINESS_VALIDATION]: null,
  [Stage.COMMITTED]: null,
  [Stage.LAUNCHED]: 'won',
  [Stage.CLOSED_LOST]: 'lost',
};

export const AWS_INVITATION_STATUS_TO_UNIFIED: Record<InvitationStatus, UnifiedCoSellStatus> = {
  [InvitationStatus.PENDING]: 'action_required',
  [InvitationStatus.ACCEPTED]: 'accepted',
  [InvitationStatus.REJECTED]: 'rejected',
  [InvitationStatus.EXPIRED]: 'expired',
};

/** Which raw value tells the status: partner referrals go through AWS's review, AWS referrals through an invitation. */
export const AWS_ORIGIN_STATUS_SOURCE: Record<OpportunityOrigin, 'review' | 'invitation'> = {
  [OpportunityOrigin.PARTNER_REFERRAL]: 'review',
  [OpportunityOrigin.AWS_REFERRAL]: 'invitation',
};

/** Added to an accepted opportunity's next action. */
export const AWS_INVOLVEMENT_NOTES: Record<SalesInvolvementType, string | null> = {
  [SalesInvolvementType.CO_SELL]: null,
  [SalesInvolvementType.FOR_VISIBILITY_ONLY]:
    'It is shared for visibility only, so AWS sellers will not engage; switch it to Co-Sell if you need their help (it cannot be switched back).',
};

const PENDING_INVITATION_ACTION =
  'AWS referred this customer to you: accept or reject the referral before its deadline. Customer details stay hidden until you accept.';

export function deriveAwsCoSellStatus(raw: AwsCoSellRaw): CoSellStatus {
  const source = AWS_ORIGIN_STATUS_SOURCE[raw.origin ?? OpportunityOrigin.PARTNER_REFERRAL];
  const outcome = raw.stage ? AWS_STAGE_OUTCOME[raw.stage] : null;
  const rawStatus = [raw.origin, raw.invitationStatus, raw.reviewStatus, raw.stage, raw.involvementType].filter(Boolean).join(' / ') || null;
  let status: UnifiedCoSellStatus;
  let since: string | null;

  if (source === 'invitation' && raw.invitationStatus && raw.invitationStatus !== InvitationStatus.ACCEPTED) {
    status = AWS_INVITATION_STATUS_TO_UNIFIED[raw.invitationStatus];
    since = raw.invitationStatusSince;
  } else if (source === 'invitation' && (raw.invitationStatus || raw.opportunityId)) {
    status = outcome ?? 'accepted';
    since = outcome ? raw.stageSince : (raw.invitationStatusSince ?? raw.stageSince);
  } else if (source === 'review' && (raw.reviewStatus || raw.opportunityId)) {
    const reviewed = raw.reviewStatus ? AWS_REVIEW_STATUS_TO_UNIFIED[raw.reviewStatus] : 'draft';
    // A closing stage outranks the review, except that AWS's rejection is the more useful thing to show.
    const closes = outcome !== null && reviewed !== 'rejected';
    status = closes ? outcome : reviewed;
    since = closes ? raw.stageSince : raw.reviewStatusSince;
  } else {
    status = 'not_shared';
    since = null;
  }

  let nextAction = status === 'action_required' && source === 'invitation' ? PENDING_INVITATION_ACTION : COSELL_NEXT_ACTIONS[status](CLOUD_NAMES.aws);
  const note = status === 'accepted' && raw.involvementType ? AWS_INVOLVEMENT_NOTES[raw.involvementType] : null;
  if (note) nextAction = `${nextAction} ${note}`;
  return { cloud: 'aws', status, label: COSELL_STATUS_LABELS[status], nextAction, terminal: TERMINAL.has(status), since, rawStatus };
}

// ---------------------------------------------------------------- Microsoft Partner Center

export const MICROSOFT_REFERRAL_STATUSES = ['New', 'Active', 'Closed'] as const;
export type MicrosoftReferralStatus = (typeof MICROSOFT_REFERRAL_STATUSES)[number];
/** "Engaged" is seen by some integrations but unconfirmed in Microsoft's documentation. */
export const MICROSOFT_REFERRAL_SUBSTATUSES = ['Pending', 'Received', 'Accepted', 'Engaged', 'Won', 'Lost', 'Declined', 'Expired'] as const;
export type MicrosoftReferralSubstatus = (typeof MICROSOFT_REFERRAL_SUBSTATUSES)[number];

export interface MicrosoftCoSellRaw {
  referralId: string | null;
  status: MicrosoftReferralStatus | null;
  substatus: MicrosoftReferralSubstatus | null;
  statusSince: string | null;
}

export const MICROSOFT_SUBSTATUS_TO_UNIFIED: Record<MicrosoftReferralSubstatus, UnifiedCoSellStatus> = {
  Pending: 'submitted', // we shared it; Microsoft has not accepted yet
  Received: 'action_required', // Microsoft shared it with us; we must accept or decline
  Accepted: 'accepted',
  Engaged: 'accepted',
  Won: 'won',
  Lost: 'lost',
  Declined: 'rejected',
  Expired: 'expired',
};

/** Used when the sync has no substatus. Closed is terminal: without a substatus we cannot tell a win. */
export const MICROSOFT_STATUS_TO_UNIFIED: Record<MicrosoftReferralStatus, UnifiedCoSellStatus> = {
  New: 'submitted',
  Active: 'accepted',
  Closed: 'lost',
};

export function deriveMicrosoftCoSellStatus(raw: MicrosoftCoSellRaw): CoSellStatus {
  let status: UnifiedCoSellStatus;
  if (!raw.status && !raw.substatus) status = raw.referralId ? 'draft' : 'not_shared';
  else {
    const bySubstatus = raw.substatus ? MICROSOFT_SUBSTATUS_TO_UNIFIED[raw.substatus] : null;
    // Closed admits no further actions, so an open-looking substatus on a closed referral is stale.
    const closedButOpen = raw.status === 'Closed' && (bySubstatus === null || !TERMINAL.has(bySubstatus));
    status = closedButOpen || bySubstatus === null ? MICROSOFT_STATUS_TO_UNIFIED[raw.status!] : bySubstatus;
  }
  return {
    cloud: 'azure',
    status,
    label: COSELL_STATUS_LABELS[status],
    nextAction: COSELL_NEXT_ACTIONS[status](CLOUD_NAMES.azure),
    terminal: TERMINAL.has(status) || raw.status === 'Closed',
    since: status === 'not_shared' ? null : raw.statusSince,
    rawStatus: [raw.status, raw.substatus].filter(Boolean).join(' / ') || null,
  };
}

// ---------------------------------------------------------------- Google Cloud

export const GOOGLE_SUBMISSION_STATES = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'REJECTED'] as const;
export type GoogleSubmissionState = (typeof GOOGLE_SUBMISSION_STATES)[number];

export interface GoogleCoSellRaw {
  opportunityId: string | null;
  state: GoogleSubmissionState | null;
  stateSince: string | null;
  /** Google's sales stage; its values are unconfirmed, so only clear won/lost wording is read. */
  salesStage: string | null;
  salesStageSince: string | null;
}

export const GOOGLE_STATE_TO_UNIFIED: Record<GoogleSubmissionState, UnifiedCoSellStatus> = {
  DRAFT: 'draft',
  SUBMITTED: 'submitted',
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
};

const GOOGLE_WON = /(^|_)WON$/;
const GOOGLE_LOST = /(^|_)LOST$/;

export function googleSalesStageOutcome(salesStage: string | null): 'won' | 'lost' | null {
  const normalized =
    salesStage
      ?.trim()
      .toUpperCase()
      .replace(/[^A-Z]+/g, '_') ?? '';
  return GOOGLE_WON.test(normalized) ? 'won' : GOOGLE_LOST.test(normalized) ? 'lost' : null;
}

export function deriveGoogleCoSellStatus(raw: GoogleCoSellRaw): CoSellStatus {
  const outcome = raw.state === 'ACCEPTED' ? googleSalesStageOutcome(raw.salesStage) : null;
  const status: UnifiedCoSellStatus = outcome ?? (raw.state ? GOOGLE_STATE_TO_UNIFIED[raw.state] : raw.opportunityId ? 'draft' : 'not_shared');
  return {
    cloud: 'gcp',
    status,
    label: COSELL_STATUS_LABELS[status],
    nextAction: COSELL_NEXT_ACTIONS[status](CLOUD_NAMES.gcp),
    terminal: TERMINAL.has(status),
    since: outcome ? raw.salesStageSince : status === 'not_shared' ? null : raw.stateSince,
    rawStatus: [raw.state, raw.salesStage].filter(Boolean).join(' / ') || null,
  };
}

// ---------------------------------------------------------------- one deal

/** Raw values keyed by the partner system that reports them (ACE, Partner Center, Google's partner portal). */
export type DealCoSellRaw =
  { cloud: null } | { cloud: 'aws'; aws: AwsCoSellRaw } | { cloud: 'azure'; microsoft: MicrosoftCoSellRaw } | { cloud: 'gcp'; google: GoogleCoSellRaw };

export function deriveCoSellStatus(raw: DealCoSellRaw): CoSellStatus {
  switch (raw.cloud) {
    case 'aws':
      return deriveAwsCoSellStatus(raw.aws);
    case 'azure':
      return deriveMicrosoftCoSellStatus(raw.microsoft);
    case 'gcp':
      return deriveGoogleCoSellStatus(raw.google);
    case null:
      return {
        cloud: null,
        status: 'not_shared',
        label: COSELL_STATUS_LABELS.not_shared,
        nextAction: 'Pick the cloud this deal runs on to see whether to share it.',
        terminal: false,
        since: null,
        rawStatus: null,
      };
  }
}
