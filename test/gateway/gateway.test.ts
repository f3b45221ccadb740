import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { integration } from '../../src/sandbox/crm/sources.ts';
import { createCrmHandler, createCrmStore, type CrmHandler, type CrmStore } from '../../src/sandbox/crm/index.ts';
import { seedDemoPortal, type DemoPortalSeed } from '../../src/sandbox/seed/index.ts';

const TOKEN = 'gateway-test-token';

let store: CrmStore;
let handler: CrmHandler;
let server: Server;
let basePath: string;
let seed: DemoPortalSeed;
let requests: string[];
let sleeps: number[];

function gateway(overrides: { maxAttempts?: number; budgetMs?: number; accessToken?: string } = {}): HubSpotGateway {
  return new HubSpotGateway({
    accessToken: overrides.accessToken ?? TOKEN,
    basePath,
    onRequest: (operation) => requests.push(operation),
    // Real waits would make the suite slow; the waits asked for are recorded and checked instead.
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...(overrides.maxAttempts ? { maxAttempts: overrides.maxAttempts } : {}),
      ...(overrides.budgetMs ? { budgetMs: overrides.budgetMs } : {}),
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<HubSpotError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubSpotError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  store = createCrmStore(':memory:');
  seed = seedDemoPortal(store, { today: new Date('2026-11-20T12:00:00Z') });
  handler = createCrmHandler(store, { tokens: { [TOKEN]: integration(1, 'test app') } });
  server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  basePath = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
});

beforeEach(() => {
  requests = [];
  sleeps = [];
  handler.clearInjectedFailures();
});

describe('HubSpot gateway against the sandbox, through the real @hubspot/api-client', () => {
  it('reads a deal with its associated company and contact ids in one call', async () => {
    const deal = seed.deals[0]!;
    const { record, associations } = await gateway().readRecord('deals', deal.id, {
      properties: ['dealname', 'amount'],
      associations: ['companies', 'contacts'],
    });
    expect(record.properties.dealname).toBe(deal.name);
    expect(associations.companies?.map((company) => company.id)).toEqual([deal.companyId]);
    expect(associations.contacts?.map((contact) => contact.id).sort()).toEqual([...deal.contactIds].sort());
    expect(requests).toHaveLength(1);
  });

  it('batch-reads in calls of at most 100 records and leaves out unknown ids', async () => {
    const contactIds = store.listObjects('contacts').map((contact) => contact.id);
    const companyIds = store.listObjects('companies').map((company) => company.id);
    const ids = [...companyIds, ...companyIds, '999999999'];
    const records = await gateway().readRecords('companies', ids, ['name']);
    expect(records.map((record) => record.id).sort()).toEqual([...companyIds].sort());
    expect(requests).toEqual(['batch read 25 companies']);

    requests = [];
    const many = [...contactIds, ...Array.from({ length: 150 - contactIds.length }, (_, index) => String(90_000_000_000 + index))];
    const contacts = await gateway().readRecords('contacts', many, ['email']);
    expect(contacts).toHaveLength(contactIds.length);
    expect(requests).toEqual(['batch read 100 contacts', 'batch read 50 contacts']);
  });

  it('pages through search results and stops at the requested maximum', async () => {
    const open = await gateway().search('deals', {
      filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GTE', value: '0' }] }],
      properties: ['dealname'],
      maxResults: 30,
    });
    expect(open).toHaveLength(30);
    const all = await gateway().search('deals', {
      filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GTE', value: '0' }] }],
      properties: ['dealname'],
    });
    expect(all).toHaveLength(seed.deals.length);
  });

  it('retries a ten-secondly 429 and 5xx answers, then succeeds', async () => {
    handler.injectFailures([
      { pathPrefix: '/crm/v3/objects/deals/', status: 429, times: 1 },
      { pathPrefix: '/crm/v3/objects/deals/', status: 503, times: 1 },
    ]);
    const deal = await gateway().getRecord('deals', seed.deals[1]!.id, ['dealname']);
    expect(deal.properties.dealname).toBe(seed.deals[1]!.name);
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([1_000, 400]);
  });

  it('gives up after the configured number of attempts with a typed error', async () => {
    handler.injectFailures([{ pathPrefix: '/crm/v3/objects/deals/', status: 502, times: 10 }]);
    const error = await failure(gateway({ maxAttempts: 3 }).getRecord('deals', seed.deals[1]!.id, ['dealname']));
    expect(error.kind).toBe('unavailable');
    expect(error.details.attempts).toBe(3);
    expect(error.message).toContain('HubSpot answered 502 after 3 attempt(s)');
    expect(requests).toHaveLength(3);
  });

  it('does not wait past its time budget: a function has 15 s in all', async () => {
    handler.injectFailures([{ pathPrefix: '/crm/v3/objects/deals/', status: 429, times: 10 }]);
    const error = await failure(gateway({ budgetMs: 500 }).getRecord('deals', seed.deals[1]!.id, ['dealname']));
    expect(error.kind).toBe('rate_limited');
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a create on 5xx (it may have been created) but does on 429', async () => {
    const before = store.listObjects('notes').length;
    handler.injectFailures([{ method: 'POST', pathPrefix: '/crm/v3/objects/notes', status: 500, times: 1 }]);
    const error = await failure(gateway().createRecord('notes', { hs_note_body: 'x', hs_timestamp: new Date().toISOString() }));
    expect(error.kind).toBe('unavailable');
    expect(requests).toHaveLength(1);

    requests = [];
    handler.injectFailures([{ method: 'POST', pathPrefix: '/crm/v3/objects/notes', status: 429, times: 1 }]);
    const note = await gateway().createRecord('notes', { hs_note_body: 'created after a 429', hs_timestamp: new Date().toISOString() }, [
      { type: 'deals', id: seed.deals[0]!.id },
    ]);
    expect(requests).toHaveLength(2);
    expect(store.listObjects('notes')).toHaveLength(before + 1);
    expect(store.getAssociations('notes', note.id, 'deals').map((association) => association.toId)).toEqual([seed.deals[0]!.id]);
  });

  it('turns HubSpot errors into clear typed errors', async () => {
    const missing = await failure(gateway().getRecord('deals', '123456789', ['dealname']));
    expect(missing.kind).toBe('not_found');
    expect(missing.details.correlationId).toMatch(/^[0-9a-f-]{36}$/);

    const invalid = await failure(gateway().updateRecord('deals', seed.deals[0]!.id, { no_such_property: 'x' }));
    expect(invalid.kind).toBe('validation');
    expect(invalid.message).toContain('no_such_property');

    const badOption = await failure(gateway().updateRecord('deals', seed.deals[0]!.id, { dealstage: 'not-a-stage' }));
    expect(badOption.kind).toBe('validation');
    expect(store.getObject('deals', seed.deals[0]!.id)!.properties.dealstage).toBe(seed.deals[0]!.stage);

    const unauthorized = await failure(gateway({ accessToken: 'wrong-token' }).getRecord('deals', seed.deals[0]!.id, []));
    expect(unauthorized.kind).toBe('unauthorized');
    expect(unauthorized.message).not.toContain('wrong-token');
  });

  it('reads owners, users, teams and pipelines', async () => {
    const [owners, users, teams, pipelines] = await Promise.all([gateway().owners(), gateway().users(), gateway().teams(), gateway().dealPipelines()]);
    expect(owners.find((owner) => owner.email === 'maya.chen@stratusdata.example')?.userId).toBe(7100001);
    expect(users.find((user) => user.id === '7100012')?.superAdmin).toBe(true);
    expect(teams.map((team) => team.name).sort()).toEqual(['Alliances', 'Enterprise East', 'Enterprise West']);
    expect(pipelines[0]!.stages.map((stage) => stage.id)).toContain('closedwon');
  });
});

describe('one retry budget per invocation', () => {
  it('stops retrying when the invocation deadline would pass, whatever each call has left', async () => {
    handler.injectFailures([{ pathPrefix: '/crm/v3/objects/deals/', status: 503, times: 10 }]);
    const now = Date.now();
    const near = gateway().withDeadline(now + 300);
    const error = await failure(near.getRecord('deals', seed.deals[1]!.id, ['dealname']));
    expect(error.kind).toBe('unavailable');
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    handler.clearInjectedFailures();
  });

  it('runs searches from one process one at a time, spaced under the per-account search limit', async () => {
    const searching = gateway();
    const started = Date.now();
    const request = { filterGroups: [], properties: ['dealname'], maxResults: 1 };
    await Promise.all([searching.search('deals', request), searching.search('deals', request), searching.search('deals', request)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 200);
    expect(requests.filter((operation) => operation === 'search deals')).toHaveLength(3);
  });
});
