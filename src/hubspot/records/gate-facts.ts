import { gateRecommendation } from '../../domain/exception/assess.ts';
import { stakesOfGoingDirect } from '../../domain/exception/stakes.ts';
import { CLOUDS, type DealAccess, type FactsSnapshot } from '../../domain/exception/types.ts';
import { evaluateRoute } from '../../domain/routing/engine.ts';
import { compileRoutingPolicy, type RoutingPolicy } from '../../domain/routing/policy.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { marketplacePolicy } from '../../policy/marketplace-policy.ts';
import type { RoutingResult } from '../../domain/routing/types.ts';
import type { ProductOffer } from '../../domain/routing/offer.ts';
import { teamIdsOfUser, type PortalDirectory } from '../directory.ts';
import { ROUTING_COMPANY_PROPERTY_NAMES, ROUTING_DEAL_PROPERTY_NAMES, RoutingRecordError, routingInputFromRecords, type PropertyBag } from './routing.ts';
import { GATE_PROPERTY_NAMES } from './gate.ts';

/**
 * Everything the gate decides on, read from the deal itself: the facts an exception is granted on,
 * the route recommendation recomputed from the current properties, the stage, and who is on the deal.
 */
export const GATE_DEAL_PROPERTY_NAMES = [
  ...new Set([
    ...ROUTING_DEAL_PROPERTY_NAMES,
    ...GATE_PROPERTY_NAMES,
    'dealname',
    'cosell_cloud',
    'dealtype',
    'dealstage',
    'pipeline',
    'hubspot_owner_id',
    // HubSpot's deal collaborators: the deal team, as owner ids separated by semicolons.
    'hs_all_collaborator_owner_ids',
  ]),
] as const;

/** Deal inputs whose history tells what the gate saw when the deal entered a gated stage. */
export const GATE_DEAL_HISTORY_NAMES = [...new Set([...ROUTING_DEAL_PROPERTY_NAMES, 'dealstage', 'cosell_cloud', 'dealtype', 'hubspot_owner_id'])];

export const GATE_COMPANY_PROPERTY_NAMES = ROUTING_COMPANY_PROPERTY_NAMES;

let routingPolicy: RoutingPolicy | undefined;

/** Compiled once per process: the policy files are bundled and validated at load. */
export function gateRoutingPolicy(): RoutingPolicy {
  routingPolicy ??= compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
  return routingPolicy;
}

export type GateFacts = { ok: true; facts: FactsSnapshot; routing: RoutingResult } | { ok: false; message: string };

const present = (value: string | null | undefined): string | null => (value === null || value === undefined || value.trim() === '' ? null : value.trim());

/**
 * The facts an exception is granted on, from the deal and its company as HubSpot holds them now. The
 * recommendation is always recomputed with the routing engine (pure, no calls) instead of trusting
 * `cosell_route_recommended`, which may predate the latest edit. When the routing inputs are
 * incomplete the gate cannot tell whether the marketplace is required, and says which property is
 * missing; callers then refuse to route direct (fail closed). `products` are the deal's line items'
 * products, so the gate and the card recommend from the same offer facts.
 */
export function gateFactsFromRecords(
  deal: PropertyBag,
  company: PropertyBag | null,
  routingPolicy: RoutingPolicy,
  ownerUserId?: string | null,
  products: readonly ProductOffer[] = [],
): GateFacts {
  let routing: RoutingResult;
  try {
    routing = evaluateRoute(routingInputFromRecords(deal, company, routingPolicy, products), routingPolicy);
  } catch (error) {
    if (error instanceof RoutingRecordError) return { ok: false, message: `The routing recommendation cannot be computed: ${error.message}.` };
    throw error;
  }
  const cloudValue = present(deal.cosell_cloud);
  return {
    ok: true,
    routing,
    facts: {
      amountUsd: Number(routing.tcvUsd),
      cloud: CLOUDS.find((cloud) => cloud === cloudValue) ?? null,
      dealType: present(deal.cosell_deal_type) ?? present(deal.dealtype),
      ...(ownerUserId !== undefined ? { ownerUserId } : {}),
      recommendedRoute: gateRecommendation(routing),
      stakes: routing.requiresException ? stakesOfGoingDirect(routing) : null,
    },
  };
}

/** The deal owner (with their teams) and collaborators as HubSpot user ids (the ids people act under). */
export function dealAccessFromRecord(deal: PropertyBag, directory: Pick<PortalDirectory, 'owners' | 'users'>): DealAccess {
  const userOf = (ownerId: string): string | null => {
    const owner = directory.owners.find((candidate) => candidate.id === ownerId);
    return owner?.userId != null ? String(owner.userId) : null;
  };
  const ownerId = present(deal.hubspot_owner_id);
  const ownerUserId = ownerId ? userOf(ownerId) : null;
  const collaborators = (present(deal.hs_all_collaborator_owner_ids) ?? '')
    .split(';')
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    ownerUserId,
    ownerTeamIds: teamIdsOfUser({ ...directory, teams: [] }, ownerUserId),
    dealTeamUserIds: [...new Set(collaborators.map(userOf).filter((id): id is string => id !== null && id !== ownerUserId))],
  };
}
