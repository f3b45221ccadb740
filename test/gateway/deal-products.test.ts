import { describe, expect, it } from 'vitest';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { readDealProductOffers, readProductsFrom } from '../../src/hubspot/records/deal-products.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from '../function/support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

function gateway(requests: string[]): HubSpotGateway {
  return new HubSpotGateway({
    accessToken: SANDBOX_ACCESS_TOKEN,
    basePath: sandbox.url,
    onRequest: (operation) => requests.push(operation),
    retry: { sleep: async () => {} },
  });
}

const dealNamed = (name: string) => sandbox.store.listObjects('deals').find((deal) => deal.properties.dealname === name)!.id;

describe("a deal's products through the real api-client", () => {
  it('reads the line item ids with the deal, then the line items and their products in one batch each', async () => {
    const requests: string[] = [];
    const hubspot = gateway(requests);
    const read = await hubspot.readRecord('deals', dealNamed('Microsoft MACC $10M platform deal'), { properties: ['dealname'], associations: ['line_items'] });
    const lineItemIds = (read.associations.line_items ?? []).map((lineItem) => lineItem.id);
    expect(lineItemIds).toHaveLength(3);
    const offers = await readDealProductOffers(hubspot, lineItemIds, readProductsFrom(hubspot));
    expect(requests).toEqual([expect.stringMatching(/^read deals /), 'batch read 3 line_items', 'batch read 2 products']);
    expect(offers.map((offer) => [offer.name, offer.amount?.toMoney() ?? null, offer.delivery])).toEqual(
      expect.arrayContaining([
        ['Stratus Data Platform', '9500000.00', 'saas'],
        ['Stratus implementation services', '501000.00', 'services'],
        // A line item without a product counts by its name and states no fact.
        ['Travel and expenses', '9000.00', null],
      ]),
    );
  });

  it('makes no call for a deal without line items', async () => {
    const requests: string[] = [];
    expect(await readDealProductOffers(gateway(requests), [], readProductsFrom(gateway(requests)))).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('keeps a line item whose product HubSpot no longer has, without facts, and retries a 429 on the batch read', async () => {
    const requests: string[] = [];
    const hubspot = gateway(requests);
    const product = sandbox.store.createObject('products', { properties: { name: 'Retired product', cosell_delivery_model: 'ami' } });
    const lineItem = sandbox.store.createObject('line_items', { properties: { hs_product_id: product.id, price: '10', quantity: '2' } });
    sandbox.crm.injectFailures([{ method: 'POST', pathPrefix: '/crm/v3/objects/line_items/batch/read', status: 429, times: 1 }]);
    const gone = await readDealProductOffers(hubspot, [lineItem.id], async () => []);
    expect(gone).toEqual([
      { name: 'Retired product', amount: expect.anything() as unknown, delivery: null, listedOn: null, privateOffersOn: null, runsOn: null },
    ]);
    expect(gone[0]!.amount?.toMoney()).toBe('20.00');
    expect(requests).toEqual(['batch read 1 line_items', 'batch read 1 line_items']);
  });

  it("reads each line item's net price as HubSpot calculates it: unit price less a unit discount or a percentage, times the quantity", async () => {
    const hubspot = gateway([]);
    const lineItems = [
      { price: '1000', quantity: '3', discount: '100' },
      { price: '1000', quantity: '3', hs_discount_percentage: '25' },
      { price: '1000', quantity: '3' },
    ].map((properties) => sandbox.store.createObject('line_items', { properties: { name: `Seats ${JSON.stringify(properties)}`, ...properties } }).id);
    const offers = await readDealProductOffers(hubspot, lineItems, readProductsFrom(hubspot));
    expect(offers.map((offer) => offer.amount?.toMoney())).toEqual(['2700.00', '2250.00', '3000.00']);
  });
});
