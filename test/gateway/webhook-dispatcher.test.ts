import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createCrmStore } from '../../src/sandbox/crm/index.ts';
import { personInUi } from '../../src/sandbox/crm/sources.ts';
import { createWebhookDispatcher, WEBHOOK_BATCH_SIZE } from '../../src/sandbox/webhook-dispatcher.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe("the stand-in's webhook service, as HubSpot delivers", () => {
  it('times out a slow answer, then redelivers the same events re-signed with a higher attempt number; batches hold at most 100', async () => {
    const received: { events: { eventId: number; attemptNumber: number }[]; signature: string }[] = [];
    let slow = true;
    // The first delivery is never answered (until the end), so only it can time out, however loaded the machine.
    const held: ServerResponse[] = [];
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const events = JSON.parse(await body(req)) as { eventId: number; attemptNumber: number }[];
      received.push({ events, signature: String(req.headers['x-hubspot-signature-v3']) });
      if (slow) {
        slow = false;
        held.push(res);
        return;
      }
      res.writeHead(200).end('{}');
    };
    const server = createServer((req, res) => void answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const store = createCrmStore(':memory:');
    const dispatcher = createWebhookDispatcher({
      projectDir,
      store,
      appId: 1,
      clientSecret: 'secret',
      deliverTo: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
      timeoutMs: 1_000,
      retryDelayMs: () => 10,
    });
    try {
      store.asSource(personInUi(7), () =>
        store.transaction(() => {
          for (let index = 0; index < WEBHOOK_BATCH_SIZE + 20; index += 1) store.createObject('deals', { properties: { dealname: `Deal ${index}` } });
        }),
      );
      await vi.waitFor(() => expect(dispatcher.deliveries().filter((delivery) => delivery.status === 200)).toHaveLength(2), { timeout: 5_000 });
      const deliveries = dispatcher.deliveries();
      expect(deliveries.filter((delivery) => delivery.status === 'timeout')).toEqual([expect.objectContaining({ attempt: 0 })]);
      expect(Math.max(...received.map((delivery) => delivery.events.length))).toBe(WEBHOOK_BATCH_SIZE);
      const timedOut = received[0]!;
      const redelivery = received.find((delivery) => delivery.events[0]!.attemptNumber === 1 && delivery.events[0]!.eventId === timedOut.events[0]!.eventId)!;
      expect(redelivery.events.map((event) => event.eventId)).toEqual(timedOut.events.map((event) => event.eventId));
      expect(redelivery.signature).not.toBe(timedOut.signature);
    } finally {
      for (const res of held) res.writeHead(200).end('{}');
      dispatcher.close();
      store.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
