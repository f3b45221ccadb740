import type { Cloud } from '../../domain/cosell/clouds.ts';
import type { ProductOffer } from '../../domain/routing/offer.ts';
import type { CrmRecord, HubSpotGateway, HubSpotOwner, Pipeline, RecordRead } from '../../hubspot/gateway.ts';
import { protectedPropertyNames } from '../../hubspot/integrity/seal.ts';
import {
  CARD_SNAPSHOT_PROPERTIES,
  CARD_SNAPSHOT_STALE_PROPERTY,
  readCardSnapshot,
  saveCardSnapshot,
  type SnapshotScope,
} from '../../hubspot/records/card-snapshot.ts';
import { readRecentSubmissions } from '../../hubspot/records/acceptance.ts';
import { dealCompanyOf, type DealCompany } from '../../hubspot/records/deal-company.ts';
import { dealProductOffers, readDealProductRecords, readProductsFrom, type DealProductRecords } from '../../hubspot/records/deal-products.ts';
import { appPolicy, type AppPolicy } from '../../policy/app-policy.ts';
import { sealKeyFromEnvironment, verifyRecord, type VerifiedRecord } from '../integrity.ts';
import { cached, dealPipelines, owners, REFERENCE_DATA_MAX_AGE_MS } from '../reference-data.ts';
import { COMPANY_SUMMARY_PROPERTIES, DEAL_SUMMARY_PROPERTIES } from '../summaries.ts';

/** Our accepted and decided submissions on one cloud, for the advice on whether to share a deal. */
export type RecentSubmissions = { accepted: number; decided: number };

/** Everything the deal card's sections are computed from, read once per card load. */
export interface DealContext {
  /** The deal with its gate state replaced by the app's last genuine values. */
  deal: CrmRecord;
  dealIntegrity: VerifiedRecord;
  /** The company with its ring-fence and commitments replaced by the app's last genuine values. */
  company: CrmRecord | null;
  /** Which of the deal's companies the card reads (primary, the only one, or none). */
  companyChoice: DealCompany;
  companyCount: number;
  /** The offer facts of the products on the deal's line items (empty without line items). */
  products: ProductOffer[];
  /** The deal's first 20 contacts, with the properties the read plan names. */
  contacts: CrmRecord[];
  recentSubmissions: (cloud: Cloud) => Promise<RecentSubmissions>;
  pipelines: Pipeline[];
  owners: HubSpotOwner[];
  policy: AppPolicy;
  now: Date;
  /** Saves what this load read as the deal's snapshot (nothing when it used one). */
  saveSnapshot: () => Promise<void>;
}

export interface DealReadPlan {
  deal: readonly string[];
  company: readonly string[];
  contact: readonly string[];
}

/** The deal card's snapshot: the records as read, so every rule runs on them as on a fresh read. */
interface DealSnapshot {
  company: CrmRecord | null;
  products: DealProductRecords;
  contacts: CrmRecord[];
  /** Portal data read with them; used only while younger than the reference data's bounded age. */
  pipeline: Pipeline | null;
  submissions: Partial<Record<Cloud, RecentSubmissions>>;
}

/** Changes whenever DealSnapshot or the read plan behind it does. */
const DEAL_SNAPSHOT_SCHEMA = 'deal1';
const MAX_CONTACTS = 20;

/**
 * One HubSpot call per card load once the deal has a snapshot: the deal with its association ids, the
 * history of its app state and of its snapshot's stale mark. Without a usable snapshot (first load,
 * an associated record changed, associations changed, or an hour passed) the company (with the
 * history of its ring-fence state), the line items with their products and the contacts are read side
 * by side, and the card then saves them as the snapshot. Owners, and pipelines when the snapshot's
 * are older than the reference data's bounded age, come from the warm instance's cache.
 */
export async function loadDealContext(dealId: string, gateway: HubSpotGateway, now: Date, plan: DealReadPlan): Promise<DealContext> {
  const sealKey = sealKeyFromEnvironment();
  const dealProtected = protectedPropertyNames('deals');
  const [read, allOwners] = await Promise.all([
    gateway.readRecord('deals', dealId, {
      properties: [...new Set([...DEAL_SUMMARY_PROPERTIES, ...plan.deal, ...dealProtected, ...CARD_SNAPSHOT_PROPERTIES])],
      history: [...dealProtected, CARD_SNAPSHOT_STALE_PROPERTY],
      associations: ['companies', 'contacts', 'line_items'],
    }),
    owners(gateway, now),
  ]);
  const scope: SnapshotScope = { key: sealKey, objectType: 'deals', id: dealId, schema: DEAL_SNAPSHOT_SCHEMA };
  const companyChoice = dealCompanyOf(read.associations.companies);
  const snapshot = readCardSnapshot<DealSnapshot>(scope, read, now.getTime());
  const around = snapshot.usable ? snapshot.content : await readAroundDeal(gateway, read, companyChoice, plan, sealKey);
  // Portal data in the snapshot is as old as the snapshot: used within the bound the instance cache keeps.
  const portalDataFresh = snapshot.usable && now.getTime() - snapshot.readAt < REFERENCE_DATA_MAX_AGE_MS;
  const dealPipelineId = read.record.properties.pipeline ?? null;
  const pipelines = portalDataFresh && around.pipeline && around.pipeline.id === dealPipelineId ? [around.pipeline] : await dealPipelines(gateway, now);
  const submissions = { ...(portalDataFresh ? around.submissions : {}) };
  const recentSubmissions = async (cloud: Cloud) =>
    (submissions[cloud] ??= await cached(`cosell-acceptance:${cloud}`, now, () => readRecentSubmissions(gateway, cloud, now, appPolicy.cosell)));
  const dealIntegrity = verifyRecord('deals', read.record, read.history, sealKey);
  return {
    deal: { id: read.record.id, properties: { ...read.record.properties, ...dealIntegrity.trusted } },
    dealIntegrity,
    company: around.company,
    companyChoice,
    companyCount: read.associations.companies?.length ?? 0,
    products: dealProductOffers(around.products),
    contacts: around.contacts,
    recentSubmissions,
    pipelines,
    owners: allOwners,
    policy: appPolicy,
    now,
    saveSnapshot: async () => {
      if (snapshot.usable) return;
      const content: DealSnapshot = {
        ...around,
        pipeline: pipelines.find((pipeline) => pipeline.id === dealPipelineId) ?? null,
        submissions,
      };
      await saveCardSnapshot(gateway, scope, now.getTime(), read, content);
    },
  };
}

/** Everything the card shows from records other than the deal: the company, line items with products, and contacts, read side by side. */
async function readAroundDeal(
  gateway: HubSpotGateway,
  read: RecordRead,
  companyChoice: DealCompany,
  plan: DealReadPlan,
  sealKey: string,
): Promise<DealSnapshot> {
  const companyProtected = protectedPropertyNames('companies');
  const contactIds = (read.associations.contacts ?? []).slice(0, MAX_CONTACTS).map((contact) => contact.id);
  const [[companyRead], products, contacts] = await Promise.all([
    companyChoice.id
      ? gateway.readRecordsWithHistory(
          'companies',
          [companyChoice.id],
          [...new Set([...COMPANY_SUMMARY_PROPERTIES, ...plan.company, ...companyProtected])],
          companyProtected,
        )
      : Promise.resolve([]),
    readDealProductRecords(
      gateway,
      (read.associations.line_items ?? []).map((lineItem) => lineItem.id),
      readProductsFrom(gateway),
    ),
    contactIds.length > 0 && plan.contact.length > 0 ? gateway.readRecords('contacts', contactIds, plan.contact) : Promise.resolve([]),
  ]);
  const company = companyRead ? verifyRecord('companies', companyRead.record, companyRead.history, sealKey) : null;
  return {
    company: company ? { id: company.record.id, properties: { ...company.record.properties, ...company.trusted } } : null,
    products,
    contacts,
    pipeline: null,
    submissions: {},
  };
}
