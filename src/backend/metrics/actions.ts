import { z } from 'zod';
import {
  computeAllianceMetrics,
  monthBounds,
  prepareMetrics,
  type AllianceMetrics,
  type MetricsContext,
  type PreparedPortal,
} from '../../domain/metrics/index.ts';
import { hasOverride, isSenior } from '../../domain/exception/authorize.ts';
import type { ActingUser } from '../../domain/exception/types.ts';
import { isAllianceManager } from '../../domain/ringfence/commands.ts';
import { calendarDateInZone } from '../../domain/ringfence/calendar.ts';
import { compileRoutingPolicy } from '../../domain/routing/policy.ts';
import { commonErrors } from '../../functions/contract.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import { displayName, type PortalDirectory } from '../../hubspot/directory.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { RollingWindowPacer } from '../../hubspot/pacer.ts';
import type { PortalMetricsSnapshot } from '../../hubspot/metrics/snapshot.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { coSellPolicyOf } from '../../policy/cosell-config.ts';
import { marketplacePolicy } from '../../policy/marketplace-policy.ts';
import { authenticationErrors, defineAction } from '../contract.ts';
import { registerAction, type RegisteredAction } from '../handler.ts';
import { MetricsSnapshotCache } from './snapshot-cache.ts';

/** Records listed per figure in the answer; the count says how many there are in all (the CLI's CSV lists every one). */
export const RECORDS_PER_FIGURE = 50;
const TREND_MONTHS = 6;

const figureSchema = z.object({
  id: z.string(),
  label: z.string(),
  definition: z.string(),
  unit: z.enum(['usd', 'count', 'ratio', 'days']),
  value: z.string().nullable(),
  cloud: z.enum(['aws', 'azure', 'gcp']).nullable(),
  /** The first records behind the figure, deals or companies, with their names. */
  records: z.array(z.object({ objectTypeId: z.enum(['0-3', '0-2']), id: z.string(), name: z.string() })),
  dealCount: z.number().int(),
  companyCount: z.number().int(),
});

const readySchema = z.object({
  status: z.literal('ready'),
  month: z.string(),
  snapshotTakenAt: z.string(),
  /** The host of HubSpot's UI for this portal (app.hubspot.com, app-eu1.hubspot.com, ...), for links to records. */
  uiDomain: z.string(),
  refreshing: z.boolean(),
  filters: z.object({ teamId: z.string().nullable(), ownerUserId: z.string().nullable() }),
  sections: z.array(z.object({ id: z.string(), title: z.string(), definition: z.string(), figures: z.array(figureSchema) })),
  /** Won pipeline per month, for the trend chart: the pipeline figures of the months before. */
  trend: z.array(z.object({ month: z.string(), series: z.string(), valueUsd: z.number() })),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  owners: z.array(z.object({ userId: z.string(), name: z.string() })),
  unconvertedDealIds: z.array(z.string()),
  unreadableDealIds: z.array(z.string()),
});

export const allianceMetricsContract = defineAction({
  uid: 'alliance_metrics',
  summary:
    'The "Alliance metrics" page: the month’s alliance figures (pipeline, marketplace, bypass, exceptions, co-sell, ring-fences) with definitions and the records behind each, from a snapshot of the portal the backend keeps current.',
  callers:
    'HubSpot super admins, gate approvers, senior approvers and override admins, and alliance managers (resolved by the backend from HubSpot); anyone else gets FORBIDDEN.',
  objectType: null,
  parameters: z
    .object({
      month: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
        .optional(),
      teamId: z
        .string()
        .regex(/^\d{1,20}$/, 'must be a HubSpot team id')
        .optional(),
      ownerUserId: z
        .string()
        .regex(/^\d{1,20}$/, 'must be a HubSpot user id')
        .optional(),
    })
    .strict(),
  result: z.discriminatedUnion('status', [
    readySchema,
    z.object({ status: z.literal('preparing'), dealsRead: z.number().int(), companiesRead: z.number().int() }),
  ]),
  errors: {
    ...authenticationErrors,
    FORBIDDEN: commonErrors.FORBIDDEN,
    INVALID_PARAMETERS: commonErrors.INVALID_PARAMETERS,
    HUBSPOT_UNAVAILABLE: commonErrors.HUBSPOT_UNAVAILABLE,
  },
});

type ReadyAnswer = z.infer<typeof readySchema>;

const routingPolicy = compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
const caches = new WeakMap<object, MetricsSnapshotCache>();

/** A background read retries 429s and 5xx for as long as HubSpot asks: losing a page would mean starting over. */
export const SNAPSHOT_RETRY = { maxAttempts: 12, budgetMs: 120_000 } as const;
/**
 * The portal passes behind the page share HubSpot's burst limit (190 requests per 10 s) with the
 * cards' functions and the backend's own work: they take 150 of them and leave the rest to people.
 */
export const SNAPSHOT_PACE = { max: 150, windowMs: 10_000 } as const;

/** One snapshot per backend (keyed by its store), shared by every request it serves. */
export function metricsSnapshotCache(backendStore: object, gateway: HubSpotGateway, sealKey: string): MetricsSnapshotCache {
  let cache = caches.get(backendStore);
  if (!cache) {
    const paced = gateway.withRetryPolicy(SNAPSHOT_RETRY, new RollingWindowPacer(SNAPSHOT_PACE.max, SNAPSHOT_PACE.windowMs));
    cache = new MetricsSnapshotCache(paced, appPolicy, routingPolicy, sealKey);
    caches.set(backendStore, cache);
  }
  return cache;
}

const uiDomains = new WeakMap<object, Promise<string>>();

/** The portal's HubSpot UI domain, read once per backend (it does not change); a failed read is tried again next time. */
function uiDomainOf(backendStore: object, gateway: HubSpotGateway): Promise<string> {
  let domain = uiDomains.get(backendStore);
  if (!domain) {
    domain = gateway.accountDetails().then((details) => details.uiDomain);
    uiDomains.set(backendStore, domain);
    domain.catch(() => uiDomains.delete(backendStore));
  }
  return domain;
}

/** Pipeline-wide figures are for the people who answer for the pipeline: admins, approvers and the alliance team. */
export function mayViewAllianceMetrics(actor: ActingUser): boolean {
  const { gate, ringfence } = appPolicy;
  const approver = Object.values(gate.teamApprovers).some((userIds) => userIds.includes(actor.userId)) || gate.namedApproverUserIds.includes(actor.userId);
  return (
    actor.superAdmin ||
    approver ||
    isSenior(actor, gate) ||
    hasOverride(actor, gate) ||
    isAllianceManager(actor, ringfence) ||
    ringfence.allianceLeadUserIds.includes(actor.userId)
  );
}

function monthsBefore(month: string, count: number): string[] {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, monthNumber - 1 - (count - 1 - index), 1));
    return date.toISOString().slice(0, 7);
  });
}

function capped(metrics: AllianceMetrics, names: { deals: Map<string, string>; companies: Map<string, string> }): ReadyAnswer['sections'] {
  return metrics.sections.map((section) => ({
    ...section,
    figures: section.figures.map(({ dealIds, companyIds, ...figure }) => ({
      ...figure,
      records:
        dealIds.length > 0
          ? dealIds.slice(0, RECORDS_PER_FIGURE).map((id) => ({ objectTypeId: '0-3' as const, id, name: names.deals.get(id) ?? `Deal ${id}` }))
          : companyIds.slice(0, RECORDS_PER_FIGURE).map((id) => ({ objectTypeId: '0-2' as const, id, name: names.companies.get(id) ?? `Company ${id}` })),
      dealCount: dealIds.length,
      companyCount: companyIds.length,
    })),
  }));
}

/**
 * Per-deal work done once per snapshot and day, reused by every month, filter and request; a newer
 * snapshot of the same cache (a change pass replaced a few deals) redoes only the deals it replaced.
 */
const preparedBySnapshot = new WeakMap<object, PreparedPortal>();
const lastPreparedByCache = new WeakMap<object, PreparedPortal>();

function preparedFor(cache: object, snapshot: PortalMetricsSnapshot, context: MetricsContext): PreparedPortal {
  const today = calendarDateInZone(context.now, context.timeZone);
  let prepared = preparedBySnapshot.get(snapshot);
  if (!prepared || prepared.today !== today) {
    prepared = prepareMetrics(snapshot, context, lastPreparedByCache.get(cache));
    preparedBySnapshot.set(snapshot, prepared);
    lastPreparedByCache.set(cache, prepared);
  }
  return prepared;
}

const namesBySnapshot = new WeakMap<object, { deals: Map<string, string>; companies: Map<string, string> }>();

function recordNames(snapshot: PortalMetricsSnapshot) {
  let names = namesBySnapshot.get(snapshot);
  if (!names) {
    names = {
      deals: new Map(snapshot.deals.map((deal) => [deal.id, deal.name])),
      companies: new Map(snapshot.companies.map((company) => [company.id, company.name])),
    };
    namesBySnapshot.set(snapshot, names);
  }
  return names;
}

/** Won sourced and influenced pipeline per month, one series per kind and cloud. */
function trendOf(month: string, compute: (month: string) => AllianceMetrics): ReadyAnswer['trend'] {
  return monthsBefore(month, TREND_MONTHS).flatMap((trendMonth) =>
    compute(trendMonth)
      .sections.find((section) => section.id === 'pipeline')!
      .figures.filter((figure) => figure.id.endsWith('.won'))
      .map((figure) => ({ month: trendMonth, series: figure.label.replace('pipeline, won, ', ''), valueUsd: Number(figure.value ?? 0) })),
  );
}

function filterChoices(directory: PortalDirectory): Pick<ReadyAnswer, 'teams' | 'owners'> {
  return {
    teams: directory.teams.map((team) => ({ id: team.id, name: team.name })).sort((a, b) => a.name.localeCompare(b.name)),
    owners: directory.owners
      .filter((owner) => owner.userId !== null)
      .map((owner) => ({ userId: String(owner.userId), name: displayName(directory, String(owner.userId)) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export const metricsActions: readonly RegisteredAction[] = [
  registerAction(allianceMetricsContract, async ({ actor, parameters, gateway, store, directory, now, sealKey }) => {
    if (!mayViewAllianceMetrics(actor)) {
      throw new FunctionFailure('FORBIDDEN', 'Alliance metrics are for admins, sales managers and the alliance team.');
    }
    const month = parameters.month ?? calendarDateInZone(now, appPolicy.ringfence.timeZone).slice(0, 7);
    monthBounds(month);
    const cache = metricsSnapshotCache(store, gateway, sealKey);
    const state = cache.state(now);
    if (state.status === 'failed') throw new FunctionFailure('HUBSPOT_UNAVAILABLE', `The portal could not be read for the metrics: ${state.message}`);
    if (state.status === 'preparing') return { status: 'preparing' as const, dealsRead: state.progress.deals, companiesRead: state.progress.companies };
    const uiDomain = await uiDomainOf(store, gateway);
    const filters = { teamId: parameters.teamId, ownerUserId: parameters.ownerUserId };
    const context = (forMonth: string): MetricsContext => ({
      month: forMonth,
      now,
      timeZone: appPolicy.ringfence.timeZone,
      homeCurrency: appPolicy.routing.homeCurrency,
      usdPerHomeCurrency: String(appPolicy.routing.usdPerHomeCurrency ?? 1),
      cosell: coSellPolicyOf(appPolicy),
      ringfenceWarningDays: appPolicy.ringfence.warningDays,
      filters,
      teamNames: state.snapshot.teamNames,
    });
    const prepared = preparedFor(cache, state.snapshot, context(month));
    const metrics = computeAllianceMetrics(state.snapshot, context(month), { prepared });
    const pipelineOf = (forMonth: string) => computeAllianceMetrics(state.snapshot, context(forMonth), { prepared, sections: ['pipeline'] });
    return {
      status: 'ready' as const,
      month,
      snapshotTakenAt: state.takenAt.toISOString(),
      uiDomain,
      refreshing: state.refreshing,
      filters: { teamId: parameters.teamId ?? null, ownerUserId: parameters.ownerUserId ?? null },
      sections: capped(metrics, recordNames(state.snapshot)),
      trend: trendOf(month, pipelineOf),
      ...filterChoices(directory),
      unconvertedDealIds: metrics.unconvertedDealIds.slice(0, RECORDS_PER_FIGURE),
      unreadableDealIds: state.snapshot.unreadableDealIds.slice(0, RECORDS_PER_FIGURE),
    };
  }),
];
