/** The CRM object types the stand-in serves, with the facts HubSpot attaches to each. */
export type ObjectTypeName = 'deals' | 'companies' | 'contacts' | 'notes' | 'tasks' | 'line_items' | 'products';

export interface ObjectTypeInfo {
  name: ObjectTypeName;
  objectTypeId: string;
  singular: string;
  /** Upper-case name HubSpot uses in batch error messages ("Could not get some DEAL objects"). */
  errorLabel: string;
  createdProperty: string;
  modifiedProperty: string;
  /** Properties returned when a read names none (HubSpot's defaults per type). */
  defaultProperties: readonly string[];
  /** Properties the free-text `query` of a search looks in. */
  queryProperties: readonly string[];
}

const types: readonly ObjectTypeInfo[] = [
  {
    name: 'deals',
    objectTypeId: '0-3',
    singular: 'deal',
    errorLabel: 'DEAL',
    createdProperty: 'createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
    queryProperties: ['dealname', 'description'],
  },
  {
    name: 'companies',
    objectTypeId: '0-2',
    singular: 'company',
    errorLabel: 'COMPANY',
    createdProperty: 'createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    queryProperties: ['name', 'domain', 'website', 'phone'],
  },
  {
    name: 'contacts',
    objectTypeId: '0-1',
    singular: 'contact',
    errorLabel: 'CONTACT',
    createdProperty: 'createdate',
    modifiedProperty: 'lastmodifieddate',
    defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    queryProperties: ['firstname', 'lastname', 'email', 'phone', 'company'],
  },
  {
    name: 'notes',
    objectTypeId: '0-46',
    singular: 'note',
    errorLabel: 'NOTE',
    createdProperty: 'hs_createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    queryProperties: ['hs_note_body'],
  },
  {
    name: 'tasks',
    objectTypeId: '0-27',
    singular: 'task',
    errorLabel: 'TASK',
    createdProperty: 'hs_createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    queryProperties: ['hs_task_subject', 'hs_task_body'],
  },
  {
    name: 'line_items',
    objectTypeId: '0-8',
    singular: 'line_item',
    errorLabel: 'LINE_ITEM',
    createdProperty: 'createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_product_id', 'name', 'price', 'quantity'],
    queryProperties: ['name', 'description', 'hs_sku'],
  },
  {
    name: 'products',
    objectTypeId: '0-7',
    singular: 'product',
    errorLabel: 'PRODUCT',
    createdProperty: 'createdate',
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'],
    queryProperties: ['name', 'description', 'hs_sku'],
  },
];

export const OBJECT_TYPES: readonly ObjectTypeInfo[] = types;

/** Resolves a path segment: HubSpot accepts the plural name, the singular name or the objectTypeId. */
export function findObjectType(segment: string): ObjectTypeInfo | undefined {
  const key = segment.toLowerCase();
  return types.find((t) => t.name === key || t.singular === key || t.objectTypeId === key);
}

export function objectType(name: ObjectTypeName): ObjectTypeInfo {
  return types.find((t) => t.name === name)!;
}
