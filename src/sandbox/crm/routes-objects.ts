import { CrmError, objectNotFound, validationError } from './errors.ts';
import { findObjectType, type ObjectTypeInfo } from './object-types.ts';
import { renderHistory, renderObject, renderV3Associations } from './render.ts';
import { listParam, limitParam, objectTypeParam, offsetParam, requireObjectBody, route, type RequestContext, type Route } from './routing.ts';
import { searchObjects, type SearchRequest } from './search.ts';
import type { AssociationInput, CrmObjectRecord } from './store.ts';
import { scalarText } from './values.ts';

export const BATCH_LIMIT = 100;
/** HubSpot: "The maximum number of inputs supported in a batch request for property histories is 50". */
export const BATCH_HISTORY_LIMIT = 50;

function knownProperty(ctx: RequestContext, type: ObjectTypeInfo) {
  const names = new Set(ctx.store.listProperties(type.name).map((p) => p.name));
  return (name: string) => names.has(name);
}

function withAssociations(ctx: RequestContext, type: ObjectTypeInfo, record: CrmObjectRecord, requested: string[] | undefined) {
  if (!requested) return {};
  const byType = requested.flatMap((segment) => {
    const target = findObjectType(segment);
    return target
      ? [[target.name, ctx.store.getAssociations(type.name, record.id, target.name)] as [string, ReturnType<typeof ctx.store.getAssociations>]]
      : [];
  });
  const associations = renderV3Associations(type.name, record.id, byType);
  return Object.keys(associations).length > 0 ? { associations } : {};
}

/** HubSpot refuses an activity without its timestamp (a task's due date, a note's activity date). */
const REQUIRED_ON_CREATE: Partial<Record<ObjectTypeInfo['name'], readonly string[]>> = { notes: ['hs_timestamp'], tasks: ['hs_timestamp'] };

function requireCreateProperties(type: ObjectTypeInfo, properties: Record<string, unknown>): Record<string, unknown> {
  const missing = (REQUIRED_ON_CREATE[type.name] ?? []).filter(
    (name) => properties[name] === undefined || properties[name] === null || properties[name] === '',
  );
  if (missing.length > 0) throw validationError(`Error creating ${type.errorLabel}. Some required properties were not set.`, { properties: missing });
  return properties;
}

function archivedParam(ctx: RequestContext): boolean {
  return ctx.query.get('archived') === 'true';
}

function inputsOf(body: unknown, max: number): Record<string, unknown>[] {
  const inputs = requireObjectBody(body).inputs;
  if (!Array.isArray(inputs)) throw validationError('inputs is required and must be an array.');
  if (inputs.length > max) {
    throw validationError(`Batch input has ${inputs.length} inputs, which is more than the limit of ${max}.`, { inputs: [String(inputs.length)] });
  }
  return inputs.map((input) => requireObjectBody(input));
}

function batchEnvelope(ctx: RequestContext, startedAt: Date, results: unknown[], errors: unknown[]) {
  return {
    status: errors.length > 0 ? 207 : 200,
    body: {
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt: startedAt.toISOString(),
      completedAt: ctx.now().toISOString(),
    },
  };
}

function notFoundInBatch(type: ObjectTypeInfo, verb: 'get' | 'update', ids: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not ${verb} some ${type.errorLabel} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  };
}

export const objectRoutes: Route[] = [
  route('POST', '/crm/v3/objects/:type/batch/read', async (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const startedAt = ctx.now();
    const body = requireObjectBody(await ctx.body());
    const history = Array.isArray(body.propertiesWithHistory) ? (body.propertiesWithHistory as string[]) : [];
    const inputs = inputsOf(body, history.length > 0 ? BATCH_HISTORY_LIMIT : BATCH_LIMIT);
    const properties = Array.isArray(body.properties) ? (body.properties as string[]) : undefined;
    const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
    const known = knownProperty(ctx, type);
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const id = scalarText(input.id);
      const record = ctx.store.getObject(type.name, id, { archived: archivedParam(ctx), ...(idProperty ? { idProperty } : {}) });
      if (record) results.push({ ...renderObject(record, type, properties, known), ...renderHistory(ctx.store, record, history, known) });
      else missing.push(id);
    }
    return batchEnvelope(ctx, startedAt, results, missing.length > 0 ? [notFoundInBatch(type, 'get', missing)] : []);
  }),

  route('POST', '/crm/v3/objects/:type/batch/create', async (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const startedAt = ctx.now();
    const inputs = inputsOf(await ctx.body(), BATCH_LIMIT);
    const created = ctx.store.transaction(() =>
      inputs.map((input) =>
        ctx.store.createObject(
          type.name,
          {
            properties: requireCreateProperties(type, (input.properties ?? {}) as Record<string, unknown>),
            associations: (input.associations ?? []) as AssociationInput[],
          },
          ctx.now(),
        ),
      ),
    );
    const known = knownProperty(ctx, type);
    const reply = batchEnvelope(
      ctx,
      startedAt,
      created.map((r) => renderObject(r, type, Object.keys(r.properties), known)),
      [],
    );
    return { status: 201, body: reply.body };
  }),

  route('POST', '/crm/v3/objects/:type/batch/update', async (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const startedAt = ctx.now();
    const inputs = inputsOf(await ctx.body(), BATCH_LIMIT);
    const ids = inputs.map((input) => scalarText(input.id));
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate !== undefined) throw validationError(`Duplicate IDs found in batch input: [${duplicate}]. IDs must be unique`);
    const missing: string[] = [];
    const updated = ctx.store.transaction(() =>
      inputs.flatMap((input) => {
        const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
        const record = ctx.store.getObject(type.name, scalarText(input.id), idProperty ? { idProperty } : {});
        if (!record) {
          missing.push(scalarText(input.id));
          return [];
        }
        return [ctx.store.updateObject(type.name, record.id, (input.properties ?? {}) as Record<string, unknown>, ctx.now())];
      }),
    );
    const known = knownProperty(ctx, type);
    return batchEnvelope(
      ctx,
      startedAt,
      updated.map((r) => renderObject(r, type, Object.keys(r.properties), known)),
      missing.length > 0 ? [notFoundInBatch(type, 'update', missing)] : [],
    );
  }),

  route('POST', '/crm/v3/objects/:type/search', async (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const request = requireObjectBody(await ctx.body()) as SearchRequest;
    const found = searchObjects(ctx.store, type, request);
    const known = knownProperty(ctx, type);
    return {
      status: 200,
      body: {
        total: found.total,
        results: found.results.map((r) => renderObject(r, type, request.properties, known)),
        ...(found.nextAfter ? { paging: { next: { after: found.nextAfter } } } : {}),
      },
    };
  }),

  route('GET', '/crm/v3/objects/:type', (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const history = listParam(ctx.query, 'propertiesWithHistory') ?? [];
    // HubSpot serves at most 50 a page when history is asked for, 100 otherwise.
    const limit = limitParam(ctx.query, 10, history.length > 0 ? BATCH_HISTORY_LIMIT : BATCH_LIMIT);
    const after = offsetParam(ctx.query.get('after'));
    const properties = listParam(ctx.query, 'properties');
    const associations = listParam(ctx.query, 'associations');
    const known = knownProperty(ctx, type);
    // `after` is the next record id, as HubSpot's list cursor is.
    const records = ctx.store.listObjectsFrom(type.name, after, limit + 1, { archived: archivedParam(ctx) });
    const pageRecords = records.slice(0, limit);
    const next = records[limit];
    return {
      status: 200,
      body: {
        results: pageRecords.map((r) => ({
          ...renderObject(r, type, properties, known),
          ...(history.length > 0 ? renderHistory(ctx.store, r, history, known) : {}),
          ...withAssociations(ctx, type, r, associations),
        })),
        ...(next ? { paging: { next: { after: next.id } } } : {}),
      },
    };
  }),

  route('POST', '/crm/v3/objects/:type', async (ctx, { type: segment }) => {
    const type = objectTypeParam(segment);
    const body = requireObjectBody(await ctx.body());
    const record = ctx.store.createObject(
      type.name,
      {
        properties: requireCreateProperties(type, (body.properties ?? {}) as Record<string, unknown>),
        associations: (body.associations ?? []) as AssociationInput[],
      },
      ctx.now(),
    );
    return { status: 201, body: renderObject(record, type, Object.keys(record.properties), knownProperty(ctx, type)) };
  }),

  route('GET', '/crm/v3/objects/:type/:id', (ctx, { type: segment, id }) => {
    const type = objectTypeParam(segment);
    const idProperty = ctx.query.get('idProperty') ?? undefined;
    const record = ctx.store.getObject(type.name, id!, { archived: archivedParam(ctx), ...(idProperty ? { idProperty } : {}) });
    if (!record) throw objectNotFound(id!);
    const associations = listParam(ctx.query, 'associations');
    return {
      status: 200,
      body: {
        ...renderObject(record, type, listParam(ctx.query, 'properties'), knownProperty(ctx, type)),
        ...renderHistory(ctx.store, record, listParam(ctx.query, 'propertiesWithHistory'), knownProperty(ctx, type)),
        ...withAssociations(ctx, type, record, associations),
      },
    };
  }),

  route('PATCH', '/crm/v3/objects/:type/:id', async (ctx, { type: segment, id }) => {
    const type = objectTypeParam(segment);
    const body = requireObjectBody(await ctx.body());
    const idProperty = ctx.query.get('idProperty') ?? undefined;
    const target = idProperty ? ctx.store.getObject(type.name, id!, { idProperty }) : undefined;
    if (idProperty && !target) throw objectNotFound(id!);
    if (typeof body.properties !== 'object' || body.properties === null) {
      throw new CrmError(400, 'VALIDATION_ERROR', 'properties is required.');
    }
    const record = ctx.store.updateObject(type.name, target?.id ?? id!, body.properties as Record<string, unknown>, ctx.now());
    return { status: 200, body: renderObject(record, type, Object.keys(record.properties), knownProperty(ctx, type)) };
  }),
];
