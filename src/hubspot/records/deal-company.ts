import type { AssociatedRecord } from '../gateway.ts';

/**
 * The company a deal's routing, commitments and ring-fence are read from: the one HubSpot marks
 * primary, else the only one; a deal with several companies and no primary (a reseller or partner
 * attached beside the customer) has none until someone marks the customer primary.
 */
export type DealCompany = { id: string; basis: 'primary' | 'only' } | { id: null; basis: 'none' } | { id: null; basis: 'no_primary'; candidates: string[] };

export function dealCompanyOf(companies: readonly AssociatedRecord[] | undefined): DealCompany {
  const list = companies ?? [];
  const primary = list.find((company) => company.primary);
  if (primary) return { id: primary.id, basis: 'primary' };
  if (list.length === 1) return { id: list[0]!.id, basis: 'only' };
  if (list.length === 0) return { id: null, basis: 'none' };
  return { id: null, basis: 'no_primary', candidates: list.map((company) => company.id) };
}

/** What the card says when the deal has no company to read. */
export function dealCompanyPrompt(company: DealCompany): string | null {
  if (company.basis === 'none') return 'This deal has no associated company: associate the customer company so routing can read its commitments.';
  if (company.basis === 'no_primary') {
    return `This deal has ${company.candidates.length} companies and none is marked primary: mark the customer company as primary on the deal so routing reads its commitments, not a partner's.`;
  }
  return null;
}
