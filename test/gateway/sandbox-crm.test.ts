import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../../src/sandbox/crm/sources.ts';
import { createCrmHandler, createCrmStore, type CrmHandler, type CrmHandlerOptions, type CrmStore } from '../../src/sandbox/crm/index.ts';
import { demoUsers, seedDemoPortal, type DemoPortalSeed } from '../../src/sandbox/seed/index.ts';

const TOKEN = 'pat-sandbox-test-token';
const TODAY = new Date('2026-11-15T12:00:00.000Z');

interface Sandbox {
  store: CrmStore;
  handler: CrmHandler;
  server: Server;
  baseUrl: string;
  client: Client;
}

async function startSandbox(options: Partial<CrmHandlerOptions> = {}, retries = 0): Promise<Sandbox> {
  const store = createCrmStore(':memory:');
  const handler = createCrmHandler(store, { tokens: { [TOKEN]: integration(1, 'test app') }, ...options });
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not a CRM path');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Client({ accessToken: TOKEN, basePath: baseUrl, numberOfApiCallRetries: retries });
  return { store, handler, server, baseUrl, client };
}

async function stopSandbox(sandbox: Sandbox): Promise<void> {
  await new Promise<void>((resolve) => sandbox.server.close(() => resolve()));
  sandbox.store.close();
}

/** HubSpot's error body, as far as these tests read into it. */
interface HubSpotErrorBody {
  message: string;
  errors: Array<{ code: string; context?: Record<string, string[]> }>;
  [field: string]: unknown;
}

/** The ApiException the client throws, so tests can assert on HubSpot's status and error body. */
async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: HubSpotErrorBody; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; body: unknown; headers: Record<string, string> };
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as unknown) : e.body;
    return { code: e.code, body: body as HubSpotErrorBody, headers: e.headers };
  }
  throw new Error('expected the call to fail');
}

let sandbox: Sandbox;
let seed: DemoPortalSeed;
let client: Client;

beforeAll(async () => {
  // Many searches in a row below; the search limit has its own test.
  sandbox = await startSandbox({ searchRateLimit: false });
  seed = seedDemoPortal(sandbox.store, { today: TODAY });
  client = sandbox.client;
});

afterAll(async () => {
  await stopSandbox(sandbox);
});

describe('demo portal seed', () => {
  it('has the people, companies, deals and notes the demo needs, deterministically', () => {
    expect(demoUsers.length).toBeGreaterThanOrEqual(8);
    expect(new Set(demoUsers.map((u) => u.role))).toEqual(new Set(['ae', 'manager', 'vp', 'alliance', 'revops']));
    expect(demoUsers.filter((u) => u.team === 'Enterprise East' && u.role === 'manager')).toHaveLength(1);
    expect(seed.companies.length).toBeGreaterThanOrEqual(20);
    expect(seed.deals.length).toBeGreaterThanOrEqual(40);
    expect(Math.min(...seed.deals.map((d) => d.amount))).toBe(50_000);
    expect(Math.max(...seed.deals.map((d) => d.amount))).toBe(15_000_000);
    expect(new Set(seed.deals.map((d) => d.stage)).size).toBeGreaterThanOrEqual(6);
    expect(seed.noteIds.length).toBeGreaterThan(0);

    const again = createCrmStore(':memory:');
    const second = seedDemoPortal(again, { today: TODAY });
    expect(second.deals).toEqual(seed.deals);
    expect(again.getObject('deals', second.deals[5]!.id)).toEqual(sandbox.store.getObject('deals', seed.deals[5]!.id));
    again.close();
  });
});

describe('objects', () => {
  it('reads a deal by id with requested properties and v3 associations', async () => {
    const deal = seed.deals[0]!;
    const read = await client.crm.deals.basicApi.getById(deal.id, ['dealname', 'amount', 'dealstage', 'nosuchprop'], undefined, ['companies', 'contacts']);
    expect(read.id).toBe(deal.id);
    expect(read.properties).toMatchObject({
      dealname: deal.name,
      amount: String(deal.amount),
      dealstage: deal.stage,
      hs_object_id: deal.id,
    });
    expect(read.properties).not.toHaveProperty('nosuchprop');
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.associations?.companies?.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: deal.companyId, type: 'deal_to_company' }),
        expect.objectContaining({ id: deal.companyId, type: 'deal_to_company_unlabeled' }),
      ]),
    );
    expect(read.associations?.contacts?.results.map((r) => r.id)).toEqual(expect.arrayContaining(deal.contactIds));
  });

  it('returns the default properties when none are asked for, and finds by idProperty', async () => {
    const company = seed.companies[0]!;
    const read = await client.crm.companies.basicApi.getById(company.domain, undefined, undefined, undefined, false, 'domain');
    expect(read.id).toBe(company.id);
    expect(Object.keys(read.properties).sort()).toEqual(['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name']);
  });

  it('answers an unknown id with HubSpot 404 OBJECT_NOT_FOUND', async () => {
    const error = await apiError(client.crm.deals.basicApi.getById('123456789'));
    expect(error.code).toBe(404);
    expect(error.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    expect(error.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pages through a list with paging.next.after', async () => {
    const first = await client.crm.deals.basicApi.getPage(20, undefined, ['dealname']);
    expect(first.results).toHaveLength(20);
    const after = first.paging?.next?.after;
    expect(after).toBeDefined();
    const second = await client.crm.deals.basicApi.getPage(20, after, ['dealname']);
    expect(second.results[0]!.id).not.toBe(first.results[0]!.id);
    const all = await client.crm.deals.getAll(100);
    expect(all.length).toBe(sandbox.store.listObjects('deals').length);
  });

  it('creates a deal with associations, then patches it', async () => {
    const company = seed.companies[3]!;
    const owner = demoUsers.find((u) => u.role === 'ae')!;
    const created = await client.crm.deals.basicApi.create({
      properties: {
        dealname: 'New co-sell deal',
        amount: '0250000.50',
        dealstage: 'qualifiedtobuy',
        pipeline: 'default',
        hubspot_owner_id: owner.ownerId,
        closedate: '2027-01-31',
      },
      associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 5 }] }],
    });
    expect(created.properties).toMatchObject({ amount: '250000.5', closedate: '2027-01-31T00:00:00.000Z', hs_object_id: created.id });
    expect(created.properties.createdate).toBe(created.properties.hs_lastmodifieddate);

    const associated = await client.crm.associations.v4.basicApi.getPage('deals', created.id, 'companies');
    expect(associated.results).toEqual([
      {
        toObjectId: Number(company.id),
        associationTypes: expect.arrayContaining([
          { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' },
          { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
        ]) as unknown,
      },
    ]);
    const inverse = await client.crm.associations.v4.basicApi.getPage('companies', company.id, 'deals');
    expect(
      inverse.results
        .find((r) => String(r.toObjectId) === created.id)
        ?.associationTypes.map((t) => t.typeId)
        .sort(),
    ).toEqual([342, 6]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const patched = await client.crm.deals.basicApi.update(created.id, { properties: { dealstage: 'contractsent', amount: '300000' } });
    expect(patched.properties).toMatchObject({ dealstage: 'contractsent', amount: '300000' });
    expect(Date.parse(patched.properties.hs_lastmodifieddate!)).toBeGreaterThan(Date.parse(created.properties.createdate!));
  });

  it('creates a note associated with a deal and a company', async () => {
    const deal = seed.deals[1]!;
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_timestamp: TODAY.toISOString(), hs_note_body: 'Direct-route exception requested.' },
      associations: [
        { to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 214 }] },
        { to: { id: deal.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 190 }] },
      ],
    });
    const fromDeal = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'notes');
    expect(fromDeal.results.map((r) => String(r.toObjectId))).toContain(note.id);
    const read = await client.crm.objects.notes.basicApi.getById(note.id, ['hs_note_body'], undefined, ['deals']);
    expect(read.properties.hs_note_body).toBe('Direct-route exception requested.');
    expect(read.associations?.deals?.results).toEqual([{ id: deal.id, type: 'note_to_deal' }]);
  });

  it('creates a task for an owner on a deal, read back through the deal as HubSpot shows it', async () => {
    const deal = seed.deals[1]!;
    const owner = demoUsers.find((u) => u.role === 'manager')!;
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_timestamp: TODAY.toISOString(),
        hs_task_subject: 'Decide: sell this deal direct?',
        hs_task_body: 'Approve or reject it.',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: owner.ownerId,
      },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 216 }] }],
    });
    const fromDeal = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'tasks');
    expect(fromDeal.results.find((r) => String(r.toObjectId) === task.id)?.associationTypes.map((t) => t.typeId)).toEqual([215]);
    const read = await client.crm.objects.tasks.basicApi.getById(task.id, ['hs_task_subject', 'hubspot_owner_id', 'hs_task_status'], undefined, ['deals']);
    expect(read.properties).toMatchObject({
      hs_task_subject: 'Decide: sell this deal direct?',
      hubspot_owner_id: owner.ownerId,
      hs_task_status: 'NOT_STARTED',
    });
    expect(read.associations?.deals?.results).toEqual([{ id: deal.id, type: 'task_to_deal' }]);
  });

  it('refuses a task or note without its timestamp, and a task with a status HubSpot does not have', async () => {
    const deal = seed.deals[1]!;
    const association = [{ to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 216 }] }];
    const missing = await apiError(client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'No due date' }, associations: association }));
    expect(missing.code).toBe(400);
    expect(missing.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: 'Error creating TASK. Some required properties were not set.',
      context: { properties: ['hs_timestamp'] },
    });
    const note = await apiError(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'No date' }, associations: [] }));
    expect(note.body).toMatchObject({ message: 'Error creating NOTE. Some required properties were not set.' });
    const badStatus = await apiError(
      client.crm.objects.tasks.basicApi.create({ properties: { hs_timestamp: TODAY.toISOString(), hs_task_status: 'DONE' }, associations: association }),
    );
    expect(badStatus.body.errors[0]).toMatchObject({ code: 'INVALID_OPTION', context: { propertyName: ['hs_task_status'] } });
    expect((await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'tasks')).results).toHaveLength(1);
  });
});

describe('write validation', () => {
  const dealId = () => seed.deals[2]!.id;

  it('rejects an unknown property with PROPERTY_DOESNT_EXIST', async () => {
    const error = await apiError(client.crm.deals.basicApi.update(dealId(), { properties: { foo: 'bar' } }));
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
    expect(error.body.message).toMatch(/^Property values were not valid: \[/);
    const details = JSON.parse(error.body.message.slice('Property values were not valid: '.length)) as unknown[];
    expect(details[0]).toMatchObject({ isValid: false, error: 'PROPERTY_DOESNT_EXIST', name: 'foo', message: 'Property "foo" does not exist' });
    expect(error.body.errors[0]).toMatchObject({ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['foo'] } });
  });

  it('rejects a bad option, number, date and read-only value, naming each', async () => {
    const error = await apiError(
      client.crm.deals.basicApi.update(dealId(), {
        properties: { dealstage: 'won', amount: '12k', closedate: 'next tuesday', hs_object_id: '1' },
      }),
    );
    expect(error.code).toBe(400);
    const details = JSON.parse(error.body.message.slice('Property values were not valid: '.length)) as Array<{ name: string; error: string; message: string }>;
    expect(Object.fromEntries(details.map((d) => [d.name, d.error]))).toEqual({
      dealstage: 'INVALID_OPTION',
      amount: 'INVALID_INTEGER',
      closedate: 'INVALID_DATE',
      hs_object_id: 'READ_ONLY_VALUE',
    });
    expect(details.find((d) => d.name === 'dealstage')!.message).toMatch(/^won was not one of the allowed options: \[appointmentscheduled, /);
    expect(sandbox.store.getObject('deals', dealId())!.properties.dealstage).toBe(seed.deals[2]!.stage);
  });

  it('rejects an owner id that is not an owner', async () => {
    const error = await apiError(client.crm.deals.basicApi.update(dealId(), { properties: { hubspot_owner_id: '999' } }));
    expect(error.body.errors[0]).toMatchObject({ code: 'INVALID_OPTION', context: { propertyName: ['hubspot_owner_id'] } });
  });

  it('answers invalid JSON with the line and column', async () => {
    const response = await fetch(`${sandbox.baseUrl}/crm/v3/objects/deals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"properties": {"dealname": "x",}}',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(body.message).toMatch(/^Invalid input JSON on line 1, column 33/);
  });
});

describe('batch', () => {
  it('reads a batch, reporting missing ids with 207 errors', async () => {
    const ids = seed.deals.slice(0, 3).map((d) => d.id);
    const response = await client.crm.deals.batchApi.read({
      inputs: [...ids, '99'].map((id) => ({ id })),
      properties: ['dealname'],
      propertiesWithHistory: [],
    });
    expect(response.status).toBe('COMPLETE');
    expect(response.results.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(response.results[0]!.properties).toHaveProperty('dealname');
    expect(response.startedAt).toBeInstanceOf(Date);
    expect('errors' in response && response.errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['99'] } });
  });

  it('rejects more than 100 inputs', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const error = await apiError(client.crm.deals.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
  });

  it('creates and updates in batches', async () => {
    const created = await client.crm.companies.batchApi.create({
      inputs: [
        { properties: { name: 'Batch One', domain: 'batch-one.example' }, associations: [] },
        { properties: { name: 'Batch Two', domain: 'batch-two.example' }, associations: [] },
      ],
    });
    expect(created.results).toHaveLength(2);
    const updated = await client.crm.companies.batchApi.update({
      inputs: [...created.results.map((c) => ({ id: c.id, properties: { industry: 'BANKING' } })), { id: '42', properties: { industry: 'BANKING' } }],
    });
    expect(updated.results.map((c) => c.properties.industry)).toEqual(['BANKING', 'BANKING']);
    expect('errors' in updated && updated.numErrors).toBe(1);
  });
});

describe('search', () => {
  const openStages = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];

  it('ANDs filters in a group, compares numbers numerically and sorts', async () => {
    const result = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'amount', operator: 'GTE' as never, value: '1000000' },
            { propertyName: 'dealstage', operator: 'IN' as never, values: openStages },
          ],
        },
      ],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' } as never],
      properties: ['amount', 'dealstage'],
      limit: 200,
    });
    const expected = seed.deals.filter((d) => d.amount >= 1_000_000 && openStages.includes(d.stage));
    expect(result.total).toBe(expected.length);
    const amounts = result.results.map((r) => Number(r.properties.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts.every((a) => a >= 1_000_000)).toBe(true);
  });

  it('ORs filter groups and supports dates, tokens, presence and associations', async () => {
    const company = seed.companies[0]!;
    const result = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'dealstage', operator: 'EQ' as never, value: 'closedwon' }] },
        { filters: [{ propertyName: 'associations.company', operator: 'EQ' as never, value: company.id }] },
      ],
      properties: ['dealstage'],
      limit: 100,
    });
    const expected = seed.deals.filter((d) => d.stage === 'closedwon' || d.companyId === company.id);
    expect(result.results.map((r) => r.id).sort()).toEqual(expected.map((d) => d.id).sort());

    const upcoming = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'closedate', operator: 'BETWEEN' as never, value: String(TODAY.getTime()), highValue: '2027-12-31T00:00:00Z' },
            { propertyName: 'dealname', operator: 'CONTAINS_TOKEN' as never, value: 'harbor*' },
            { propertyName: 'hs_analytics_source', operator: 'HAS_PROPERTY' as never },
          ],
        },
      ],
      limit: 10,
    });
    expect(upcoming.results.length).toBeGreaterThan(0);
    for (const r of upcoming.results) expect(sandbox.store.getObject('deals', r.id)!.properties.dealname).toMatch(/^Harborline/);
  });

  it('pages with after and enforces HubSpot limits', async () => {
    const request = { filterGroups: [], properties: ['dealname'], limit: 15 };
    const first = await client.crm.deals.searchApi.doSearch(request);
    const second = await client.crm.deals.searchApi.doSearch({ ...request, after: first.paging!.next!.after });
    expect(second.results[0]!.id).not.toBe(first.results[0]!.id);
    expect(first.total).toBe(second.total);

    const tooManyGroups = Array.from({ length: 6 }, () => ({ filters: [{ propertyName: 'dealstage', operator: 'EQ' as never, value: 'closedwon' }] }));
    expect((await apiError(client.crm.deals.searchApi.doSearch({ filterGroups: tooManyGroups }))).code).toBe(400);
    expect((await apiError(client.crm.deals.searchApi.doSearch({ filterGroups: [], limit: 201 }))).code).toBe(400);
    expect((await apiError(client.crm.deals.searchApi.doSearch({ filterGroups: [], after: '10000' }))).code).toBe(400);
  });
});

describe('associations v4', () => {
  it('reads associations in batch, with 207 errors for records that have none', async () => {
    const [a, b] = seed.companies;
    const response = await client.crm.associations.v4.batchApi.getPage('companies', 'deals', { inputs: [{ id: a!.id }, { id: b!.id }, { id: '1' }] });
    expect(response.results).toHaveLength(2);
    const first = response.results.find((r) => r._from.id === a!.id)!;
    expect(first.to.map((t) => String(t.toObjectId)).sort()).toEqual(
      seed.deals
        .filter((d) => d.companyId === a!.id)
        .map((d) => d.id)
        .sort(),
    );
    expect('errors' in response && response.errors?.[0]).toMatchObject({ subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' });
  });

  it('creates default and labelled associations', async () => {
    const deal = seed.deals[4]!;
    const contactId = seed.contactIds.find((id) => !deal.contactIds.includes(id))!;
    const result = await client.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'contacts', contactId);
    expect(result.results.map((r) => r.associationSpec.associationTypeId).sort()).toEqual([3, 4]);

    const otherCompany = seed.companies.find((c) => c.id !== deal.companyId)!;
    const labelled = await client.crm.associations.v4.basicApi.create('deals', deal.id, 'companies', otherCompany.id, [
      { associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 5 },
    ]);
    expect(labelled).toMatchObject({ fromObjectTypeId: '0-3', toObjectTypeId: '0-2', labels: ['Primary'] });

    const error = await apiError(
      client.crm.associations.v4.basicApi.create('deals', deal.id, 'companies', otherCompany.id, [
        { associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 9999 },
      ]),
    );
    expect(error.code).toBe(400);
  });
});

describe('properties', () => {
  it('lists HubSpot default properties with their types and options', async () => {
    const { results } = await client.crm.properties.coreApi.getAll('deals');
    const byName = Object.fromEntries(results.map((p) => [p.name, p]));
    expect(byName.amount).toMatchObject({ type: 'number', fieldType: 'number', hubspotDefined: true });
    expect(byName.closedate).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName.dealstage!.options.map((o) => o.value)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
    expect(byName.hs_object_id!.modificationMetadata).toMatchObject({ readOnlyValue: true });
    const industry = await client.crm.properties.coreApi.getByName('0-2', 'industry');
    expect(industry.options.length).toBeGreaterThan(10);
  });

  it('creates a group and an app property, rejects a duplicate with 409, and accepts values for it', async () => {
    const group = await client.crm.properties.groupsApi.create('deals', { name: 'cosell', label: 'Cloud co-sell', displayOrder: 5 });
    expect(group).toMatchObject({ name: 'cosell', label: 'Cloud co-sell', archived: false });
    expect((await client.crm.properties.groupsApi.getAll('deals')).results.map((g) => g.name)).toContain('cosell');
    const renamed = await client.crm.properties.groupsApi.update('deals', 'cosell', { label: 'Cloud co-sell (app)' });
    expect((await client.crm.properties.groupsApi.getByName('deals', 'cosell')).label).toBe(renamed.label);

    const definition = {
      name: 'cosell_status',
      label: 'Co-sell status',
      type: 'enumeration' as never,
      fieldType: 'select' as never,
      groupName: 'cosell',
      options: [
        { label: 'Not started', value: 'not_started', displayOrder: 0, hidden: false },
        { label: 'Submitted', value: 'submitted', displayOrder: 1, hidden: false },
      ],
    };
    const created = await client.crm.properties.coreApi.create('deals', definition);
    expect(created).toMatchObject({ name: 'cosell_status', hubspotDefined: false, groupName: 'cosell' });
    const duplicate = await apiError(client.crm.properties.coreApi.create('deals', definition));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body).toMatchObject({ category: 'OBJECT_ALREADY_EXISTS', message: "Property named 'cosell_status' already exists." });

    const updated = await client.crm.properties.coreApi.update('deals', 'cosell_status', {
      options: [...definition.options, { label: 'Accepted', value: 'accepted', displayOrder: 2, hidden: false }],
    });
    expect(updated.options.map((o) => o.value)).toEqual(['not_started', 'submitted', 'accepted']);

    const deal = seed.deals[6]!;
    const written = await client.crm.deals.basicApi.update(deal.id, { properties: { cosell_status: 'accepted' } });
    expect(written.properties.cosell_status).toBe('accepted');
    const bad = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { cosell_status: 'maybe' } }));
    expect(bad.body.errors[0]!.code).toBe('INVALID_OPTION');
    const missingGroup = await apiError(client.crm.properties.coreApi.create('deals', { ...definition, name: 'cosell_other', groupName: 'nope' }));
    expect(missingGroup.code).toBe(400);
  });
});

describe('owners, users, teams and pipelines', () => {
  const manager = demoUsers.find((u) => u.role === 'manager' && u.team === 'Enterprise West')!;

  it('lists owners with paging and an email filter, and reads one by userId', async () => {
    const firstPage = await client.crm.owners.ownersApi.getPage(undefined, undefined, 5);
    expect(firstPage.results).toHaveLength(5);
    const rest = await client.crm.owners.ownersApi.getPage(undefined, firstPage.paging!.next!.after, 100);
    expect(firstPage.results.length + rest.results.length).toBe(demoUsers.length);

    const byEmail = await client.crm.owners.ownersApi.getPage(manager.email.toUpperCase());
    expect(byEmail.results).toHaveLength(1);
    expect(byEmail.results[0]).toMatchObject({
      id: manager.ownerId,
      userId: Number(manager.userId),
      email: manager.email,
      type: 'PERSON',
      teams: [{ id: expect.any(String) as unknown, name: 'Enterprise West', primary: true }],
    });
    const byUserId = await client.crm.owners.ownersApi.getById(Number(manager.userId), 'userId');
    expect(byUserId.id).toBe(manager.ownerId);
    expect((await apiError(client.crm.owners.ownersApi.getById(1))).code).toBe(404);
  });

  it('lists users and teams in the settings API shapes', async () => {
    const users = await client.settings.users.usersApi.getPage(100);
    expect(users.results).toHaveLength(demoUsers.length);
    const revops = demoUsers.find((u) => u.role === 'revops')!;
    const admin = await client.settings.users.usersApi.getById(revops.userId);
    expect(admin).toMatchObject({ id: revops.userId, email: revops.email, superAdmin: true, roleIds: [revops.roleId] });
    const byEmail = await client.settings.users.usersApi.getById(manager.email, 'EMAIL');
    expect(byEmail.primaryTeamId).toBeDefined();

    const { results: teams } = await client.settings.users.teamsApi.getAll();
    expect(teams.map((t) => t.name).sort()).toEqual(['Alliances', 'Enterprise East', 'Enterprise West']);
    const west = teams.find((t) => t.name === 'Enterprise West')!;
    expect(west.userIds).toContain(manager.userId);
    expect(west.secondaryUserIds).toContain(demoUsers.find((u) => u.role === 'vp')!.userId);
  });

  it('serves the default deal pipeline with stage metadata', async () => {
    const { results } = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(results).toHaveLength(1);
    const pipeline = await client.crm.pipelines.pipelinesApi.getById('deals', 'default');
    expect(pipeline.label).toBe('Sales Pipeline');
    expect(pipeline.stages.map((s) => [s.id, s.displayOrder, s.metadata?.probability, s.metadata?.isClosed])).toEqual([
      ['appointmentscheduled', 0, '0.2', 'false'],
      ['qualifiedtobuy', 1, '0.4', 'false'],
      ['presentationscheduled', 2, '0.6', 'false'],
      ['decisionmakerboughtin', 3, '0.8', 'false'],
      ['contractsent', 4, '0.9', 'false'],
      ['closedwon', 5, '1.0', 'true'],
      ['closedlost', 6, '0.0', 'true'],
    ]);
  });
});

describe('the HTTP edge', () => {
  it('answers 401 without the bearer token and with a wrong one', async () => {
    const response = await fetch(`${sandbox.baseUrl}/crm/v3/objects/deals`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    const wrong = new Client({ accessToken: 'pat-wrong', basePath: sandbox.baseUrl, numberOfApiCallRetries: 0 });
    expect((await apiError(wrong.crm.deals.basicApi.getPage())).code).toBe(401);
  });

  it('leaves paths it does not own to the next handler', async () => {
    const response = await fetch(`${sandbox.baseUrl}/sandbox/act`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not a CRM path');
  });

  it('rate-limits with HubSpot 429 body and headers', async () => {
    const limited = await startSandbox({ rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i += 1) await limited.client.crm.pipelines.pipelinesApi.getAll('deals');
      const error = await apiError(limited.client.crm.pipelines.pipelinesApi.getAll('deals'));
      expect(error.code).toBe(429);
      expect(error.body).toMatchObject({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      expect(error.headers['x-hubspot-ratelimit-max']).toBe('3');
      expect(error.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    } finally {
      await stopSandbox(limited);
    }
  });

  it("limits search to HubSpot's five requests per second per account, apart from the burst limit", async () => {
    const limited = await startSandbox({ rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const search = () => limited.client.crm.deals.searchApi.doSearch({ filterGroups: [], properties: ['dealname'], limit: 1 });
      for (let i = 0; i < 5; i += 1) await search();
      const error = await apiError(search());
      expect(error.code).toBe(429);
      expect(error.body).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
      // Searches did not use up the burst limit.
      for (let i = 0; i < 3; i += 1) await limited.client.crm.pipelines.pipelinesApi.getAll('deals');
    } finally {
      await stopSandbox(limited);
    }
  });

  it('injects failures the client retries through', async () => {
    const flaky = await startSandbox({}, 3);
    try {
      flaky.handler.injectFailures([{ method: 'GET', pathPrefix: '/crm/v3/pipelines', status: 503, times: 2 }]);
      const pipelines = await flaky.client.crm.pipelines.pipelinesApi.getAll('deals');
      expect(pipelines.results).toHaveLength(1);

      flaky.handler.injectFailures([{ pathPrefix: '/crm/v3/objects/deals', status: 500, times: 1 }]);
      const plain = new Client({ accessToken: TOKEN, basePath: flaky.baseUrl, numberOfApiCallRetries: 0 });
      const error = await apiError(plain.crm.deals.basicApi.getPage());
      expect(error.code).toBe(500);
      expect((await plain.crm.deals.basicApi.getPage()).results).toEqual([]);
    } finally {
      await stopSandbox(flaky);
    }
  });
});
