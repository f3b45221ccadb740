import type { PropertyDef } from './types.ts';

/**
 * What a product in the portal's product library says about the vendor's marketplace offer. A deal's
 * line items name its products; the routing recommendation takes the offer facts from the product of
 * the deal's largest line item, and from the portal defaults in the routing policy where it is silent.
 */

const CLOUD_OPTIONS = [
  { label: 'AWS', value: 'aws' },
  { label: 'Microsoft Azure', value: 'azure' },
  { label: 'Google Cloud', value: 'gcp' },
];

export const DELIVERY_MODEL_OPTIONS = [
  { label: 'SaaS', value: 'saas' },
  { label: 'Machine image (AMI / VM)', value: 'ami' },
  { label: 'Container', value: 'container' },
  { label: 'Professional services', value: 'services' },
] as const;

export const productProperties: PropertyDef[] = [
  {
    objectType: 'products',
    name: 'cosell_delivery_model',
    label: 'Delivery model',
    type: 'enumeration',
    fieldType: 'select',
    description: 'How this product is delivered; drives marketplace fees and drawdown eligibility. Empty: the portal default.',
    options: [...DELIVERY_MODEL_OPTIONS],
    writtenBy: 'user',
  },
  {
    objectType: 'products',
    name: 'cosell_listed_on',
    label: 'Marketplace listings',
    type: 'enumeration',
    fieldType: 'checkbox',
    description: 'Marketplaces where this product has a transactable listing. Empty: the portal default.',
    options: CLOUD_OPTIONS,
    writtenBy: 'user',
  },
  {
    objectType: 'products',
    name: 'cosell_private_offers_on',
    label: 'Private offers enabled on',
    type: 'enumeration',
    fieldType: 'checkbox',
    description: 'Marketplaces where private offers are enabled for this listing. Empty: the portal default.',
    options: CLOUD_OPTIONS,
    writtenBy: 'user',
  },
  {
    objectType: 'products',
    name: 'cosell_runs_on',
    label: 'Runs on clouds',
    type: 'enumeration',
    fieldType: 'checkbox',
    description:
      'Clouds this product runs on: AWS means "Deployed on AWS", Microsoft Azure means Azure IP co-sell and MACC eligible, Google Cloud means it runs on Google Cloud. Empty: the portal default.',
    options: CLOUD_OPTIONS,
    writtenBy: 'user',
  },
];
