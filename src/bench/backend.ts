import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { signHubSpotRequestV3 } from '../identity/signature-v3.ts';
import { bootSandbox } from '../sandbox/boot.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET } from '../sandbox/constants.ts';
import { prepareGatedDeal } from '../sandbox/demo/gate.ts';
import { DEMO_SEED_SOURCE } from '../sandbox/demo/index.ts';
import { personInUi } from '../sandbox/crm/sources.ts';
import type { Sandbox } from '../sandbox/server.ts';
import { demoUsers } from '../sandbox/seed/index.ts';
import { createDatabase, postgresBinDir, startPrivatePostgres } from '../tools/private-postgres.ts';

const JORDAN = demoUsers.find((user) => user.email.startsWith('jordan.'))!;
const MAYA = demoUsers.find((user) => user.email.startsWith('maya.'))!;
const JUSTIFICATION = 'The customer refuses marketplace procurement for this purchase under their policy.';

let keys = 0;
const key = () => `bench-${Date.now().toString(36)}-${(keys += 1)}`;

async function decide(sandbox: Sandbox, as: string, uid: string, body: unknown): Promise<void> {
  const answer = await sandbox.hubspotFetch(as, { url: `${BACKEND_BASE_URL}/actions/${uid}`, method: 'POST', body });
  const parsed = JSON.parse(answer.body) as { ok?: boolean; error?: { message: string } };
  if (!parsed.ok) throw new Error(`${uid}: ${parsed.error?.message ?? answer.body}`);
}

/** Requests and approvals through the signed backend (locks, ledger, seal, audit notes, HubSpot writes). */
async function decisionsPerSecond(sandbox: Sandbox, deals: number): Promise<{ rate: number; decisions: number }> {
  const open = sandbox.store
    .listObjects('deals')
    .filter((deal) => !['closedwon', 'closedlost', 'contractsent'].includes(deal.properties.dealstage ?? '') && !deal.properties.cosell_exception_state)
    .slice(0, deals);
  sandbox.store.asSource(DEMO_SEED_SOURCE, () => {
    for (const deal of open) prepareGatedDeal(sandbox.store, deal.id, { amount: 900_000, ownerEmail: JORDAN.email });
  });
  const started = performance.now();
  // Eight at a time, as several managers and AEs would; each deal's two decisions in order.
  const queue = [...open];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let deal = queue.shift(); deal; deal = queue.shift()) {
        await decide(sandbox, JORDAN.email, 'gate_request', {
          dealId: deal.id,
          idempotencyKey: key(),
          expectedVersion: 0,
          reasonCode: 'customer_refuses_marketplace',
          justification: JUSTIFICATION,
        });
        await decide(sandbox, MAYA.email, 'gate_approve', { dealId: deal.id, idempotencyKey: key(), expectedVersion: 1 });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: (open.length * 2) / seconds, decisions: open.length * 2 };
}

/** Webhook deliveries acknowledged per second (the backend queues and answers), and time from a change to its processing. */
async function webhookThroughput(sandbox: Sandbox): Promise<string[]> {
  const url = `${sandbox.url}/app-backend/webhooks`;
  const deal = sandbox.store.listObjects('deals')[0]!;
  let eventId = 5_000_000;
  const batches = 40;
  const started = performance.now();
  for (let batch = 0; batch < batches; batch += 1) {
    const events = Array.from({ length: 100 }, () => ({
      eventId: (eventId += 1),
      subscriptionId: 1,
      portalId: sandbox.store.portalId,
      appId: SANDBOX_APP_ID,
      occurredAt: Date.now(),
      attemptNumber: 0,
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-3',
      objectId: Number(deal.id),
      propertyName: 'hs_unwatched',
      propertyValue: 'x',
      changeSource: 'CRM_UI',
      sourceId: 'userId:1',
    }));
    const body = JSON.stringify(events);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...signHubSpotRequestV3({ method: 'POST', uri: url, rawBody: body, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() }),
        'content-type': 'application/json',
      },
      body,
    });
    if (!response.ok) throw new Error(`webhook delivery answered ${response.status}`);
  }
  const ackSeconds = (performance.now() - started) / 1000;
  await sandbox.backend().webhooksIdle();
  // A change in HubSpot, delivered as HubSpot delivers it, until the backend has processed it.
  const latencies: number[] = [];
  for (let round = 0; round < 10; round += 1) {
    const at = performance.now();
    sandbox.store.asSource(personInUi(JORDAN.userId), () => sandbox.store.updateObject('deals', deal.id, { amount: String(100_000 + round) }));
    await sandbox.webhooksIdle();
    latencies.push(performance.now() - at);
  }
  latencies.sort((a, b) => a - b);
  return [
    `webhook events acknowledged: ${Math.round((batches * 100) / ackSeconds)}/s (${batches} signed deliveries of 100 events, queued durably before the answer)`,
    `from a change in HubSpot to the backend having processed it: median ${latencies[5]!.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (over 10 changes; includes the stand-in's 5 ms batching)`,
  ];
}

/** The backend on each store: decisions per second, and (SQLite) webhook intake. */
export async function benchBackend(): Promise<string[]> {
  const lines: string[] = [];
  const sqlite = await bootSandbox({ dbFile: ':memory:' });
  try {
    const { rate, decisions } = await decisionsPerSecond(sqlite, 20);
    lines.push(`decisions through the backend, SQLite store: ${rate.toFixed(1)}/s (${decisions} requests and approvals, 8 at a time)`);
    lines.push(...(await webhookThroughput(sqlite)));
  } finally {
    await sqlite.close();
    sqlite.store.close();
  }
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (!given && !postgresBinDir()) {
    lines.push('decisions through the backend, PostgreSQL store: not measured (install postgresql or set BENCH_DATABASE_URL)');
    return lines;
  }
  const cluster = given ? null : await startPrivatePostgres();
  try {
    const databaseUrl = await createDatabase(given ?? cluster!.url, 'cosell_bench');
    const sandbox = await bootSandbox({ dbFile: ':memory:', backendDatabaseUrl: databaseUrl });
    try {
      const { rate, decisions } = await decisionsPerSecond(sandbox, 20);
      lines.push(`decisions through the backend, PostgreSQL store: ${rate.toFixed(1)}/s (${decisions} requests and approvals, 8 at a time)`);
    } finally {
      await sandbox.close();
      sandbox.store.close();
      await sandbox.backendStore.close();
    }
  } finally {
    cluster?.stop();
  }
  return lines;
}
