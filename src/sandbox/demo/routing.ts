import { normalizeCountry } from '../../domain/routing/country.ts';
import type { CrmStore } from '../crm/index.ts';
import { demoUsers } from '../seed/index.ts';
import type { AppDemoInput } from './writes.ts';

/**
 * Routing demo: customers with commitments on each cloud (or none) and deals whose routing inputs make
 * the demo show each cloud recommended, each reachable blocker, the fee tier edges, a renewal, a CPPO
 * deal and a customer without any commitment. N2 and N12 cannot occur under the portal policy (our SaaS
 * is "Deployed on AWS"; deals are in USD), so no demo deal shows them.
 *
 * The customers are the demo's own companies: other areas (the gate's) set commitments on seeded companies.
 */

const DAY_MS = 86_400_000;
const DEAL_TO_COMPANY = 5;

type Properties = Record<string, string>;

/** A line item: the product it sells (by its key in PRODUCTS, or none) and its price. */
interface DemoLineItem {
  product: keyof typeof PRODUCTS | null;
  name?: string;
  price: string;
  quantity?: string;
}

interface DemoCustomer {
  /** What the customer's commitments demonstrate. */
  role: string;
  commitments: (today: Date, country: string) => Properties;
  /** Deals with line items take their delivery model from the products (the AE leaves it empty). */
  deals: ReadonlyArray<{ name: string; amount: string; properties?: Properties; lineItems?: readonly DemoLineItem[] }>;
}

/** The demo vendor's product library, with the offer facts the app's product properties hold. */
const PRODUCTS = {
  platform: {
    name: 'Stratus Data Platform',
    price: '250000',
    hs_sku: 'SDP-ENT',
    cosell_delivery_model: 'saas',
    cosell_listed_on: 'aws;azure;gcp',
    cosell_private_offers_on: 'aws;azure;gcp',
    cosell_runs_on: 'aws;azure;gcp',
  },
  appliance: {
    name: 'Stratus Edge Appliance',
    price: '100000',
    hs_sku: 'SEA-AMI',
    cosell_delivery_model: 'ami',
    cosell_listed_on: 'aws',
    cosell_private_offers_on: 'aws',
    cosell_runs_on: 'aws',
  },
  // States only its delivery model: listings and clouds come from the portal defaults.
  services: { name: 'Stratus implementation services', price: '1500', hs_sku: 'SVC-DAY', cosell_delivery_model: 'services' },
} as const;
const LINE_ITEM_TO_DEAL = 20;

const isoDay = (today: Date, days: number) => new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);
const SAAS_PRIVATE_NEW = { cosell_delivery_model: 'saas', cosell_offer_type: 'private', cosell_deal_type: 'new' };

/** In order: each customer gets the demo company at the same position in COMPANIES. */
const CUSTOMERS: readonly DemoCustomer[] = [
  {
    role: 'AWS EDP only',
    commitments: (today, country) => ({
      cosell_aws_commit_program: 'edp',
      cosell_aws_commit_annual: '200000000',
      cosell_aws_marketplace_spend_counted: '1000000',
      cosell_aws_commit_start_date: isoDay(today, -200),
      cosell_aws_commit_end_date: isoDay(today, 165),
      cosell_aws_commit_country: country,
      cosell_azure_commit_program: 'none',
      cosell_gcp_commit_program: 'none',
    }),
    deals: [
      { name: 'AWS tier edge $999,999.99', amount: '999999.99' },
      { name: 'AWS tier edge $1,000,000', amount: '1000000' },
      { name: 'AWS tier edge $9,999,999.99', amount: '9999999.99' },
      { name: 'AWS tier edge $10,000,000', amount: '10000000' },
      { name: 'AWS renewal', amount: '2000000', properties: { cosell_deal_type: 'renewal' } },
      { name: 'AWS CPPO through a reseller', amount: '3000000', properties: { cosell_channel_partner: 'true' } },
      {
        name: 'AWS public AMI listing',
        amount: '400000',
        properties: { cosell_offer_type: 'public' },
        lineItems: [{ product: 'appliance', price: '100000', quantity: '4' }],
      },
      { name: 'AWS GovCloud workload', amount: '1500000', properties: { cosell_government_cloud: 'true' } },
    ],
  },
  {
    role: 'Microsoft MACC only',
    commitments: (today, country) => ({
      cosell_azure_commit_program: 'macc',
      cosell_azure_commit_annual: '15000000',
      cosell_azure_commit_remaining: '12000000',
      cosell_azure_commit_end_date: isoDay(today, 400),
      cosell_azure_commit_country: country,
      cosell_aws_commit_program: 'none',
      cosell_gcp_commit_program: 'none',
    }),
    deals: [
      {
        name: 'Microsoft MACC $10M platform deal',
        amount: '10000000',
        lineItems: [
          { product: 'platform', price: '250000', quantity: '38' },
          { product: 'services', price: '1500', quantity: '334' },
          { product: null, name: 'Travel and expenses', price: '9000' },
        ],
      },
      { name: 'Microsoft multiparty services', amount: '250000', properties: { cosell_channel_partner: 'true', cosell_delivery_model: 'services' } },
    ],
  },
  {
    role: 'Google commit only',
    commitments: (today, country) => ({
      cosell_gcp_commit_program: 'commit',
      cosell_gcp_commit_annual: '6000000',
      cosell_gcp_commit_end_date: isoDay(today, 300),
      cosell_gcp_commit_country: country,
      cosell_aws_commit_program: 'none',
      cosell_azure_commit_program: 'none',
    }),
    deals: [
      { name: 'Google commit $2.5M analytics', amount: '2500000', lineItems: [{ product: 'platform', price: '250000', quantity: '10' }] },
      { name: 'Google resale through a partner', amount: '900000', properties: { cosell_channel_partner: 'true' } },
      { name: 'Google implementation services', amount: '300000', lineItems: [{ product: 'services', price: '1500', quantity: '200' }] },
    ],
  },
  {
    role: 'no commitment on any cloud',
    commitments: () => ({ cosell_aws_commit_program: 'none', cosell_azure_commit_program: 'none', cosell_gcp_commit_program: 'none' }),
    deals: [{ name: 'No commitment: direct', amount: '750000' }],
  },
  {
    role: 'every commitment unusable',
    commitments: (today, country) => ({
      // At the 25% cap already (N3), MACC signed in another country (N5) and blocked (N7), Google commit expired (N1).
      cosell_aws_commit_program: 'edp',
      cosell_aws_commit_annual: '8000000',
      cosell_aws_marketplace_spend_counted: '2000000',
      cosell_azure_commit_program: 'macc',
      cosell_azure_commit_remaining: '5000000',
      cosell_azure_commit_country: country === 'GB' ? 'US' : 'GB',
      cosell_azure_marketplace_blocked: 'true',
      cosell_gcp_commit_program: 'commit',
      cosell_gcp_commit_annual: '3000000',
      cosell_gcp_commit_end_date: isoDay(today, -30),
    }),
    deals: [{ name: 'Blocked on every cloud', amount: '1200000' }],
  },
];

/** Microsoft multiparty offers serve US, UK and Canada customers only (N6): this customer is elsewhere. */
const OUTSIDE_MULTIPARTY_COUNTRIES: DemoCustomer = {
  role: 'MACC outside the multiparty countries',
  commitments: (today, country) => ({
    cosell_azure_commit_program: 'macc',
    cosell_azure_commit_remaining: '5000000',
    cosell_azure_commit_end_date: isoDay(today, 200),
    cosell_azure_commit_country: country,
    cosell_aws_commit_program: 'none',
    cosell_gcp_commit_program: 'none',
  }),
  deals: [{ name: 'Microsoft multiparty outside US/UK/CA', amount: '600000', properties: { cosell_channel_partner: 'true' } }],
};

/** The routing demo's own customers, so that no other area's demo changes their commitments. */
const COMPANIES: ReadonlyArray<{ name: string; domain: string; country: string; city: string; industry: string; ownerEmail: string }> = [
  {
    name: 'Copperline Logistics',
    domain: 'copperline-logistics.com',
    country: 'United States',
    city: 'Chicago',
    industry: 'LOGISTICS_AND_SUPPLY_CHAIN',
    ownerEmail: 'jordan.patel@stratusdata.example',
  },
  {
    name: 'Bluewater Analytics',
    domain: 'bluewateranalytics.com',
    country: 'United States',
    city: 'Atlanta',
    industry: 'COMPUTER_SOFTWARE',
    ownerEmail: 'jordan.patel@stratusdata.example',
  },
  {
    name: 'Granite Peak Foods',
    domain: 'granitepeakfoods.com',
    country: 'United States',
    city: 'Denver',
    industry: 'CONSUMER_GOODS',
    ownerEmail: 'priya.raman@stratusdata.example',
  },
  {
    name: 'Old Quarry Publishing',
    domain: 'oldquarrypublishing.com',
    country: 'United States',
    city: 'Portland',
    industry: 'MEDIA_PRODUCTION',
    ownerEmail: 'priya.raman@stratusdata.example',
  },
  {
    name: 'Halewood Utilities',
    domain: 'halewoodutilities.co.uk',
    country: 'United Kingdom',
    city: 'Leeds',
    industry: 'OIL_ENERGY',
    ownerEmail: 'liam.oconnor@stratusdata.example',
  },
  {
    name: 'Kaveri Textiles',
    domain: 'kaveritextiles.in',
    country: 'India',
    city: 'Chennai',
    industry: 'MACHINERY',
    ownerEmail: 'sofia.alvarez@stratusdata.example',
  },
];

export function seedRoutingDemo(input: AppDemoInput): void {
  const productIds = Object.fromEntries(
    Object.entries(PRODUCTS).map(([key, properties]) => [key, input.store.createObject('products', { properties: { ...properties } }).id]),
  ) as Record<keyof typeof PRODUCTS, string>;
  const customers = [...CUSTOMERS, OUTSIDE_MULTIPARTY_COUNTRIES];
  customers.forEach((customer, index) => {
    const { ownerEmail, ...profile } = COMPANIES[index]!;
    const company = input.store.createObject('companies', {
      properties: { ...profile, hubspot_owner_id: ownerOf(ownerEmail), ...customer.commitments(input.today, normalizeCountry(profile.country)) },
    });
    for (const deal of customer.deals) createDemoDeal(input.store, { id: company.id, ownerEmail }, deal, input.today, productIds);
  });
}

const ownerOf = (email: string) => demoUsers.find((user) => user.email === email)!.ownerId;

function createDemoDeal(
  store: CrmStore,
  company: { id: string; ownerEmail: string },
  deal: DemoCustomer['deals'][number],
  today: Date,
  productIds: Record<keyof typeof PRODUCTS, string>,
): void {
  const { cosell_delivery_model: _fromProducts, ...withoutDelivery } = SAAS_PRIVATE_NEW;
  const created = store.createObject('deals', {
    properties: {
      dealname: deal.name,
      amount: deal.amount,
      deal_currency_code: 'USD',
      pipeline: 'default',
      dealstage: 'qualifiedtobuy',
      closedate: `${isoDay(today, 60)}T00:00:00.000Z`,
      hubspot_owner_id: ownerOf(company.ownerEmail),
      dealtype: deal.properties?.cosell_deal_type === 'renewal' ? 'existingbusiness' : 'newbusiness',
      ...(deal.lineItems ? withoutDelivery : SAAS_PRIVATE_NEW),
      ...deal.properties,
    },
    associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_TO_COMPANY }] }],
  });
  for (const lineItem of deal.lineItems ?? []) {
    store.createObject('line_items', {
      properties: {
        ...(lineItem.product ? { hs_product_id: productIds[lineItem.product] } : { name: lineItem.name ?? 'Line item' }),
        price: lineItem.price,
        quantity: lineItem.quantity ?? '1',
      },
      associations: [{ to: { id: created.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: LINE_ITEM_TO_DEAL }] }],
    });
  }
}
