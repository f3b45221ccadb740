import { marketplacePolicy } from '../../../src/policy/marketplace-policy.ts';
import { defaultRoutingConfig, type RoutingConfig } from '../../../src/policy/routing-config.ts';
import { buildRoutingInput, type FlatRoutingInput } from '../../../src/domain/routing/input.ts';
import { evaluateRoute } from '../../../src/domain/routing/engine.ts';
import { compileRoutingPolicy, type RoutingPolicy } from '../../../src/domain/routing/policy.ts';
import type { Cloud, RouteOption, RoutingResult } from '../../../src/domain/routing/types.ts';

export const policy = compileRoutingPolicy(marketplacePolicy, defaultRoutingConfig);

/** The demo config with some fields replaced (deep for `clouds` and `aeCompensation`). */
export function policyWith(changes: {
  aws?: Partial<RoutingConfig['clouds']['aws']>;
  azure?: Partial<RoutingConfig['clouds']['azure']>;
  gcp?: Partial<RoutingConfig['clouds']['gcp']>;
  aeCompensation?: Partial<RoutingConfig['aeCompensation']>;
  top?: Partial<Omit<RoutingConfig, 'clouds' | 'aeCompensation'>>;
}): RoutingPolicy {
  const base = defaultRoutingConfig;
  return compileRoutingPolicy(marketplacePolicy, {
    ...base,
    ...changes.top,
    aeCompensation: { ...base.aeCompensation, ...changes.aeCompensation },
    clouds: {
      aws: { ...base.clouds.aws, ...changes.aws },
      azure: { ...base.clouds.azure, ...changes.azure },
      gcp: { ...base.clouds.gcp, ...changes.gcp },
    },
  });
}

/** A commitment on every cloud large enough not to limit drawdown. */
export const AMPLE_COMMITMENTS = {
  aws: { program: 'EDP', annualCommitment: '400000000' },
  azure: { program: 'MACC', remainingCapacity: '100000000', country: 'US' },
  gcp: { program: 'commit', remainingCapacity: '100000000' },
} as const;

export const BASE_DEAL: FlatRoutingInput = {
  tcv: '500000',
  currency: 'USD',
  closeDate: '2026-03-31',
  dealType: 'new',
  delivery: 'saas',
  offer: 'private',
  customerCountry: 'US',
  commitments: AMPLE_COMMITMENTS,
};

export function route(changes: Partial<FlatRoutingInput> = {}, withPolicy: RoutingPolicy = policy): RoutingResult {
  return evaluateRoute(buildRoutingInput({ ...BASE_DEAL, ...changes }, withPolicy), withPolicy);
}

export function option(result: RoutingResult, cloud: Cloud): RouteOption {
  const found = result.options.find((candidate) => candidate.cloud === cloud);
  if (!found) throw new Error(`no ${cloud} option`);
  return found;
}

export function optionFor(cloud: Cloud, changes: Partial<FlatRoutingInput> = {}, withPolicy: RoutingPolicy = policy): RouteOption {
  return option(route({ ...changes, clouds: [cloud] }, withPolicy), cloud);
}
