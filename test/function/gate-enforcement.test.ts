import { personInUi } from '../../src/sandbox/crm/sources.ts';
import { describe, expect, it } from 'vitest';
import { signHubSpotRequestV3 } from '../../src/identity/signature-v3.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/constants.ts';
import { withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { JORDAN, MAYA, dealCard, freshKey, gateNotes, gatedDeal, ok, requestException, snapshot, userOf } from './gate-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

/** An edit in HubSpot's record sidebar by `email`, outside the app; waits until the webhooks are handled. */
async function editInHubSpot(dealId: string, email: string, properties: Record<string, string>) {
  sandbox.store.asSource(personInUi(userOf(email).userId), () => sandbox.store.updateObject('deals', dealId, properties));
  await sandbox.webhooksIdle();
  expect(sandbox.webhookFailures()).toEqual([]);
}

const violationNotes = (dealId: string) => snapshot(sandbox, dealId).notes.filter((body) => body.includes('Ref: cosell-gate-violation/'));

describe('enforcement on signed webhooks', () => {
  it('flags a deal moved to the contract stage routed direct without approval: property, count, note, task for the manager', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    // Writing the app's route property by hand is an outside edit: put back and counted, not honoured.
    await editInHubSpot(dealId, JORDAN, { cosell_route_chosen: 'direct' });
    expect(sandbox.store.getObject('deals', dealId)!.properties).toMatchObject({ cosell_tamper_count: '1' });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_route_chosen ?? null).toBeNull();
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_gate_violation ?? null).toBeNull();

    // No marketplace route and no exception: entering the contract stage is the violation.
    await editInHubSpot(dealId, JORDAN, { dealstage: 'contractsent' });
    const deal = sandbox.store.getObject('deals', dealId)!.properties;
    expect(deal).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1', dealstage: 'contractsent' });
    expect(deal.cosell_gate_violation_detected_at).toBeTruthy();
    const notes = violationNotes(dealId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/last change by Jordan Patel \(HubSpot user 7100002 via CRM_UI\)/);
    // The stage as people know it from the portal's pipeline, never its internal id.
    expect(notes[0]).toMatch(/<p>Contract Sent entered at /);
    expect(notes[0]).not.toContain('contractsent');
    const tasks = sandbox.store.getAssociations('deals', dealId, 'tasks').map((association) => sandbox.store.getObject('tasks', association.toId)!.properties);
    expect(tasks.filter((task) => task.hs_task_subject?.startsWith('Gate violation: '))).toEqual([
      expect.objectContaining({ hubspot_owner_id: userOf(MAYA).ownerId, hs_task_priority: 'HIGH' }),
    ]);

    const card = await dealCard(sandbox, JORDAN, dealId);
    expect(card.gate.violation).toMatchObject({ flagged: true, count: 1 });
  });

  it('is idempotent on a retried delivery, and counts a second entry into the gated stage', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await editInHubSpot(dealId, JORDAN, { dealstage: 'closedwon' });
    const afterFirst = snapshot(sandbox, dealId);
    const detectedAt = Date.parse(afterFirst.properties.cosell_gate_violation_detected_at!);

    // HubSpot retries a delivery with the same events and a new signature.
    const body = JSON.stringify([
      {
        eventId: 900001,
        subscriptionId: 1001,
        portalId: sandbox.store.portalId,
        appId: SANDBOX_APP_ID,
        occurredAt: detectedAt,
        subscriptionType: 'object.propertyChange',
        attemptNumber: 1,
        objectTypeId: '0-3',
        objectId: Number(dealId),
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
        changeSource: 'CRM_UI',
        sourceId: `userId:${userOf(JORDAN).userId}`,
      },
    ]);
    const uri = `${sandbox.url}/app-backend/webhooks`;
    const response = await fetch(uri, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signHubSpotRequestV3({ method: 'POST', uri, rawBody: body, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() }),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(snapshot(sandbox, dealId)).toEqual(afterFirst);

    await editInHubSpot(dealId, JORDAN, { dealstage: 'decisionmakerboughtin' });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_gate_violation).toBe('true');
    await editInHubSpot(dealId, JORDAN, { dealstage: 'contractsent' });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_gate_violation_count).toBe('2');
    expect(violationNotes(dealId)).toHaveLength(2);

    // Choosing a marketplace route through the app resolves it: the flag clears, the count stays.
    await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() });
    await sandbox.webhooksIdle();
    expect(sandbox.store.getObject('deals', dealId)!.properties).toMatchObject({ cosell_gate_violation: 'false', cosell_gate_violation_count: '2' });
  });

  it('does not flag a direct deal at the contract stage under a valid approval', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
    await editInHubSpot(dealId, JORDAN, { dealstage: 'contractsent' });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_gate_violation ?? null).toBeNull();
  });

  it('invalidates an approval when the amount moves beyond the tolerance, with a note, shown on the card', async () => {
    const dealId = gatedDeal(sandbox, JORDAN, { amount: 900_000 });
    await requestException(sandbox, JORDAN, dealId);
    await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    await editInHubSpot(dealId, JORDAN, { amount: '950000' });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_exception_status).toBe('approved');

    await editInHubSpot(dealId, JORDAN, { amount: '1200000' });
    const deal = sandbox.store.getObject('deals', dealId)!.properties;
    expect(deal).toMatchObject({ cosell_exception_status: 'invalidated', cosell_exception_state_version: '3', cosell_exception_audited_version: '3' });
    expect(gateNotes(sandbox, dealId).join('\n')).toMatch(/invalidated \(the deal changed\).*amount changed from 900000 to 1200000/s);
    const card = await dealCard(sandbox, JORDAN, dealId);
    expect(card.gate).toMatchObject({ status: 'invalidated', direct: { allowed: false }, viewerHints: { canRequest: true } });
    const refused = await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() }).catch((error: Error) => error.message);
    expect(refused).toMatch(/FORBIDDEN .*no longer applies because the deal changed/);
  });

  it('moves a violating deal back before the gated stages when policy says so', async () => {
    // The backend runs in this process and reads the policy on every event, so the test can turn the option on.
    appPolicy.gate.moveViolatingDealBack = true;
    try {
      const dealId = gatedDeal(sandbox, JORDAN);
      await editInHubSpot(dealId, JORDAN, { cosell_route_chosen: 'direct' });
      await editInHubSpot(dealId, JORDAN, { dealstage: 'closedwon' });
      const deal = sandbox.store.getObject('deals', dealId)!.properties;
      expect(deal).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1', dealstage: 'decisionmakerboughtin' });
      expect(violationNotes(dealId)).toHaveLength(1);
    } finally {
      appPolicy.gate.moveViolatingDealBack = false;
    }
  });
});
