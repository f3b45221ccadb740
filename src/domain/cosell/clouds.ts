import { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';

/** The app's cloud ids (aws | azure | gcp), shared with routing, the gate and ring-fencing. */
export { CLOUDS, type Cloud };

/** The hyperscaler as an AE names it in co-sell: the partner program belongs to the company, not the cloud brand. */
export const CLOUD_NAMES: Record<Cloud, string> = { aws: 'AWS', azure: 'Microsoft', gcp: 'Google Cloud' };
