import { describe, expect, it } from 'vitest';
import { CARD_SNAPSHOT_PROPERTY, CARD_SNAPSHOT_STALE_PROPERTY } from '../../src/hubspot/records/card-snapshot.ts';
import { personInUi } from '../../src/sandbox/crm/sources.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { demoUser } from '../../src/sandbox/seed/index.ts';
import { MARCUS, action, companyCard, registerParams } from './ringfence-support.ts';
import { loadDealCard, withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

const PRIMARY = [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }];
const JORDAN = personInUi(demoUser('jordan.patel@stratusdata.example').userId);

async function dealCard(id: string) {
  const response = await loadDealCard(sandbox, id);
  if (!response.ok) throw new Error(`deal_cosell failed: ${response.error.message}`);
  return response.result;
}

const property = (type: 'deals' | 'companies', id: string, name: string) => sandbox.store.getObject(type, id)!.properties[name] ?? null;

/** A person's edit in HubSpot, then HubSpot's webhooks delivered and handled by the backend. */
async function edit(type: 'deals' | 'companies' | 'contacts' | 'line_items' | 'products', id: string, properties: Record<string, string>) {
  sandbox.store.asSource(JORDAN, () => sandbox.store.updateObject(type, id, properties));
  await sandbox.webhooksIdle();
}

function dealWithCompany(name: string) {
  const company = sandbox.store.createObject('companies', {
    properties: { name, domain: `${name.toLowerCase().replace(/\W+/g, '')}.example`, country: 'Germany' },
  });
  const deal = sandbox.store.createObject('deals', {
    properties: { dealname: `${name} - platform`, amount: '60000', closedate: '2031-10-31', pipeline: 'default', dealstage: 'qualifiedtobuy' },
  });
  sandbox.store.associate('deals', deal.id, 'companies', company.id, PRIMARY);
  return { dealId: deal.id, companyId: company.id };
}

describe('the cards show a change to the records around them', () => {
  it("a change to the deal's company marks the deal's snapshot stale, and the next deal card shows it", async () => {
    const { dealId, companyId } = dealWithCompany('Kestrel Logistics');
    await sandbox.webhooksIdle();
    expect((await dealCard(dealId)).company?.name).toBe('Kestrel Logistics');
    const saved = property('deals', dealId, CARD_SNAPSHOT_PROPERTY);
    expect(saved).toMatch(/^cs1\./);

    await edit('companies', companyId, { name: 'Kestrel Freight', country: 'Austria' });
    expect(Number(property('deals', dealId, CARD_SNAPSHOT_STALE_PROPERTY))).toBeGreaterThan(Number(saved!.split('.')[2]) - 1);
    expect((await dealCard(dealId)).company).toMatchObject({ name: 'Kestrel Freight', country: 'Austria' });
    expect(property('deals', dealId, CARD_SNAPSHOT_PROPERTY)).not.toBe(saved);
  });

  it("a company marked primary shows at once: the snapshot is tied to the deal's associations, no webhook needed", async () => {
    const customer = sandbox.store.createObject('companies', { properties: { name: 'Osprey Health' } });
    const partner = sandbox.store.createObject('companies', { properties: { name: 'Osprey Reseller' } });
    const deal = sandbox.store.createObject('deals', {
      properties: { dealname: 'Osprey - EHR', amount: '30000', pipeline: 'default', dealstage: 'qualifiedtobuy' },
    });
    sandbox.store.associate('deals', deal.id, 'companies', customer.id);
    sandbox.store.associate('deals', deal.id, 'companies', partner.id);
    await sandbox.webhooksIdle();
    expect((await dealCard(deal.id)).company).toBeNull();

    sandbox.store.associate('deals', deal.id, 'companies', customer.id, PRIMARY);
    expect((await dealCard(deal.id)).company?.name).toBe('Osprey Health');
  });

  it("a product's delivery model, changed in the product library, reaches every deal that sells it", async () => {
    const { dealId } = dealWithCompany('Heron Retail');
    const product = sandbox.store.createObject('products', { properties: { name: 'Heron Insights', cosell_delivery_model: 'saas' } });
    const lineItem = sandbox.store.createObject('line_items', {
      properties: { name: 'Heron Insights', hs_product_id: product.id, price: '60000', quantity: '1' },
    });
    sandbox.store.associate('deals', dealId, 'line_items', lineItem.id);
    await sandbox.webhooksIdle();
    const before = await dealCard(dealId);
    const delivery = (routing: typeof before.routing) =>
      routing.status === 'ready' ? routing.assumptions.find((assumption) => assumption.fact === 'delivery') : null;
    expect(delivery(before.routing)).toMatchObject({ source: 'product', value: 'SaaS' });

    await edit('products', product.id, { cosell_delivery_model: 'ami' });
    expect(delivery((await dealCard(dealId)).routing)).toMatchObject({ source: 'product', value: 'Machine image (AMI / VM)' });
  });

  it("a contact's change marks the snapshots of its deals and companies stale", async () => {
    const { dealId, companyId } = dealWithCompany('Plover Energy');
    const contact = sandbox.store.createObject('contacts', { properties: { email: 'li@plover.example', firstname: 'Li' } });
    sandbox.store.associate('deals', dealId, 'contacts', contact.id);
    sandbox.store.associate('contacts', contact.id, 'companies', companyId);
    await sandbox.webhooksIdle();
    await dealCard(dealId);
    await companyCard(sandbox, companyId);
    const before = Date.now();

    await edit('contacts', contact.id, { email: 'li.wang@plover.example' });
    expect(Number(property('deals', dealId, CARD_SNAPSHOT_STALE_PROPERTY))).toBeGreaterThanOrEqual(before);
    expect(Number(property('companies', companyId, CARD_SNAPSHOT_STALE_PROPERTY))).toBeGreaterThanOrEqual(before);
  });

  it("a change to one of the company's deals shows on the company card", async () => {
    const { dealId, companyId } = dealWithCompany('Avocet Media');
    await sandbox.webhooksIdle();
    expect((await companyCard(sandbox, companyId)).deals.map((deal) => deal.name)).toEqual(['Avocet Media - platform']);

    await edit('deals', dealId, { dealname: 'Avocet Media - renewal', amount: '75000' });
    expect((await companyCard(sandbox, companyId)).deals).toEqual([expect.objectContaining({ name: 'Avocet Media - renewal', amount: '75000' })]);
  });

  it('a ring-fence registered on one company marks the snapshots of the other companies sharing its deals', async () => {
    const { dealId, companyId } = dealWithCompany('Curlew Systems');
    const partner = sandbox.store.createObject('companies', { properties: { name: 'Curlew Partner GmbH' } });
    sandbox.store.associate('deals', dealId, 'companies', partner.id);
    await sandbox.webhooksIdle();
    await companyCard(sandbox, partner.id);
    const before = Date.now();

    expect(await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId))).toMatchObject({ ok: true });
    await sandbox.webhooksIdle();
    expect(Number(property('companies', partner.id, CARD_SNAPSHOT_STALE_PROPERTY))).toBeGreaterThanOrEqual(before);
    expect(Number(property('deals', dealId, CARD_SNAPSHOT_STALE_PROPERTY))).toBeGreaterThanOrEqual(before);
  });
});
