import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import type { DealFacts } from './deal.ts';
import type { RingfenceState, RingfenceSummary } from './state.ts';
import { claimsDealCreatedAt } from './window.ts';

/** One of a deal's companies, with its ring-fence state when it has one. */
export interface DealCompanyRingfence {
  companyId: string;
  primary: boolean;
  state: RingfenceState | null;
}

export const ATTRIBUTION_BASES = ['only_ringfenced_company', 'primary_company', 'earliest_ringfence'] as const;
export type AttributionBasis = (typeof ATTRIBUTION_BASES)[number];

export const ATTRIBUTION_BASIS_TEXT: Record<AttributionBasis, string> = {
  only_ringfenced_company: 'the only one of its companies with a ring-fence that claims it',
  primary_company: 'its primary company, which comes first when several of its companies are ring-fenced',
  earliest_ringfence: 'the earliest-registered of the ring-fences on its companies (none is on its primary company)',
};

function claimOf(state: RingfenceState | null, deal: DealFacts, config: RingfenceConfig): RingfenceSummary | null {
  if (!state) return null;
  const ringfences: RingfenceSummary[] = state.current ? [state.current, ...state.past] : state.past;
  return ringfences.find((ringfence) => claimsDealCreatedAt(ringfence, deal.createdAt, config.timeZone)) ?? null;
}

/**
 * Which company's ring-fence attributes a deal that is on several companies, by one written rule:
 * the primary company's claim first; otherwise the only claim; otherwise the claim registered
 * earliest (ties: the lower company id). Null when no company's ring-fence claims the deal.
 */
export function attributionCompanyFor(
  deal: DealFacts,
  companies: readonly DealCompanyRingfence[],
  config: RingfenceConfig,
): { companyId: string; basis: AttributionBasis } | null {
  const claims = companies.flatMap((company) => {
    const claim = claimOf(company.state, deal, config);
    return claim ? [{ company, claim }] : [];
  });
  if (claims.length === 0) return null;
  if (claims.length === 1)
    return { companyId: claims[0]!.company.companyId, basis: claims[0]!.company.primary ? 'primary_company' : 'only_ringfenced_company' };
  const primary = claims.find((candidate) => candidate.company.primary);
  if (primary) return { companyId: primary.company.companyId, basis: 'primary_company' };
  const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const earliest = [...claims].sort(
    (a, b) => Date.parse(a.claim.registeredAt) - Date.parse(b.claim.registeredAt) || byId(a.company.companyId, b.company.companyId),
  )[0]!;
  return { companyId: earliest.company.companyId, basis: 'earliest_ringfence' };
}
