import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { ASSOCIATION_TYPES, defaultAssociationType, findAssociationType, type AssociationCategory } from './association-types.ts';
import { DEFAULT_SCHEMA, type PropertyDefinition, type PropertyGroupDefinition, type PropertyOption, type PropertyType } from './default-schema.ts';
import { CrmError, objectNotFound, propertyValidationError, validationError, type PropertyValidationFailure } from './errors.ts';
import { OBJECT_TYPES, objectType, type ObjectTypeName } from './object-types.ts';
import { DEFAULT_DEAL_PIPELINE, type PipelineDef } from './pipelines.ts';
import { normalizeValue } from './values.ts';

export interface CrmObjectRecord {
  id: string;
  objectType: ObjectTypeName;
  /** Stored values, already in the string form HubSpot returns. */
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface AssociationSpecInput {
  associationCategory: string;
  associationTypeId: number;
}

/** One `associations` entry of a create request: `{ to: { id }, types: [...] }`. */
export interface AssociationInput {
  to: { id: string | number };
  types: AssociationSpecInput[];
}

export interface AssociatedObject {
  toId: string;
  types: { category: AssociationCategory; typeId: number; label: string | null; v3Name: string }[];
}

export interface PropertyRecord extends PropertyDefinition {
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PropertyGroupRecord extends PropertyGroupDefinition {
  archived: boolean;
}

/** What POST /crm/v3/properties/{type} accepts (HubSpot's PropertyCreate). */
export interface PropertyCreateInput {
  name?: unknown;
  label?: unknown;
  type?: unknown;
  fieldType?: unknown;
  groupName?: unknown;
  description?: unknown;
  options?: unknown;
  displayOrder?: unknown;
  hidden?: unknown;
  formField?: unknown;
  hasUniqueValue?: unknown;
  externalOptions?: unknown;
  referencedObjectType?: unknown;
}

export type PropertyUpdateInput = Omit<PropertyCreateInput, 'name' | 'hasUniqueValue' | 'externalOptions' | 'referencedObjectType'>;

export interface UserRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  roleIds: string[];
  primaryTeamId?: string;
  secondaryTeamIds: string[];
  superAdmin: boolean;
}

export interface TeamRecord {
  id: string;
  name: string;
}

export interface RoleRecord {
  id: string;
  name: string;
}

export interface OwnerRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** The HubSpot user behind the owner; teams come from that user. */
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PipelineRecord extends PipelineDef {
  createdAt: string;
  updatedAt: string;
}

export interface CrmStoreOptions {
  /** Hub id reported in validation errors and handed to the lead's function runner. */
  portalId?: number;
  now?: () => Date;
}

/** What changed, in the terms HubSpot's webhooks use; emitted once the write has committed. */
export type CrmChangeEvent =
  | { kind: 'creation' | 'deletion'; objectType: ObjectTypeName; objectId: string; occurredAt: Date; source: ChangeSource }
  | {
      kind: 'propertyChange';
      objectType: ObjectTypeName;
      objectId: string;
      propertyName: string;
      propertyValue: string | null;
      occurredAt: Date;
      source: ChangeSource;
    }
  | {
      kind: 'associationChange';
      objectType: ObjectTypeName;
      objectId: string;
      toObjectType: ObjectTypeName;
      toObjectId: string;
      associationTypeId: number;
      associationCategory: AssociationCategory;
      primary: boolean;
      removed: boolean;
      occurredAt: Date;
      source: ChangeSource;
    };

/**
 * Who made a change, as HubSpot records it in property history (`sourceType`, `sourceId`,
 * `sourceLabel`, `updatedByUserId`) and reports it in webhooks (`changeSource`, `sourceId`): a person
 * in the UI is `CRM_UI` with `userId:<id>`, an app `INTEGRATION` with its app id, an import `IMPORT`
 * with the import id, a workflow `AUTOMATION_PLATFORM` with its enrollment.
 */
export interface ChangeSource {
  sourceType: 'CRM_UI' | 'INTEGRATION' | 'FORM' | 'IMPORT' | 'AUTOMATION_PLATFORM' | 'API' | 'CRM_UI_BULK_ACTION';
  sourceId: string | null;
  sourceLabel: string | null;
  updatedByUserId: number | null;
  /** Stand-in only: the demo seed's history predates the app, so its changes send no webhooks. */
  silent?: true;
}

/** One value in a property's history, as `propertiesWithHistory` returns it. */
export interface PropertyHistoryEntry {
  value: string;
  timestamp: string;
  sourceType: ChangeSource['sourceType'];
  sourceId?: string;
  sourceLabel?: string;
  updatedByUserId?: number;
}

export interface CrmStore {
  readonly portalId: number;
  /** Calls `listener` for every committed change; returns the unsubscribe function. */
  onChange(listener: (event: CrmChangeEvent) => void): () => void;
  /** Runs `fn` (and whatever it awaits) with every change it makes attributed to `source`. */
  asSource<T>(source: ChangeSource, fn: () => T): T;
  /** Values of `names` on one record, newest first, as HubSpot keeps them. */
  propertyHistory(type: ObjectTypeName, id: string, names: readonly string[]): Record<string, PropertyHistoryEntry[]>;
  /** The stand-in's own bookkeeping (e.g. "the demo portal is complete"), kept with the data it describes. */
  getMeta(name: string): string | undefined;
  setMeta(name: string, value: string): void;
  /** Removes every association type between two records (both directions). */
  dissociate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string): void;
  now(): Date;
  /** Runs `fn` as one SQLite transaction (nested calls become savepoints); the single writer path. */
  transaction<T>(fn: () => T): T;
  close(): void;

  createObject(type: ObjectTypeName, input: { properties?: Record<string, unknown>; associations?: AssociationInput[] }, at?: Date): CrmObjectRecord;
  updateObject(type: ObjectTypeName, id: string, properties: Record<string, unknown>, at?: Date): CrmObjectRecord;
  /** By record id, or by the value of a unique property when `idProperty` is given. */
  getObject(type: ObjectTypeName, id: string, options?: { idProperty?: string; archived?: boolean }): CrmObjectRecord | undefined;
  /** All records of a type in id order. */
  listObjects(type: ObjectTypeName, options?: { archived?: boolean }): CrmObjectRecord[];
  /**
   * Creates many records in one transaction for seeding large demo portals: the same validation,
   * stored values and property history as createObject, with HubSpot-defined associations to existing
   * records; no change events (an import the app's webhooks never saw). Returns the new ids in order.
   */
  bulkCreateObjects(
    type: ObjectTypeName,
    inputs: readonly {
      properties: Record<string, unknown>;
      createdAt: Date;
      associations?: readonly { toType: ObjectTypeName; toId: string; typeId: number }[];
      /** Values that depend on the new record's id (an app seal binds the id), written with the others. */
      propertiesForId?: (id: string) => Record<string, unknown>;
    }[],
  ): string[];
  /** Up to `limit` records of a type with id at least `fromId`, in id order (one indexed read, for paging large portals). */
  listObjectsFrom(type: ObjectTypeName, fromId: number, limit: number, options?: { archived?: boolean }): CrmObjectRecord[];

  /** Adds association types between two records (both directions); no types means the default (unlabeled) type. */
  associate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, types?: AssociationSpecInput[]): void;
  getAssociations(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName): AssociatedObject[];

  listProperties(type: ObjectTypeName, options?: { archived?: boolean }): PropertyRecord[];
  getProperty(type: ObjectTypeName, name: string): PropertyRecord | undefined;
  createProperty(type: ObjectTypeName, input: PropertyCreateInput, at?: Date): PropertyRecord;
  updateProperty(type: ObjectTypeName, name: string, input: PropertyUpdateInput, at?: Date): PropertyRecord;
  listPropertyGroups(type: ObjectTypeName): PropertyGroupRecord[];
  getPropertyGroup(type: ObjectTypeName, name: string): PropertyGroupRecord | undefined;
  createPropertyGroup(type: ObjectTypeName, input: { name?: unknown; label?: unknown; displayOrder?: unknown }): PropertyGroupRecord;
  updatePropertyGroup(type: ObjectTypeName, name: string, input: { label?: unknown; displayOrder?: unknown }): PropertyGroupRecord;

  putRole(role: RoleRecord): void;
  putTeam(team: TeamRecord): void;
  putUser(user: UserRecord): void;
  putOwner(owner: Omit<OwnerRecord, 'createdAt' | 'updatedAt' | 'archived'>, at?: Date): void;
  listRoles(): RoleRecord[];
  listTeams(): TeamRecord[];
  listUsers(): UserRecord[];
  getUser(id: string): UserRecord | undefined;
  findUserByEmail(email: string): UserRecord | undefined;
  listOwners(): OwnerRecord[];
  getOwner(id: string): OwnerRecord | undefined;
  findOwnerByUserId(userId: number): OwnerRecord | undefined;

  /** Adds or replaces a pipeline; the `pipeline`/`dealstage` options follow, as in HubSpot. */
  putPipeline(type: 'deals', pipeline: PipelineDef, at?: Date): void;
  listPipelines(type: ObjectTypeName): PipelineRecord[];
  getPipeline(type: ObjectTypeName, id: string): PipelineRecord | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  object_type TEXT NOT NULL,
  properties TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (object_type, id);
CREATE TABLE IF NOT EXISTS property_definitions (
  object_type TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (object_type, name)
);
CREATE TABLE IF NOT EXISTS property_groups (
  object_type TEXT NOT NULL,
  name TEXT NOT NULL,
  label TEXT NOT NULL,
  display_order INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (object_type, name)
);
CREATE TABLE IF NOT EXISTS associations (
  from_type TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_type TEXT NOT NULL,
  to_id TEXT NOT NULL,
  category TEXT NOT NULL,
  type_id INTEGER NOT NULL,
  PRIMARY KEY (from_type, from_id, to_type, to_id, category, type_id)
);
CREATE TABLE IF NOT EXISTS property_history (
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  name TEXT NOT NULL,
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  value TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS property_history_by_record ON property_history (object_type, object_id, name, seq);
CREATE TABLE IF NOT EXISTS sandbox_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS roles (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS owners (id TEXT PRIMARY KEY, email TEXT NOT NULL COLLATE NOCASE, user_id INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pipelines (
  object_type TEXT NOT NULL,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (object_type, id)
);
`;

/** Object ids start here so they look like HubSpot's long numeric record ids. */
const FIRST_OBJECT_ID = 40_000_000_001;

const PROPERTY_TYPES: Record<PropertyType, readonly string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox', 'calculation_equation'],
  phone_number: ['phonenumber'],
};

const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/;

interface ObjectRow {
  id: number;
  object_type: string;
  properties: string;
  created_at: number;
  updated_at: number;
  archived: number;
}
interface PropertyRow {
  definition: string;
  created_at: number;
  updated_at: number;
  archived: number;
}
interface GroupRow {
  name: string;
  label: string;
  display_order: number;
  archived: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createCrmStore(/** A file path, or `:memory:` */ dbFile: string, options: CrmStoreOptions = {}): CrmStore {
  const db = new Database(dbFile);
  if (dbFile !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
  }
  db.exec(SCHEMA);
  const portalId = options.portalId ?? 24_681_357;
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(event: CrmChangeEvent) => void>();
  // Writes outside asSource are the platform's own (the sandbox's bookkeeping), never a person's.
  const platformSource: ChangeSource = { sourceType: 'API', sourceId: null, sourceLabel: 'sandbox', updatedByUserId: null };
  const sources = new AsyncLocalStorage<ChangeSource>();
  const currentSource = () => sources.getStore() ?? platformSource;
  let pendingEvents: CrmChangeEvent[] = [];
  let transactionDepth = 0;
  const transaction = <T>(fn: () => T): T => {
    transactionDepth += 1;
    try {
      const result = db.transaction(fn)();
      if (transactionDepth === 1) {
        const committed = pendingEvents;
        pendingEvents = [];
        for (const event of committed) for (const listener of listeners) listener(event);
      }
      return result;
    } catch (error) {
      if (transactionDepth === 1) pendingEvents = [];
      throw error;
    } finally {
      transactionDepth -= 1;
    }
  };
  const emit = (event: CrmChangeEvent) => {
    if (listeners.size > 0) pendingEvents.push(event);
  };

  const toObject = (row: ObjectRow): CrmObjectRecord => ({
    id: String(row.id),
    objectType: row.object_type as ObjectTypeName,
    properties: JSON.parse(row.properties) as Record<string, string>,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    archived: row.archived === 1,
  });
  const toProperty = (row: PropertyRow): PropertyRecord => ({
    ...(JSON.parse(row.definition) as PropertyDefinition),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    archived: row.archived === 1,
  });
  const toGroup = (row: GroupRow): PropertyGroupRecord => ({
    name: row.name,
    label: row.label,
    displayOrder: row.display_order,
    archived: row.archived === 1,
  });

  const statements = {
    insertObject: db.prepare('INSERT INTO objects (object_type, properties, created_at, updated_at) VALUES (?, ?, ?, ?)'),
    setObjectProperties: db.prepare('UPDATE objects SET properties = ?, updated_at = ? WHERE id = ?'),
    objectById: db.prepare<[string, number], ObjectRow>('SELECT * FROM objects WHERE object_type = ? AND id = ?'),
    objectsByType: db.prepare<[string], ObjectRow>('SELECT * FROM objects WHERE object_type = ? ORDER BY id'),
    objectsFrom: db.prepare<[string, number, number, number], ObjectRow>(
      'SELECT * FROM objects WHERE object_type = ? AND id >= ? AND archived = ? ORDER BY id LIMIT ?',
    ),
    propertiesByType: db.prepare<[string], PropertyRow>('SELECT * FROM property_definitions WHERE object_type = ? ORDER BY rowid'),
    propertyByName: db.prepare<[string, string], PropertyRow>('SELECT * FROM property_definitions WHERE object_type = ? AND name = ?'),
    insertProperty: db.prepare('INSERT INTO property_definitions (object_type, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    updateProperty: db.prepare('UPDATE property_definitions SET definition = ?, updated_at = ? WHERE object_type = ? AND name = ?'),
    groupsByType: db.prepare<[string], GroupRow>('SELECT * FROM property_groups WHERE object_type = ? ORDER BY rowid'),
    groupByName: db.prepare<[string, string], GroupRow>('SELECT * FROM property_groups WHERE object_type = ? AND name = ?'),
    insertGroup: db.prepare('INSERT INTO property_groups (object_type, name, label, display_order) VALUES (?, ?, ?, ?)'),
    updateGroup: db.prepare('UPDATE property_groups SET label = ?, display_order = ? WHERE object_type = ? AND name = ?'),
    insertAssociation: db.prepare('INSERT OR IGNORE INTO associations (from_type, from_id, to_type, to_id, category, type_id) VALUES (?, ?, ?, ?, ?, ?)'),
    associationRows: db.prepare<[string, string, string, string], { category: string; type_id: number }>(
      'SELECT category, type_id FROM associations WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?',
    ),
    deleteAssociations: db.prepare('DELETE FROM associations WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?'),
    insertHistory: db.prepare('INSERT INTO property_history (object_type, object_id, name, value, timestamp, source) VALUES (?, ?, ?, ?, ?, ?)'),
    historyOf: db.prepare<[string, string, string], { value: string; timestamp: number; source: string }>(
      'SELECT value, timestamp, source FROM property_history WHERE object_type = ? AND object_id = ? AND name = ? ORDER BY seq DESC',
    ),
    associationsFrom: db.prepare<[string, string, string], { to_id: string; category: string; type_id: number }>(
      `SELECT a.to_id, a.category, a.type_id FROM associations a
       JOIN objects o ON o.object_type = a.to_type AND o.id = CAST(a.to_id AS INTEGER) AND o.archived = 0
       WHERE a.from_type = ? AND a.from_id = ? AND a.to_type = ? ORDER BY CAST(a.to_id AS INTEGER), a.type_id`,
    ),
  };

  /** Loads HubSpot's default schema into a new database (a reopened file keeps its own). */
  function initialise(): void {
    const seeded = db.prepare('SELECT COUNT(*) AS n FROM property_definitions').get() as { n: number };
    if (seeded.n > 0) return;
    const at = now().getTime();
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('objects', ?)").run(FIRST_OBJECT_ID - 1);
    for (const type of OBJECT_TYPES) {
      const schema = DEFAULT_SCHEMA[type.name];
      for (const group of schema.groups) statements.insertGroup.run(type.name, group.name, group.label, group.displayOrder);
      for (const property of schema.properties) {
        statements.insertProperty.run(type.name, property.name, JSON.stringify(property), at, at);
      }
    }
    putPipeline('deals', DEFAULT_DEAL_PIPELINE, new Date(at));
  }

  function getPropertyRecord(type: ObjectTypeName, name: string): PropertyRecord | undefined {
    const row = statements.propertyByName.get(type, name);
    return row ? toProperty(row) : undefined;
  }

  function isKnownOwner(id: string): boolean {
    return db.prepare('SELECT 1 FROM owners WHERE id = ?').get(id) !== undefined;
  }

  /** Checks every written value at once so one 400 names all bad properties, as HubSpot's does. */
  function validateWrite(
    type: ObjectTypeName,
    input: Record<string, unknown>,
    lookup: { property: typeof getPropertyRecord; owner: typeof isKnownOwner } = { property: getPropertyRecord, owner: isKnownOwner },
  ): Record<string, string | null> {
    const failures: PropertyValidationFailure[] = [];
    const values: Record<string, string | null> = {};
    for (const [name, raw] of Object.entries(input)) {
      const def = lookup.property(type, name);
      if (!def || def.archived) {
        failures.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (def.readOnlyValue || def.calculated) {
        failures.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.`, propertyValue: String(raw) });
        continue;
      }
      const result = normalizeValue(def, raw, lookup.owner);
      if (result.ok) values[name] = result.value;
      else failures.push(result.failure);
    }
    if (failures.length > 0) throw propertyValidationError(failures, portalId);
    return values;
  }

  function requireObject(type: ObjectTypeName, id: string): CrmObjectRecord {
    const record = /^\d+$/.test(id) ? statements.objectById.get(type, Number(id)) : undefined;
    if (!record || record.archived) throw objectNotFound(id);
    return toObject(record);
  }

  function applyValues(target: Record<string, string>, values: Record<string, string | null>): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === null) delete target[name];
      else target[name] = value;
    }
  }

  function associate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, types?: AssociationSpecInput[]): void {
    requireObject(fromType, fromId);
    requireObject(toType, toId);
    const fallback = defaultAssociationType(fromType, toType);
    if (!fallback) throw validationError(`No association types exist between ${fromType} and ${toType}.`);
    const defs = (types && types.length > 0 ? types : [{ associationCategory: fallback.category, associationTypeId: fallback.typeId }]).map((spec) => {
      const def = findAssociationType(fromType, toType, spec.associationCategory, Number(spec.associationTypeId));
      if (!def) {
        throw validationError(
          `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type between ${objectType(fromType).singular} and ${objectType(toType).singular}.`,
        );
      }
      return def;
    });
    // HubSpot keeps the unlabeled type alongside every label between the same two records.
    if (!defs.includes(fallback)) defs.push(fallback);
    transaction(() => {
      const occurredAt = now();
      for (const def of defs) {
        const added = statements.insertAssociation.run(fromType, fromId, toType, toId, def.category, def.typeId).changes;
        statements.insertAssociation.run(toType, toId, fromType, fromId, def.category, def.inverseTypeId);
        if (added === 0) continue;
        // One event per direction and type, as HubSpot sends for a labelled (e.g. primary) association.
        const primary = def.label === 'Primary';
        const source = currentSource();
        emit({
          kind: 'associationChange',
          objectType: fromType,
          objectId: fromId,
          toObjectType: toType,
          toObjectId: toId,
          associationTypeId: def.typeId,
          associationCategory: def.category,
          primary,
          removed: false,
          occurredAt,
          source,
        });
        emit({
          kind: 'associationChange',
          objectType: toType,
          objectId: toId,
          toObjectType: fromType,
          toObjectId: fromId,
          associationTypeId: def.inverseTypeId,
          associationCategory: def.category,
          primary,
          removed: false,
          occurredAt,
          source,
        });
      }
    });
  }

  function dissociate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string): void {
    transaction(() => {
      const occurredAt = now();
      const source = currentSource();
      for (const row of statements.associationRows.all(fromType, fromId, toType, toId)) {
        const def = ASSOCIATION_TYPES.find((d) => d.from === fromType && d.to === toType && d.category === row.category && d.typeId === row.type_id);
        const primary = def?.label === 'Primary';
        emit({
          kind: 'associationChange',
          objectType: fromType,
          objectId: fromId,
          toObjectType: toType,
          toObjectId: toId,
          associationTypeId: row.type_id,
          associationCategory: row.category as AssociationCategory,
          primary,
          removed: true,
          occurredAt,
          source,
        });
        if (def)
          emit({
            kind: 'associationChange',
            objectType: toType,
            objectId: toId,
            toObjectType: fromType,
            toObjectId: fromId,
            associationTypeId: def.inverseTypeId,
            associationCategory: def.category,
            primary,
            removed: true,
            occurredAt,
            source,
          });
      }
      statements.deleteAssociations.run(fromType, fromId, toType, toId);
      statements.deleteAssociations.run(toType, toId, fromType, fromId);
    });
  }

  function recordHistory(type: ObjectTypeName, id: string, values: Record<string, string | null>, at: Date): void {
    const source = JSON.stringify(currentSource());
    for (const [name, value] of Object.entries(values)) {
      statements.insertHistory.run(type, id, name, value ?? '', at.getTime(), source);
    }
  }

  function createObject(type: ObjectTypeName, input: { properties?: Record<string, unknown>; associations?: AssociationInput[] }, at = now()): CrmObjectRecord {
    const values = validateWrite(type, input.properties ?? {});
    return transaction(() => {
      const info = objectType(type);
      const ms = at.getTime();
      const properties: Record<string, string> = {};
      if (type === 'line_items') Object.assign(properties, copiedFromProduct(values));
      applyValues(properties, values);
      if (type === 'line_items') deriveLineItemAmount(properties);
      const { lastInsertRowid } = statements.insertObject.run(type, '{}', ms, ms);
      const id = String(lastInsertRowid);
      Object.assign(properties, {
        [info.createdProperty]: iso(ms),
        [info.modifiedProperty]: iso(ms),
        hs_object_id: id,
      });
      statements.setObjectProperties.run(JSON.stringify(properties), ms, Number(id));
      // HubSpot's history has every value the record starts with, copied and calculated ones included.
      const initial = type === 'line_items' ? { ...properties, ...values } : values;
      recordHistory(type, id, Object.fromEntries(Object.entries(initial).filter(([, value]) => value !== null)), at);
      emit({ kind: 'creation', objectType: type, objectId: id, occurredAt: at, source: currentSource() });
      for (const association of input.associations ?? []) {
        const target = OBJECT_TYPES.find((t) =>
          (association.types ?? []).some((spec) => findAssociationType(type, t.name, spec.associationCategory, Number(spec.associationTypeId))),
        );
        if (!target) {
          const spec = association.types?.[0];
          throw validationError(`${spec?.associationCategory} ${spec?.associationTypeId} is not a valid association type for ${info.singular}.`);
        }
        const targetId = String(association.to?.id ?? '');
        if (!getObject(target.name, targetId)) {
          throw validationError(`Could not associate with ${objectType(target.name).singular} ${targetId}: it does not exist.`, { id: [targetId] });
        }
        associate(type, id, target.name, targetId, association.types);
      }
      return requireObject(type, id);
    });
  }

  /**
   * A line item created from a product starts as a copy of the product's name, description, SKU and
   * price (HubSpot: it "will inherit property values from the product, such as price"); values in the
   * request win. Nothing else is copied, and later product edits do not reach existing line items.
   */
  function copiedFromProduct(values: Record<string, string | null>): Record<string, string> {
    const productId = values.hs_product_id;
    const product = productId ? getObject('products', productId) : undefined;
    if (!product) return {};
    return Object.fromEntries(
      ['name', 'description', 'hs_sku', 'price'].flatMap((name) => (product.properties[name] ? [[name, product.properties[name]]] : [])),
    );
  }

  /** HubSpot's calculated net price of a line item: the unit price less its discount (per unit, else a percentage), times the quantity. */
  function deriveLineItemAmount(properties: Record<string, string>): void {
    const price = Number(properties.price ?? '');
    const quantity = Number(properties.quantity ?? '1');
    const unitDiscount = properties.discount ? Number(properties.discount) : null;
    const percentage = properties.hs_discount_percentage ? Number(properties.hs_discount_percentage) : 0;
    const unitPrice = unitDiscount !== null ? price - unitDiscount : price * (1 - percentage / 100);
    if (properties.price === undefined || [unitPrice, quantity].some(Number.isNaN)) delete properties.amount;
    else properties.amount = String(Math.round(unitPrice * quantity * 100) / 100);
  }

  function bulkCreateObjects(
    type: ObjectTypeName,
    inputs: readonly {
      properties: Record<string, unknown>;
      createdAt: Date;
      associations?: readonly { toType: ObjectTypeName; toId: string; typeId: number }[];
      /** Values that depend on the new record's id (an app seal binds the id), written with the others. */
      propertiesForId?: (id: string) => Record<string, unknown>;
    }[],
  ): string[] {
    const info = objectType(type);
    // Definitions and owners do not change during one bulk write: look each up once.
    const definitions = new Map<string, PropertyRecord | undefined>();
    const owners = new Map<string, boolean>();
    const lookup = {
      property: (objectTypeName: ObjectTypeName, name: string) => {
        if (!definitions.has(name)) definitions.set(name, getPropertyRecord(objectTypeName, name));
        return definitions.get(name);
      },
      owner: (id: string) => {
        if (!owners.has(id)) owners.set(id, isKnownOwner(id));
        return owners.get(id)!;
      },
    };
    return transaction(() =>
      inputs.map((input) => {
        const given = validateWrite(type, input.properties, lookup);
        const ms = input.createdAt.getTime();
        const { lastInsertRowid } = statements.insertObject.run(type, '{}', ms, ms);
        const id = String(lastInsertRowid);
        const values = input.propertiesForId ? { ...given, ...validateWrite(type, input.propertiesForId(id), lookup) } : given;
        const properties: Record<string, string> = {};
        applyValues(properties, values);
        Object.assign(properties, { [info.createdProperty]: iso(ms), [info.modifiedProperty]: iso(ms), hs_object_id: id });
        statements.setObjectProperties.run(JSON.stringify(properties), ms, Number(id));
        recordHistory(type, id, Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)), input.createdAt);
        for (const association of input.associations ?? []) {
          const fallback = defaultAssociationType(type, association.toType)!;
          const def = findAssociationType(type, association.toType, 'HUBSPOT_DEFINED', association.typeId);
          if (!def) throw validationError(`HUBSPOT_DEFINED ${association.typeId} is not a valid association type for ${info.singular}.`);
          for (const each of def === fallback ? [def] : [def, fallback]) {
            statements.insertAssociation.run(type, id, association.toType, association.toId, each.category, each.typeId);
            statements.insertAssociation.run(association.toType, association.toId, type, id, each.category, each.inverseTypeId);
          }
        }
        return id;
      }),
    );
  }

  function updateObject(type: ObjectTypeName, id: string, input: Record<string, unknown>, at = now()): CrmObjectRecord {
    return transaction(() => {
      const record = requireObject(type, id);
      const values = validateWrite(type, input);
      const before = { ...record.properties };
      applyValues(record.properties, values);
      if (type === 'line_items') deriveLineItemAmount(record.properties);
      const changed: Record<string, string | null> = {};
      for (const propertyName of Object.keys(values)) {
        const propertyValue = record.properties[propertyName];
        if (before[propertyName] === propertyValue) continue;
        changed[propertyName] = propertyValue ?? null;
        emit({
          kind: 'propertyChange',
          objectType: type,
          objectId: id,
          propertyName,
          propertyValue: propertyValue ?? null,
          occurredAt: at,
          source: currentSource(),
        });
      }
      // A recalculated net price is a change in its own right, in history as in HubSpot.
      if (type === 'line_items' && before.amount !== record.properties.amount) changed.amount = record.properties.amount ?? null;
      recordHistory(type, id, changed, at);
      record.properties[objectType(type).modifiedProperty] = iso(at.getTime());
      statements.setObjectProperties.run(JSON.stringify(record.properties), at.getTime(), Number(id));
      return requireObject(type, id);
    });
  }

  function listObjects(type: ObjectTypeName, options: { archived?: boolean } = {}): CrmObjectRecord[] {
    return statements.objectsByType
      .all(type)
      .map(toObject)
      .filter((o) => o.archived === (options.archived ?? false));
  }

  function listObjectsFrom(type: ObjectTypeName, fromId: number, limit: number, options: { archived?: boolean } = {}): CrmObjectRecord[] {
    return statements.objectsFrom.all(type, fromId, options.archived ? 1 : 0, limit).map(toObject);
  }

  function getObject(type: ObjectTypeName, id: string, options: { idProperty?: string; archived?: boolean } = {}): CrmObjectRecord | undefined {
    const archived = options.archived ?? false;
    if (options.idProperty && options.idProperty !== 'hs_object_id') {
      const key = options.idProperty;
      return listObjects(type, { archived }).find((o) => o.properties[key]?.toLowerCase() === id.toLowerCase());
    }
    if (!/^\d+$/.test(id)) return undefined;
    const row = statements.objectById.get(type, Number(id));
    return row && (row.archived === 1) === archived ? toObject(row) : undefined;
  }

  function getAssociations(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName): AssociatedObject[] {
    const grouped = new Map<string, AssociatedObject>();
    for (const row of statements.associationsFrom.all(fromType, fromId, toType)) {
      const def = ASSOCIATION_TYPES.find((d) => d.from === fromType && d.to === toType && d.category === row.category && d.typeId === row.type_id);
      if (!def) continue;
      const entry = grouped.get(row.to_id) ?? { toId: row.to_id, types: [] };
      entry.types.push({ category: def.category, typeId: def.typeId, label: def.label, v3Name: def.v3Name });
      grouped.set(row.to_id, entry);
    }
    return [...grouped.values()];
  }

  function parseOptions(raw: unknown): PropertyOption[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) throw validationError('options must be an array');
    const parsed = raw.map((o: Record<string, unknown>, index) => {
      if (typeof o?.label !== 'string' || typeof o?.value !== 'string') {
        throw validationError(`Option at index ${index} needs a string label and value`);
      }
      return {
        label: o.label,
        value: o.value,
        ...(typeof o.description === 'string' ? { description: o.description } : {}),
        displayOrder: typeof o.displayOrder === 'number' ? o.displayOrder : index,
        hidden: o.hidden === true,
      };
    });
    const values = parsed.map((o) => o.value);
    const duplicate = values.find((v, i) => values.indexOf(v) !== i);
    if (duplicate !== undefined) throw validationError(`Option value ${duplicate} appears more than once`);
    return parsed;
  }

  function checkTypeAndGroup(type: ObjectTypeName, def: PropertyDefinition): void {
    const fieldTypes = PROPERTY_TYPES[def.type];
    if (!fieldTypes) throw validationError(`Invalid property type: ${def.type}`);
    if (!fieldTypes.includes(def.fieldType)) {
      throw validationError(`Property type ${def.type} is not compatible with fieldType ${def.fieldType}`);
    }
    if (!statements.groupByName.get(type, def.groupName)) {
      throw validationError(`Property group ${def.groupName} does not exist.`);
    }
  }

  function createProperty(type: ObjectTypeName, input: PropertyCreateInput, at = now()): PropertyRecord {
    for (const field of ['name', 'label', 'type', 'fieldType', 'groupName'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') throw validationError(`Property field ${field} is required`);
    }
    const name = input.name as string;
    if (!PROPERTY_NAME.test(name)) {
      throw validationError(`Property name ${name} is invalid: use lowercase letters, digits and underscores, starting with a letter`);
    }
    const def: PropertyDefinition = {
      name,
      label: input.label as string,
      type: input.type as PropertyType,
      fieldType: input.fieldType as string,
      groupName: input.groupName as string,
      description: typeof input.description === 'string' ? input.description : '',
      options: parseOptions(input.options),
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      hidden: input.hidden === true,
      hasUniqueValue: input.hasUniqueValue === true,
      formField: input.formField === true,
      calculated: false,
      externalOptions: input.externalOptions === true,
      hubspotDefined: false,
      readOnlyValue: false,
      readOnlyDefinition: false,
      ...(typeof input.referencedObjectType === 'string' ? { referencedObjectType: input.referencedObjectType } : {}),
    };
    checkTypeAndGroup(type, def);
    return transaction(() => {
      if (statements.propertyByName.get(type, name)) {
        throw new CrmError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`, {
          context: { name: [name], objectType: [type] },
        });
      }
      statements.insertProperty.run(type, name, JSON.stringify(def), at.getTime(), at.getTime());
      return getPropertyRecord(type, name)!;
    });
  }

  function updateProperty(type: ObjectTypeName, name: string, input: PropertyUpdateInput, at = now()): PropertyRecord {
    return transaction(() => {
      const existing = getPropertyRecord(type, name);
      if (!existing) throw new CrmError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} for object type ${type}.`);
      if (existing.readOnlyDefinition) {
        throw validationError(`Property ${name} is HubSpot-defined; its definition cannot be changed.`);
      }
      const { createdAt: _created, updatedAt: _updated, archived: _archived, ...current } = existing;
      const next: PropertyDefinition = {
        ...current,
        ...(typeof input.label === 'string' ? { label: input.label } : {}),
        ...(typeof input.type === 'string' ? { type: input.type as PropertyType } : {}),
        ...(typeof input.fieldType === 'string' ? { fieldType: input.fieldType } : {}),
        ...(typeof input.groupName === 'string' ? { groupName: input.groupName } : {}),
        ...(typeof input.description === 'string' ? { description: input.description } : {}),
        ...(typeof input.displayOrder === 'number' ? { displayOrder: input.displayOrder } : {}),
        ...(typeof input.hidden === 'boolean' ? { hidden: input.hidden } : {}),
        ...(typeof input.formField === 'boolean' ? { formField: input.formField } : {}),
        ...(input.options !== undefined ? { options: parseOptions(input.options) } : {}),
      };
      checkTypeAndGroup(type, next);
      statements.updateProperty.run(JSON.stringify(next), at.getTime(), type, name);
      return getPropertyRecord(type, name)!;
    });
  }

  function createPropertyGroup(type: ObjectTypeName, input: { name?: unknown; label?: unknown; displayOrder?: unknown }): PropertyGroupRecord {
    if (typeof input.name !== 'string' || !PROPERTY_NAME.test(input.name))
      throw validationError('Property group name is required: lowercase letters, digits and underscores');
    if (typeof input.label !== 'string' || input.label === '') throw validationError('Property group label is required');
    const name = input.name;
    const label = input.label;
    return transaction(() => {
      if (statements.groupByName.get(type, name)) {
        throw new CrmError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${name}' already exists.`, { context: { name: [name] } });
      }
      statements.insertGroup.run(type, name, label, typeof input.displayOrder === 'number' ? input.displayOrder : -1);
      return toGroup(statements.groupByName.get(type, name)!);
    });
  }

  function updatePropertyGroup(type: ObjectTypeName, name: string, input: { label?: unknown; displayOrder?: unknown }): PropertyGroupRecord {
    return transaction(() => {
      const row = statements.groupByName.get(type, name);
      if (!row) throw new CrmError(404, 'OBJECT_NOT_FOUND', `Unable to find property group ${name} for object type ${type}.`);
      const label = typeof input.label === 'string' && input.label !== '' ? input.label : row.label;
      const displayOrder = typeof input.displayOrder === 'number' ? input.displayOrder : row.display_order;
      statements.updateGroup.run(label, displayOrder, type, name);
      return toGroup(statements.groupByName.get(type, name)!);
    });
  }

  const readAll = <T>(table: string): T[] =>
    (db.prepare(`SELECT data FROM ${table} ORDER BY rowid`).all() as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  const readOne = <T>(table: string, id: string): T | undefined => {
    const row = db.prepare(`SELECT data FROM ${table} WHERE id = ?`).get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : undefined;
  };

  function putPipeline(type: 'deals', pipeline: PipelineDef, at = now()): void {
    transaction(() => {
      const ms = at.getTime();
      db.prepare(
        `INSERT INTO pipelines (object_type, id, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (object_type, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ).run(type, pipeline.id, JSON.stringify(pipeline), ms, ms);
      const pipelines = listPipelines(type);
      const rewrite = (name: string, options: PropertyOption[]) => {
        const def = getPropertyRecord(type, name)!;
        const { createdAt: _c, updatedAt: _u, archived: _a, ...definition } = def;
        statements.updateProperty.run(JSON.stringify({ ...definition, options }), ms, type, name);
      };
      rewrite(
        'pipeline',
        pipelines.map((p) => ({ label: p.label, value: p.id, displayOrder: p.displayOrder, hidden: false })),
      );
      rewrite(
        'dealstage',
        pipelines.flatMap((p) =>
          p.stages.map((s) => ({
            label: s.label,
            value: s.id,
            description: `${p.label}`,
            displayOrder: s.displayOrder,
            hidden: false,
          })),
        ),
      );
    });
  }

  function listPipelines(type: ObjectTypeName): PipelineRecord[] {
    const rows = db.prepare('SELECT * FROM pipelines WHERE object_type = ? ORDER BY rowid').all(type) as {
      data: string;
      created_at: number;
      updated_at: number;
    }[];
    return rows.map((r) => ({ ...(JSON.parse(r.data) as PipelineDef), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) }));
  }

  initialise();

  return {
    portalId,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    asSource: (source, fn) => sources.run(source, fn),
    propertyHistory: (type, id, names) =>
      Object.fromEntries(
        names.map((name) => [
          name,
          statements.historyOf.all(type, id, name).map((row) => {
            const source = JSON.parse(row.source) as ChangeSource;
            return {
              value: row.value,
              timestamp: iso(row.timestamp),
              sourceType: source.sourceType,
              ...(source.sourceId !== null ? { sourceId: source.sourceId } : {}),
              ...(source.sourceLabel !== null ? { sourceLabel: source.sourceLabel } : {}),
              ...(source.updatedByUserId !== null ? { updatedByUserId: source.updatedByUserId } : {}),
            };
          }),
        ]),
      ),
    dissociate,
    getMeta: (name) => (db.prepare('SELECT value FROM sandbox_meta WHERE name = ?').get(name) as { value: string } | undefined)?.value,
    setMeta: (name, value) => {
      db.prepare('INSERT OR REPLACE INTO sandbox_meta (name, value) VALUES (?, ?)').run(name, value);
    },
    now,
    transaction,
    close: () => db.close(),
    createObject,
    updateObject,
    getObject,
    listObjects,
    listObjectsFrom,
    bulkCreateObjects,
    associate,
    getAssociations,
    listProperties: (type, options = {}) =>
      statements.propertiesByType
        .all(type)
        .map(toProperty)
        .filter((p) => p.archived === (options.archived ?? false)),
    getProperty: getPropertyRecord,
    createProperty,
    updateProperty,
    listPropertyGroups: (type) =>
      statements.groupsByType
        .all(type)
        .map(toGroup)
        .filter((g) => !g.archived),
    getPropertyGroup: (type, name) => {
      const row = statements.groupByName.get(type, name);
      return row ? toGroup(row) : undefined;
    },
    createPropertyGroup,
    updatePropertyGroup,
    putRole: (role) => {
      db.prepare('INSERT OR REPLACE INTO roles (id, data) VALUES (?, ?)').run(role.id, JSON.stringify(role));
    },
    putTeam: (team) => {
      db.prepare('INSERT OR REPLACE INTO teams (id, data) VALUES (?, ?)').run(team.id, JSON.stringify(team));
    },
    putUser: (user) => {
      db.prepare('INSERT OR REPLACE INTO users (id, email, data) VALUES (?, ?, ?)').run(user.id, user.email, JSON.stringify(user));
    },
    putOwner: (owner, at = now()) => {
      const existing = readOne<OwnerRecord>('owners', owner.id);
      const record: OwnerRecord = {
        ...owner,
        createdAt: existing?.createdAt ?? at.toISOString(),
        updatedAt: at.toISOString(),
        archived: false,
      };
      db.prepare('INSERT OR REPLACE INTO owners (id, email, user_id, data) VALUES (?, ?, ?, ?)').run(
        owner.id,
        owner.email,
        owner.userId,
        JSON.stringify(record),
      );
    },
    listRoles: () => readAll<RoleRecord>('roles'),
    listTeams: () => readAll<TeamRecord>('teams'),
    listUsers: () => readAll<UserRecord>('users'),
    getUser: (id) => readOne<UserRecord>('users', id),
    findUserByEmail: (email) => {
      const row = db.prepare('SELECT data FROM users WHERE email = ?').get(email) as { data: string } | undefined;
      return row ? (JSON.parse(row.data) as UserRecord) : undefined;
    },
    listOwners: () => readAll<OwnerRecord>('owners'),
    getOwner: (id) => readOne<OwnerRecord>('owners', id),
    findOwnerByUserId: (userId) => {
      const row = db.prepare('SELECT data FROM owners WHERE user_id = ?').get(userId) as { data: string } | undefined;
      return row ? (JSON.parse(row.data) as OwnerRecord) : undefined;
    },
    putPipeline,
    listPipelines,
    getPipeline: (type, id) => listPipelines(type).find((p) => p.id === id),
  };
}
