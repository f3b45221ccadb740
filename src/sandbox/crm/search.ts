import { validationError } from './errors.ts';
import { findObjectType, type ObjectTypeInfo } from './object-types.ts';
import type { CrmObjectRecord, CrmStore } from './store.ts';
import { compareValues, scalarText } from './values.ts';
import type { PropertyDefinition } from './default-schema.ts';

// HubSpot's documented search limits (filter limits as raised in August 2024).
export const SEARCH_LIMITS = { groups: 5, filtersPerGroup: 10, filters: 25, pageSize: 200, results: 10_000 } as const;

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

interface Filter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

export interface SearchRequest {
  filterGroups?: Array<{ filters?: Filter[] }>;
  sorts?: Array<string | { propertyName?: string; direction?: string }>;
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
}

export interface SearchResult {
  total: number;
  results: CrmObjectRecord[];
  nextAfter?: string;
}

/** Reads one filter's target: a property, or `associations.<type>` (the ids of associated records). */
type Accessor = (record: CrmObjectRecord) => string | string[] | undefined;

function accessorFor(store: CrmStore, type: ObjectTypeInfo, propertyName: string): { read: Accessor; def?: PropertyDefinition } {
  if (propertyName.startsWith('associations.')) {
    const target = findObjectType(propertyName.slice('associations.'.length));
    if (!target) throw validationError(`Unknown association type in filter: ${propertyName}`);
    return { read: (record) => store.getAssociations(type.name, record.id, target.name).map((a) => a.toId) };
  }
  const def = store.getProperty(type.name, propertyName);
  if (!def || def.archived) {
    throw validationError(`There was a problem with the request: property ${propertyName} does not exist on ${type.name}.`);
  }
  return { read: (record) => record.properties[propertyName], def };
}

const asText = scalarText;

function tokenMatches(stored: string, pattern: string): boolean {
  const needle = pattern.toLowerCase();
  if (/\s/.test(needle)) return stored.toLowerCase().includes(needle);
  const regex = new RegExp(
    `^${needle
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return stored
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .some((token) => regex.test(token));
}

function matches(filter: Filter, read: Accessor, def: PropertyDefinition | undefined, record: CrmObjectRecord): boolean {
  const raw = read(record);
  const stored = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const has = stored.length > 0;
  const equals = (a: string, b: string) => compareValues(def, a, b) === 0;
  const value = asText(filter.value);
  switch (filter.operator) {
    case 'EQ':
      return stored.some((v) => equals(v, value));
    case 'NEQ':
      return !stored.some((v) => equals(v, value));
    case 'LT':
      return stored.some((v) => compareValues(def, v, value) < 0);
    case 'LTE':
      return stored.some((v) => compareValues(def, v, value) <= 0);
    case 'GT':
      return stored.some((v) => compareValues(def, v, value) > 0);
    case 'GTE':
      return stored.some((v) => compareValues(def, v, value) >= 0);
    case 'BETWEEN':
      return stored.some((v) => compareValues(def, v, value) >= 0 && compareValues(def, v, asText(filter.highValue)) <= 0);
    case 'IN':
      return stored.some((v) => (filter.values ?? []).some((candidate) => equals(v, asText(candidate))));
    case 'NOT_IN':
      return !stored.some((v) => (filter.values ?? []).some((candidate) => equals(v, asText(candidate))));
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'CONTAINS_TOKEN':
      return stored.some((v) => tokenMatches(v, value));
    case 'NOT_CONTAINS_TOKEN':
      return !stored.some((v) => tokenMatches(v, value));
    default:
      return false;
  }
}

function checkFilter(filter: Filter): void {
  if (!filter || typeof filter.propertyName !== 'string' || !OPERATORS.has(filter.operator)) {
    throw validationError(`Invalid filter: ${JSON.stringify(filter)}. Each filter needs a propertyName and one of ${[...OPERATORS].join(', ')}.`);
  }
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(filter.operator);
  if (needsValue && (filter.value === undefined || filter.value === null)) {
    throw validationError(`Filter on ${filter.propertyName} with operator ${filter.operator} needs a value.`);
  }
  if (filter.operator === 'BETWEEN' && (filter.highValue === undefined || filter.highValue === null)) {
    throw validationError(`Filter on ${filter.propertyName} with operator BETWEEN needs a highValue.`);
  }
  if ((filter.operator === 'IN' || filter.operator === 'NOT_IN') && !Array.isArray(filter.values)) {
    throw validationError(`Filter on ${filter.propertyName} with operator ${filter.operator} needs values.`);
  }
}

/** Runs a CRM search: OR across filter groups, AND within one, then sort and offset paging. */
export function searchObjects(store: CrmStore, type: ObjectTypeInfo, request: SearchRequest): SearchResult {
  const groups = request.filterGroups ?? [];
  if (!Array.isArray(groups)) throw validationError('filterGroups must be an array.');
  if (groups.length > SEARCH_LIMITS.groups) {
    throw validationError(`There are ${groups.length} filter groups, but the maximum is ${SEARCH_LIMITS.groups}.`);
  }
  let filterCount = 0;
  for (const group of groups) {
    const filters = group?.filters ?? [];
    if (filters.length > SEARCH_LIMITS.filtersPerGroup) {
      throw validationError(`A filter group has ${filters.length} filters, but the maximum per group is ${SEARCH_LIMITS.filtersPerGroup}.`);
    }
    filterCount += filters.length;
    filters.forEach(checkFilter);
  }
  if (filterCount > SEARCH_LIMITS.filters) {
    throw validationError(`There are ${filterCount} filters, but the maximum is ${SEARCH_LIMITS.filters}.`);
  }
  const limit = request.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.pageSize) {
    throw validationError(`limit must be an integer between 0 and ${SEARCH_LIMITS.pageSize}; got ${limit}.`);
  }
  const offset = request.after === undefined || request.after === '' ? 0 : Number(request.after);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`after must be a paging cursor; got ${request.after}.`);
  if (offset >= SEARCH_LIMITS.results) {
    throw validationError(`Search results are limited to ${SEARCH_LIMITS.results} per query; page with filters instead of after=${offset}.`);
  }

  const compiled = groups.map((group) => (group.filters ?? []).map((filter) => ({ filter, ...accessorFor(store, type, filter.propertyName) })));
  const query = request.query?.trim().toLowerCase();
  let records = store
    .listObjects(type.name)
    .filter(
      (record) =>
        (compiled.length === 0 || compiled.some((group) => group.every(({ filter, read, def }) => matches(filter, read, def, record)))) &&
        (!query || type.queryProperties.some((p) => record.properties[p]?.toLowerCase().includes(query))),
    );

  for (const sort of [...(request.sorts ?? [])].reverse()) {
    const spec =
      typeof sort === 'string'
        ? { propertyName: sort.replace(/^-/, ''), descending: sort.startsWith('-') }
        : { propertyName: sort.propertyName ?? '', descending: sort.direction === 'DESCENDING' };
    const { def } = accessorFor(store, type, spec.propertyName);
    // Stable sorts applied last-to-first give a multi-key order; records without a value go last.
    records = [...records].sort((a, b) => {
      const va = a.properties[spec.propertyName];
      const vb = b.properties[spec.propertyName];
      if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
      const order = compareValues(def, va, vb);
      return spec.descending ? -order : order;
    });
  }

  const total = records.length;
  const page = records.slice(offset, offset + limit);
  const next = offset + limit;
  return { total, results: page, ...(next < total && next < SEARCH_LIMITS.results ? { nextAfter: String(next) } : {}) };
}
