import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendActions } from '../../src/backend/actions.ts';
import { createBackendHandler, type Backend } from '../../src/backend/handler.ts';
import { openBackendStore, type BackendStore, type StoreLocation } from '../../src/backend/store/index.ts';
import { webhookProcessors } from '../../src/backend/webhooks.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { signHubSpotRequestV3, withHubSpotIdentityQuery } from '../../src/identity/index.ts';
import type { BootOptions } from '../../src/sandbox/boot.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET, SANDBOX_SEAL_KEY } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { JORDAN, MAYA, freshKey, gatedDeal, requestException, userOf } from '../function/gate-support.ts';
import { bootTestSandbox } from '../function/support.ts';

interface Instance {
  backend: Backend;
  store: BackendStore;
  server: Server;
  port: number;
}

/**
 * Several backend instances behind one public URL, sharing one store: decisions on one deal from
 * two instances at once, and a signed request seen by one instance (or before a restart) refused
 * as a replay by another (or after it).
 */
export function describeBackendInstances(engine: string, location: () => StoreLocation, boot: Omit<BootOptions, 'dbFile'>): void {
  describe(`several backend instances on ${engine}`, () => {
    let sandbox: Sandbox;
    const instances: Instance[] = [];
    const publicUrl = () => `${sandbox.url}/app-backend`;

    async function startInstance(): Promise<Instance> {
      const store = await openBackendStore(location());
      const backend = createBackendHandler({
        clientSecret: SANDBOX_CLIENT_SECRET,
        publicBaseUrl: publicUrl(),
        portalId: String(sandbox.store.portalId),
        appId: String(SANDBOX_APP_ID),
        identityMode: 'hubspot',
        gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }),
        store,
        sealKey: SANDBOX_SEAL_KEY,
        actions: backendActions,
        webhookProcessors,
      });
      const server = createServer((req, res) => void backend(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const instance = { backend, store, server, port: (server.address() as AddressInfo).port };
      instances.push(instance);
      return instance;
    }

    async function stopInstance(instance: Instance): Promise<void> {
      await instance.backend.stop();
      await new Promise<void>((resolve) => instance.server.close(() => resolve()));
      await instance.store.close();
      instances.splice(instances.indexOf(instance), 1);
    }

    /** Signs for the public URL, as HubSpot does, and delivers to one instance behind it. */
    function signed(as: string, uid: string, body: unknown) {
      const uri = withHubSpotIdentityQuery(`${publicUrl()}/actions/${uid}`, {
        userId: userOf(as).userId,
        portalId: String(sandbox.store.portalId),
        userEmail: as,
        appId: String(SANDBOX_APP_ID),
      });
      const rawBody = JSON.stringify(body);
      const headers = {
        ...signHubSpotRequestV3({ method: 'POST', uri, rawBody, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() }),
        'content-type': 'application/json',
      };
      return async (instance: Instance) => {
        const path = new URL(uri);
        const response = await fetch(`http://127.0.0.1:${instance.port}${path.pathname}${path.search}`, { method: 'POST', headers, body: rawBody });
        return {
          status: response.status,
          body: (await response.json()) as { ok: boolean; result?: { status?: string }; error?: { code: string; message: string } },
        };
      };
    }

    beforeAll(async () => {
      sandbox = await bootTestSandbox(boot);
    }, 120_000);
    afterAll(async () => {
      for (const instance of [...instances]) await stopInstance(instance);
      await sandbox?.close();
      sandbox?.store.close();
      await sandbox?.backendStore.close();
    });

    it('of an approval and a rejection sent to two instances at once, exactly one wins', async () => {
      const [a, b] = [await startInstance(), await startInstance()];
      for (let round = 0; round < 5; round += 1) {
        const dealId = gatedDeal(sandbox, JORDAN);
        await requestException(sandbox, JORDAN, dealId);
        const [approve, reject] = await Promise.all([
          signed(MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 })(a),
          signed(MAYA, 'gate_reject', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Not this quarter, sorry.' })(b),
        ]);
        const winners = [approve, reject].filter((answer) => answer.body.ok);
        expect(winners).toHaveLength(1);
        expect([approve, reject].find((answer) => !answer.body.ok)?.body.error?.code).toBe('CONFLICT');
        expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_exception_state_version).toBe('2');
      }
      await stopInstance(a);
      await stopInstance(b);
    });

    it('a signed request one instance served is a replay on another, and after a restart', async () => {
      const [a, b] = [await startInstance(), await startInstance()];
      const send = signed(JORDAN, 'whoami', {});
      expect((await send(a)).body.ok).toBe(true);
      expect(await send(b)).toMatchObject({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('already received') as unknown } },
      });
      await stopInstance(a);
      await stopInstance(b);
      const restarted = await startInstance();
      expect(await send(restarted)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
      await stopInstance(restarted);
    });
  });
}
