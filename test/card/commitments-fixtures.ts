import type { CommitmentsSection } from '../../src/hubspot/records/commitments.ts';

/** Globex: AWS recorded by an alliance manager, Microsoft only in the company's properties, Google not known. */
export const globexCommitments: CommitmentsSection = {
  version: 1,
  clouds: [
    {
      cloud: 'aws',
      cloudLabel: 'AWS',
      recorded: true,
      program: 'edp',
      programLabel: 'Enterprise Discount Program (EDP)',
      annualCommitmentUsd: '5000000.00',
      capacityLeftUsd: '3200000.00',
      marketplaceSpendThisYearUsd: '600000.00',
      renewalDate: '2027-03-31',
      source: 'EDP order form, March 2026',
      updatedAt: '2026-05-01T09:00:00.000Z',
      updatedBy: 'Marcus Webb',
    },
    {
      cloud: 'azure',
      cloudLabel: 'Microsoft Azure',
      recorded: false,
      program: 'macc',
      programLabel: 'Microsoft Azure Consumption Commitment (MACC)',
      annualCommitmentUsd: '2000000',
      capacityLeftUsd: null,
      marketplaceSpendThisYearUsd: null,
      renewalDate: '2026-12-31',
      source: 'Company properties in HubSpot, not yet confirmed by an alliance manager',
      updatedAt: null,
      updatedBy: null,
    },
    {
      cloud: 'gcp',
      cloudLabel: 'Google Cloud',
      recorded: false,
      program: null,
      programLabel: null,
      annualCommitmentUsd: null,
      capacityLeftUsd: null,
      marketplaceSpendThisYearUsd: null,
      renewalDate: null,
      source: 'Company properties in HubSpot, not yet confirmed by an alliance manager',
      updatedAt: null,
      updatedBy: null,
    },
  ],
  programOptions: {
    aws: [
      { value: 'edp', label: 'Enterprise Discount Program (EDP)' },
      { value: 'ppa', label: 'Private Pricing Agreement (PPA)' },
      { value: 'none', label: 'No commitment' },
    ],
    azure: [
      { value: 'macc', label: 'Microsoft Azure Consumption Commitment (MACC)' },
      { value: 'none', label: 'No commitment' },
    ],
    gcp: [
      { value: 'commit', label: 'Google Cloud commit' },
      { value: 'none', label: 'No commitment' },
    ],
  },
};
