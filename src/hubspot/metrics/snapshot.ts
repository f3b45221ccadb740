import { ZodError } from 'zod';
import { evaluateRoute } from '../../domain/routing/engine.ts';
import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import { parseExceptionState } from '../../domain/exception/state.ts';
import type { MetricsCompany, MetricsDeal, MetricsRouting, MetricsSnapshot } from '../../domain/metrics/types.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import type { CrmRecord, HubSpotGateway, HubSpotOwner, HubSpotTeam, Pipeline } from '../gateway.ts';
import type { PropertyHistory } from '../integrity/verify.ts';
import { COSELL_DEAL_PROPERTIES, parseCoSellDeal } from '../records/cosell.ts';
import { dealCompanyOf } from '../records/deal-company.ts';
import { COMPANY_RINGFENCE_PROPERTY_NAMES, parseCompanyRingfenceState } from '../records/ringfence.ts';
import { ROUTING_COMPANY_PROPERTY_NAMES, ROUTING_DEAL_PROPERTY_NAMES, RoutingRecordError, routingInputFromRecords } from '../records/routing.ts';

/**
 * The whole portal as the alliance metrics read it, paged through HubSpot's list API (no search
 * ceiling) so that it works on any portal size. Deals are parsed into small records as each page
 * arrives; raw HubSpot pages are not kept.
 */

export const METRICS_DEAL_PROPERTIES = [
  ...new Set([
    ...COSELL_DEAL_PROPERTIES.filter((name) => !name.startsWith('cosell_ace_')),
    ...ROUTING_DEAL_PROPERTY_NAMES,
    'hubspot_owner_id',
    'deal_currency_code',
    'cosell_offer_type',
    'cosell_route_chosen',
    'cosell_exception_state',
    'cosell_attribution_source',
    'cosell_attribution_cloud',
    'cosell_attribution_ringfence_id',
    'cosell_attribution_conflict_count',
  ]),
];

export const METRICS_COMPANY_PROPERTIES = [...new Set(['name', ...ROUTING_COMPANY_PROPERTY_NAMES, ...COMPANY_RINGFENCE_PROPERTY_NAMES])];

export interface PortalPeople {
  owners: readonly HubSpotOwner[];
  teams: readonly HubSpotTeam[];
}

/** Turns HubSpot's records into metrics inputs, with everything the per-deal work needs looked up once. */
export class MetricsRecordReader {
  private readonly ownerById: Map<string, HubSpotOwner>;
  private readonly outcomeByStage = new Map<string, 'open' | 'won' | 'lost'>();
  private readonly companyProperties = new Map<string, Record<string, string | null>>();
  private readonly teamsByUser = new Map<string, string[]>();

  constructor(
    people: PortalPeople,
    pipelines: readonly Pipeline[],
    private readonly policy: AppPolicy,
    private readonly routingPolicy: RoutingPolicy,
  ) {
    this.ownerById = new Map(people.owners.map((owner) => [owner.id, owner]));
    for (const team of people.teams) {
      for (const userId of [...team.userIds, ...team.secondaryUserIds]) this.teamsByUser.set(userId, [...(this.teamsByUser.get(userId) ?? []), team.id]);
    }
    const won = new Set(policy.pipeline.closedWonStageIds);
    for (const pipeline of pipelines) {
      for (const stage of pipeline.stages) this.outcomeByStage.set(stage.id, won.has(stage.id) ? 'won' : stage.isClosed ? 'lost' : 'open');
    }
  }

  /** Remembers a company (for its deals' routing) and returns what the metrics read of it. */
  company(record: CrmRecord): MetricsCompany {
    this.companyProperties.set(record.id, record.properties);
    const parsed = parseCompanyRingfenceState(record.id, record.properties);
    const ringfence = parsed.ok ? parsed.value : null;
    const ownerUserId = ringfence?.current?.ownerUserId;
    return {
      id: record.id,
      name: record.properties.name ?? `Company ${record.id}`,
      ringfence: ringfence && (ringfence.current || ringfence.past.length > 0) ? ringfence : null,
      ringfenceOwnerTeamIds: ownerUserId ? (this.teamsByUser.get(ownerUserId) ?? []) : [],
    };
  }

  /** A deal, its primary company (if any) read earlier with `company`. */
  deal(record: CrmRecord, history: PropertyHistory, companyId: string | null): MetricsDeal {
    const p = record.properties;
    const parsed = parseCoSellDeal({ ...p, hs_object_id: record.id });
    const owner = p.hubspot_owner_id ? this.ownerById.get(p.hubspot_owner_id) : undefined;
    const exception = p.cosell_exception_state ? parseExceptionState(p.cosell_exception_state) : null;
    const attributionCloud = CLOUDS.includes(p.cosell_attribution_cloud as Cloud) ? (p.cosell_attribution_cloud as Cloud) : null;
    const offer = p.cosell_offer_type;
    return {
      id: record.id,
      name: p.dealname ?? `Deal ${record.id}`,
      ownerUserId: owner?.userId != null ? String(owner.userId) : null,
      teamIds: owner ? [...owner.teams].sort((a, b) => Number(b.primary) - Number(a.primary)).map((team) => team.id) : [],
      outcome: (p.dealstage && this.outcomeByStage.get(p.dealstage)) || 'open',
      closeDate: p.closedate ?? null,
      amount: p.amount ?? null,
      currency: p.deal_currency_code ?? null,
      coSell: parsed.coSell,
      stage: parsed.zombie,
      attribution: {
        alliance: p.cosell_attribution_source === 'alliance',
        cloud: attributionCloud,
        ringfenceId: p.cosell_attribution_ringfence_id ?? null,
        conflictCount: Number(p.cosell_attribution_conflict_count ?? 0) || 0,
      },
      offerType: offer === 'public' || offer === 'private' ? offer : null,
      routeChosen: routeHistory(p.cosell_route_chosen ?? null, history),
      routing: this.routing(p, companyId),
      exception: exception?.ok ? exception.state : null,
      hyperscalerContactEmail: p.cosell_hyperscaler_contact_email ?? null,
      companyId,
    };
  }

  private routing(deal: Record<string, string | null>, companyId: string | null): MetricsRouting | null {
    try {
      const company = companyId ? (this.companyProperties.get(companyId) ?? null) : null;
      const result = evaluateRoute(routingInputFromRecords(deal, company, this.routingPolicy), this.routingPolicy);
      return {
        recommended: result.recommended,
        requiresException: result.requiresException,
        options: result.options.map(({ cloud, fee, drawdown }) => ({ cloud, fee, drawdown })),
      };
    } catch (error) {
      if (error instanceof RoutingRecordError) return null;
      throw error;
    }
  }
}

/** The chosen route with its history; a value without history (set before history was asked for) counts from the start. */
function routeHistory(current: string | null, history: PropertyHistory) {
  const entries = history.cosell_route_chosen ?? [];
  if (entries.length > 0) return entries.map((entry) => ({ value: entry.value === '' ? null : entry.value, at: entry.timestamp }));
  return current ? [{ value: current, at: '1970-01-01T00:00:00.000Z' }] : [];
}

export interface PortalMetricsSnapshot extends MetricsSnapshot {
  teamNames: Record<string, string>;
  /** Deals whose co-sell values HubSpot holds in a form the app cannot read: left out, and named. */
  unreadableDealIds: string[];
}

export interface SnapshotProgress {
  companies: number;
  deals: number;
  calls: number;
}

/**
 * Reads every company, then every deal with its chosen route's history, page by page. Companies are
 * read first because routing needs each deal's company.
 */
export async function readMetricsSnapshot(
  gateway: HubSpotGateway,
  policy: AppPolicy,
  routingPolicy: RoutingPolicy,
  onProgress: (progress: SnapshotProgress) => void = () => {},
): Promise<PortalMetricsSnapshot> {
  const [owners, teams, pipelines] = await Promise.all([gateway.owners(), gateway.teams(), gateway.dealPipelines()]);
  const reader = new MetricsRecordReader({ owners, teams }, pipelines, policy, routingPolicy);
  const progress: SnapshotProgress = { companies: 0, deals: 0, calls: 3 };
  const companies: MetricsCompany[] = [];
  let after: string | undefined;
  do {
    const page = await gateway.listPage('companies', { properties: METRICS_COMPANY_PROPERTIES, after });
    for (const { record } of page.records) {
      const company = reader.company(record);
      if (company.ringfence) companies.push(company);
    }
    progress.companies += page.records.length;
    progress.calls += 1;
    onProgress(progress);
    after = page.after;
  } while (after);
  const deals: MetricsDeal[] = [];
  const unreadableDealIds: string[] = [];
  do {
    const page = await gateway.listPage('deals', { properties: METRICS_DEAL_PROPERTIES, history: ['cosell_route_chosen'], associations: ['companies'], after });
    for (const { record, history, associations } of page.records) {
      try {
        deals.push(reader.deal(record, history, dealCompanyOf(associations.companies).id));
      } catch (error) {
        if (!(error instanceof ZodError)) throw error;
        unreadableDealIds.push(record.id);
      }
    }
    progress.deals += page.records.length;
    progress.calls += 1;
    onProgress(progress);
    after = page.after;
  } while (after);
  return { deals, companies, unreadableDealIds, teamNames: Object.fromEntries(teams.map((team) => [team.id, team.name])) };
}
