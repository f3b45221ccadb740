import type { WebhookProcessor } from '../webhook-worker.ts';
import { ACE_PUSHED_DEAL_PROPERTIES } from './sync.ts';

const DEAL = '0-3';
const pushed = new Set<string>(ACE_PUSHED_DEAL_PROPERTIES);

/** Deal properties whose change the ACE sync sends to AWS (subscribed in app/webhooks). */
export const ACE_WATCHED_DEAL_PROPERTIES: readonly string[] = ACE_PUSHED_DEAL_PROPERTIES;

/**
 * Queues a push for every shared deal whose ACE-relevant values changed; the outbox sends it as far
 * as AWS's review status allows, and again once AWS unlocks the fields.
 */
export const acePushProcessor: WebhookProcessor = async (events, context) => {
  if (!context.ace) return;
  const dealIds = new Set<string>();
  for (const event of events) {
    if (event.kind === 'object' && event.objectTypeId === DEAL && event.action === 'propertyChange' && event.propertyName && pushed.has(event.propertyName)) {
      dealIds.add(event.objectId);
    }
  }
  for (const dealId of dealIds) {
    if ((await context.store.getValue(`ace.opportunity.${dealId}`)) !== null) await context.ace.requestPush(dealId);
  }
  if (dealIds.size > 0) void context.ace.drain();
};
