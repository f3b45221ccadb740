import { analyticsSourceLabel } from '../../policy/ringfence-config.ts';
import { attributeDeal } from '../../domain/ringfence/attribution.ts';
import { inboundActivityOfContact } from '../../domain/ringfence/inbound.ts';
import { COMPANY_RINGFENCE_PROPERTY_NAMES, dealAttributionProperties, dealPropertyNamesToRead } from '../../hubspot/records/ringfence.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { displayName } from '../../hubspot/directory.ts';
import { CONTACT_INBOUND_PROPERTIES, contactFactsOf, dealFactsOf, hasRingfence, ringfenceStateOf } from '../../hubspot/ringfence/company.ts';
import { attributionSectionSchema, describeDealAttribution, type AttributionSection } from '../ringfence/view.ts';
import type { DealContext } from './context.ts';

export { attributionSectionSchema };

/** What the section reads, added to the deal function's read plan. */
export const attributionProperties = {
  deal: dealPropertyNamesToRead(appPolicy.ringfence),
  company: [...COMPANY_RINGFENCE_PROPERTY_NAMES],
  contact: [...CONTACT_INBOUND_PROPERTIES],
} as const;

/**
 * The deal's alliance attribution, recomputed from its company's ring-fence and its own contacts on
 * card load and written back only when it changed (no extra reads: everything is in the context).
 * Conflicts already recorded (by the webhook, from the company's contacts) are kept.
 */
export async function buildAttributionSection(context: DealContext, gateway: HubSpotGateway): Promise<AttributionSection> {
  const config = context.policy.ringfence;
  const nameOf = (userId: string) => displayName({ users: [], owners: context.owners, teams: [] }, userId);
  const deal = dealFactsOf(context.deal, context.pipelines, config);
  const company = context.company
    ? {
        id: context.company.id,
        name: context.company.properties.name || `Company ${context.company.id}`,
        state: ringfenceStateOf(context.company.id, context.company.properties),
      }
    : null;

  let attribution = deal.attribution;
  if (company && hasRingfence(company.state)) {
    const activity = contactFactsOf(context.contacts).flatMap((contact) => inboundActivityOfContact(contact, config, false) ?? []);
    // On several companies the primary one comes first (attributionCompanyFor); the card only ever reads the primary.
    const basis = context.companyChoice.basis === 'primary' && context.companyCount > 1 ? 'primary_company' : undefined;
    const result = attributeDeal(company.state, deal, activity, config, basis);
    if (result.changed) await gateway.updateRecord('deals', deal.id, dealAttributionProperties(result.attribution));
    attribution = result.attribution;
  }
  const ownSource = deal.dealSource
    ? `deal source: ${deal.dealSource.charAt(0).toUpperCase()}${deal.dealSource.slice(1)}`
    : deal.analyticsSource
      ? `original source: ${analyticsSourceLabel(deal.analyticsSource)}`
      : null;
  return describeDealAttribution({ attribution, dealCreatedAt: deal.createdAt, company, ownSource, now: context.now, config, nameOf });
}
