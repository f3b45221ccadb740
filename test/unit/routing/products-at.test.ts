import { describe, expect, it } from 'vitest';
import type { CrmRecord } from '../../../src/hubspot/gateway.ts';
import type { PropertyHistory } from '../../../src/hubspot/integrity/verify.ts';
import { currentProductOffers, productOffersAt, type DealProductsWithHistory } from '../../../src/hubspot/records/deal-products.ts';

const ENTRY = Date.parse('2026-10-01T12:00:00Z');
const before = new Date(ENTRY - 86_400_000).toISOString();
const after = new Date(ENTRY + 86_400_000).toISOString();
const entry = (value: string, timestamp: string) => ({ value, timestamp, sourceType: 'CRM_UI' as const });

function read(
  lineItems: { id: string; properties: Record<string, string>; history: PropertyHistory }[],
  products: { id: string; properties: Record<string, string>; history: PropertyHistory }[],
): DealProductsWithHistory {
  const record = (id: string, properties: Record<string, string>): CrmRecord => ({ id, properties });
  return {
    lineItems: lineItems.map((lineItem) => ({ record: record(lineItem.id, lineItem.properties), history: lineItem.history })),
    products: new Map(products.map((product) => [product.id, { record: record(product.id, product.properties), history: product.history }])),
  };
}

describe('offer facts at a stage entry, from line item and product history', () => {
  const saas = { id: 'p-saas', properties: { name: 'Platform', cosell_delivery_model: 'saas' }, history: { cosell_delivery_model: [entry('saas', before)] } };
  const services = {
    id: 'p-services',
    properties: { name: 'Services', cosell_delivery_model: 'services' },
    history: { cosell_delivery_model: [entry('services', before)] },
  };

  it('leaves out a line item created after the entry, which the current facts include', () => {
    const products = read(
      [
        {
          id: 'li-1',
          properties: { hs_product_id: 'p-saas', amount: '100', createdate: before },
          history: { hs_product_id: [entry('p-saas', before)], amount: [entry('100', before)] },
        },
        {
          id: 'li-2',
          properties: { hs_product_id: 'p-services', amount: '900', createdate: after },
          history: { hs_product_id: [entry('p-services', after)], amount: [entry('900', after)] },
        },
      ],
      [saas, services],
    );
    expect(productOffersAt(products, ENTRY).map((offer) => offer.delivery)).toEqual(['saas']);
    expect(currentProductOffers(products).map((offer) => offer.delivery)).toEqual(['saas', 'services']);
  });

  it("takes the line item's product and net price as they were, and the product's facts as they were", () => {
    const products = read(
      [
        {
          id: 'li-1',
          properties: { hs_product_id: 'p-services', amount: '900', createdate: before },
          history: { hs_product_id: [entry('p-services', after), entry('p-saas', before)], amount: [entry('900', after), entry('100', before)] },
        },
      ],
      [
        {
          ...saas,
          properties: { ...saas.properties, cosell_delivery_model: 'ami' },
          history: { cosell_delivery_model: [entry('ami', after), entry('saas', before)] },
        },
        services,
      ],
    );
    const [atEntry] = productOffersAt(products, ENTRY);
    expect([atEntry!.name, atEntry!.delivery, atEntry!.amount?.toMoney()]).toEqual(['Platform', 'saas', '100.00']);
    const [now] = currentProductOffers(products);
    expect([now!.name, now!.delivery, now!.amount?.toMoney()]).toEqual(['Services', 'services', '900.00']);
  });
});
