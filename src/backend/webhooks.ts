import { acePushProcessor } from './ace/webhooks.ts';
import { cardSnapshotInvalidation } from './card-snapshots.ts';
import { gateEnforcement } from './gate/enforcement.ts';
import { ringfenceAttributionProcessor } from './ringfence-webhooks.ts';
import type { WebhookProcessor } from './webhook-worker.ts';

/** What the backend does with HubSpot's webhook events, in order. */
export const webhookProcessors: readonly WebhookProcessor[] = [gateEnforcement, ringfenceAttributionProcessor, acePushProcessor, cardSnapshotInvalidation];
