import type { CrmObjectType, HubSpotGateway, PropertyDefinition } from './gateway.ts';
import { APP_PROPERTY_GROUP, type PropertyDef } from './schema/index.ts';

export interface SetupReport {
  groups: { objectType: CrmObjectType; name: string; action: 'created' | 'unchanged' }[];
  properties: { objectType: CrmObjectType; name: string; action: 'created' | 'updated' | 'unchanged'; changed?: string[] }[];
  /** Properties that exist with another type: changing a type can lose data, so setup leaves them to a person. */
  conflicts: { objectType: CrmObjectType; name: string; message: string }[];
}

function desired(def: PropertyDef): PropertyDefinition {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    groupName: APP_PROPERTY_GROUP.name,
    description: def.description,
    hidden: def.hidden === true,
    options: (def.options ?? []).map((option, index) => ({
      label: option.label,
      value: option.value,
      ...(option.description ? { description: option.description } : {}),
      displayOrder: index,
      hidden: false,
    })),
  };
}

function differences(current: PropertyDefinition, wanted: PropertyDefinition): string[] {
  const changed: string[] = [];
  for (const key of ['label', 'fieldType', 'groupName', 'description'] as const) {
    if (current[key] !== wanted[key]) changed.push(key);
  }
  if ((current.hidden ?? false) !== (wanted.hidden ?? false)) changed.push('hidden');
  const options = (list: PropertyDefinition['options']) => JSON.stringify(list.map(({ label, value, description }) => [label, value, description ?? '']));
  if (options(current.options) !== options(wanted.options)) changed.push('options');
  return changed;
}

/**
 * Creates or updates the app's property group and properties so the portal matches the schema.
 * Running it again changes nothing; with `dryRun` it only reports what it would do.
 */
export async function syncPropertySchema(
  gateway: HubSpotGateway,
  definitions: readonly PropertyDef[],
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<SetupReport> {
  const report: SetupReport = { groups: [], properties: [], conflicts: [] };
  const objectTypes = [...new Set(definitions.map((def) => def.objectType))];
  for (const objectType of objectTypes) {
    const groups = await gateway.propertyGroupNames(objectType);
    if (groups.includes(APP_PROPERTY_GROUP.name)) {
      report.groups.push({ objectType, name: APP_PROPERTY_GROUP.name, action: 'unchanged' });
    } else {
      if (!dryRun) await gateway.createPropertyGroup(objectType, APP_PROPERTY_GROUP);
      report.groups.push({ objectType, name: APP_PROPERTY_GROUP.name, action: 'created' });
    }
    const existing = new Map((await gateway.properties(objectType)).map((property) => [property.name, property]));
    for (const def of definitions.filter((candidate) => candidate.objectType === objectType)) {
      const wanted = desired(def);
      const current = existing.get(def.name);
      if (!current) {
        if (!dryRun) await gateway.createProperty(objectType, wanted);
        report.properties.push({ objectType, name: def.name, action: 'created' });
      } else if (current.type !== wanted.type) {
        report.conflicts.push({
          objectType,
          name: def.name,
          message: `exists as type ${current.type}, the app needs ${wanted.type}; change or delete it in HubSpot first`,
        });
      } else {
        const changed = differences(current, wanted);
        if (changed.length > 0 && !dryRun) await gateway.updateProperty(objectType, wanted);
        report.properties.push({
          objectType,
          name: def.name,
          action: changed.length > 0 ? 'updated' : 'unchanged',
          ...(changed.length > 0 ? { changed } : {}),
        });
      }
    }
  }
  return report;
}

/**
 * Properties the portal's policy names rather than the app's schema: the deal-source field the
 * ring-fence reads (ringfence.dealSourceProperty). A portal's own property of that name is left as it
 * is; a missing one is created in the app's group, so the rule never reads a field that does not exist.
 */
export async function ensurePolicyProperties(
  gateway: HubSpotGateway,
  ringfence: { dealSourceProperty: string; marketingDealSourceValues: readonly string[] },
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<{ name: string; action: 'created' | 'exists' }[]> {
  const existing = new Set((await gateway.properties('deals')).map((property) => property.name));
  const name = ringfence.dealSourceProperty;
  if (existing.has(name)) return [{ name, action: 'exists' }];
  const values = [...new Set([...ringfence.marketingDealSourceValues, 'sales', 'alliance', 'partner'])];
  if (!dryRun) {
    await gateway.createProperty('deals', {
      name,
      label: 'Deal source',
      type: 'enumeration',
      fieldType: 'select',
      groupName: APP_PROPERTY_GROUP.name,
      description:
        'Which team sourced the deal. Named by the Cloud co-sell policy (ringfence.dealSourceProperty): marketing values count as inbound activity against a ring-fence.',
      options: values.map((value, index) => ({ label: value.charAt(0).toUpperCase() + value.slice(1), value, displayOrder: index, hidden: false })),
    });
  }
  return [{ name, action: 'created' }];
}
