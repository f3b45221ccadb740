import type { PropertyDef } from './types.ts';

/**
 * Properties the marketplace routing recommendation reads and writes. Deal inputs not native to HubSpot,
 * the customer's committed-spend agreements per cloud on the company, and the app's written result.
 * Amounts are USD; commitments are USD-denominated on all three clouds.
 */

type Def = Omit<PropertyDef, 'objectType'>;
const deal = (d: Def): PropertyDef => ({ objectType: 'deals', ...d });
const company = (d: Def): PropertyDef => ({ objectType: 'companies', ...d });

const YES_NO = [
  { label: 'Yes', value: 'true' },
  { label: 'No', value: 'false' },
];
const CLOUD_OPTIONS = [
  { label: 'AWS', value: 'aws' },
  { label: 'Microsoft Azure', value: 'azure' },
  { label: 'Google Cloud', value: 'gcp' },
];
const ROUTE_OPTIONS = [
  { label: 'AWS Marketplace', value: 'marketplace:aws' },
  { label: 'Microsoft Marketplace', value: 'marketplace:azure' },
  { label: 'Google Cloud Marketplace', value: 'marketplace:gcp' },
  { label: 'Direct', value: 'direct' },
];

/** The customer's commitment program on each cloud; `none` records that there is none. */
const PROGRAMS = {
  aws: [
    { label: 'Enterprise Discount Program (EDP)', value: 'edp' },
    { label: 'Private Pricing Agreement (PPA)', value: 'ppa' },
    { label: 'None', value: 'none' },
  ],
  azure: [
    { label: 'Microsoft Azure Consumption Commitment (MACC)', value: 'macc' },
    { label: 'None', value: 'none' },
  ],
  gcp: [
    { label: 'Google Cloud commit', value: 'commit' },
    { label: 'None', value: 'none' },
  ],
} as const;
const CLOUD_NAMES = { aws: 'AWS', azure: 'Microsoft', gcp: 'Google' } as const;

const bool = (name: string, label: string, description: string, writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'bool',
  fieldType: 'booleancheckbox',
  description,
  options: YES_NO,
  writtenBy,
});
const usd = (name: string, label: string, description: string, writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  description,
  writtenBy,
});
const date = (name: string, label: string, description: string): Def => ({
  name,
  label,
  type: 'date',
  fieldType: 'date',
  description,
  writtenBy: 'user',
});

function commitmentProperties(cloud: keyof typeof PROGRAMS): PropertyDef[] {
  const name = CLOUD_NAMES[cloud];
  return [
    company({
      name: `cosell_${cloud}_commit_program`,
      label: `${name} commitment program`,
      type: 'enumeration',
      fieldType: 'select',
      description: `The customer's committed-spend agreement with ${name}. Empty or None: no marketplace drawdown on ${name}.`,
      options: [...PROGRAMS[cloud]],
      writtenBy: 'user',
    }),
    company(usd(`cosell_${cloud}_commit_annual`, `${name} annual commitment (USD)`, `The customer's annual committed spend with ${name}.`, 'user')),
    company(
      usd(
        `cosell_${cloud}_commit_remaining`,
        `${name} remaining drawdown capacity (USD)`,
        cloud === 'aws'
          ? 'Marketplace spend that can still retire the commitment this year, if known; otherwise it is worked out from the annual commitment, the cap and the spend already counted.'
          : `What is left of the ${name} commitment; when empty the whole annual commitment is assumed available.`,
        'user',
      ),
    ),
    company(date(`cosell_${cloud}_commit_end_date`, `${name} commitment end date`, 'After this date the commitment no longer takes drawdown.')),
    company({
      name: `cosell_${cloud}_commit_country`,
      label: `${name} commitment country`,
      type: 'string',
      fieldType: 'text',
      description:
        cloud === 'azure'
          ? 'Country or region where the MACC was signed; MACC credit counts only for purchases there.'
          : 'Country where the commitment was signed.',
      writtenBy: 'user',
    }),
  ];
}

export const routingProperties: PropertyDef[] = [
  // Deal inputs
  deal({
    name: 'cosell_deal_type',
    label: 'Marketplace deal type',
    type: 'enumeration',
    fieldType: 'select',
    description:
      "New, renewal or expansion, as marketplace fees distinguish them. When empty, HubSpot's deal type is used (new business: new; existing business: expansion).",
    options: [
      { label: 'New', value: 'new' },
      { label: 'Renewal', value: 'renewal' },
      { label: 'Expansion / upsell', value: 'expansion' },
    ],
    writtenBy: 'user',
  }),
  deal({
    name: 'cosell_delivery_model',
    label: 'Delivery model',
    type: 'enumeration',
    fieldType: 'select',
    description: 'How the product is delivered; drives marketplace fees and drawdown eligibility.',
    options: [
      { label: 'SaaS', value: 'saas' },
      { label: 'Machine image (AMI / VM)', value: 'ami' },
      { label: 'Container', value: 'container' },
      { label: 'Professional services', value: 'services' },
    ],
    writtenBy: 'user',
  }),
  deal({
    name: 'cosell_offer_type',
    label: 'Marketplace offer type',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Private offer (negotiated for this customer) or public listing price. Empty: private.',
    options: [
      { label: 'Private offer', value: 'private' },
      { label: 'Public offer', value: 'public' },
    ],
    writtenBy: 'user',
  }),
  deal(
    bool(
      'cosell_channel_partner',
      'Through a channel partner',
      'Sold through a reseller: AWS CPPO, Microsoft multiparty private offer, Google resale.',
      'user',
    ),
  ),
  deal(bool('cosell_government_cloud', 'Government cloud', 'The customer buys in AWS GovCloud or Azure Government.', 'user')),
  deal({
    name: 'cosell_route_target_clouds',
    label: 'Clouds to consider',
    type: 'enumeration',
    fieldType: 'checkbox',
    description: 'Marketplaces to evaluate for this deal. Empty: all three.',
    options: CLOUD_OPTIONS,
    writtenBy: 'user',
  }),

  // Company: the customer's commitments per cloud
  ...commitmentProperties('aws'),
  company(
    usd(
      'cosell_aws_marketplace_spend_counted',
      'AWS marketplace spend counted (USD)',
      'Marketplace spend already counted against the AWS drawdown cap this commitment year.',
      'user',
    ),
  ),
  company({
    name: 'cosell_aws_commit_drawdown_cap',
    label: 'AWS marketplace drawdown cap (%)',
    type: 'number',
    fieldType: 'number',
    description: "Share of the annual AWS commitment marketplace spend may retire under this customer's contract (commonly 25-35). Empty: the vendor default.",
    writtenBy: 'user',
  }),
  company(date('cosell_aws_commit_start_date', 'AWS commitment start date', 'Contracts from before 2022 count 50% of marketplace spend.')),
  ...commitmentProperties('azure'),
  company(
    bool(
      'cosell_azure_marketplace_blocked',
      'Microsoft marketplace purchasing blocked',
      "Marketplace purchasing is disabled, free-only or allow-listed in the customer's Microsoft agreement.",
      'user',
    ),
  ),
  ...commitmentProperties('gcp'),

  // Deal: what the app wrote
  deal({
    name: 'cosell_route_recommended',
    label: 'Recommended route',
    type: 'enumeration',
    fieldType: 'select',
    description: "The route the app recommends from the marketplace policy and the customer's commitments.",
    options: ROUTE_OPTIONS,
    writtenBy: 'app',
  }),
  deal(
    bool(
      'cosell_route_requires_exception',
      'Direct route needs an exception',
      'Yes when the recommended marketplace route retires at least the configured share of the deal: going direct needs a manager-approved exception.',
      'app',
    ),
  ),
  deal(usd('cosell_route_fee', 'Recommended route fee (USD)', 'Marketplace fee on the recommended route; 0 for direct.', 'app')),
  deal(usd('cosell_route_drawdown', 'Customer drawdown (USD)', 'Customer commitment the recommended route retires; 0 for direct.', 'app')),
  deal(
    usd(
      'cosell_route_ae_commission_delta',
      'AE commission given up (USD)',
      'Commission the AE gives up on the recommended route under a net-revenue plan; 0 on gross plans and for direct.',
      'app',
    ),
  ),
  deal(
    bool(
      'cosell_route_estimate',
      'Route figures are estimates',
      'Yes when the figures rely on a marketplace rule the cloud does not publish or that is unconfirmed.',
      'app',
    ),
  ),
  deal({
    name: 'cosell_route_policy_version',
    label: 'Routing policy version',
    type: 'string',
    fieldType: 'text',
    description: 'Version of the marketplace policy table the recommendation was computed with.',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_route_rules_used',
    label: 'Routing rules used',
    type: 'string',
    fieldType: 'text',
    description: 'Ids of the policy rules behind the recommendation (F fees, D drawdown, N not advisable).',
    writtenBy: 'app',
  }),
  deal({
    name: 'cosell_route_evaluated_at',
    label: 'Route evaluated at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the app last computed the recommendation.',
    writtenBy: 'app',
  }),
];
