import type { CrmRecord, HubSpotGateway, HubSpotOwner, HubSpotUser, Pipeline } from '../hubspot/gateway.ts';
import { readProductsFrom, type ProductReader } from '../hubspot/records/deal-products.ts';

/**
 * Portal-wide data that changes rarely (pipelines, owners). A warm function instance keeps it for a
 * few minutes so a card load costs only the calls for its own record.
 */
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { expiresAt: number; value: Promise<unknown> }>();

export function cached<T>(key: string, now: Date, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now.getTime()) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { expiresAt: now.getTime() + TTL_MS, value });
  // A failed load must not be served from the cache.
  value.catch(() => cache.delete(key));
  return value;
}

export function dealPipelines(gateway: HubSpotGateway, now: Date): Promise<Pipeline[]> {
  return cached('pipelines:deals', now, () => gateway.dealPipelines());
}

export function owners(gateway: HubSpotGateway, now: Date): Promise<HubSpotOwner[]> {
  return cached('owners', now, () => gateway.owners());
}

/** The portal's users (teams and roles): the gate section resolves names and the viewer's display hints from them. */
export function users(gateway: HubSpotGateway, now: Date): Promise<HubSpotUser[]> {
  return cached('users', now, () => gateway.users());
}

/** Products from the portal's product library, kept like the other reference data: the same products sit on many deals. */
export function cachedProducts(gateway: HubSpotGateway, now: Date): ProductReader {
  const read = readProductsFrom(gateway);
  return (ids): Promise<CrmRecord[]> => cached(`products:${[...ids].sort().join(',')}`, now, () => read(ids));
}
