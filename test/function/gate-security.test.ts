import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signHubSpotRequestV3 } from '../../src/identity/signature-v3.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/constants.ts';
import { DEMO_SEED_SOURCE } from '../../src/sandbox/demo/index.ts';
import { withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import {
  DANIEL,
  HANNAH,
  JORDAN,
  JUSTIFICATION,
  MAYA,
  SOFIA,
  action,
  dealCard,
  expectUnchanged,
  freshKey,
  gateNotes,
  gatedDeal,
  ok,
  requestException,
  snapshot,
  userOf,
} from './gate-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

/** A deal with a pending request from Jordan (East), and the snapshot to compare refusals against. */
async function pendingDeal(values: { amount?: number } = {}) {
  const dealId = gatedDeal(sandbox, JORDAN, values);
  await requestException(sandbox, JORDAN, dealId);
  return { dealId, before: snapshot(sandbox, dealId) };
}

describe('refusals: a clear error and nothing written', () => {
  it('refuses an approver id forged into the parameters', async () => {
    const { dealId, before } = await pendingDeal();
    for (const forged of [{ approverUserId: userOf(MAYA).userId }, { userId: userOf(MAYA).userId }, { actor: { userId: userOf(MAYA).userId } }]) {
      const answer = await action(sandbox, JORDAN, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, ...forged });
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
      expect(!answer.ok && answer.error.message).toMatch(/Unrecognized key/i);
    }
    expectUnchanged(sandbox, dealId, before);
  });

  it('refuses self-approval, even when the requester is also listed as an approver elsewhere', async () => {
    const { dealId, before } = await pendingDeal();
    const answer = await action(sandbox, JORDAN, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/cannot decide on your own exception request/) as unknown },
    });
    expectUnchanged(sandbox, dealId, before);
  });

  it('refuses a manager of another team', async () => {
    const { dealId, before } = await pendingDeal();
    const answer = await action(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: "You are not an approver for the deal owner's team." } });
    expectUnchanged(sandbox, dealId, before);
  });

  it('refuses a second approval from a non-senior role on an escalated deal', async () => {
    const dealId = gatedDeal(sandbox, HANNAH, { amount: 8_000_000 });
    await requestException(sandbox, HANNAH, dealId);
    await ok(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    const before = snapshot(sandbox, dealId);
    const byOtherManager = await action(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 2 });
    expect(byOtherManager).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/must come from a senior approver/) as unknown },
    });
    const bySameManager = await action(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 2 });
    expect(bySameManager).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/someone other than the first approver/) as unknown },
    });
    expectUnchanged(sandbox, dealId, before);
  });

  it('refuses an AE who is not on the deal', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    const before = snapshot(sandbox, dealId);
    const answer = await action(sandbox, SOFIA, 'gate_request', {
      dealId,
      idempotencyKey: freshKey(),
      expectedVersion: 0,
      reasonCode: 'timing',
      justification: JUSTIFICATION,
    });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Only the deal owner or a member of the deal team/) as unknown },
    });
    const route = await action(sandbox, SOFIA, 'gate_set_route', { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() });
    expect(route).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expectUnchanged(sandbox, dealId, before);
  });

  it('answers NOT_FOUND for an unknown deal', async () => {
    const answer = await action(sandbox, MAYA, 'gate_approve', { dealId: '99999999999', idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Deal 99999999999 does not exist in HubSpot.', field: 'dealId' } });
  });

  it('refuses a justification under 30 characters, naming the field', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    const before = snapshot(sandbox, dealId);
    const answer = await action(sandbox, JORDAN, 'gate_request', {
      dealId,
      idempotencyKey: freshKey(),
      expectedVersion: 0,
      reasonCode: 'timing',
      justification: 'Too short.',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'parameters.justification' } });
    expectUnchanged(sandbox, dealId, before);
  });

  it('refuses malformed and oversized parameters of every shape (fuzzed), writing nothing', async () => {
    const { dealId, before } = await pendingDeal();
    const valid = { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'A comment long enough.' };
    const malformed = fc.oneof(
      fc.anything().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
      fc.record({ dealId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
      fc
        .record({ key: fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !(key in valid)), value: fc.jsonValue() })
        .map(({ key, value }) => ({ ...valid, [key]: value })),
      fc
        .record({
          expectedVersion: fc.oneof(
            fc.double().filter((version) => !Number.isInteger(version)),
            fc.string(),
            fc.integer({ max: -1 }),
          ),
        })
        .map((bad) => ({ ...valid, ...bad })),
      fc
        .record({ idempotencyKey: fc.oneof(fc.string({ maxLength: 7 }), fc.string({ minLength: 129, maxLength: 300 }), fc.constant('has spaces in it')) })
        .map((bad) => ({ ...valid, ...bad })),
      fc.string({ minLength: 1001, maxLength: 3000 }).map((comment) => ({ ...valid, comment })),
    );
    await fc.assert(
      fc.asyncProperty(malformed, fc.constantFrom('gate_approve', 'gate_reject', 'gate_withdraw'), async (parameters, uid) => {
        // Identical requests signed in the same millisecond carry the same signature and are refused as
        // replays, which is right but not what this property is about.
        await new Promise((resolve) => setTimeout(resolve, 2));
        const answer = await action(sandbox, MAYA, uid, parameters);
        expect(answer.ok).toBe(false);
        expect(!answer.ok && answer.error.code).toBe('INVALID_PARAMETERS');
      }),
      { numRuns: 60 },
    );
    const oversized = await sandbox.hubspotFetch(MAYA, {
      url: 'https://cosell-backend.example.com/actions/gate_approve',
      method: 'POST',
      body: { ...valid, comment: 'x'.repeat(70_000) },
    });
    expect(oversized.status).toBe(413);
    expectUnchanged(sandbox, dealId, before);
  });
});

describe('requests not signed by HubSpot, as raw HTTP to the backend', () => {
  const path = '/app-backend/actions/gate_approve';
  async function send(request: { body: string; uri?: string; headers?: Record<string, string> }) {
    const response = await fetch(request.uri ?? `${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
    });
    return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { message: string } } };
  }
  const signedUri = (userEmail: string) => {
    const user = userOf(userEmail);
    return `${sandbox.url}${path}?userId=${user.userId}&portalId=${sandbox.store.portalId}&userEmail=${encodeURIComponent(user.email)}&appId=${SANDBOX_APP_ID}`;
  };
  const sign = (uri: string, body: string, timestamp = Date.now(), secret = SANDBOX_CLIENT_SECRET) =>
    signHubSpotRequestV3({ method: 'POST', uri, rawBody: body, clientSecret: secret, timestamp });

  it('refuses unsigned, tampered, stale, wrongly keyed, replayed and duplicated-identity requests; none writes', async () => {
    const { dealId, before } = await pendingDeal();
    const body = JSON.stringify({ dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    const uri = signedUri(MAYA);

    const unsigned = await send({ uri, body });
    expect(unsigned).toMatchObject({
      status: 401,
      body: { ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/missing the HubSpot signature/) as unknown } },
    });

    const tamperedBody = await send({ uri, body: body.replace('"expectedVersion":1', '"expectedVersion":1 '), headers: { ...sign(uri, body) } });
    expect(tamperedBody.status).toBe(401);
    expect(tamperedBody.body.error?.message).toMatch(/does not match/);

    const tamperedUser = await send({ uri: uri.replace(userOf(MAYA).userId, userOf(DANIEL).userId), body, headers: { ...sign(uri, body) } });
    expect(tamperedUser.body.error?.message).toMatch(/does not match/);

    const stale = await send({ uri, body, headers: { ...sign(uri, body, Date.now() - 5 * 60_000 - 1_000) } });
    expect(stale.body.error?.message).toMatch(/signed more than 300 s ago/);

    const wrongSecret = await send({ uri, body, headers: { ...sign(uri, body, Date.now(), 'not-the-client-secret') } });
    expect(wrongSecret.body.error?.message).toMatch(/does not match/);

    const forgedSecondUser = `${uri}&userId=${userOf(JORDAN).userId}`;
    const ambiguous = await send({ uri: forgedSecondUser, body, headers: { ...sign(forgedSecondUser, body) } });
    expect(ambiguous.body.error?.message).toMatch(/appears more than once/);

    expectUnchanged(sandbox, dealId, before);

    // A genuine signed request is accepted once; the same bytes sent again are a replay.
    const headers = sign(uri, body);
    const first = await send({ uri, body, headers: { ...headers } });
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    const afterFirst = snapshot(sandbox, dealId);
    const replayed = await send({ uri, body, headers: { ...headers } });
    expect(replayed).toMatchObject({ status: 401, body: { ok: false, error: { message: expect.stringMatching(/already received/) as unknown } } });
    expectUnchanged(sandbox, dealId, afterFirst);
  });
});

describe('concurrency, retries and partial failures', () => {
  it('of two decisions at once exactly one wins; the other gets CONFLICT and writes nothing', async () => {
    const { dealId } = await pendingDeal();
    const [approve, reject] = await Promise.all([
      action(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 }),
      action(sandbox, 'olivia.grant@stratusdata.example', 'gate_reject', {
        dealId,
        idempotencyKey: freshKey(),
        expectedVersion: 1,
        comment: 'Rejected by the admin at the same moment.',
      }),
    ]);
    const answers = [approve, reject];
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/changed since you loaded it/) as unknown }) as unknown,
      }),
    ]);
    const deal = sandbox.store.getObject('deals', dealId)!.properties;
    expect(deal.cosell_exception_state_version).toBe('2');
    expect(gateNotes(sandbox, dealId)).toHaveLength(2);
  });

  it('a retried call (same idempotency key) returns the same result without a new transition or note', async () => {
    const { dealId } = await pendingDeal();
    const parameters = { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Approved once.' };
    const first = await ok(sandbox, MAYA, 'gate_approve', parameters);
    const afterFirst = snapshot(sandbox, dealId);
    const retried = await ok(sandbox, MAYA, 'gate_approve', parameters);
    expect(retried).toMatchObject({ ...first, replayed: true });
    expectUnchanged(sandbox, dealId, afterFirst);
  });

  it('rides out HubSpot 429 and 5xx answers with retries', async () => {
    const { dealId } = await pendingDeal();
    sandbox.crm.injectFailures([
      { method: 'GET', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 429, times: 1 },
      { method: 'PATCH', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 503, times: 1 },
    ]);
    expect(await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 })).toMatchObject({
      status: 'approved',
      auditPending: false,
    });
    expect(gateNotes(sandbox, dealId)).toHaveLength(2);
  });

  it('a failure between the state write and its note is reported, then repaired by the next read of the card', async () => {
    const { dealId } = await pendingDeal();
    sandbox.crm.injectFailures([{ method: 'POST', pathPrefix: '/crm/v3/objects/notes', exactPath: true, status: 500, times: 1 }]);
    const answer = await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(answer).toMatchObject({ status: 'approved', auditPending: true });
    expect(sandbox.store.getObject('deals', dealId)!.properties).toMatchObject({ cosell_exception_state_version: '2', cosell_exception_audited_version: '1' });
    expect(gateNotes(sandbox, dealId)).toHaveLength(1);

    await dealCard(sandbox, JORDAN, dealId);
    // The backend's next read (here the webhook its own state write sent) writes the note and then records it.
    await sandbox.webhooksIdle();
    expect(gateNotes(sandbox, dealId)).toHaveLength(2);
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_exception_audited_version).toBe('2');
    await dealCard(sandbox, JORDAN, dealId);
    expect(gateNotes(sandbox, dealId)).toHaveLength(2);
  });

  it('a note written whose bookkeeping failed is not written twice by the repair', async () => {
    const { dealId } = await pendingDeal();
    // The note is written, but the deal is left saying it is not (as if recording it had failed): the repair must find the marker.
    const parameters = { dealId, idempotencyKey: freshKey(), expectedVersion: 1 };
    await ok(sandbox, MAYA, 'gate_approve', parameters);
    sandbox.store.asSource(DEMO_SEED_SOURCE, () => sandbox.store.updateObject('deals', dealId, { cosell_exception_audited_version: '1' }));
    await ok(sandbox, MAYA, 'gate_approve', parameters);
    expect(gateNotes(sandbox, dealId)).toHaveLength(2);
  });
});

describe('the card function cannot be used to act', () => {
  it('refuses an unknown parameter to deal_cosell; the viewer id it accepts only shapes display hints', async () => {
    const { dealId, before } = await pendingDeal();
    const asMaya = await fetch(`${sandbox.url}/sandbox/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: JORDAN,
        function: 'deal_cosell',
        objectId: dealId,
        objectTypeId: '0-3',
        parameters: { viewerUserId: userOf(MAYA).userId, approve: true },
      }),
    });
    const body = (await asMaya.json()) as { response: { ok: boolean; error?: { code: string } } };
    expect(body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    expectUnchanged(sandbox, dealId, before);
  });
});
