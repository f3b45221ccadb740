import { describe, expect, it } from 'vitest';
import { signHubSpotRequestV3 } from '../../src/identity/signature-v3.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

async function signedPost(path: string, body: unknown) {
  const uri = `${sandbox.url}/app-backend${path}`;
  const rawBody = JSON.stringify(body);
  const headers = signHubSpotRequestV3({ method: 'POST', uri, rawBody, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() });
  const response = await fetch(uri, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: rawBody });
  return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } } };
}

describe('the app backend', () => {
  it('answers whoami with the person HubSpot signed for, resolved from HubSpot users and teams', async () => {
    const answer = await sandbox.hubspotFetch('daniel.kim@stratusdata.example', { url: 'https://cosell-backend.example.com/actions/whoami', method: 'POST', body: {} });
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

  it('answers a webhook it could not process with 503, so HubSpot delivers it again', async () => {
    const deal = sandbox.store.listObjects('deals')[0]!;
    sandbox.crm.injectFailures([{ pathPrefix: '/crm/v3/objects/deals', status: 503, times: 50 }]);
    try {
      const event = {
        eventId: 1, subscriptionId: 1001, portalId: sandbox.store.portalId, appId: SANDBOX_APP_ID, occurredAt: Date.now(),
        subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: Number(deal.id),
        propertyName: 'dealstage', propertyValue: 'closedwon', changeSource: 'CRM_UI', sourceId: 'userId:7100002',
      };
      const answer = await signedPost('/webhooks', [event]);
      expect(answer).toEqual({ status: 503, body: { ok: false, error: { code: 'HUBSPOT_UNAVAILABLE', message: 'Webhook processing failed; retry.' } } });
    } finally {
      sandbox.crm.clearInjectedFailures();
    }
  });
});
