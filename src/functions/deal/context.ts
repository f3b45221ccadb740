import type { CrmRecord, HubSpotGateway, HubSpotOwner, Pipeline } from '../../hubspot/gateway.ts';
import { appPolicy, type AppPolicy } from '../../policy/app-policy.ts';
import { dealPipelines, owners } from '../reference-data.ts';
import { COMPANY_SUMMARY_PROPERTIES, DEAL_SUMMARY_PROPERTIES } from '../summaries.ts';

/** Everything the deal card's sections are computed from, read once per card load. */
export interface DealContext {
  deal: CrmRecord;
  company: CrmRecord | null;
  /** Read on first use: only ACE readiness and ring-fenced attribution need the deal's contacts. */
  contacts: () => Promise<CrmRecord[]>;
  pipelines: Pipeline[];
  owners: HubSpotOwner[];
  policy: AppPolicy;
  now: Date;
}

export interface DealReadPlan {
  deal: readonly string[];
  company: readonly string[];
  contact: readonly string[];
}

/**
 * Two HubSpot calls per card load: the deal with its association ids, then its company. The
 * contacts cost a third call, made only when a section asks for them. Pipelines and owners come
 * from the warm instance's cache.
 */
export async function loadDealContext(
  dealId: string,
  gateway: HubSpotGateway,
  now: Date,
  plan: DealReadPlan,
): Promise<DealContext> {
  const [{ record: deal, associations }, pipelines, allOwners] = await Promise.all([
    gateway.getRecordWithAssociations('deals', dealId, [...new Set([...DEAL_SUMMARY_PROPERTIES, ...plan.deal])], ['companies', 'contacts']),
    dealPipelines(gateway, now),
    owners(gateway, now),
  ]);
  const companyId = associations.companies?.[0];
  const contactIds = (associations.contacts ?? []).slice(0, 20);
  const companies = companyId
    ? await gateway.readRecords('companies', [companyId], [...new Set([...COMPANY_SUMMARY_PROPERTIES, ...plan.company])])
    : [];
  let contacts: Promise<CrmRecord[]> | undefined;
  const loadContacts = () =>
    (contacts ??= contactIds.length > 0 && plan.contact.length > 0 ? gateway.readRecords('contacts', contactIds, plan.contact) : Promise.resolve([]));
  return { deal, company: companies[0] ?? null, contacts: loadContacts, pipelines, owners: allOwners, policy: appPolicy, now };
}
