import type { AppDemoInput } from './writes.ts';

/**
 * Co-sell demo values: every unified status on each cloud as a sync (Tackle, Suger, our own later)
 * writes them, deals ready and not ready for ACE, stalled and zombie deals, and named cloud sellers.
 * Deals are picked from the seeded portal by stage (a won cloud status on a closed-won deal, zombies in
 * stage one), always in seed order, so every run gives the same portal. The portal has one closed-lost
 * deal, so two cloud "lost" statuses sit on open deals, as when the CRM lags the cloud.
 */

const DAY_MS = 86_400_000;

type StageClass = 'stage_one' | 'later' | 'won' | 'lost';
const STAGE_CLASSES: Record<string, StageClass> = {
  appointmentscheduled: 'stage_one',
  qualifiedtobuy: 'stage_one',
  presentationscheduled: 'later',
  decisionmakerboughtin: 'later',
  contractsent: 'later',
  closedwon: 'won',
  closedlost: 'lost',
};

/** The customer's ACE address as the company should hold it; `state` is the full name AWS wants for the US. */
interface AceAddress {
  zip: string;
  address: string;
  state?: string;
}
const ACE_ADDRESSES: Readonly<Record<string, AceAddress>> = {
  'harborlinefinancial.com': { zip: '02110', address: '100 Federal Street', state: 'Massachusetts' },
  'keystonehealth.com': { zip: '19103', address: '1500 Market Street', state: 'Pennsylvania' },
  'atlanticfreight.com': { zip: '07102', address: '1 Gateway Center', state: 'New Jersey' },
  'meridianretail.com': { zip: '10001', address: '350 Fifth Avenue', state: 'New York' },
  'thamesideinsurance.co.uk': { zip: 'EC2A 4BX', address: '1 Finsbury Avenue' },
  'northgatetelecom.co.uk': { zip: 'M1 1AE', address: '20 Piccadilly' },
  'rheinwerk-auto.de': { zip: '70173', address: 'Königstraße 1' },
  'elbtal-pharma.de': { zip: '20095', address: 'Mönckebergstraße 7' },
  'lumiere-medias.fr': { zip: '75002', address: '12 Rue de la Paix' },
  'banquerivegauche.fr': { zip: '69002', address: '5 Place Bellecour' },
  'indusdigital.in': { zip: '560001', address: '1 MG Road' },
  'deccanpower.in': { zip: '500001', address: '8 Abids Road' },
  'cascadesoftware.io': { zip: '98101', address: '400 Pine Street', state: 'Washington' },
  'sierrabiotech.com': { zip: '92101', address: '600 B Street', state: 'California' },
  'pacificcrestair.com': { zip: '94105', address: '101 Mission Street', state: 'California' },
  'desertsunenergy.com': { zip: '85004', address: '2 North Central Avenue', state: 'Arizona' },
  'mapleridgegrocers.ca': { zip: 'M5H 2N2', address: '100 King Street West' },
  'borealismining.ca': { zip: 'V6C 1T2', address: '999 Canada Place' },
  'sakura-precision.co.jp': { zip: '530-0001', address: '3-1 Umeda, Kita-ku' },
  'kanto-logistics.co.jp': { zip: '100-0005', address: '1-1 Marunouchi, Chiyoda-ku' },
  'southerncrossbank.com.au': { zip: '2000', address: '1 Martin Place' },
  'outbacktelco.com.au': { zip: '3000', address: '101 Collins Street' },
  'verdeagro.com.br': { zip: '01310-100', address: 'Avenida Paulista 1000' },
  'lioncitypay.sg': { zip: '018989', address: '8 Marina View' },
};

/** HubSpot's industry values on the seeded companies -> ACE Customer.Account.Industry. */
const ACE_INDUSTRIES: Readonly<Record<string, string>> = {
  FINANCIAL_SERVICES: 'Financial Services',
  HOSPITAL_HEALTH_CARE: 'Healthcare',
  LOGISTICS_AND_SUPPLY_CHAIN: 'Transportation and Logistics',
  RETAIL: 'Retail',
  INSURANCE: 'Financial Services',
  TELECOMMUNICATIONS: 'Telecommunications',
  AUTOMOTIVE: 'Automotive',
  PHARMACEUTICALS: 'Life Sciences',
  MEDIA_PRODUCTION: 'Media and Entertainment',
  BANKING: 'Financial Services',
  INFORMATION_TECHNOLOGY_AND_SERVICES: 'Software and Internet',
  OIL_ENERGY: 'Energy - Oil and Gas',
  COMPUTER_SOFTWARE: 'Software and Internet',
  AIRLINES_AVIATION: 'Travel',
  MACHINERY: 'Manufacturing',
  ELECTRICAL_ELECTRONIC_MANUFACTURING: 'Computers and Electronics',
  CONSUMER_GOODS: 'Consumer Goods',
};

/** Deal fields ACE needs, filled in as an AE would for a deal ready to share. */
const ACE_READY_DEAL: Readonly<Record<string, string>> = {
  cosell_ace_use_case: 'Big Data: Data Warehouse / Data Integration / ETL / Data Lake / BI',
  cosell_ace_business_problem:
    'The customer runs reporting on an on-premises warehouse that cannot keep up; our platform moves it to AWS with governed self-service analytics.',
  cosell_ace_delivery_models: 'SaaS or PaaS',
  cosell_ace_sales_activities: 'Initialized discussions with customer;Conducted POC / Demo',
  cosell_ace_primary_needs: 'Co-Sell - Architectural Validation;Co-Sell - Deal Support',
  cosell_ace_opportunity_type: 'Net New Business',
  cosell_ace_expected_monthly_spend: '18000',
  cosell_ace_spend_currency: 'USD',
  cosell_ace_national_security: 'false',
  cosell_ace_solution_ids: 'S-0012345',
  cosell_ace_next_steps: 'Joint architecture review with the AWS solutions architect.',
  cosell_ace_marketing_source: 'None',
};

const AWS_SELLER = {
  cosell_hyperscaler_contact_name: 'Dana Whitfield',
  cosell_hyperscaler_contact_email: 'dana.whitfield@aws.example',
  cosell_hyperscaler_contact_role: 'AWS account manager',
};
const AWS_PDM = {
  cosell_hyperscaler_contact_name: 'Omar Haddad',
  cosell_hyperscaler_contact_email: 'omar.haddad@aws.example',
  cosell_hyperscaler_contact_role: 'Partner development manager',
};
const MICROSOFT_SELLER = {
  cosell_hyperscaler_contact_name: 'Lena Vogel',
  cosell_hyperscaler_contact_email: 'lena.vogel@microsoft.example',
  cosell_hyperscaler_contact_role: 'Microsoft account executive',
};
const GOOGLE_SELLER = {
  cosell_hyperscaler_contact_name: 'Ravi Menon',
  cosell_hyperscaler_contact_email: 'ravi.menon@google.example',
  cosell_hyperscaler_contact_role: 'Google Cloud partner manager',
};

type CompanyVariant = 'missing_zip' | 'bad_zip';

interface Scenario {
  /** What the deal demonstrates, for someone reading this file. */
  shows: string;
  stage: StageClass;
  /** The company gets this ACE address problem, so it must host no other scenario. */
  company?: CompanyVariant;
  /** Needs a company in this country (for a country's postal-code format). */
  country?: string;
  /** Properties with day offsets: `ago(n)` turns into the date n days before today. */
  properties: (ago: (days: number) => string) => Record<string, string>;
}

const partnerReferral = (ago: (days: number) => string, opportunity: string, reviewStatus: string, reviewDays: number, stage: string, stageDays: number) => ({
  cosell_cloud: 'aws',
  cosell_aws_opportunity_id: opportunity,
  cosell_aws_origin: 'Partner Referral',
  cosell_aws_review_status: reviewStatus,
  cosell_aws_review_status_since: ago(reviewDays),
  cosell_aws_stage: stage,
  cosell_aws_stage_since: ago(stageDays),
  cosell_aws_involvement_type: 'Co-Sell',
});
const awsReferral = (ago: (days: number) => string, invitation: string, invitationStatus: string, days: number) => ({
  cosell_cloud: 'aws',
  cosell_aws_origin: 'AWS Referral',
  cosell_aws_invitation_id: invitation,
  cosell_aws_invitation_status: invitationStatus,
  cosell_aws_invitation_status_since: ago(days),
});
const microsoft = (ago: (days: number) => string, status: string, substatus: string, days: number) => ({
  cosell_cloud: 'azure',
  cosell_microsoft_referral_id: `b1e7c3a2-${status.toLowerCase()}-${substatus.toLowerCase()}`,
  cosell_microsoft_referral_status: status,
  cosell_microsoft_referral_substatus: substatus,
  cosell_microsoft_status_since: ago(days),
  ...MICROSOFT_SELLER,
});
const google = (ago: (days: number) => string, state: string, days: number, salesStage?: string) => ({
  cosell_cloud: 'gcp',
  cosell_google_opportunity_id: `gcp-opp-${state.toLowerCase()}-${salesStage?.replace(/\W+/g, '-').toLowerCase() ?? 'open'}`,
  cosell_google_submission_state: state,
  cosell_google_state_since: ago(days),
  ...(salesStage ? { cosell_google_sales_stage: salesStage, cosell_google_sales_stage_since: ago(Math.max(1, days - 20)) } : {}),
  ...GOOGLE_SELLER,
});

/** Scenarios with a company variant come first so they get companies of their own. */
export const COSELL_DEMO_SCENARIOS: readonly Scenario[] = [
  {
    shows: 'AWS draft, company has no postal code',
    stage: 'later',
    company: 'missing_zip',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100201', 'Pending Submission', 3, 'Prospect', 3), ...ACE_READY_DEAL, ...AWS_SELLER }),
  },
  {
    shows: 'AWS draft, US postal code in the wrong format',
    stage: 'later',
    company: 'bad_zip',
    country: 'United States',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100202', 'Pending Submission', 6, 'Prospect', 6), ...ACE_READY_DEAL }),
  },
  {
    shows: 'AWS draft, business problem too short (the one fix an AE makes in the sidebar)',
    stage: 'later',
    properties: (ago) => ({
      ...partnerReferral(ago, 'O7100203', 'Pending Submission', 2, 'Prospect', 2),
      ...ACE_READY_DEAL,
      cosell_ace_business_problem: 'Needs a data lake.',
      ...AWS_SELLER,
    }),
  },
  {
    shows: 'AWS picked, not shared yet, ready for ACE, advice to submit',
    stage: 'later',
    properties: () => ({ cosell_cloud: 'aws', ...ACE_READY_DEAL, ...AWS_SELLER }),
  },
  {
    shows: 'AWS picked, not shared, stage one for 95 days: zombie, advice to hold, ACE fields missing',
    stage: 'stage_one',
    properties: (ago) => ({ cosell_cloud: 'aws', cosell_dealstage_entered_at: ago(95), cosell_ace_use_case: 'Storage & Backup' }),
  },
  {
    shows: 'AWS submitted',
    stage: 'later',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100204', 'Submitted', 2, 'Prospect', 9), ...ACE_READY_DEAL, ...AWS_SELLER }),
  },
  {
    shows: 'AWS in review for 16 days: stalled',
    stage: 'later',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100205', 'In review', 16, 'Qualified', 20), ...ACE_READY_DEAL, ...AWS_PDM }),
  },
  {
    shows: 'AWS action required for 9 days: stalled, only listed fields editable',
    stage: 'later',
    properties: (ago) => ({
      ...partnerReferral(ago, 'O7100206', 'Action Required', 9, 'Qualified', 25),
      ...ACE_READY_DEAL,
      cosell_ace_business_problem: 'Analytics help.',
      cosell_aws_review_comments: 'Please describe the customer business problem in more detail.',
      ...AWS_SELLER,
    }),
  },
  {
    shows: 'AWS approved, Technical Validation',
    stage: 'later',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100207', 'Approved', 30, 'Technical Validation', 12), ...ACE_READY_DEAL, ...AWS_SELLER }),
  },
  {
    shows: 'AWS approved for visibility only',
    stage: 'later',
    properties: (ago) => ({
      ...partnerReferral(ago, 'O7100208', 'Approved', 21, 'Business Validation', 8),
      cosell_aws_involvement_type: 'For Visibility Only',
      ...ACE_READY_DEAL,
    }),
  },
  {
    shows: 'AWS launched: won',
    stage: 'won',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100209', 'Approved', 120, 'Launched', 20), ...ACE_READY_DEAL, ...AWS_SELLER }),
  },
  {
    shows: 'AWS closed lost',
    stage: 'lost',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100210', 'Approved', 100, 'Closed Lost', 15), ...ACE_READY_DEAL }),
  },
  {
    shows: 'AWS rejected the referral',
    stage: 'later',
    properties: (ago) => ({ ...partnerReferral(ago, 'O7100211', 'Rejected', 25, 'Prospect', 40), ...ACE_READY_DEAL }),
  },
  {
    shows: 'AWS referred the customer: invitation pending',
    stage: 'stage_one',
    properties: (ago) => ({ ...awsReferral(ago, 'engi-7100301', 'PENDING', 2), cosell_dealstage_entered_at: ago(2), ...AWS_PDM }),
  },
  {
    shows: 'AWS referral accepted',
    stage: 'later',
    properties: (ago) => ({
      ...awsReferral(ago, 'engi-7100302', 'ACCEPTED', 40),
      cosell_aws_opportunity_id: 'O7100302',
      cosell_aws_stage: 'Qualified',
      cosell_aws_stage_since: ago(40),
      ...ACE_READY_DEAL,
      ...AWS_SELLER,
    }),
  },
  {
    shows: 'AWS referral rejected by us',
    stage: 'stage_one',
    properties: (ago) => ({ ...awsReferral(ago, 'engi-7100303', 'REJECTED', 10), cosell_dealstage_entered_at: ago(14) }),
  },
  {
    shows: 'AWS referral invitation expired',
    stage: 'stage_one',
    properties: (ago) => ({ ...awsReferral(ago, 'engi-7100304', 'EXPIRED', 30), cosell_dealstage_entered_at: ago(40) }),
  },
  {
    shows: 'Microsoft referral created, not yet shared: draft',
    stage: 'stage_one',
    properties: (ago) => ({ cosell_cloud: 'azure', cosell_microsoft_referral_id: 'b1e7c3a2-draft', cosell_dealstage_entered_at: ago(12) }),
  },
  { shows: 'Microsoft: shared, pending', stage: 'later', properties: (ago) => microsoft(ago, 'New', 'Pending', 4) },
  {
    shows: 'Microsoft referred the customer to us: action required',
    stage: 'stage_one',
    properties: (ago) => ({ ...microsoft(ago, 'New', 'Received', 2), cosell_dealstage_entered_at: ago(5) }),
  },
  { shows: 'Microsoft accepted 60 days ago: stalled', stage: 'later', properties: (ago) => microsoft(ago, 'Active', 'Accepted', 60) },
  { shows: 'Microsoft: won', stage: 'won', properties: (ago) => microsoft(ago, 'Closed', 'Won', 18) },
  { shows: 'Microsoft: lost (the CRM deal not yet closed)', stage: 'later', properties: (ago) => microsoft(ago, 'Closed', 'Lost', 11) },
  { shows: 'Microsoft declined', stage: 'later', properties: (ago) => microsoft(ago, 'Closed', 'Declined', 14) },
  {
    shows: 'Microsoft referral expired',
    stage: 'stage_one',
    properties: (ago) => ({ ...microsoft(ago, 'Closed', 'Expired', 35), cosell_dealstage_entered_at: ago(20) }),
  },
  {
    shows: 'Google draft in stage one for 70 days: zombie',
    stage: 'stage_one',
    properties: (ago) => ({ ...google(ago, 'DRAFT', 70), cosell_dealstage_entered_at: ago(70) }),
  },
  { shows: 'Google submitted', stage: 'later', properties: (ago) => google(ago, 'SUBMITTED', 5) },
  { shows: 'Google accepted, negotiating', stage: 'later', properties: (ago) => google(ago, 'ACCEPTED', 26, 'Negotiating') },
  { shows: 'Google: won', stage: 'won', properties: (ago) => google(ago, 'ACCEPTED', 60, 'Closed Won') },
  { shows: 'Google: lost (the CRM deal not yet closed)', stage: 'later', properties: (ago) => google(ago, 'ACCEPTED', 50, 'Closed Lost') },
  { shows: 'Google rejected the submission', stage: 'later', properties: (ago) => google(ago, 'REJECTED', 9) },
];

export function seedCoSellDemo({ store, seed, today }: AppDemoInput): void {
  const ago = (days: number) => new Date(today.getTime() - days * DAY_MS).toISOString();
  const companies = new Map(seed.companies.map((company) => [company.id, company]));

  // Every company gets its ACE address and industry, as an AE preparing ACE submissions would fill them in.
  for (const company of seed.companies) {
    const stored = store.getObject('companies', company.id);
    const address = ACE_ADDRESSES[company.domain];
    const industry = ACE_INDUSTRIES[String(stored?.properties.industry ?? '')];
    store.updateObject('companies', company.id, {
      ...(address ? { zip: address.zip, address: address.address, ...(address.state ? { state: address.state } : {}) } : {}),
      ...(industry ? { cosell_ace_industry: industry } : {}),
    });
  }

  const usedDeals = new Set<string>();
  const reservedCompanies = new Set<string>();
  for (const scenario of COSELL_DEMO_SCENARIOS) {
    const fits = (deal: (typeof seed.deals)[number]) => {
      if (usedDeals.has(deal.id) || reservedCompanies.has(deal.companyId)) return false;
      if (STAGE_CLASSES[deal.stage] !== scenario.stage) return false;
      if (scenario.country && store.getObject('companies', deal.companyId)?.properties.country !== scenario.country) return false;
      // A company with an address problem must host no other co-sell deal.
      if (scenario.company && seed.deals.some((other) => other.companyId === deal.companyId && usedDeals.has(other.id))) return false;
      return true;
    };
    const deal = seed.deals.find(fits);
    if (!deal) throw new Error(`co-sell demo: no seeded deal left for "${scenario.shows}"`);
    usedDeals.add(deal.id);
    store.updateObject('deals', deal.id, scenario.properties(ago));
    if (scenario.company) {
      reservedCompanies.add(deal.companyId);
      const company = companies.get(deal.companyId)!;
      store.updateObject('companies', company.id, { zip: scenario.company === 'missing_zip' ? '' : '0211' });
    }
  }
}
