import {
  AwsMemberBusinessTitle,
  ClosedLostReason,
  InvitationStatus,
  OpportunityOrigin,
  type ReviewStatus,
  type SalesInvolvementType,
  Stage,
  type AwsTeamMember,
  type CreateOpportunityRequest,
} from '@aws-sdk/client-partnercentral-selling';
import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import { aceEditability, isAceFieldEditable } from './editability.ts';

/**
 * The ACE sync's rules, both ways: what AWS's answers mean for the deal's properties, and which of the
 * deal's values may go to AWS now. No I/O; the backend (src/backend/ace) calls these.
 */

/** The ClientToken of a deal's one opportunity: a retry or a crash after create never makes a second. */
export const aceClientToken = (dealId: string) => `hubspot-deal-${dealId}`;

/** AWS's team roles in words an AE understands; a new AWS role fails the mapping test. */
export const AWS_TEAM_ROLE_LABELS: Record<AwsMemberBusinessTitle, string> = {
  [AwsMemberBusinessTitle.AWS_ACCOUNT_OWNER]: 'AWS account owner',
  [AwsMemberBusinessTitle.AWS_SALES_REP]: 'AWS sales representative',
  [AwsMemberBusinessTitle.ISVSM]: 'AWS ISV success manager',
  [AwsMemberBusinessTitle.PDM]: 'AWS partner development manager',
  [AwsMemberBusinessTitle.PSM]: 'AWS partner solutions manager',
  [AwsMemberBusinessTitle.SIGNATORY]: 'AWS signatory',
  [AwsMemberBusinessTitle.WWPSPDM]: 'AWS public sector partner development manager',
};

/** Who the AE should talk to first: the seller on the account before the partner managers. */
const ROLE_PRIORITY: readonly AwsMemberBusinessTitle[] = [
  AwsMemberBusinessTitle.AWS_SALES_REP,
  AwsMemberBusinessTitle.AWS_ACCOUNT_OWNER,
  AwsMemberBusinessTitle.PDM,
  AwsMemberBusinessTitle.WWPSPDM,
  AwsMemberBusinessTitle.PSM,
  AwsMemberBusinessTitle.ISVSM,
  AwsMemberBusinessTitle.SIGNATORY,
];

/** Whether a HubSpot stage closes the ACE opportunity, per the portal's pipeline policy. */
export type DealOutcome = 'open' | 'won' | 'lost';

/** HubSpot's outcome -> the ACE stage it sends. AWS's own stage words for an open deal are kept. */
export const DEAL_OUTCOME_TO_ACE_STAGE: Record<Exclude<DealOutcome, 'open'>, Stage> = { won: Stage.LAUNCHED, lost: Stage.CLOSED_LOST };

/** AWS's closed-lost reasons, as the deal's picker offers them; the default when the AE picked none. */
export const CLOSED_LOST_REASONS: readonly ClosedLostReason[] = Object.values(ClosedLostReason);
export const DEFAULT_CLOSED_LOST_REASON: ClosedLostReason = ClosedLostReason.OTHER;

/** What the follow reads of an opportunity: GetOpportunity plus GetAwsOpportunitySummary. */
export interface AceOpportunityView {
  id: string;
  origin: OpportunityOrigin;
  reviewStatus: ReviewStatus | null;
  reviewComments: string | null;
  reviewStatusReason: string | null;
  stage: Stage | null;
  involvementType: SalesInvolvementType | null;
  /** AWS's next steps (the AWS summary's), not the partner's own. */
  awsNextSteps: string | null;
  awsTeam: readonly AwsTeamMember[];
  lastModified: string;
}

/** The deal's current sync-written values, to tell what changed and stamp "since". */
export interface DealAceState {
  opportunityId: string | null;
  reviewStatus: string | null;
  stage: string | null;
  invitationStatus: string | null;
  contactEmail: string | null;
}

/**
 * The deal properties an opportunity sets. "Since" stamps move only when the value changes, so a
 * repeated pull writes the same values again (idempotent) and days-in-status stay right.
 */
export function dealPropertiesFromOpportunity(view: AceOpportunityView, deal: DealAceState, changedAt: string): Record<string, string> {
  const properties: Record<string, string> = {
    cosell_cloud: 'aws',
    cosell_aws_opportunity_id: view.id,
    cosell_aws_origin: view.origin,
    cosell_aws_review_comments: [view.reviewComments, view.reviewStatusReason].filter(Boolean).join(' ').slice(0, 65_000),
    cosell_aws_next_steps: view.awsNextSteps ?? '',
  };
  if (view.reviewStatus) {
    properties['cosell_aws_review_status'] = view.reviewStatus;
    if (view.reviewStatus !== deal.reviewStatus) properties['cosell_aws_review_status_since'] = changedAt;
  }
  if (view.stage) {
    properties['cosell_aws_stage'] = view.stage;
    if (view.stage !== deal.stage) properties['cosell_aws_stage_since'] = changedAt;
  }
  if (view.involvementType) properties['cosell_aws_involvement_type'] = view.involvementType;
  const contact = primaryAwsContact(view.awsTeam);
  if (contact) {
    properties['cosell_hyperscaler_contact_name'] = [contact.FirstName, contact.LastName].filter(Boolean).join(' ');
    properties['cosell_hyperscaler_contact_email'] = contact.Email ?? '';
    properties['cosell_hyperscaler_contact_role'] = contact.BusinessTitle ? AWS_TEAM_ROLE_LABELS[contact.BusinessTitle] : 'AWS';
  }
  return properties;
}

export function primaryAwsContact(team: readonly AwsTeamMember[]): AwsTeamMember | null {
  const rank = (member: AwsTeamMember) => (member.BusinessTitle ? ROLE_PRIORITY.indexOf(member.BusinessTitle) : ROLE_PRIORITY.length);
  return [...team].filter((member) => member.Email || member.FirstName).sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

export function dealPropertiesFromInvitation(
  invitation: { id: string; status: InvitationStatus },
  deal: DealAceState,
  changedAt: string,
): Record<string, string> {
  return {
    cosell_cloud: 'aws',
    cosell_aws_origin: OpportunityOrigin.AWS_REFERRAL,
    cosell_aws_invitation_id: invitation.id,
    cosell_aws_invitation_status: invitation.status,
    ...(invitation.status !== deal.invitationStatus ? { cosell_aws_invitation_status_since: changedAt } : {}),
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields of CreateOpportunityRequest that address the call or are AWS's, never pushed from HubSpot. */
const NOT_PUSHED = new Set(['Catalog', 'ClientToken', 'Origin', 'OpportunityTeam']);
/** LifeCycle fields only AWS writes. */
const AWS_OWNED_LIFECYCLE = ['ReviewStatus', 'ReviewComments', 'ReviewStatusReason', 'NextStepsHistory'] as const;

function leafPaths(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isObject(value)) for (const [key, child] of Object.entries(value)) leafPaths(child, prefix ? `${prefix}.${key}` : key, into);
  else if (value !== undefined && prefix) into.set(prefix, value);
  return into;
}

/** One spelling of a value whatever the order of its keys: AWS returns list members' keys in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    isObject(node)
      ? Object.fromEntries(
          Object.keys(node)
            .sort()
            .map((key) => [key, node[key]]),
        )
      : node,
  );
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
}

export interface AcePushPlan {
  /** The UpdateOpportunity body (without Catalog, Identifier and LastModifiedDate); null: nothing to send. */
  body: Json | null;
  /** ACE fields that changed in HubSpot but are locked in this review status: they wait. */
  waiting: string[];
}

/**
 * Which of the deal's values go to AWS now. Starts from AWS's current opportunity (UpdateOpportunity
 * replaces it whole), takes each changed field the review status allows, and leaves the rest as AWS
 * has it: AWS-owned fields are never overwritten, locked ones wait and are named.
 */
export function planAcePush(
  current: Json,
  desired: CreateOpportunityRequest,
  reviewStatus: ReviewStatus | null,
  stage: Stage | null,
  outcome: DealOutcome,
  closedLostReason: ClosedLostReason | null,
): AcePushPlan {
  const body: Json = structuredClone(current);
  for (const key of ['Catalog', 'Id', 'Arn', 'CreatedDate', 'LastModifiedDate', 'RelatedEntityIdentifiers', 'OpportunityTeam']) delete body[key];
  const lifeCycle = isObject(body['LifeCycle']) ? body['LifeCycle'] : {};
  for (const key of AWS_OWNED_LIFECYCLE) delete lifeCycle[key];
  body['LifeCycle'] = lifeCycle;

  const wanted = structuredClone(desired) as unknown as Json;
  for (const key of NOT_PUSHED) delete wanted[key];
  if (isObject(wanted['LifeCycle'])) for (const key of AWS_OWNED_LIFECYCLE) delete wanted['LifeCycle'][key];
  if (outcome !== 'open') {
    setPath(wanted, 'LifeCycle.Stage', DEAL_OUTCOME_TO_ACE_STAGE[outcome]);
    if (outcome === 'lost') setPath(wanted, 'LifeCycle.ClosedLostReason', closedLostReason ?? DEFAULT_CLOSED_LOST_REASON);
  }
  const editability = aceEditability(reviewStatus, stage);
  const have = leafPaths(body, '', new Map());
  const want = leafPaths(wanted, '', new Map());
  const waiting: string[] = [];
  let changed = false;
  for (const [path, value] of want) {
    if (canonical(have.get(path)) === canonical(value)) continue;
    if (!isAceFieldEditable(path, editability)) {
      waiting.push(path);
      continue;
    }
    setPath(body, path, value);
    changed = true;
  }
  return { body: changed ? body : null, waiting: waiting.sort() };
}

/** Statuses in which AWS takes no partner edits at all: pushing waits for AWS's decision. */
export function acePushBlocked(reviewStatus: ReviewStatus | null, stage: Stage | null): boolean {
  return aceEditability(reviewStatus, stage).mode === 'none';
}

/** A referral's invitation statuses that end it: the deal stops asking the alliance manager. */
export const INVITATION_FINAL: ReadonlySet<InvitationStatus> = new Set([InvitationStatus.ACCEPTED, InvitationStatus.REJECTED, InvitationStatus.EXPIRED]);

/** AWS's rejection reasons for engagement invitations (reference/cosell-apis.md), as RejectEngagementInvitation takes them. */
export const INVITATION_REJECTION_REASONS = [
  'Customer problem unclear',
  'Next steps unclear',
  'Unable to support',
  'Duplicate of partner referral',
  'Other',
] as const;

/**
 * Who owns the deals made from AWS referrals, in the order they take turns: the portal's own list,
 * else every alliance manager (the ones named in the ring-fence policy, then alliance team members).
 */
export function awsReferralOwnerCandidates(
  configured: readonly string[],
  ringfence: Pick<RingfenceConfig, 'allianceUserIds' | 'allianceTeamIds'>,
  users: readonly { id: string; primaryTeamId: string | null; secondaryTeamIds: readonly string[] }[],
): string[] {
  if (configured.length > 0) return [...new Set(configured)];
  const teamMembers = users
    .filter((user) => [user.primaryTeamId, ...user.secondaryTeamIds].some((team) => team !== null && ringfence.allianceTeamIds.includes(team)))
    .map((user) => user.id)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return [...new Set([...ringfence.allianceUserIds, ...teamMembers])];
}

/** The referral numbered `turn` (0, 1, 2 …) goes to the next candidate in the round. */
export function awsReferralOwnerFor(candidates: readonly string[], turn: number): string | null {
  return candidates.length === 0 ? null : candidates[turn % candidates.length]!;
}
