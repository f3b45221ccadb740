import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import type { PropertyDef } from './types.ts';

/**
 * The cloud commitments an alliance manager records on a company through the app. The JSON state is
 * the app's own (sealed); the flat commitment properties the routing engine reads are derived from
 * it for each cloud recorded, together with the three below.
 */
const CLOUD_NAMES: Record<Cloud, string> = { aws: 'AWS', azure: 'Microsoft', gcp: 'Google' };

export const commitmentProperties: PropertyDef[] = [
  {
    objectType: 'companies',
    name: 'cosell_commitments_state',
    label: 'Cloud commitments (app data)',
    type: 'string',
    fieldType: 'textarea',
    description:
      "Each cloud's commitment as alliance managers recorded it in the app, as JSON. Do not edit: the commitment properties of each recorded cloud are derived from it, and an edit elsewhere is put back.",
    writtenBy: 'app',
  },
  ...CLOUDS.flatMap((cloud): PropertyDef[] => [
    {
      objectType: 'companies',
      name: `cosell_${cloud}_marketplace_spend_ytd`,
      label: `${CLOUD_NAMES[cloud]} marketplace spend this year (USD)`,
      type: 'number',
      fieldType: 'number',
      description: `What the customer has bought through the ${CLOUD_NAMES[cloud]} marketplace in the current commitment year, as recorded in the app.`,
      writtenBy: 'app',
    },
    {
      objectType: 'companies',
      name: `cosell_${cloud}_commit_source`,
      label: `${CLOUD_NAMES[cloud]} commitment source`,
      type: 'string',
      fieldType: 'text',
      description: `Where the ${CLOUD_NAMES[cloud]} commitment figures come from, as the alliance manager recorded it.`,
      writtenBy: 'app',
    },
    {
      objectType: 'companies',
      name: `cosell_${cloud}_commit_updated_at`,
      label: `${CLOUD_NAMES[cloud]} commitment last update`,
      type: 'datetime',
      fieldType: 'date',
      description: `When an alliance manager last recorded the ${CLOUD_NAMES[cloud]} commitment in the app.`,
      writtenBy: 'app',
    },
  ]),
];
