export const REASON_CODES = [
  'customer_refuses_marketplace',
  'customer_procurement_policy',
  'legal_or_contract_terms',
  'channel_partner_conflict',
  'timing',
  'other',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import type { Cloud } from '../../policy/marketplace-policy.ts';
import type { DirectRouteStakes } from './stakes.ts';

export const ROUTES = ['marketplace:aws', 'marketplace:azure', 'marketplace:gcp', 'direct'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * `awaiting_senior`: first approval given on an escalated deal, senior approval outstanding.
 * `expired` and `invalidated` end an approval; like `rejected` and `withdrawn` they need a new request.
 */
export const EXCEPTION_STATUSES = ['none', 'requested', 'awaiting_senior', 'approved', 'rejected', 'withdrawn', 'invalidated', 'expired'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** The deal facts an exception is granted on, read from HubSpot on the server. */
export interface DealFacts {
  amountUsd: number;
  cloud: Cloud | null;
  dealType: string | null;
  /** The deal owner decides whose team approves; absent in snapshots taken before it was recorded. */
  ownerUserId?: string | null;
}

/** What the approver saw: the deal facts plus the route the app recommended. */
export interface FactsSnapshot extends DealFacts {
  recommendedRoute: Route;
  /** The money at stake in going direct, when the marketplace is recommended; absent in snapshots taken before it was recorded. */
  stakes?: DirectRouteStakes | null;
}

export interface ExceptionRequest {
  requesterUserId: string;
  /** The requester's HubSpot teams when they asked. */
  requesterTeamIds: string[];
  /**
   * The deal owner's teams when the request was made: their approvers decide, so a deal-team member
   * from another team cannot pick their own manager. Absent in requests made before it was recorded.
   */
  approverTeamIds?: string[];
  requestedAt: string;
  reasonCode: ReasonCode;
  justification: string;
  facts: FactsSnapshot;
  /** Decided once at request time: amount at or above the policy escalation amount. */
  escalated: boolean;
}

export type ApprovalStep = 'team' | 'senior';

export interface Approval {
  step: ApprovalStep;
  approverUserId: string;
  at: string;
  override: boolean;
  comment: string | null;
}

export type AuditAction = 'request' | 'withdraw' | 'approve' | 'reject' | 'invalidate' | 'expire';

export interface AuditEntry {
  /** The state version this entry produced. */
  version: number;
  at: string;
  /** null for transitions the app makes on its own (invalidation, expiry). */
  actorUserId: string | null;
  action: AuditAction;
  from: ExceptionStatus;
  to: ExceptionStatus;
  idempotencyKey: string;
  override: boolean;
  reasonCode: ReasonCode | null;
  comment: string | null;
  facts: FactsSnapshot;
}

/** Stored as JSON in one deal property; the flat properties are projections of it. */
export interface ExceptionState {
  schemaVersion: 1;
  version: number;
  status: ExceptionStatus;
  request: ExceptionRequest | null;
  approvals: Approval[];
  decidedAt: string | null;
  expiresAt: string | null;
  /** Most recent entries only (see MAX_HISTORY); the full trail is written to deal notes. */
  history: AuditEntry[];
}

/** The acting user as resolved on the server from HubSpot (never from request parameters). */
export interface ActingUser {
  userId: string;
  email: string | null;
  teamIds: string[];
  roleIds: string[];
  superAdmin: boolean;
}

/** Who is on the deal, with HubSpot owner ids already mapped to user ids. */
export interface DealAccess {
  ownerUserId: string | null;
  /** The owner's HubSpot teams, primary first. */
  ownerTeamIds: string[];
  dealTeamUserIds: string[];
}
