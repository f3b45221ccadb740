import type { Cloud, Route, RoutingResult } from './types.ts';

/** The machine-readable route shape shared by `cosell route --json`, `cosell evaluate` and the functions. */
export interface RouteJson {
  recommended: Route;
  requiresException: boolean;
  options: Array<{
    cloud: Cloud;
    eligible: boolean;
    blockers: string[];
    /** Fraction, e.g. "0.015". */
    feeRate: string;
    fee: string;
    drawdown: string;
    estimate: boolean;
    /** Commission the AE gives up if the deal goes through this cloud. */
    aeCommissionDelta: string;
  }>;
  /** Commission the AE gives up on the recommended route ("0.00" for direct). */
  aeCommissionDelta: string;
  rationale: string[];
  policyVersion: string;
}

/** Exactly the documented keys, in order, whatever else the engine result carries. */
export function toRouteJson(result: RoutingResult): RouteJson {
  return {
    recommended: result.recommended,
    requiresException: result.requiresException,
    options: result.options.map((option) => ({
      cloud: option.cloud,
      eligible: option.eligible,
      blockers: option.blockers,
      feeRate: option.feeRate,
      fee: option.fee,
      drawdown: option.drawdown,
      estimate: option.estimate,
      aeCommissionDelta: option.aeCommissionDelta,
    })),
    aeCommissionDelta: result.aeCommissionDelta,
    rationale: result.rationale,
    policyVersion: result.policyVersion,
  };
}
