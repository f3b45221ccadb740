import type { Route, RoutingResult } from '../routing/types.ts';

/**
 * What a manager gives away by approving a direct route, taken from the routing engine's answer when
 * the request is made: the marketplace fee the vendor would have paid, the customer's committed spend
 * the marketplace route would have retired and going direct leaves undrawn, and the commission the AE
 * earns on top by going direct (zero on gross-revenue comp plans). USD, 2-dp decimal strings.
 */
export interface DirectRouteStakes {
  /** The marketplace route the deal would take instead. */
  marketplaceRoute: Exclude<Route, 'direct'>;
  feeUsd: string;
  undrawnCommitmentUsd: string;
  aeCommissionGainUsd: string;
  /** At least one of these numbers rests on an unconfirmed policy rule. */
  estimate: boolean;
}

/** The stakes of going direct instead of the recommended marketplace route; null when direct is the recommendation. */
export function stakesOfGoingDirect(routing: Pick<RoutingResult, 'recommended' | 'options'>): DirectRouteStakes | null {
  const marketplaceRoute = routing.recommended;
  if (marketplaceRoute === 'direct') return null;
  const option = routing.options.find((candidate) => `marketplace:${candidate.cloud}` === marketplaceRoute);
  if (!option) return null;
  return {
    marketplaceRoute,
    feeUsd: option.fee,
    undrawnCommitmentUsd: option.drawdown,
    aeCommissionGainUsd: option.aeCommissionDelta,
    estimate: option.estimate,
  };
}

const DAY_MS = 86_400_000;

/** Whole days since the request, never negative (a clock a little behind the requester's). */
export function requestAgeDays(requestedAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(requestedAt)) / DAY_MS));
}
