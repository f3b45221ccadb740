import Decimal from 'decimal.js';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import { CLOUD_NAMES } from '../cosell/clouds.ts';
import { submissionDecision } from '../cosell/acceptance.ts';
import { assessStalled, assessZombie } from '../cosell/stalled.ts';
import { COSELL_STATUS_LABELS, deriveCoSellStatus, type CoSellStatus, type UnifiedCoSellStatus } from '../cosell/status.ts';
import type { ExceptionState, ExceptionStatus } from '../exception/types.ts';
import { addDays, calendarDateInZone, type CalendarDate } from '../ringfence/calendar.ts';
import { ringfenceStatus } from '../ringfence/window.ts';
import type { RingfenceSummary } from '../ringfence/state.ts';
import type { Route } from '../routing/types.ts';
import { DEFINITIONS } from './definitions.ts';
import type { AllianceMetrics, DatedValue, MetricFigure, MetricSection, MetricsContext, MetricsDeal, MetricsSnapshot, MetricUnit } from './types.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MS_PER_DAY = 86_400_000;

export class MetricsInputError extends Error {
  override name = 'MetricsInputError';
}

/** First and last calendar day of a YYYY-MM month. */
export function monthBounds(month: string): { first: CalendarDate; last: CalendarDate } {
  const match = MONTH.exec(month);
  if (!match) throw new MetricsInputError(`month must be YYYY-MM, such as 2026-10 (got "${month}")`);
  const first = `${month}-01`;
  const nextMonth = Number(match[2]) === 12 ? `${Number(match[1]) + 1}-01-01` : `${match[1]}-${String(Number(match[2]) + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(nextMonth, -1) };
}

/** A HubSpot date or date-time as the calendar day it falls on in the portal's time zone. */
function dayOf(value: string | null | undefined, timeZone: string): CalendarDate | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(/^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(instant.getTime()) ? null : calendarDateInZone(instant, timeZone);
}

/** The value in force at the end of `day`: the newest entry set on or before it. */
export function valueOnDay(history: readonly DatedValue[], day: CalendarDate, timeZone: string): string | null {
  let found: { value: string | null; at: number } | null = null;
  for (const entry of history) {
    const entryDay = dayOf(entry.at, timeZone);
    const at = Date.parse(entry.at);
    if (entryDay === null || entryDay > day) continue;
    if (!found || at >= found.at) found = { value: entry.value, at };
  }
  return found?.value ?? null;
}

/** The exception's status at the end of `day`, from its audit trail; an approval past its expiry no longer counts. */
export function exceptionStatusOnDay(state: ExceptionState, day: CalendarDate, timeZone: string): ExceptionStatus {
  let status: ExceptionStatus = 'none';
  for (const entry of [...state.history].sort((a, b) => a.version - b.version)) {
    const entryDay = dayOf(entry.at, timeZone);
    if (entryDay !== null && entryDay <= day) status = entry.to;
  }
  const expiresOn = dayOf(state.expiresAt, timeZone);
  if (status === 'approved' && expiresOn !== null && expiresOn <= day) return 'expired';
  return status;
}

/** The deal's amount in USD under the routing policy's one conversion; null when its currency cannot be converted. */
function amountUsd(deal: MetricsDeal, context: Pick<MetricsContext, 'homeCurrency' | 'usdPerHomeCurrency'>): Decimal | null {
  if (deal.amount === null || deal.amount.trim() === '') return new Decimal(0);
  let amount: Decimal;
  try {
    amount = new Decimal(deal.amount);
  } catch {
    return null;
  }
  const currency = deal.currency && deal.currency.trim() !== '' ? deal.currency : context.homeCurrency;
  if (currency === 'USD') return amount;
  if (currency === context.homeCurrency) return amount.times(context.usdPerHomeCurrency);
  return null;
}

function matchesFilters(teamIds: readonly string[], ownerUserId: string | null, context: MetricsContext): boolean {
  const { teamId, ownerUserId: owner } = context.filters;
  if (teamId && !teamIds.includes(teamId)) return false;
  if (owner && ownerUserId !== owner) return false;
  return true;
}

interface Bucket {
  total: Decimal;
  count: number;
  dealIds: string[];
}

const bucket = (): Bucket => ({ total: new Decimal(0), count: 0, dealIds: [] });
const add = (target: Bucket, id: string, amount: Decimal = new Decimal(0)): void => {
  target.total = target.total.plus(amount);
  target.count += 1;
  target.dealIds.push(id);
};

function figure(
  id: string,
  label: string,
  unit: MetricUnit,
  value: Decimal | number | null,
  records: { dealIds?: string[]; companyIds?: string[]; cloud?: Cloud | null },
): MetricFigure {
  const definition = DEFINITIONS[id.replace(/\.(aws|azure|gcp)(?=\.|$)/, '.*').replace(/^exceptions\.requests\.team\..+$/, 'exceptions.requests.team.*')];
  if (!definition) throw new Error(`no written definition for metric ${id}`);
  return {
    id,
    label,
    definition,
    unit,
    value: value === null ? null : format(new Decimal(value), unit),
    cloud: records.cloud ?? null,
    dealIds: [...new Set(records.dealIds ?? [])],
    companyIds: [...new Set(records.companyIds ?? [])],
  };
}

function format(value: Decimal, unit: MetricUnit): string {
  switch (unit) {
    case 'usd':
      return value.toFixed(2, Decimal.ROUND_HALF_UP);
    case 'ratio':
      return value.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString();
    case 'days':
      return value.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString();
    case 'count':
      return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString();
  }
}

const ratio = (part: Decimal | number, whole: Decimal | number): Decimal | null => (new Decimal(whole).isZero() ? null : new Decimal(part).dividedBy(whole));

function median(values: readonly Decimal[]): Decimal | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : sorted[middle - 1]!.plus(sorted[middle]!).dividedBy(2);
}

const isMarketplace = (route: string | null): route is Exclude<Route, 'direct'> => route !== null && route.startsWith('marketplace:');
const cloudOfRoute = (route: Exclude<Route, 'direct'>): Cloud => route.slice('marketplace:'.length) as Cloud;

/** What a deal contributes, worked out once per snapshot and day: every month and filter reuses it. */
export interface PreparedDeal {
  deal: MetricsDeal;
  usd: Decimal | null;
  closeDay: CalendarDate | null;
  status: CoSellStatus;
  /** The chosen route on the day the deal closed (its close date), from the route's history. */
  routeAtClose: string | null;
  /** The cloud's decision on our submission, and the day it was recorded. */
  decision: { accepted: boolean; day: CalendarDate | null } | null;
  daysInStatus: number | null;
  stalled: boolean;
  zombie: boolean;
}

export interface PreparedPortal {
  today: CalendarDate;
  deals: readonly PreparedDeal[];
  unconvertedDealIds: readonly string[];
}

/**
 * The month-independent half of the metrics: per-deal conversions, statuses and dates. `previous`
 * (prepared the same day from an earlier snapshot) lends the work done for every deal record that
 * is still the same object, so a snapshot that changed in a few deals is prepared in a few deals' time.
 */
export function prepareMetrics(snapshot: MetricsSnapshot, context: Omit<MetricsContext, 'month' | 'filters'>, previous?: PreparedPortal): PreparedPortal {
  const today = calendarDateInZone(context.now, context.timeZone);
  const reusable = previous && previous.today === today ? new Map(previous.deals.map((prepared) => [prepared.deal, prepared])) : undefined;
  const unconvertedDealIds: string[] = [];
  const deals = snapshot.deals.map((deal): PreparedDeal => {
    const earlier = reusable?.get(deal);
    if (earlier) {
      if (earlier.usd === null) unconvertedDealIds.push(deal.id);
      return earlier;
    }
    const usd = amountUsd(deal, context);
    if (usd === null) unconvertedDealIds.push(deal.id);
    const closeDay = dayOf(deal.closeDate, context.timeZone);
    const status = deriveCoSellStatus(deal.coSell);
    const decided = submissionDecision(deal.coSell);
    const open = deal.outcome === 'open';
    const stalled = open ? assessStalled(status, today, context.cosell.cosell) : null;
    return {
      deal,
      usd,
      closeDay,
      status,
      routeAtClose: deal.outcome === 'won' && closeDay !== null ? valueOnDay(deal.routeChosen, closeDay, context.timeZone) : null,
      decision: decided ? { accepted: decided.decision === 'accepted', day: dayOf(decided.decidedAt, context.timeZone) } : null,
      daysInStatus: stalled?.daysInStatus ?? null,
      stalled: stalled?.stalled ?? false,
      zombie: open && assessZombie(deal.stage, today, context.cosell).zombie,
    };
  });
  return { today, deals, unconvertedDealIds };
}

export type MetricSectionId = MetricSection['id'];

/**
 * The alliance function's monthly figures (the playbook's KPIs) from one snapshot of the portal.
 * Every figure carries its written definition and the records behind it; money is exact (decimal.js).
 * `prepared` (from prepareMetrics on the same snapshot and day) saves the per-deal work when several
 * months or filters are asked of one snapshot; `sections` limits the work to those sections.
 */
export function computeAllianceMetrics(
  snapshot: MetricsSnapshot,
  context: MetricsContext,
  options: { prepared?: PreparedPortal; sections?: readonly MetricSectionId[] } = {},
): AllianceMetrics {
  const { first, last } = monthBounds(context.month);
  const prepared = options.prepared ?? prepareMetrics(snapshot, context);
  const { today } = prepared;
  const unconverted = new Set(prepared.unconvertedDealIds);
  const { teamId, ownerUserId } = context.filters;
  const deals = teamId || ownerUserId ? prepared.deals.filter((fact) => matchesFilters(fact.deal.teamIds, fact.deal.ownerUserId, context)) : prepared.deals;
  // Due (open) or closed (won) within the month.
  const inMonth = deals.filter((fact) => fact.closeDay !== null && fact.closeDay >= first && fact.closeDay <= last);
  const wonInMonth = inMonth.filter((fact) => fact.deal.outcome === 'won');
  // The app's record on a deal changed outside the app is not believed: those deals are counted apart.
  const verified = deals.filter((fact) => fact.deal.stateVerified);
  const wonVerified = wonInMonth.filter((fact) => fact.deal.stateVerified);
  const wonUnverified = wonInMonth.filter((fact) => !fact.deal.stateVerified).map((fact) => fact.deal.id);
  const wanted = (id: MetricSectionId) => !options.sections || options.sections.includes(id);
  const sections: MetricSection[] = [
    ...(wanted('pipeline') ? [pipelineSection(inMonth)] : []),
    ...(wanted('marketplace') ? [marketplaceSection(wonVerified)] : []),
    ...(wanted('bypass') ? [bypassSection(wonVerified, wonUnverified, context)] : []),
    ...(wanted('exceptions') ? [exceptionsSection(verified, context, first, last)] : []),
    ...(wanted('cosell') ? [cosellSection(deals, first, last)] : []),
    ...(wanted('ringfences') ? [ringfenceSection(snapshot, deals, context, first, last, today)] : []),
  ];
  const unconvertedDealIds = deals.filter((fact) => unconverted.has(fact.deal.id)).map((fact) => fact.deal.id);
  return { month: context.month, asOf: context.now.toISOString(), filters: { ...context.filters }, sections, unconvertedDealIds };
}

/** `deals`: due or closed within the month. */
function pipelineSection(deals: readonly PreparedDeal[]): MetricSection {
  const figures: MetricFigure[] = [];
  for (const kind of ['sourced', 'influenced'] as const) {
    for (const outcome of ['open', 'won'] as const) {
      for (const cloud of CLOUDS) {
        const found = bucket();
        for (const prepared of deals) {
          const { deal } = prepared;
          if (deal.outcome !== outcome || prepared.usd === null) continue;
          const counts =
            kind === 'sourced'
              ? deal.attribution.alliance && deal.attribution.cloud === cloud
              : deal.coSell.cloud === cloud && (prepared.status.status === 'accepted' || prepared.status.status === 'won');
          if (counts) add(found, deal.id, prepared.usd);
        }
        const label = `${kind === 'sourced' ? 'Sourced' : 'Influenced'} pipeline, ${outcome}, ${CLOUD_NAMES[cloud]}`;
        figures.push(figure(`pipeline.${kind}.${cloud}.${outcome}`, label, 'usd', found.total, { dealIds: found.dealIds, cloud }));
      }
    }
  }
  return { id: 'pipeline', title: 'Sourced and influenced pipeline', definition: DEFINITIONS['section.pipeline']!, figures };
}

/** `deals`: won within the month. */
function marketplaceSection(deals: readonly PreparedDeal[]): MetricSection {
  const byCloud = Object.fromEntries(CLOUDS.map((cloud) => [cloud, bucket()])) as Record<Cloud, Bucket>;
  const offers = { private: bucket(), public: bucket() };
  const wonAll = bucket();
  const retiring = bucket();
  for (const prepared of deals) {
    if (prepared.usd === null) continue;
    add(wonAll, prepared.deal.id, prepared.usd);
    const route = prepared.routeAtClose;
    if (!isMarketplace(route)) continue;
    const cloud = cloudOfRoute(route);
    add(byCloud[cloud], prepared.deal.id, prepared.usd);
    add(offers[prepared.deal.offerType ?? 'private'], prepared.deal.id, prepared.usd);
    const option = prepared.deal.routing?.options.find((candidate) => candidate.cloud === cloud);
    if (option && new Decimal(option.drawdown).greaterThan(0)) add(retiring, prepared.deal.id, prepared.usd);
  }
  const figures: MetricFigure[] = [];
  for (const cloud of CLOUDS) {
    const found = byCloud[cloud];
    figures.push(
      figure(`marketplace.count.${cloud}`, `Marketplace transactions, ${CLOUD_NAMES[cloud]}`, 'count', found.count, { dealIds: found.dealIds, cloud }),
    );
    figures.push(figure(`marketplace.value.${cloud}`, `Marketplace value, ${CLOUD_NAMES[cloud]}`, 'usd', found.total, { dealIds: found.dealIds, cloud }));
  }
  figures.push(figure('marketplace.private', 'Private offers', 'usd', offers.private.total, { dealIds: offers.private.dealIds }));
  figures.push(figure('marketplace.public', 'Public listing', 'usd', offers.public.total, { dealIds: offers.public.dealIds }));
  figures.push(
    figure('marketplace.retiredShare', 'Share of won business that retired commitments', 'ratio', ratio(retiring.total, wonAll.total), {
      dealIds: retiring.dealIds,
    }),
  );
  return { id: 'marketplace', title: 'Marketplace transactions', definition: DEFINITIONS['section.marketplace']!, figures };
}

/** `deals`: won within the month, the app's record on them verified; `unverified`: the others' ids. */
function bypassSection(deals: readonly PreparedDeal[], unverified: readonly string[], context: MetricsContext): MetricSection {
  const recommended = bucket();
  const bypass = bucket();
  const approved = bucket();
  const violations = bucket();
  const belowThreshold = bucket();
  let undrawn = new Decimal(0);
  let feeAvoided = new Decimal(0);
  for (const prepared of deals) {
    const routing = prepared.deal.routing;
    if (!routing || !isMarketplace(routing.recommended)) continue;
    add(recommended, prepared.deal.id);
    if (isMarketplace(prepared.routeAtClose)) continue;
    add(bypass, prepared.deal.id);
    const option = routing.options.find((candidate) => candidate.cloud === cloudOfRoute(routing.recommended as Exclude<Route, 'direct'>));
    undrawn = undrawn.plus(option?.drawdown ?? 0);
    feeAvoided = feeAvoided.plus(option?.fee ?? 0);
    const exception = prepared.deal.exception;
    const approvedAtClose = exception !== null && exceptionStatusOnDay(exception, prepared.closeDay!, context.timeZone) === 'approved';
    if (approvedAtClose) add(approved, prepared.deal.id);
    else if (routing.requiresException) add(violations, prepared.deal.id);
    else add(belowThreshold, prepared.deal.id);
  }
  const figures = [
    figure('bypass.rate', 'Bypass rate', 'ratio', ratio(bypass.count, recommended.count), { dealIds: bypass.dealIds }),
    figure('bypass.count', 'Won direct where the marketplace was recommended', 'count', bypass.count, { dealIds: bypass.dealIds }),
    figure('bypass.approved', 'Approved exceptions', 'count', approved.count, { dealIds: approved.dealIds }),
    figure('bypass.violations', 'Violations', 'count', violations.count, { dealIds: violations.dealIds }),
    figure('bypass.belowThreshold', 'Direct allowed without an exception', 'count', belowThreshold.count, { dealIds: belowThreshold.dealIds }),
    figure('bypass.undrawn', 'Commitment left undrawn', 'usd', undrawn, { dealIds: bypass.dealIds }),
    figure('bypass.feeAvoided', 'Marketplace fee avoided', 'usd', feeAvoided, { dealIds: bypass.dealIds }),
    figure('bypass.unverified', 'Won deals left out: changed outside the app', 'count', unverified.length, { dealIds: [...unverified] }),
  ];
  return { id: 'bypass', title: 'Silent marketplace bypass', definition: DEFINITIONS['section.bypass']!, figures };
}

function exceptionsSection(deals: readonly PreparedDeal[], context: MetricsContext, first: CalendarDate, last: CalendarDate): MetricSection {
  const requests = bucket();
  const approvedDecisions = bucket();
  const rejectedDecisions = bucket();
  const invalidated = bucket();
  const decisionDays: Decimal[] = [];
  const decisionDeals: string[] = [];
  const byTeam = new Map<string, Bucket>();
  const inMonth = (at: string) => {
    const day = dayOf(at, context.timeZone);
    return day !== null && day >= first && day <= last;
  };
  for (const { deal } of deals) {
    const history = [...(deal.exception?.history ?? [])].sort((a, b) => a.version - b.version);
    let requestedAt: string | null = null;
    for (const entry of history) {
      if (entry.action === 'request') {
        requestedAt = entry.at;
        if (!inMonth(entry.at)) continue;
        add(requests, deal.id);
        const team = deal.teamIds[0] ?? 'none';
        const teamBucket = byTeam.get(team) ?? bucket();
        add(teamBucket, deal.id);
        byTeam.set(team, teamBucket);
        continue;
      }
      if (!inMonth(entry.at)) continue;
      if (entry.action === 'invalidate') add(invalidated, deal.id);
      const final = (entry.action === 'approve' && entry.to === 'approved') || entry.action === 'reject';
      if (!final) continue;
      add(entry.action === 'approve' ? approvedDecisions : rejectedDecisions, deal.id);
      if (requestedAt !== null) {
        decisionDays.push(new Decimal(Date.parse(entry.at) - Date.parse(requestedAt)).dividedBy(MS_PER_DAY));
        decisionDeals.push(deal.id);
      }
    }
  }
  const decided = approvedDecisions.count + rejectedDecisions.count;
  const figures = [
    figure('exceptions.requests', 'Exception requests', 'count', requests.count, { dealIds: requests.dealIds }),
    figure('exceptions.approvalRate', 'Approval rate', 'ratio', ratio(approvedDecisions.count, decided), {
      dealIds: [...approvedDecisions.dealIds, ...rejectedDecisions.dealIds],
    }),
    figure('exceptions.timeToDecision', 'Median time to decision', 'days', median(decisionDays), { dealIds: decisionDeals }),
    figure('exceptions.invalidated', 'Approvals invalidated', 'count', invalidated.count, { dealIds: invalidated.dealIds }),
    ...[...byTeam]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([team, found]) =>
        figure(`exceptions.requests.team.${team}`, `Requests, ${teamLabel(team, context)}`, 'count', found.count, { dealIds: found.dealIds }),
      ),
  ];
  return { id: 'exceptions', title: 'Direct-route exceptions', definition: DEFINITIONS['section.exceptions']!, figures };
}

function teamLabel(teamId: string, context: MetricsContext): string {
  if (teamId === 'none') return 'no team';
  return context.teamNames?.[teamId] ?? `team ${teamId}`;
}

const SHARED: ReadonlySet<UnifiedCoSellStatus> = new Set(['submitted', 'in_review', 'action_required', 'accepted', 'rejected', 'won', 'lost', 'expired']);
const TIMED_STATUSES = ['draft', 'submitted', 'in_review', 'action_required', 'accepted'] as const;

function cosellSection(deals: readonly PreparedDeal[], first: CalendarDate, last: CalendarDate): MetricSection {
  const figures: MetricFigure[] = [];
  for (const cloud of CLOUDS) {
    const shared = bucket();
    const accepted = bucket();
    const decided = bucket();
    for (const { deal, status, decision } of deals) {
      if (deal.coSell.cloud !== cloud) continue;
      if (deal.outcome === 'open' && SHARED.has(status.status)) add(shared, deal.id);
      if (!decision || decision.day === null || decision.day < first || decision.day > last) continue;
      add(decided, deal.id);
      if (decision.accepted) add(accepted, deal.id);
    }
    figures.push(figure(`cosell.shared.${cloud}`, `Open deals shared, ${CLOUD_NAMES[cloud]}`, 'count', shared.count, { dealIds: shared.dealIds, cloud }));
    figures.push(figure(`cosell.decided.${cloud}`, `Submissions decided, ${CLOUD_NAMES[cloud]}`, 'count', decided.count, { dealIds: decided.dealIds, cloud }));
    figures.push(
      figure(`cosell.acceptanceRate.${cloud}`, `Acceptance rate, ${CLOUD_NAMES[cloud]}`, 'ratio', ratio(accepted.count, decided.count), {
        dealIds: decided.dealIds,
        cloud,
      }),
    );
  }
  const stalled = bucket();
  const zombie = bucket();
  // Whole days, not money: plain numbers.
  const daysByStatus = new Map<string, { days: number[]; dealIds: string[] }>(TIMED_STATUSES.map((status) => [status, { days: [], dealIds: [] }]));
  for (const fact of deals) {
    if (fact.deal.outcome !== 'open') continue;
    if (fact.stalled) add(stalled, fact.deal.id);
    if (fact.zombie) add(zombie, fact.deal.id);
    const timed = daysByStatus.get(fact.status.status);
    if (timed && fact.daysInStatus !== null) {
      timed.days.push(fact.daysInStatus);
      timed.dealIds.push(fact.deal.id);
    }
  }
  for (const status of TIMED_STATUSES) {
    const timed = daysByStatus.get(status)!;
    const sorted = timed.days.sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const days = sorted.length === 0 ? null : sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    figures.push(figure(`cosell.daysIn.${status}`, `Median days in ${COSELL_STATUS_LABELS[status]}`, 'days', days, { dealIds: timed.dealIds }));
  }
  figures.push(figure('cosell.stalled', 'Stalled', 'count', stalled.count, { dealIds: stalled.dealIds }));
  figures.push(figure('cosell.zombie', 'Zombie pipeline', 'count', zombie.count, { dealIds: zombie.dealIds }));
  return { id: 'cosell', title: 'Co-sell', definition: DEFINITIONS['section.cosell']!, figures };
}

/** The ring-fence as it stood on `day`: a release after that day had not happened yet. */
function statusOnDay(ringfence: RingfenceSummary, day: CalendarDate, timeZone: string) {
  const releasedOn = ringfence.released ? dayOf(ringfence.released.at, timeZone) : null;
  const asOfDay = releasedOn !== null && releasedOn > day ? { ...ringfence, released: null } : ringfence;
  return ringfenceStatus(asOfDay, day);
}

function ringfenceSection(
  snapshot: MetricsSnapshot,
  deals: readonly PreparedDeal[],
  context: MetricsContext,
  first: CalendarDate,
  last: CalendarDate,
  today: CalendarDate,
): MetricSection {
  const asOf = last < today ? last : today;
  const active: string[] = [];
  const expiring: string[] = [];
  const ended: string[] = [];
  const contactsByCompany = new Map<string, Set<string>>();
  const unverified: string[] = [];
  for (const company of snapshot.companies) {
    const current = company.ringfence?.current;
    const all: RingfenceSummary[] = [...(current ? [current] : []), ...(company.ringfence?.past ?? [])];
    const ownedHere = all.filter((ringfence) => matchesFilters(company.ringfenceOwnerTeamIds, ringfence.ownerUserId, context));
    if (ownedHere.length === 0) continue;
    if (!company.ringfenceVerified) {
      unverified.push(company.id);
      continue;
    }
    for (const ringfence of ownedHere) {
      if (!ringfence.released && ringfence.expiresOn >= first && ringfence.expiresOn <= last && ringfence.expiresOn <= today) ended.push(company.id);
    }
    if (!current || !ownedHere.includes(current) || statusOnDay(current, asOf, context.timeZone) !== 'active') continue;
    active.push(company.id);
    if (current.expiresOn <= addDays(asOf, context.ringfenceWarningDays)) expiring.push(company.id);
    const contacts = new Set<string>();
    for (const entry of current.audit) if ('evidence' in entry) contacts.add(entry.evidence.contact.email.toLowerCase());
    contactsByCompany.set(company.id, contacts);
  }
  const conflicts = bucket();
  for (const { deal } of deals) {
    if (deal.companyId !== null && contactsByCompany.has(deal.companyId) && deal.hyperscalerContactEmail) {
      contactsByCompany.get(deal.companyId)!.add(deal.hyperscalerContactEmail.trim().toLowerCase());
    }
    if (deal.attribution.alliance && deal.attribution.conflictCount > 0) {
      conflicts.total = conflicts.total.plus(deal.attribution.conflictCount);
      conflicts.dealIds.push(deal.id);
    }
  }
  const contactCount = [...contactsByCompany.values()].reduce((sum, contacts) => sum + contacts.size, 0);
  const figures = [
    figure('ringfences.active', 'Active ring-fences', 'count', active.length, { companyIds: active }),
    figure('ringfences.expiring', 'Expiring soon', 'count', expiring.length, { companyIds: expiring }),
    figure('ringfences.ended', 'Expired in the month', 'count', new Set(ended).size, { companyIds: ended }),
    figure('ringfences.unverified', 'Ring-fences changed outside the app', 'count', unverified.length, { companyIds: unverified }),
    figure('ringfences.conflicts', 'Attribution conflicts', 'count', conflicts.total, { dealIds: conflicts.dealIds }),
    figure('ringfences.contactsPerAccount', 'Named hyperscaler contacts per account', 'count', ratio(contactCount, active.length), {
      companyIds: active,
    }),
  ];
  return { id: 'ringfences', title: 'Ring-fences and relationship depth', definition: DEFINITIONS['section.ringfences']!, figures };
}
