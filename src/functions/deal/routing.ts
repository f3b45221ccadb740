import { z } from 'zod';
import { CLOUD_LABELS, evaluateRoute } from '../../domain/routing/engine.ts';
import { compileRoutingPolicy, ruleInForce, type CompiledRule, type RoutingPolicy } from '../../domain/routing/policy.ts';
import type { Cloud, CloudCommitment, RoutingInput, RoutingResult } from '../../domain/routing/types.ts';
import type { OfferFact, OfferSource, ResolvedOffer } from '../../domain/routing/offer.ts';
import { formatUsd, percentText } from '../../domain/money.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import {
  ROUTING_COMPANY_PROPERTY_NAMES,
  ROUTING_DEAL_PROPERTY_NAMES,
  ROUTING_RESULT_PROPERTY_NAMES,
  RoutingRecordError,
  routePropertiesToWrite,
  routeResultToProperties,
  routingFromRecords,
} from '../../hubspot/records/routing.ts';
import { optionLabel, propertyLabel } from '../../hubspot/schema/labels.ts';
import { CLOUDS, marketplacePolicy } from '../../policy/marketplace-policy.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';
import type { DealContext } from './context.ts';

/** What the section reads, added to the deal function's read plan (the stored route too, to write only on change). */
export const routingProperties = {
  deal: [...ROUTING_DEAL_PROPERTY_NAMES, ...ROUTING_RESULT_PROPERTY_NAMES],
  company: ROUTING_COMPANY_PROPERTY_NAMES,
} as const;

const money = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .describe('USD, 2 decimals');
const ROUTES = ['marketplace:aws', 'marketplace:azure', 'marketplace:gcp', 'direct'] as const;

const sourceSchema = z.object({
  ruleId: z.string(),
  clouds: z.array(z.enum(CLOUDS)),
  summary: z.string(),
  urls: z.array(z.string()).min(1),
  effectiveFrom: z.string().nullable().describe('YYYY-MM-DD; null when the start is unknown'),
  effectiveUntil: z.string().nullable().describe('YYYY-MM-DD; null while current'),
  confidence: z.enum(['C', '2°', 'U']).describe("C: the cloud's own documentation; 2°: third-party reporting; U: unconfirmed"),
  estimate: z.boolean(),
});

const optionSchema = z.object({
  cloud: z.enum(CLOUDS),
  cloudName: z.string(),
  eligible: z.boolean(),
  blockers: z.array(
    z.object({
      id: z.string().describe('N rule id, or NOT-LISTED / PRIVATE-OFFERS-OFF / NO-RULE-IN-FORCE (for machines; people read `text`)'),
      text: z.string(),
      sourceUrl: z.string().nullable().describe('null for blockers from the routing config'),
    }),
  ),
  feeRate: z.string().describe('fraction, e.g. "0.015"'),
  feePercent: z.string().describe('e.g. "1.5%"'),
  fee: money,
  drawdown: money.describe('customer commitment retired'),
  capacity: money.nullable().describe('drawdown capacity left; null without a commitment on this cloud'),
  aeCommissionDelta: money.describe('commission the AE gives up on this route'),
  estimate: z.boolean(),
  ruleIds: z.array(z.string()).describe('every rule behind these numbers; each is in `sources`'),
});

const assumptionSchema = z.object({
  fact: z.enum(['delivery', 'listings', 'privateOffers', 'productClouds']),
  label: z.string().describe('the fact in people\'s words, e.g. "Delivery model"'),
  value: z.string().describe('e.g. "SaaS"'),
  source: z.enum(['deal', 'product', 'portal']),
  text: z.string().describe('e.g. "Delivery model: SaaS, from the portal default"'),
});

/** The customer's commitment on the recommended route's cloud: what the route retires of it. */
const commitmentSchema = z.object({
  cloud: z.enum(CLOUDS),
  cloudName: z.string(),
  program: z.string().describe('e.g. "EDP"'),
  annualCommitment: money.nullable(),
  capacityLeft: money.nullable().describe('what marketplace spend can still retire'),
  endDate: z.string().nullable().describe('YYYY-MM-DD'),
  retires: money.describe('what the recommended route retires of it'),
  text: z.string(),
});

/** Deal properties the AE can set on the card to override a default (shown with HubSpot's own property editor). */
const overrideSchema = z.array(z.string()).describe('deal property names for CrmPropertyList');

export const routingSectionSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    headline: z.object({
      route: z.enum(ROUTES),
      label: z.string(),
      requiresException: z.boolean().describe('going direct needs a manager-approved exception'),
      text: z.string(),
    }),
    tcvUsd: money,
    drawdownShare: z.string().describe('drawdown of the recommended route as a fraction of the deal'),
    options: z.array(optionSchema),
    commitment: commitmentSchema.nullable().describe('null for direct, or when the customer has no commitment on that cloud'),
    assumptions: z.array(assumptionSchema).describe('each offer fact and where it came from; the ones not from the deal are assumed'),
    overrides: overrideSchema,
    aeCommission: z.object({
      basis: z.enum(['gross', 'net']),
      commissionPercent: z.number(),
      delta: money.describe('commission the AE gives up on the recommended route'),
      text: z.string(),
    }),
    rationale: z.array(z.string()),
    policyVersion: z.string(),
    estimate: z.boolean(),
    sources: z.array(sourceSchema),
  }),
  z.object({
    status: z.literal('incomplete').describe('the deal has no amount or close date, or a routing input on it or its company is malformed'),
    message: z.string().describe('names each input by its label and record'),
    problems: z.array(
      z.object({
        object: z.enum(['deal', 'company']),
        property: z.string().describe("the HubSpot property name, for the card's property editor"),
        label: z.string(),
        message: z.string(),
      }),
    ),
    properties: z.array(z.string()).describe('"deal.<name>" or "company.<name>"'),
    overrides: overrideSchema,
    policyVersion: z.string(),
  }),
]);
export type RoutingSection = z.infer<typeof routingSectionSchema>;

const policies = new WeakMap<AppPolicy['routing'], RoutingPolicy>();

/** The compiled routing policy for the portal policy a function instance loaded (compiled once per instance). */
function routingPolicyOf(policy: AppPolicy): RoutingPolicy {
  let compiled = policies.get(policy.routing);
  if (!compiled) {
    compiled = compileRoutingPolicy(marketplacePolicy, policy.routing);
    policies.set(policy.routing, compiled);
  }
  return compiled;
}

/**
 * The routing recommendation for the card, recomputed from the deal's current properties on every load.
 * The app-computed route properties are written back only when they changed, so the exception gate and
 * HubSpot reports see the current recommendation and an unchanged deal is never rewritten.
 */
export async function buildRoutingSection(context: DealContext, gateway: HubSpotGateway): Promise<RoutingSection> {
  const policy = routingPolicyOf(context.policy);
  let input: RoutingInput;
  let offer: ResolvedOffer;
  try {
    ({ input, offer } = routingFromRecords(context.deal.properties, context.company?.properties ?? null, policy, context.products));
  } catch (error) {
    if (!(error instanceof RoutingRecordError)) throw error;
    return {
      status: 'incomplete',
      message: error.message,
      problems: error.problems.map((problem) => ({
        object: problem.object,
        property: problem.property.slice(problem.property.indexOf('.') + 1),
        label: problem.label,
        message: problem.message,
      })),
      properties: error.properties,
      overrides: OVERRIDES,
      policyVersion: policy.version,
    };
  }
  const result = evaluateRoute(input, policy);
  const changes = routePropertiesToWrite(context.deal.properties, routeResultToProperties(result, context.now));
  if (changes) await gateway.updateRecord('deals', context.deal.id, changes);
  return describeSection(result, input, offer, policy);
}

/** The deal's own routing inputs, which override the products and the portal defaults. */
const OVERRIDES = [
  'cosell_delivery_model',
  'cosell_offer_type',
  'cosell_deal_type',
  'cosell_channel_partner',
  'cosell_government_cloud',
  'cosell_route_target_clouds',
];

const FACT_LABELS: Readonly<Record<OfferFact, string>> = {
  delivery: propertyLabel('deals', 'cosell_delivery_model'),
  listings: propertyLabel('products', 'cosell_listed_on'),
  privateOffers: propertyLabel('products', 'cosell_private_offers_on'),
  productClouds: propertyLabel('products', 'cosell_runs_on'),
};

const cloudList = (clouds: readonly Cloud[]) =>
  clouds.length === 0 ? 'none' : clouds.map((cloud) => optionLabel('products', 'cosell_listed_on', cloud)).join(', ');

function sourceText(source: OfferSource): string {
  if (source.kind === 'deal') return 'set on this deal';
  if (source.kind === 'product') return `from product ${source.product}`;
  return 'from the portal default';
}

/** Each offer fact in people's words, with where it came from. */
function describeAssumptions(offer: ResolvedOffer): z.infer<typeof assumptionSchema>[] {
  const { vendor } = offer;
  const values: Record<OfferFact, string> = {
    delivery: optionLabel('deals', 'cosell_delivery_model', offer.delivery),
    listings: cloudList(CLOUDS.filter((cloud) => vendor[cloud].listed)),
    privateOffers: cloudList(CLOUDS.filter((cloud) => vendor[cloud].privateOffersEnabled)),
    productClouds: cloudList(
      CLOUDS.filter((cloud) => (cloud === 'aws' ? vendor.aws.deployedOnAws : cloud === 'azure' ? vendor.azure.maccEligible : vendor.gcp.runsOnGoogleCloud)),
    ),
  };
  return (Object.keys(FACT_LABELS) as OfferFact[]).map((fact) => {
    const source = offer.sources[fact];
    return {
      fact,
      label: FACT_LABELS[fact],
      value: values[fact],
      source: source.kind,
      text: `${FACT_LABELS[fact]}: ${values[fact]}, ${sourceText(source)}`,
    };
  });
}

function describeCommitment(result: RoutingResult, commitments: RoutingInput['commitments']): z.infer<typeof commitmentSchema> | null {
  const option = result.options.find((candidate) => `marketplace:${candidate.cloud}` === result.recommended);
  const commitment: CloudCommitment | undefined = option && commitments[option.cloud];
  if (!option || !commitment) return null;
  const cloudName = CLOUD_LABELS[option.cloud];
  const ends = commitment.endDate ? `, ends ${commitment.endDate}` : '';
  const left = option.capacity === null ? '' : ` (${formatUsd(option.capacity)} left to draw down${ends})`;
  return {
    cloud: option.cloud,
    cloudName,
    program: commitment.program,
    annualCommitment: commitment.annualCommitment?.toMoney() ?? null,
    capacityLeft: option.capacity,
    endDate: commitment.endDate,
    retires: option.drawdown,
    text: `Retires ${formatUsd(option.drawdown)} of the customer's ${cloudName} ${commitment.program}${left}.`,
  };
}

function describeSection(result: RoutingResult, input: RoutingInput, offer: ResolvedOffer, policy: RoutingPolicy): RoutingSection {
  const { closeDate } = input.deal;
  // One entry per policy row in force; a row shared by several clouds (N1) is listed once.
  const rowsInForce = new Map<CompiledRule, Set<Cloud>>();
  const ruleFor = (cloud: Cloud, id: string) => {
    const rule = ruleInForce(policy, cloud, id, closeDate);
    if (rule) rowsInForce.set(rule, (rowsInForce.get(rule) ?? new Set()).add(cloud));
    return rule;
  };
  const options = result.options.map((option) => {
    // Blocking N rules are among the rules used; config blockers (NOT-LISTED...) have no rule row.
    for (const id of option.rulesUsed) ruleFor(option.cloud, id);
    return {
      cloud: option.cloud,
      cloudName: CLOUD_LABELS[option.cloud],
      eligible: option.eligible,
      blockers: option.blockers.map((id, index) => ({
        id,
        text: (option.blockerNotes[index] ?? id).replace(`${id}: `, ''),
        sourceUrl: ruleFor(option.cloud, id)?.sources[0] ?? null,
      })),
      feeRate: option.feeRate,
      feePercent: percentText(option.feeRate),
      fee: option.fee,
      drawdown: option.drawdown,
      capacity: option.capacity,
      aeCommissionDelta: option.aeCommissionDelta,
      estimate: option.estimate,
      ruleIds: option.rulesUsed,
    };
  });
  const recommended = result.options.find((option) => `marketplace:${option.cloud}` === result.recommended);
  const label = recommended ? `${CLOUD_LABELS[recommended.cloud]} Marketplace` : 'Direct';
  const { basis, commissionPercent } = policy.config.aeCompensation;
  return {
    status: 'ready',
    headline: {
      route: result.recommended,
      label,
      requiresException: result.requiresException,
      text: recommended
        ? `Transact through ${label}. ${result.requiresException ? 'Going direct needs a manager-approved exception.' : 'Going direct does not need an exception.'}`
        : "Sell direct: no marketplace route retires any of the customer's committed spend.",
    },
    tcvUsd: result.tcvUsd,
    drawdownShare: result.drawdownShare,
    options,
    commitment: describeCommitment(result, input.commitments),
    assumptions: describeAssumptions(offer),
    overrides: OVERRIDES,
    aeCommission: {
      basis,
      commissionPercent,
      delta: result.aeCommissionDelta,
      text:
        basis === 'gross'
          ? 'Your commission is the same on every route: the plan pays on gross revenue.'
          : recommended
            ? `You give up ${formatUsd(result.aeCommissionDelta)} of commission on this route (${commissionPercent}% of the ${formatUsd(recommended.fee)} marketplace fee).`
            : 'Direct costs you no commission.',
    },
    rationale: result.rationale,
    policyVersion: result.policyVersion,
    estimate: result.estimate,
    sources: [...rowsInForce].map(([rule, clouds]) => ({
      ruleId: rule.id,
      clouds: CLOUDS.filter((cloud) => clouds.has(cloud)),
      summary: rule.summary,
      urls: [...rule.sources],
      effectiveFrom: rule.from || null,
      effectiveUntil: rule.until === '9999-12-31' ? null : rule.until,
      confidence: rule.confidence,
      estimate: rule.estimate,
    })),
  };
}
