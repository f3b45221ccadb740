import { CLOUDS, PolicyError, type Cloud, type MarketplacePolicy, type PolicyRule, type PolicyRuleValue } from '../../policy/marketplace-policy.ts';
import type { RoutingConfig } from '../../policy/routing-config.ts';
import { Exact } from '../money.ts';

/** Shares of 100% become the shared ONE instance, so the engine can skip multiplying by them. */
function share(text: string): Exact {
  const value = Exact.parse(text);
  return value.equals(Exact.ONE) ? Exact.ONE : value;
}

/** A rule value with its numbers parsed once, at compile time, instead of on every evaluation. */
export type CompiledValue =
  | { type: 'rate'; rate: Exact }
  | { type: 'tiers'; tiers: ReadonlyArray<{ fromUsd: Exact; rate: Exact }> }
  | { type: 'band'; fromUsd: Exact; belowUsd: Exact; rate: Exact }
  | {
      type: 'namedRates';
      rates: { newUnder1M: Exact; newFrom10M: Exact; movedFromOtherChannel: Exact; publicOffer: Exact };
    }
  | { type: 'surcharge'; points: Exact }
  | { type: 'awsDrawdown'; countedShare: Exact; pre2022CountedShare: Exact; defaultCapShare: Exact }
  | { type: 'drawdownShare'; share: Exact }
  | { type: 'countries'; countries: ReadonlySet<string> }
  | { type: 'condition' };

export type ValueType = CompiledValue['type'];

export interface CompiledRule<T extends ValueType = ValueType> {
  id: string;
  kind: PolicyRule['kind'];
  summary: string;
  sources: readonly string[];
  confidence: PolicyRule['confidence'];
  estimate: boolean;
  /** '' and '9999-12-31' stand for open ends so that lookups are plain string comparisons. */
  from: string;
  until: string;
  value: Extract<CompiledValue, { type: T }>;
}

/** The value shape the engine reads for each rule id it applies numerically. */
const EXPECTED_VALUE_TYPES: Readonly<Record<string, ValueType>> = {
  F1: 'rate',
  F2: 'rate',
  F3: 'tiers',
  F4: 'rate',
  F5: 'surcharge',
  F6: 'rate',
  F8: 'rate',
  F9: 'rate',
  F11: 'band',
  F12: 'rate',
  F13: 'namedRates',
  F14: 'rate',
  D1: 'awsDrawdown',
  D4: 'drawdownShare',
  D6: 'drawdownShare',
  N6: 'countries',
};

/** Everything the engine needs, parsed and indexed once per policy/config pair. */
export interface RoutingPolicy {
  version: string;
  table: MarketplacePolicy;
  config: RoutingConfig;
  commissionRate: Exact;
  requiredDrawdownShare: Exact;
  usdPerHomeCurrency: Exact;
  /** Vendor default AWS cap as a share, null to use rule D1's default. */
  awsDrawdownCapShare: Exact | null;
  rulesByCloud: Readonly<Record<Cloud, ReadonlyMap<string, ReadonlyArray<CompiledRule>>>>;
}

export function compileRoutingPolicy(table: MarketplacePolicy, config: RoutingConfig): RoutingPolicy {
  const rulesByCloud = {} as Record<Cloud, Map<string, CompiledRule[]>>;
  for (const cloud of CLOUDS) rulesByCloud[cloud] = new Map();
  table.rules.forEach((rule, index) => {
    const expected = EXPECTED_VALUE_TYPES[rule.id];
    if (expected && expected !== rule.value.type) {
      throw new PolicyError(`marketplace policy: rules[${index}] (${rule.id}): value.type must be "${expected}"`);
    }
    const compiled: CompiledRule = {
      id: rule.id,
      kind: rule.kind,
      summary: rule.summary,
      sources: rule.sources,
      confidence: rule.confidence,
      estimate: rule.estimate,
      from: rule.effectiveFrom ?? '',
      until: rule.effectiveUntil ?? '9999-12-31',
      value: compileValue(rule.value),
    };
    for (const cloud of rule.clouds) {
      const versions = rulesByCloud[cloud].get(rule.id) ?? [];
      versions.push(compiled);
      rulesByCloud[cloud].set(rule.id, versions);
    }
  });
  const capPercent = config.clouds.aws.drawdownCapPercent;
  return {
    version: table.version,
    table,
    config,
    commissionRate: Exact.fromNumber(config.aeCompensation.commissionPercent).shiftLeft(2),
    requiredDrawdownShare: Exact.fromNumber(config.marketplaceRequiredAtDrawdownPercent).shiftLeft(2),
    usdPerHomeCurrency: config.usdPerHomeCurrency === undefined ? Exact.ONE : Exact.fromNumber(config.usdPerHomeCurrency),
    awsDrawdownCapShare: capPercent === undefined ? null : Exact.fromNumber(capPercent).shiftLeft(2),
    rulesByCloud,
  };
}

/** The version of a rule in force on `date` (YYYY-MM-DD) for `cloud`, if any. */
export function ruleInForce<T extends ValueType = ValueType>(policy: RoutingPolicy, cloud: Cloud, id: string, date: string): CompiledRule<T> | undefined {
  const versions = policy.rulesByCloud[cloud].get(id);
  if (!versions) return undefined;
  for (const rule of versions) {
    if (rule.from <= date && date <= rule.until) return rule as unknown as CompiledRule<T>;
  }
  return undefined;
}

/** The rules in force on one date, per cloud: what `ruleInForce` would return for each id. */
export type RulesInForce = Readonly<Record<Cloud, ReadonlyMap<string, CompiledRule>>>;

// Deals close on a modest number of distinct dates, so each policy resolves its rule versions once per
// date rather than on every lookup. Bounded, so that an unusual stream of dates cannot grow it without limit.
const MAX_CACHED_DATES = 4096;
const rulesInForceCache = new WeakMap<RoutingPolicy, Map<string, RulesInForce>>();

/** Every cloud's rules in force on `date` (YYYY-MM-DD); the same rule objects `ruleInForce` returns. */
export function rulesInForceOn(policy: RoutingPolicy, date: string): RulesInForce {
  let byDate = rulesInForceCache.get(policy);
  if (byDate === undefined) {
    byDate = new Map();
    rulesInForceCache.set(policy, byDate);
  }
  let rules = byDate.get(date);
  if (rules === undefined) {
    const resolved = {} as Record<Cloud, Map<string, CompiledRule>>;
    for (const cloud of CLOUDS) {
      const inForce = new Map<string, CompiledRule>();
      for (const id of policy.rulesByCloud[cloud].keys()) {
        const rule = ruleInForce(policy, cloud, id, date);
        if (rule) inForce.set(id, rule);
      }
      resolved[cloud] = inForce;
    }
    if (byDate.size >= MAX_CACHED_DATES) byDate.clear();
    byDate.set(date, resolved);
    rules = resolved;
  }
  return rules;
}

function compileValue(value: PolicyRuleValue): CompiledValue {
  switch (value.type) {
    case 'rate':
      return { type: 'rate', rate: Exact.parse(value.rate) };
    case 'tiers':
      return {
        type: 'tiers',
        tiers: value.tiers.map((tier) => ({ fromUsd: Exact.parse(tier.fromUsd), rate: Exact.parse(tier.rate) })),
      };
    case 'band':
      return {
        type: 'band',
        fromUsd: Exact.parse(value.fromUsd),
        belowUsd: Exact.parse(value.belowUsd),
        rate: Exact.parse(value.rate),
      };
    case 'namedRates':
      return {
        type: 'namedRates',
        rates: {
          newUnder1M: Exact.parse(value.rates.newUnder1M),
          newFrom10M: Exact.parse(value.rates.newFrom10M),
          movedFromOtherChannel: Exact.parse(value.rates.movedFromOtherChannel),
          publicOffer: Exact.parse(value.rates.publicOffer),
        },
      };
    case 'surcharge':
      return { type: 'surcharge', points: Exact.parse(value.points) };
    case 'awsDrawdown':
      return {
        type: 'awsDrawdown',
        countedShare: share(value.countedShare),
        pre2022CountedShare: share(value.pre2022CountedShare),
        defaultCapShare: Exact.parse(value.defaultCapShare),
      };
    case 'drawdownShare':
      return { type: 'drawdownShare', share: share(value.share) };
    case 'countries':
      return { type: 'countries', countries: new Set(value.countries) };
    case 'condition':
      return { type: 'condition' };
  }
}
