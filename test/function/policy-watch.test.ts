import { describe, expect, it } from 'vitest';
import { policyFingerprint, reevaluateOnPolicyChange } from '../../src/backend/policy-watch.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { DEMO_SEED_SOURCE } from '../../src/sandbox/demo/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { JORDAN, gatedDeal } from './gate-support.ts';
import { withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

describe('a new policy version', () => {
  it('judges every deal in a gated stage again, through the queue; the first start only records the policy', async () => {
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
    const portalId = String(sandbox.store.portalId);
    expect(await reevaluateOnPolicyChange(sandbox.backendStore, gateway, portalId, new Date())).toEqual({ changed: false, queued: 0 });
    expect(await sandbox.backendStore.getValue('policy.fingerprint')).toBe(policyFingerprint());

    // A deal that reached closed-won while the old policy did not gate it (no event since).
    const dealId = gatedDeal(sandbox, JORDAN);
    sandbox.store.asSource(DEMO_SEED_SOURCE, () => sandbox.store.updateObject('deals', dealId, { dealstage: 'closedwon' }));
    await sandbox.backendStore.setValue('policy.fingerprint', 'an-older-policy', Date.now());
    const outcome = await reevaluateOnPolicyChange(sandbox.backendStore, gateway, portalId, new Date());
    expect(outcome.changed).toBe(true);
    expect(outcome.queued).toBeGreaterThanOrEqual(1);
    await sandbox.webhooksIdle();
    expect(sandbox.store.getObject('deals', dealId)!.properties).toMatchObject({ cosell_gate_violation: 'true' });
  });
});
