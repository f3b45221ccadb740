import { cardSnapshotProperties } from './card-snapshot.ts';
import { commitmentProperties } from './commitments.ts';
import { cosellProperties } from './cosell.ts';
import { gateProperties } from './gate.ts';
import { integrityProperties } from './integrity.ts';
import { productProperties } from './products.ts';
import { ringfenceProperties } from './ringfence.ts';
import { routingProperties } from './routing.ts';
import type { PropertyDef } from './types.ts';

export type { PropertyDef } from './types.ts';

/** The one property group the app creates on each object it writes to. */
export const APP_PROPERTY_GROUP = { name: 'cloud_cosell', label: 'Cloud co-sell', displayOrder: -1 } as const;

/** Every custom property the app owns, in the order docs/properties.md lists them. */
export const appProperties: readonly PropertyDef[] = [
  ...cosellProperties,
  ...routingProperties,
  ...commitmentProperties,
  ...productProperties,
  ...gateProperties,
  ...ringfenceProperties,
  ...integrityProperties,
  ...cardSnapshotProperties,
];
