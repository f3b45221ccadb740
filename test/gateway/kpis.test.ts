import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCsv, runKpisCommand } from '../../src/cli/kpis.ts';
import { CliError } from '../../src/cli/target.ts';
import { evaluateRoute } from '../../src/domain/routing/engine.ts';
import { compileRoutingPolicy } from '../../src/domain/routing/policy.ts';
import { normalizeAuthoritative, sealedProperties } from '../../src/hubspot/integrity/seal.ts';
import { routingInputFromRecords } from '../../src/hubspot/records/routing.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import { marketplacePolicy } from '../../src/policy/marketplace-policy.ts';
import { SANDBOX_SEAL_KEY } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from '../function/support.ts';

let sandbox: Sandbox;
let previousUrl: string | undefined;
const wonOnMarketplace: string[] = [];

/** Two demo deals won in October 2026: one on AWS Marketplace, one direct and moved to the marketplace after it closed. */
beforeAll(async () => {
  sandbox = await bootTestSandbox();
  previousUrl = process.env.SANDBOX_URL;
  process.env.SANDBOX_URL = sandbox.url;
  const won = { dealstage: 'closedwon', amount: '250000', deal_currency_code: 'USD' };
  const policy = compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
  const [first, second] = sandbox.store.listObjects('deals').filter((deal) => {
    const [company] = sandbox.store.getAssociations('deals', deal.id, 'companies');
    // Deals the app has not sealed yet: the routes below are backdated, so a newer seal would outrank them.
    if (!company || deal.properties.cosell_app_seal) return false;
    const properties = { ...deal.properties, ...won, closedate: '2026-10-15' };
    try {
      const routing = evaluateRoute(routingInputFromRecords(properties, sandbox.store.getObject('companies', company.toId)!.properties, policy), policy);
      return routing.requiresException;
    } catch {
      return false;
    }
  });
  // Routes are chosen through the app: written with the app's seal, as the backend writes them.
  const chooseRoute = (id: string, route: string, at: string) => {
    const current = normalizeAuthoritative('deals', sandbox.store.getObject('deals', id)!.properties);
    const properties = sealedProperties(SANDBOX_SEAL_KEY, 'deals', id, { ...current, cosell_route_chosen: route }, Date.parse(at));
    sandbox.store.updateObject('deals', id, properties, new Date(at));
  };
  sandbox.store.updateObject('deals', first!.id, { ...won, closedate: '2026-10-15T16:00:00.000Z' });
  chooseRoute(first!.id, 'marketplace:aws', '2026-10-10T15:00:00.000Z');
  sandbox.store.updateObject('deals', second!.id, { ...won, closedate: '2026-10-05T16:00:00.000Z' });
  chooseRoute(second!.id, 'direct', '2026-10-01T15:00:00.000Z');
  chooseRoute(second!.id, 'marketplace:aws', '2026-11-01T15:00:00.000Z');
  wonOnMarketplace.push(first!.id, second!.id);
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.SANDBOX_URL;
  else process.env.SANDBOX_URL = previousUrl;
  await sandbox.close();
  sandbox.store.close();
});

/** One CSV line into cells (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .slice(0, -1)
    .map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replace(/""/g, '"') : cell!));
}

async function kpis(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  expect(await runKpisCommand(argv, (line) => lines.push(line), { now: new Date('2026-11-02T15:00:00.000Z') })).toBe(0);
  return lines;
}

describe('cosell kpis on the stand-in', () => {
  it('prints every section with the definition beside each number, for people', async () => {
    const lines = await kpis('--month', '2026-10');
    expect(lines[0]).toMatch(/^Alliance metrics for 2026-10 on the local sandbox/);
    for (const title of [
      'Sourced and influenced pipeline',
      'Marketplace transactions',
      'Silent marketplace bypass',
      'Direct-route exceptions',
      'Co-sell',
      'Ring-fences and relationship depth',
    ]) {
      expect(lines).toContain(title);
    }
    const aws = lines.findIndex((line) => line.trimStart().startsWith('Marketplace value, AWS'));
    expect(lines[aws]).toMatch(/\$250,000\.00\s+1 deal\(s\)$/);
    expect(lines[aws + 1]).toMatch(/^ {4}Value of the deals won this month through this cloud/);
    expect(lines.join('\n')).not.toMatch(/cosell_|marketplace:aws|closedwon/);
  });

  it('writes one CSV row per figure with the record ids behind it, reading the route each deal closed on', async () => {
    const [header, ...rows] = await kpis('--month', '2026-10', '--csv');
    expect(header).toBe('month,section,metric,label,cloud,unit,value,deal_ids,company_ids,definition');
    const row = (metric: string) => cells(rows.find((line) => cells(line)[2] === metric)!);
    expect(row('marketplace.value.aws').slice(4, 8)).toEqual(['aws', 'usd', '250000.00', wonOnMarketplace[0]]);
    expect(row('bypass.count')[7]!.split(' ')).toContain(wonOnMarketplace[1]);
    expect(row('bypass.violations')[7]!.split(' ')).toContain(wonOnMarketplace[1]);
    expect(rows.length).toBeGreaterThan(50);
  });

  it('filters by team', async () => {
    const [, ...rows] = await kpis('--month', '2026-10', '--csv', '--team', 'no-such-team');
    expect(cells(rows.find((line) => cells(line)[2] === 'marketplace.count.aws')!)[6]).toBe('0');
  });

  it('refuses a missing or malformed month', async () => {
    await expect(runKpisCommand([], () => {}, { now: new Date() })).rejects.toThrow(CliError);
    await expect(runKpisCommand(['--month', 'October'], () => {}, { now: new Date() })).rejects.toThrow(/YYYY-MM/);
  });

  it('quotes CSV cells that hold commas or quotes', () => {
    const [, row] = metricsCsv({
      month: '2026-10',
      asOf: '2026-11-02T00:00:00.000Z',
      filters: {},
      unconvertedDealIds: [],
      sections: [
        {
          id: 'bypass',
          title: 'Bypass, "silent"',
          definition: 'd',
          figures: [{ id: 'bypass.count', label: 'x', definition: 'a, b', unit: 'count', value: '1', cloud: null, dealIds: ['1', '2'], companyIds: [] }],
        },
      ],
    });
    expect(row).toBe('2026-10,"Bypass, ""silent""",bypass.count,x,,count,1,1 2,,"a, b"');
  });
});
