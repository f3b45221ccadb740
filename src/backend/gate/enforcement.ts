import { assessDirectRoute, detectGateViolation, type GateViolation } from '../../domain/exception/index.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { violationMarker, violationNoteBody, violationTaskSubject } from '../../hubspot/records/gate-audit.ts';
import { gateViolationClearedToProperties, gateViolationToProperties } from '../../hubspot/records/gate.ts';
import { parseSourceId, type WebhookEvent } from '../../identity/webhooks.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { displayName, type PortalDirectory } from '../directory.ts';
import type { WebhookContext, WebhookSubscriber } from '../handler.ts';
import { engagementBodies, readGateDeal, type GateDeal } from './deal-gate.ts';
import { settleSystemTransitions } from './actions.ts';

const DEALS = '0-3';
/** Deal changes that can make an approval lapse or put a direct deal into a gated stage. */
const WATCHED_PROPERTIES = new Set(['dealstage', 'amount', 'deal_currency_code', 'dealtype', 'cosell_deal_type', 'cosell_cloud', 'cosell_route_chosen']);

function isWatchedDealEvent(event: WebhookEvent): boolean {
  if (event.objectTypeId !== DEALS) return false;
  if (event.subscriptionType === 'object.creation') return true;
  return event.subscriptionType === 'object.propertyChange' && WATCHED_PROPERTIES.has(event.propertyName ?? '');
}

/** The stage just before the first gated stage of the deal's pipeline: where a violating deal is moved back to. */
function stageBeforeGate(pipelineId: string | null): string | null {
  const order = pipelineId ? appPolicy.pipeline.stageOrder[pipelineId] : undefined;
  if (!order) return null;
  const gated = new Set([...appPolicy.pipeline.contractStageIds, ...appPolicy.pipeline.closedWonStageIds]);
  const firstGated = order.findIndex((stage) => gated.has(stage));
  return firstGated > 0 ? order[firstGated - 1]! : null;
}

/**
 * Whom to tell: the approver(s) policy names for the owner's teams, else the named approvers,
 * else the senior approvers, as HubSpot owner ids (tasks are assigned to owners).
 */
function managerOwnerId(directory: PortalDirectory, ownerUserId: string | null): { ownerId: string; userId: string } | null {
  const user = directory.users.find((candidate) => candidate.id === ownerUserId);
  const teamIds = user ? [user.primaryTeamId, ...user.secondaryTeamIds].filter((id): id is string => Boolean(id)) : [];
  const candidates = [
    ...teamIds.flatMap((teamId) => appPolicy.gate.teamApprovers[teamId] ?? []),
    ...appPolicy.gate.namedApproverUserIds,
    ...appPolicy.gate.senior.userIds,
  ].filter((userId) => userId !== ownerUserId);
  for (const userId of candidates) {
    const owner = directory.owners.find((candidate) => String(candidate.userId) === userId);
    if (owner) return { ownerId: owner.id, userId };
  }
  return null;
}

function changedBy(event: WebhookEvent | undefined, directory: PortalDirectory): string {
  const source = parseSourceId(event?.sourceId);
  const via = event?.changeSource ? ` via ${event.changeSource}` : '';
  if (source?.kind === 'user') return `${displayName(directory, source.userId)} (HubSpot user ${source.userId}${via})`;
  return source ? `${source.type} ${source.id}${via}` : `an unknown source${via}`;
}

interface Detected {
  deal: GateDeal;
  violation: Extract<GateViolation, { violation: true }>;
  detectedAt: Date;
  movedBackTo: string | null;
  stageEvent: WebhookEvent | undefined;
}

/** The note and the manager's task for one detected violation, each written once (marker check). */
async function ensureViolationNotices(gateway: HubSpotGateway, directory: PortalDirectory, detected: Detected): Promise<void> {
  const { deal, violation, detectedAt, movedBackTo } = detected;
  const marker = violationMarker(deal.id, detectedAt);
  const dealName = deal.properties.dealname || `Deal ${deal.id}`;
  const manager = managerOwnerId(directory, deal.access.ownerUserId);
  const summary = violationNoteBody({
    dealId: deal.id,
    message: violation.message,
    stageId: deal.properties.dealstage ?? '?',
    changedBy: changedBy(detected.stageEvent, directory),
    detectedAt,
    facts: deal.facts.ok ? deal.facts.facts : null,
    movedBackTo,
    notified: manager ? displayName(directory, manager.userId) : null,
  });
  const [notes, tasks] = await Promise.all([engagementBodies(gateway, deal.id, 'notes'), manager ? engagementBodies(gateway, deal.id, 'tasks') : Promise.resolve([])]);
  if (!notes.some((body) => body.includes(marker))) {
    await gateway.createRecord('notes', { hs_timestamp: detectedAt.toISOString(), hs_note_body: summary }, [{ type: 'deals', id: deal.id }]);
  }
  if (manager && !tasks.some((body) => body.includes(marker))) {
    await gateway.createRecord(
      'tasks',
      {
        hs_timestamp: detectedAt.toISOString(),
        hs_task_subject: violationTaskSubject(dealName),
        hs_task_body: summary,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: manager.ownerId,
      },
      [{ type: 'deals', id: deal.id }],
    );
  }
}

async function enforceOnDeal(dealId: string, events: readonly WebhookEvent[], context: WebhookContext): Promise<void> {
  const directory = await context.directory.load(context.now);
  const nameOf = (userId: string | null) => displayName(directory, userId);
  let deal: GateDeal;
  try {
    deal = await readGateDeal(context.gateway, dealId, directory.owners);
  } catch (error) {
    // A deal deleted since the event has nothing left to enforce.
    if (error instanceof FunctionFailure && error.code === 'NOT_FOUND') return;
    throw error;
  }
  const state = await settleSystemTransitions(context.gateway, deal, context.now, nameOf);
  if (!deal.facts.ok) return;
  const { recommendedRoute, ...facts } = deal.facts.facts;
  const violation = detectGateViolation({
    state,
    facts,
    recommendation: recommendedRoute,
    chosenRoute: deal.record.routeChosen,
    stageId: deal.properties.dealstage ?? '',
    stages: appPolicy.pipeline,
    now: context.now,
    policy: appPolicy.gate,
  });
  const flagged = deal.record.violation;
  if (!violation.violation) {
    // Cleared once the cause is gone (a marketplace route or a valid approval), not merely by leaving the stage.
    const resolved = deal.record.routeChosen !== 'direct' || assessDirectRoute(state, facts, recommendedRoute, context.now, appPolicy.gate).allowed;
    if (flagged.flagged && resolved) await context.gateway.updateRecord('deals', dealId, gateViolationClearedToProperties());
    return;
  }
  const stageEvent = [...events].reverse().find((event) => event.propertyName === 'dealstage');
  const lastDetected = flagged.detectedAt ? Date.parse(flagged.detectedAt) : null;
  // A retried delivery carries the same occurredAt: the violation it reports is already counted.
  const alreadyCounted = flagged.flagged && (stageEvent === undefined || (lastDetected !== null && stageEvent.occurredAt <= lastDetected));
  const detectedAt = alreadyCounted && lastDetected !== null ? new Date(lastDetected) : new Date(stageEvent?.occurredAt ?? context.now.getTime());
  const movedBackTo = violation.moveBack ? stageBeforeGate(deal.properties.pipeline ?? null) : null;
  if (!alreadyCounted) {
    await context.gateway.updateRecord('deals', dealId, {
      ...gateViolationToProperties(flagged, detectedAt),
      ...(movedBackTo ? { dealstage: movedBackTo } : {}),
    });
  }
  await ensureViolationNotices(context.gateway, directory, { deal, violation, detectedAt, movedBackTo: alreadyCounted ? null : movedBackTo, stageEvent });
}

/**
 * Enforcement after the fact: HubSpot cannot veto a property edit, so on every watched deal change
 * the app settles expiry and invalidation, and flags a deal that sits in a contract or closed-won
 * stage routed direct without a valid approval (note, manager task, count; optionally moved back).
 * Safe on retried deliveries: every write is decided from the deal's current state under its lock.
 */
export const gateEnforcement: WebhookSubscriber = async (events, context) => {
  const byDeal = new Map<string, WebhookEvent[]>();
  for (const event of events.filter(isWatchedDealEvent)) byDeal.set(event.objectId, [...(byDeal.get(event.objectId) ?? []), event]);
  for (const [dealId, dealEvents] of byDeal) {
    await context.locks.run(dealId, () => enforceOnDeal(dealId, dealEvents, context));
  }
};
