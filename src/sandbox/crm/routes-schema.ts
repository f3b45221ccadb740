import { CrmError, validationError } from './errors.ts';
import { renderPipeline, renderProperty, renderPropertyGroup } from './render.ts';
import { objectTypeParam, requireObjectBody, route, type Route } from './routing.ts';

export const schemaRoutes: Route[] = [
  route('GET', '/crm/v3/properties/:type/groups', (ctx, { type }) => {
    const objectType = objectTypeParam(type);
    return { status: 200, body: { results: ctx.store.listPropertyGroups(objectType.name).map(renderPropertyGroup) } };
  }),

  route('POST', '/crm/v3/properties/:type/groups', async (ctx, { type }) => {
    const objectType = objectTypeParam(type);
    const group = ctx.store.createPropertyGroup(objectType.name, requireObjectBody(await ctx.body()));
    return { status: 201, body: renderPropertyGroup(group) };
  }),

  route('GET', '/crm/v3/properties/:type/groups/:name', (ctx, { type, name }) => {
    const objectType = objectTypeParam(type);
    const group = ctx.store.getPropertyGroup(objectType.name, name!);
    if (!group) throw new CrmError(404, 'OBJECT_NOT_FOUND', `Unable to find property group ${name} for object type ${objectType.name}.`);
    return { status: 200, body: renderPropertyGroup(group) };
  }),

  route('PATCH', '/crm/v3/properties/:type/groups/:name', async (ctx, { type, name }) => {
    const objectType = objectTypeParam(type);
    const group = ctx.store.updatePropertyGroup(objectType.name, name!, requireObjectBody(await ctx.body()));
    return { status: 200, body: renderPropertyGroup(group) };
  }),

  route('GET', '/crm/v3/properties/:type', (ctx, { type }) => {
    const objectType = objectTypeParam(type);
    const archived = ctx.query.get('archived') === 'true';
    return { status: 200, body: { results: ctx.store.listProperties(objectType.name, { archived }).map(renderProperty) } };
  }),

  route('POST', '/crm/v3/properties/:type', async (ctx, { type }) => {
    const objectType = objectTypeParam(type);
    const property = ctx.store.createProperty(objectType.name, requireObjectBody(await ctx.body()), ctx.now());
    return { status: 201, body: renderProperty(property) };
  }),

  route('GET', '/crm/v3/properties/:type/:name', (ctx, { type, name }) => {
    const objectType = objectTypeParam(type);
    const property = ctx.store.getProperty(objectType.name, name!);
    if (!property || property.archived !== (ctx.query.get('archived') === 'true')) {
      throw new CrmError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} for object type ${objectType.name}.`);
    }
    return { status: 200, body: renderProperty(property) };
  }),

  route('PATCH', '/crm/v3/properties/:type/:name', async (ctx, { type, name }) => {
    const objectType = objectTypeParam(type);
    const property = ctx.store.updateProperty(objectType.name, name!, requireObjectBody(await ctx.body()), ctx.now());
    return { status: 200, body: renderProperty(property) };
  }),

  route('GET', '/crm/v3/pipelines/:type', (ctx, { type }) => {
    const objectType = objectTypeParam(type);
    if (objectType.name !== 'deals') throw validationError(`Object type ${objectType.name} does not support pipelines.`);
    return { status: 200, body: { results: ctx.store.listPipelines(objectType.name).map(renderPipeline) } };
  }),

  route('GET', '/crm/v3/pipelines/:type/:pipelineId', (ctx, { type, pipelineId }) => {
    const objectType = objectTypeParam(type);
    const pipeline = ctx.store.getPipeline(objectType.name, pipelineId!);
    if (!pipeline) throw new CrmError(404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${pipelineId} for object type ${objectType.name}.`);
    return { status: 200, body: renderPipeline(pipeline) };
  }),
];
