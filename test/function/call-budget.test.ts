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

const PORTAL_WIDE = /^GET \/(crm\/v3\/pipelines|crm\/v3\/owners|settings\/v3\/users)\b|\/search$/;

async function load(contract: typeof dealCosellContract | typeof companyAllianceContract, id: string): Promise<string[]> {
  const { response, calls } = await instance.load(contract, id);
  expect(response, JSON.stringify(response)).toMatchObject({ ok: true });
  await sandbox.webhooksIdle();
  return calls;
}

function hasAssociated(fromType: 'deals' | 'companies', id: string, toType: 'companies' | 'deals' | 'line_items'): boolean {
  return sandbox.store.getAssociations(fromType, id, toType).length > 0;
}

describe('HubSpot calls per card load, counted on the function instance', () => {
  it('a warm instance reads only the deal (its history and associations in the one read), its company, its line items when it has some and, when a section needs them, its contacts', async () => {
    const ids = sandbox.store.listObjects('deals').map((deal) => deal.id);
    // The first pass writes the app's derived values once; the second shows the steady cost.
    for (const id of ids) await load(dealCosellContract, id);
    for (const id of ids) {
      const calls = await load(dealCosellContract, id);
      // The company and the line items are read side by side, so their order is not fixed.
      const expected = [
        ...(hasAssociated('deals', id, 'companies') ? ['POST /crm/v3/objects/companies/batch/read'] : []),
        ...(hasAssociated('deals', id, 'line_items') ? ['POST /crm/v3/objects/line_items/batch/read'] : []),
      ];
      expect(calls[0], `deal ${id}`).toBe(`GET /crm/v3/objects/deals/${id}`);
      expect(calls.slice(1, 1 + expected.length).sort(), `deal ${id}`).toEqual(expected.sort());
      expect(calls.slice(1 + expected.length), `deal ${id}`).toEqual(calls.length > 1 + expected.length ? ['POST /crm/v3/objects/contacts/batch/read'] : []);
    }
  });

  it('a deal without a company costs one call on a warm instance', async () => {
    const deal = sandbox.store.createObject('deals', {
      properties: { dealname: 'Solo renewal', amount: '25000', pipeline: 'default', dealstage: 'qualifiedtobuy' },
    });
    await load(dealCosellContract, deal.id);
    expect(await load(dealCosellContract, deal.id)).toEqual([`GET /crm/v3/objects/deals/${deal.id}`]);
  });

  it('a warm instance reads a company card from the company (with its associations) and its deals, never portal-wide data', async () => {
    const ids = sandbox.store.listObjects('companies').map((company) => company.id);
    for (const id of ids) await load(companyAllianceContract, id);
    for (const id of ids) {
      const calls = await load(companyAllianceContract, id);
      expect(calls[0], `company ${id}`).toBe(`GET /crm/v3/objects/companies/${id}`);
      expect(calls.includes('POST /crm/v3/objects/deals/batch/read'), `company ${id}`).toBe(hasAssociated('companies', id, 'deals'));
      expect(
        calls.filter((call) => PORTAL_WIDE.test(call)),
        `company ${id}`,
      ).toEqual([]);
      expect(calls.length, `company ${id}`).toBeLessThanOrEqual(4);
    }
  });

  it('a cold instance reads pipelines, owners and users once; the next load on it does not', async () => {
    const [first, second] = sandbox.store.listObjects('deals').map((deal) => deal.id);
    instance.restart();
    const cold = await load(dealCosellContract, first!);
    expect(cold.filter((call) => PORTAL_WIDE.test(call) && !call.endsWith('/search')).sort()).toEqual([
      'GET /crm/v3/owners/',
      'GET /crm/v3/pipelines/deals',
      'GET /settings/v3/users/',
    ]);
    expect((await load(dealCosellContract, second!)).filter((call) => PORTAL_WIDE.test(call) && !call.endsWith('/search'))).toEqual([]);
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
