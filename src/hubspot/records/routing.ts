import { z } from 'zod';
import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import { buildRoutingInput, RoutingInputError, type FlatRoutingInput, type InputIssue } from '../../domain/routing/input.ts';
import { resolveOffer, type ProductOffer, type ResolvedOffer } from '../../domain/routing/offer.ts';
import { propertyLabel, propertyOptions } from '../schema/labels.ts';
import { DELIVERY_MODEL_OPTIONS, productProperties } from '../schema/products.ts';
import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import { Exact, isDecimalString } from '../../domain/money.ts';
import type { DeliveryModel, RoutingInput, RoutingResult } from '../../domain/routing/types.ts';

/**
 * HubSpot deal and company property bags (every value a string or null, as the CRM API returns them) to
 * routing engine input, and the engine's result back to the deal properties the app writes.
 */

export type PropertyBag = Record<string, string | null | undefined>;

/** Deal properties to request when fetching a deal for routing. */
export const ROUTING_DEAL_PROPERTY_NAMES = [
  'amount',
  'deal_currency_code',
  'closedate',
  'dealtype',
  'cosell_deal_type',
  'cosell_delivery_model',
  'cosell_offer_type',
  'cosell_channel_partner',
  'cosell_government_cloud',
  'cosell_route_target_clouds',
] as const;

/** Company properties to request when fetching the deal's primary company for routing. */
export const ROUTING_COMPANY_PROPERTY_NAMES = [
  'country',
  ...CLOUDS.flatMap((cloud) => [
    `cosell_${cloud}_commit_program`,
    `cosell_${cloud}_commit_annual`,
    `cosell_${cloud}_commit_remaining`,
    `cosell_${cloud}_commit_end_date`,
    `cosell_${cloud}_commit_country`,
  ]),
  'cosell_aws_marketplace_spend_counted',
  'cosell_aws_commit_drawdown_cap',
  'cosell_aws_commit_start_date',
  'cosell_azure_marketplace_blocked',
] as const;

/** How each program value reads in the rationale. */
const PROGRAM_NAMES: Readonly<Record<string, string>> = {
  edp: 'EDP',
  ppa: 'private pricing agreement',
  macc: 'MACC',
  commit: 'Google commit',
};
const DEFAULT_PROGRAM: Readonly<Record<Cloud, string>> = { aws: 'edp', azure: 'macc', gcp: 'commit' };

/** HubSpot's own deal type, used when ours is empty; existing business is read as an expansion (no renewal discount assumed). */
const NATIVE_DEAL_TYPES: Readonly<Record<string, 'new' | 'expansion'>> = {
  newbusiness: 'new',
  existingbusiness: 'expansion',
};

const COMMITMENT_FIELDS: Readonly<Record<string, (cloud: Cloud) => string>> = {
  program: (cloud) => `cosell_${cloud}_commit_program`,
  annualCommitment: (cloud) => `cosell_${cloud}_commit_annual`,
  remainingCapacity: (cloud) => `cosell_${cloud}_commit_remaining`,
  endDate: (cloud) => `cosell_${cloud}_commit_end_date`,
  country: (cloud) => `cosell_${cloud}_commit_country`,
  marketplaceSpendCounted: () => 'cosell_aws_marketplace_spend_counted',
  drawdownCapPercent: () => 'cosell_aws_commit_drawdown_cap',
  startDate: () => 'cosell_aws_commit_start_date',
  marketplacePurchasingBlocked: () => 'cosell_azure_marketplace_blocked',
};

/** COMMITMENT_FIELDS resolved once per cloud, so that reading a company does not rebuild property names. */
const COMMITMENT_PROPERTIES: Readonly<Record<Cloud, Readonly<Record<string, string>>>> = Object.fromEntries(
  CLOUDS.map((cloud) => [cloud, Object.fromEntries(Object.entries(COMMITMENT_FIELDS).map(([field, propertyOf]) => [field, propertyOf(cloud)]))]),
) as Record<Cloud, Record<string, string>>;

const DEAL_FIELDS: Readonly<Record<string, string>> = {
  tcv: 'deal.amount',
  currency: 'deal.deal_currency_code',
  closeDate: 'deal.closedate',
  dealType: 'deal.cosell_deal_type',
  delivery: 'deal.cosell_delivery_model',
  offer: 'deal.cosell_offer_type',
  channelPartner: 'deal.cosell_channel_partner',
  governmentCloud: 'deal.cosell_government_cloud',
  clouds: 'deal.cosell_route_target_clouds',
  customerCountry: 'company.country',
};

/** Names a flat-input path by the HubSpot property it came from, e.g. "company.cosell_aws_commit_annual". */
function propertyName(path: ReadonlyArray<PropertyKey>): string {
  const [first, cloud, field] = path.map(String);
  if (first === 'commitments' && cloud && field && COMMITMENT_FIELDS[field]) {
    return `company.${COMMITMENT_FIELDS[field](cloud as Cloud)}`;
  }
  return (first && DEAL_FIELDS[first]) ?? path.map(String).join('.');
}

const OBJECT_TYPES: Readonly<Record<string, 'deals' | 'companies'>> = { deal: 'deals', company: 'companies' };

/** One routing input at fault, named for machines and for people. */
export interface RoutingInputProblem {
  /** "deal.<name>" or "company.<name>". */
  property: string;
  object: 'deal' | 'company';
  /** The property's label, as HubSpot shows it. */
  label: string;
  message: string;
}

export class RoutingRecordError extends Error {
  override name = 'RoutingRecordError';

  /** `message` names each property by its label and record ("Amount on the deal: is required"). */
  constructor(readonly problems: readonly RoutingInputProblem[]) {
    super(problems.map((problem) => `${problem.label} on the ${problem.object}: ${problem.message}`).join('; '));
  }

  /** The HubSpot properties at fault, e.g. "deal.amount". */
  get properties(): string[] {
    return [...new Set(this.problems.map((problem) => problem.property))];
  }
}

function problemOf(issue: InputIssue): RoutingInputProblem {
  const property = propertyName(issue.path);
  const [object = 'deal', name = property] = property.split('.');
  const kind = object === 'company' ? 'company' : 'deal';
  const options = propertyOptions(OBJECT_TYPES[kind]!, name);
  // Zod names an enumeration's raw values; people know the options by their labels.
  const message = options.length > 0 && /^Invalid option/.test(issue.message) ? `is not one of ${options.join(', ')}` : issue.message;
  return { property, object: kind, label: propertyLabel(OBJECT_TYPES[kind]!, name), message };
}

const present = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value.trim() === '' ? undefined : value);

/** Line item properties the routing reads: what it is, how much of the deal it is, and its product. */
export const ROUTING_LINE_ITEM_PROPERTY_NAMES = ['name', 'amount', 'hs_product_id'] as const;
/** Product properties the routing reads: its name and the offer facts the app's product properties hold. */
export const ROUTING_PRODUCT_PROPERTY_NAMES = ['name', ...productProperties.map((property) => property.name)] as const;

const DELIVERY_MODELS = new Set<string>(DELIVERY_MODEL_OPTIONS.map((option) => option.value));

/** A checkbox value ("aws;gcp") as clouds; null when empty, so an unset product falls back to the default. */
function cloudsOf(value: string | null | undefined): Cloud[] | null {
  const listed = present(value)
    ?.split(';')
    .map((part) => part.trim());
  return listed ? CLOUDS.filter((cloud) => listed.includes(cloud)) : null;
}

/**
 * The deal's line items with their products' offer facts. A line item without a product, or whose
 * product HubSpot no longer has, still counts by its name and amount but states no fact.
 */
export function productOffersFromRecords(lineItems: readonly { properties: PropertyBag }[], products: ReadonlyMap<string, PropertyBag>): ProductOffer[] {
  return lineItems.map((lineItem) => {
    const productId = present(lineItem.properties.hs_product_id);
    const product = productId ? products.get(productId) : undefined;
    const amount = present(lineItem.properties.amount);
    const delivery = present(product?.cosell_delivery_model);
    return {
      name: present(product?.name) ?? present(lineItem.properties.name) ?? 'Unnamed line item',
      amount: amount && isDecimalString(amount) ? Exact.parse(amount) : null,
      delivery: delivery && DELIVERY_MODELS.has(delivery) ? (delivery as DeliveryModel) : null,
      listedOn: cloudsOf(product?.cosell_listed_on),
      privateOffersOn: cloudsOf(product?.cosell_private_offers_on),
      runsOn: cloudsOf(product?.cosell_runs_on),
    };
  });
}

/** Engine input and the offer facts it rests on (with where each came from). */
export interface RoutingFromRecords {
  input: RoutingInput;
  offer: ResolvedOffer;
}

/**
 * Maps the deal's and its company's properties and the deal's products to engine input; errors name
 * the HubSpot property by its label. The offer facts come from the AE's delivery model on the deal,
 * else the deal's main product, else the portal defaults, so only the deal's own amount, close date
 * and the company's commitments can be missing or malformed.
 */
export function routingFromRecords(
  dealProperties: PropertyBag,
  companyProperties: PropertyBag | null,
  policy: RoutingPolicy,
  products: readonly ProductOffer[] = [],
): RoutingFromRecords {
  const company = companyProperties ?? {};
  const dealDelivery = present(dealProperties.cosell_delivery_model);
  const offer = resolveOffer(dealDelivery && DELIVERY_MODELS.has(dealDelivery) ? (dealDelivery as DeliveryModel) : null, products, policy.config);
  const flat: FlatRoutingInput = {
    tcv: present(dealProperties.amount),
    currency: present(dealProperties.deal_currency_code),
    closeDate: present(dealProperties.closedate),
    dealType: dealTypeOf(dealProperties),
    // A value the schema does not know is reported as the AE's mistake rather than silently replaced.
    delivery: (dealDelivery ?? offer.delivery) as FlatRoutingInput['delivery'],
    offer: present(dealProperties.cosell_offer_type) as FlatRoutingInput['offer'],
    channelPartner: present(dealProperties.cosell_channel_partner),
    governmentCloud: present(dealProperties.cosell_government_cloud),
    customerCountry: present(company.country),
    clouds: present(dealProperties.cosell_route_target_clouds)?.split(';') as FlatRoutingInput['clouds'],
    commitments: {
      aws: commitmentOf('aws', company),
      azure: commitmentOf('azure', company),
      gcp: commitmentOf('gcp', company),
    },
  } as FlatRoutingInput;
  try {
    return { input: buildRoutingInput(flat, policy, offer.vendor), offer };
  } catch (error) {
    if (error instanceof RoutingInputError) throw new RoutingRecordError(error.issues.map(problemOf));
    throw error;
  }
}

/** Maps the deal's and its company's properties (and the deal's products) to engine input; errors name the property. */
export function routingInputFromRecords(
  dealProperties: PropertyBag,
  companyProperties: PropertyBag | null,
  policy: RoutingPolicy,
  products: readonly ProductOffer[] = [],
): RoutingInput {
  return routingFromRecords(dealProperties, companyProperties, policy, products).input;
}

function dealTypeOf(deal: PropertyBag): string | undefined {
  const ours = present(deal.cosell_deal_type);
  if (ours) return ours;
  const native = present(deal.dealtype);
  return native ? NATIVE_DEAL_TYPES[native] : undefined;
}

function commitmentOf(cloud: Cloud, company: PropertyBag): Record<string, string | undefined> | undefined {
  const properties = COMMITMENT_PROPERTIES[cloud];
  const value = (field: string) => present(company[properties[field]!]);
  const program = value('program') ?? (value('annualCommitment') || value('remainingCapacity') ? DEFAULT_PROGRAM[cloud] : undefined);
  if (!program || program === 'none') return undefined;
  return {
    program: PROGRAM_NAMES[program] ?? program,
    annualCommitment: value('annualCommitment'),
    remainingCapacity: value('remainingCapacity'),
    endDate: value('endDate'),
    country: value('country'),
    ...(cloud === 'aws' && {
      marketplaceSpendCounted: value('marketplaceSpendCounted'),
      drawdownCapPercent: value('drawdownCapPercent'),
      startDate: value('startDate'),
    }),
    ...(cloud === 'azure' && { marketplacePurchasingBlocked: value('marketplacePurchasingBlocked') }),
  };
}

/** The deal properties the app writes after evaluating a route. `evaluatedAt` comes from the caller's clock. */
export function routeResultToProperties(result: RoutingResult, evaluatedAt: Date): Record<string, string> {
  const recommended = result.options.find((option) => `marketplace:${option.cloud}` === result.recommended);
  return {
    cosell_route_recommended: result.recommended,
    cosell_route_requires_exception: String(result.requiresException),
    cosell_route_fee: recommended?.fee ?? '0.00',
    cosell_route_drawdown: recommended?.drawdown ?? '0.00',
    cosell_route_ae_commission_delta: result.aeCommissionDelta,
    cosell_route_estimate: String(recommended?.estimate ?? false),
    cosell_route_policy_version: result.policyVersion,
    cosell_route_rules_used: result.rulesUsed.join(', '),
    cosell_route_evaluated_at: evaluatedAt.toISOString(),
  };
}

/** The app-computed route properties on the deal (`routeResultToProperties` writes them). */
export const ROUTING_RESULT_PROPERTY_NAMES = [
  'cosell_route_recommended',
  'cosell_route_requires_exception',
  'cosell_route_fee',
  'cosell_route_drawdown',
  'cosell_route_ae_commission_delta',
  'cosell_route_estimate',
  'cosell_route_policy_version',
  'cosell_route_rules_used',
  'cosell_route_evaluated_at',
] as const;

const NUMBER_RESULT_PROPERTIES = new Set(['cosell_route_fee', 'cosell_route_drawdown', 'cosell_route_ae_commission_delta']);

/**
 * The route properties to write when the deal's stored values differ from the computed ones, or null
 * when they are current. HubSpot echoes numbers without trailing zeros and booleans in any case, so
 * values are compared as HubSpot stores them; the evaluation time alone never causes a write.
 */
export function routePropertiesToWrite(stored: PropertyBag, computed: Record<string, string>): Record<string, string> | null {
  const changed = Object.keys(computed).some((name) => {
    if (name === 'cosell_route_evaluated_at') return false;
    const current = present(stored[name]);
    const next = computed[name]!;
    if (current === undefined) return true;
    if (NUMBER_RESULT_PROPERTIES.has(name)) {
      return !isDecimalString(current) || !Exact.parse(current).equals(Exact.parse(next));
    }
    return current.toLowerCase() !== next.toLowerCase();
  });
  return changed ? computed : null;
}

/** A HubSpot CRM object as the API returns it. */
export const hubspotObjectSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: z.record(z.string(), z.string().nullable()),
});
export type HubSpotObject = z.output<typeof hubspotObjectSchema>;
