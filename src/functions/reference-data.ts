import type { HubSpotGateway, HubSpotOwner, HubSpotUser, Pipeline } from '../hubspot/gateway.ts';

/**
 * Portal-wide data that changes rarely (pipelines, owners, users, acceptance rates). A warm function
 * instance serves it for at most this long after reading it, so a card load costs only the calls
 * for its own record, and a change in HubSpot shows within that time.
 */
export const REFERENCE_DATA_MAX_AGE_MS = 5 * 60_000;
const cache = new Map<string, { readAt: number; value: Promise<unknown> }>();

/** `now` is the caller's clock: an entry read later than `now` (a clock set back) is not trusted either. */
export function cached<T>(key: string, now: Date, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  const age = hit ? now.getTime() - hit.readAt : Number.NaN;
  if (hit && age >= 0 && age < REFERENCE_DATA_MAX_AGE_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { readAt: now.getTime(), value });
  // A failed load must not be served from the cache.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
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
