import type { DealCosellResult } from '../../src/functions/contracts.ts';

type Routing = DealCosellResult['routing'];

/** A $10M new AWS private offer on a customer with an EDP; Microsoft blocked, no Google commitment. */
export const awsRecommended: Extract<Routing, { status: 'ready' }> = {
  status: 'ready',
  headline: {
    route: 'marketplace:aws',
    label: 'AWS Marketplace',
    requiresException: true,
    text: 'Transact through AWS Marketplace. Going direct needs a manager-approved exception.',
  },
  tcvUsd: '10000000.00',
  drawdownShare: '1',
  options: [
    {
      cloud: 'aws',
      cloudName: 'AWS',
      eligible: true,
      blockers: [],
      feeRate: '0.015',
      feePercent: '1.5%',
      fee: '150000.00',
      drawdown: '10000000.00',
      capacity: '49000000.00',
      aeCommissionDelta: '12000.00',
      estimate: true,
      ruleIds: ['F3', 'D2', 'D1'],
    },
    {
      cloud: 'azure',
      cloudName: 'Microsoft',
      eligible: false,
      blockers: [
        {
          id: 'N7',
          text: "marketplace purchasing is disabled, free-only or allow-listed in the customer's Microsoft agreement",
          sourceUrl: 'https://flashdba.com/',
        },
      ],
      feeRate: '0.03',
      feePercent: '3%',
      fee: '300000.00',
      drawdown: '0.00',
      capacity: '5000000.00',
      aeCommissionDelta: '24000.00',
      estimate: false,
      ruleIds: ['F8', 'D5', 'N7', 'D4'],
    },
    {
      cloud: 'gcp',
      cloudName: 'Google',
      eligible: false,
      blockers: [
        {
          id: 'N1',
          text: 'customer has no commitment left on this cloud: no drawdown, the fee buys only procurement convenience (no Google commitment recorded)',
          sourceUrl: 'https://flashdba.com/',
        },
      ],
      feeRate: '0.015',
      feePercent: '1.5%',
      fee: '150000.00',
      drawdown: '0.00',
      capacity: null,
      aeCommissionDelta: '12000.00',
      estimate: true,
      ruleIds: ['F13', 'D6', 'N1'],
    },
  ],
  commitment: {
    cloud: 'aws',
    cloudName: 'AWS',
    program: 'EDP',
    annualCommitment: '200000000.00',
    capacityLeft: '49000000.00',
    endDate: '2027-06-30',
    retires: '10000000.00',
    text: "Retires $10,000,000.00 of the customer's AWS EDP ($49,000,000.00 left to draw down, ends 2027-06-30).",
  },
  assumptions: [
    { fact: 'delivery', label: 'Delivery model', value: 'SaaS', source: 'portal', text: 'Delivery model: SaaS, from the portal default' },
    {
      fact: 'listings',
      label: 'Marketplace listings',
      value: 'AWS, Microsoft Azure, Google Cloud',
      source: 'product',
      text: 'Marketplace listings: AWS, Microsoft Azure, Google Cloud, from product Stratus Data Platform',
    },
    {
      fact: 'privateOffers',
      label: 'Private offers enabled on',
      value: 'AWS, Microsoft Azure, Google Cloud',
      source: 'portal',
      text: 'Private offers enabled on: AWS, Microsoft Azure, Google Cloud, from the portal default',
    },
    { fact: 'productClouds', label: 'Runs on clouds', value: 'AWS', source: 'deal', text: 'Runs on clouds: AWS, set on this deal' },
  ],
  overrides: ['cosell_delivery_model', 'cosell_offer_type'],
  aeCommission: {
    basis: 'net',
    commissionPercent: 8,
    delta: '12000.00',
    text: 'You give up $12,000.00 of commission on this route (8% of the $150,000.00 marketplace fee).',
  },
  rationale: [
    'Deal: $10,000,000.00, new private offer, SaaS, closing 2027-01-25; policy 2026-11.1; amounts in USD.',
    "Recommended: AWS Marketplace. It retires $10,000,000.00 of the customer's commitment (100% of the deal).",
  ],
  policyVersion: '2026-11.1',
  estimate: true,
  sources: [
    {
      ruleId: 'F3',
      clouds: ['aws'],
      summary: 'AWS private offer, tiered by total contract value',
      urls: ['https://docs.aws.amazon.com/marketplace/latest/userguide/listing-fees.html'],
      effectiveFrom: '2024-01-05',
      effectiveUntil: null,
      confidence: 'C',
      estimate: false,
    },
    {
      ruleId: 'D1',
      clouds: ['aws'],
      summary: 'AWS marketplace spend retires the EDP / private pricing commitment',
      urls: ['https://www.duckbillgroup.com/'],
      effectiveFrom: null,
      effectiveUntil: null,
      confidence: '2°',
      estimate: true,
    },
  ],
};

export const incompleteRouting: Routing = {
  status: 'incomplete',
  message: 'Amount on the deal: is required',
  problems: [{ object: 'deal', property: 'amount', label: 'Amount', message: 'is required' }],
  properties: ['deal.amount'],
  overrides: ['cosell_delivery_model', 'cosell_offer_type'],
  policyVersion: '2026-11.1',
};
