import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { signHubSpotRequestV3 } from '../identity/signature-v3.ts';
import type { CrmChangeEvent, CrmStore } from './crm/index.ts';
import { DEMO_SEED_SOURCE } from './demo/index.ts';

const subscriptionSchema = z.object({
  subscriptionType: z.enum(['object.creation', 'object.propertyChange', 'object.associationChange', 'object.deletion']),
  objectType: z.string(),
  propertyName: z.string().optional(),
  active: z.boolean().default(true),
});

const webhooksMetaSchema = z.object({
  type: z.literal('webhooks'),
  config: z.object({
    settings: z.object({ targetUrl: z.string().url() }),
    subscriptions: z.object({ crmObjects: z.array(subscriptionSchema).default([]) }),
  }),
});

const singularOf: Record<string, string> = { deals: 'deal', companies: 'company', contacts: 'contact', notes: 'note', tasks: 'task' };
const objectTypeIdOf: Record<string, string> = { deals: '0-3', companies: '0-2', contacts: '0-1', notes: '0-46', tasks: '0-27' };

export interface WebhookDispatcherOptions {
  projectDir: string;
  store: CrmStore;
  appId: number;
  clientSecret: string;
  /** Where the sandbox's copy of the app backend receives what HubSpot would send to targetUrl. */
  deliverTo: () => string;
}

/**
 * Plays HubSpot's webhook service: reads the app's subscriptions from app/webhooks, turns committed
 * CRM changes into HubSpot's event JSON, and POSTs them signed (v3) in batches, retrying failures
 * a few times as HubSpot does.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const meta = webhooksMetaSchema.parse(
    JSON.parse(readFileSync(path.join(options.projectDir, 'app/webhooks/webhooks-hsmeta.json'), 'utf8')),
  );
  const subscriptions = meta.config.subscriptions.crmObjects.filter((subscription) => subscription.active);
  let nextEventId = 1;
  let queue: object[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let scheduled = false;
  const failures: string[] = [];

  function subscriptionFor(event: CrmChangeEvent): number {
    const kind = `object.${event.kind}`;
    return subscriptions.findIndex(
      (subscription) =>
        subscription.subscriptionType === kind &&
        subscription.objectType === singularOf[event.objectType] &&
        (event.kind !== 'propertyChange' || subscription.propertyName === event.propertyName),
    );
  }

  async function deliver(batch: object[]): Promise<void> {
    const body = JSON.stringify(batch);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const url = options.deliverTo();
      const headers = signHubSpotRequestV3({ method: 'POST', uri: url, rawBody: body, clientSecret: options.clientSecret, timestamp: Date.now() });
      try {
        const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
        if (response.ok) return;
        failures.push(`webhook delivery answered ${response.status}: ${await response.text()}`);
      } catch (error) {
        failures.push(`webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function flush(): void {
    scheduled = false;
    const batch = queue.splice(0, 100);
    if (queue.length > 0) schedule();
    inFlight = inFlight.then(() => deliver(batch));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 5);
  }

  const unsubscribe = options.store.onChange((event) => {
    const subscriptionIndex = subscriptionFor(event);
    if (subscriptionIndex < 0 || event.source.sourceId === DEMO_SEED_SOURCE.sourceId) return;
    queue.push({
      eventId: nextEventId++,
      subscriptionId: 1000 + subscriptionIndex,
      portalId: options.store.portalId,
      appId: options.appId,
      occurredAt: event.occurredAt.getTime(),
      subscriptionType: `object.${event.kind}`,
      attemptNumber: 0,
      objectTypeId: objectTypeIdOf[event.objectType],
      objectId: Number(event.objectId),
      changeSource: event.source.changeSource,
      sourceId: event.source.sourceId,
      ...(event.kind === 'propertyChange' ? { propertyName: event.propertyName, propertyValue: event.propertyValue ?? '' } : {}),
      ...(event.kind === 'associationChange'
        ? { toObjectTypeId: objectTypeIdOf[event.toObjectType], toObjectId: Number(event.toObjectId), associationRemoved: false }
        : {}),
    });
    schedule();
  });

  return {
    /** Resolves once every change made so far has been delivered (tests wait on it). */
    async idle(): Promise<void> {
      // Deliveries can cause further changes (the backend writes), so settle until nothing is pending.
      for (;;) {
        while (scheduled || queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const delivering = inFlight;
        await delivering;
        if (!scheduled && queue.length === 0 && delivering === inFlight) return;
      }
    },
    failures: () => [...failures],
    close: unsubscribe,
  };
}
