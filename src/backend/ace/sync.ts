import {
  AssociateOpportunityCommand,
  CreateOpportunityCommand,
  GetAwsOpportunitySummaryCommand,
  GetEngagementInvitationCommand,
  GetOpportunityCommand,
  ListEngagementInvitationsCommand,
  ListOpportunitiesCommand,
  RejectEngagementInvitationCommand,
  ReviewStatus,
  StartEngagementByAcceptingInvitationTaskCommand,
  ListEngagementByAcceptingInvitationTasksCommand,
  SubmitOpportunityCommand,
  UpdateOpportunityCommand,
  type ClosedLostReason,
  type GetOpportunityResponse,
  type InvitationStatus,
  type PartnerCentralSellingClient,
  type SalesInvolvementType,
  type Stage,
  type UpdateOpportunityRequest,
  type Visibility,
} from '@aws-sdk/client-partnercentral-selling';
import { AsyncLocalStorage } from 'node:async_hooks';
import { aceCountryName } from '../../domain/ace/countries.ts';
import {
  ACE_PERSON_RESERVE,
  AWS_ACE_QUOTAS,
  aceDailyAllowance,
  aceDailyLimitMessage,
  aceQuotaBucket,
  aceQuotaCountedFrom,
  aceQuotaFreesAt,
  type AceCaller,
  type AceDailyBudget,
  type AceQuotas,
} from '../../domain/ace/quotas.ts';
import { aceWaitingMessage } from '../../domain/ace/editability.ts';
import { assessAceReadiness } from '../../domain/ace/readiness.ts';
import {
  aceClientToken,
  acePushBlocked,
  awsReferralOwnerCandidates,
  awsReferralOwnerFor,
  dealPropertiesFromInvitation,
  dealPropertiesFromOpportunity,
  planAcePush,
  type AceOpportunityView,
  type DealAceState,
  type DealOutcome,
} from '../../domain/ace/sync.ts';
import type { CrmRecord, HubSpotGateway } from '../../hubspot/gateway.ts';
import {
  COSELL_COMPANY_PROPERTIES,
  COSELL_CONTACT_PROPERTIES,
  COSELL_DEAL_PROPERTIES,
  parseCoSellCompany,
  parseCoSellContact,
  parseCoSellDeal,
} from '../../hubspot/records/cosell.ts';
import { ensureTask } from '../../hubspot/records/engagements.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import type { AceJob, BackendStore } from '../store/index.ts';
import type { AceCatalog } from './client.ts';

/**
 * Keeps deals and AWS Partner Central in step through a durable outbox (src/backend/store: ace_outbox)
 * and a cursor. Every step is safe to run again: creates carry the deal's ClientToken, each finished
 * step is recorded before the next starts, and what AWS already has is read before it is sent twice.
 */

export type AceJobKind = 'share' | 'push' | 'answer';

export interface SharePayload {
  involvementType: SalesInvolvementType;
  visibility: Visibility;
  holdReason: string | null;
}

export interface AnswerPayload {
  decision: 'accept' | 'reject';
  rejectionReason: string | null;
}

export interface AceSyncOptions {
  client: PartnerCentralSellingClient;
  catalog: AceCatalog;
  gateway: HubSpotGateway;
  store: BackendStore;
  /** AWS's quotas for this partner account (AWS's defaults unless raised); the sync stays below them. */
  quotas?: Partial<AceQuotas>;
  /** The share of each daily quota background work leaves for people's own actions. */
  personReserve?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retryDelayMs?: (attempts: number) => number;
  /** Attempts before a job that keeps failing for a passing reason is given up and shown as failed. */
  maxAttempts?: number;
}

/** The deal properties the sync writes or reads to decide (see src/hubspot/schema/cosell.ts). */
export const ACE_SYNC_DEAL_PROPERTIES = [
  ...COSELL_DEAL_PROPERTIES,
  'hubspot_owner_id',
  'cosell_aws_invitation_id',
  'cosell_aws_review_comments',
  'cosell_aws_next_steps',
  'cosell_aws_sync_error',
  'cosell_aws_sync_waiting',
  'cosell_aws_hold_reason',
  'cosell_ace_closed_lost_reason',
] as const;

/** HubSpot deal properties whose change should reach AWS: the ones the ACE payload is built from. */
export const ACE_PUSHED_DEAL_PROPERTIES = [
  'dealname',
  'closedate',
  'dealstage',
  'cosell_ace_closed_lost_reason',
  ...COSELL_DEAL_PROPERTIES.filter((name) => name.startsWith('cosell_ace_')),
] as const;

const LEASE_MS = 120_000;
const JOBS_PER_LEASE = 50;
const CONCURRENT_JOBS = 8;
const MAX_PAGE = 100;
/** Polls of an accept task within one attempt, a second apart, before the outbox tries again later. */
const ACCEPT_TASK_POLLS = 3;

/** 2 s, 4 s, 8 s … capped at 10 min. */
export function aceRetryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** (attempts - 1), 600_000);
}

class Pacer {
  private next = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async take(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }
}

/** Why AWS (or the way there) failed, and whether trying again can help. */
export class AceCallError extends Error {
  constructor(
    readonly awsName: string,
    message: string,
    readonly retryable: boolean,
    readonly fields: readonly { field: string; code: string }[] = [],
  ) {
    super(message);
  }
}

function classify(error: unknown): AceCallError {
  if (error instanceof AceCallError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; ErrorList?: { FieldName?: string; Code?: string }[] };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode ?? 0;
  const retryable = name === 'ThrottlingException' || name === 'ConflictException' || name === 'InternalServerException' || status >= 500 || status === 0;
  return new AceCallError(
    name,
    e.message ?? String(error),
    retryable,
    (e.ErrorList ?? []).map((item) => ({ field: item.FieldName ?? '', code: item.Code ?? '' })),
  );
}

/** The daily quota this caller may use is spent: the call was not made; the work waits until `resumeAt`. */
class AceDailyLimitReached extends AceCallError {
  constructor(
    readonly resumeAt: number,
    message: string,
  ) {
    super('DailyLimitReached', message, true);
  }
}

const isoOf = (value: Date | undefined) => (value ?? new Date(0)).toISOString();

export class AceSync {
  private readonly reads: Pacer;
  private readonly writes: Pacer;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly retryDelay: (attempts: number) => number;
  private readonly maxAttempts: number;
  private readonly quotas: AceQuotas;
  private readonly personReserve: number;
  /** Whose behalf the running job's calls are on; calls outside a job are the sync's own. */
  private readonly caller = new AsyncLocalStorage<AceCaller>();
  private draining: Promise<void> | undefined;
  /** AWS calls made, by operation, for the bench and tests. */
  readonly calls = new Map<string, number>();

  constructor(private readonly options: AceSyncOptions) {
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const quotas = { ...AWS_ACE_QUOTAS, ...options.quotas };
    this.quotas = quotas;
    this.personReserve = options.personReserve ?? ACE_PERSON_RESERVE;
    // A hair (1%) under the quota: AWS refills its bucket on its own clock, not ours.
    this.reads = new Pacer((1_000 / quotas.readsPerSecond) * 1.01, this.now, this.sleep);
    this.writes = new Pacer((1_000 / quotas.writesPerSecond) * 1.01, this.now, this.sleep);
    this.retryDelay = options.retryDelayMs ?? aceRetryDelayMs;
    this.maxAttempts = options.maxAttempts ?? 12;
  }

  get catalog(): AceCatalog {
    return this.options.catalog;
  }

  // --- what the backend asks for ------------------------------------------------------------------

  async requestShare(dealId: string, payload: SharePayload): Promise<void> {
    await this.options.store.enqueueAceJob({ jobKey: `share:${dealId}`, dealId, kind: 'share', payload }, this.now());
  }

  async requestPush(dealId: string): Promise<void> {
    await this.options.store.enqueueAceJob({ jobKey: `push:${dealId}`, dealId, kind: 'push', payload: {} }, this.now());
  }

  async requestAnswer(dealId: string, payload: AnswerPayload): Promise<void> {
    await this.options.store.enqueueAceJob({ jobKey: `answer:${dealId}`, dealId, kind: 'answer', payload }, this.now());
  }

  jobState(kind: AceJobKind, dealId: string) {
    return this.options.store.aceJobState(`${kind}:${dealId}`);
  }

  /** Runs every due job until none is left; one drain at a time per instance. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const jobs = await this.options.store.leaseAceJobs(JOBS_PER_LEASE, this.now(), LEASE_MS);
      if (jobs.length === 0) return;
      // Several jobs at once, so HubSpot's latency overlaps; AWS's calls still go one pacer at a time.
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENT_JOBS, queue.length) }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) await this.runJob(job);
        }),
      );
    }
  }

  private async runJob(job: AceJob): Promise<void> {
    // Shares and answers are a person's own action from the card; pushes follow changes in the background.
    const caller: AceCaller = job.kind === 'push' ? 'background' : 'person';
    try {
      await this.caller.run(caller, async () => {
        if (job.kind === 'share') await this.share(job.jobKey, job.dealId, job.payload as SharePayload, job.progress);
        else if (job.kind === 'push') await this.push(job.dealId);
        else if (job.kind === 'answer') await this.answer(job.jobKey, job.dealId, job.payload as AnswerPayload, job.progress);
      });
      await this.options.store.completeAceJob(job.jobKey, job.version, this.now());
    } catch (error) {
      if (error instanceof AceDailyLimitReached) {
        const { alreadyWaiting } = await this.options.store.deferAceJob(job.jobKey, error.message, error.resumeAt);
        if (!alreadyWaiting) await this.showOnDeal(job.dealId, { cosell_aws_sync_waiting: error.message });
        return;
      }
      const failure = classify(error);
      const giveUp = !failure.retryable || job.attempts >= this.maxAttempts;
      const retryAt = giveUp ? null : this.now() + (failure.awsName === 'ConflictException' ? 0 : this.retryDelay(job.attempts));
      await this.options.store.failAceJob(job.jobKey, `${failure.awsName}: ${failure.message}`, this.now(), retryAt);
      if (giveUp) await this.showRefusal(job.dealId, failure);
    }
  }

  /** Runs due jobs until the outbox is empty or only future retries remain. */
  async idle(): Promise<void> {
    await this.drain();
  }

  // --- share: create, associate, submit -------------------------------------------------------------

  private async share(jobKey: string, dealId: string, payload: SharePayload, progress: Record<string, unknown>): Promise<void> {
    const { gateway, store, catalog } = this.options;
    let opportunityId = typeof progress['opportunityId'] === 'string' ? progress['opportunityId'] : null;
    let solutions = Array.isArray(progress['solutions']) ? (progress['solutions'] as string[]) : [];
    if (!opportunityId) {
      const input = await this.readAceInput(dealId);
      const today = new Date(this.now()).toISOString().slice(0, 10);
      const readiness = assessAceReadiness({ ...input, catalog }, { today });
      if (!readiness.ready) {
        throw new AceCallError('NotReady', `The deal is not ready for AWS: ${readiness.problems.map((p) => p.hubspot.fix).join(' ')}`, false);
      }
      const created = await this.write('CreateOpportunity', () =>
        this.options.client.send(new CreateOpportunityCommand({ ...readiness.payload, ClientToken: aceClientToken(dealId) })),
      );
      opportunityId = created.Id!;
      solutions = [...input.deal.solutionIds];
      await store.recordAceProgress(jobKey, { opportunityId, solutions });
      await store.setValue(`ace.deal.${opportunityId}`, dealId, this.now());
      await store.setValue(`ace.opportunity.${dealId}`, opportunityId, this.now());
      await gateway.updateRecord('deals', dealId, {
        cosell_cloud: 'aws',
        cosell_aws_opportunity_id: opportunityId,
        cosell_aws_origin: 'Partner Referral',
        cosell_aws_review_status: ReviewStatus.PENDING_SUBMISSION,
        cosell_aws_review_status_since: isoOf(created.LastModifiedDate),
        cosell_aws_hold_reason: payload.holdReason ?? '',
      });
    }
    const associated = new Set(Array.isArray(progress['associated']) ? (progress['associated'] as string[]) : []);
    for (const solution of solutions.filter((id) => id !== 'Other' && !associated.has(id))) {
      await this.write('AssociateOpportunity', () =>
        this.options.client.send(
          new AssociateOpportunityCommand({
            Catalog: catalog,
            OpportunityIdentifier: opportunityId,
            RelatedEntityType: 'Solutions',
            RelatedEntityIdentifier: solution,
          }),
        ),
      );
      associated.add(solution);
      await store.recordAceProgress(jobKey, { opportunityId, solutions, associated: [...associated] });
    }
    // A crash after AWS took the submit but before it was recorded: AWS already has it.
    const current = progress['submitted'] === true ? null : await this.getOpportunity(opportunityId);
    if (current && current.LifeCycle?.ReviewStatus === ReviewStatus.PENDING_SUBMISSION) {
      await this.write('SubmitOpportunity', () =>
        this.options.client.send(
          new SubmitOpportunityCommand({
            Catalog: catalog,
            Identifier: opportunityId,
            InvolvementType: payload.involvementType,
            Visibility: payload.visibility,
          }),
        ),
      );
    }
    await store.recordAceProgress(jobKey, { opportunityId, solutions, associated: [...associated], submitted: true });
    await this.refreshDeal(dealId, opportunityId, { cosell_aws_sync_waiting: '' });
  }

  // --- push: the deal's changes, as far as AWS allows them now ----------------------------------------

  private async push(dealId: string): Promise<void> {
    const { gateway, catalog } = this.options;
    const deal = await gateway.getRecord('deals', dealId, ACE_SYNC_DEAL_PROPERTIES);
    const opportunityId = deal.properties['cosell_aws_opportunity_id'];
    if (!opportunityId) return;
    // With no write left today, reading the opportunity first would spend a read for nothing.
    await this.mustHaveRoom('write');
    const current = await this.getOpportunity(opportunityId);
    const reviewStatus = current.LifeCycle?.ReviewStatus ?? null;
    const stage = current.LifeCycle?.Stage ?? null;
    // While AWS takes no edits the plan has nothing to send, only what waits; the follow queues the
    // deal again when AWS's review makes it editable.
    const input = await this.readAceInput(dealId, deal);
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const desired = assessAceReadiness({ ...input, catalog }, { today }).payload;
    const plan = planAcePush(
      current as unknown as Record<string, unknown>,
      desired,
      reviewStatus,
      stage,
      dealOutcome(deal.properties['dealstage'] ?? null),
      (deal.properties['cosell_ace_closed_lost_reason'] || null) as ClosedLostReason | null,
    );
    if (plan.body) {
      await this.write('UpdateOpportunity', () =>
        this.options.client.send(
          new UpdateOpportunityCommand({
            ...(plan.body as unknown as UpdateOpportunityRequest),
            Catalog: catalog,
            Identifier: opportunityId,
            LastModifiedDate: current.LastModifiedDate,
          }),
        ),
      );
    }
    // AWS's answer to the change (a new LastModifiedDate, a review started again) comes with the next follow.
    await this.setIfChanged(deal, { ...IN_STEP, cosell_aws_sync_waiting: aceWaitingMessage(plan.waiting, reviewStatus, stage) });
  }

  // --- follow: AWS's changes onto the deals -------------------------------------------------------

  /**
   * Pulls opportunities changed since the cursor; returns how many deals it updated. The cursor is
   * AWS's newest LastModifiedDate seen plus the opportunities already followed at that millisecond:
   * another change stamped with that same millisecond can become visible after this round's read, so
   * the next round asks from that millisecond again and skips only the ones it already followed.
   */
  async follow(): Promise<number> {
    const { store, catalog } = this.options;
    const cursor = parseFollowCursor(await store.getValue(FOLLOW_CURSOR));
    let newest = cursor?.at ?? 0;
    let followedAtNewest = new Set(cursor?.ids);
    let nextToken: string | undefined;
    let updated = 0;
    try {
      do {
        const page = await this.read('ListOpportunities', () =>
          this.options.client.send(
            new ListOpportunitiesCommand({
              Catalog: catalog,
              MaxResults: MAX_PAGE,
              Sort: { SortBy: 'LastModifiedDate', SortOrder: 'ASCENDING' },
              // AWS's reference says "after" the date, its ListOpportunities guide "on or after": one
              // millisecond earlier includes the cursor's own millisecond under either reading.
              ...(cursor ? { LastModifiedDate: { AfterLastModifiedDate: new Date(cursor.at - 1) } } : {}),
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          ),
        );
        for (const summary of page.OpportunitySummaries ?? []) {
          const modified = summary.LastModifiedDate?.getTime() ?? 0;
          if (cursor && (modified < cursor.at || (modified === cursor.at && cursor.ids.includes(summary.Id!)))) continue;
          const dealId = (await store.getValue(`ace.deal.${summary.Id}`)) ?? null;
          if (dealId && (await this.refreshDeal(dealId, summary.Id!))) updated += 1;
          if (modified > newest) [newest, followedAtNewest] = [modified, new Set()];
          if (modified === newest) followedAtNewest.add(summary.Id!);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      // The daily limit: what was followed so far is kept, the rest comes once AWS's window frees.
      if (!(error instanceof AceDailyLimitReached)) throw error;
    }
    if (newest > 0) await store.setValue(FOLLOW_CURSOR, JSON.stringify({ at: newest, ids: [...followedAtNewest] }), this.now());
    await store.setValue('ace.lastFollowAt', String(this.now()), this.now());
    return updated;
  }

  /** Reads AWS's view of one opportunity and writes what changed onto its deal (with `also`); true when it wrote. */
  private async refreshDeal(dealId: string, opportunityId: string, also: Record<string, string> = {}): Promise<boolean> {
    const { gateway, catalog } = this.options;
    const [opportunity, summary] = [
      await this.getOpportunity(opportunityId),
      await this.read('GetAwsOpportunitySummary', () =>
        this.options.client.send(new GetAwsOpportunitySummaryCommand({ Catalog: catalog, RelatedOpportunityIdentifier: opportunityId })),
      ),
    ];
    const deal = await gateway.getRecord('deals', dealId, ACE_SYNC_DEAL_PROPERTIES);
    const view: AceOpportunityView = {
      id: opportunityId,
      origin: summary.Origin ?? 'Partner Referral',
      reviewStatus: opportunity.LifeCycle?.ReviewStatus ?? null,
      reviewComments: opportunity.LifeCycle?.ReviewComments ?? null,
      reviewStatusReason: opportunity.LifeCycle?.ReviewStatusReason ?? null,
      stage: opportunity.LifeCycle?.Stage ?? null,
      involvementType: summary.InvolvementType ?? null,
      awsNextSteps: summary.LifeCycle?.NextSteps ?? null,
      awsTeam: summary.OpportunityTeam ?? [],
      lastModified: isoOf(opportunity.LastModifiedDate),
    };
    const wasLocked = acePushBlocked(
      (deal.properties['cosell_aws_review_status'] || null) as ReviewStatus | null,
      (deal.properties['cosell_aws_stage'] || null) as Stage | null,
    );
    const changed = await this.setIfChanged(deal, { ...dealPropertiesFromOpportunity(view, dealState(deal), view.lastModified), ...also });
    // Changes made in HubSpot while AWS had the deal locked go out once AWS unlocks it.
    if (changed && wasLocked && !acePushBlocked(view.reviewStatus, view.stage)) await this.requestPush(dealId);
    return changed;
  }

  // --- AWS referrals ------------------------------------------------------------------------------

  /** New invitations become deals owned by an alliance manager, with a task; known ones follow AWS's status. */
  async followInvitations(): Promise<number> {
    const { store, catalog, gateway } = this.options;
    let nextToken: string | undefined;
    let created = 0;
    try {
      do {
        const page = await this.read('ListEngagementInvitations', () =>
          this.options.client.send(
            new ListEngagementInvitationsCommand({
              Catalog: catalog,
              ParticipantType: 'RECEIVER',
              MaxResults: MAX_PAGE,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          ),
        );
        for (const summary of page.EngagementInvitationSummaries ?? []) {
          const known = await store.getValue(`ace.invitation.${summary.Id}`);
          const changedAt = isoOf(summary.InvitationDate);
          if (known) {
            const deal = await gateway.getRecord('deals', known, ACE_SYNC_DEAL_PROPERTIES);
            await this.setIfChanged(
              deal,
              dealPropertiesFromInvitation({ id: summary.Id!, status: summary.Status! }, dealState(deal), new Date(this.now()).toISOString()),
            );
          } else if (summary.Status === 'PENDING') {
            await this.createReferralDeal(summary.Id!, changedAt);
            created += 1;
          }
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      // The daily limit: the referrals not seen yet come with a later round.
      if (!(error instanceof AceDailyLimitReached)) throw error;
    }
    return created;
  }

  private async createReferralDeal(invitationId: string, invitedAt: string): Promise<void> {
    const { store, catalog, gateway } = this.options;
    const invitation = await this.read('GetEngagementInvitation', () =>
      this.options.client.send(new GetEngagementInvitationCommand({ Catalog: catalog, Identifier: invitationId })),
    );
    const project = invitation.Payload?.OpportunityInvitation?.Project;
    const ownerId = await this.referralOwnerId();
    const firstStage = appPolicy.pipeline.stageOrder['default']?.[0];
    const deal = await gateway.createRecord('deals', {
      pipeline: 'default',
      ...(firstStage ? { dealstage: firstStage } : {}),
      dealname: `AWS referral: ${invitation.EngagementTitle ?? project?.Title ?? invitationId}`.slice(0, 255),
      ...(project?.TargetCompletionDate ? { closedate: project.TargetCompletionDate } : {}),
      ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
      ...dealPropertiesFromInvitation({ id: invitationId, status: invitation.Status as InvitationStatus }, { ...EMPTY_STATE }, invitedAt),
      cosell_aws_next_steps: (invitation.InvitationMessage ?? '').slice(0, 2_000),
    });
    await store.setValue(`ace.invitation.${invitationId}`, deal.id, this.now());
    if (ownerId) {
      await ensureTask(gateway, { type: 'deals', id: deal.id }, `[ace-invitation ${invitationId}]`, {
        subject: 'Accept or reject an AWS referral',
        body: `AWS referred a customer to us (${invitation.EngagementTitle ?? 'no title'}). Open the deal and accept or reject it before ${isoOf(invitation.ExpirationDate).slice(0, 10)}; the customer's details appear once you accept. [ace-invitation ${invitationId}]`,
        ownerId,
        at: new Date(this.now()),
      });
    }
  }

  /**
   * The owner whose turn it is to take an AWS referral (cosell policy: awsReferralOwnerUserIds, else the
   * alliance managers). The turn is counted in the store, so it carries on across restarts.
   */
  private async referralOwnerId(): Promise<string | null> {
    const { gateway, store } = this.options;
    const [users, owners] = [await gateway.users(), await gateway.owners()];
    const candidates = awsReferralOwnerCandidates(appPolicy.cosell.awsReferralOwnerUserIds, appPolicy.ringfence, users);
    const turn = Number((await store.getValue(REFERRAL_TURN)) ?? 0);
    await store.setValue(REFERRAL_TURN, String(turn + 1), this.now());
    const userId = awsReferralOwnerFor(candidates, turn);
    return owners.find((owner) => String(owner.userId) === userId)?.id ?? null;
  }

  private async answer(jobKey: string, dealId: string, payload: AnswerPayload, progress: Record<string, unknown>): Promise<void> {
    const { gateway, catalog, store } = this.options;
    const deal = await gateway.getRecord('deals', dealId, ACE_SYNC_DEAL_PROPERTIES);
    const invitationId = deal.properties['cosell_aws_invitation_id'];
    if (!invitationId) throw new AceCallError('NotAReferral', 'This deal did not come from an AWS referral.', false);
    const invitation = await this.read('GetEngagementInvitation', () =>
      this.options.client.send(new GetEngagementInvitationCommand({ Catalog: catalog, Identifier: invitationId })),
    );
    if (payload.decision === 'reject') {
      if (invitation.Status === 'PENDING') {
        await this.write('RejectEngagementInvitation', () =>
          this.options.client.send(
            new RejectEngagementInvitationCommand({
              Catalog: catalog,
              Identifier: invitationId,
              ...(payload.rejectionReason ? { RejectionReason: payload.rejectionReason } : {}),
            }),
          ),
        );
      }
      await this.setIfChanged(deal, {
        ...dealPropertiesFromInvitation({ id: invitationId, status: 'REJECTED' }, dealState(deal), new Date(this.now()).toISOString()),
        cosell_aws_sync_waiting: '',
      });
      return;
    }
    let opportunityId = typeof progress['opportunityId'] === 'string' ? progress['opportunityId'] : null;
    if (!opportunityId) {
      let taskId = typeof progress['acceptTaskId'] === 'string' ? progress['acceptTaskId'] : null;
      if (!taskId) {
        if (invitation.Status !== 'PENDING') {
          throw new AceCallError(
            'InvitationClosed',
            `AWS's invitation is ${invitation.Status?.toLowerCase() ?? 'closed'} and can no longer be accepted.`,
            false,
          );
        }
        const task = await this.write('StartEngagementByAcceptingInvitationTask', () =>
          this.options.client.send(
            new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: catalog, Identifier: invitationId, ClientToken: `accept-${invitationId}` }),
          ),
        );
        if (task.TaskStatus === 'FAILED' || !task.TaskId) throw new AceCallError('TaskFailed', task.Message ?? 'AWS could not accept the invitation.', false);
        taskId = task.TaskId;
        // Recorded before waiting: a crash from here on follows this task instead of starting another.
        await store.recordAceProgress(jobKey, { acceptTaskId: taskId });
        opportunityId = task.TaskStatus === 'COMPLETE' ? (task.OpportunityId ?? null) : null;
      }
      opportunityId ??= await this.acceptedOpportunity(taskId);
      await store.recordAceProgress(jobKey, { acceptTaskId: taskId, opportunityId });
      await store.setValue(`ace.deal.${opportunityId}`, dealId, this.now());
      await store.setValue(`ace.opportunity.${dealId}`, opportunityId, this.now());
    }
    const opportunity = await this.getOpportunity(opportunityId);
    await this.attachCustomer(dealId, opportunity);
    await this.setIfChanged(deal, dealPropertiesFromInvitation({ id: invitationId, status: 'ACCEPTED' }, dealState(deal), new Date(this.now()).toISOString()));
    await this.refreshDeal(dealId, opportunityId, { cosell_aws_sync_waiting: '' });
  }

  /**
   * AWS accepts an invitation in a background task: its opportunity once the task is complete. Asked a
   * few times a second apart; a task still running fails this attempt as passing, so the outbox asks later.
   */
  private async acceptedOpportunity(taskId: string): Promise<string> {
    for (let poll = 1; ; poll++) {
      const { TaskSummaries: [task] = [] } = await this.read('ListEngagementByAcceptingInvitationTasks', () =>
        this.options.client.send(new ListEngagementByAcceptingInvitationTasksCommand({ Catalog: this.options.catalog, TaskIdentifier: [taskId] })),
      );
      if (task?.TaskStatus === 'COMPLETE' && task.OpportunityId) return task.OpportunityId;
      if (!task || task.TaskStatus === 'FAILED') throw new AceCallError('TaskFailed', task?.Message ?? 'AWS could not accept the invitation.', false);
      if (poll >= ACCEPT_TASK_POLLS) throw new AceCallError('TaskInProgress', 'AWS is still accepting the invitation; the app checks again shortly.', true);
      await this.sleep(1_000);
    }
  }

  /** The customer AWS revealed on acceptance: the company with that domain, or a new one. */
  private async attachCustomer(dealId: string, opportunity: GetOpportunityResponse): Promise<void> {
    const { gateway } = this.options;
    const account = opportunity.Customer?.Account;
    if (!account?.CompanyName) return;
    const domain = domainOf(account.WebsiteUrl);
    const existing = (await gateway.associationsOf('deals', dealId, 'companies'))[0];
    if (existing) return;
    const [match] = domain
      ? await gateway.search('companies', {
          filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: domain }] }],
          properties: ['domain'],
          maxResults: 1,
        })
      : [];
    const company =
      match ??
      (await gateway.createRecord('companies', {
        name: account.CompanyName,
        ...(domain ? { domain } : {}),
        ...(account.WebsiteUrl ? { website: account.WebsiteUrl } : {}),
        ...(account.Address?.CountryCode ? { country: aceCountryName(account.Address.CountryCode) } : {}),
        ...(account.Address?.StateOrRegion ? { state: account.Address.StateOrRegion } : {}),
        ...(account.Address?.City ? { city: account.Address.City } : {}),
        ...(account.Address?.PostalCode ? { zip: account.Address.PostalCode } : {}),
        ...(account.Industry ? { cosell_ace_industry: account.Industry } : {}),
      }));
    await gateway.associate('deals', dealId, 'companies', company.id);
  }

  // --- helpers ------------------------------------------------------------------------------------

  private async readAceInput(dealId: string, known?: CrmRecord) {
    const { gateway } = this.options;
    const deal = known ?? (await gateway.getRecord('deals', dealId, ACE_SYNC_DEAL_PROPERTIES));
    const companies = await gateway.associationsOf('deals', dealId, 'companies');
    const companyId = (companies.find((c) => c.primary) ?? companies[0])?.id;
    const company = companyId ? parseCoSellCompany((await gateway.getRecord('companies', companyId, COSELL_COMPANY_PROPERTIES)).properties).ace : null;
    const contactIds = (await gateway.associationsOf('deals', dealId, 'contacts')).map((c) => c.id);
    const contacts = (await gateway.readRecords('contacts', contactIds, COSELL_CONTACT_PROPERTIES)).map((c) => parseCoSellContact(c.properties));
    return { deal: parseCoSellDeal({ ...deal.properties, hs_object_id: dealId }).ace, company, contacts };
  }

  private getOpportunity(opportunityId: string): Promise<GetOpportunityResponse> {
    return this.read('GetOpportunity', () => this.options.client.send(new GetOpportunityCommand({ Catalog: this.options.catalog, Identifier: opportunityId })));
  }

  /** Writes only the values that differ, so a repeated pull costs HubSpot nothing. */
  private async setIfChanged(deal: CrmRecord, properties: Record<string, string>): Promise<boolean> {
    const changed = Object.fromEntries(Object.entries(properties).filter(([name, value]) => (deal.properties[name] ?? '') !== value));
    if (Object.keys(changed).length === 0) return false;
    await this.options.gateway.updateRecord('deals', deal.id, changed);
    Object.assign(deal.properties, changed);
    return true;
  }

  /** AWS's refusal, in AWS's words, on the deal where the AE sees it. */
  private async showRefusal(dealId: string, failure: AceCallError): Promise<void> {
    const fields = failure.fields.length > 0 ? ` (${failure.fields.map((f) => f.field).join(', ')})` : '';
    const message = `${failure.awsName === 'ValidationException' ? 'AWS refused the change' : 'The AWS sync stopped'}: ${failure.message}${fields}`;
    await this.showOnDeal(dealId, { cosell_aws_sync_error: message.slice(0, 2_000) });
  }

  private async showOnDeal(dealId: string, properties: Record<string, string>): Promise<void> {
    try {
      await this.options.gateway.updateRecord('deals', dealId, properties);
    } catch (error) {
      console.error(`ace sync: could not show the sync's state on deal ${dealId}`, error instanceof Error ? error.message : error);
    }
  }

  /** What is used of AWS's daily quotas in the last 24 hours, and when held-back background work goes out. */
  async dailyBudget(): Promise<{ reads: AceDailyBudget; writes: AceDailyBudget }> {
    const budget = async (kind: 'read' | 'write'): Promise<AceDailyBudget> => {
      const limit = kind === 'read' ? this.quotas.readsPerDay : this.quotas.writesPerDay;
      const backgroundLimit = aceDailyAllowance(limit, 'background', this.personReserve);
      const use = await this.options.store.aceQuotaUse(kind, aceQuotaCountedFrom(this.now()));
      const spent = use.used >= backgroundLimit && use.oldestBucket !== null;
      return { used: use.used, limit, backgroundLimit, waitingUntil: spent ? new Date(aceQuotaFreesAt(use.oldestBucket!)).toISOString() : null };
    };
    return { reads: await budget('read'), writes: await budget('write') };
  }

  /**
   * Counts the call against AWS's daily quota (in the store, shared by every instance) before it is
   * made. Background work stops short of the reserve kept for people; nothing is sent past the limit.
   */
  private async spend(kind: 'read' | 'write'): Promise<void> {
    const now = this.now();
    const use = await this.options.store.takeAceQuota(kind, aceQuotaBucket(now), aceQuotaCountedFrom(now), this.dailyAllowance(kind));
    if (!use.taken) this.limitReached(use.oldestBucket, now);
  }

  /** Stops here, before any call, when this caller's daily allowance of `kind` is already spent. */
  private async mustHaveRoom(kind: 'read' | 'write'): Promise<void> {
    const now = this.now();
    const use = await this.options.store.aceQuotaUse(kind, aceQuotaCountedFrom(now));
    if (use.used >= this.dailyAllowance(kind)) this.limitReached(use.oldestBucket, now);
  }

  private dailyAllowance(kind: 'read' | 'write'): number {
    const perDay = kind === 'read' ? this.quotas.readsPerDay : this.quotas.writesPerDay;
    return aceDailyAllowance(perDay, this.caller.getStore() ?? 'background', this.personReserve);
  }

  private limitReached(oldestBucket: number | null, now: number): never {
    const resumeAt = aceQuotaFreesAt(oldestBucket ?? aceQuotaBucket(now));
    throw new AceDailyLimitReached(resumeAt, aceDailyLimitMessage(resumeAt, now));
  }

  private async read<T>(operation: string, call: () => Promise<T>): Promise<T> {
    await this.spend('read');
    await this.reads.take();
    return this.call(operation, call);
  }

  private async write<T>(operation: string, call: () => Promise<T>): Promise<T> {
    await this.spend('write');
    await this.writes.take();
    return this.call(operation, call);
  }

  private async call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    try {
      return await call();
    } catch (error) {
      throw classify(error);
    }
  }
}

const FOLLOW_CURSOR = 'ace.cursor';
/** How many AWS referrals have been given an owner: whose turn is next. */
const REFERRAL_TURN = 'ace.referralTurn';

interface FollowCursor {
  /** AWS's newest LastModifiedDate followed, in ms. */
  at: number;
  /** The opportunities already followed with exactly that LastModifiedDate. */
  ids: string[];
}

/** The stored cursor; a bare number is one stored before the followed ids were kept. */
function parseFollowCursor(stored: string | null): FollowCursor | null {
  if (stored === null) return null;
  const value = JSON.parse(stored) as unknown;
  if (typeof value === 'number') return { at: value, ids: [] };
  const cursor = value as Partial<FollowCursor>;
  return { at: Number(cursor.at), ids: Array.isArray(cursor.ids) ? cursor.ids.map(String) : [] };
}

/** A deal whose changes reached AWS: no refusal, nothing waiting. */
const IN_STEP = { cosell_aws_sync_error: '', cosell_aws_sync_waiting: '' };

const EMPTY_STATE: DealAceState = { opportunityId: null, reviewStatus: null, stage: null, invitationStatus: null, contactEmail: null };

function dealState(deal: CrmRecord): DealAceState {
  const p = deal.properties;
  return {
    opportunityId: p['cosell_aws_opportunity_id'] || null,
    reviewStatus: p['cosell_aws_review_status'] || null,
    stage: p['cosell_aws_stage'] || null,
    invitationStatus: p['cosell_aws_invitation_status'] || null,
    contactEmail: p['cosell_hyperscaler_contact_email'] || null,
  };
}

function dealOutcome(dealStage: string | null): DealOutcome {
  if (dealStage === null) return 'open';
  if (appPolicy.pipeline.closedWonStageIds.includes(dealStage)) return 'won';
  return CLOSED_LOST_STAGE.test(dealStage) ? 'lost' : 'open';
}

/** HubSpot's default pipeline names its lost stage closedlost; the pipeline policy has no lost stage list. */
const CLOSED_LOST_STAGE = /^closedlost$/;

function domainOf(website: string | undefined): string | null {
  if (!website) return null;
  try {
    return new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return null;
  }
}
