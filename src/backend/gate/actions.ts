import { z } from 'zod';
import {
  applyExceptionCommand,
  assessDirectRoute,
  authorizeDecision,
  authorizeRouteChange,
  exceptionCommandSchema,
  expireIfDue,
  hasOverride,
  invalidateOnMaterialChange,
  isSenior,
  isTeamApprover,
  parseExceptionCommand,
  EXCEPTION_STATUSES,
  ROUTES,
  type ActingUser,
  type ExceptionCommandKind,
  type ExceptionRequest,
  type ExceptionState,
  approverTeamsOf,
} from '../../domain/exception/index.ts';
import { commonErrors } from '../../functions/contract.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import type { CrmRecord } from '../../hubspot/gateway.ts';
import { normalizeAuthoritative, protectedPropertyNames, sealMatches, SEAL_PROPERTY } from '../../hubspot/integrity/seal.ts';
import { recordIdSchema } from '../../hubspot/ids.ts';
import { routeMarker, routeNoteBody } from '../../hubspot/records/gate-audit.ts';
import { parseGateRecord, routeChosenToProperties } from '../../hubspot/records/gate.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { authenticationErrors, defineAction } from '../contract.ts';
import { displayName, type PortalDirectory } from '../../hubspot/directory.ts';
import { registerAction, type ActionContext, type RegisteredAction } from '../handler.ts';
import { ensureAuditNotes, gateFailure, readGateDeal, writeExceptionState, writeGateValues, type GateContext, type GateDeal } from './deal-gate.ts';
import { ensureNote } from '../../hubspot/records/engagements.ts';
import { ROUTE_LABELS, STATUS_LABELS } from '../../hubspot/schema/gate.ts';
import { CLOUD_LABELS } from '../../hubspot/schema/ringfence.ts';
import { requestBrief, requestBriefSchema } from '../../hubspot/records/gate-request-view.ts';
import type { Cloud } from '../../policy/marketplace-policy.ts';

/** Each decision's parameters are the domain's command fields plus the deal; unknown keys (an approver id...) are refused. */
const [requestSchema, withdrawSchema, approveSchema, rejectSchema] = exceptionCommandSchema.options;
const commandParameters = {
  request: requestSchema.omit({ kind: true }).extend({ dealId: recordIdSchema }).strict(),
  withdraw: withdrawSchema.omit({ kind: true }).extend({ dealId: recordIdSchema }).strict(),
  approve: approveSchema.omit({ kind: true }).extend({ dealId: recordIdSchema }).strict(),
  reject: rejectSchema.omit({ kind: true }).extend({ dealId: recordIdSchema }).strict(),
};

const decisionResultSchema = z.object({
  dealId: z.string(),
  status: z.enum(EXCEPTION_STATUSES),
  version: z.number().int(),
  /** True when this exact command had already been applied (a retried click): nothing new was written. */
  replayed: z.boolean(),
  /** True when the transition is recorded but its audit note could not be written yet; the next read writes it. */
  auditPending: z.boolean(),
  override: z.boolean(),
  message: z.string(),
});
type DecisionResult = z.infer<typeof decisionResultSchema>;

const gateErrors = {
  ...authenticationErrors,
  INVALID_PARAMETERS: 'A parameter is missing, malformed or not allowed (the acting user is never a parameter); `field` names it. Nothing was written.',
  NOT_FOUND: commonErrors.NOT_FOUND,
  FORBIDDEN: 'The signed-in user may not do this (not on the deal, own request, not an approver for the team, not senior). Nothing was written.',
  CONFLICT: 'The exception changed since it was loaded, or the deal changed materially; reload and try again. Nothing was written.',
  HUBSPOT_RATE_LIMITED: commonErrors.HUBSPOT_RATE_LIMITED,
  HUBSPOT_UNAVAILABLE: commonErrors.HUBSPOT_UNAVAILABLE,
} as const;

const PAST_TENSE: Record<ExceptionCommandKind, string> = {
  request: 'Exception requested',
  withdraw: 'Request withdrawn',
  approve: 'Approval recorded',
  reject: 'Request rejected',
};

export const gateRequestContract = defineAction({
  uid: 'gate_request',
  summary: 'Request a direct-route exception on a deal: a reason code and a justification of at least 30 characters.',
  callers: 'The deal owner or a listed member of the deal team, as HubSpot signed the request.',
  objectType: 'deals',
  parameters: commandParameters.request,
  result: decisionResultSchema,
  errors: gateErrors,
});

export const gateWithdrawContract = defineAction({
  uid: 'gate_withdraw',
  summary: 'Withdraw a pending direct-route exception request.',
  callers: 'The person who requested it.',
  objectType: 'deals',
  parameters: commandParameters.withdraw,
  result: decisionResultSchema,
  errors: gateErrors,
});

export const gateApproveContract = defineAction({
  uid: 'gate_approve',
  summary: 'Approve a pending request (team approval, then the senior approval on escalated deals).',
  callers: "An approver for the requester's team in policy, a senior approver for the second step, or an admin with override; never the requester.",
  objectType: 'deals',
  parameters: commandParameters.approve,
  result: decisionResultSchema,
  errors: gateErrors,
});

export const gateRejectContract = defineAction({
  uid: 'gate_reject',
  summary: 'Reject a pending request with a comment of at least 10 characters.',
  callers: 'Whoever may approve the pending step.',
  objectType: 'deals',
  parameters: commandParameters.reject,
  result: decisionResultSchema,
  errors: gateErrors,
});

export const gateSetRouteContract = defineAction({
  uid: 'gate_set_route',
  summary:
    "Set the deal's co-sell route (cosell_route_chosen). A marketplace route is always allowed; direct is refused while the recommendation requires the marketplace and no valid approval exists.",
  callers: 'The deal owner or a member of the deal team (or an admin with override).',
  objectType: 'deals',
  parameters: z
    .object({
      dealId: recordIdSchema,
      route: z.enum(ROUTES),
      idempotencyKey: z
        .string()
        .min(8)
        .max(128)
        .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
    })
    .strict(),
  result: z.object({ dealId: z.string(), route: z.enum(ROUTES), changed: z.boolean(), message: z.string() }),
  errors: gateErrors,
});

const queueItemSchema = requestBriefSchema.extend({
  dealId: z.string(),
  dealName: z.string(),
  /** The team whose approver decides (the deal owner's when asked), for the page's team filter. */
  team: z.string().nullable(),
  /** The cloud of the marketplace route going direct gives up, for the page's cloud filter. */
  cloud: z.string().nullable(),
  step: z.enum(['team', 'senior']),
  version: z.number().int(),
  /** The viewer would decide as an admin override. */
  override: z.boolean(),
});

const recentDecisionSchema = z.object({
  dealId: z.string(),
  dealName: z.string(),
  action: z.enum(['approve', 'reject']),
  by: z.string(),
  at: z.string(),
  override: z.boolean(),
  comment: z.string().nullable(),
  status: z.enum(EXCEPTION_STATUSES),
});

export const gateApprovalsContract = defineAction({
  uid: 'gate_approvals',
  summary: 'The "Routing approvals" page: pending requests the signed-in user may decide, and recent decisions they can see.',
  callers: 'Any signed-in HubSpot user; the list depends on who HubSpot signed the request for.',
  objectType: null,
  parameters: z.object({}).strict(),
  result: z.object({ pending: z.array(queueItemSchema), recent: z.array(recentDecisionSchema) }),
  errors: { ...authenticationErrors, HUBSPOT_RATE_LIMITED: commonErrors.HUBSPOT_RATE_LIMITED, HUBSPOT_UNAVAILABLE: commonErrors.HUBSPOT_UNAVAILABLE },
});

const nameResolver = (directory: PortalDirectory) => (userId: string | null) => displayName(directory, userId);

/**
 * Applies the transitions the app makes by itself (expiry, invalidation after a material change)
 * before a person's command is judged, so nobody decides on an approval that has already lapsed.
 */
export async function settleSystemTransitions(context: GateContext, deal: GateDeal): Promise<ExceptionState> {
  const before = deal.record.exception;
  let state = before;
  if (deal.facts.ok) state = invalidateOnMaterialChange(state, deal.facts.facts, appPolicy.gate, context.now).state;
  state = expireIfDue(state, context.now).state;
  if (state.version !== before.version) await writeExceptionState(context, deal, state);
  await ensureAuditNotes(context, deal, nameResolver(context.directory));
  return state;
}

function gateContext(context: ActionContext<unknown>): GateContext {
  return { gateway: context.gateway, keeper: context.keeper, directory: context.directory, now: context.now };
}

async function runCommand(context: ActionContext<Record<string, unknown> & { dealId: string }>, kind: ExceptionCommandKind): Promise<DecisionResult> {
  const { dealId, ...fields } = context.parameters;
  const parsed = parseExceptionCommand({ kind, ...fields });
  if (!parsed.ok) throw gateFailure(parsed.error);
  const nameOf = nameResolver(context.directory);
  const gate = gateContext(context);
  return context.withRecordLock('deals', dealId, async () => {
    const deal = await readGateDeal(gate, dealId);
    const state = await settleSystemTransitions(gate, deal);
    // Withdrawing or rejecting needs no current facts; the request's own snapshot is recorded then.
    const needsCurrentFacts = kind === 'request' || kind === 'approve';
    const facts = deal.facts.ok ? deal.facts.facts : needsCurrentFacts ? undefined : state.request?.facts;
    if (!facts) throw new FunctionFailure('CONFLICT', deal.facts.ok ? 'There is no request to decide on.' : deal.facts.message);
    const outcome = applyExceptionCommand(state, parsed.command, { actor: context.actor, deal: deal.access, facts, policy: appPolicy.gate, now: context.now });
    if (!outcome.ok) throw gateFailure(outcome.error);
    if (!outcome.replayed) await writeExceptionState(gate, deal, outcome.state);
    let auditPending = false;
    try {
      await ensureAuditNotes(gate, deal, nameOf);
    } catch (error) {
      // The transition is committed; the missing note is found and written on the next backend read.
      console.error(`gate: audit note for deal ${dealId} v${outcome.entry.version} not written yet`, error);
      auditPending = true;
    }
    return {
      dealId,
      status: outcome.state.status,
      version: outcome.state.version,
      replayed: outcome.replayed,
      auditPending,
      override: outcome.entry.override,
      message: `${PAST_TENSE[kind]}${outcome.entry.override ? ' (admin override)' : ''}; the exception is now ${STATUS_LABELS[outcome.state.status].toLowerCase()}.`,
    };
  });
}

async function setRoute(context: ActionContext<z.infer<typeof gateSetRouteContract.parameters>>) {
  const { dealId, route, idempotencyKey } = context.parameters;
  const nameOf = nameResolver(context.directory);
  const gate = gateContext(context);
  return context.withRecordLock('deals', dealId, async () => {
    const deal = await readGateDeal(gate, dealId);
    const allowed = authorizeRouteChange(context.actor, deal.access, appPolicy.gate);
    if (!allowed.ok) throw gateFailure(allowed.error);
    const state = await settleSystemTransitions(gate, deal);
    let basis = 'A marketplace route needs no approval.';
    if (route === 'direct') {
      if (!deal.facts.ok)
        throw new FunctionFailure(
          'CONFLICT',
          `Cannot route direct: ${deal.facts.message} Fill these in so the app can tell whether the marketplace is required.`,
          'route',
        );
      const { recommendedRoute, ...current } = deal.facts.facts;
      const assessment = assessDirectRoute(state, current, recommendedRoute, context.now, appPolicy.gate);
      if (!assessment.allowed) throw new FunctionFailure('FORBIDDEN', `Cannot route this deal direct: ${assessment.message}`, 'route');
      basis = assessment.message;
    }
    const previous = deal.record.routeChosen;
    if (previous === route) {
      return { dealId, route, changed: false, message: `The route is already ${ROUTE_LABELS[route]}.` };
    }
    await writeGateValues(gate, deal, routeChosenToProperties(route));
    await ensureNote(
      context.gateway,
      { type: 'deals', id: dealId },
      routeMarker(dealId, idempotencyKey),
      routeNoteBody({
        dealId,
        route,
        previous,
        actorName: nameOf(context.actor.userId),
        actorUserId: context.actor.userId,
        at: context.now,
        basis: `${basis}${allowed.override ? ' Set by admin override.' : ''}`,
        idempotencyKey,
      }),
      context.now,
    );
    return { dealId, route, changed: true, message: `Route set to ${ROUTE_LABELS[route]}. ${basis}` };
  });
}

const QUEUE_PROPERTIES = ['dealname', 'cosell_exception_status', 'cosell_exception_decided_at', ...protectedPropertyNames('deals')] as const;
const RECENT_DAYS = 30;
const DAY_MS = 86_400_000;

/** May the viewer see decisions on requests from these teams (they decide them, or they oversee all)? */
function overseesRequest(actor: ActingUser, request: ExceptionRequest): boolean {
  return isTeamApprover(actor.userId, approverTeamsOf(request), appPolicy.gate) || isSenior(actor, appPolicy.gate) || hasOverride(actor, appPolicy.gate);
}

async function approvalsQueue(context: ActionContext<Record<string, never>>) {
  const { gateway, actor, now, directory } = context;
  const nameOf = nameResolver(directory);
  // One search after the other: HubSpot's search limit is per account and per second.
  const pendingDeals = await gateway.search('deals', {
    filterGroups: [{ filters: [{ propertyName: 'cosell_exception_status', operator: 'IN', values: ['requested', 'awaiting_senior'] }] }],
    properties: QUEUE_PROPERTIES,
    sorts: [{ propertyName: 'cosell_exception_requested_at', direction: 'ASCENDING' }],
    maxResults: 500,
  });
  const decidedDeals = await gateway.search('deals', {
    filterGroups: [{ filters: [{ propertyName: 'cosell_exception_decided_at', operator: 'GTE', value: String(now.getTime() - RECENT_DAYS * DAY_MS) }] }],
    properties: QUEUE_PROPERTIES,
    sorts: [{ propertyName: 'cosell_exception_decided_at', direction: 'DESCENDING' }],
    maxResults: 200,
  });
  // Search finds deals by their flat properties, which anyone can edit: only state under the app's seal is listed.
  const stateOf = (deal: CrmRecord) => {
    const values = normalizeAuthoritative('deals', deal.properties);
    if (!sealMatches(context.sealKey, 'deals', deal.id, values, deal.properties[SEAL_PROPERTY])) return null;
    const parsed = parseGateRecord(values);
    return parsed.ok ? parsed.record.exception : null;
  };
  const pending = pendingDeals.flatMap((deal) => {
    const state = stateOf(deal);
    if (!state?.request || (state.status !== 'requested' && state.status !== 'awaiting_senior')) return [];
    const step = state.status === 'requested' ? 'team' : 'senior';
    const allowed = authorizeDecision(actor, state.request, step, state.approvals, appPolicy.gate);
    if (!allowed.ok) return [];
    const request = state.request;
    const teamNames = (request.approverTeamIds ?? request.requesterTeamIds).flatMap((teamId) => directory.teams.find((team) => team.id === teamId)?.name ?? []);
    const marketplaceCloud = request.facts.stakes?.marketplaceRoute.slice('marketplace:'.length) as Cloud | undefined;
    const cloud = marketplaceCloud ?? request.facts.cloud;
    return [
      {
        ...requestBrief(request, state.status, nameOf, now),
        dealId: deal.id,
        dealName: deal.properties.dealname || `Deal ${deal.id}`,
        team: teamNames.length > 0 ? teamNames.join(', ') : null,
        cloud: cloud ? CLOUD_LABELS[cloud] : null,
        step,
        version: state.version,
        override: allowed.override,
      } as const,
    ];
  });
  const recent = decidedDeals
    .flatMap((deal) => {
      const state = stateOf(deal);
      if (!state?.request) return [];
      const request = state.request;
      return state.history
        .filter((entry) => (entry.action === 'approve' || entry.action === 'reject') && Date.parse(entry.at) >= now.getTime() - RECENT_DAYS * DAY_MS)
        .filter((entry) => entry.actorUserId === actor.userId || overseesRequest(actor, request))
        .map((entry) => ({
          dealId: deal.id,
          dealName: deal.properties.dealname || `Deal ${deal.id}`,
          action: entry.action as 'approve' | 'reject',
          by: nameOf(entry.actorUserId),
          at: entry.at,
          override: entry.override,
          comment: entry.comment,
          status: state.status,
        }));
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 50);
  return { pending, recent };
}

export const gateActions: readonly RegisteredAction[] = [
  registerAction(gateRequestContract, (context) => runCommand(context, 'request')),
  registerAction(gateWithdrawContract, (context) => runCommand(context, 'withdraw')),
  registerAction(gateApproveContract, (context) => runCommand(context, 'approve')),
  registerAction(gateRejectContract, (context) => runCommand(context, 'reject')),
  registerAction(gateSetRouteContract, setRoute),
  registerAction(gateApprovalsContract, approvalsQueue),
];
