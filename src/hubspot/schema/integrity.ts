import type { PropertyDef } from './types.ts';

/**
 * The app's proof of what it wrote, on every record where it keeps state people must not change:
 * a keyed seal over the record's authoritative values, and the record of edits made outside the app.
 */
const onBoth = (def: Omit<PropertyDef, 'objectType'>): PropertyDef[] => [
  { ...def, objectType: 'deals' },
  { ...def, objectType: 'companies' },
];

export const integrityProperties: readonly PropertyDef[] = [
  ...onBoth({
    name: 'cosell_app_seal',
    label: 'Cloud co-sell seal',
    type: 'string',
    fieldType: 'text',
    description:
      "The app's signature over this record's gate or ring-fence state: proves the app wrote those values, for this record, at that time. Changing either makes the app restore its last values and flag the edit.",
    writtenBy: 'app',
  }),
  ...onBoth({
    name: 'cosell_tamper_count',
    label: 'Edits to app data outside the app',
    type: 'number',
    fieldType: 'number',
    description:
      "How many times someone changed the app's state on this record outside the app (UI, import, workflow, another integration); each was restored.",
    writtenBy: 'app',
  }),
  ...onBoth({
    name: 'cosell_tamper_detected_at',
    label: 'Last outside edit of app data',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the app last found and restored a change made to its state outside the app.',
    writtenBy: 'app',
  }),
];
