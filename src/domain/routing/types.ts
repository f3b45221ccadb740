import type { Exact } from '../money.ts';
import type { Cloud } from '../../policy/marketplace-policy.ts';
import type { RoutingConfig } from '../../policy/routing-config.ts';

export type { Cloud };
export type DealType = 'new' | 'renewal' | 'expansion';
export type DeliveryModel = 'saas' | 'ami' | 'container' | 'services';
export type OfferType = 'private' | 'public';
export type Route = 'marketplace:aws' | 'marketplace:azure' | 'marketplace:gcp' | 'direct';

export interface RoutingDeal {
  /** Total contract value, pre-tax, in `currency`. */
  tcv: Exact;
  currency: string;
  /** The same amount in USD, the currency every threshold and commitment is expressed in. */
  tcvUsd: Exact;
  /** YYYY-MM-DD; selects the policy rows in force. */
  closeDate: string;
  dealType: DealType;
  delivery: DeliveryModel;
  offer: OfferType;
  channelPartner: boolean;
  governmentCloud: boolean;
  /** ISO 3166 alpha-2 when recognised, otherwise the upper-cased name; null when unknown. */
  customerCountry: string | null;
  /** Clouds to evaluate, in display order. */
  clouds: readonly Cloud[];
}

/** The customer's committed-spend agreement on one cloud; amounts in USD. */
export interface CloudCommitment {
  /** EDP / PPA on AWS, MACC on Azure, commit on Google. */
  program: string;
  annualCommitment: Exact | null;
  /** Drawdown capacity left. On AWS, when the annual commitment is also known, the lower figure wins. */
  remainingCapacity: Exact | null;
  /** AWS only: marketplace spend already counted against the cap this commitment year. */
  marketplaceSpendCounted: Exact | null;
  startDate: string | null;
  endDate: string | null;
  /** Where the agreement was signed (MACC credit counts only there). */
  country: string | null;
  /** AWS only: the cap negotiated in this customer's contract, overriding the vendor default. */
  drawdownCapPercent: Exact | null;
  /** Azure only: marketplace purchasing disabled, free-only or allow-listed in the customer's agreement. */
  marketplacePurchasingBlocked: boolean;
}

export interface RoutingInput {
  deal: RoutingDeal;
  commitments: Partial<Record<Cloud, CloudCommitment>>;
  /** The vendor's listings and product facts per cloud for this deal: its products', else the portal's. */
  vendor: RoutingConfig['clouds'];
}

/** One cloud's marketplace option. Money is USD as 2-dp decimal strings; rates are exact fractions ("0.015"). */
export interface RouteOption {
  cloud: Cloud;
  /** True when nothing blocks or argues against this marketplace route. */
  eligible: boolean;
  /** N-rule ids, or NOT-LISTED / PRIVATE-OFFERS-OFF (vendor config) / NO-RULE-IN-FORCE (policy gap). */
  blockers: string[];
  /** Why each blocker applies, in plain words, aligned with `blockers`. */
  blockerNotes: string[];
  feeRate: string;
  fee: string;
  /** Commitment drawdown capacity on this cloud, null without a commitment. */
  capacity: string | null;
  /** Customer commitment retired: min(eligible TCV, capacity), zero when blocked. */
  drawdown: string;
  /** What routing here is worth to the customer: the commitment it retires (the vendor pays the fee). */
  customerNetValue: string;
  /** Commission the AE gives up on this route: TCV × fee × commission on net plans, zero on gross plans. */
  aeCommissionDelta: string;
  /** Depends on at least one unconfirmed rule. */
  estimate: boolean;
  rulesUsed: string[];
  /** Plain-language lines explaining what blocks this option and why. */
  notes: string[];
}

export interface RoutingResult {
  recommended: Route;
  /** Marketplace recommended with drawdown share at or above the threshold: direct needs an approved exception. */
  requiresException: boolean;
  /** Drawdown of the recommended route as a fraction of TCV, 4 dp ("0" for direct). */
  drawdownShare: string;
  tcvUsd: string;
  options: RouteOption[];
  /** Commission the AE gives up on the recommended route ("0.00" for direct). */
  aeCommissionDelta: string;
  rationale: string[];
  policyVersion: string;
  rulesUsed: string[];
  /** Any number shown depends on an unconfirmed rule. */
  estimate: boolean;
}
