import Decimal from 'decimal.js';
import {
  CLOUDS,
  PolicyError,
  type Cloud,
  type MarketplacePolicy,
  type PolicyRule,
  type PolicyRuleValue,
} from '../../policy/marketplace-policy.ts';
import type { RoutingConfig } from '../../policy/routing-config.ts';
import { HUNDRED, ONE } from '../money.ts';

/** Shares of 100% become the shared ONE instance, so the engine can skip multiplying by them. */
function share(text: string): Decimal {
  const value = new Decimal(text);
  return value.equals(ONE) ? ONE : value;
}

/** A rule value with its numbers parsed once, at compile time, instead of on every evaluation. */
export type CompiledValue =
  | { type: 'rate'; rate: Decimal }
  | { type: 'tiers'; tiers: ReadonlyArray<{ fromUsd: Decimal; rate: Decimal }> }
  | { type: 'band'; fromUsd: Decimal; belowUsd: Decimal; rate: Decimal }
  | {
      type: 'namedRates';
      rates: { newUnder1M: Decimal; newFrom10M: Decimal; movedFromOtherChannel: Decimal; publicOffer: Decimal };
    }
  | { type: 'surcharge'; points: Decimal }
  | { type: 'awsDrawdown'; countedShare: Decimal; pre2022CountedShare: Decimal; defaultCapShare: Decimal }
  | { type: 'drawdownShare'; share: Decimal }
  | { type: 'countries'; countries: ReadonlySet<string> }
  | { type: 'condition' };

export type ValueType = CompiledValue['type'];

export interface CompiledRule<T extends ValueType = ValueType> {
  id: string;
  kind: PolicyRule['kind'];
  summary: string;
  confidence: PolicyRule['confidence'];
  estimate: boolean;
  /** '' and '9999-12-31' stand for open ends so that lookups are plain string comparisons. */
  from: string;
  until: string;
  value: Extract<CompiledValue, { type: T }>;
}

/** The value shape the engine reads for each rule id it applies numerically. */
const EXPECTED_VALUE_TYPES: Readonly<Record<string, ValueType>> = {
  F1: 'rate', F2: 'rate', F3: 'tiers', F4: 'rate', F5: 'surcharge', F6: 'rate', F8: 'rate', F9: 'rate',
  F11: 'band', F12: 'rate', F13: 'namedRates', F14: 'rate', D1: 'awsDrawdown', D4: 'drawdownShare',
  D6: 'drawdownShare', N6: 'countries',
};

/** Everything the engine needs, parsed and indexed once per policy/config pair. */
export interface RoutingPolicy {
  version: string;
  table: MarketplacePolicy;
  config: RoutingConfig;
  commissionRate: Decimal;
  requiredDrawdownShare: Decimal;
  usdPerHomeCurrency: Decimal;
  /** Vendor default AWS cap as a share, null to use rule D1's default. */
  awsDrawdownCapShare: Decimal | null;
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
    commissionRate: new Decimal(config.aeCompensation.commissionPercent).div(HUNDRED),
    requiredDrawdownShare: new Decimal(config.marketplaceRequiredAtDrawdownPercent).div(HUNDRED),
    usdPerHomeCurrency: config.usdPerHomeCurrency === undefined ? ONE : new Decimal(config.usdPerHomeCurrency),
    awsDrawdownCapShare: capPercent === undefined ? null : new Decimal(capPercent).div(HUNDRED),
    rulesByCloud,
  };
}

/** The version of a rule in force on `date` (YYYY-MM-DD) for `cloud`, if any. */
export function ruleInForce<T extends ValueType = ValueType>(
  policy: RoutingPolicy,
  cloud: Cloud,
  id: string,
  date: string,
): CompiledRule<T> | undefined {
  const versions = policy.rulesByCloud[cloud].get(id);
  if (!versions) return undefined;
  for (const rule of versions) {
    if (rule.from <= date && date <= rule.until) return rule as unknown as CompiledRule<T>;
  }
  return undefined;
}

function compileValue(value: PolicyRuleValue): CompiledValue {
  switch (value.type) {
    case 'rate':
      return { type: 'rate', rate: new Decimal(value.rate) };
    case 'tiers':
      return {
        type: 'tiers',
        tiers: value.tiers.map((tier) => ({ fromUsd: new Decimal(tier.fromUsd), rate: new Decimal(tier.rate) })),
      };
    case 'band':
      return {
        type: 'band',
        fromUsd: new Decimal(value.fromUsd),
        belowUsd: new Decimal(value.belowUsd),
        rate: new Decimal(value.rate),
      };
    case 'namedRates':
      return {
        type: 'namedRates',
        rates: {
          newUnder1M: new Decimal(value.rates.newUnder1M),
          newFrom10M: new Decimal(value.rates.newFrom10M),
          movedFromOtherChannel: new Decimal(value.rates.movedFromOtherChannel),
          publicOffer: new Decimal(value.rates.publicOffer),
        },
      };
    case 'surcharge':
      return { type: 'surcharge', points: new Decimal(value.points) };
    case 'awsDrawdown':
      return {
        type: 'awsDrawdown',
        countedShare: share(value.countedShare),
        pre2022CountedShare: share(value.pre2022CountedShare),
        defaultCapShare: new Decimal(value.defaultCapShare),
      };
    case 'drawdownShare':
      return { type: 'drawdownShare', share: share(value.share) };
    case 'countries':
      return { type: 'countries', countries: new Set(value.countries) };
    case 'condition':
      return { type: 'condition' };
  }
}
