import type { ObjectTypeInfo } from './object-types.ts';
import type { AssociatedObject, CrmObjectRecord, OwnerRecord, PipelineRecord, PropertyGroupRecord, PropertyRecord, CrmStore, UserRecord } from './store.ts';

/** HubSpot's SimplePublicObject: requested (or default) properties as strings or null, plus the three it always adds. */
export function renderObject(record: CrmObjectRecord, type: ObjectTypeInfo, requested: string[] | undefined, knownProperty: (name: string) => boolean) {
  const names =
    requested && requested.length > 0
      ? [...requested.filter(knownProperty), type.createdProperty, type.modifiedProperty, 'hs_object_id']
      : [...type.defaultProperties];
  const properties: Record<string, string | null> = {};
  for (const name of [...new Set(names)].sort()) properties[name] = record.properties[name] ?? null;
  return { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
}

/** HubSpot's v3 record read shows this many association rows per type, then pages. */
export const V3_ASSOCIATION_PAGE = 100;

/**
 * The v3 `associations` block: one `{ id, type }` per association type, keyed by the plural object
 * name, at most 100 rows with `paging.next` (HubSpot's link points at the v4 list) when there are more.
 */
export function renderV3Associations(fromType: string, fromId: string, byType: Array<[toTypeName: string, associated: AssociatedObject[]]>) {
  const associations: Record<string, { results: { id: string; type: string }[]; paging?: { next: { after: string; link: string } } }> = {};
  for (const [name, associated] of byType) {
    const rows = associated.flatMap((a) => a.types.map((t) => ({ id: a.toId, type: t.v3Name })));
    if (rows.length === 0) continue;
    const results = rows.slice(0, V3_ASSOCIATION_PAGE);
    associations[name] =
      rows.length > V3_ASSOCIATION_PAGE
        ? {
            results,
            paging: {
              next: { after: String(V3_ASSOCIATION_PAGE), link: `/crm/v4/objects/${fromType}/${fromId}/associations/${name}?after=${V3_ASSOCIATION_PAGE}` },
            },
          }
        : { results };
  }
  return associations;
}

/** `propertiesWithHistory`: every value of each asked property, newest first, with HubSpot's source fields. */
export function renderHistory(store: CrmStore, record: CrmObjectRecord, names: string[] | undefined, knownProperty: (name: string) => boolean) {
  if (!names || names.length === 0) return {};
  return { propertiesWithHistory: store.propertyHistory(record.objectType, record.id, names.filter(knownProperty)) };
}

/** v4 MultiAssociatedObjectWithLabel; HubSpot sends toObjectId as a JSON number. */
export function renderV4Associated(associated: AssociatedObject) {
  return {
    toObjectId: Number(associated.toId),
    associationTypes: associated.types.map((t) => ({ category: t.category, typeId: t.typeId, label: t.label })),
  };
}

export function renderProperty(p: PropertyRecord) {
  return {
    updatedAt: p.updatedAt,
    createdAt: p.createdAt,
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    groupName: p.groupName,
    options: p.options,
    displayOrder: p.displayOrder,
    calculated: p.calculated,
    externalOptions: p.externalOptions,
    hasUniqueValue: p.hasUniqueValue,
    hidden: p.hidden,
    hubspotDefined: p.hubspotDefined,
    ...(p.showCurrencySymbol !== undefined ? { showCurrencySymbol: p.showCurrencySymbol } : {}),
    ...(p.referencedObjectType ? { referencedObjectType: p.referencedObjectType } : {}),
    modificationMetadata: {
      archivable: !p.hubspotDefined,
      readOnlyDefinition: p.readOnlyDefinition,
      readOnlyValue: p.readOnlyValue,
    },
    formField: p.formField,
    archived: p.archived,
  };
}

export function renderPropertyGroup(g: PropertyGroupRecord) {
  return { name: g.name, label: g.label, displayOrder: g.displayOrder, archived: g.archived };
}

export function renderOwner(owner: OwnerRecord, store: CrmStore) {
  const user = store.listUsers().find((u) => Number(u.id) === owner.userId);
  const teamName = (id: string) => store.listTeams().find((t) => t.id === id)?.name ?? id;
  const teams = user
    ? [
        ...(user.primaryTeamId ? [{ id: user.primaryTeamId, name: teamName(user.primaryTeamId), primary: true }] : []),
        ...user.secondaryTeamIds.map((id) => ({ id, name: teamName(id), primary: false })),
      ]
    : [];
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: owner.createdAt,
    updatedAt: owner.updatedAt,
    archived: owner.archived,
    teams,
  };
}

export function renderUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    roleIds: user.roleIds,
    ...(user.roleIds[0] ? { roleId: user.roleIds[0] } : {}),
    ...(user.primaryTeamId ? { primaryTeamId: user.primaryTeamId } : {}),
    secondaryTeamIds: user.secondaryTeamIds,
    superAdmin: user.superAdmin,
  };
}

export function renderPipeline(p: PipelineRecord) {
  return {
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    archived: false,
    stages: p.stages.map((s) => ({
      id: s.id,
      label: s.label,
      displayOrder: s.displayOrder,
      metadata: { isClosed: String(s.isClosed), probability: s.probability },
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      archived: false,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    })),
  };
}
