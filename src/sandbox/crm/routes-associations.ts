import { defaultAssociationType } from './association-types.ts';
import { validationError } from './errors.ts';
import { renderV4Associated } from './render.ts';
import { limitParam, objectTypeParam, offsetParam, page, requireObjectBody, route, type Route } from './routing.ts';
import type { AssociationSpecInput } from './store.ts';
import { scalarText } from './values.ts';

export const ASSOCIATION_BATCH_LIMIT = 1000;
/** Associated records per input and page of a v4 batch read (HubSpot does not document its figure; small pages catch a missed `after`). */
export const V4_BATCH_PAGE = 100;

export const associationRoutes: Route[] = [
  route('GET', '/crm/v4/objects/:from/:id/associations/:to', (ctx, { from, id, to }) => {
    const fromType = objectTypeParam(from);
    const toType = objectTypeParam(to);
    const associated = ctx.store.getAssociations(fromType.name, id!, toType.name).map(renderV4Associated);
    return { status: 200, body: page(associated, offsetParam(ctx.query.get('after')), limitParam(ctx.query, 500, 500)) };
  }),

  route('POST', '/crm/v4/associations/:from/:to/batch/read', async (ctx, { from, to }) => {
    const fromType = objectTypeParam(from);
    const toType = objectTypeParam(to);
    const startedAt = ctx.now();
    const inputs = requireObjectBody(await ctx.body()).inputs;
    if (!Array.isArray(inputs)) throw validationError('inputs is required and must be an array.');
    if (inputs.length > ASSOCIATION_BATCH_LIMIT) {
      throw validationError(`Batch input has ${inputs.length} inputs, which is more than the limit of ${ASSOCIATION_BATCH_LIMIT}.`);
    }
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs as Array<{ id?: unknown; after?: unknown }>) {
      const id = scalarText(input?.id);
      const associated = ctx.store.getAssociations(fromType.name, id, toType.name);
      const after = offsetParam(input?.after === undefined ? null : scalarText(input.after));
      if (associated.length > 0) {
        const pageRows = associated.slice(after, after + V4_BATCH_PAGE);
        const next = after + V4_BATCH_PAGE < associated.length ? String(after + V4_BATCH_PAGE) : null;
        results.push({ from: { id }, to: pageRows.map(renderV4Associated), ...(next ? { paging: { next: { after: next, link: null } } } : {}) });
      } else {
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${toType.singular} is associated with ${fromType.singular} ${id}.`,
          context: { fromObjectId: [id] },
        });
      }
    }
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
  }),

  route('PUT', '/crm/v4/objects/:from/:fromId/associations/default/:to/:toId', (ctx, { from, fromId, to, toId }) => {
    const fromType = objectTypeParam(from);
    const toType = objectTypeParam(to);
    const startedAt = ctx.now();
    ctx.store.associate(fromType.name, fromId!, toType.name, toId!);
    const forward = defaultAssociationType(fromType.name, toType.name)!;
    const spec = (typeId: number) => ({ associationCategory: forward.category, associationTypeId: typeId });
    return {
      status: 200,
      body: {
        status: 'COMPLETE',
        results: [
          { from: { id: fromId }, to: { id: toId }, associationSpec: spec(forward.typeId) },
          { from: { id: toId }, to: { id: fromId }, associationSpec: spec(forward.inverseTypeId) },
        ],
        startedAt: startedAt.toISOString(),
        completedAt: ctx.now().toISOString(),
      },
    };
  }),

  route('PUT', '/crm/v4/objects/:from/:fromId/associations/:to/:toId', async (ctx, { from, fromId, to, toId }) => {
    const fromType = objectTypeParam(from);
    const toType = objectTypeParam(to);
    const specs = await ctx.body();
    if (!Array.isArray(specs) || specs.length === 0) {
      throw validationError('The body must be a non-empty array of association specs ({ associationCategory, associationTypeId }).');
    }
    ctx.store.associate(fromType.name, fromId!, toType.name, toId!, specs as AssociationSpecInput[]);
    const labels = ctx.store
      .getAssociations(fromType.name, fromId!, toType.name)
      .find((a) => a.toId === toId)!
      .types.flatMap((t) => (t.label ? [t.label] : []));
    return {
      status: 201,
      body: {
        fromObjectTypeId: fromType.objectTypeId,
        fromObjectId: Number(fromId),
        toObjectTypeId: toType.objectTypeId,
        toObjectId: Number(toId),
        labels,
      },
    };
  }),
];
