import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookEvent } from '../../src/identity/webhooks.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { personInUi } from '../../src/sandbox/crm/sources.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from '../function/support.ts';

/**
 * The stand-in's answers against HubSpot's own contract: every field the api-client's generated
 * model declares required (no `?` in its .d.ts) is present, with the model's type, at every depth.
 * The models are HubSpot's published API description, so a shape the stand-in invents fails here.
 */
const require = createRequire(import.meta.url);
const codegen = path.join(path.dirname(require.resolve('@hubspot/api-client')), 'codegen');

interface Field {
  name: string;
  baseName: string;
  type: string;
}

/** Ids HubSpot's own responses carry as JSON numbers where the api-client's model says string (it does not convert them). */
const NUMERIC_IDS = new Set(['toObjectId']);

function model(area: string, name: string): { fields: Field[]; required: Set<string> } | null {
  const file = path.join(codegen, area, 'models', name);
  const exported = (require(`${file}.js`) as Record<string, { attributeTypeMap?: Field[] }>)[name];
  // Enums are exported as plain objects without a type map: their values are strings.
  if (!exported?.attributeTypeMap) return null;
  const fields = exported.attributeTypeMap;
  const declaration = readFileSync(`${file}.d.ts`, 'utf8');
  const required = new Set([...declaration.matchAll(/^\s+'(\w+)':/gm)].map((match) => match[1]!));
  return { fields, required };
}

/** Problems with `value` as an instance of `name`; nested models are checked in the same area. */
function violations(area: string, name: string, value: unknown, at = name): string[] {
  const described = model(area, name);
  if (!described) return typeof value === 'string' ? [] : [`${at}: not an enum value`];
  if (typeof value !== 'object' || value === null) return [`${at}: not an object`];
  const { fields, required } = described;
  const problems: string[] = [];
  for (const field of fields) {
    const raw = (value as Record<string, unknown>)[field.baseName];
    if (raw === undefined || raw === null) {
      if (required.has(field.name)) problems.push(`${at}.${field.baseName}: required by ${name}, missing`);
      continue;
    }
    problems.push(...typeViolations(area, field.type, raw, `${at}.${field.baseName}`));
  }
  return problems;
}

function typeViolations(area: string, type: string, raw: unknown, at: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(raw) ? raw.flatMap((item, index) => typeViolations(area, array[1]!, item, `${at}[${index}]`)) : [`${at}: not an array`];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map)
    return typeof raw === 'object' && raw
      ? Object.entries(raw).flatMap(([key, item]) => typeViolations(area, map[1]!, item, `${at}.${key}`))
      : [`${at}: not an object`];
  if (type === 'string')
    return typeof raw === 'string' ||
      (NUMERIC_IDS.has(
        at
          .split('.')
          .at(-1)!
          .replace(/\[\d+\]$/, ''),
      ) &&
        typeof raw === 'number')
      ? []
      : [`${at}: not a string`];
  if (type === 'number') return typeof raw === 'number' ? [] : [`${at}: not a number`];
  if (type === 'boolean') return typeof raw === 'boolean' ? [] : [`${at}: not a boolean`];
  if (type === 'Date') return typeof raw === 'string' && !Number.isNaN(Date.parse(raw)) ? [] : [`${at}: not a date-time string`];
  if (/^[A-Z]\w*$/.test(type)) {
    try {
      return violations(area, type, raw, at);
    } catch {
      return []; // an enum type: its values are checked by the gateway tests
    }
  }
  return [];
}

let sandbox: Sandbox;
let dealId: string;
let companyId: string;

async function get(pathAndQuery: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}${pathAndQuery}`, {
    ...init,
    headers: { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  sandbox = await bootTestSandbox();
  const deal = sandbox.store.listObjects('deals').find((candidate) => sandbox.store.getAssociations('deals', candidate.id, 'companies').length > 0)!;
  dealId = deal.id;
  companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
  sandbox.store.asSource(personInUi(7100002), () => sandbox.store.updateObject('deals', dealId, { amount: '123456' }));
  await sandbox.webhooksIdle();
}, 120_000);
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});

describe("the stand-in's answers against the api-client's models", () => {
  it('a record read with associations and property history', async () => {
    const { body } = await get(`/crm/v3/objects/deals/${dealId}?properties=amount,dealname&propertiesWithHistory=amount&associations=companies`);
    expect(violations('crm/objects', 'SimplePublicObjectWithAssociations', body)).toEqual([]);
    const history = (body as { propertiesWithHistory: { amount: { value: string; sourceType: string; sourceId?: string; updatedByUserId?: number }[] } })
      .propertiesWithHistory.amount;
    expect(history[0]).toMatchObject({ value: '123456', sourceType: 'CRM_UI', sourceId: 'userId:7100002', updatedByUserId: 7100002 });
  });

  it('a batch read with history, and a batch over its limit refused as HubSpot does', async () => {
    const { body } = await get('/crm/v3/objects/deals/batch/read', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id: dealId }], properties: ['amount'], propertiesWithHistory: ['amount'] }),
    });
    expect(violations('crm/objects', 'BatchResponseSimplePublicObject', body)).toEqual([]);
    const tooMany = await get('/crm/v3/objects/deals/batch/read', {
      method: 'POST',
      body: JSON.stringify({
        inputs: Array.from({ length: 51 }, (_, index) => ({ id: String(index + 1) })),
        properties: [],
        propertiesWithHistory: ['amount'],
      }),
    });
    expect(tooMany.status).toBe(400);
    expect(violations('crm/objects', 'ModelError', tooMany.body)).toEqual([]);
  });

  it('one call, one record type: a read gives association ids only, and a batch read no associations (its input has none)', async () => {
    const { body } = await get(`/crm/v3/objects/deals/${dealId}?properties=amount&associations=companies`);
    const rows = (body as { associations: { companies: { results: object[] } } }).associations.companies.results;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['id', 'type']);

    const batchInput = (
      require(path.join(codegen, 'crm/objects/models/BatchReadInputSimplePublicObjectId.js')) as Record<string, { attributeTypeMap: Field[] }>
    ).BatchReadInputSimplePublicObjectId!;
    expect(batchInput.attributeTypeMap.map((field) => field.baseName).sort()).toEqual(['idProperty', 'inputs', 'properties', 'propertiesWithHistory']);
    const batch = await get('/crm/v3/objects/deals/batch/read', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id: dealId }], properties: ['amount'], associations: ['companies'] }),
    });
    expect((batch.body as { results: object[] }).results.map((result) => 'associations' in result)).toEqual([false]);
  });

  it('search results with paging, and the secondly 429', async () => {
    const { body } = await get('/crm/v3/objects/deals/search', {
      method: 'POST',
      body: JSON.stringify({ filterGroups: [], properties: ['dealname'], limit: 2 }),
    });
    expect(violations('crm/objects', 'CollectionResponseWithTotalSimplePublicObjectForwardPaging', body)).toEqual([]);
    const bodies = [];
    for (let index = 0; index < 7; index += 1)
      bodies.push(await get('/crm/v3/objects/deals/search', { method: 'POST', body: JSON.stringify({ filterGroups: [], limit: 1 }) }));
    const limited = bodies.find((answer) => answer.status === 429)!;
    // HubSpot's rate-limit bodies are not its ModelError: they carry errorType and policyName, no category.
    expect(limited.body).toEqual({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'SECONDLY',
      message: 'You have reached your secondly limit.',
      correlationId: expect.any(String) as unknown,
    });
  });

  it('v4 association reads, batch (with per-input paging) and single', async () => {
    const batch = await get('/crm/v4/associations/companies/deals/batch/read', { method: 'POST', body: JSON.stringify({ inputs: [{ id: companyId }] }) });
    expect(violations('crm/associations/v4', 'BatchResponsePublicAssociationMultiWithLabel', batch.body)).toEqual([]);
    const single = await get(`/crm/v4/objects/deals/${dealId}/associations/companies`);
    expect(violations('crm/associations/v4', 'CollectionResponseMultiAssociatedObjectWithLabelForwardPaging', single.body)).toEqual([]);
  });

  it("an unknown record: HubSpot's error body", async () => {
    const { status, body } = await get('/crm/v3/objects/deals/1');
    expect(status).toBe(404);
    expect(violations('crm/objects', 'ModelError', body)).toEqual([]);
  });
});

describe("the stand-in's webhook events against HubSpot's documented shapes", () => {
  it('every delivered event is a documented shape: object events with objectId, association events with from/to ids only', async () => {
    const captured: unknown[][] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/app-backend/webhooks') && typeof init?.body === 'string')
        captured.push(JSON.parse(init.body) as unknown[]);
      return original(input, init);
    };
    try {
      sandbox.store.asSource(personInUi(7100002), () => {
        const stage = sandbox.store.getObject('deals', dealId)!.properties.dealstage === 'presentationscheduled' ? 'qualifiedtobuy' : 'presentationscheduled';
        sandbox.store.updateObject('deals', dealId, { dealstage: stage });
        const contact = sandbox.store.createObject('contacts', { properties: { email: 'new.person@customer.example' } });
        sandbox.store.associate('contacts', contact.id, 'companies', companyId);
      });
      await sandbox.webhooksIdle();
    } finally {
      globalThis.fetch = original;
    }
    const events = captured.flat() as Record<string, unknown>[];
    expect(captured.every((batch) => batch.length <= 100)).toBe(true);
    const anyNumber: unknown = expect.any(Number),
      anyString: unknown = expect.any(String),
      anyBoolean: unknown = expect.any(Boolean);
    for (const event of events) {
      for (const field of ['eventId', 'subscriptionId', 'portalId', 'appId', 'occurredAt', 'attemptNumber']) expect(typeof event[field], field).toBe('number');
      expect(typeof event.subscriptionType).toBe('string');
      expect(parseWebhookEvent(event).kind).not.toBe('unrecognised');
      if (event.subscriptionType === 'object.associationChange') {
        expect(event).not.toHaveProperty('objectId');
        expect(event).toMatchObject({
          fromObjectId: anyNumber,
          toObjectId: anyNumber,
          fromObjectTypeId: anyString,
          toObjectTypeId: anyString,
          associationTypeId: anyNumber,
          associationRemoved: false,
          isPrimaryAssociation: anyBoolean,
        });
      } else {
        expect(event).toMatchObject({ objectId: anyNumber, objectTypeId: anyString });
      }
    }
    expect(events.some((event) => event.subscriptionType === 'object.associationChange')).toBe(true);
    expect(events.some((event) => event.subscriptionType === 'object.propertyChange' && event.propertyName === 'dealstage')).toBe(true);
  });
});
