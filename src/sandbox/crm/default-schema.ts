import type { ObjectTypeName } from './object-types.ts';
import { DEFAULT_DEAL_PIPELINE } from './pipelines.ts';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';

export interface PropertyOption {
  label: string;
  value: string;
  description?: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property definition as the store keeps it; `toPropertyJson` renders HubSpot's Property shape. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  hasUniqueValue: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  readOnlyValue: boolean;
  readOnlyDefinition: boolean;
  showCurrencySymbol?: boolean;
  /** `OWNER` makes the value an owner id, checked against the owners table. */
  referencedObjectType?: string;
}

export interface PropertyGroupDefinition {
  name: string;
  label: string;
  displayOrder: number;
}

type Extras = Partial<Omit<PropertyDefinition, 'name' | 'label' | 'type' | 'fieldType'>>;

function options(pairs: ReadonlyArray<readonly [value: string, label: string]>): PropertyOption[] {
  return pairs.map(([value, label], displayOrder) => ({ label, value, displayOrder, hidden: false }));
}

function builder(groupName: string) {
  return (name: string, label: string, type: PropertyType, fieldType: string, extras: Extras = {}): PropertyDefinition => ({
    name,
    label,
    type,
    fieldType,
    groupName,
    description: '',
    options: [],
    displayOrder: -1,
    hidden: false,
    hasUniqueValue: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    readOnlyValue: false,
    readOnlyDefinition: true,
    ...extras,
  });
}

const readOnly: Extras = { readOnlyValue: true };

const analyticsSources = options([
  ['ORGANIC_SEARCH', 'Organic search'],
  ['PAID_SEARCH', 'Paid search'],
  ['EMAIL_MARKETING', 'Email marketing'],
  ['SOCIAL_MEDIA', 'Organic social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other campaigns'],
  ['DIRECT_TRAFFIC', 'Direct traffic'],
  ['OFFLINE', 'Offline sources'],
  ['PAID_SOCIAL', 'Paid social'],
]);

/** A realistic subset of HubSpot's long `industry` enumeration. */
export const INDUSTRY_OPTIONS = options([
  ['COMPUTER_SOFTWARE', 'Computer Software'],
  ['INFORMATION_TECHNOLOGY_AND_SERVICES', 'Information Technology and Services'],
  ['INTERNET', 'Internet'],
  ['FINANCIAL_SERVICES', 'Financial Services'],
  ['BANKING', 'Banking'],
  ['INSURANCE', 'Insurance'],
  ['HOSPITAL_HEALTH_CARE', 'Hospital & Health Care'],
  ['PHARMACEUTICALS', 'Pharmaceuticals'],
  ['RETAIL', 'Retail'],
  ['TELECOMMUNICATIONS', 'Telecommunications'],
  ['AUTOMOTIVE', 'Automotive'],
  ['OIL_ENERGY', 'Oil & Energy'],
  ['LOGISTICS_AND_SUPPLY_CHAIN', 'Logistics and Supply Chain'],
  ['MEDIA_PRODUCTION', 'Media Production'],
  ['GOVERNMENT_ADMINISTRATION', 'Government Administration'],
  ['HIGHER_EDUCATION', 'Higher Education'],
  ['AIRLINES_AVIATION', 'Airlines/Aviation'],
  ['CONSUMER_GOODS', 'Consumer Goods'],
  ['MACHINERY', 'Machinery'],
  ['ELECTRICAL_ELECTRONIC_MANUFACTURING', 'Electrical/Electronic Manufacturing'],
]);

function ownerProperty(groupName: string): PropertyDefinition {
  return builder(groupName)('hubspot_owner_id', 'Owner', 'enumeration', 'select', {
    externalOptions: true,
    referencedObjectType: 'OWNER',
  });
}

function timestamps(groupName: string, created: string, modified: string): PropertyDefinition[] {
  const p = builder(groupName);
  return [
    p(created, 'Create Date', 'datetime', 'date', readOnly),
    p(modified, 'Last Modified Date', 'datetime', 'date', readOnly),
    p('hs_object_id', 'Record ID', 'number', 'number', readOnly),
  ];
}

function dealProperties(): PropertyDefinition[] {
  const p = builder('dealinformation');
  return [
    p('dealname', 'Deal Name', 'string', 'text'),
    p('amount', 'Amount', 'number', 'number', { showCurrencySymbol: true }),
    p('dealstage', 'Deal Stage', 'enumeration', 'radio', {
      options: DEFAULT_DEAL_PIPELINE.stages.map((s) => ({ label: s.label, value: s.id, displayOrder: s.displayOrder, hidden: false })),
    }),
    p('pipeline', 'Pipeline', 'enumeration', 'select', { options: options([[DEFAULT_DEAL_PIPELINE.id, DEFAULT_DEAL_PIPELINE.label]]) }),
    p('closedate', 'Close Date', 'datetime', 'date'),
    ownerProperty('dealinformation'),
    // The deal team: HubSpot's deal collaborators, as owner ids separated by semicolons.
    p('hs_all_collaborator_owner_ids', 'Deal collaborators', 'enumeration', 'checkbox', { externalOptions: true, referencedObjectType: 'OWNER' }),
    p('deal_currency_code', 'Currency', 'enumeration', 'select', {
      options: options([
        ['USD', 'US Dollar'],
        ['EUR', 'Euro'],
        ['GBP', 'British Pound'],
        ['JPY', 'Japanese Yen'],
        ['CAD', 'Canadian Dollar'],
        ['AUD', 'Australian Dollar'],
        ['INR', 'Indian Rupee'],
        ['BRL', 'Brazilian Real'],
      ]),
    }),
    p('dealtype', 'Deal Type', 'enumeration', 'radio', {
      options: options([
        ['newbusiness', 'New Business'],
        ['existingbusiness', 'Existing Business'],
      ]),
    }),
    p('description', 'Deal Description', 'string', 'textarea'),
    p('hs_analytics_source', 'Original Traffic Source', 'enumeration', 'select', { options: analyticsSources }),
    ...timestamps('dealinformation', 'createdate', 'hs_lastmodifieddate'),
  ];
}

function companyProperties(): PropertyDefinition[] {
  const p = builder('companyinformation');
  return [
    p('name', 'Company name', 'string', 'text'),
    p('domain', 'Company Domain Name', 'string', 'text'),
    p('website', 'Website URL', 'string', 'text'),
    p('phone', 'Phone Number', 'string', 'phonenumber'),
    p('address', 'Street Address', 'string', 'text'),
    p('city', 'City', 'string', 'text'),
    p('state', 'State/Region', 'string', 'text'),
    p('zip', 'Postal Code', 'string', 'text'),
    p('country', 'Country/Region', 'string', 'text'),
    p('industry', 'Industry', 'enumeration', 'select', { options: INDUSTRY_OPTIONS }),
    p('numberofemployees', 'Number of Employees', 'number', 'number'),
    ownerProperty('companyinformation'),
    ...timestamps('companyinformation', 'createdate', 'hs_lastmodifieddate'),
  ];
}

function contactProperties(): PropertyDefinition[] {
  const p = builder('contactinformation');
  return [
    p('firstname', 'First Name', 'string', 'text'),
    p('lastname', 'Last Name', 'string', 'text'),
    p('email', 'Email', 'string', 'text'),
    p('jobtitle', 'Job Title', 'string', 'text'),
    p('phone', 'Phone Number', 'string', 'phonenumber'),
    p('company', 'Company Name', 'string', 'text'),
    p('hs_analytics_source', 'Original Traffic Source', 'enumeration', 'select', { options: analyticsSources }),
    ownerProperty('contactinformation'),
    ...timestamps('contactinformation', 'createdate', 'lastmodifieddate'),
  ];
}

function noteProperties(): PropertyDefinition[] {
  const p = builder('noteinformation');
  return [
    p('hs_note_body', 'Note body', 'string', 'html'),
    p('hs_timestamp', 'Activity date', 'datetime', 'date'),
    ownerProperty('noteinformation'),
    ...timestamps('noteinformation', 'hs_createdate', 'hs_lastmodifieddate'),
  ];
}

function taskProperties(): PropertyDefinition[] {
  const p = builder('taskinformation');
  return [
    p('hs_task_subject', 'Task Title', 'string', 'text'),
    p('hs_task_body', 'Notes', 'string', 'html'),
    p('hs_timestamp', 'Due date', 'datetime', 'date'),
    p('hs_task_status', 'Task Status', 'enumeration', 'select', {
      options: options([
        ['NOT_STARTED', 'Not Started'],
        ['IN_PROGRESS', 'In Progress'],
        ['WAITING', 'Waiting'],
        ['COMPLETED', 'Completed'],
        ['DEFERRED', 'Deferred'],
      ]),
    }),
    p('hs_task_priority', 'Priority', 'enumeration', 'select', {
      options: options([
        ['NONE', 'None'],
        ['LOW', 'Low'],
        ['MEDIUM', 'Medium'],
        ['HIGH', 'High'],
      ]),
    }),
    p('hs_task_type', 'Task Type', 'enumeration', 'select', {
      options: options([
        ['CALL', 'Call'],
        ['EMAIL', 'Email'],
        ['TODO', 'To-do'],
      ]),
    }),
    ownerProperty('taskinformation'),
    ...timestamps('taskinformation', 'hs_createdate', 'hs_lastmodifieddate'),
  ];
}

/** A line item's own copy of what it sells; `amount` is HubSpot's calculated net price (see `deriveLineItemAmount`). */
function lineItemProperties(): PropertyDefinition[] {
  const p = builder('lineiteminformation');
  return [
    p('name', 'Name', 'string', 'text'),
    p('description', 'Description', 'string', 'textarea'),
    p('hs_sku', 'SKU', 'string', 'text'),
    p('hs_product_id', 'Product ID', 'number', 'number'),
    p('price', 'Unit price', 'number', 'number', { showCurrencySymbol: true }),
    p('quantity', 'Quantity', 'number', 'number'),
    p('discount', 'Unit discount', 'number', 'number', { showCurrencySymbol: true }),
    p('hs_discount_percentage', 'Discount percentage', 'number', 'number'),
    p('amount', 'Net price', 'number', 'number', { showCurrencySymbol: true, calculated: true, readOnlyValue: true }),
    ...timestamps('lineiteminformation', 'createdate', 'hs_lastmodifieddate'),
  ];
}

function productProperties(): PropertyDefinition[] {
  const p = builder('productinformation');
  return [
    p('name', 'Name', 'string', 'text'),
    p('description', 'Description', 'string', 'textarea'),
    p('hs_sku', 'SKU', 'string', 'text'),
    p('price', 'Unit price', 'number', 'number', { showCurrencySymbol: true }),
    ...timestamps('productinformation', 'createdate', 'hs_lastmodifieddate'),
  ];
}

export const DEFAULT_SCHEMA: Record<ObjectTypeName, { groups: PropertyGroupDefinition[]; properties: PropertyDefinition[] }> = {
  deals: { groups: [{ name: 'dealinformation', label: 'Deal information', displayOrder: -1 }], properties: dealProperties() },
  companies: { groups: [{ name: 'companyinformation', label: 'Company information', displayOrder: -1 }], properties: companyProperties() },
  contacts: { groups: [{ name: 'contactinformation', label: 'Contact information', displayOrder: -1 }], properties: contactProperties() },
  notes: { groups: [{ name: 'noteinformation', label: 'Note information', displayOrder: -1 }], properties: noteProperties() },
  tasks: { groups: [{ name: 'taskinformation', label: 'Task information', displayOrder: -1 }], properties: taskProperties() },
  line_items: { groups: [{ name: 'lineiteminformation', label: 'Line item information', displayOrder: -1 }], properties: lineItemProperties() },
  products: { groups: [{ name: 'productinformation', label: 'Product information', displayOrder: -1 }], properties: productProperties() },
};
