import type { CoSellPolicy } from '../../policy/cosell-config.ts';
import type { Cloud } from '../../policy/marketplace-policy.ts';
import type { DealCoSellRaw } from '../cosell/status.ts';
import type { ZombieInput } from '../cosell/stalled.ts';
import type { ExceptionState } from '../exception/types.ts';
import type { RingfenceState } from '../ringfence/state.ts';
import type { RouteOption, RoutingResult } from '../routing/types.ts';

/** One value of a property and when it was set (HubSpot's property history). */
export interface DatedValue {
  value: string | null;
  at: string;
}

/** The part of the routing engine's result the metrics read (kept small: a snapshot holds every deal). */
export type MetricsRouting = Pick<RoutingResult, 'recommended' | 'requiresException'> & { options: readonly Pick<RouteOption, 'cloud' | 'fee' | 'drawdown'>[] };

/** What the metrics read of one deal, already parsed from HubSpot's property strings. */
export interface MetricsDeal {
  id: string;
  name: string;
  /** HubSpot user id of the deal owner, resolved through HubSpot's owners. */
  ownerUserId: string | null;
  /** The owner's teams. */
  teamIds: readonly string[];
  outcome: 'open' | 'won' | 'lost';
  /** HubSpot's close date: expected for open deals, actual for closed ones. */
  closeDate: string | null;
  amount: string | null;
  /** Empty means the portal's home currency. */
  currency: string | null;
  coSell: DealCoSellRaw;
  stage: ZombieInput;
  attribution: { alliance: boolean; cloud: Cloud | null; ringfenceId: string | null; conflictCount: number };
  /** Empty is read as a private offer, as routing reads it. */
  offerType: 'private' | 'public' | null;
  /** The route chosen through the app, with its history, so a deal is judged on the route it closed on. */
  routeChosen: readonly DatedValue[];
  /** The routing engine's result on the deal's facts; null when routing inputs are incomplete. */
  routing: MetricsRouting | null;
  exception: ExceptionState | null;
  /**
   * False when the app's own record on the deal (chosen route, exception) was changed outside the
   * app and does not verify against the app's seal: such a deal is counted apart, not as its values say.
   */
  stateVerified: boolean;
  hyperscalerContactEmail: string | null;
  companyId: string | null;
}

export interface MetricsCompany {
  id: string;
  name: string;
  ringfence: RingfenceState | null;
  /** False when the ring-fence was changed outside the app and does not verify against the app's seal. */
  ringfenceVerified: boolean;
  /** Teams of the current ring-fence's owner, for the team filter. */
  ringfenceOwnerTeamIds: readonly string[];
}

export interface MetricsSnapshot {
  deals: readonly MetricsDeal[];
  companies: readonly MetricsCompany[];
}

export interface MetricsFilters {
  teamId?: string | undefined;
  ownerUserId?: string | undefined;
}

export interface MetricsContext {
  /** YYYY-MM in the portal's time zone. */
  month: string;
  now: Date;
  timeZone: string;
  homeCurrency: string;
  /** USD per one unit of the home currency, as decimal text. */
  usdPerHomeCurrency: string;
  cosell: CoSellPolicy;
  /** Days before its end that a ring-fence counts as expiring. */
  ringfenceWarningDays: number;
  filters: MetricsFilters;
  /** Team names by id, for labels. */
  teamNames?: Readonly<Record<string, string>>;
}

export type MetricUnit = 'usd' | 'count' | 'ratio' | 'days';

/** One number, with its written definition and the records behind it. */
export interface MetricFigure {
  id: string;
  label: string;
  definition: string;
  unit: MetricUnit;
  /** Plain decimal text: money to 2 places, ratios to 4, days to 1; null when there is nothing to divide by. */
  value: string | null;
  cloud: Cloud | null;
  dealIds: string[];
  companyIds: string[];
}

export interface MetricSection {
  id: 'pipeline' | 'marketplace' | 'bypass' | 'exceptions' | 'cosell' | 'ringfences';
  title: string;
  definition: string;
  figures: MetricFigure[];
}

export interface AllianceMetrics {
  month: string;
  asOf: string;
  filters: MetricsFilters;
  sections: MetricSection[];
  /** Deals whose amount is in a currency the routing policy cannot convert: left out of every money figure. */
  unconvertedDealIds: string[];
}
