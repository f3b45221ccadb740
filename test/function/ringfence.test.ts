import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/ringfence/calendar.ts';
import { SANDBOX_CLIENT_SECRET } from '../../src/sandbox/constants.ts';
import { signHubSpotRequestV3 } from '../../src/identity/signature-v3.ts';
import { withHubSpotIdentityQuery } from '../../src/identity/trusted-actor.ts';
import { demoUser } from '../../src/sandbox/seed/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from './support.ts';
import { AE, AIKO, MANAGER, MARCUS, action, companyNotes, evidence, newCompany, properties, registerParams, today } from './ringfence-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

type Result = { outcome: string; ringfenceId: string; version: number; status: string; expiresOn: string; message: string };
const expectedExpiry = () => addDays(today(), 180);

describe('registering a ring-fence through the backend', () => {
  it('an alliance manager registers: state, flat properties and one audit note naming them', async () => {
    const companyId = newCompany(sandbox, 'Fjord Analytics');
    const response = await action<Result>(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
    expect(response).toMatchObject({ ok: true, result: { outcome: 'applied', version: 1, status: 'active', expiresOn: expectedExpiry() } });
    expect(properties(sandbox, 'companies', companyId)).toMatchObject({
      cosell_ringfence_status: 'active',
      cosell_ringfence_owner_user_id: '7100010',
      cosell_ringfence_cloud: 'aws',
      cosell_ringfence_expires_on: expectedExpiry(),
      cosell_ringfence_id: `rf-${companyId}-1`,
      cosell_ringfence_version: '1',
      cosell_ringfence_noted_version: '1',
    });
    const notes = companyNotes(sandbox, companyId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`Ring-fence rf-${companyId}-1 registered by Marcus Webb for AWS.`);
    expect(notes[0]).toContain('Riley Chen (AWS Account Executive, riley.chen@amazon.com)');
  });

  it('a retry with the same idempotency key is replayed: no second change, no second note', async () => {
    const companyId = newCompany(sandbox, 'Glacier Robotics');
    const parameters = registerParams(companyId);
    const first = await action<Result>(sandbox, MARCUS, 'ringfence_register', parameters);
    const retry = await action<Result>(sandbox, MARCUS, 'ringfence_register', parameters);
    expect(first).toMatchObject({ ok: true, result: { outcome: 'applied', version: 1 } });
    expect(retry).toMatchObject({ ok: true, result: { outcome: 'replayed', version: 1 } });
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_version).toBe('1');
    expect(companyNotes(sandbox, companyId)).toHaveLength(1);
  });

  it('two alliance managers at the same moment: one wins, the other gets CONFLICT naming the winner and the expiry', async () => {
    const companyId = newCompany(sandbox, 'Harbor Kinetics');
    const [fromMarcus, fromAiko] = await Promise.all([
      action<Result>(sandbox, MARCUS, 'ringfence_register', registerParams(companyId)),
      action<Result>(sandbox, AIKO, 'ringfence_register', registerParams(companyId, { cloud: 'azure' })),
    ]);
    const answers = [fromMarcus, fromAiko];
    const winners = answers.filter((answer) => answer.ok);
    const losers = answers.flatMap((answer) => (answer.ok ? [] : [answer.error]));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winnerName = fromMarcus.ok ? 'Marcus Webb' : 'Aiko Tanaka';
    expect(losers[0]).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect(losers[0]!.message).toContain(`${winnerName} registered a ring-fence on this company first`);
    expect(losers[0]!.message).toContain(expectedExpiry());
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_version).toBe('1');
    expect(companyNotes(sandbox, companyId)).toHaveLength(1);
  });

  it("a second alliance manager is refused with the owner's HubSpot name and the expiry date", async () => {
    const companyId = newCompany(sandbox, 'Ironbark Systems');
    await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
    const refused = await action(sandbox, AIKO, 'ringfence_register', registerParams(companyId, { expectedVersion: 1 }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message).toContain(`ring-fenced by Marcus Webb until it expires on ${expectedExpiry()}`);
  });

  it('non-alliance users are refused with nothing written', async () => {
    const companyId = newCompany(sandbox, 'Juniper Freight');
    const before = properties(sandbox, 'companies', companyId);
    for (const email of [AE, MANAGER]) {
      const refused = await action(sandbox, email, 'ringfence_register', registerParams(companyId));
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Only alliance managers') as unknown } });
    }
    expect(properties(sandbox, 'companies', companyId)).toEqual(before);
    expect(companyNotes(sandbox, companyId)).toEqual([]);
  });

  it('extending or releasing as a non-alliance user is refused with nothing written', async () => {
    const companyId = newCompany(sandbox, 'Kestrel Labs');
    await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
    const before = properties(sandbox, 'companies', companyId);
    const extend = await action(sandbox, AE, 'ringfence_extend', {
      companyId,
      idempotencyKey: 'ae-extend',
      expectedVersion: 1,
      ringfenceId: `rf-${companyId}-1`,
      evidence: evidence(),
    });
    const release = await action(sandbox, AE, 'ringfence_release', {
      companyId,
      idempotencyKey: 'ae-release',
      expectedVersion: 1,
      ringfenceId: `rf-${companyId}-1`,
      reason: 'Not ours any more',
    });
    expect(extend).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(release).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(properties(sandbox, 'companies', companyId)).toEqual(before);
    expect(companyNotes(sandbox, companyId)).toHaveLength(1);
  });
});

describe('forged identity', () => {
  const path = '/app-backend/actions/ringfence_register';

  async function post(uri: string, body: string, headers: object) {
    const response = await fetch(uri, { method: 'POST', headers: { 'content-type': 'application/json', ...(headers as Record<string, string>) }, body });
    return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } } };
  }

  it('an unsigned request, a tampered body and a userId in the parameters are all refused with nothing written', async () => {
    const companyId = newCompany(sandbox, 'Lantern Health');
    const before = properties(sandbox, 'companies', companyId);
    const uri = withHubSpotIdentityQuery(`${sandbox.url}${path}`, {
      userId: '7100010',
      portalId: String(sandbox.store.portalId),
      userEmail: MARCUS,
      appId: '1',
    });
    const body = JSON.stringify(registerParams(companyId));

    const unsigned = await post(uri, body, {});
    expect(unsigned.status).toBe(401);

    const signed = signHubSpotRequestV3({ method: 'POST', uri, rawBody: body, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() });
    const tampered = await post(uri, body.replace('"aws"', '"gcp"'), signed);
    expect(tampered.status).toBe(401);

    // An AE cannot claim to be Marcus by naming his user id: the parameters do not take one.
    const named = await action(sandbox, AE, 'ringfence_register', { ...registerParams(companyId), userId: '7100010' });
    expect(named).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    expect(!named.ok && named.error.message).toContain('userId');

    // Changing the acting user in a signed URI breaks the signature.
    const otherUser = uri.replace('userId=7100010', 'userId=7100011');
    const swapped = await post(
      otherUser,
      body,
      signHubSpotRequestV3({ method: 'POST', uri, rawBody: body, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() }),
    );
    expect(swapped.status).toBe(401);

    expect(properties(sandbox, 'companies', companyId)).toEqual(before);
    expect(companyNotes(sandbox, companyId)).toEqual([]);
  });
});

describe('the written rules, through the backend', () => {
  it('bad input names the field and writes nothing', async () => {
    const companyId = newCompany(sandbox, 'Maple Circuit');
    const missingEvidence = await action(sandbox, MARCUS, 'ringfence_register', {
      ...registerParams(companyId),
      evidence: { ...evidence(), contact: { name: 'Riley', role: 'AWS AE', email: 'riley' } },
    });
    expect(missingEvidence).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'parameters.evidence.contact.email' } });
    const future = await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId, { evidence: evidence(addDays(today(), 1)) }));
    expect(future).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' } });
    const tooOld = await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId, { evidence: evidence(addDays(today(), -180)) }));
    expect(tooOld).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' } });
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_state ?? null).toBeNull();
  });

  function dealCreatedDaysAgo(companyId: string, days: number, properties: Record<string, string>): string {
    const at = new Date(Date.now() - days * 86_400_000);
    return sandbox.store.createObject(
      'deals',
      {
        properties: { pipeline: 'default', hubspot_owner_id: demoUser(AE).ownerId, ...properties },
        associations: [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] }],
      },
      at,
    ).id;
  }

  it('refuses a retroactive claim over an open stage-one deal another team created before the engagement, naming the deal', async () => {
    const companyId = newCompany(sandbox, 'Nimbus Outfitters');
    const dealId = dealCreatedDaysAgo(companyId, 10, { dealname: 'Nimbus data platform', dealstage: 'qualifiedtobuy', hs_analytics_source: 'ORGANIC_SEARCH' });
    const before = properties(sandbox, 'companies', companyId);
    const refused = await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message).toContain(`deal "Nimbus data platform" (${dealId}) is an open stage-one opportunity`);
    expect(!refused.ok && refused.error.message).toContain('sourced by marketing (original source: Organic search)');
    expect(properties(sandbox, 'companies', companyId)).toEqual(before);
    expect(companyNotes(sandbox, companyId)).toEqual([]);
  });

  it('allows a claim when the earlier deals are closed, or created on or after the engagement date', async () => {
    const companyId = newCompany(sandbox, 'Obsidian Works');
    dealCreatedDaysAgo(companyId, 30, { dealname: 'Obsidian pilot', dealstage: 'closedlost' });
    dealCreatedDaysAgo(companyId, 5, { dealname: 'Obsidian analytics', dealstage: 'presentationscheduled' });
    const allowed = await action<Result>(sandbox, MARCUS, 'ringfence_register', registerParams(companyId, { evidence: evidence(addDays(today(), -5)) }));
    expect(allowed).toMatchObject({ ok: true, result: { outcome: 'applied', expiresOn: addDays(today(), 175) } });
  });

  it('extension needs newer evidence; release needs a reason; both are recorded as notes', async () => {
    const companyId = newCompany(sandbox, 'Pinecrest Media');
    await action(sandbox, AIKO, 'ringfence_register', registerParams(companyId, { evidence: evidence(addDays(today(), -30)) }));
    const ringfenceId = `rf-${companyId}-1`;
    const stale = await action(sandbox, AIKO, 'ringfence_extend', {
      companyId,
      idempotencyKey: 'ext-stale',
      expectedVersion: 1,
      ringfenceId,
      evidence: evidence(addDays(today(), -30)),
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' } });
    const extended = await action<Result>(sandbox, AIKO, 'ringfence_extend', {
      companyId,
      idempotencyKey: 'ext-1',
      expectedVersion: 1,
      ringfenceId,
      evidence: { ...evidence(), kind: 'joint_account_plan' },
    });
    expect(extended).toMatchObject({ ok: true, result: { outcome: 'applied', version: 2, expiresOn: expectedExpiry() } });
    const noReason = await action(sandbox, MARCUS, 'ringfence_release', { companyId, idempotencyKey: 'rel-0', expectedVersion: 2, ringfenceId, reason: ' ' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'parameters.reason' } });
    const released = await action<Result>(sandbox, MARCUS, 'ringfence_release', {
      companyId,
      idempotencyKey: 'rel-1',
      expectedVersion: 2,
      ringfenceId,
      reason: 'Customer chose a direct purchase',
    });
    expect(released).toMatchObject({ ok: true, result: { outcome: 'applied', version: 3, status: 'released' } });
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_status).toBe('released');
    const notes = companyNotes(sandbox, companyId);
    expect(notes).toHaveLength(3);
    expect(notes.join('\n')).toContain('extended by Aiko Tanaka with new evidence');
    expect(notes.join('\n')).toContain('released by Marcus Webb');
    expect(notes.join('\n')).toContain('Reason: Customer chose a direct purchase');

    const again = await action(sandbox, AIKO, 'ringfence_extend', {
      companyId,
      idempotencyKey: 'ext-2',
      expectedVersion: 3,
      ringfenceId,
      evidence: evidence(),
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'ringfenceId' } });
  });
});
