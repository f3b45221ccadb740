import { ZodError } from 'zod';
import { assessStalled, assessZombie } from '../../domain/cosell/stalled.ts';
import { deriveCoSellStatus, type UnifiedCoSellStatus } from '../../domain/cosell/status.ts';
import { assessDirectRoute } from '../../domain/exception/assess.ts';
import { initialExceptionState, parseExceptionState } from '../../domain/exception/state.ts';
import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';
import { coSellPolicyOf } from '../../policy/cosell-config.ts';
import type { CrmRecord, HubSpotGateway, HubSpotOwner } from '../gateway.ts';
import { protectedPropertyNames } from '../integrity/seal.ts';
import type { PropertyHistory } from '../integrity/verify.ts';
import { METRICS_COMPANY_PROPERTIES, METRICS_DEAL_PROPERTIES, MetricsRecordReader, type MetricsCollector } from '../metrics/snapshot.ts';
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
 * The portal-wide pass, one engine for `cosell audit` and the metrics page's snapshot: every open
 * deal re-evaluated with the card's rules (changed routing recommendations written back, gate
 * violations and co-sell readiness counted) and, when a metrics collector is given, every deal and
 * ring-fenced company gathered for the page in the same reading.
 *
 * `passPortal` reads the whole portal a page at a time through HubSpot's list API (no 10,000-record
 * search ceiling); each page is finished (its companies read, changed recommendations written,
 * counts added, metrics records handed over) before it is forgotten, so the audit's memory stays
 * flat whatever the portal's size. A few pages are worked on at once so that the requests keep
 * HubSpot's burst limit busy; the gateway's pacer keeps them under it. The checkpoint names the
 * first page not yet finished, so an interrupted pass resumes there; pages after it that were
 * already finished are done again, which changes nothing (only changed recommendations are written).
 *
 * `passChanges` keeps a collector current afterwards: it asks HubSpot's search for the records
 * modified since a moment (`hs_lastmodifieddate`) and re-evaluates only those, a handful of calls
 * instead of a whole-portal read.
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
const MODIFIED = 'hs_lastmodifieddate';
const PASS_DEAL_PROPERTIES = [...new Set([...AUDIT_DEAL_PROPERTIES, ...METRICS_DEAL_PROPERTIES, ...protectedPropertyNames('deals'), MODIFIED])];
const PASS_COMPANY_PROPERTIES = [...new Set([...METRICS_COMPANY_PROPERTIES, ...protectedPropertyNames('companies'), MODIFIED])];
/**
 * The metrics judge a won deal on the route chosen on its close day, and believe the app's records
 * only where their seal verifies against HubSpot's history: the protected properties' history is read.
 */
const DEAL_HISTORY = protectedPropertyNames('deals');
const COMPANY_HISTORY = protectedPropertyNames('companies');

function modifiedAtOf(record: CrmRecord): number | null {
  const ms = Date.parse(record.properties[MODIFIED] ?? '');
  return Number.isFinite(ms) ? ms : null;
}

/** Ids kept per finding, so a report can name examples without holding the whole portal. */
const EXAMPLES_KEPT = 20;

/** HubSpot's search returns at most 10,000 records per query (reference: CRM API limits). */
export const SEARCH_RESULT_CEILING = 10_000;
/** Beyond this many changed deals a whole-portal pass costs fewer calls than reading each one. */
export const CHANGES_BEFORE_FULL_PASS = 30_000;

export interface AuditTotals {
  dealsRead: number;
  companiesRead: number;
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

export interface PassCheckpoint {
  /** Which list the next page comes from: companies are read first when the metrics are gathered. */
  phase: 'companies' | 'deals';
  /** HubSpot's list cursor of the first page not yet finished; null: from the start of the phase. */
  after: string | null;
  pagesDone: number;
  complete: boolean;
  startedAt: string;
  totals: AuditTotals;
}

export interface PassProgress {
  totals: AuditTotals;
  pagesDone: number;
  requests: number;
  elapsedMs: number;
}

interface PassBase {
  gateway: HubSpotGateway;
  policy: AppPolicy;
  routingPolicy: RoutingPolicy;
  now: Date;
  /** Counts what would be written without writing it. */
  dryRun?: boolean;
  /** When given, every deal and ring-fenced company is gathered into it for the metrics page. */
  metrics?: MetricsCollector;
  /** The app's seal key, needed with `metrics`: the app's own records count only where their seal verifies. */
  sealKey?: string;
}

export interface PortalPassOptions extends PassBase {
  /** Pages worked on at once (reading, writing); bounds memory. */
  pagesInFlight?: number;
  resumeFrom?: PassCheckpoint | null;
  saveCheckpoint?: (checkpoint: PassCheckpoint) => Promise<void>;
  onProgress?: (progress: PassProgress) => void;
  /** Stops after the pages under way are finished and saved. */
  signal?: AbortSignal;
  /** HTTP requests sent so far (the gateway's onRequest counter), for the progress line. */
  requestCount?: () => number;
}

export function emptyTotals(): AuditTotals {
  return {
    dealsRead: 0,
    companiesRead: 0,
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

const COUNTS = [
  'dealsRead',
  'companiesRead',
  'openDeals',
  'routesWritten',
  'routingIncomplete',
  'gateViolations',
  'incompleteAtGatedStage',
  'unreadable',
  'stalled',
  'zombie',
] as const;

function addTotals(into: AuditTotals, page: AuditTotals): void {
  // `?? 0`: a checkpoint saved before a count existed resumes with it at zero.
  for (const key of COUNTS) into[key] = (into[key] ?? 0) + page[key];
  for (const [status, count] of Object.entries(page.cosellStatus) as [UnifiedCoSellStatus, number][])
    into.cosellStatus[status] = (into.cosellStatus[status] ?? 0) + count;
  for (const key of ['gateViolations', 'incompleteAtGatedStage', 'unreadable'] as const) {
    into.examples[key] = [...into.examples[key], ...page.examples[key]].slice(0, EXAMPLES_KEPT);
  }
}

/** What every page's work needs, read once per pass. */
interface PortalFacts {
  openStages: Set<string>;
  ownerUserIds: Map<string, string>;
  reader: MetricsRecordReader | null;
  /** Routing properties of companies read during this pass (metrics passes read every company first). */
  companies: Map<string, Record<string, string | null>>;
}

async function portalFacts(options: PassBase): Promise<PortalFacts> {
  const { gateway, metrics } = options;
  const [pipelines, owners, teams] = await Promise.all([gateway.dealPipelines(), gateway.owners(), metrics ? gateway.teams() : Promise.resolve([])]);
  if (metrics) metrics.setTeamNames(teams);
  if (metrics && !options.sealKey) throw new Error('gathering the metrics needs the app’s seal key, to believe only the app’s own records');
  return {
    openStages: new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => !stage.isClosed).map((stage) => stage.id))),
    ownerUserIds: new Map(
      owners.filter((owner): owner is HubSpotOwner & { userId: number } => owner.userId !== null).map((owner) => [owner.id, String(owner.userId)]),
    ),
    reader: metrics ? new MetricsRecordReader({ owners, teams }, pipelines, options.policy, options.routingPolicy, options.sealKey!) : null,
    companies: new Map(),
  };
}

function routingPropertiesOf(record: CrmRecord): Record<string, string | null> {
  return Object.fromEntries(ROUTING_COMPANY_PROPERTY_NAMES.map((name) => [name, record.properties[name] ?? null]));
}

interface DealRead {
  record: CrmRecord;
  history: PropertyHistory;
  companyId: string | null;
}

/** What one page's work found; handed to the totals and the collector once every earlier page is done. */
interface PageResult {
  totals: AuditTotals;
  apply: (metrics: MetricsCollector) => void;
}

/** Re-evaluates a page of deals: counts, changed recommendations written, metrics records prepared. */
async function evaluateDeals(deals: readonly DealRead[], facts: PortalFacts, options: PassBase): Promise<PageResult> {
  const totals = emptyTotals();
  const { gateway, policy, routingPolicy, now } = options;
  totals.dealsRead = deals.length;
  const open = deals.filter(({ record }) => facts.openStages.has(record.properties.dealstage ?? ''));
  totals.openDeals = open.length;
  // The audit routes open deals; the metrics also judge won deals on the routing of their facts.
  const needingCompany = facts.reader ? deals : open;
  const missing = [...new Set(needingCompany.map(({ companyId }) => companyId))].filter((id): id is string => id !== null && !facts.companies.has(id));
  const pageCompanies = new Map<string, Record<string, string | null>>();
  if (missing.length > 0) {
    for (const company of await gateway.readRecords('companies', missing, ROUTING_COMPANY_PROPERTY_NAMES))
      pageCompanies.set(company.id, routingPropertiesOf(company));
  }
  const companyOf = (id: string | null) => (id === null ? null : (facts.companies.get(id) ?? pageCompanies.get(id) ?? null));
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
    const judged = gateFactsFromRecords(deal, companyOf(companyId), routingPolicy, ownerUserId);
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

  const reader = facts.reader;
  if (!reader) return { totals, apply: () => {} };
  const read = deals.map(({ record, history, companyId }) => {
    try {
      return { deal: reader.deal(record, history, companyId, companyOf(companyId)), id: record.id, modifiedAt: modifiedAtOf(record) };
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      return { deal: null, id: record.id, modifiedAt: modifiedAtOf(record) };
    }
  });
  return {
    totals,
    apply: (metrics) => {
      for (const { deal, id, modifiedAt } of read) {
        if (deal) metrics.putDeal(deal, modifiedAt);
        else metrics.putUnreadableDeal(id, modifiedAt);
      }
    },
  };
}

function evaluateCompanies(companies: readonly { record: CrmRecord; history: PropertyHistory }[], facts: PortalFacts): PageResult {
  const totals = emptyTotals();
  totals.companiesRead = companies.length;
  const read = companies.map(({ record, history }) => {
    facts.companies.set(record.id, routingPropertiesOf(record));
    return { company: facts.reader!.company(record, history), modifiedAt: modifiedAtOf(record) };
  });
  return {
    totals,
    apply: (metrics) => {
      for (const { company, modifiedAt } of read) metrics.putCompany(company, modifiedAt);
    },
  };
}

/** Runs (or resumes) a whole-portal pass; resolves with the final checkpoint (`complete` unless stopped by the signal). */
export async function passPortal(options: PortalPassOptions): Promise<PassCheckpoint> {
  const startedAt = Date.now();
  const resume = options.resumeFrom && !options.resumeFrom.complete ? options.resumeFrom : null;
  const firstPhase = options.metrics ? 'companies' : 'deals';
  const checkpoint: PassCheckpoint = resume
    ? { ...resume, phase: resume.phase ?? 'deals', totals: { ...emptyTotals(), ...structuredClone(resume.totals) } }
    : { phase: firstPhase, after: null, pagesDone: 0, complete: false, startedAt: options.now.toISOString(), totals: emptyTotals() };
  const facts = await portalFacts(options);
  const limit = Math.max(1, options.pagesInFlight ?? 4);
  const finished = new Map<number, { result: PageResult; next: Pick<PassCheckpoint, 'phase' | 'after'> | null }>();
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

  const save = () => {
    if (!options.saveCheckpoint) return;
    const snapshot = structuredClone(checkpoint);
    saving = saving.then(() => options.saveCheckpoint!(snapshot));
  };

  /** Moves the checkpoint past every page finished in order; later pages wait for earlier ones. */
  const commit = () => {
    let advanced = false;
    for (let entry = finished.get(nextToCommit); entry; entry = finished.get(nextToCommit)) {
      finished.delete(nextToCommit);
      addTotals(checkpoint.totals, entry.result.totals);
      if (options.metrics) entry.result.apply(options.metrics);
      if (entry.next) Object.assign(checkpoint, entry.next);
      else checkpoint.after = null;
      checkpoint.pagesDone += 1;
      nextToCommit += 1;
      advanced = true;
    }
    if (advanced) save();
    progress();
  };

  let phase = checkpoint.phase;
  let after = checkpoint.after ?? undefined;
  let reachedEnd = false;
  try {
    for (let sequence = 0; failure === undefined && !options.signal?.aborted && !reachedEnd; sequence += 1) {
      let work: Promise<PageResult>;
      let next: Pick<PassCheckpoint, 'phase' | 'after'> | null;
      if (phase === 'companies') {
        const page = await options.gateway.listPage('companies', { properties: PASS_COMPANY_PROPERTIES, history: COMPANY_HISTORY, after });
        work = Promise.resolve(evaluateCompanies(page.records, facts));
        next = page.after ? { phase, after: page.after } : { phase: 'deals', after: null };
      } else {
        const page = await options.gateway.listPage('deals', {
          properties: options.metrics ? PASS_DEAL_PROPERTIES : AUDIT_DEAL_PROPERTIES,
          ...(options.metrics ? { history: DEAL_HISTORY } : {}),
          associations: ['companies'],
          after,
        });
        const deals = page.records.map(({ record, history, associations }) => ({ record, history, companyId: dealCompanyOf(associations.companies).id }));
        work = evaluateDeals(deals, facts, options);
        next = page.after ? { phase, after: page.after } : null;
        reachedEnd = !page.after;
      }
      const tracked = work
        .then((result) => {
          finished.set(sequence, { result, next });
          commit();
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= limit) await Promise.race(inFlight);
      phase = next?.phase ?? phase;
      after = next?.after ?? undefined;
    }
  } finally {
    // Whatever stops the loop, the pages under way are finished and the checkpoint saved.
    await Promise.all(inFlight);
    checkpoint.complete = reachedEnd && failure === undefined && finished.size === 0;
    save();
    await saving;
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`the portal pass failed: ${JSON.stringify(failure)}`);
  return checkpoint;
}

export interface ChangesOptions extends PassBase {
  metrics: MetricsCollector;
  /** Records modified at or after this moment are read again. */
  since: Date;
  /** HubSpot's per-query search ceiling; lowered only by tests. */
  searchCeiling?: number;
}

export type ChangesResult =
  | { status: 'applied'; dealsRead: number; companiesRead: number; totals: AuditTotals }
  /** Too many changes for a search to list (or more than a whole pass costs): run `passPortal`. */
  | { status: 'needs_full_pass' };

/**
 * Ids of the records modified since `since`, oldest first. One search query stops at HubSpot's
 * 10,000-result ceiling; the next one starts at the last modification time seen (GTE, so records
 * sharing that millisecond are not lost; duplicates are dropped). Null when the ceiling is reached
 * within one millisecond or the changes outgrow `CHANGES_BEFORE_FULL_PASS`.
 */
async function modifiedSince(
  gateway: HubSpotGateway,
  metrics: MetricsCollector,
  type: 'deals' | 'companies',
  since: Date,
  ceiling: number,
): Promise<string[] | null> {
  const ids = new Set<string>();
  let from = since.getTime();
  for (;;) {
    const found = await gateway.search(type, {
      filterGroups: [{ filters: [{ propertyName: MODIFIED, operator: 'GTE', value: String(from) }] }],
      properties: [MODIFIED],
      sorts: [{ propertyName: MODIFIED, direction: 'ASCENDING' }],
      maxResults: ceiling,
    });
    // The search window overlaps the last pass (HubSpot's index trails writes): records already read as they are now are skipped.
    for (const record of found) {
      const modifiedAt = modifiedAtOf(record);
      if (modifiedAt === null || !metrics.holds(type, record.id, modifiedAt)) ids.add(record.id);
    }
    if (ids.size > CHANGES_BEFORE_FULL_PASS) return null;
    if (found.length < ceiling) return [...ids];
    const last = modifiedAtOf(found.at(-1)!) ?? Number.NaN;
    if (!(last > from)) return null;
    from = last;
  }
}

/** Deal batches read with history: HubSpot's batch read takes 50 inputs when history is asked for. */
const CHANGED_DEALS_PER_BATCH = 50;

/**
 * Brings `metrics` up to date with the deals and companies modified since `since`: changed
 * companies are read again (and their deals, whose routing reads the company), changed deals are
 * re-evaluated exactly as the whole-portal pass does (changed recommendations written back).
 */
export async function passChanges(options: ChangesOptions): Promise<ChangesResult> {
  const { gateway, metrics, since } = options;
  const ceiling = Math.min(options.searchCeiling ?? SEARCH_RESULT_CEILING, SEARCH_RESULT_CEILING);
  const [companyIds, changedDealIds] = [
    await modifiedSince(gateway, metrics, 'companies', since, ceiling),
    await modifiedSince(gateway, metrics, 'deals', since, ceiling),
  ];
  if (companyIds === null || changedDealIds === null) return { status: 'needs_full_pass' };
  const totals = emptyTotals();
  if (companyIds.length === 0 && changedDealIds.length === 0) return { status: 'applied', dealsRead: 0, companiesRead: 0, totals };

  const facts = await portalFacts(options);
  // Everything read is handed over at the end, at once: the page never sees half a change pass.
  const updates: ((collector: MetricsCollector) => void)[] = [];
  const dealIds = new Set(changedDealIds);
  if (companyIds.length > 0) {
    const companies = await gateway.readRecordsWithHistory('companies', companyIds, PASS_COMPANY_PROPERTIES, COMPANY_HISTORY);
    updates.push(evaluateCompanies(companies, facts).apply);
    totals.companiesRead = companies.length;
    for (const ids of (await gateway.associatedIds('companies', companyIds, 'deals')).values()) for (const id of ids) dealIds.add(id);
  }
  if (dealIds.size > CHANGES_BEFORE_FULL_PASS) return { status: 'needs_full_pass' };
  const ids = [...dealIds];
  for (let start = 0; start < ids.length; start += CHANGED_DEALS_PER_BATCH) {
    const batch = ids.slice(start, start + CHANGED_DEALS_PER_BATCH);
    const [reads, companiesByDeal] = await Promise.all([
      gateway.readRecordsWithHistory('deals', batch, PASS_DEAL_PROPERTIES, DEAL_HISTORY),
      gateway.associatedRecords('deals', batch, 'companies'),
    ]);
    const found = new Set(reads.map(({ record }) => record.id));
    // HubSpot leaves deleted or merged-away deals out of a batch read.
    const gone = batch.filter((id) => !found.has(id));
    updates.push((collector) => gone.forEach((id) => collector.removeDeal(id)));
    const result = await evaluateDeals(
      reads.map(({ record, history }) => ({ record, history, companyId: dealCompanyOf(companiesByDeal.get(record.id)).id })),
      facts,
      options,
    );
    updates.push(result.apply);
    addTotals(totals, result.totals);
  }
  for (const update of updates) update(metrics);
  return { status: 'applied', dealsRead: totals.dealsRead, companiesRead: totals.companiesRead, totals };
}
