import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { defineAction } from '../../src/backend/contract.ts';
import { createBackendHandler, registerAction } from '../../src/backend/handler.ts';
import { openBackendStore } from '../../src/backend/store/index.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { signHubSpotRequestV3, withHubSpotIdentityQuery } from '../../src/identity/index.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET, SANDBOX_SEAL_KEY } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { JORDAN, userOf } from './gate-support.ts';
import { withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

describe("hubspot.fetch as HubSpot's proxy does it", () => {
  it("refuses a body over 1 MB before it reaches the backend, in HubSpot's envelope", async () => {
    const answer = await sandbox.hubspotFetch(JORDAN, { url: `${BACKEND_BASE_URL}/actions/whoami`, method: 'POST', body: { padding: 'x'.repeat(1_000_001) } });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'error', category: 'PAYLOAD_TOO_LARGE' });
  });

  it("wraps a backend refusal in HubSpot's error envelope with the backend's answer inside", async () => {
    const answer = await sandbox.hubspotFetch(JORDAN, { url: `${BACKEND_BASE_URL}/actions/no_such_action`, method: 'POST', body: {} });
    expect(answer.status).toBe(404);
    const envelope = JSON.parse(answer.body) as { status: string; category: string; responseBody: string; context: { appServerStatusCode: string[] } };
    expect(envelope).toMatchObject({ status: 'error', category: 'BAD_GATEWAY', context: { appServerStatusCode: ['404'] } });
    expect(JSON.parse(envelope.responseBody)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe("the backend and the proxy's one retry after a 5xx", () => {
  it('a request the backend failed runs once more when HubSpot sends it again, then is a replay', async () => {
    let calls = 0;
    const flaky = defineAction({
      uid: 'flaky',
      summary: 'test',
      callers: 'test',
      objectType: null,
      parameters: z.object({}).strict(),
      result: z.object({ calls: z.number() }),
      errors: {},
    });
    const store = await openBackendStore({ sqliteFile: ':memory:' });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app-backend`;
    const backend = createBackendHandler({
      clientSecret: SANDBOX_CLIENT_SECRET,
      publicBaseUrl: base,
      identityMode: 'hubspot',
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }),
      store,
      sealKey: SANDBOX_SEAL_KEY,
      actions: [
        registerAction(flaky, async () => {
          calls += 1;
          if (calls === 1) throw new Error('the process lost its connection');
          return { calls };
        }),
      ],
      webhookProcessors: [],
    });
    server.on('request', (req, res) => void backend(req, res));
    try {
      const uri = withHubSpotIdentityQuery(`${base}/actions/flaky`, {
        userId: userOf(JORDAN).userId,
        portalId: String(sandbox.store.portalId),
        userEmail: JORDAN,
        appId: String(SANDBOX_APP_ID),
      });
      const headers = {
        ...signHubSpotRequestV3({ method: 'POST', uri, rawBody: '{}', clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() }),
        'content-type': 'application/json',
      };
      const send = async () => {
        const response = await fetch(uri, { method: 'POST', headers, body: '{}' });
        return { status: response.status, body: (await response.json()) as unknown };
      };
      expect(await send()).toMatchObject({ status: 500 });
      expect(await send()).toEqual({ status: 200, body: { ok: true, result: { calls: 2 } } });
      expect(await send()).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
      expect(calls).toBe(2);
    } finally {
      await backend.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    }
  });
});
