import { describe, expect, it } from 'vitest';
import { backendConfigFromEnv } from '../../src/backend/main.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { pipelineRuleReport } from '../../src/hubspot/pipeline-rule.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

describe('the gate demo', () => {
  it('has a pending request in each sales team, an approved, a rejected and an escalated exception, and one violation', () => {
    const deals = sandbox.store.listObjects('deals').map((deal) => deal.properties);
    const byStatus = (status: string) => deals.filter((deal) => deal.cosell_exception_status === status);
    const pendingOwners = byStatus('requested').map((deal) => deal.cosell_exception_requested_by);
    expect(pendingOwners).toEqual(expect.arrayContaining(['7100002', '7100006']));
    expect(byStatus('approved')[0]).toMatchObject({ cosell_route_chosen: 'direct', cosell_exception_approver: '7100001' });
    expect(byStatus('rejected')).toHaveLength(1);
    expect(byStatus('awaiting_senior')[0]).toMatchObject({ cosell_exception_approver: '7100005' });
    expect(byStatus('awaiting_senior')[0]!.cosell_exception_senior_approver ?? null).toBeNull();
    const violations = deals.filter((deal) => deal.cosell_gate_violation === 'true');
    expect(violations).toEqual([expect.objectContaining({ dealstage: 'contractsent', cosell_gate_violation_count: '1' })]);
    expect(violations[0]!.cosell_route_chosen ?? null).toBeNull();
  });
});

describe('setup: the pipeline rule for the route property', () => {
  const gateway = () => new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });

  it('names the property and each gated stage of the portal, with manual steps (no API sets it)', async () => {
    const report = await pipelineRuleReport(gateway(), appPolicy.pipeline);
    expect(report).toMatchObject({ automated: false, property: { name: 'cosell_route_chosen' }, missingStageIds: [] });
    expect(report.stages.map((stage) => [stage.stageId, stage.kind])).toEqual([
      ['contractsent', 'contract'],
      ['closedwon', 'closed_won'],
    ]);
    expect(report.steps.join('\n')).toMatch(/on the stage "Contract Sent" \(contractsent, contract stage\) open Edit stage properties/i);
  });

  it('warns about gated stages no pipeline has', async () => {
    const report = await pipelineRuleReport(gateway(), { ...appPolicy.pipeline, contractStageIds: ['legalreview'] });
    expect(report.missingStageIds).toEqual(['legalreview']);
  });
});

describe('the backend entry point', () => {
  it('refuses to start without its secrets, or on a non-https public URL, listing every problem', () => {
    expect(() => backendConfigFromEnv({})).toThrow(
      /HUBSPOT_CLIENT_SECRET is not set\n.*PRIVATE_APP_ACCESS_TOKEN is not set\n.*BACKEND_PUBLIC_URL is not set\n.*COSELL_SEAL_KEY is not set\n.*BACKEND_IDENTITY_MODE is not set/s,
    );
    const base = { HUBSPOT_CLIENT_SECRET: 's', PRIVATE_APP_ACCESS_TOKEN: 't', COSELL_SEAL_KEY: 'k'.repeat(32), BACKEND_IDENTITY_MODE: 'hubspot' };
    expect(() => backendConfigFromEnv({ ...base, BACKEND_PUBLIC_URL: 'http://backend.example.com' })).toThrow(/must be an https URL/);
    expect(() => backendConfigFromEnv({ ...base, BACKEND_PUBLIC_URL: 'https://backend.example.com', COSELL_SEAL_KEY: 'short' })).toThrow(
      /at least 32 characters/,
    );
    expect(() => backendConfigFromEnv({ ...base, BACKEND_PUBLIC_URL: 'https://backend.example.com', BACKEND_IDENTITY_MODE: 'trust-me' })).toThrow(
      /must be hubspot or card-signed/,
    );
    expect(() => backendConfigFromEnv({ ...base, BACKEND_PUBLIC_URL: 'https://backend.example.com', DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
    expect(backendConfigFromEnv({ ...base, BACKEND_PUBLIC_URL: 'http://localhost:8080' })).toMatchObject({ publicBaseUrl: 'http://localhost:8080' });
    expect(
      backendConfigFromEnv({
        ...base,
        BACKEND_PUBLIC_URL: 'https://backend.example.com/',
        HUBSPOT_PORTAL_ID: '24681357',
        DATABASE_URL: 'postgres://db.example/cosell',
      }),
    ).toMatchObject({
      publicBaseUrl: 'https://backend.example.com',
      portalId: '24681357',
      port: 8080,
      identityMode: 'hubspot',
      databaseUrl: 'postgres://db.example/cosell',
    });
  });
});
