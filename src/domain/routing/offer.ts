import { CLOUDS } from '../../policy/marketplace-policy.ts';
import type { RoutingConfig } from '../../policy/routing-config.ts';
import type { Exact } from '../money.ts';
import type { Cloud, DeliveryModel } from './types.ts';

/**
 * The vendor's offer facts a recommendation rests on (delivery model, marketplace listings, private
 * offers, the clouds the product runs on) and where each came from. A portal keeps them on its
 * products; a deal sells products through its line items; RevOps sets portal defaults; the AE may
 * override the delivery model on the deal. So every deal has every fact, and says which are assumed.
 */

/** What one line item's product says about the offer; null where the product leaves a fact empty. */
export interface ProductOffer {
  /** The product's name as people know it (the line item's name when the product has none). */
  name: string;
  /** The line item's amount, to find the product the deal is mostly about; null when HubSpot has none. */
  amount: Exact | null;
  delivery: DeliveryModel | null;
  listedOn: readonly Cloud[] | null;
  privateOffersOn: readonly Cloud[] | null;
  runsOn: readonly Cloud[] | null;
}

export type OfferFact = 'delivery' | 'listings' | 'privateOffers' | 'productClouds';

/** Where one fact came from: the deal itself (the AE), a product on the deal, or the portal default. */
export type OfferSource = { kind: 'deal' } | { kind: 'product'; product: string } | { kind: 'portal' };

export type VendorClouds = RoutingConfig['clouds'];

export interface ResolvedOffer {
  delivery: DeliveryModel;
  /** The vendor settings per cloud the engine applies to this deal. */
  vendor: VendorClouds;
  sources: Readonly<Record<OfferFact, OfferSource>>;
  /** The product the facts were taken from, null when no line item names one with offer facts. */
  product: string | null;
  /** Other products on the deal whose facts were not used. */
  otherProducts: readonly string[];
}

const states = (product: ProductOffer) => product.delivery !== null || product.listedOn !== null || product.privateOffersOn !== null || product.runsOn !== null;

/** The line item with the largest amount among those whose product states an offer fact (first on ties). */
function mainProduct(products: readonly ProductOffer[]): ProductOffer | null {
  let best: ProductOffer | null = null;
  for (const product of products) {
    if (!states(product)) continue;
    if (!best || (product.amount !== null && (best.amount === null || product.amount.greaterThan(best.amount)))) best = product;
  }
  return best;
}

/**
 * Resolves each offer fact: the AE's delivery model on the deal, else the main product's, else the
 * portal default; listings, private offers and the product's clouds from the main product when it
 * states them, else the portal's routing settings.
 */
export function resolveOffer(dealDelivery: DeliveryModel | null, products: readonly ProductOffer[], portal: RoutingConfig): ResolvedOffer {
  const main = mainProduct(products);
  const fromProduct: OfferSource = main ? { kind: 'product', product: main.name } : { kind: 'portal' };
  const portalSource: OfferSource = { kind: 'portal' };
  const listedOn = main?.listedOn ?? null;
  const privateOffersOn = main?.privateOffersOn ?? null;
  const runsOn = main?.runsOn ?? null;
  const listing = (cloud: Cloud) => ({
    listed: listedOn ? listedOn.includes(cloud) : portal.clouds[cloud].listed,
    privateOffersEnabled: privateOffersOn ? privateOffersOn.includes(cloud) : portal.clouds[cloud].privateOffersEnabled,
  });
  const vendor: VendorClouds = {
    aws: { ...portal.clouds.aws, ...listing('aws'), ...(runsOn && { deployedOnAws: runsOn.includes('aws') }) },
    azure: { ...portal.clouds.azure, ...listing('azure'), ...(runsOn && { maccEligible: runsOn.includes('azure') }) },
    gcp: { ...portal.clouds.gcp, ...listing('gcp'), ...(runsOn && { runsOnGoogleCloud: runsOn.includes('gcp') }) },
  };
  const delivery = dealDelivery ?? main?.delivery ?? portal.defaultDeliveryModel;
  return {
    delivery,
    vendor,
    sources: {
      delivery: dealDelivery ? { kind: 'deal' } : main?.delivery ? fromProduct : portalSource,
      listings: listedOn ? fromProduct : portalSource,
      privateOffers: privateOffersOn ? fromProduct : portalSource,
      productClouds: runsOn ? fromProduct : portalSource,
    },
    product: main?.name ?? null,
    otherProducts: [...new Set(products.filter((product) => product !== main).map((product) => product.name))].filter((name) => name !== main?.name),
  };
}

/** The clouds a resolved offer is listed on, in display order. */
export function listedClouds(offer: ResolvedOffer): Cloud[] {
  return CLOUDS.filter((cloud) => offer.vendor[cloud].listed);
}
