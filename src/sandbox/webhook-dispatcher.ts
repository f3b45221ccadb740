import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { signHubSpotRequestV3 } from '../identity/signature-v3.ts';
import type { CrmChangeEvent, CrmStore } from './crm/index.ts';

const subscriptionSchema = z.object({
  subscriptionType: z.enum(['object.creation', 'object.propertyChange', 'object.associationChange', 'object.deletion', 'object.merge', 'object.restore']),
  objectType: z.string(),
  propertyName: z.string().optional(),
  active: z.boolean().default(true),
});

const webhooksMetaSchema = z.object({
  type: z.literal('webhooks'),
  config: z.object({
    settings: z.object({ targetUrl: z.string().url(), maxConcurrentRequests: z.number().int().positive().default(10) }),
    subscriptions: z.object({ crmObjects: z.array(subscriptionSchema).default([]) }),
  }),
});

const singularOf: Record<string, string> = {
  deals: 'deal',
  companies: 'company',
  contacts: 'contact',
  notes: 'note',
  tasks: 'task',
  line_items: 'line_item',
  products: 'product',
};
const objectTypeIdOf: Record<string, string> = {
  deals: '0-3',
  companies: '0-2',
  contacts: '0-1',
  notes: '0-46',
  tasks: '0-27',
  line_items: '0-8',
  products: '0-7',
};

/** HubSpot's documented delivery behaviour: 100 events a request, 5 seconds to answer, retries for about a day. */
export const WEBHOOK_BATCH_SIZE = 100;
export const WEBHOOK_TIMEOUT_MS = 5_000;
export const WEBHOOK_MAX_ATTEMPTS = 10;

export interface WebhookDispatcherOptions {
  projectDir: string;
  store: CrmStore;
  appId: number;
  clientSecret: string;
  /** Where the sandbox's copy of the app backend receives what HubSpot would send to targetUrl. */
  deliverTo: () => string;
  timeoutMs?: number;
  /** Delay before redelivery `attempt` (1-based); HubSpot spreads ten retries over a day, tests shorten it. */
  retryDelayMs?: (attempt: number) => number;
}

export interface DeliveryRecord {
  attempt: number;
  events: number;
  status: number | 'timeout' | 'error';
  ms: number;
}

/**
 * Plays HubSpot's webhook service: reads the app's subscriptions from app/webhooks, turns committed
 * CRM changes into the documented event JSON (association changes carry from/to ids, not objectId),
 * and POSTs them signed (v3) in batches of up to 100. An answer that is not 2xx in 5 seconds is
 * redelivered later, re-signed, with the same events and a higher attemptNumber.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const meta = webhooksMetaSchema.parse(JSON.parse(readFileSync(path.join(options.projectDir, 'app/webhooks/webhooks-hsmeta.json'), 'utf8')));
  const subscriptions = meta.config.subscriptions.crmObjects.filter((subscription) => subscription.active);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => Math.min(60_000 * 2 ** attempt, 8 * 3_600_000));
  let nextEventId = 1;
  const queue: Record<string, unknown>[] = [];
  const pending = new Set<Promise<void>>();
  let scheduled = false;
  let closed = false;
  const failures: string[] = [];
  const deliveries: DeliveryRecord[] = [];

  function subscriptionFor(event: CrmChangeEvent): number {
    const kind = `object.${event.kind}`;
    return subscriptions.findIndex(
      (subscription) =>
        subscription.subscriptionType === kind &&
        subscription.objectType === singularOf[event.objectType] &&
        (event.kind !== 'propertyChange' || subscription.propertyName === event.propertyName),
    );
  }

  function eventJson(event: CrmChangeEvent, subscriptionIndex: number): Record<string, unknown> {
    const base = {
      eventId: nextEventId++,
      subscriptionId: 1000 + subscriptionIndex,
      portalId: options.store.portalId,
      appId: options.appId,
      occurredAt: event.occurredAt.getTime(),
      subscriptionType: `object.${event.kind}`,
      attemptNumber: 0,
      changeSource: event.source.sourceType,
      ...(event.source.sourceId !== null ? { sourceId: event.source.sourceId } : {}),
    };
    if (event.kind === 'associationChange') {
      return {
        ...base,
        associationType: `${singularOf[event.objectType]!.toUpperCase()}_TO_${singularOf[event.toObjectType]!.toUpperCase()}`,
        associationTypeId: event.associationTypeId,
        associationCategory: event.associationCategory,
        fromObjectTypeId: objectTypeIdOf[event.objectType],
        fromObjectId: Number(event.objectId),
        toObjectTypeId: objectTypeIdOf[event.toObjectType],
        toObjectId: Number(event.toObjectId),
        associationRemoved: event.removed,
        isPrimaryAssociation: event.primary,
      };
    }
    return {
      ...base,
      objectTypeId: objectTypeIdOf[event.objectType],
      objectId: Number(event.objectId),
      ...(event.kind === 'creation' ? { changeFlag: 'NEW' } : {}),
      ...(event.kind === 'propertyChange' ? { propertyName: event.propertyName, propertyValue: event.propertyValue ?? '', isSensitive: false } : {}),
    };
  }

  async function attempt(batch: Record<string, unknown>[], attemptNumber: number): Promise<boolean> {
    const body = JSON.stringify(batch.map((event) => ({ ...event, attemptNumber })));
    const url = options.deliverTo();
    // Each delivery is signed afresh: the body (attemptNumber) and the timestamp differ.
    const headers = signHubSpotRequestV3({ method: 'POST', uri: url, rawBody: body, clientSecret: options.clientSecret, timestamp: Date.now() });
    const started = Date.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      deliveries.push({ attempt: attemptNumber, events: batch.length, status: response.status, ms: Date.now() - started });
      if (response.ok) return true;
      failures.push(`webhook delivery answered ${response.status}: ${text}`);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      deliveries.push({ attempt: attemptNumber, events: batch.length, status: timedOut ? 'timeout' : 'error', ms: Date.now() - started });
      failures.push(
        timedOut ? `webhook delivery timed out after ${timeoutMs} ms` : `webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return false;
  }

  function deliver(batch: Record<string, unknown>[], attemptNumber = 0): void {
    const job = attempt(batch, attemptNumber).then((ok) => {
      if (ok || closed || attemptNumber + 1 >= WEBHOOK_MAX_ATTEMPTS) return;
      // A redelivery waits outside `pending`: idle() reports what was delivered so far, not the retries to come.
      setTimeout(
        () => {
          if (!closed) deliver(batch, attemptNumber + 1);
        },
        retryDelayMs(attemptNumber + 1),
      ).unref();
    });
    pending.add(job);
    void job.finally(() => pending.delete(job));
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) deliver(queue.splice(0, WEBHOOK_BATCH_SIZE));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, 5);
  }

  const unsubscribe = options.store.onChange((event) => {
    const subscriptionIndex = subscriptionFor(event);
    if (subscriptionIndex < 0 || event.source.silent) return;
    queue.push(eventJson(event, subscriptionIndex));
    schedule();
  });

  return {
    /** Resolves once every change made so far has been delivered, or its delivery has failed for now. */
    async idle(): Promise<void> {
      for (;;) {
        while (scheduled || queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        if (pending.size === 0) return;
        await Promise.race([...pending]);
      }
    },
    failures: () => [...failures],
    deliveries: () => [...deliveries],
    close(): void {
      closed = true;
      unsubscribe();
    },
  };
}
