import { describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { backendUrl } from '../../app/cards/backendActions.ts';
import { SANDBOX_PORTAL_ID } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { JORDAN, OLIVIA, freshKey, gatedDeal, userOf } from './gate-support.ts';
import { bootTestSandbox, withTestSandbox } from './support.ts';

const cardOf = (email: string) => ({ userId: userOf(email).userId, portalId: SANDBOX_PORTAL_ID, email });

/** The parts of the diagnostics report these tests read into (app/settings/Diagnostics.tsx has the whole shape). */
interface Report {
  signature: { valid: boolean; clockSkewMs: number };
  identity: { received: Record<string, string[]> } & Record<string, unknown>;
  [part: string]: unknown;
}

async function diagnostics(sandbox: Sandbox, email: string) {
  const answer = await sandbox.hubspotFetch(email, { url: backendUrl('/diagnostics', cardOf(email)), method: 'GET' });
  return JSON.parse(answer.body) as { ok: boolean; result: Report };
}

/** The backend's answer inside the proxy's envelope. */
const responseBodyOf = (proxied: { body: string }): unknown => JSON.parse((JSON.parse(proxied.body) as { responseBody: string }).responseBody);

describe("the diagnostics view, behind HubSpot's proxy", () => {
  let sandbox: Sandbox;
  withTestSandbox((booted) => (sandbox = booted));

  it('shows an admin what arrived, which mode the portal needs, the store and the webhooks', async () => {
    const { ok, result } = await diagnostics(sandbox, OLIVIA);
    expect(ok).toBe(true);
    expect(result.signature).toMatchObject({ valid: true });
    expect(Math.abs(result.signature.clockSkewMs)).toBeLessThan(60_000);
    expect(result.identity).toMatchObject({
      mode: 'hubspot',
      hubspotAddedUser: true,
      cardSentUser: true,
      agree: true,
      resolvedUserId: userOf(OLIVIA).userId,
      problem: null,
      recommendedMode: 'hubspot',
    });
    expect(result.identity.received).toMatchObject({
      userId: [userOf(OLIVIA).userId],
      cardUserId: [userOf(OLIVIA).userId],
      portalId: [String(SANDBOX_PORTAL_ID)],
    });
    expect(result.portal).toEqual({ expected: String(SANDBOX_PORTAL_ID), received: String(SANDBOX_PORTAL_ID), matches: true });
    expect(result.store).toEqual({ engine: 'sqlite', location: 'SQLite in memory' });
    expect(result.webhooks).toMatchObject({ deadLetters: [] });
  });

  it('shows anyone else the identity part only', async () => {
    const { result } = await diagnostics(sandbox, JORDAN);
    expect(result.viewerIsAdmin).toBe(false);
    expect(result.store).toBeUndefined();
    expect(result.webhooks).toBeUndefined();
  });

  it('reports a bad signature without anything else', async () => {
    const url = `${sandbox.url}/app-backend/diagnostics`;
    const response = await fetch(url, { headers: { 'X-HubSpot-Signature-v3': `${'A'.repeat(43)}=`, 'X-HubSpot-Request-Timestamp': String(Date.now()) } });
    expect(await response.json()).toEqual({
      ok: true,
      result: { signature: { valid: false, failure: 'The HubSpot signature does not match the request.', clockSkewMs: expect.any(Number) as unknown } },
    });
  });
});

describe("under hs project dev's proxy (no user added to the URL)", () => {
  it('hubspot mode refuses every decision and the diagnostics view says card-signed is needed; card-signed works', async () => {
    const strict = await bootTestSandbox({ fetchProxy: 'local-dev' });
    try {
      const dealId = gatedDeal(strict, JORDAN);
      const body = { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() };
      const refused = await strict.hubspotFetch(JORDAN, { url: backendUrl('/actions/gate_set_route', cardOf(JORDAN)), method: 'POST', body });
      expect(responseBodyOf(refused)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('card-signed') as unknown },
      });
      const { result } = await diagnostics(strict, JORDAN);
      expect(result.identity).toMatchObject({ hubspotAddedUser: false, cardSentUser: true, recommendedMode: 'card-signed', resolvedUserId: null });
    } finally {
      await strict.close();
      strict.store.close();
    }
    const lenient = await bootTestSandbox({ fetchProxy: 'local-dev', identityMode: 'card-signed' });
    try {
      const dealId = gatedDeal(lenient, JORDAN);
      const answer = await lenient.hubspotFetch(JORDAN, {
        url: backendUrl('/actions/gate_set_route', cardOf(JORDAN)),
        method: 'POST',
        body: { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() },
      });
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, result: { changed: true } });
      // Without a card claim there is nobody to act as.
      const anonymous = await lenient.hubspotFetch(JORDAN, { url: `${BACKEND_BASE_URL}/actions/whoami`, method: 'POST', body: {} });
      expect(responseBodyOf(anonymous)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await lenient.close();
      lenient.store.close();
    }
  });
});
