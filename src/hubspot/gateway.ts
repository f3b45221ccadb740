import { Client } from '@hubspot/api-client';
import { HubSpotError } from './errors.ts';
import type { HistoryEntry, PropertyHistory } from './integrity/verify.ts';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './retry.ts';

/** A CRM record as HubSpot returns it: every property value is a string or null. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
}

export type CrmObjectType = 'deals' | 'companies' | 'contacts' | 'notes' | 'tasks' | 'line_items' | 'products';

/** An associated record; `primary` when HubSpot labels the association Primary (deal→company type 5). */
export interface AssociatedRecord {
  id: string;
  primary: boolean;
}

export interface RecordRead {
  record: CrmRecord;
  /** Newest first, for the properties asked for with history. */
  history: PropertyHistory;
  /** Every associated record, all pages followed. */
  associations: Partial<Record<CrmObjectType, AssociatedRecord[]>>;
}

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'IN' | 'NOT_IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'CONTAINS_TOKEN';
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups: { filters: SearchFilter[] }[];
  properties: readonly string[];
  sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  /** Stop after this many records (HubSpot itself stops at 10,000). */
  maxResults?: number;
}

export interface HubSpotOwner {
  id: string;
  userId: number | null;
  email: string;
  firstName: string;
  lastName: string;
  teams: { id: string; name: string; primary: boolean }[];
}

export interface HubSpotUser {
  id: string;
  email: string;
  superAdmin: boolean;
  roleIds: string[];
  primaryTeamId: string | null;
  secondaryTeamIds: string[];
}

export interface HubSpotTeam {
  id: string;
  name: string;
  userIds: string[];
  secondaryUserIds: string[];
}

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  isClosed: boolean;
}

export interface Pipeline {
  id: string;
  label: string;
  stages: PipelineStage[];
}

export interface AccountDetails {
  portalId: number;
  /** The host of HubSpot's UI for this portal, such as app.hubspot.com or app-eu1.hubspot.com. */
  uiDomain: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: { label: string; value: string; description?: string; displayOrder?: number; hidden?: boolean }[];
  /** HubSpot's own flag: the property is not shown in record views or property pickers. */
  hidden?: boolean;
}

export interface GatewayOptions {
  accessToken: string;
  /** Defaults to HubSpot's own API host; the sandbox passes its local address. */
  basePath?: string;
  retry?: Partial<RetryPolicy>;
  /** Counts every HTTP request the gateway sends (retries included), for benchmarks and tests. */
  onRequest?: (operation: string) => void;
  /** Waits before every request (retries included), e.g. to run at HubSpot's burst limit without crossing it. */
  pacer?: { acquire(): Promise<void> };
}

/** HubSpot's search limit is per account, about five a second: one process starts at most one every 220 ms. */
const SEARCH_SPACING_MS = 220;

const BATCH_READ_LIMIT = 100;
/** HubSpot refuses batch reads with property history above 50 inputs. */
const BATCH_HISTORY_READ_LIMIT = 50;
const ASSOCIATION_PAGE_LIMIT = 500;
const ASSOCIATION_BATCH_LIMIT = 1_000;
const SEARCH_PAGE_LIMIT = 200;
const SEARCH_RESULT_CAP = 10_000;

/** HubSpot's own association type ids (HUBSPOT_DEFINED) for the pairs the app writes. */
const defaultAssociationTypeId: Record<string, number> = {
  'notes->deals': 214,
  'notes->companies': 190,
  'tasks->deals': 216,
  'tasks->companies': 192,
  'deals->companies': 5,
  'contacts->companies': 1,
};

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function toRecord(object: { id: string; properties: Record<string, string | null> }): CrmRecord {
  return { id: object.id, properties: { ...object.properties } };
}

type ApiHistoryEntry = { value: string; timestamp: Date | string; sourceType: string; sourceId?: string; sourceLabel?: string; updatedByUserId?: number };

function toHistory(raw: Record<string, ApiHistoryEntry[]> | undefined): PropertyHistory {
  const history: Record<string, HistoryEntry[]> = {};
  for (const [name, entries] of Object.entries(raw ?? {})) {
    history[name] = entries
      .map((entry) => ({
        value: entry.value,
        timestamp: entry.timestamp instanceof Date ? entry.timestamp.toISOString() : new Date(entry.timestamp).toISOString(),
        sourceType: entry.sourceType,
        ...(entry.sourceId !== undefined ? { sourceId: entry.sourceId } : {}),
        ...(entry.sourceLabel !== undefined ? { sourceLabel: entry.sourceLabel } : {}),
        ...(entry.updatedByUserId !== undefined ? { updatedByUserId: entry.updatedByUserId } : {}),
      }))
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  }
  return history;
}

/**
 * v3 lists each association type separately. For pairs that have a Primary label the default type is
 * `deal_to_company_unlabeled` and the primary one `deal_to_company`, and HubSpot keeps the default
 * beside every label; so a record is primary when it appears under both names.
 */
function v3Associations(rows: readonly { id: string; type: string }[]): AssociatedRecord[] {
  const typesById = new Map<string, Set<string>>();
  for (const row of rows) typesById.set(row.id, (typesById.get(row.id) ?? new Set()).add(row.type));
  return [...typesById].map(([id, types]) => ({ id, primary: [...types].some((type) => types.has(`${type}_unlabeled`)) }));
}

/**
 * The one door to HubSpot. Everything the app reads or writes in a portal goes through here, so
 * batching, retries and error translation live in one place.
 */
export class HubSpotGateway {
  private readonly client: Client;
  private readonly retry: RetryPolicy;
  private readonly onRequest: (operation: string) => void;
  private readonly pacer: GatewayOptions['pacer'];
  private readonly searchLane: { tail: Promise<unknown>; lastAt: number };

  constructor(options: GatewayOptions, shared?: { client: Client; searchLane: HubSpotGateway['searchLane'] }) {
    // Retries are ours (see retry.ts): the client's own decorator sleeps 10 s per 429 attempt,
    // longer than a function's whole 15 s budget allows, so it stays off.
    this.client = shared?.client ?? new Client({ accessToken: options.accessToken, ...(options.basePath ? { basePath: options.basePath } : {}) });
    this.searchLane = shared?.searchLane ?? { tail: Promise.resolve(), lastAt: 0 };
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.onRequest = options.onRequest ?? (() => {});
    this.pacer = options.pacer;
  }

  private shareWith(retry: RetryPolicy): HubSpotGateway {
    return new HubSpotGateway(
      { accessToken: '', retry, onRequest: this.onRequest, ...(this.pacer ? { pacer: this.pacer } : {}) },
      { client: this.client, searchLane: this.searchLane },
    );
  }

  /** The same connection and search lane, with every retry of the work it is used for over by `deadline` (epoch ms). */
  withDeadline(deadline: number): HubSpotGateway {
    return this.shareWith({ ...this.retry, deadline });
  }

  /**
   * The same connection and search lane under another retry policy and no invocation deadline: a
   * background read of the whole portal waits out rate limits that a card's request could not.
   * `pacer` spaces its requests (a background job takes its share of the burst limit, not all of it).
   */
  withRetryPolicy(retry: Partial<Omit<RetryPolicy, 'deadline'>>, pacer?: GatewayOptions['pacer']): HubSpotGateway {
    const { deadline: _deadline, ...base } = this.retry;
    return new HubSpotGateway(
      { accessToken: '', retry: { ...base, ...retry }, onRequest: this.onRequest, ...(pacer ? { pacer } : {}) },
      { client: this.client, searchLane: this.searchLane },
    );
  }

  private call<T>(operation: string, request: () => Promise<T>, idempotent = true): Promise<T> {
    return withRetry(
      operation,
      async () => {
        await this.pacer?.acquire();
        this.onRequest(operation);
        return request();
      },
      this.retry,
      idempotent,
    );
  }

  async getRecord(type: CrmObjectType, id: string, properties: readonly string[]): Promise<CrmRecord> {
    const object = await this.call(`read ${type} ${id}`, () => this.client.crm.objects.basicApi.getById(type, id, [...properties]));
    return toRecord(object);
  }

  /**
   * One record with the history of `history` properties and its associations, in one call when no
   * association list pages (HubSpot returns 100 per type); a paged list is read to the end through v4.
   */
  async readRecord(
    type: CrmObjectType,
    id: string,
    read: { properties: readonly string[]; history?: readonly string[]; associations?: readonly CrmObjectType[] },
  ): Promise<RecordRead> {
    const associationTypes = read.associations ?? [];
    const object = await this.call(`read ${type} ${id}`, () =>
      this.client.crm.objects.basicApi.getById(
        type,
        id,
        [...read.properties],
        read.history && read.history.length > 0 ? [...read.history] : undefined,
        associationTypes.length > 0 ? [...associationTypes] : undefined,
      ),
    );
    const associations: Partial<Record<CrmObjectType, AssociatedRecord[]>> = {};
    for (const associationType of associationTypes) {
      // Some HubSpot responses key line items as "line items": both spellings are read.
      const block = object.associations?.[associationType] ?? object.associations?.[associationType.replace('_', ' ')];
      if (block?.paging?.next?.after) {
        associations[associationType] = await this.associationsOf(type, id, associationType);
        continue;
      }
      associations[associationType] = v3Associations(block?.results ?? []);
    }
    return { record: toRecord(object), history: toHistory(object.propertiesWithHistory), associations };
  }

  /** Every association of one record to `toType`, following v4 paging (500 per page). */
  async associationsOf(fromType: CrmObjectType, id: string, toType: CrmObjectType): Promise<AssociatedRecord[]> {
    const found: AssociatedRecord[] = [];
    let after: string | undefined;
    do {
      const page = await this.call(`read ${fromType} ${id} to ${toType} associations`, () =>
        this.client.crm.associations.v4.basicApi.getPage(fromType, id, toType, after, ASSOCIATION_PAGE_LIMIT),
      );
      for (const row of page.results) {
        found.push({ id: String(row.toObjectId), primary: row.associationTypes.some((associationType) => associationType.label === 'Primary') });
      }
      after = page.paging?.next?.after;
    } while (after);
    return found;
  }

  /** Reads many records, 100 per call (50 with history); ids HubSpot does not know are left out of the result. */
  async readRecords(type: CrmObjectType, ids: readonly string[], properties: readonly string[]): Promise<CrmRecord[]> {
    return (await this.readRecordsWithHistory(type, ids, properties, [])).map((read) => read.record);
  }

  async readRecordsWithHistory(
    type: CrmObjectType,
    ids: readonly string[],
    properties: readonly string[],
    history: readonly string[],
  ): Promise<{ record: CrmRecord; history: PropertyHistory }[]> {
    const unique = [...new Set(ids)];
    const read: { record: CrmRecord; history: PropertyHistory }[] = [];
    for (const ids of chunk(unique, history.length > 0 ? BATCH_HISTORY_READ_LIMIT : BATCH_READ_LIMIT)) {
      const response = await this.call(`batch read ${ids.length} ${type}`, () =>
        this.client.crm.objects.batchApi.read(type, {
          inputs: ids.map((id) => ({ id })),
          properties: [...properties],
          propertiesWithHistory: [...history],
        }),
      );
      read.push(
        ...response.results.map((object) => ({
          record: toRecord(object),
          history: toHistory(object.propertiesWithHistory as Record<string, ApiHistoryEntry[]> | undefined),
        })),
      );
    }
    return read;
  }

  /**
   * One page of HubSpot's list of all records of a type (100 a page, 50 with history), with the
   * associations asked for. Unlike search it has no 10,000-record ceiling, so whole-portal reads
   * page through it; `after` is HubSpot's cursor.
   */
  async listPage(
    type: CrmObjectType,
    read: { properties: readonly string[]; history?: readonly string[]; associations?: readonly CrmObjectType[]; after?: string | undefined },
  ): Promise<{ records: (RecordRead & { record: CrmRecord })[]; after: string | undefined }> {
    const history = read.history ?? [];
    const associationTypes = read.associations ?? [];
    const page = await this.call(`list ${type}`, () =>
      this.client.crm.objects.basicApi.getPage(
        type,
        history.length > 0 ? BATCH_HISTORY_READ_LIMIT : BATCH_READ_LIMIT,
        read.after,
        [...read.properties],
        history.length > 0 ? [...history] : undefined,
        associationTypes.length > 0 ? [...associationTypes] : undefined,
      ),
    );
    const records = page.results.map((object) => {
      const associations: Partial<Record<CrmObjectType, AssociatedRecord[]>> = {};
      for (const associationType of associationTypes) associations[associationType] = v3Associations(object.associations?.[associationType]?.results ?? []);
      return { record: toRecord(object), history: toHistory(object.propertiesWithHistory), associations };
    });
    return { records, after: page.paging?.next?.after };
  }

  async updateRecord(type: CrmObjectType, id: string, properties: Record<string, string>): Promise<CrmRecord> {
    const object = await this.call(`update ${type} ${id}`, () => this.client.crm.objects.basicApi.update(type, id, { properties }));
    return toRecord(object);
  }

  async updateRecords(type: CrmObjectType, updates: readonly { id: string; properties: Record<string, string> }[]): Promise<void> {
    for (const inputs of chunk(updates, BATCH_READ_LIMIT)) {
      await this.call(`batch update ${inputs.length} ${type}`, () =>
        this.client.crm.objects.batchApi.update(type, { inputs: inputs.map((input) => ({ ...input })) }),
      );
    }
  }

  async createRecord(
    type: CrmObjectType,
    properties: Record<string, string>,
    associateWith: readonly { type: CrmObjectType; id: string }[] = [],
  ): Promise<CrmRecord> {
    const associations = associateWith.map((target) => {
      const typeId = defaultAssociationTypeId[`${type}->${target.type}`];
      if (typeId === undefined) throw new Error(`No default association from ${type} to ${target.type}`);
      return {
        to: { id: target.id },
        types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: typeId }],
      };
    });
    const object = await this.call(`create ${type}`, () => this.client.crm.objects.basicApi.create(type, { properties, associations }), false);
    return toRecord(object);
  }

  async search(type: CrmObjectType, request: SearchRequest): Promise<CrmRecord[]> {
    const cap = Math.min(request.maxResults ?? SEARCH_RESULT_CAP, SEARCH_RESULT_CAP);
    const records: CrmRecord[] = [];
    let after: string | undefined;
    do {
      const limit = Math.min(SEARCH_PAGE_LIMIT, cap - records.length);
      const page = await this.searchInTurn(() =>
        this.call(`search ${type}`, () =>
          this.client.crm.objects.searchApi.doSearch(type, {
            filterGroups: request.filterGroups as never,
            properties: [...request.properties],
            sorts: (request.sorts ?? []) as never,
            limit,
            ...(after ? { after } : {}),
          }),
        ),
      );
      records.push(...page.results.map(toRecord));
      after = page.paging?.next?.after;
    } while (after && records.length < cap);
    return records;
  }

  /** Runs searches one after another, spaced so one process stays under HubSpot's per-account search limit. */
  private searchInTurn<T>(search: () => Promise<T>): Promise<T> {
    const lane = this.searchLane;
    const run = lane.tail.then(async () => {
      const wait = lane.lastAt + SEARCH_SPACING_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lane.lastAt = Date.now();
      return search();
    });
    lane.tail = run.catch(() => undefined);
    return run;
  }

  /** Ids of the records of `toType` associated with each of `ids`, up to 1,000 ids per call, every page followed. */
  async associatedIds(fromType: CrmObjectType, ids: readonly string[], toType: CrmObjectType): Promise<Map<string, string[]>> {
    const records = await this.associatedRecords(fromType, ids, toType);
    return new Map([...records].map(([id, associated]) => [id, associated.map((record) => record.id)]));
  }

  /** As associatedIds, with whether HubSpot labels each association Primary. */
  async associatedRecords(fromType: CrmObjectType, ids: readonly string[], toType: CrmObjectType): Promise<Map<string, AssociatedRecord[]>> {
    const result = new Map<string, AssociatedRecord[]>(ids.map((id) => [id, []]));
    let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
    while (pending.length > 0) {
      const next: { id: string; after: string }[] = [];
      for (const inputs of chunk(pending, ASSOCIATION_BATCH_LIMIT)) {
        const response = await this.call(`read ${fromType} to ${toType} associations`, () =>
          this.client.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: inputs.map((input) => ({ ...input })) }),
        );
        for (const row of response.results) {
          const known = new Map((result.get(row._from.id) ?? []).map((record) => [record.id, record]));
          for (const target of row.to) {
            const id = String(target.toObjectId);
            known.set(id, { id, primary: (known.get(id)?.primary ?? false) || target.associationTypes.some((type) => type.label === 'Primary') });
          }
          result.set(row._from.id, [...known.values()]);
          const after = row.paging?.next?.after;
          if (after) next.push({ id: row._from.id, after });
        }
      }
      pending = next;
    }
    return result;
  }

  async dissociate(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string): Promise<void> {
    await this.call(`remove association of ${fromType} ${fromId} with ${toType} ${toId}`, () =>
      this.client.crm.associations.v4.basicApi.archive(fromType, fromId, toType, toId),
    );
  }

  async associate(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string): Promise<void> {
    await this.call(`associate ${fromType} ${fromId} with ${toType} ${toId}`, () =>
      this.client.crm.associations.v4.basicApi.createDefault(fromType, fromId, toType, toId),
    );
  }

  async owners(): Promise<HubSpotOwner[]> {
    const owners: HubSpotOwner[] = [];
    let after: string | undefined;
    do {
      const page = await this.call('list owners', () => this.client.crm.owners.ownersApi.getPage(undefined, after, 500));
      for (const owner of page.results) {
        owners.push({
          id: owner.id,
          userId: owner.userId ?? null,
          email: owner.email ?? '',
          firstName: owner.firstName ?? '',
          lastName: owner.lastName ?? '',
          teams: (owner.teams ?? []).map((team) => ({ id: team.id, name: team.name, primary: team.primary })),
        });
      }
      after = page.paging?.next?.after;
    } while (after);
    return owners;
  }

  async users(): Promise<HubSpotUser[]> {
    const users: HubSpotUser[] = [];
    let after: string | undefined;
    do {
      const page = await this.call('list users', () => this.client.settings.users.usersApi.getPage(100, after));
      for (const user of page.results) {
        users.push({
          id: user.id,
          email: user.email,
          superAdmin: user.superAdmin ?? false,
          roleIds: user.roleIds ?? [],
          primaryTeamId: user.primaryTeamId ?? null,
          secondaryTeamIds: user.secondaryTeamIds ?? [],
        });
      }
      after = page.paging?.next?.after;
    } while (after);
    return users;
  }

  async teams(): Promise<HubSpotTeam[]> {
    const response = await this.call('list teams', () => this.client.settings.users.teamsApi.getAll());
    return response.results.map((team) => ({
      id: team.id,
      name: team.name,
      userIds: team.userIds ?? [],
      secondaryUserIds: team.secondaryUserIds ?? [],
    }));
  }

  /**
   * The portal's id and the domain of HubSpot's UI it is served on (`app.hubspot.com`, or
   * `app-eu1.hubspot.com` for a portal in the EU data centre), from the account information API.
   */
  async accountDetails(): Promise<AccountDetails> {
    const body = await this.call('read account details', async () => {
      const response = await this.client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
      const json = (await response.json()) as unknown;
      if (!response.ok)
        throw Object.assign(new Error(`HTTP ${response.status}`), {
          code: response.status,
          body: json,
          headers: { 'retry-after': response.headers.get('retry-after') ?? '' },
        });
      return json as { portalId?: unknown; uiDomain?: unknown };
    });
    if (typeof body.uiDomain !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(body.uiDomain) || typeof body.portalId !== 'number') {
      throw new HubSpotError('unexpected', 'HubSpot’s account details did not name the portal and its UI domain.', {
        operation: 'read account details',
        attempts: 1,
      });
    }
    return { portalId: body.portalId, uiDomain: body.uiDomain.toLowerCase() };
  }

  async dealPipelines(): Promise<Pipeline[]> {
    const response = await this.call('list deal pipelines', () => this.client.crm.pipelines.pipelinesApi.getAll('deals'));
    return response.results.map((pipeline) => ({
      id: pipeline.id,
      label: pipeline.label,
      stages: pipeline.stages
        .map((stage) => ({
          id: stage.id,
          label: stage.label,
          displayOrder: stage.displayOrder,
          isClosed: stage.metadata?.isClosed === 'true',
        }))
        .sort((a, b) => a.displayOrder - b.displayOrder),
    }));
  }

  async properties(type: CrmObjectType): Promise<PropertyDefinition[]> {
    const response = await this.call(`list ${type} properties`, () => this.client.crm.properties.coreApi.getAll(type));
    return response.results.map((property) => ({
      name: property.name,
      label: property.label,
      type: property.type,
      fieldType: property.fieldType,
      groupName: property.groupName,
      description: property.description,
      hidden: property.hidden,
      options: property.options.map((option) => ({
        label: option.label,
        value: option.value,
        ...(option.description ? { description: option.description } : {}),
        displayOrder: option.displayOrder,
        hidden: option.hidden,
      })),
    }));
  }

  async propertyGroupNames(type: CrmObjectType): Promise<string[]> {
    const response = await this.call(`list ${type} property groups`, () => this.client.crm.properties.groupsApi.getAll(type));
    return response.results.map((group) => group.name);
  }

  async createPropertyGroup(type: CrmObjectType, group: { name: string; label: string; displayOrder: number }): Promise<void> {
    await this.call(`create ${type} property group ${group.name}`, () => this.client.crm.properties.groupsApi.create(type, group), false);
  }

  async updatePropertyGroup(type: CrmObjectType, group: { name: string; label: string; displayOrder: number }): Promise<void> {
    await this.call(`update ${type} property group ${group.name}`, () =>
      this.client.crm.properties.groupsApi.update(type, group.name, { label: group.label, displayOrder: group.displayOrder }),
    );
  }

  async createProperty(type: CrmObjectType, property: Omit<PropertyDefinition, 'options'> & { options: PropertyDefinition['options'] }): Promise<void> {
    await this.call(`create ${type} property ${property.name}`, () => this.client.crm.properties.coreApi.create(type, property as never), false);
  }

  async updateProperty(type: CrmObjectType, property: Omit<PropertyDefinition, 'name'> & { name: string }): Promise<void> {
    const { name, ...changes } = property;
    await this.call(`update ${type} property ${name}`, () => this.client.crm.properties.coreApi.update(type, name, changes as never));
  }
}

export { HubSpotError };
