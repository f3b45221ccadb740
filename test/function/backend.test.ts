import { describe, expect, it, vi } from 'vitest';
import { MAX_ATTEMPTS } from '../../src/backend/webhook-worker.ts';
import { signHubSpotRequestV3 } from '../../src/identity/signature-v3.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted), { backendRetryDelayMs: () => 20 });

async function signedPost(path: string, body: unknown) {
  const uri = `${sandbox.url}/app-backend${path}`;
  const rawBody = JSON.stringify(body);
  const headers = signHubSpotRequestV3({ method: 'POST', uri, rawBody, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() });
  const response = await fetch(uri, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: rawBody });
  return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } } };
}

describe('the app backend', () => {
  it('answers whoami with the person HubSpot signed for, resolved from HubSpot users and teams', async () => {
    const answer = await sandbox.hubspotFetch('daniel.kim@stratusdata.example', {
      url: 'https://cosell-backend.example.com/actions/whoami',
      method: 'POST',
      body: {},
    });
    expect(JSON.parse(answer.body)).toEqual({
      ok: true,
      result: { userId: '7100005', name: 'Daniel Kim', email: 'daniel.kim@stratusdata.example', teamIds: ['6100002'] },
    });
  });

  it('refuses a signed request for a user HubSpot does not know, and an unknown action', async () => {
    const stranger = await signedPost(`/actions/whoami?userId=999&portalId=${sandbox.store.portalId}&appId=${SANDBOX_APP_ID}`, {});
    expect(stranger.body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'HubSpot user 999 is not a user of this portal.' } });
    const unknown = await signedPost(`/actions/no_such_action?userId=7100001&portalId=${sandbox.store.portalId}`, {});
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('acknowledges a webhook at once, retries processing that failed, and keeps the last failure as a dead letter', { timeout: 60_000 }, async () => {
    const deal = sandbox.store.listObjects('deals')[0]!;
    const occurredAt = Date.now();
    const event = (eventId: number, attemptNumber = 0) => ({
      eventId,
      subscriptionId: 1001,
      portalId: sandbox.store.portalId,
      appId: SANDBOX_APP_ID,
      occurredAt,
      attemptNumber,
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-3',
      objectId: Number(deal.id),
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
      changeSource: 'CRM_UI',
      sourceId: 'userId:7100002',
    });
    sandbox.crm.injectFailures([{ pathPrefix: '/crm/v3/objects/deals', status: 503, times: 1_000 }]);
    try {
      // HubSpot gets its 200 while HubSpot itself is failing: the event waits in the backend's queue.
      const answer = await signedPost('/webhooks', [event(71)]);
      expect(answer).toEqual({ status: 200, body: { ok: true, queued: 1, duplicates: 0, ignored: 0 } });
      // A redelivery of the same event is not queued twice.
      expect(await signedPost('/webhooks', [event(71, 1)])).toEqual({ status: 200, body: { ok: true, queued: 0, duplicates: 1, ignored: 0 } });
      await sandbox.backend().webhooksIdle();
      await vi.waitFor(
        async () => expect((await sandbox.backendStore.deadLetters()).some((letter) => (letter.payload as { eventId: string }).eventId === '71')).toBe(true),
        { timeout: 40_000, interval: 100 },
      );
      const letter = (await sandbox.backendStore.deadLetters()).find((candidate) => (candidate.payload as { eventId: string }).eventId === '71')!;
      expect(letter.attempts).toBe(MAX_ATTEMPTS);
      expect(letter.lastError).toMatch(/503/);
    } finally {
      sandbox.crm.clearInjectedFailures();
    }
    // Once HubSpot answers again, a queued event is processed on its next attempt.
    sandbox.crm.injectFailures([{ pathPrefix: '/crm/v3/objects/deals', status: 503, times: 4 }]);
    await signedPost('/webhooks', [event(72)]);
    await vi.waitFor(async () => expect(await sandbox.backendStore.dueWebhookEvents(Date.now() + 60_000)).toBe(0), { timeout: 20_000, interval: 100 });
    expect((await sandbox.backendStore.deadLetters()).some((letter) => (letter.payload as { eventId: string }).eventId === '72')).toBe(false);
    sandbox.crm.clearInjectedFailures();
  });
});

describe('a realistic mixed webhook batch', () => {
  it('a stage change, an association change and an event the app does not know: acknowledged at once, the stage change enforced', async () => {
    const { gatedDeal, JORDAN } = await import('./gate-support.ts');
    const dealId = gatedDeal(sandbox, JORDAN);
    sandbox.store.updateObject('deals', dealId, { dealstage: 'closedwon' });
    const companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
    const base = {
      portalId: sandbox.store.portalId,
      appId: SANDBOX_APP_ID,
      occurredAt: Date.now(),
      attemptNumber: 0,
      changeSource: 'CRM_UI',
      sourceId: 'userId:7100002',
    };
    const batch = [
      {
        ...base,
        eventId: 9001,
        subscriptionId: 11,
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-3',
        objectId: Number(dealId),
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      },
      {
        ...base,
        eventId: 9002,
        subscriptionId: 12,
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-3',
        fromObjectId: Number(dealId),
        toObjectTypeId: '0-2',
        toObjectId: Number(companyId),
        associationTypeId: 341,
        associationCategory: 'HUBSPOT_DEFINED',
        associationRemoved: false,
        isPrimaryAssociation: false,
      },
      { ...base, eventId: 9003, subscriptionId: 13, subscriptionType: 'contact.privacyDeletion', subjectId: 1 },
    ];
    const answer = await signedPost('/webhooks', batch);
    expect(answer).toEqual({ status: 200, body: { ok: true, queued: 2, duplicates: 0, ignored: 1 } });
    await sandbox.webhooksIdle();
    expect(sandbox.store.getObject('deals', dealId)!.properties).toMatchObject({ cosell_gate_violation: 'true' });
  });
});
