import { dealReadPlan } from '../functions/deal/read-plan.ts';
import { COMPANY_SUMMARY_PROPERTIES, DEAL_SUMMARY_PROPERTIES } from '../functions/summaries.ts';
import type { HubSpotGateway } from '../hubspot/gateway.ts';
import { protectedPropertyNames, SEAL_PROPERTY } from '../hubspot/integrity/seal.ts';
import { markCardSnapshotsStale } from '../hubspot/records/card-snapshot.ts';
import { dealPropertyNamesToRead } from '../hubspot/records/ringfence.ts';
import { ROUTING_LINE_ITEM_PROPERTY_NAMES, ROUTING_PRODUCT_PROPERTY_NAMES } from '../hubspot/records/routing.ts';
import { CONTACT_INBOUND_PROPERTIES } from '../hubspot/ringfence/company.ts';
import { appPolicy } from '../policy/app-policy.ts';
import type { WebhookProcessor } from './webhook-worker.ts';
import { GATE_WATCHED_LINE_ITEM_PROPERTIES, lineItemsSelling } from './gate/enforcement.ts';

const CONTACTS = '0-1';
const COMPANIES = '0-2';
const DEALS = '0-3';
const PRODUCTS = '0-7';
const LINE_ITEMS = '0-8';

/**
 * What the cards' snapshots hold from other records (src/hubspot/records/card-snapshot.ts), per
 * object: a change to one of these properties marks stale every snapshot that holds the record. The
 * webhook subscriptions in app/webhooks include them.
 */
export const SNAPSHOT_WATCHED_PROPERTIES = {
  /** Deal cards hold their company. */
  company: [...new Set([...COMPANY_SUMMARY_PROPERTIES, ...dealReadPlan.company, ...protectedPropertyNames('companies')])],
  /** Company cards hold their deals. */
  deal: [...new Set([...DEAL_SUMMARY_PROPERTIES, ...dealPropertyNamesToRead(appPolicy.ringfence)])],
  /** Deal cards hold their contacts (co-sell readiness, attribution); company cards theirs (inbound activity). */
  contact: [...new Set([...dealReadPlan.contact, ...CONTACT_INBOUND_PROPERTIES])],
  /** Deal cards hold their line items (with what HubSpot calculates their net price from)… */
  lineItem: [...new Set([...ROUTING_LINE_ITEM_PROPERTY_NAMES, ...GATE_WATCHED_LINE_ITEM_PROPERTIES])],
  /** …and the products those sell. */
  product: [...ROUTING_PRODUCT_PROPERTY_NAMES],
} as const;

const watched = {
  company: new Set<string>(SNAPSHOT_WATCHED_PROPERTIES.company),
  deal: new Set<string>(SNAPSHOT_WATCHED_PROPERTIES.deal),
  contact: new Set<string>(SNAPSHOT_WATCHED_PROPERTIES.contact),
  lineItem: new Set<string>(SNAPSHOT_WATCHED_PROPERTIES.lineItem),
  product: new Set<string>(SNAPSHOT_WATCHED_PROPERTIES.product),
};
/** A company's ring-fence, as other companies' cards see it on the deals they share. */
const SHARED_STATE = new Set([SEAL_PROPERTY, ...protectedPropertyNames('companies')]);

/** Record id → the latest time a change it has not seen was made. */
class Marks extends Map<string, number> {
  note(id: string, at: number): void {
    this.set(id, Math.max(this.get(id) ?? 0, at));
  }
}

async function through(gateway: HubSpotGateway, from: 'contacts' | 'line_items' | 'deals', changed: Marks, to: 'deals' | 'companies', into: Marks) {
  if (changed.size === 0) return;
  for (const [id, linked] of await gateway.associatedIds(from, [...changed.keys()], to)) {
    for (const target of linked) into.note(target, changed.get(id)!);
  }
}

/**
 * Marks stale the snapshots that hold a changed record, as of the change (HubSpot's occurredAt; the
 * highest mark wins, so events processed out of order do not matter). Association changes need no
 * mark on the records whose own associations changed (a snapshot is tied to those), only on the
 * other companies of a deal whose companies changed: they show who else ring-fenced it.
 */
export const cardSnapshotInvalidation: WebhookProcessor = async (events, context) => {
  const { gateway } = context;
  const deals = new Marks();
  const companies = new Marks();
  const changedCompanies = new Marks();
  const sharedStateCompanies = new Marks();
  const changedContacts = new Marks();
  const changedLineItems = new Marks();
  const changedProducts = new Marks();
  const changedDeals = new Marks();
  const byObjectType: Record<string, [ReadonlySet<string>, Marks]> = {
    [COMPANIES]: [watched.company, changedCompanies],
    [DEALS]: [watched.deal, changedDeals],
    [CONTACTS]: [watched.contact, changedContacts],
    [LINE_ITEMS]: [watched.lineItem, changedLineItems],
    [PRODUCTS]: [watched.product, changedProducts],
  };
  for (const event of events) {
    if (event.kind === 'object' && event.action === 'propertyChange') {
      const [names, changed] = byObjectType[event.objectTypeId] ?? [];
      if (!names?.has(event.propertyName ?? '')) continue;
      changed!.note(event.objectId, event.occurredAt);
      if (event.objectTypeId === COMPANIES && SHARED_STATE.has(event.propertyName ?? '')) sharedStateCompanies.note(event.objectId, event.occurredAt);
    } else if (event.kind === 'association') {
      const dealToCompany =
        (event.fromObjectTypeId === DEALS && event.toObjectTypeId === COMPANIES) || (event.fromObjectTypeId === COMPANIES && event.toObjectTypeId === DEALS);
      if (dealToCompany) changedDeals.note(event.fromObjectTypeId === DEALS ? event.fromObjectId : event.toObjectId, event.occurredAt);
    }
  }
  if (changedCompanies.size > 0) {
    for (const [companyId, dealIds] of await gateway.associatedIds('companies', [...changedCompanies.keys()], 'deals')) {
      for (const dealId of dealIds) {
        deals.note(dealId, changedCompanies.get(companyId)!);
        // The other companies on this deal show this company's ring-fence: reached through the deal, like a deal change.
        if (sharedStateCompanies.has(companyId)) changedDeals.note(dealId, sharedStateCompanies.get(companyId)!);
      }
    }
  }
  await through(gateway, 'deals', changedDeals, 'companies', companies);
  await through(gateway, 'contacts', changedContacts, 'deals', deals);
  await through(gateway, 'contacts', changedContacts, 'companies', companies);
  if (changedProducts.size > 0) {
    for (const [lineItemId, productId] of await lineItemsSelling([...changedProducts.keys()], gateway))
      changedLineItems.note(lineItemId, changedProducts.get(productId)!);
  }
  await through(gateway, 'line_items', changedLineItems, 'deals', deals);
  await markCardSnapshotsStale(gateway, 'deals', deals);
  await markCardSnapshotsStale(gateway, 'companies', companies);
};
