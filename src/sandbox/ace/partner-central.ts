import {
  InvitationStatus,
  OpportunityOrigin,
  ReviewStatus,
  SalesInvolvementType,
  Stage,
  Visibility,
  type AwsTeamMember,
  type ValidationExceptionErrorCode,
} from '@aws-sdk/client-partnercentral-selling';
import { checkAceCreateOpportunity } from '../../domain/ace/check-payload.ts';
import { blockedAceEdits } from '../../domain/ace/editability.ts';
import { ACE_QUOTA_WINDOW_MS, AWS_ACE_QUOTAS, type AceQuotas } from '../../domain/ace/quotas.ts';
import { INVITATION_REJECTION_REASONS } from '../../domain/ace/sync.ts';
import type { AceProblem } from '../../domain/ace/problems.ts';

/**
 * AWS Partner Central Selling, played locally: opportunities, AWS's review, engagement invitations and
 * AWS's quotas, with AWS's error names. The wire protocol is in ./server.ts; this is the behaviour.
 * What could not be checked against AWS itself is said where it is decided (README, "not verified").
 */

export type AceErrorName =
  | 'ValidationException'
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'ThrottlingException'
  | 'AccessDeniedException'
  | 'ServiceQuotaExceededException'
  | 'InternalServerException';

export class AceError extends Error {
  constructor(
    readonly errorName: AceErrorName,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const validation = (problems: readonly AceProblem[], reason = 'BUSINESS_VALIDATION_FAILED') =>
  new AceError('ValidationException', problems.map((p) => p.message).join(' '), {
    Reason: reason,
    ErrorList: problems.map((p) => ({ FieldName: p.field, Message: p.message, Code: p.code })),
  });
const invalid = (field: string, code: ValidationExceptionErrorCode, message: string, reason = 'REQUEST_VALIDATION_FAILED') =>
  validation([{ field, code, message }], reason);

export interface ReviewTimings {
  /** Submitted -> In review. */
  inReviewAfterMs: number;
  /** In review -> AWS's decision. */
  decisionAfterMs: number;
}

export interface ReviewOutcome {
  status: typeof ReviewStatus.APPROVED | typeof ReviewStatus.ACTION_REQUIRED | typeof ReviewStatus.REJECTED;
  comments?: string;
  reason?: string;
}

export interface AcePartnerCentralOptions {
  /** The clock AWS's review runs on; tests move it with advance(). */
  clock?: () => number;
  /** The clock quotas are measured on (real time by default: the SDK's retries wait in real time). */
  quotaClock?: () => number;
  quotas?: Partial<AceQuotas>;
  review?: Partial<ReviewTimings>;
  /** How many task listings an accept task stays IN_PROGRESS for (0: done when next listed). */
  acceptTaskListings?: number;
}

type Json = Record<string, unknown>;

interface StoredOpportunity {
  id: string;
  catalog: string;
  createdAt: number;
  lastModifiedAt: number;
  origin: OpportunityOrigin;
  /** The partner's fields as last written (CreateOpportunity / UpdateOpportunity shape). */
  body: Json;
  reviewStatus: ReviewStatus;
  reviewComments: string | null;
  reviewStatusReason: string | null;
  stage: Stage;
  nextStepsHistory: { Value: string; Time: number }[];
  solutions: string[];
  involvementType: SalesInvolvementType | null;
  visibility: Visibility | null;
  awsTeam: AwsTeamMember[];
  reviewStartedAt: number | null;
  /** An AWS referral's customer stays hidden until its invitation is accepted. */
  masked: boolean;
}

interface StoredInvitation {
  id: string;
  catalog: string;
  opportunityId: string;
  status: InvitationStatus;
  invitedAt: number;
  expiresAt: number;
  statusAt: number;
  rejectionReason: string | null;
  senderContacts: AwsTeamMember[];
  message: string;
}

/** An accept task: AWS runs it in the background; the partner learns its outcome by listing tasks. */
interface AcceptTask {
  id: string;
  catalog: string;
  invitationId: string;
  clientToken: string | null;
  startedAt: number;
  status: 'IN_PROGRESS' | 'COMPLETE';
  listingsLeft: number;
}

const MASKED = 'Accept to View';
const INVITATION_LIFETIME_MS = 15 * 86_400_000;
const CATALOGS = new Set(['AWS', 'Sandbox']);
const SOLUTION_ID = /^S-[0-9]{1,19}$/;
const OPPORTUNITY_ID = /^O[0-9]{1,19}$/;
const AWS_OWNED_LIFECYCLE = ['ReviewStatus', 'ReviewComments', 'ReviewStatusReason', 'NextStepsHistory'] as const;
const ACCOUNT = '123456789012';
/** CreateOpportunity and UpdateOpportunity members the partner writes. */
const PARTNER_FIELDS = new Set([
  'PrimaryNeedsFromAws',
  'NationalSecurity',
  'PartnerOpportunityIdentifier',
  'Customer',
  'Project',
  'OpportunityType',
  'Marketing',
  'SoftwareRevenue',
  'LifeCycle',
]);
const MAX_PAGE = 100;

class Bucket {
  private tokens: number;
  private refilledAt: number;
  /** When each call AWS took in the last 24 hours was made, oldest first. */
  private readonly taken: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly perDay: number,
    private readonly clock: () => number,
  ) {
    this.tokens = perSecond;
    this.refilledAt = clock();
  }

  take(kind: string): void {
    const now = this.clock();
    while (this.taken.length > 0 && this.taken[0]! <= now - ACE_QUOTA_WINDOW_MS) this.taken.shift();
    if (this.taken.length >= this.perDay)
      throw new AceError('ThrottlingException', `Rate exceeded: the quota of ${this.perDay} ${kind} in 24 hours is used up.`);
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) throw new AceError('ThrottlingException', `Rate exceeded: at most ${this.perSecond} ${kind} a second.`);
    this.tokens -= 1;
    this.taken.push(now);
  }
}

/** The service model marks its timestamps as date-time: ISO 8601 strings on the wire, both ways. */
const isoTime = (ms: number) => new Date(ms).toISOString();
const parseStamp = (value: unknown): number | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : null);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** Leaf paths of a payload, arrays as whole values: `Customer.Account.Address.PostalCode`. */
function leaves(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined && value !== null && prefix) into.set(prefix, JSON.stringify(value));
  return into;
}

function changedFields(before: Json, after: Json): string[] {
  const a = leaves(before, '', new Map());
  const b = leaves(after, '', new Map());
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

export class AcePartnerCentral {
  private readonly opportunities = new Map<string, StoredOpportunity>();
  private readonly invitations = new Map<string, StoredInvitation>();
  private readonly acceptTasks = new Map<string, AcceptTask>();
  /** How long AWS takes to accept, in task listings; tests may change it between calls. */
  acceptTaskListings: number;
  private readonly clientTokens = new Map<string, string>();
  private readonly outcomes: ReviewOutcome[] = [];
  private readonly reads: Bucket;
  private readonly writes: Bucket;
  private readonly review: ReviewTimings;
  private readonly baseClock: () => number;
  private offsetMs = 0;
  private nextId = 1_000_001;
  /** Requests served, by operation, for tests and the bench. */
  readonly served = new Map<string, number>();
  /** Requests refused with ThrottlingException. */
  throttled = 0;

  constructor(options: AcePartnerCentralOptions = {}) {
    this.baseClock = options.clock ?? (() => Date.now());
    const quotas = { ...AWS_ACE_QUOTAS, ...options.quotas };
    const quotaClock = options.quotaClock ?? (() => Date.now());
    this.reads = new Bucket(quotas.readsPerSecond, quotas.readsPerDay, quotaClock);
    this.writes = new Bucket(quotas.writesPerSecond, quotas.writesPerDay, quotaClock);
    this.review = { inReviewAfterMs: 5 * 60_000, decisionAfterMs: 60 * 60_000, ...options.review };
    this.acceptTaskListings = options.acceptTaskListings ?? 0;
  }

  now(): number {
    return this.baseClock() + this.offsetMs;
  }

  /** Moves AWS's clock forward: reviews progress and invitations expire as they would have. */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.settle();
  }

  /** AWS's next review decisions, in order; without one AWS approves. */
  queueReviewOutcome(outcome: ReviewOutcome): void {
    this.outcomes.push(outcome);
  }

  /** Counts one request against the read or write quota and plays time forward. */
  admit(operation: string, kind: 'read' | 'write'): void {
    try {
      (kind === 'read' ? this.reads : this.writes).take(kind === 'read' ? 'reads' : 'writes');
    } catch (error) {
      this.throttled += 1;
      throw error;
    }
    this.served.set(operation, (this.served.get(operation) ?? 0) + 1);
    this.settle();
  }

  // --- opportunities ------------------------------------------------------------------------------

  createOpportunity(input: Json): Json {
    const catalog = this.catalog(input);
    const token = typeof input['ClientToken'] === 'string' ? input['ClientToken'] : null;
    if (!token) throw invalid('ClientToken', 'REQUIRED_FIELD_MISSING', 'ClientToken is required.');
    const existing = this.clientTokens.get(`${catalog}/${token}`);
    if (existing) return this.createdAnswer(this.opportunities.get(existing)!);
    const body = this.partnerBody(input);
    const problems = checkAceCreateOpportunity({ ...body, Catalog: catalog }, { today: this.today() });
    if (problems.length > 0) throw validation(problems);
    const now = this.now();
    const opportunity: StoredOpportunity = {
      id: `O${this.nextId++}`,
      catalog,
      createdAt: now,
      lastModifiedAt: now,
      origin: (input['Origin'] as OpportunityOrigin | undefined) ?? OpportunityOrigin.PARTNER_REFERRAL,
      body,
      reviewStatus: ReviewStatus.PENDING_SUBMISSION,
      reviewComments: null,
      reviewStatusReason: null,
      stage: ((body['LifeCycle'] as Json | undefined)?.['Stage'] as Stage | undefined) ?? Stage.PROSPECT,
      nextStepsHistory: [],
      solutions: [],
      involvementType: null,
      visibility: null,
      awsTeam: [],
      reviewStartedAt: null,
      masked: false,
    };
    this.recordNextSteps(opportunity, body, now);
    this.opportunities.set(opportunity.id, opportunity);
    this.clientTokens.set(`${catalog}/${token}`, opportunity.id);
    return this.createdAnswer(opportunity);
  }

  associateOpportunity(input: Json): Json {
    const opportunity = this.find(input, 'OpportunityIdentifier');
    const type = input['RelatedEntityType'];
    const id = input['RelatedEntityIdentifier'];
    if (type !== 'Solutions') throw invalid('RelatedEntityType', 'INVALID_ENUM_VALUE', 'This stand-in associates Solutions only.');
    if (typeof id !== 'string' || !SOLUTION_ID.test(id)) {
      throw invalid('RelatedEntityIdentifier', 'INVALID_STRING_FORMAT', 'RelatedEntityIdentifier must be a solution id such as S-1234567.');
    }
    this.mustBeEditable(opportunity, ['RelatedEntityIdentifiers.Solutions']);
    if (!opportunity.solutions.includes(id)) {
      opportunity.solutions.push(id);
      opportunity.lastModifiedAt = this.now();
    }
    return {};
  }

  submitOpportunity(input: Json): Json {
    const opportunity = this.find(input, 'Identifier');
    const involvement = input['InvolvementType'];
    const visibility = input['Visibility'] ?? Visibility.FULL;
    if (!Object.values(SalesInvolvementType).includes(involvement as SalesInvolvementType)) {
      throw invalid('InvolvementType', 'INVALID_ENUM_VALUE', 'InvolvementType must be "Co-Sell" or "For Visibility Only".');
    }
    if (!Object.values(Visibility).includes(visibility as Visibility))
      throw invalid('Visibility', 'INVALID_ENUM_VALUE', 'Visibility must be "Full" or "Limited".');
    if (opportunity.reviewStatus !== ReviewStatus.PENDING_SUBMISSION) {
      throw invalid(
        'Identifier',
        'ACTION_NOT_PERMITTED',
        `The opportunity is ${opportunity.reviewStatus} and cannot be submitted again.`,
        'BUSINESS_VALIDATION_FAILED',
      );
    }
    if (opportunity.solutions.length === 0) {
      throw invalid(
        'RelatedEntityIdentifiers.Solutions',
        'REQUIRED_FIELD_MISSING',
        'Associate at least one solution before submitting.',
        'BUSINESS_VALIDATION_FAILED',
      );
    }
    if (opportunity.involvementType === SalesInvolvementType.CO_SELL && involvement === SalesInvolvementType.FOR_VISIBILITY_ONLY) {
      throw invalid('InvolvementType', 'ACTION_NOT_PERMITTED', 'A Co-Sell opportunity cannot go back to For Visibility Only.', 'BUSINESS_VALIDATION_FAILED');
    }
    const problems = checkAceCreateOpportunity({ ...opportunity.body, Catalog: opportunity.catalog }, { today: this.today() });
    if (problems.length > 0) throw validation(problems);
    opportunity.involvementType = involvement as SalesInvolvementType;
    opportunity.visibility = visibility as Visibility;
    this.startReview(opportunity, this.now());
    return {};
  }

  getOpportunity(input: Json): Json {
    const o = this.find(input, 'Identifier');
    const body = o.masked ? this.maskedBody(o.body) : clone(o.body);
    const lifeCycle = { ...(body['LifeCycle'] as Json | undefined), ...this.awsLifeCycle(o) };
    return {
      ...body,
      Catalog: o.catalog,
      Id: o.id,
      Arn: `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/${o.catalog}/opportunity/${o.id}`,
      CreatedDate: isoTime(o.createdAt),
      LastModifiedDate: isoTime(o.lastModifiedAt),
      LifeCycle: lifeCycle,
      RelatedEntityIdentifiers: { Solutions: [...o.solutions] },
    };
  }

  getAwsOpportunitySummary(input: Json): Json {
    const o = this.find(input, 'RelatedOpportunityIdentifier');
    const lifeCycle = o.body['LifeCycle'] as Json | undefined;
    return {
      Catalog: o.catalog,
      RelatedOpportunityId: o.id,
      Origin: o.origin,
      ...(o.involvementType ? { InvolvementType: o.involvementType } : {}),
      ...(o.visibility ? { Visibility: o.visibility } : {}),
      LifeCycle: { Stage: o.stage, ...(lifeCycle?.['TargetCloseDate'] ? { TargetCloseDate: lifeCycle['TargetCloseDate'] } : {}) },
      OpportunityTeam: clone(o.awsTeam),
    };
  }

  listOpportunities(input: Json): Json {
    const catalog = this.catalog(input);
    const after = parseStamp((input['LastModifiedDate'] as Json | undefined)?.['AfterLastModifiedDate']);
    const before = parseStamp((input['LastModifiedDate'] as Json | undefined)?.['BeforeLastModifiedDate']);
    const ids = Array.isArray(input['Identifier']) ? (input['Identifier'] as string[]) : null;
    const sort = input['Sort'] as Json | undefined;
    const descending = sort?.['SortOrder'] === 'DESCENDING';
    const matches = [...this.opportunities.values()]
      .filter((o) => o.catalog === catalog)
      .filter((o) => after === null || o.lastModifiedAt > after)
      .filter((o) => before === null || o.lastModifiedAt < before)
      .filter((o) => ids === null || ids.includes(o.id))
      .sort((a, b) => (a.lastModifiedAt - b.lastModifiedAt || a.id.localeCompare(b.id)) * (descending ? -1 : 1));
    const { page, nextToken } = this.page(matches, input);
    return {
      OpportunitySummaries: page.map((o) => {
        const body = o.masked ? this.maskedBody(o.body) : o.body;
        const lifeCycle = { ...(body['LifeCycle'] as Json | undefined), ...this.awsLifeCycle(o) };
        delete lifeCycle['NextStepsHistory'];
        return {
          Catalog: o.catalog,
          Id: o.id,
          PartnerOpportunityIdentifier: body['PartnerOpportunityIdentifier'],
          OpportunityType: body['OpportunityType'],
          CreatedDate: isoTime(o.createdAt),
          LastModifiedDate: isoTime(o.lastModifiedAt),
          LifeCycle: lifeCycle,
          Customer: { Account: clone((body['Customer'] as Json | undefined)?.['Account']) },
          Project: { ExpectedCustomerSpend: clone((body['Project'] as Json | undefined)?.['ExpectedCustomerSpend']) },
        };
      }),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  updateOpportunity(input: Json): Json {
    const o = this.find(input, 'Identifier');
    const stamp = parseStamp(input['LastModifiedDate']);
    if (stamp === null) throw invalid('LastModifiedDate', 'REQUIRED_FIELD_MISSING', 'LastModifiedDate is required, as an ISO 8601 date-time.');
    if (stamp !== o.lastModifiedAt) {
      throw new AceError('ConflictException', 'The opportunity was changed after the LastModifiedDate you sent; get it again and reapply your change.', {
        Reason: 'OpportunityConflict',
      });
    }
    const lifeCycle = input['LifeCycle'] as Json | undefined;
    const current = this.awsLifeCycle(o);
    // The history is AWS's record of past values: a client echoing it back is not changing it.
    for (const field of AWS_OWNED_LIFECYCLE.filter((f) => f !== 'NextStepsHistory')) {
      const sent = lifeCycle?.[field];
      if (sent !== undefined && JSON.stringify(sent) !== JSON.stringify(current[field])) {
        throw invalid(`LifeCycle.${field}`, 'ACTION_NOT_PERMITTED', `LifeCycle.${field} is set by AWS and cannot be updated.`, 'BUSINESS_VALIDATION_FAILED');
      }
    }
    const body = this.partnerBody(input);
    const before = { ...o.body, LifeCycle: { ...(o.body['LifeCycle'] as Json | undefined), Stage: o.stage } };
    this.mustBeEditable(o, changedFields(before, body));
    const problems = checkAceCreateOpportunity({ ...body, Catalog: o.catalog }, { today: this.today() });
    if (problems.length > 0) throw validation(problems);
    const now = Math.max(this.now(), o.lastModifiedAt + 1);
    this.recordNextSteps(o, body, now);
    o.body = body;
    o.stage = ((body['LifeCycle'] as Json | undefined)?.['Stage'] as Stage | undefined) ?? o.stage;
    o.lastModifiedAt = now;
    // Under Action Required, the partner's fix goes back to AWS for review.
    if (o.reviewStatus === ReviewStatus.ACTION_REQUIRED) this.startReview(o, now);
    return { Id: o.id, LastModifiedDate: isoTime(o.lastModifiedAt) };
  }

  /** AWS assigns its own people to an opportunity (a seller takes it over): an AWS-side change, stamped now. */
  assignAwsTeam(catalog: string, opportunityId: string, team: AwsTeamMember[]): void {
    const o = this.find({ Catalog: catalog, Identifier: opportunityId }, 'Identifier');
    o.awsTeam = clone(team);
    o.lastModifiedAt = Math.max(this.now(), o.lastModifiedAt + 1);
  }

  // --- AWS referrals ------------------------------------------------------------------------------

  /** AWS refers a customer to the partner: an AWS-originated opportunity and a pending invitation. */
  sendReferral(referral: { catalog?: string; body: Json; awsTeam: AwsTeamMember[]; message?: string }): { invitationId: string; opportunityId: string } {
    const now = this.now();
    const catalog = referral.catalog ?? 'AWS';
    const opportunity: StoredOpportunity = {
      id: `O${this.nextId++}`,
      catalog,
      createdAt: now,
      lastModifiedAt: now,
      origin: OpportunityOrigin.AWS_REFERRAL,
      body: clone(referral.body),
      reviewStatus: ReviewStatus.APPROVED,
      reviewComments: null,
      reviewStatusReason: null,
      stage: Stage.PROSPECT,
      nextStepsHistory: [],
      solutions: [],
      involvementType: SalesInvolvementType.CO_SELL,
      visibility: Visibility.FULL,
      awsTeam: clone(referral.awsTeam),
      reviewStartedAt: null,
      masked: true,
    };
    this.opportunities.set(opportunity.id, opportunity);
    const invitation: StoredInvitation = {
      id: `engi-${(this.nextId++).toString(36).padStart(13, '0')}`,
      catalog,
      opportunityId: opportunity.id,
      status: InvitationStatus.PENDING,
      invitedAt: now,
      expiresAt: now + INVITATION_LIFETIME_MS,
      statusAt: now,
      rejectionReason: null,
      senderContacts: clone(referral.awsTeam),
      message: referral.message ?? 'AWS would like to co-sell this opportunity with you.',
    };
    this.invitations.set(invitation.id, invitation);
    return { invitationId: invitation.id, opportunityId: opportunity.id };
  }

  listEngagementInvitations(input: Json): Json {
    const catalog = this.catalog(input);
    if (input['ParticipantType'] !== 'RECEIVER' && input['ParticipantType'] !== 'SENDER') {
      throw invalid('ParticipantType', 'REQUIRED_FIELD_MISSING', 'ParticipantType is required: RECEIVER or SENDER.');
    }
    const statuses = Array.isArray(input['Status']) ? (input['Status'] as string[]) : null;
    const matches = [...this.invitations.values()]
      .filter((i) => i.catalog === catalog && input['ParticipantType'] === 'RECEIVER')
      .filter((i) => statuses === null || statuses.includes(i.status))
      .sort((a, b) => a.invitedAt - b.invitedAt || a.id.localeCompare(b.id));
    const { page, nextToken } = this.page(matches, input);
    return { EngagementInvitationSummaries: page.map((i) => this.invitationSummary(i)), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  getEngagementInvitation(input: Json): Json {
    const invitation = this.invitation(input);
    const o = this.opportunities.get(invitation.opportunityId)!;
    const account = ((o.body['Customer'] as Json | undefined)?.['Account'] ?? {}) as Json;
    const project = (o.body['Project'] ?? {}) as Json;
    const accepted = invitation.status === InvitationStatus.ACCEPTED;
    return {
      ...this.invitationSummary(invitation),
      ...(invitation.rejectionReason ? { RejectionReason: invitation.rejectionReason } : {}),
      InvitationMessage: invitation.message,
      Payload: {
        OpportunityInvitation: {
          SenderContacts: clone(invitation.senderContacts),
          ReceiverResponsibilities: ['Co-Sell Facilitator'],
          Customer: {
            Industry: account['Industry'],
            CountryCode: (account['Address'] as Json | undefined)?.['CountryCode'],
            CompanyName: accepted ? account['CompanyName'] : MASKED,
            WebsiteUrl: accepted ? account['WebsiteUrl'] : MASKED,
          },
          Project: {
            Title: project['Title'],
            BusinessProblem: project['CustomerBusinessProblem'],
            TargetCompletionDate: (o.body['LifeCycle'] as Json | undefined)?.['TargetCloseDate'],
            ExpectedCustomerSpend: clone(project['ExpectedCustomerSpend']),
          },
        },
      },
    };
  }

  /**
   * Starts accepting an invitation. As at AWS the task runs in the background: the answer says
   * IN_PROGRESS and names no opportunity; the stand-in finishes the task when it is next listed.
   * The same ClientToken returns the same task.
   */
  startEngagementByAcceptingInvitationTask(input: Json): Json {
    const invitation = this.invitation(input);
    const clientToken = typeof input['ClientToken'] === 'string' ? input['ClientToken'] : null;
    const repeated = clientToken
      ? [...this.acceptTasks.values()].find((task) => task.clientToken === clientToken && task.invitationId === invitation.id)
      : undefined;
    if (repeated) return this.acceptTaskSummary(repeated);
    if (invitation.status !== InvitationStatus.PENDING) {
      throw invalid(
        'Identifier',
        'INVALID_RESOURCE_STATE',
        `The invitation is ${invitation.status} and can no longer be accepted.`,
        'BUSINESS_VALIDATION_FAILED',
      );
    }
    if ([...this.acceptTasks.values()].some((task) => task.invitationId === invitation.id && task.status === 'IN_PROGRESS')) {
      throw new AceError('ConflictException', 'A task accepting this invitation is already running.', {});
    }
    const task: AcceptTask = {
      id: `task-${invitation.id}-${this.acceptTasks.size + 1}`,
      catalog: invitation.catalog,
      invitationId: invitation.id,
      clientToken,
      startedAt: this.now(),
      status: 'IN_PROGRESS',
      listingsLeft: this.acceptTaskListings,
    };
    this.acceptTasks.set(task.id, task);
    return this.acceptTaskSummary(task);
  }

  listEngagementByAcceptingInvitationTasks(input: Json): Json {
    const catalog = this.catalog(input);
    for (const task of this.acceptTasks.values()) {
      if (task.status !== 'IN_PROGRESS') continue;
      if (task.listingsLeft > 0) task.listingsLeft--;
      else this.finishAcceptTask(task);
    }
    const filter = (name: string) => (Array.isArray(input[name]) ? (input[name] as string[]) : null);
    const [taskIds, invitationIds, statuses] = [filter('TaskIdentifier'), filter('EngagementInvitationIdentifier'), filter('TaskStatus')];
    const matches = [...this.acceptTasks.values()]
      .filter((task) => task.catalog === catalog)
      .filter((task) => taskIds === null || taskIds.includes(task.id))
      .filter((task) => invitationIds === null || invitationIds.includes(task.invitationId))
      .filter((task) => statuses === null || statuses.includes(task.status))
      .sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id));
    const { page, nextToken } = this.page(matches, input);
    return { TaskSummaries: page.map((task) => this.acceptTaskSummary(task)), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private finishAcceptTask(task: AcceptTask): void {
    const invitation = this.invitations.get(task.invitationId)!;
    const now = this.now();
    task.status = 'COMPLETE';
    invitation.status = InvitationStatus.ACCEPTED;
    invitation.statusAt = now;
    const o = this.opportunities.get(invitation.opportunityId)!;
    o.masked = false;
    o.lastModifiedAt = now;
  }

  private acceptTaskSummary(task: AcceptTask): Json {
    const invitation = this.invitations.get(task.invitationId)!;
    return {
      TaskId: task.id,
      TaskArn: `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/${task.catalog}/engagement-by-accepting-invitation-task/${task.id}`,
      StartTime: isoTime(task.startedAt),
      TaskStatus: task.status,
      EngagementInvitationId: task.invitationId,
      ...(task.status === 'COMPLETE' ? { OpportunityId: invitation.opportunityId } : {}),
    };
  }

  rejectEngagementInvitation(input: Json): Json {
    const invitation = this.invitation(input);
    const reason = input['RejectionReason'];
    if (reason !== undefined && !INVITATION_REJECTION_REASONS.includes(reason as (typeof INVITATION_REJECTION_REASONS)[number])) {
      throw invalid('RejectionReason', 'INVALID_ENUM_VALUE', `RejectionReason must be one of: ${INVITATION_REJECTION_REASONS.join(', ')}.`);
    }
    if (invitation.status !== InvitationStatus.PENDING) {
      throw invalid(
        'Identifier',
        'INVALID_RESOURCE_STATE',
        `The invitation is ${invitation.status} and can no longer be rejected.`,
        'BUSINESS_VALIDATION_FAILED',
      );
    }
    invitation.status = InvitationStatus.REJECTED;
    invitation.statusAt = this.now();
    invitation.rejectionReason = (reason as string | undefined) ?? null;
    return {};
  }

  // --- internals ----------------------------------------------------------------------------------

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  private catalog(input: Json): string {
    const catalog = input['Catalog'];
    if (typeof catalog !== 'string' || !CATALOGS.has(catalog)) throw invalid('Catalog', 'INVALID_ENUM_VALUE', 'Catalog must be "AWS" or "Sandbox".');
    return catalog;
  }

  private find(input: Json, key: string): StoredOpportunity {
    const catalog = this.catalog(input);
    const id = input[key];
    if (typeof id !== 'string' || !OPPORTUNITY_ID.test(id)) throw invalid(key, 'INVALID_STRING_FORMAT', `${key} must be an opportunity id such as O1234567.`);
    const opportunity = this.opportunities.get(id);
    if (!opportunity || opportunity.catalog !== catalog)
      throw new AceError('ResourceNotFoundException', `Opportunity ${id} was not found in catalog ${catalog}.`);
    return opportunity;
  }

  private invitation(input: Json): StoredInvitation {
    const catalog = this.catalog(input);
    const id = input['Identifier'];
    const invitation = typeof id === 'string' ? this.invitations.get(id) : undefined;
    if (!invitation || invitation.catalog !== catalog) throw new AceError('ResourceNotFoundException', `Engagement invitation ${String(id)} was not found.`);
    return invitation;
  }

  /** What the partner may write: the request without the addressing and AWS-owned fields. */
  private partnerBody(input: Json): Json {
    // The service model's members only: the SDK never sends anything else.
    const body = Object.fromEntries(Object.entries(clone(input)).filter(([key]) => PARTNER_FIELDS.has(key)));
    const lifeCycle = body['LifeCycle'];
    if (isObject(lifeCycle)) for (const field of AWS_OWNED_LIFECYCLE) delete lifeCycle[field];
    return body;
  }

  private mustBeEditable(o: StoredOpportunity, fields: readonly string[]): void {
    if (o.masked)
      throw invalid('Identifier', 'ACTION_NOT_PERMITTED', 'Accept the engagement invitation before changing this opportunity.', 'BUSINESS_VALIDATION_FAILED');
    const blocked = blockedAceEdits(fields, o.reviewStatus, o.stage);
    if (blocked.length > 0) throw validation(blocked);
  }

  private awsLifeCycle(o: StoredOpportunity): Json {
    return {
      Stage: o.stage,
      ReviewStatus: o.reviewStatus,
      ...(o.reviewComments ? { ReviewComments: o.reviewComments } : {}),
      ...(o.reviewStatusReason ? { ReviewStatusReason: o.reviewStatusReason } : {}),
      NextStepsHistory: o.nextStepsHistory.map((h) => ({ Value: h.Value, Time: isoTime(h.Time) })),
    };
  }

  private recordNextSteps(o: StoredOpportunity, body: Json, now: number): void {
    const next = (body['LifeCycle'] as Json | undefined)?.['NextSteps'];
    if (typeof next === 'string' && next !== o.nextStepsHistory.at(-1)?.Value) o.nextStepsHistory.push({ Value: next, Time: now });
  }

  private maskedBody(body: Json): Json {
    const masked = clone(body);
    const customer = masked['Customer'] as Json | undefined;
    const account = customer?.['Account'] as Json | undefined;
    if (account) {
      account['CompanyName'] = MASKED;
      account['WebsiteUrl'] = MASKED;
      delete account['Duns'];
      const address = account['Address'] as Json | undefined;
      if (address) for (const key of ['PostalCode', 'StreetAddress', 'City']) if (address[key]) address[key] = MASKED;
    }
    if (customer) customer['Contacts'] = [];
    return masked;
  }

  private startReview(o: StoredOpportunity, at: number): void {
    o.reviewStatus = ReviewStatus.SUBMITTED;
    o.reviewComments = null;
    o.reviewStatusReason = null;
    o.reviewStartedAt = at;
    o.lastModifiedAt = Math.max(at, o.lastModifiedAt + 1);
  }

  /** Plays AWS's review and invitation expiry up to now, each change stamped when it happened. */
  private settle(): void {
    const now = this.now();
    const started = [...this.opportunities.values()].filter((o) => o.reviewStartedAt !== null).sort((a, b) => a.reviewStartedAt! - b.reviewStartedAt!);
    for (const o of started) {
      const inReviewAt = o.reviewStartedAt! + this.review.inReviewAfterMs;
      if (o.reviewStatus === ReviewStatus.SUBMITTED && now >= inReviewAt) {
        o.reviewStatus = ReviewStatus.IN_REVIEW;
        o.lastModifiedAt = Math.max(inReviewAt, o.lastModifiedAt + 1);
      }
      const decidedAt = inReviewAt + this.review.decisionAfterMs;
      if (o.reviewStatus === ReviewStatus.IN_REVIEW && now >= decidedAt) {
        const outcome = this.outcomes.shift() ?? { status: ReviewStatus.APPROVED };
        o.reviewStatus = outcome.status;
        o.reviewComments = outcome.comments ?? null;
        o.reviewStatusReason = outcome.reason ?? null;
        o.reviewStartedAt = null;
        o.lastModifiedAt = Math.max(decidedAt, o.lastModifiedAt + 1);
        if (outcome.status === ReviewStatus.APPROVED && o.awsTeam.length === 0 && o.involvementType === SalesInvolvementType.CO_SELL) {
          o.awsTeam = [{ FirstName: 'Dana', LastName: 'Reyes', Email: 'dreyes@amazon.com', BusinessTitle: 'AWSSalesRep' }];
        }
      }
    }
    for (const invitation of this.invitations.values()) {
      if (invitation.status === InvitationStatus.PENDING && now >= invitation.expiresAt) {
        invitation.status = InvitationStatus.EXPIRED;
        invitation.statusAt = invitation.expiresAt;
      }
    }
  }

  private page<T>(items: readonly T[], input: Json): { page: T[]; nextToken: string | null } {
    const max = input['MaxResults'] ?? 20;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PAGE) {
      throw invalid('MaxResults', 'VALUE_OUT_OF_RANGE', `MaxResults must be 1 to ${MAX_PAGE}.`);
    }
    const token = input['NextToken'];
    const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw invalid('NextToken', 'INVALID_VALUE', 'NextToken is not one this service issued.');
    const end = start + max;
    return { page: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end), 'utf8').toString('base64url') : null };
  }

  private invitationSummary(i: StoredInvitation): Json {
    return {
      Arn: `arn:aws:partnercentral:us-east-1:aws:catalog/${i.catalog}/engagement-invitation/${i.id}`,
      PayloadType: 'OpportunityInvitation',
      Id: i.id,
      EngagementTitle: (this.opportunities.get(i.opportunityId)?.body['Project'] as Json | undefined)?.['Title'] ?? '',
      Status: i.status,
      InvitationDate: isoTime(i.invitedAt),
      ExpirationDate: isoTime(i.expiresAt),
      SenderAwsAccountId: 'aws',
      SenderCompanyName: 'AWS',
      Receiver: { Account: { AwsAccountId: ACCOUNT } },
      Catalog: i.catalog,
      ParticipantType: 'RECEIVER',
    };
  }

  private createdAnswer(o: StoredOpportunity): Json {
    return { Id: o.id, PartnerOpportunityIdentifier: o.body['PartnerOpportunityIdentifier'], LastModifiedDate: isoTime(o.lastModifiedAt) };
  }
}
