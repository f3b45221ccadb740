import type { ProductOffer } from '../../domain/routing/offer.ts';
import type { CrmRecord, HubSpotGateway } from '../gateway.ts';
import { productOffersFromRecords, ROUTING_LINE_ITEM_PROPERTY_NAMES, ROUTING_PRODUCT_PROPERTY_NAMES } from './routing.ts';

/** Reads products by id; callers may serve the portal's product library from a cache. */
export type ProductReader = (ids: readonly string[]) => Promise<CrmRecord[]>;

export const readProductsFrom =
  (gateway: HubSpotGateway): ProductReader =>
  (ids) =>
    gateway.readRecords('products', ids, ROUTING_PRODUCT_PROPERTY_NAMES);

/**
 * The offer facts of a deal's products: one batch read of its line items, then one of the products
 * they name (none when the deal has no line items). Line items past the first 100 are not read: the
 * largest line item decides, and a deal with more is far outside what a card can show anyway.
 */
export async function readDealProductOffers(gateway: HubSpotGateway, lineItemIds: readonly string[], readProducts: ProductReader): Promise<ProductOffer[]> {
  if (lineItemIds.length === 0) return [];
  const lineItems = await gateway.readRecords('line_items', lineItemIds.slice(0, 100), ROUTING_LINE_ITEM_PROPERTY_NAMES);
  const productIds = [...new Set(lineItems.map((lineItem) => lineItem.properties.hs_product_id?.trim()).filter((id): id is string => Boolean(id)))].sort();
  const products = productIds.length > 0 ? await readProducts(productIds) : [];
  return productOffersFromRecords(lineItems, new Map(products.map((product) => [product.id, product.properties])));
}
