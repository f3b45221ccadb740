import type { ProductOffer } from '../../domain/routing/offer.ts';
import type { CrmRecord, HubSpotGateway } from '../gateway.ts';
import type { PropertyHistory } from '../integrity/verify.ts';
import { propertiesAt } from './history.ts';
import { productOffersFromRecords, ROUTING_LINE_ITEM_PROPERTY_NAMES, ROUTING_PRODUCT_PROPERTY_NAMES } from './routing.ts';

/** Reads products by id; callers may serve the portal's product library from a cache. */
export type ProductReader = (ids: readonly string[]) => Promise<CrmRecord[]>;

export const readProductsFrom =
  (gateway: HubSpotGateway): ProductReader =>
  (ids) =>
    gateway.readRecords('products', ids, ROUTING_PRODUCT_PROPERTY_NAMES);

/** A deal's line items and the products they name, as read: what its offer facts are computed from. */
export interface DealProductRecords {
  lineItems: CrmRecord[];
  products: CrmRecord[];
}

/**
 * One batch read of a deal's line items, then one of the products they name (none when the deal has
 * no line items). Line items past the first 100 are not read: the largest line item decides, and a
 * deal with more is far outside what a card can show anyway.
 */
export async function readDealProductRecords(
  gateway: HubSpotGateway,
  lineItemIds: readonly string[],
  readProducts: ProductReader,
): Promise<DealProductRecords> {
  if (lineItemIds.length === 0) return { lineItems: [], products: [] };
  const lineItems = await gateway.readRecords('line_items', lineItemIds.slice(0, 100), ROUTING_LINE_ITEM_PROPERTY_NAMES);
  const productIds = [...new Set(lineItems.map((lineItem) => lineItem.properties.hs_product_id?.trim()).filter((id): id is string => Boolean(id)))].sort();
  return { lineItems, products: productIds.length > 0 ? await readProducts(productIds) : [] };
}

/** The offer facts of the products on a deal's line items. */
export function dealProductOffers({ lineItems, products }: DealProductRecords): ProductOffer[] {
  return productOffersFromRecords(lineItems, new Map(products.map((product) => [product.id, product.properties])));
}

/** The offer facts of a deal's products, read as readDealProductRecords does. */
export async function readDealProductOffers(gateway: HubSpotGateway, lineItemIds: readonly string[], readProducts: ProductReader): Promise<ProductOffer[]> {
  return dealProductOffers(await readDealProductRecords(gateway, lineItemIds, readProducts));
}

/** A deal's line items and their products with their property history: what the gate judges a stage entry by. */
export interface DealProductsWithHistory {
  lineItems: { record: CrmRecord; history: PropertyHistory }[];
  products: ReadonlyMap<string, { record: CrmRecord; history: PropertyHistory }>;
}

const LINE_ITEM_HISTORY_NAMES = ROUTING_LINE_ITEM_PROPERTY_NAMES.filter((name) => name !== 'name');
const PRODUCT_HISTORY_NAMES = ROUTING_PRODUCT_PROPERTY_NAMES.filter((name) => name !== 'name');

/** As readDealProductOffers, with the history of every input: one batch read of the line items, one of their products. */
export async function readDealProductsWithHistory(gateway: HubSpotGateway, lineItemIds: readonly string[]): Promise<DealProductsWithHistory> {
  if (lineItemIds.length === 0) return { lineItems: [], products: new Map() };
  const lineItems = await gateway.readRecordsWithHistory(
    'line_items',
    lineItemIds.slice(0, 100),
    [...ROUTING_LINE_ITEM_PROPERTY_NAMES, 'createdate'],
    LINE_ITEM_HISTORY_NAMES,
  );
  const productIds = new Set<string>();
  for (const { record, history } of lineItems) {
    for (const value of [record.properties.hs_product_id, ...(history.hs_product_id ?? []).map((entry) => entry.value)]) {
      if (value?.trim()) productIds.add(value.trim());
    }
  }
  const products =
    productIds.size > 0 ? await gateway.readRecordsWithHistory('products', [...productIds].sort(), ROUTING_PRODUCT_PROPERTY_NAMES, PRODUCT_HISTORY_NAMES) : [];
  return { lineItems, products: new Map(products.map((product) => [product.record.id, product])) };
}

/**
 * The offer facts as they stood at `at`: line items created later are left out, and each line item's
 * product and net price, and each product's facts, are taken from their history. A line item deleted
 * since cannot be seen, so what it contributed is missing: the judgement errs towards the marketplace.
 */
export function productOffersAt(read: DealProductsWithHistory, at: number): ProductOffer[] {
  const lineItems = read.lineItems
    .filter(({ record }) => {
      const created = Date.parse(record.properties.createdate ?? '');
      return Number.isNaN(created) || created <= at;
    })
    .map(({ record, history }) => ({ properties: propertiesAt(record.properties, history, at) }));
  const products = new Map([...read.products].map(([id, { record, history }]) => [id, propertiesAt(record.properties, history, at)]));
  return productOffersFromRecords(lineItems, products);
}

/** The offer facts as they are now. */
export function currentProductOffers(read: DealProductsWithHistory): ProductOffer[] {
  return productOffersFromRecords(
    read.lineItems.map(({ record }) => record),
    new Map([...read.products].map(([id, { record }]) => [id, record.properties])),
  );
}
