import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotGateway } from '../../../src/hubspot/gateway.ts';
import { ROUTING_COMPANY_PROPERTY_NAMES, ROUTING_DEAL_PROPERTY_NAMES } from '../../../src/hubspot/records/routing.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../../src/sandbox/constants.ts';
import { bootSandbox } from '../../../src/sandbox/boot.ts';
import type { Sandbox } from '../../../src/sandbox/server.ts';
import type { RouteJson } from '../../../src/domain/routing/json.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The real command line: `npm run -s cosell -- <args>` from the repository root. */
function cosell(args: string[], input?: string) {
  const run = spawnSync('npm', ['run', '-s', 'cosell', '--', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('cosell route through the real CLI process', () => {
  it('reproduces the worked example: $24,000 on a $10M Microsoft new deal at 3% and 8%', () => {
    const { code, stdout } = cosell([
      'route',
      '--tcv',
      '10000000',
      '--cloud',
      'azure',
      '--deal-type',
      'new',
      '--commit-remaining',
      '12000000',
      '--comp',
      'net',
      '--commission',
      '8',
      '--close-date',
      '2026-12-31',
      '--json',
    ]);
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as RouteJson;
    expect(body).toMatchObject({ recommended: 'marketplace:azure', requiresException: true, aeCommissionDelta: '24000.00', policyVersion: '2026-11.1' });
    expect(body.options).toEqual([expect.objectContaining({ cloud: 'azure', feeRate: '0.03', fee: '300000.00', drawdown: '10000000.00', estimate: false })]);
  }, 60_000);

  it('reproduces the worked example: $12,000 on an AWS new private offer of $10M or more', () => {
    const { code, stdout } = cosell([
      'route',
      '--tcv',
      '10000000',
      '--cloud',
      'aws',
      '--offer',
      'private',
      '--deal-type',
      'new',
      '--commit-annual',
      '40000000',
      '--comp',
      'net',
      '--commission',
      '8',
      '--close-date',
      '2026-12-31',
      '--json',
    ]);
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as RouteJson;
    expect(body).toMatchObject({ recommended: 'marketplace:aws', aeCommissionDelta: '12000.00' });
    expect(body.options[0]).toMatchObject({ feeRate: '0.015', fee: '150000.00', estimate: true });
  }, 60_000);

  it('exits 2 naming the flag on bad input', () => {
    const { code, stderr } = cosell(['route', '--tcv', 'lots', '--close-date', '2026-12-31']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--tcv: expected a non-negative amount/);
  }, 60_000);
});

describe('cosell evaluate over deals exported from the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await bootSandbox({ dbFile: ':memory:' });
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    sandbox?.store.close();
  });

  it('evaluates the deals and companies as the CRM API returns them, one JSON line each', async () => {
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
    const names = ['AWS tier edge $10,000,000', 'Microsoft MACC $10M platform deal', 'No commitment: direct', 'Blocked on every cloud'];
    const ids = sandbox.store
      .listObjects('deals')
      .filter((deal) => names.includes(deal.properties.dealname ?? ''))
      .map((deal) => deal.id);
    const deals = await gateway.readRecords('deals', ids, [...ROUTING_DEAL_PROPERTY_NAMES, 'dealname']);
    const companyOf = await gateway.associatedIds('deals', ids, 'companies');
    const companyIds = [...new Set(ids.map((id) => companyOf.get(id)![0]!))];
    const companies = new Map((await gateway.readRecords('companies', companyIds, ROUTING_COMPANY_PROPERTY_NAMES)).map((company) => [company.id, company]));
    const lines = deals.map((deal) => JSON.stringify({ deal, company: companies.get(companyOf.get(deal.id)![0]!) ?? null }));

    const { code, stdout, stderr } = cosell(['evaluate'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    expect(stderr).toMatch(/evaluated 4 deal\(s\), 0 failed/);
    const results = new Map(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { dealId: string } & RouteJson)
        .map((result) => [result.dealId, result] as const),
    );
    const byName = (name: string) => results.get(deals.find((deal) => deal.properties.dealname === name)!.id);
    expect(byName('AWS tier edge $10,000,000')).toMatchObject({ recommended: 'marketplace:aws', aeCommissionDelta: '12000.00' });
    expect(byName('Microsoft MACC $10M platform deal')).toMatchObject({ recommended: 'marketplace:azure', aeCommissionDelta: '24000.00' });
    expect(byName('No commitment: direct')).toMatchObject({ recommended: 'direct', requiresException: false });
    expect(byName('Blocked on every cloud')!.options.map((option) => option.blockers)).toEqual([['N3'], ['N5', 'N7'], ['N1']]);
  }, 120_000);
});
