import { analyticsSourceLabel, type RingfenceConfig } from '../../policy/ringfence-config.ts';
import type { InboundActivity } from './attribution.ts';

/** A contact as the inbound rules need it, mapped from HubSpot contact properties. */
export interface ContactFacts {
  id: string;
  email: string | null;
  createdAt: Date;
  /** HubSpot's `hs_analytics_source` (original traffic source). */
  analyticsSource: string | null;
}

/**
 * What a contact counts as in an attribution dispute: a form submission when HubSpot reported that
 * a form created it, otherwise a new contact when its original source is inbound marketing, otherwise
 * nothing. Both kinds describe the contact the same way, so the two readings of one contact (the
 * webhook knows about the form, a later card load may not) merge into one conflict.
 */
export function inboundActivityOfContact(contact: ContactFacts, config: RingfenceConfig, createdByForm: boolean): InboundActivity | null {
  const inboundSource = contact.analyticsSource !== null && config.inboundAnalyticsSources.includes(contact.analyticsSource);
  if (!createdByForm && !inboundSource) return null;
  const source = contact.analyticsSource ? ` (original source: ${analyticsSourceLabel(contact.analyticsSource)})` : '';
  return {
    kind: createdByForm ? 'form_submission' : 'new_contact',
    what: `contact ${contact.email ?? contact.id}${source}`,
    at: contact.createdAt,
  };
}
