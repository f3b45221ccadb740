import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { ACE_WATCHED_DEAL_PROPERTIES } from '../backend/ace/webhooks.ts';
import {
  GATE_WATCHED_COMPANY_PROPERTIES,
  GATE_WATCHED_DEAL_PROPERTIES,
  GATE_WATCHED_LINE_ITEM_PROPERTIES,
  GATE_WATCHED_PRODUCT_PROPERTIES,
} from '../backend/gate/enforcement.ts';
import { SNAPSHOT_WATCHED_PROPERTIES } from '../backend/card-snapshots.ts';
import { RINGFENCE_WATCHED_COMPANY_PROPERTIES, RINGFENCE_WATCHED_DEAL_PROPERTIES } from '../backend/ringfence-webhooks.ts';

type Subscription = { subscriptionType: string; objectType: string; propertyName?: string; active: true };

/**
 * app/webhooks/webhooks-hsmeta.json, generated from the properties the backend watches, so a new
 * gate input or a new app-owned property cannot be forgotten in the subscriptions (a test fails
 * until `npm run docs` writes this file again).
 */
export function renderWebhooksConfig(): string {
  const properties = (objectType: string, names: readonly string[]): Subscription[] =>
    [...new Set(names)].sort().map((propertyName) => ({ subscriptionType: 'object.propertyChange', objectType, propertyName, active: true }));
  const crmObjects: Subscription[] = [
    { subscriptionType: 'object.creation', objectType: 'deal', active: true },
    { subscriptionType: 'object.merge', objectType: 'deal', active: true },
    { subscriptionType: 'object.restore', objectType: 'deal', active: true },
    { subscriptionType: 'object.associationChange', objectType: 'deal', active: true },
    ...properties('deal', [
      ...GATE_WATCHED_DEAL_PROPERTIES,
      ...RINGFENCE_WATCHED_DEAL_PROPERTIES,
      ...ACE_WATCHED_DEAL_PROPERTIES,
      ...SNAPSHOT_WATCHED_PROPERTIES.deal,
    ]),
    { subscriptionType: 'object.associationChange', objectType: 'company', active: true },
    ...properties('company', [...GATE_WATCHED_COMPANY_PROPERTIES, ...RINGFENCE_WATCHED_COMPANY_PROPERTIES, ...SNAPSHOT_WATCHED_PROPERTIES.company]),
    { subscriptionType: 'object.creation', objectType: 'line_item', active: true },
    { subscriptionType: 'object.associationChange', objectType: 'line_item', active: true },
    ...properties('line_item', [...GATE_WATCHED_LINE_ITEM_PROPERTIES, ...SNAPSHOT_WATCHED_PROPERTIES.lineItem]),
    ...properties('product', [...GATE_WATCHED_PRODUCT_PROPERTIES, ...SNAPSHOT_WATCHED_PROPERTIES.product]),
    { subscriptionType: 'object.creation', objectType: 'contact', active: true },
    { subscriptionType: 'object.associationChange', objectType: 'contact', active: true },
    ...properties('contact', SNAPSHOT_WATCHED_PROPERTIES.contact),
  ];
  const config = {
    uid: 'cosell_webhooks',
    type: 'webhooks',
    config: {
      settings: { targetUrl: `${BACKEND_BASE_URL}/webhooks`, maxConcurrentRequests: 10 },
      subscriptions: { crmObjects },
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
