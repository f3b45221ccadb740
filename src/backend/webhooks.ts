import { gateEnforcement } from './gate/enforcement.ts';
import type { WebhookSubscriber } from './handler.ts';
import { ringfenceAttributionSubscriber } from './ringfence-webhooks.ts';

/** What the backend does with HubSpot's webhook events, in order. */
export const webhookSubscribers: readonly WebhookSubscriber[] = [gateEnforcement, ringfenceAttributionSubscriber];
