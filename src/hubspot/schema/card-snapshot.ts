import { CARD_SNAPSHOT_PROPERTY, CARD_SNAPSHOT_STALE_PROPERTY } from '../records/card-snapshot.ts';
import type { PropertyDef } from './types.ts';

const onBoth = (def: Omit<PropertyDef, 'objectType'>): PropertyDef[] => [
  { ...def, objectType: 'deals' },
  { ...def, objectType: 'companies' },
];

/** The cards' snapshot of the records around this one (src/hubspot/records/card-snapshot.ts): a cache, never a source of truth. */
export const cardSnapshotProperties: readonly PropertyDef[] = [
  ...onBoth({
    name: CARD_SNAPSHOT_PROPERTY,
    label: 'Cloud co-sell card snapshot',
    type: 'string',
    fieldType: 'textarea',
    description:
      "The app's signed copy of what its card shows from associated records (company, line items, products, contacts or deals), so the card loads with one read. Refreshed by the app; an edited copy is ignored.",
    writtenBy: 'app',
    hidden: true,
  }),
  ...onBoth({
    name: CARD_SNAPSHOT_STALE_PROPERTY,
    label: 'Cloud co-sell card snapshot stale since',
    type: 'number',
    fieldType: 'number',
    description: 'When an associated record last changed (milliseconds since 1970): a card snapshot read before then is read again.',
    writtenBy: 'app',
    hidden: true,
  }),
];
