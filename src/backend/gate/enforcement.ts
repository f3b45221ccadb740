import { assessDirectRoute, detectGateViolation, type GateViolation, type JudgedFacts } from '../../domain/exception/index.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import { dealStageLabel, displayName, type PortalDirectory } from '../../hubspot/directory.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { protectedPropertyNames } from '../../hubspot/integrity/seal.ts';
import { ensureNote, ensureTask, engagementBodies } from '../../hubspot/records/engagements.ts';
import { gateFactsFromRecords, gateRoutingPolicy, GATE_DEAL_HISTORY_NAMES, type GateFacts } from '../../hubspot/records/gate-facts.ts';
import { gateViolationClearedToProperties, gateViolationToProperties } from '../../hubspot/records/gate.ts';
import { incompleteRoutingMarker, violationMarker, violationNoteBody, violationTaskSubject } from '../../hubspot/records/gate-audit.ts';
import { productOffersAt } from '../../hubspot/records/deal-products.ts';
import { enteredCurrentValueAt, propertiesAt } from '../../hubspot/records/history.ts';
import { ROUTING_COMPANY_PROPERTY_NAMES } from '../../hubspot/records/routing.ts';
import { gateProperties } from '../../hubspot/schema/gate.ts';
import { productProperties } from '../../hubspot/schema/products.ts';
import { parseSourceId, type WebhookEvent } from '../../identity/webhooks.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import type { WebhookContext } from '../handler.ts';
import type { WebhookProcessor } from '../webhook-worker.ts';
import { settleSystemTransitions } from './actions.ts';
import { approverFor, readGateDeal, writeGateValues, type GateContext, type GateDeal } from './deal-gate.ts';

const DEALS = '0-3';
const COMPANIES = '0-2';
const PRODUCTS = '0-7';
const LINE_ITEMS = '0-8';

/**
 * Every deal property the gate's decision depends on: each routing input, the stage, owner and deal
 * team, and the app's own gate state (an outside edit of which is repaired). The webhook
 * subscriptions in app/webhooks are generated from this list and the company one below.
 */
export const GATE_WATCHED_DEAL_PROPERTIES: readonly string[] = [
  ...new Set([
    ...GATE_DEAL_HISTORY_NAMES,
    'pipeline',
    'hs_all_collaborator_owner_ids',
    ...protectedPropertyNames('deals'),
    ...gateProperties.map((property) => property.name),
  ]),
];
/** Company inputs of the routing engine: a change re-judges the company's deals. */
export const GATE_WATCHED_COMPANY_PROPERTIES: readonly string[] = ROUTING_COMPANY_PROPERTY_NAMES;
/**
 * Line item inputs: which product it sells and what decides its net price, discounts included (the
 * largest line item's product supplies the offer facts; the net price itself is HubSpot's
 * calculation, and whether a calculated value sends a webhook is not documented). A change, a new
 * line item or one taken off re-judges its deal.
 */
export const GATE_WATCHED_LINE_ITEM_PROPERTIES: readonly string[] = ['hs_product_id', 'price', 'quantity', 'discount', 'hs_discount_percentage'];
/** The offer facts a product holds: a change re-judges every deal that sells it. */
export const GATE_WATCHED_PRODUCT_PROPERTIES: readonly string[] = productProperties.map((property) => property.name);

const watchedDeal = new Set(GATE_WATCHED_DEAL_PROPERTIES);
const watchedCompany = new Set<string>(GATE_WATCHED_COMPANY_PROPERTIES);
const watchedLineItem = new Set(GATE_WATCHED_LINE_ITEM_PROPERTIES);
const watchedProduct = new Set(GATE_WATCHED_PRODUCT_PROPERTIES);

/** The stage just before the first gated stage of the deal's pipeline: where a violating deal is moved back to. */
function stageBeforeGate(pipelineId: string | null): string | null {
  const order = pipelineId ? appPolicy.pipeline.stageOrder[pipelineId] : undefined;
  if (!order) return null;
  const gated = new Set([...appPolicy.pipeline.contractStageIds, ...appPolicy.pipeline.closedWonStageIds]);
  const firstGated = order.findIndex((stage) => gated.has(stage));
  return firstGated > 0 ? order[firstGated - 1]! : null;
}

function changedBy(event: WebhookEvent | undefined, directory: PortalDirectory): string {
  if (!event || event.kind === 'unrecognised') return 'an unknown source';
  const source = parseSourceId(event.sourceId);
  const via = event.changeSource ? ` via ${event.changeSource}` : '';
  if (source?.kind === 'user') return `${displayName(directory, source.userId)} (HubSpot user ${source.userId}${via})`;
  return source ? `${source.type} ${source.id}${via}` : `${event.sourceId ?? 'an unknown source'}${via}`;
}

function judged(facts: GateFacts): JudgedFacts {
  if (!facts.ok) return facts;
  const { recommendedRoute, ...rest } = facts.facts;
  return { ok: true, facts: rest, recommendation: recommendedRoute };
}

/** The line items that sell any of these products (HubSpot's search stops at 10,000 of them). */
export async function lineItemsSelling(productIds: readonly string[], gateway: HubSpotGateway): Promise<Map<string, string>> {
  const lineItems = await gateway.search('line_items', {
    filterGroups: [{ filters: [{ propertyName: 'hs_product_id', operator: 'IN', values: [...productIds] }] }],
    properties: ['hs_product_id'],
  });
  return new Map(lineItems.map((lineItem) => [lineItem.id, lineItem.properties.hs_product_id ?? '']));
}

/**
 * Deals whose gate the events concern: changed deals, deals whose company or line items changed,
 * deals of a changed company, deals that sell a changed product.
 */
async function dealsConcerned(events: readonly WebhookEvent[], context: WebhookContext): Promise<Map<string, WebhookEvent[]>> {
  const byDeal = new Map<string, WebhookEvent[]>();
  const add = (dealId: string, event: WebhookEvent) => byDeal.set(dealId, [...(byDeal.get(dealId) ?? []), event]);
  const linkedToDeal = (event: Extract<WebhookEvent, { kind: 'association' }>, other: string) =>
    (event.fromObjectTypeId === DEALS && event.toObjectTypeId === other) || (event.fromObjectTypeId === other && event.toObjectTypeId === DEALS);
  const watchedChange = (event: Extract<WebhookEvent, { kind: 'object' }>, watched: ReadonlySet<string>) =>
    event.action !== 'propertyChange' || watched.has(event.propertyName ?? '');
  const companies = new Map<string, WebhookEvent>();
  const lineItems = new Map<string, WebhookEvent>();
  const products = new Map<string, WebhookEvent>();
  for (const event of events) {
    if (event.kind === 'object' && event.objectTypeId === DEALS && watchedChange(event, watchedDeal)) add(event.objectId, event);
    else if (event.kind === 'merge' && event.objectTypeId === DEALS) add(event.newObjectId, event);
    else if (event.kind === 'association' && (linkedToDeal(event, COMPANIES) || linkedToDeal(event, LINE_ITEMS)))
      add(event.fromObjectTypeId === DEALS ? event.fromObjectId : event.toObjectId, event);
    else if (event.kind === 'object' && event.objectTypeId === COMPANIES && event.action === 'propertyChange' && watchedCompany.has(event.propertyName ?? ''))
      companies.set(event.objectId, event);
    else if (event.kind === 'object' && event.objectTypeId === LINE_ITEMS && watchedChange(event, watchedLineItem)) lineItems.set(event.objectId, event);
    else if (event.kind === 'object' && event.objectTypeId === PRODUCTS && event.action === 'propertyChange' && watchedProduct.has(event.propertyName ?? ''))
      products.set(event.objectId, event);
  }
  if (companies.size > 0) {
    const dealsOf = await context.gateway.associatedIds('companies', [...companies.keys()], 'deals');
    for (const [companyId, dealIds] of dealsOf) for (const dealId of dealIds) add(dealId, companies.get(companyId)!);
  }
  if (products.size > 0) {
    for (const [lineItemId, productId] of await lineItemsSelling([...products.keys()], context.gateway)) {
      if (!lineItems.has(lineItemId)) lineItems.set(lineItemId, products.get(productId)!);
    }
  }
  if (lineItems.size > 0) {
    const dealsOf = await context.gateway.associatedIds('line_items', [...lineItems.keys()], 'deals');
    for (const [lineItemId, dealIds] of dealsOf) for (const dealId of dealIds) add(dealId, lineItems.get(lineItemId)!);
  }
  return byDeal;
}

async function notify(context: GateContext, deal: GateDeal, marker: string, summary: string, subject: string): Promise<void> {
  const on = { type: 'deals' as const, id: deal.id };
  const notes = await engagementBodies(context.gateway, on, 'notes');
  await ensureNote(context.gateway, on, marker, summary, context.now, notes);
  const approver = approverFor(context.directory, deal.access.ownerUserId);
  if (approver) await ensureTask(context.gateway, on, marker, { subject, body: summary, ownerId: approver.ownerId, at: context.now });
}

async function enforceOnDeal(dealId: string, events: readonly WebhookEvent[], context: WebhookContext): Promise<void> {
  const directory = await context.directory.load(context.now);
  const gate: GateContext = { gateway: context.gateway, keeper: context.keeper, directory, now: context.now };
  let deal: GateDeal;
  try {
    deal = await readGateDeal(gate, dealId);
  } catch (error) {
    // A deal deleted since the event has nothing left to enforce.
    if (error instanceof FunctionFailure && error.code === 'NOT_FOUND') return;
    throw error;
  }
  const state = await settleSystemTransitions(gate, deal);
  const stageId = deal.properties.dealstage ?? '';
  const entryAt = new Date(enteredCurrentValueAt(deal.history, 'dealstage', stageId) ?? context.now.getTime());
  const dealAtEntry = propertiesAt(deal.properties, deal.history, entryAt.getTime());
  const companyAtEntry = deal.companyRecord ? propertiesAt(deal.companyRecord.properties, deal.companyHistory, entryAt.getTime()) : null;
  const productsAtEntry = productOffersAt(deal.productsRead, entryAt.getTime());
  const factsAtEntry = gateFactsFromRecords(dealAtEntry, companyAtEntry, gateRoutingPolicy(), deal.access.ownerUserId, productsAtEntry);
  const routeAtEntry = propertiesAt(
    { cosell_route_chosen: deal.record.routeChosen },
    { cosell_route_chosen: deal.history.cosell_route_chosen },
    entryAt.getTime(),
  ).cosell_route_chosen;
  const violation: GateViolation = detectGateViolation({
    state,
    stageId,
    stages: appPolicy.pipeline,
    entry: { at: entryAt, facts: judged(factsAtEntry), route: (routeAtEntry || deal.record.routeChosen) as GateDeal['record']['routeChosen'] },
    current: { facts: judged(deal.facts), route: deal.record.routeChosen },
    now: context.now,
    policy: appPolicy.gate,
  });
  const flagged = deal.record.violation;
  const approver = approverFor(directory, deal.access.ownerUserId);
  if (!violation.violation) {
    if (violation.incomplete) {
      const marker = incompleteRoutingMarker(deal.id, entryAt);
      const summary = violationNoteBody({
        dealId: deal.id,
        message: violation.incomplete.message,
        stage: dealStageLabel(directory, stageId),
        changedBy: changedBy(events.at(-1), directory),
        detectedAt: entryAt,
        facts: null,
        movedBackTo: null,
        notified: approver ? displayName(directory, approver.userId) : null,
        marker,
        kind: 'incomplete',
      });
      await notify(gate, deal, marker, summary, `Routing incomplete: ${deal.properties.dealname || `Deal ${deal.id}`} reached a gated stage`);
    }
    // Cleared once the cause is gone (a marketplace route or a valid approval), not merely by leaving the stage.
    const inGatedStage = [...appPolicy.pipeline.contractStageIds, ...appPolicy.pipeline.closedWonStageIds].includes(stageId);
    const current = judged(deal.facts);
    const directAllowed = current.ok && assessDirectRoute(state, current.facts, current.recommendation, context.now, appPolicy.gate).allowed;
    const resolved = inGatedStage || (deal.record.routeChosen !== null && deal.record.routeChosen !== 'direct') || directAllowed;
    if (flagged.flagged && resolved) await writeGateValues(gate, deal, gateViolationClearedToProperties());
    return;
  }
  const lastDetected = flagged.detectedAt ? Date.parse(flagged.detectedAt) : null;
  // One violation per stage entry: a redelivered event or a second input change in the same stay is already counted.
  const alreadyCounted = flagged.flagged && lastDetected === entryAt.getTime();
  const movedBackTo = violation.moveBack && !alreadyCounted ? stageBeforeGate(deal.properties.pipeline ?? null) : null;
  if (!alreadyCounted) {
    await writeGateValues(gate, deal, gateViolationToProperties(flagged, entryAt), movedBackTo ? { dealstage: movedBackTo } : {});
  }
  const stageEvent = [...events].reverse().find((event) => event.kind === 'object' && event.propertyName === 'dealstage');
  const summary = violationNoteBody({
    dealId: deal.id,
    message: violation.message,
    stage: dealStageLabel(directory, stageId),
    changedBy: changedBy(stageEvent ?? events.at(-1), directory),
    detectedAt: entryAt,
    facts: deal.facts.ok ? deal.facts.facts : null,
    movedBackTo: movedBackTo ? dealStageLabel(directory, movedBackTo) : null,
    notified: approver ? displayName(directory, approver.userId) : null,
    marker: violationMarker(deal.id, entryAt),
  });
  await notify(gate, deal, violationMarker(deal.id, entryAt), summary, violationTaskSubject(deal.properties.dealname || `Deal ${deal.id}`));
}

/**
 * Enforcement after the fact: HubSpot cannot veto a property edit, so on every change to a gate
 * input the app settles expiry and invalidation, and flags a deal that sits in a contract or
 * closed-won stage without a marketplace route and without a valid approval (note, approver task,
 * count; optionally moved back). Safe on redelivered events: every write is decided from the deal's
 * current state under its lock, and one stage entry is counted once.
 */
export const gateEnforcement: WebhookProcessor = async (events, context) => {
  for (const [dealId, dealEvents] of await dealsConcerned(events, context)) {
    await context.withRecordLock('deals', dealId, () => enforceOnDeal(dealId, dealEvents, context));
  }
};
