import { Exact, formatUsd, minExact, percentText } from '../money.ts';
import { rulesInForceOn, type CompiledRule, type RoutingPolicy, type ValueType } from './policy.ts';
import type { Cloud, CloudCommitment, Route, RouteOption, RoutingDeal, RoutingInput, RoutingResult } from './types.ts';

/**
 * The marketplace routing engine: pure, no I/O, no clock. For each cloud it finds the fee, what blocks or
 * argues against the route, and what the route retires of the customer's commitment; then it recommends
 * the route that retires the most (ties: lower fee, then AWS, Microsoft, Google order).
 */

export const CLOUD_LABELS: Readonly<Record<Cloud, string>> = { aws: 'AWS', azure: 'Microsoft', gcp: 'Google' };

/** Blockers that come from the vendor's config or a gap in the policy rather than an N rule. */
export const CONFIG_BLOCKERS = {
  notListed: 'NOT-LISTED',
  privateOffersOff: 'PRIVATE-OFFERS-OFF',
  noRuleInForce: 'NO-RULE-IN-FORCE',
} as const;

/** Whether a blocker means the route retires nothing, cannot happen, or is merely a bad idea. */
type BlockerEffect = 'noDrawdown' | 'notPossible' | 'notAdvisable';

const PRE_2022 = '2022-01-01';

/** Collects what one option used and what blocks it, while the rules are applied. */
class OptionTrace {
  readonly rulesUsed: string[] = [];
  readonly estimateRules: string[] = [];
  readonly blockers: string[] = [];
  /** The first note for each blocker, in the same order. */
  readonly blockerNotes: string[] = [];
  readonly notes: string[] = [];
  retiresNothing = false;

  constructor(
    /** This cloud's rules in force on the close date (see `rulesInForceOn`). */
    private readonly rules: ReadonlyMap<string, CompiledRule>,
    readonly cloud: Cloud,
  ) {}

  find<T extends ValueType>(id: string): CompiledRule<T> | undefined {
    return this.rules.get(id) as CompiledRule<T> | undefined;
  }

  use<T extends ValueType>(id: string): CompiledRule<T> | undefined {
    const rule = this.find<T>(id);
    if (rule) this.record(rule);
    return rule;
  }

  /** Applies blocking rule `id` if it is in force on the close date. */
  block(id: string, effect: BlockerEffect, detail: string): void {
    const rule = this.find(id);
    if (!rule) return;
    this.record(rule);
    this.addBlocker(id, effect, `${id}: ${rule.summary}${detail ? ` (${detail})` : ''}`);
  }

  addBlocker(id: string, effect: BlockerEffect, note: string): void {
    if (!this.blockers.includes(id)) {
      this.blockers.push(id);
      this.blockerNotes.push(note);
    }
    if (effect !== 'notAdvisable') this.retiresNothing = true;
    this.notes.push(note);
  }

  private record(rule: Pick<CompiledRule, 'id' | 'estimate'>): void {
    if (!this.rulesUsed.includes(rule.id)) this.rulesUsed.push(rule.id);
    if (rule.estimate && !this.estimateRules.includes(rule.id)) this.estimateRules.push(rule.id);
  }
}

/** One option's exact figures, kept as decimals until the result is rendered. */
interface OptionFigures {
  cloud: Cloud;
  trace: OptionTrace;
  feeRate: Exact;
  fee: Exact;
  capacity: Exact | null;
  drawdown: Exact;
  aeCommissionDelta: Exact;
}

export function evaluateRoute(input: RoutingInput, policy: RoutingPolicy): RoutingResult {
  const { deal } = input;
  const figures: OptionFigures[] = [];
  const estimateRules: string[] = [];
  const rulesUsed: string[] = [];
  const rules = rulesInForceOn(policy, deal.closeDate);
  for (const cloud of deal.clouds) {
    const option = evaluateOption(cloud, deal, input.commitments[cloud], input.vendor, policy, rules[cloud]);
    figures.push(option);
    for (const id of option.trace.rulesUsed) if (!rulesUsed.includes(id)) rulesUsed.push(id);
    for (const id of option.trace.estimateRules) if (!estimateRules.includes(id)) estimateRules.push(id);
  }

  const best = pickRecommended(figures);
  const requiresException = best !== undefined && best.drawdown.greaterThanOrEqualTo(deal.tcvUsd.times(policy.requiredDrawdownShare));
  const drawdownShare = best ? best.drawdown.ratioText(deal.tcvUsd, 4) : '0';
  const tcvUsdText = deal.tcvUsd.toMoney();
  const options: RouteOption[] = [];
  for (const option of figures) options.push(renderOption(option, deal.tcvUsd, tcvUsdText));
  const recommendedOption = best && options[figures.indexOf(best)];
  return new RouteEvaluation(
    best ? `marketplace:${best.cloud}` : 'direct',
    requiresException,
    drawdownShare,
    tcvUsdText,
    options,
    recommendedOption,
    rulesUsed,
    estimateRules,
    deal,
    policy,
  );
}

/**
 * The engine's answer. The rationale is text for people, built on first read: bulk evaluations that never
 * show it skip most of the cost. (A getter on the class, not on each object: per-object accessors are slow.)
 */
class RouteEvaluation implements RoutingResult {
  readonly tcvUsd: string;
  readonly aeCommissionDelta: string;
  readonly policyVersion: string;
  readonly estimate: boolean;
  readonly #recommendedOption: RouteOption | undefined;
  readonly #estimateRules: string[];
  readonly #deal: RoutingDeal;
  readonly #policy: RoutingPolicy;
  #rationale: string[] | undefined;

  constructor(
    readonly recommended: Route,
    readonly requiresException: boolean,
    readonly drawdownShare: string,
    tcvUsd: string,
    readonly options: RouteOption[],
    recommendedOption: RouteOption | undefined,
    readonly rulesUsed: string[],
    estimateRules: string[],
    deal: RoutingDeal,
    policy: RoutingPolicy,
  ) {
    this.tcvUsd = tcvUsd;
    this.aeCommissionDelta = recommendedOption ? recommendedOption.aeCommissionDelta : '0.00';
    this.policyVersion = policy.version;
    this.estimate = estimateRules.length > 0;
    this.#recommendedOption = recommendedOption;
    this.#estimateRules = estimateRules;
    this.#deal = deal;
    this.#policy = policy;
  }

  get rationale(): string[] {
    this.#rationale ??= describeRoute(
      this.#deal,
      this.options,
      this.#recommendedOption,
      this.drawdownShare,
      this.requiresException,
      this.#estimateRules,
      this.#policy,
    );
    return this.#rationale;
  }

  /** Serialised results carry exactly the RoutingResult fields, the rationale included. */
  toJSON(): RoutingResult {
    const { recommended, requiresException, drawdownShare, tcvUsd, options, aeCommissionDelta, rationale, policyVersion, rulesUsed, estimate } = this;
    return { recommended, requiresException, drawdownShare, tcvUsd, options, aeCommissionDelta, rationale, policyVersion, rulesUsed, estimate };
  }
}

function describeRoute(
  deal: RoutingDeal,
  options: readonly RouteOption[],
  recommended: RouteOption | undefined,
  drawdownShare: string,
  requiresException: boolean,
  estimateRules: readonly string[],
  policy: RoutingPolicy,
): string[] {
  const rationale = [describeDeal(deal, policy)];
  for (const option of options) rationale.push(describeOption(option));
  rationale.push(...describeRecommendation(recommended, drawdownShare, requiresException, policy));
  if (estimateRules.length > 0) {
    rationale.push(`Estimate: these figures rely on unconfirmed rules ${estimateRules.join(', ')}.`);
  }
  return rationale;
}

function evaluateOption(
  cloud: Cloud,
  deal: RoutingDeal,
  commitment: CloudCommitment | undefined,
  vendor: RoutingInput['vendor'],
  policy: RoutingPolicy,
  rules: ReadonlyMap<string, CompiledRule>,
): OptionFigures {
  const trace = new OptionTrace(rules, cloud);
  const settings = vendor[cloud];
  if (!settings.listed) {
    trace.addBlocker(CONFIG_BLOCKERS.notListed, 'notPossible', 'we have no listing on this marketplace');
  } else if (deal.offer === 'private' && !settings.privateOffersEnabled) {
    trace.addBlocker(CONFIG_BLOCKERS.privateOffersOff, 'notPossible', 'private offers are not enabled on our listing');
  }

  const ruledRate = feeRateFor(cloud, deal, trace);
  if (ruledRate === undefined) {
    trace.addBlocker(CONFIG_BLOCKERS.noRuleInForce, 'notPossible', `no fee rule is in force on ${deal.closeDate}`);
  }
  const feeRate = ruledRate ?? Exact.ZERO;

  const potential = potentialDrawdown(cloud, deal, commitment, vendor, policy, trace);
  const fee = deal.tcvUsd.times(feeRate);
  return {
    cloud,
    trace,
    feeRate,
    fee,
    capacity: potential.capacity,
    drawdown: trace.retiresNothing ? Exact.ZERO : potential.drawdown,
    aeCommissionDelta: policy.config.aeCompensation.basis === 'net' && !policy.commissionRate.isZero() ? fee.times(policy.commissionRate) : Exact.ZERO,
  };
}

/**
 * An option's figures as money text. The drawdown is very often the deal's own TCV or the capacity (it is
 * the smaller of the two), and blocked figures are the shared zero, so those reuse text already worked out.
 */
function renderOption(figures: OptionFigures, tcvUsd: Exact, tcvUsdText: string): RouteOption {
  const drawdown = moneyText(figures.drawdown, tcvUsd, tcvUsdText);
  const { capacity } = figures;
  return {
    cloud: figures.cloud,
    eligible: figures.trace.blockers.length === 0,
    blockers: figures.trace.blockers,
    blockerNotes: figures.trace.blockerNotes,
    feeRate: rateText(figures.feeRate),
    fee: moneyText(figures.fee, tcvUsd, tcvUsdText),
    capacity: capacity === null ? null : capacity === figures.drawdown ? drawdown : moneyText(capacity, tcvUsd, tcvUsdText),
    drawdown,
    customerNetValue: drawdown,
    aeCommissionDelta: moneyText(figures.aeCommissionDelta, tcvUsd, tcvUsdText),
    estimate: figures.trace.estimateRules.length > 0,
    rulesUsed: figures.trace.rulesUsed,
    notes: figures.trace.notes,
  };
}

function moneyText(value: Exact, tcvUsd: Exact, tcvUsdText: string): string {
  return value === tcvUsd ? tcvUsdText : value === Exact.ZERO ? '0.00' : value.toMoney();
}

function feeRateFor(cloud: Cloud, deal: RoutingDeal, trace: OptionTrace): Exact | undefined {
  switch (cloud) {
    case 'aws':
      return awsFeeRate(deal, trace);
    case 'azure':
      return azureFeeRate(deal, trace);
    case 'gcp':
      return googleFeeRate(deal, trace);
  }
}

function awsFeeRate(deal: RoutingDeal, trace: OptionTrace): Exact | undefined {
  let rate: Exact | undefined;
  if (deal.delivery === 'services') {
    rate = trace.use<'rate'>('F6')?.value.rate;
  } else if (deal.offer === 'public') {
    rate = trace.use<'rate'>(deal.delivery === 'saas' ? 'F1' : 'F2')?.value.rate;
  } else if (deal.dealType === 'renewal') {
    rate = trace.use<'rate'>('F4')?.value.rate;
  } else {
    const tiers = trace.use<'tiers'>('F3')?.value.tiers;
    rate = tiers && tierRate(tiers, deal.tcvUsd);
  }
  if (rate && deal.offer === 'private' && deal.channelPartner) {
    const surcharge = trace.use<'surcharge'>('F5');
    if (surcharge) rate = surchargedRate(rate, surcharge.value.points);
  }
  return rate;
}

// Fee rates and surcharges are policy instances, so each sum is made once and keeps one identity; that lets
// `rateText` find its text without a new WeakMap entry (and garbage) per channel-partner deal.
const surchargedRates = new WeakMap<Exact, WeakMap<Exact, Exact>>();

function surchargedRate(rate: Exact, points: Exact): Exact {
  let byPoints = surchargedRates.get(rate);
  if (byPoints === undefined) {
    byPoints = new WeakMap();
    surchargedRates.set(rate, byPoints);
  }
  let sum = byPoints.get(points);
  if (sum === undefined) {
    sum = rate.plus(points);
    byPoints.set(points, sum);
  }
  return sum;
}

function azureFeeRate(deal: RoutingDeal, trace: OptionTrace): Exact | undefined {
  const storeFee = trace.find<'rate'>('F8');
  if (!storeFee) return undefined;
  const renewalDiscount = deal.offer === 'private' && deal.dealType !== 'new' ? trace.use<'rate'>('F9') : undefined;
  if (!renewalDiscount) trace.use('F8');
  // Multiparty offers: the split is unpublished, so the ISV's rate is assumed and flagged (F10).
  if (deal.channelPartner) trace.use('F10');
  return (renewalDiscount ?? storeFee).value.rate;
}

function googleFeeRate(deal: RoutingDeal, trace: OptionTrace): Exact | undefined {
  if (deal.delivery === 'services') {
    const flat = trace.use<'rate'>('F14');
    if (flat) return flat.value.rate;
  }
  if (deal.offer === 'public') return trace.use<'namedRates'>('F13')?.value.rates.publicOffer;
  if (deal.dealType === 'renewal') return trace.use<'rate'>('F12')?.value.rate;
  const band = trace.find<'band'>('F11');
  if (band && deal.tcvUsd.greaterThanOrEqualTo(band.value.fromUsd) && deal.tcvUsd.lessThan(band.value.belowUsd)) {
    trace.use('F11');
    return band.value.rate;
  }
  const rates = trace.use<'namedRates'>('F13')?.value.rates;
  if (!rates || !band) return undefined;
  return deal.tcvUsd.lessThan(band.value.fromUsd) ? rates.newUnder1M : rates.newFrom10M;
}

function tierRate(tiers: ReadonlyArray<{ fromUsd: Exact; rate: Exact }>, tcvUsd: Exact): Exact | undefined {
  for (let i = tiers.length - 1; i >= 0; i--) {
    const tier = tiers[i]!;
    if (tcvUsd.greaterThanOrEqualTo(tier.fromUsd)) return tier.rate;
  }
  return undefined;
}

/** Drawdown the route would give if nothing blocked it, applying the cloud's N rules along the way. */
function potentialDrawdown(
  cloud: Cloud,
  deal: RoutingDeal,
  commitment: CloudCommitment | undefined,
  vendor: RoutingInput['vendor'],
  policy: RoutingPolicy,
  trace: OptionTrace,
): { capacity: Exact | null; drawdown: Exact } {
  const share = cloudBlockersAndShare(cloud, deal, commitment, vendor, trace);
  if (!commitment) {
    trace.block('N1', 'noDrawdown', `no ${CLOUD_LABELS[cloud]} commitment recorded`);
    return { capacity: null, drawdown: Exact.ZERO };
  }
  if (commitment.endDate !== null && commitment.endDate < deal.closeDate) {
    trace.block('N1', 'noDrawdown', `the ${commitment.program} ended ${commitment.endDate}, before the close date`);
    return { capacity: Exact.ZERO, drawdown: Exact.ZERO };
  }
  const capacity = cloud === 'aws' ? awsCapacity(commitment, policy, trace) : otherCapacity(commitment);
  if (capacity.isZero()) {
    if (cloud === 'aws') trace.block('N3', 'noDrawdown', '');
    else trace.block('N1', 'noDrawdown', `the ${commitment.program} is fully drawn down`);
  }
  // AWS's share depends on the commitment's start and applies D1 only now, after the blockers above.
  const countedShare = share ?? awsCountedShare(commitment, trace);
  const eligibleTcv = countedShare === Exact.ONE ? deal.tcvUsd : deal.tcvUsd.times(countedShare);
  return { capacity, drawdown: minExact(eligibleTcv, capacity) };
}

/**
 * Applies the cloud-specific N rules; returns the share of eligible spend that counts toward a commitment,
 * or null on AWS, whose share is read from D1 once a live commitment is known (`awsCountedShare`).
 */
function cloudBlockersAndShare(
  cloud: Cloud,
  deal: RoutingDeal,
  commitment: CloudCommitment | undefined,
  settings: RoutingInput['vendor'],
  trace: OptionTrace,
): Exact | null {
  switch (cloud) {
    case 'aws': {
      if (deal.governmentCloud) trace.block('N11', 'notPossible', 'AWS GovCloud');
      if (deal.currency !== 'USD' && deal.offer === 'public') trace.block('N12', 'notPossible', `deal in ${deal.currency}`);
      if (deal.offer === 'public' && (deal.delivery === 'ami' || deal.delivery === 'container')) {
        trace.block('N10', 'notAdvisable', '');
      }
      if (deal.delivery === 'services') trace.block('N4', 'noDrawdown', '');
      if (deal.delivery === 'saas' && trace.use('D2') && !settings.aws.deployedOnAws) trace.block('N2', 'noDrawdown', '');
      return null;
    }
    case 'azure': {
      if (deal.governmentCloud) trace.block('N11', 'notPossible', 'Azure Government');
      if (deal.channelPartner) {
        const supported = trace.find<'countries'>('N6')?.value.countries;
        if (supported && (deal.customerCountry === null || !supported.has(deal.customerCountry))) {
          trace.block('N6', 'notPossible', `customer country ${deal.customerCountry ?? 'unknown'}`);
        }
        if (deal.delivery === 'services') trace.block('N4', 'notPossible', '');
      }
      trace.use('D5');
      if (!settings.azure.maccEligible) trace.block('N5', 'noDrawdown', 'our offer is not MACC eligible');
      if (commitment?.country && deal.customerCountry && commitment.country !== deal.customerCountry) {
        trace.block('N5', 'noDrawdown', `MACC signed in ${commitment.country}, purchase in ${deal.customerCountry}`);
      }
      if (commitment?.marketplacePurchasingBlocked) trace.block('N7', 'notPossible', '');
      return shareOf(trace.use<'drawdownShare'>('D4'));
    }
    case 'gcp': {
      if (deal.delivery === 'services') trace.block('N4', 'noDrawdown', '');
      if (!settings.gcp.runsOnGoogleCloud) trace.block('N8', 'noDrawdown', 'our product does not run on Google Cloud');
      if (deal.channelPartner) {
        if (!settings.gcp.resaleOptIn) trace.block('N8', 'noDrawdown', 'resale without our opt-in');
        if (trace.use('D8')) trace.notes.push("Resold usage does not count toward the customer's committed-use discounts (D8).");
      }
      return shareOf(trace.use<'drawdownShare'>('D6'));
    }
  }
}

function shareOf(rule: CompiledRule<'drawdownShare'> | undefined): Exact {
  return rule ? rule.value.share : Exact.ZERO;
}

function awsCountedShare(commitment: CloudCommitment, trace: OptionTrace): Exact {
  const d1 = trace.use<'awsDrawdown'>('D1');
  if (!d1) return Exact.ZERO;
  return commitment.startDate !== null && commitment.startDate < PRE_2022 ? d1.value.pre2022CountedShare : d1.value.countedShare;
}

/** AWS: cap% × annual commitment − marketplace spend already counted; a known remaining capacity bounds it. */
function awsCapacity(commitment: CloudCommitment, policy: RoutingPolicy, trace: OptionTrace): Exact {
  let capacity = commitment.remainingCapacity;
  if (commitment.annualCommitment !== null) {
    const capShare =
      commitment.drawdownCapPercent?.shiftLeft(2) ?? policy.awsDrawdownCapShare ?? trace.find<'awsDrawdown'>('D1')?.value.defaultCapShare ?? Exact.ZERO;
    const byCap = commitment.annualCommitment.times(capShare).minus(commitment.marketplaceSpendCounted ?? Exact.ZERO);
    capacity = capacity === null ? byCap : minExact(capacity, byCap);
  }
  return capacity === null || capacity.isNegative() ? Exact.ZERO : capacity;
}

/** Microsoft and Google: what is left of the commitment, or the annual figure when consumption is unknown. */
function otherCapacity(commitment: CloudCommitment): Exact {
  const capacity = commitment.remainingCapacity ?? commitment.annualCommitment;
  return capacity === null || capacity.isNegative() ? Exact.ZERO : capacity;
}

function pickRecommended(options: readonly OptionFigures[]): OptionFigures | undefined {
  let best: OptionFigures | undefined;
  for (const option of options) {
    if (option.trace.blockers.length > 0 || option.drawdown.isZero()) continue;
    if (!best || option.drawdown.greaterThan(best.drawdown) || (option.drawdown.equals(best.drawdown) && option.feeRate.lessThan(best.feeRate))) {
      best = option;
    }
  }
  return best;
}

// Fee rates are a handful of policy instances, so their text is worked out once each.
const rateTexts = new WeakMap<Exact, string>();

function rateText(rate: Exact): string {
  let text = rateTexts.get(rate);
  if (text === undefined) {
    text = rate.toString();
    rateTexts.set(rate, text);
  }
  return text;
}

/** Delivery models as people say them (the rationale is read by people, not matched by machines). */
const DELIVERY_WORDS: Readonly<Record<RoutingDeal['delivery'], string>> = {
  saas: 'SaaS',
  ami: 'machine image',
  container: 'container',
  services: 'professional services',
};

function describeDeal(deal: RoutingDeal, policy: RoutingPolicy): string {
  const tcvUsd = deal.tcvUsd.toMoney();
  const amount =
    deal.currency === 'USD'
      ? formatUsd(tcvUsd)
      : `${deal.tcv.toMoney()} ${deal.currency} (${formatUsd(tcvUsd)} at ${policy.usdPerHomeCurrency.toString()} USD/${deal.currency})`;
  const partner = deal.channelPartner ? ' through a channel partner' : '';
  return `Deal: ${amount}, ${deal.dealType} ${deal.offer} offer, ${DELIVERY_WORDS[deal.delivery]}${partner}, closing ${deal.closeDate}; policy ${policy.version}; amounts in USD.`;
}

function describeOption(option: RouteOption): string {
  const label = CLOUD_LABELS[option.cloud];
  const fee = `fee ${percentText(option.feeRate)} (${formatUsd(option.fee)})`;
  const estimate = option.estimate ? ' [estimate]' : '';
  if (!option.eligible) return `${label}: not advisable. ${option.notes.join('; ')}. The ${fee} would apply.${estimate}`;
  const capacity = option.capacity === null ? '' : ` (capacity ${formatUsd(option.capacity)})`;
  return `${label}: ${fee}; retires ${formatUsd(option.drawdown)} of the customer's commitment${capacity}.${estimate}`;
}

function describeRecommendation(option: RouteOption | undefined, drawdownShare: string, requiresException: boolean, policy: RoutingPolicy): string[] {
  if (!option) return ["Recommended: direct. No marketplace route retires any of the customer's committed spend."];
  const threshold = `${policy.config.marketplaceRequiredAtDrawdownPercent}%`;
  const share = percentText(drawdownShare);
  const { basis, commissionPercent } = policy.config.aeCompensation;
  return [
    `Recommended: ${CLOUD_LABELS[option.cloud]} Marketplace. It retires ${formatUsd(option.drawdown)} of the customer's commitment (${share} of the deal).`,
    requiresException
      ? `That is at or above the ${threshold} threshold: going direct needs a manager-approved exception.`
      : `That is below the ${threshold} threshold: direct is allowed without an exception.`,
    basis === 'net'
      ? `AE commission on this route: ${formatUsd(option.aeCommissionDelta)} less (${commissionPercent}% commission on the ${formatUsd(option.fee)} fee, net-revenue plan).`
      : 'AE commission is unchanged: the plan pays on gross revenue.',
  ];
}
