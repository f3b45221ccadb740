import { evaluateRoute } from '../../domain/routing/engine.ts';
import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import { parseExceptionState } from '../../domain/exception/state.ts';
import type { MetricsCompany, MetricsDeal, MetricsRouting, MetricsSnapshot } from '../../domain/metrics/types.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import type { CrmRecord, HubSpotOwner, HubSpotTeam, Pipeline } from '../gateway.ts';
import type { ProtectedObjectType } from '../integrity/seal.ts';
import { verifyProtected, type PropertyHistory } from '../integrity/verify.ts';
import { COSELL_DEAL_PROPERTIES, parseCoSellDeal } from '../records/cosell.ts';
import { COMPANY_RINGFENCE_PROPERTY_NAMES, parseCompanyRingfenceState } from '../records/ringfence.ts';
import { ROUTING_COMPANY_PROPERTY_NAMES, ROUTING_DEAL_PROPERTY_NAMES, RoutingRecordError, routingInputFromRecords } from '../records/routing.ts';

/**
 * The whole portal as the alliance metrics read it: what is read of each deal and company, parsed
 * into small records as each page arrives (raw HubSpot pages are not kept). The portal pass
 * (src/hubspot/portal) reads the records and feeds them here.
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
  private readonly teamsByUser = new Map<string, string[]>();

  constructor(
    people: PortalPeople,
    pipelines: readonly Pipeline[],
    private readonly policy: AppPolicy,
    private readonly routingPolicy: RoutingPolicy,
    /** The app's seal key: the app's own records are believed only where their seal verifies. */
    private readonly sealKey: string,
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

  /** What the metrics read of a company; `history`: HubSpot's history of its protected properties. */
  company(record: CrmRecord, history: PropertyHistory): MetricsCompany {
    const parsed = parseCompanyRingfenceState(record.id, record.properties);
    const ringfence = parsed.ok ? parsed.value : null;
    const ownerUserId = ringfence?.current?.ownerUserId;
    return {
      id: record.id,
      name: record.properties.name ?? `Company ${record.id}`,
      ringfence: ringfence && (ringfence.current || ringfence.past.length > 0) ? ringfence : null,
      ringfenceVerified: this.verified('companies', record, history, (name) => name.startsWith('cosell_ringfence_')),
      ringfenceOwnerTeamIds: ownerUserId ? (this.teamsByUser.get(ownerUserId) ?? []) : [],
    };
  }

  /** A deal, with its primary company's id and routing properties (null: no company, or not found). */
  deal(record: CrmRecord, history: PropertyHistory, companyId: string | null, company: Record<string, string | null> | null): MetricsDeal {
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
      routing: this.routing(p, company),
      exception: exception?.ok ? exception.state : null,
      stateVerified: this.verified('deals', record, history, (name) => name === 'cosell_route_chosen' || name.startsWith('cosell_exception_')),
      hyperscalerContactEmail: p.cosell_hyperscaler_contact_email ?? null,
      companyId,
    };
  }

  /**
   * Whether the app's record the metrics read (`reads`) is the app's own, by its seal and HubSpot's
   * property history (as the backend checks it): a seal that fails over values the metrics do not
   * read, or over none in particular (the seal itself rewritten), still makes the record unverified
   * unless the changed values are only others.
   */
  private verified(type: ProtectedObjectType, record: CrmRecord, history: PropertyHistory, reads: (name: string) => boolean): boolean {
    const verification = verifyProtected({ key: this.sealKey, objectType: type, id: record.id, properties: record.properties, history });
    if (verification.status !== 'tampered') return true;
    return verification.changed.length > 0 && !verification.changed.some(reads);
  }

  private routing(deal: Record<string, string | null>, company: Record<string, string | null> | null): MetricsRouting | null {
    try {
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

/**
 * The snapshot the metrics page reads, gathered by the portal pass (src/hubspot/portal) and kept
 * current by its change passes: one entry per deal and per ring-fenced company, replaced when a
 * record changes. `snapshot()` gives a new object each time something changed, so work cached per
 * snapshot (the page's prepared figures) is redone only then.
 */
export class MetricsCollector {
  private readonly deals = new Map<string, MetricsDeal>();
  private readonly companies = new Map<string, MetricsCompany>();
  private readonly unreadable = new Set<string>();
  /** HubSpot's last modification time of each record as read (epoch ms), so a change pass skips what it already holds. */
  private readonly modifiedAt = { deals: new Map<string, number>(), companies: new Map<string, number>() };
  private teamNames: Record<string, string> = {};
  private current: PortalMetricsSnapshot | undefined;

  setTeamNames(teams: readonly HubSpotTeam[]): void {
    this.teamNames = Object.fromEntries(teams.map((team) => [team.id, team.name]));
    this.current = undefined;
  }

  /** A company as the metrics read it; one without a ring-fence (now or in the past) is not kept. */
  putCompany(company: MetricsCompany, modifiedAt: number | null): void {
    this.noteModified('companies', company.id, modifiedAt);
    if (company.ringfence) this.companies.set(company.id, company);
    else this.companies.delete(company.id);
    this.current = undefined;
  }

  putDeal(deal: MetricsDeal, modifiedAt: number | null): void {
    this.noteModified('deals', deal.id, modifiedAt);
    this.deals.set(deal.id, deal);
    this.unreadable.delete(deal.id);
    this.current = undefined;
  }

  /** A deal whose co-sell values HubSpot holds in a form the app cannot read: left out, and named. */
  putUnreadableDeal(id: string, modifiedAt: number | null): void {
    this.noteModified('deals', id, modifiedAt);
    this.deals.delete(id);
    this.unreadable.add(id);
    this.current = undefined;
  }

  /** A deal HubSpot no longer returns (deleted or merged away). */
  removeDeal(id: string): void {
    this.modifiedAt.deals.delete(id);
    this.deals.delete(id);
    this.unreadable.delete(id);
    this.current = undefined;
  }

  /** Whether the record was read as it is at `modifiedAt` or later. */
  holds(type: 'deals' | 'companies', id: string, modifiedAt: number): boolean {
    return (this.modifiedAt[type].get(id) ?? -Infinity) >= modifiedAt;
  }

  private noteModified(type: 'deals' | 'companies', id: string, modifiedAt: number | null): void {
    if (modifiedAt === null) this.modifiedAt[type].delete(id);
    else this.modifiedAt[type].set(id, modifiedAt);
  }

  snapshot(): PortalMetricsSnapshot {
    this.current ??= {
      deals: [...this.deals.values()],
      companies: [...this.companies.values()],
      unreadableDealIds: [...this.unreadable],
      teamNames: this.teamNames,
    };
    return this.current;
  }
}
