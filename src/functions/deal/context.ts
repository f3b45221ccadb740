import type { CrmRecord, HubSpotGateway, HubSpotOwner, Pipeline } from '../../hubspot/gateway.ts';
import { protectedPropertyNames } from '../../hubspot/integrity/seal.ts';
import { dealCompanyOf, type DealCompany } from '../../hubspot/records/deal-company.ts';
import { readDealProductOffers } from '../../hubspot/records/deal-products.ts';
import type { ProductOffer } from '../../domain/routing/offer.ts';
import { appPolicy, type AppPolicy } from '../../policy/app-policy.ts';
import { sealKeyFromEnvironment, verifyRecord, type VerifiedRecord } from '../integrity.ts';
import { cachedProducts, dealPipelines, owners } from '../reference-data.ts';
import { COMPANY_SUMMARY_PROPERTIES, DEAL_SUMMARY_PROPERTIES } from '../summaries.ts';

/** Everything the deal card's sections are computed from, read once per card load. */
export interface DealContext {
  /** The deal with its gate state replaced by the app's last genuine values. */
  deal: CrmRecord;
  dealIntegrity: VerifiedRecord;
  company: CrmRecord | null;
  companyIntegrity: VerifiedRecord | null;
  /** Which of the deal's companies the card reads (primary, the only one, or none). */
  companyChoice: DealCompany;
  companyCount: number;
  /** The offer facts of the products on the deal's line items (empty without line items). */
  products: ProductOffer[];
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
 * Two HubSpot calls per card load: the deal with its association ids and the history of its app
 * state, then its primary company (with the history of its ring-fence state). A deal with line items
 * adds one batch read of them, beside the company's (their products come from the warm instance's
 * cache, read in one batch when missing). The contacts cost a call, made only when a section asks. Pipelines and owners come from the warm
 * instance's cache.
 */
export async function loadDealContext(dealId: string, gateway: HubSpotGateway, now: Date, plan: DealReadPlan): Promise<DealContext> {
  const sealKey = sealKeyFromEnvironment();
  const dealProtected = protectedPropertyNames('deals');
  const companyProtected = protectedPropertyNames('companies');
  const [read, pipelines, allOwners] = await Promise.all([
    gateway.readRecord('deals', dealId, {
      properties: [...new Set([...DEAL_SUMMARY_PROPERTIES, ...plan.deal, ...dealProtected])],
      history: dealProtected,
      associations: ['companies', 'contacts', 'line_items'],
    }),
    dealPipelines(gateway, now),
    owners(gateway, now),
  ]);
  const companyChoice = dealCompanyOf(read.associations.companies);
  const contactIds = (read.associations.contacts ?? []).slice(0, 20).map((contact) => contact.id);
  // The company and the line items are independent reads: made side by side.
  const [[companyRead], products] = await Promise.all([
    companyChoice.id
      ? gateway.readRecordsWithHistory(
          'companies',
          [companyChoice.id],
          [...new Set([...COMPANY_SUMMARY_PROPERTIES, ...plan.company, ...companyProtected])],
          companyProtected,
        )
      : Promise.resolve([]),
    readDealProductOffers(
      gateway,
      (read.associations.line_items ?? []).map((lineItem) => lineItem.id),
      cachedProducts(gateway, now),
    ),
  ]);
  let contacts: Promise<CrmRecord[]> | undefined;
  const loadContacts = () =>
    (contacts ??= contactIds.length > 0 && plan.contact.length > 0 ? gateway.readRecords('contacts', contactIds, plan.contact) : Promise.resolve([]));
  const dealIntegrity = verifyRecord('deals', read.record, read.history, sealKey);
  const companyIntegrity = companyRead ? verifyRecord('companies', companyRead.record, companyRead.history, sealKey) : null;
  return {
    deal: { id: read.record.id, properties: { ...read.record.properties, ...dealIntegrity.trusted } },
    dealIntegrity,
    company: companyIntegrity ? { id: companyIntegrity.record.id, properties: { ...companyIntegrity.record.properties, ...companyIntegrity.trusted } } : null,
    companyIntegrity,
    companyChoice,
    companyCount: read.associations.companies?.length ?? 0,
    products,
    contacts: loadContacts,
    pipelines,
    owners: allOwners,
    policy: appPolicy,
    now,
  };
}
