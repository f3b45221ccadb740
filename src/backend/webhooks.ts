import type { WebhookSubscriber } from './handler.ts';

/** What the backend does with HubSpot's webhook events, in order. */
export const webhookSubscribers: readonly WebhookSubscriber[] = [];
