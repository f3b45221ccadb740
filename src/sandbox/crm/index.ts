/** The local HubSpot CRM stand-in: a SQLite-backed store and a node:http handler speaking HubSpot's REST shapes. */
export { createCrmStore } from './store.ts';
export type {
  CrmChangeEvent,
  ChangeSource,
  AssociatedObject,
  AssociationInput,
  AssociationSpecInput,
  CrmObjectRecord,
  CrmStore,
  CrmStoreOptions,
  OwnerRecord,
  PipelineRecord,
  PropertyCreateInput,
  PropertyGroupRecord,
  PropertyRecord,
  PropertyUpdateInput,
  RoleRecord,
  TeamRecord,
  UserRecord,
} from './store.ts';
export { createCrmHandler, HUBSPOT_BURST_LIMIT } from './handler.ts';
export type { CrmHandler, CrmHandlerOptions, InjectedFailure, RateLimit } from './handler.ts';
export { CrmError } from './errors.ts';
export { OBJECT_TYPES, findObjectType, type ObjectTypeInfo, type ObjectTypeName } from './object-types.ts';
export { ASSOCIATION_TYPES, type AssociationTypeDef, type AssociationCategory } from './association-types.ts';
export { DEFAULT_DEAL_PIPELINE, type PipelineDef, type PipelineStageDef } from './pipelines.ts';
export type { PropertyDefinition, PropertyOption, PropertyType } from './default-schema.ts';
export { SEARCH_LIMITS } from './search.ts';
