import type { ObjectTypeName } from './object-types.ts';

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationTypeDef {
  from: ObjectTypeName;
  to: ObjectTypeName;
  category: AssociationCategory;
  typeId: number;
  label: string | null;
  inverseTypeId: number;
  /** The unlabeled type every association between the pair carries (what "default" creates). */
  isDefault: boolean;
  /** The `type` string the v3 `associations` block of an object read shows. */
  v3Name: string;
}

type Pair = [from: ObjectTypeName, to: ObjectTypeName, typeId: number, inverseTypeId: number];

// HubSpot's HUBSPOT_DEFINED ids (same numbers as @hubspot/api-client's AssociationTypes enum).
const unlabeledPairs: Pair[] = [
  ['deals', 'companies', 341, 342],
  ['contacts', 'companies', 279, 280],
  ['deals', 'contacts', 3, 4],
  ['notes', 'deals', 214, 213],
  ['notes', 'companies', 190, 189],
  ['notes', 'contacts', 202, 201],
  ['tasks', 'deals', 216, 215],
  ['tasks', 'companies', 192, 191],
  ['tasks', 'contacts', 204, 203],
  // Line items belong to one deal; products are associated with nothing (a line item names its product in hs_product_id).
  ['line_items', 'deals', 20, 19],
];
const primaryPairs: Pair[] = [
  ['deals', 'companies', 5, 6],
  ['contacts', 'companies', 1, 2],
];

const singular: Record<ObjectTypeName, string> = {
  deals: 'deal',
  companies: 'company',
  contacts: 'contact',
  notes: 'note',
  tasks: 'task',
  line_items: 'line_item',
  products: 'product',
};

function build(): AssociationTypeDef[] {
  const defs: AssociationTypeDef[] = [];
  const hasPrimary = (a: ObjectTypeName, b: ObjectTypeName) => primaryPairs.some(([f, t]) => (f === a && t === b) || (f === b && t === a));
  for (const [from, to, typeId, inverseTypeId] of unlabeledPairs) {
    for (const [f, t, id, inv] of [
      [from, to, typeId, inverseTypeId],
      [to, from, inverseTypeId, typeId],
    ] as Pair[]) {
      const base = `${singular[f]}_to_${singular[t]}`;
      defs.push({
        from: f,
        to: t,
        category: 'HUBSPOT_DEFINED',
        typeId: id,
        label: null,
        inverseTypeId: inv,
        isDefault: true,
        v3Name: hasPrimary(f, t) ? `${base}_unlabeled` : base,
      });
    }
  }
  for (const [from, to, typeId, inverseTypeId] of primaryPairs) {
    for (const [f, t, id, inv] of [
      [from, to, typeId, inverseTypeId],
      [to, from, inverseTypeId, typeId],
    ] as Pair[]) {
      defs.push({
        from: f,
        to: t,
        category: 'HUBSPOT_DEFINED',
        typeId: id,
        label: 'Primary',
        inverseTypeId: inv,
        isDefault: false,
        v3Name: `${singular[f]}_to_${singular[t]}`,
      });
    }
  }
  return defs;
}

export const ASSOCIATION_TYPES: readonly AssociationTypeDef[] = build();

export function findAssociationType(from: ObjectTypeName, to: ObjectTypeName, category: string, typeId: number): AssociationTypeDef | undefined {
  return ASSOCIATION_TYPES.find((d) => d.from === from && d.to === to && d.category === category && d.typeId === typeId);
}

export function defaultAssociationType(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef | undefined {
  return ASSOCIATION_TYPES.find((d) => d.from === from && d.to === to && d.isDefault);
}
