import { ZodError } from 'zod';
import { assessStalled, assessZombie } from '../../domain/cosell/stalled.ts';
import { deriveCoSellStatus, type UnifiedCoSellStatus } from '../../domain/cosell/status.ts';
import { assessDirectRoute } from '../../domain/exception/assess.ts';
import { initialExceptionState, parseExceptionState } from '../../domain/exception/state.ts';
import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';
import { coSellPolicyOf } from '../../policy/cosell-config.ts';
import type { CrmRecord, HubSpotGateway } from '../gateway.ts';
import { COSELL_DEAL_PROPERTIES, parseCoSellDeal } from '../records/cosell.ts';
import { dealCompanyOf } from '../records/deal-company.ts';
import { gateFactsFromRecords } from '../records/gate-facts.ts';
import {
  ROUTING_COMPANY_PROPERTY_NAMES,
  ROUTING_DEAL_PROPERTY_NAMES,
  ROUTING_RESULT_PROPERTY_NAMES,
  routePropertiesToWrite,
  routeResultToProperties,
} from '../records/routing.ts';

/**
 * `cosell audit`: every open deal re-evaluated with the same rules the cards use. Deals are read a
 * page at a time through HubSpot's list API and each page is finished (its companies read, changed
 * recommendations written, counts added) before it is forgotten, so memory stays flat whatever the
 * portal's size. A few pages are worked on at once so that the requests keep HubSpot's burst limit
 * busy; the gateway's pacer keeps them under it. The checkpoint names the first page not yet
 * finished, so an interrupted audit resumes there; pages after it that were already finished are
 * done again, which changes nothing (only changed recommendations are written).
 */

export const AUDIT_DEAL_PROPERTIES = [
  ...new Set([
    ...COSELL_DEAL_PROPERTIES.filter((name) => !name.startsWith('cosell_ace_')),
    ...ROUTING_DEAL_PROPERTY_NAMES,
    ...ROUTING_RESULT_PROPERTY_NAMES,
    'hubspot_owner_id',
    'cosell_route_chosen',
    'cosell_exception_state',
  ]),
];

/** Ids kept per finding, so a report can name examples without holding the whole portal. */
const EXAMPLES_KEPT = 20;

export interface AuditTotals {
  dealsRead: number;
  openDeals: number;
  routesWritten: number;
  routingIncomplete: number;
  gateViolations: number;
  incompleteAtGatedStage: number;
  unreadable: number;
  cosellStatus: Partial<Record<UnifiedCoSellStatus, number>>;
  stalled: number;
  zombie: number;
  examples: { gateViolations: string[]; incompleteAtGatedStage: string[]; unreadable: string[] };
}

export interface AuditCheckpoint {
  /** HubSpot's list cursor of the first page not yet finished; null: from the start. */
  after: string | null;
  pagesDone: number;
  complete: boolean;
  startedAt: string;
  totals: AuditTotals;
}

export interface AuditProgress {
  totals: AuditTotals;
  pagesDone: number;
  requests: number;
  elapsedMs: number;
}

export interface AuditOptions {
  gateway: HubSpotGateway;
  policy: AppPolicy;
  routingPolicy: RoutingPolicy;
  now: Date;
  /** Pages worked on at once (reading, writing); bounds memory. */
  pagesInFlight?: number;
  resumeFrom?: AuditCheckpoint | null;
  saveCheckpoint?: (checkpoint: AuditCheckpoint) => Promise<void>;
  onProgress?: (progress: AuditProgress) => void;
  /** Stops after the pages under way are finished and saved. */
  signal?: AbortSignal;
  /** Counts what would be written without writing it. */
  dryRun?: boolean;
  /** HTTP requests sent so far (the gateway's onRequest counter), for the progress line. */
  requestCount?: () => number;
}

export function emptyTotals(): AuditTotals {
  return {
    dealsRead: 0,
    openDeals: 0,
    routesWritten: 0,
    routingIncomplete: 0,
    gateViolations: 0,
    incompleteAtGatedStage: 0,
    unreadable: 0,
    cosellStatus: {},
    stalled: 0,
    zombie: 0,
    examples: { gateViolations: [], incompleteAtGatedStage: [], unreadable: [] },
  };
}

function addTotals(into: AuditTotals, page: AuditTotals): void {
  for (const key of [
    'dealsRead',
    'openDeals',
    'routesWritten',
    'routingIncomplete',
    'gateViolations',
    'incompleteAtGatedStage',
    'unreadable',
    'stalled',
    'zombie',
  ] as const) {
    into[key] += page[key];
  }
  for (const [status, count] of Object.entries(page.cosellStatus) as [UnifiedCoSellStatus, number][])
    into.cosellStatus[status] = (into.cosellStatus[status] ?? 0) + count;
  for (const key of ['gateViolations', 'incompleteAtGatedStage', 'unreadable'] as const) {
    into.examples[key] = [...into.examples[key], ...page.examples[key]].slice(0, EXAMPLES_KEPT);
  }
}

interface PortalFacts {
  openStages: Set<string>;
  ownerUserIds: Map<string, string>;
}

async function portalFacts(gateway: HubSpotGateway): Promise<PortalFacts> {
  const [pipelines, owners] = await Promise.all([gateway.dealPipelines(), gateway.owners()]);
  return {
    openStages: new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => !stage.isClosed).map((stage) => stage.id))),
    ownerUserIds: new Map(owners.filter((owner) => owner.userId !== null).map((owner) => [owner.id, String(owner.userId)])),
  };
}

async function auditPage(records: readonly { record: CrmRecord; companyId: string | null }[], facts: PortalFacts, options: AuditOptions): Promise<AuditTotals> {
  const totals = emptyTotals();
  const { gateway, policy, routingPolicy, now } = options;
  totals.dealsRead = records.length;
  const open = records.filter(({ record }) => facts.openStages.has(record.properties.dealstage ?? ''));
  totals.openDeals = open.length;
  const companyIds = [...new Set(open.map(({ companyId }) => companyId).filter((id): id is string => id !== null))];
  const companies = new Map(
    companyIds.length > 0
      ? (await gateway.readRecords('companies', companyIds, ROUTING_COMPANY_PROPERTY_NAMES)).map((company) => [company.id, company.properties])
      : [],
  );
  const cosellPolicy = coSellPolicyOf(policy);
  const today = now.toISOString().slice(0, 10);
  const gated = new Set(policy.pipeline.contractStageIds);
  const updates: { id: string; properties: Record<string, string> }[] = [];
  for (const { record, companyId } of open) {
    const deal = record.properties;
    try {
      const coSell = parseCoSellDeal({ ...deal, hs_object_id: record.id });
      const status = deriveCoSellStatus(coSell.coSell);
      totals.cosellStatus[status.status] = (totals.cosellStatus[status.status] ?? 0) + 1;
      if (assessStalled(status, today, policy.cosell).stalled) totals.stalled += 1;
      if (assessZombie(coSell.zombie, today, cosellPolicy).zombie) totals.zombie += 1;
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      totals.unreadable += 1;
      totals.examples.unreadable.push(record.id);
    }
    const ownerUserId = deal.hubspot_owner_id ? (facts.ownerUserIds.get(deal.hubspot_owner_id) ?? null) : null;
    const judged = gateFactsFromRecords(deal, companyId ? (companies.get(companyId) ?? null) : null, routingPolicy, ownerUserId);
    const atGatedStage = gated.has(deal.dealstage ?? '');
    if (!judged.ok) {
      totals.routingIncomplete += 1;
      if (atGatedStage) {
        totals.incompleteAtGatedStage += 1;
        totals.examples.incompleteAtGatedStage.push(record.id);
      }
      continue;
    }
    const changes = routePropertiesToWrite(deal, routeResultToProperties(judged.routing, now));
    if (changes) updates.push({ id: record.id, properties: changes });
    if (atGatedStage && !(deal.cosell_route_chosen ?? '').startsWith('marketplace:')) {
      const parsed = parseExceptionState(deal.cosell_exception_state);
      const state = parsed.ok ? parsed.state : initialExceptionState();
      if (!assessDirectRoute(state, judged.facts, judged.facts.recommendedRoute, now, policy.gate).allowed) {
        totals.gateViolations += 1;
        totals.examples.gateViolations.push(record.id);
      }
    }
  }
  if (updates.length > 0 && !options.dryRun) await gateway.updateRecords('deals', updates);
  totals.routesWritten = updates.length;
  for (const key of ['gateViolations', 'incompleteAtGatedStage', 'unreadable'] as const) totals.examples[key] = totals.examples[key].slice(0, EXAMPLES_KEPT);
  return totals;
}

/** Runs (or resumes) the audit; resolves with the final checkpoint (`complete` unless stopped by the signal). */
export async function auditPortal(options: AuditOptions): Promise<AuditCheckpoint> {
  const startedAt = Date.now();
  const resume = options.resumeFrom && !options.resumeFrom.complete ? options.resumeFrom : null;
  const checkpoint: AuditCheckpoint = resume
    ? { ...resume, totals: structuredClone(resume.totals) }
    : { after: null, pagesDone: 0, complete: false, startedAt: options.now.toISOString(), totals: emptyTotals() };
  const facts = await portalFacts(options.gateway);
  const limit = Math.max(1, options.pagesInFlight ?? 4);
  const finished = new Map<number, { totals: AuditTotals; nextAfter: string | null }>();
  const inFlight = new Set<Promise<void>>();
  let nextToCommit = 0;
  let saving: Promise<void> = Promise.resolve();
  let failure: unknown;

  const progress = () =>
    options.onProgress?.({
      totals: checkpoint.totals,
      pagesDone: checkpoint.pagesDone,
      requests: options.requestCount?.() ?? 0,
      elapsedMs: Date.now() - startedAt,
    });

  /** Moves the checkpoint past every page finished in order; later pages wait for earlier ones. */
  const commit = () => {
    let advanced = false;
    for (let entry = finished.get(nextToCommit); entry; entry = finished.get(nextToCommit)) {
      finished.delete(nextToCommit);
      addTotals(checkpoint.totals, entry.totals);
      checkpoint.after = entry.nextAfter;
      checkpoint.pagesDone += 1;
      nextToCommit += 1;
      advanced = true;
    }
    if (advanced && options.saveCheckpoint) {
      const snapshot = structuredClone(checkpoint);
      saving = saving.then(() => options.saveCheckpoint!(snapshot));
    }
    progress();
  };

  let after = checkpoint.after ?? undefined;
  let reachedEnd = false;
  try {
    for (let sequence = 0; failure === undefined && !options.signal?.aborted && !reachedEnd; sequence += 1) {
      const page = await options.gateway.listPage('deals', { properties: AUDIT_DEAL_PROPERTIES, associations: ['companies'], after });
      const records = page.records.map(({ record, associations }) => ({ record, companyId: dealCompanyOf(associations.companies).id }));
      const nextAfter = page.after ?? null;
      const work = auditPage(records, facts, options)
        .then((totals) => {
          finished.set(sequence, { totals, nextAfter });
          commit();
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
      const tracked = work.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= limit) await Promise.race(inFlight);
      reachedEnd = !page.after;
      after = page.after;
    }
  } finally {
    // Whatever stops the loop, the pages under way are finished and the checkpoint saved.
    await Promise.all(inFlight);
    checkpoint.complete = reachedEnd && failure === undefined && finished.size === 0;
    if (options.saveCheckpoint) {
      const snapshot = structuredClone(checkpoint);
      saving = saving.then(() => options.saveCheckpoint!(snapshot));
    }
    await saving;
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`the audit failed: ${JSON.stringify(failure)}`);
  return checkpoint;
}
