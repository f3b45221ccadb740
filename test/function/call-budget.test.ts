import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyAllianceContract, dealCosellContract } from '../../src/functions/contracts.ts';
import { cached, owners, REFERENCE_DATA_MAX_AGE_MS } from '../../src/functions/reference-data.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { startFunctionInstance, type FunctionInstance } from '../../src/sandbox/function-instance.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));
let instance: FunctionInstance;
beforeAll(async () => {
  instance = await startFunctionInstance(sandbox);
});
afterAll(() => instance.close());

async function load(contract: typeof dealCosellContract | typeof companyAllianceContract, id: string): Promise<string[]> {
  const { response, calls } = await instance.load(contract, id);
  expect(response, JSON.stringify(response)).toMatchObject({ ok: true });
  await sandbox.webhooksIdle();
  return calls;
}

const dealRead = (id: string) => `GET /crm/v3/objects/deals/${id}`;
const companyRead = (id: string) => `GET /crm/v3/objects/companies/${id}`;

describe('HubSpot calls per card load, counted on the function instance', () => {
  it('a warm instance reads only the deal: its history, associations and snapshot of the records around it come in the one read', async () => {
    const ids = sandbox.store.listObjects('deals').map((deal) => deal.id);
    // The first pass writes the app's derived values and each deal's snapshot; the second shows the steady cost.
    for (const id of ids) await load(dealCosellContract, id);
    for (const id of ids) expect(await load(dealCosellContract, id), `deal ${id}`).toEqual([dealRead(id)]);
  });

  it('a warm instance reads only the company for a company card', async () => {
    const ids = sandbox.store.listObjects('companies').map((company) => company.id);
    for (const id of ids) await load(companyAllianceContract, id);
    for (const id of ids) expect(await load(companyAllianceContract, id), `company ${id}`).toEqual([companyRead(id)]);
  });

  it('a cold instance adds owners and users for a deal, owners for a company: the pipelines come with the snapshot', async () => {
    const [dealId] = sandbox.store.listObjects('deals').map((deal) => deal.id);
    const [companyId] = sandbox.store.listObjects('companies').map((company) => company.id);
    await load(dealCosellContract, dealId!);
    await load(companyAllianceContract, companyId!);
    instance.restart();
    expect((await load(dealCosellContract, dealId!)).sort()).toEqual([dealRead(dealId!), 'GET /crm/v3/owners/', 'GET /settings/v3/users/'].sort());
    instance.restart();
    expect((await load(companyAllianceContract, companyId!)).sort()).toEqual([companyRead(companyId!), 'GET /crm/v3/owners/'].sort());
  });

  it('a deal without a snapshot reads its company, line items with products and contacts side by side, then saves them; the next load reads the deal only', async () => {
    const company = sandbox.store.createObject('companies', { properties: { name: 'Snapshot Foods', domain: 'snapshotfoods.example' } });
    const contact = sandbox.store.createObject('contacts', { properties: { email: 'ana@snapshotfoods.example', firstname: 'Ana' } });
    const product = sandbox.store.listObjects('products')[0]!;
    const deal = sandbox.store.createObject('deals', {
      properties: { dealname: 'Snapshot Foods - analytics', amount: '40000', closedate: '2031-09-30', pipeline: 'default', dealstage: 'qualifiedtobuy' },
    });
    sandbox.store.associate('deals', deal.id, 'companies', company.id, [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }]);
    sandbox.store.associate('deals', deal.id, 'contacts', contact.id);
    const lineItem = sandbox.store.createObject('line_items', { properties: { name: 'Analytics', hs_product_id: product.id, price: '40000', quantity: '1' } });
    sandbox.store.associate('deals', deal.id, 'line_items', lineItem.id);
    await sandbox.webhooksIdle();

    const first = await load(dealCosellContract, deal.id);
    expect(first[0]).toBe(dealRead(deal.id));
    expect(first).toEqual(
      expect.arrayContaining([
        'POST /crm/v3/objects/companies/batch/read',
        'POST /crm/v3/objects/line_items/batch/read',
        'POST /crm/v3/objects/contacts/batch/read',
        `PATCH /crm/v3/objects/deals/${deal.id}`,
      ]),
    );
    expect(first.at(-1)).toBe(`PATCH /crm/v3/objects/deals/${deal.id}`);
    expect(await load(dealCosellContract, deal.id)).toEqual([dealRead(deal.id)]);
  });
});

describe('portal-wide data on a warm instance has a bounded age', () => {
  const readAt = new Date('2031-05-01T09:00:00Z');
  const at = (ms: number) => new Date(readAt.getTime() + ms);

  it('serves owners from the cache until the age runs out, then reads them again and shows the change', async () => {
    const operations: string[] = [];
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url, onRequest: (operation) => operations.push(operation) });
    const owner = sandbox.store.listOwners()[0]!;
    const before = await owners(gateway, readAt);
    expect(before.find((candidate) => candidate.id === owner.id)?.lastName).toBe(owner.lastName);
    sandbox.store.putOwner({ id: owner.id, email: owner.email, firstName: owner.firstName, lastName: 'Renamed', userId: owner.userId });

    const stillCached = await owners(gateway, at(REFERENCE_DATA_MAX_AGE_MS - 1));
    expect(stillCached.find((candidate) => candidate.id === owner.id)?.lastName).toBe(owner.lastName);
    expect(operations).toEqual(['list owners']);

    const reread = await owners(gateway, at(REFERENCE_DATA_MAX_AGE_MS));
    expect(reread.find((candidate) => candidate.id === owner.id)?.lastName).toBe('Renamed');
    expect(operations).toEqual(['list owners', 'list owners']);
  });

  it('does not serve an entry to a clock set back before it was read, nor a failed read', async () => {
    const loads: string[] = [];
    const value = (label: string) => () => (loads.push(label), Promise.resolve(label));
    expect(await cached('bounded-age-test', readAt, value('first'))).toBe('first');
    expect(await cached('bounded-age-test', at(-1), value('earlier clock'))).toBe('earlier clock');
    await expect(cached('failed-read-test', readAt, () => Promise.reject(new Error('HubSpot 503')))).rejects.toThrow('HubSpot 503');
    expect(await cached('failed-read-test', at(1), value('retried'))).toBe('retried');
    expect(loads).toEqual(['first', 'earlier clock', 'retried']);
  });
});
