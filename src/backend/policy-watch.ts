import { createHash } from 'node:crypto';
import type { HubSpotGateway } from '../hubspot/gateway.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { marketplacePolicy } from '../policy/marketplace-policy.ts';
import type { BackendStore } from './store/index.ts';

const FINGERPRINT = 'policy.fingerprint';

/** The policy the gate judges with: the portal policy and the marketplace rule table. */
export function policyFingerprint(): string {
  return createHash('sha256')
    .update(JSON.stringify([appPolicy, marketplacePolicy]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * When a deploy changes the policy, every deal in a gated stage is judged again: one queued event
 * per deal, processed like HubSpot's (durably, retried). The first start only records the policy;
 * judging a whole existing portal is the audit's job (`cosell audit`).
 */
export async function reevaluateOnPolicyChange(
  store: BackendStore,
  gateway: HubSpotGateway,
  portalId: string,
  now: Date,
): Promise<{ changed: boolean; queued: number }> {
  const current = policyFingerprint();
  const previous = await store.getValue(FINGERPRINT);
  await store.setValue(FINGERPRINT, current, now.getTime());
  if (previous === null || previous === current) return { changed: false, queued: 0 };
  const gated = [...appPolicy.pipeline.contractStageIds, ...appPolicy.pipeline.closedWonStageIds];
  const deals = await gateway.search('deals', {
    filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'IN', values: gated }] }],
    properties: ['dealstage'],
  });
  const events = deals.map((deal) => ({
    eventId: `policy-${current}-${deal.id}`,
    payload: {
      eventId: 0,
      portalId,
      occurredAt: now.getTime(),
      subscriptionType: 'object.propertyChange',
      attemptNumber: 0,
      objectTypeId: '0-3',
      objectId: deal.id,
      propertyName: 'dealstage',
      propertyValue: deal.properties.dealstage ?? '',
      changeSource: 'POLICY_CHANGE',
      sourceId: `policy:${current}`,
    },
  }));
  const { queued } = await store.enqueueWebhookEvents(events, now.getTime());
  return { changed: true, queued };
}
