import { appProperties } from './index.ts';

/** Labels of the HubSpot-defined properties the app reads, as HubSpot shows them to people. */
const NATIVE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  deals: {
    amount: 'Amount',
    closedate: 'Close date',
    deal_currency_code: 'Currency',
    dealtype: 'Deal type',
    dealstage: 'Deal stage',
    dealname: 'Deal name',
    hubspot_owner_id: 'Deal owner',
  },
  companies: { country: 'Country/Region', name: 'Company name', domain: 'Company domain name' },
  line_items: { name: 'Name', amount: 'Net price', hs_product_id: 'Product ID' },
  products: { name: 'Name' },
};

/** The label people see for a property: the app's own from its schema, HubSpot's for its own. */
export function propertyLabel(objectType: string, name: string): string {
  return appProperties.find((def) => def.objectType === objectType && def.name === name)?.label ?? NATIVE_LABELS[objectType]?.[name] ?? name;
}

/** The label of one option of an app enumeration, or the value itself when the schema has no such option. */
export function optionLabel(objectType: string, name: string, value: string): string {
  const def = appProperties.find((candidate) => candidate.objectType === objectType && candidate.name === name);
  return def?.options?.find((option) => option.value === value)?.label ?? value;
}

/** The option labels of an app enumeration, in order; empty for any other property. */
export function propertyOptions(objectType: string, name: string): string[] {
  return appProperties.find((def) => def.objectType === objectType && def.name === name)?.options?.map((option) => option.label) ?? [];
}
