import { describe, expect, it } from 'vitest';
import { loadDealCard, withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';

const AE = 'jordan.patel@stratusdata.example';
let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

function act(objectId: string): Promise<FunctionResponse<DealCosellResult>> {
  return loadDealCard(sandbox, objectId, AE);
}

async function routingOf(objectId: string): Promise<DealCosellResult['routing']> {
  const response = await act(objectId);
  if (!response.ok) throw new Error(`deal_cosell failed: ${response.error.code} ${response.error.message}`);
  return response.result.routing;
}

async function readyRoutingOf(objectId: string) {
  const routing = await routingOf(objectId);
  if (routing.status !== 'ready') throw new Error(`routing incomplete: ${routing.message}`);
  return routing;
}

function demoDeal(name: string): string {
  const deal = sandbox.store.listObjects('deals').find((candidate) => candidate.properties.dealname === name);
  if (!deal) throw new Error(`no demo deal named ${name}`);
  return deal.id;
}

const routeProperties = (dealId: string) =>
  Object.fromEntries(Object.entries(sandbox.store.getObject('deals', dealId)!.properties).filter(([name]) => name.startsWith('cosell_route_')));

describe('deal_cosell routing section on the demo portal', () => {
  it.each([
    ['AWS tier edge $10,000,000', 'marketplace:aws', 'aws', '0.015', '150000.00', '12000.00'],
    ['Microsoft MACC $10M platform deal', 'marketplace:azure', 'azure', '0.03', '300000.00', '24000.00'],
    ['Google commit $2.5M analytics', 'marketplace:gcp', 'gcp', '0.02', '50000.00', '4000.00'],
  ])('%s is recommended %s with its fee and the AE commission impact', async (name, route, cloud, rate, fee, commission) => {
    const routing = await readyRoutingOf(demoDeal(name));
    expect(routing.headline).toMatchObject({ route, requiresException: true });
    const option = routing.options.find((candidate) => candidate.cloud === cloud)!;
    expect(option).toMatchObject({ eligible: true, feeRate: rate, fee });
    expect(routing.aeCommission.delta).toBe(commission);
    for (const id of option.ruleIds) expect(routing.sources.map((source) => source.ruleId)).toContain(id);
    for (const source of routing.sources) expect(source.urls[0]).toMatch(/^https:\/\//);
  });

  it('shows the fee tier edges of an AWS private offer', async () => {
    const rates = [];
    for (const name of ['AWS tier edge $999,999.99', 'AWS tier edge $1,000,000', 'AWS tier edge $9,999,999.99', 'AWS tier edge $10,000,000']) {
      rates.push((await readyRoutingOf(demoDeal(name))).options.find((option) => option.cloud === 'aws')!.feeRate);
    }
    expect(rates).toEqual(['0.03', '0.02', '0.02', '0.015']);
  });

  it('names each blocker with its plain text and source, and recommends direct when nothing retires commitment', async () => {
    const routing = await readyRoutingOf(demoDeal('Blocked on every cloud'));
    expect(routing.headline.route).toBe('direct');
    const blockers = Object.fromEntries(routing.options.map((option) => [option.cloud, option.blockers.map((blocker) => blocker.id)]));
    expect(blockers).toEqual({ aws: ['N3'], azure: ['N5', 'N7'], gcp: ['N1'] });
    const n5 = routing.options.find((option) => option.cloud === 'azure')!.blockers[0]!;
    expect(n5.text).toMatch(/no MACC credit/);
    expect(n5.sourceUrl).toBe('https://learn.microsoft.com/en-us/marketplace/azure-consumption-commitment-benefit');
    const none = await readyRoutingOf(demoDeal('No commitment: direct'));
    expect(none.headline).toMatchObject({ route: 'direct', requiresException: false });
    expect(none.options.every((option) => option.blockers.some((blocker) => blocker.id === 'N1'))).toBe(true);
  });

  it('writes the route outputs once and does not rewrite them while nothing changed', async () => {
    const dealId = demoDeal('AWS renewal');
    expect(routeProperties(dealId).cosell_route_recommended ?? '').toBe('');
    await readyRoutingOf(dealId);
    const written = routeProperties(dealId);
    expect(written).toMatchObject({
      cosell_route_recommended: 'marketplace:aws',
      cosell_route_requires_exception: 'true',
      cosell_route_fee: '30000',
      cosell_route_policy_version: '2026-11.1',
    });
    const updatedAt = sandbox.store.getObject('deals', dealId)!.updatedAt;
    await readyRoutingOf(dealId);
    expect(routeProperties(dealId)).toEqual(written);
    expect(sandbox.store.getObject('deals', dealId)!.updatedAt).toBe(updatedAt);

    sandbox.store.updateObject('deals', dealId, { amount: '500000' });
    await readyRoutingOf(dealId);
    expect(routeProperties(dealId).cosell_route_fee).toBe('7500');
  });

  it('names the missing input by its label when the deal has no amount, and writes nothing', async () => {
    const dealId = demoDeal('AWS GovCloud workload');
    sandbox.store.updateObject('deals', dealId, { amount: '' });
    const before = routeProperties(dealId);
    const routing = await routingOf(dealId);
    expect(routing).toMatchObject({ status: 'incomplete', properties: ['deal.amount'], problems: [{ object: 'deal', property: 'amount', label: 'Amount' }] });
    expect(routing.status === 'incomplete' && routing.message).toBe('Amount on the deal: is required');
    expect(routeProperties(dealId)).toEqual(before);
  });

  it('recommends from the portal default when the AE left the delivery model empty, and labels the assumption', async () => {
    const dealId = demoDeal('Google resale through a partner');
    sandbox.store.updateObject('deals', dealId, { cosell_delivery_model: '' });
    const routing = await readyRoutingOf(dealId);
    expect(routing.assumptions.find((assumption) => assumption.fact === 'delivery')?.text).toBe('Delivery model: SaaS, from the portal default');
  });

  it("takes the delivery model and listings from the deal's line item products", async () => {
    const routing = await readyRoutingOf(demoDeal('AWS public AMI listing'));
    const byFact = Object.fromEntries(routing.assumptions.map((assumption) => [assumption.fact, assumption.text]));
    expect(byFact.delivery).toBe('Delivery model: Machine image (AMI / VM), from product Stratus Edge Appliance');
    expect(byFact.listings).toBe('Marketplace listings: AWS, from product Stratus Edge Appliance');
    expect(routing.options.find((option) => option.cloud === 'azure')?.blockers.map((blocker) => blocker.id)).toContain('NOT-LISTED');
    const platform = await readyRoutingOf(demoDeal('Microsoft MACC $10M platform deal'));
    expect(platform.assumptions[0]?.text).toBe('Delivery model: SaaS, from product Stratus Data Platform');
    expect(platform.commitment?.text).toMatch(/^Retires \$10,000,000\.00 of the customer's Microsoft MACC/);
  });

  it('reports HubSpot being unavailable clearly and writes nothing', async () => {
    const dealId = demoDeal('AWS CPPO through a reseller');
    sandbox.crm.injectFailures([{ method: 'PATCH', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 503, times: 10 }]);
    const response = await act(dealId);
    sandbox.crm.clearInjectedFailures();
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('HUBSPOT_UNAVAILABLE');
      expect(response.error.message).toMatch(/503/);
    }
    expect(routeProperties(dealId).cosell_route_recommended ?? '').toBe('');
  });
});
