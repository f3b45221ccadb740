import { z } from 'zod';
import { verifyHubSpotSignatureV3, type SignatureFailure, type VerifyInput } from './signature-v3.ts';

/** HubSpot sends at most 100 events per request; anything far beyond that is not HubSpot. */
const MAX_EVENTS = 1000;

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const objectTypeId = z.string().regex(/^\d+-\d+$/);

/** Classic subscription types name the object ("deal.propertyChange"); generic ones carry objectTypeId. */
const CLASSIC_OBJECT_TYPE_IDS: Readonly<Record<string, string>> = {
  contact: '0-1',
  company: '0-2',
  deal: '0-3',
  ticket: '0-5',
  product: '0-7',
  line_item: '0-8',
};
/** Classic association events name the pair ("DEAL_TO_COMPANY"). */
const CLASSIC_ASSOCIATION_TYPES: Readonly<Record<string, [string, string]>> = {
  CONTACT_TO_COMPANY: ['0-1', '0-2'],
  COMPANY_TO_CONTACT: ['0-2', '0-1'],
  DEAL_TO_CONTACT: ['0-3', '0-1'],
  CONTACT_TO_DEAL: ['0-1', '0-3'],
  DEAL_TO_COMPANY: ['0-3', '0-2'],
  COMPANY_TO_DEAL: ['0-2', '0-3'],
};

const baseSchema = z.looseObject({
  eventId: numericId,
  subscriptionId: numericId.optional(),
  portalId: numericId,
  appId: numericId.optional(),
  occurredAt: z.number().int().nonnegative(),
  subscriptionType: z.string().min(1).max(200),
  attemptNumber: z.number().int().nonnegative().optional(),
  changeSource: z.string().max(200).optional(),
  sourceId: z.string().max(300).optional(),
});

const objectEventSchema = baseSchema.extend({
  objectId: numericId,
  objectTypeId: objectTypeId.optional(),
  propertyName: z.string().max(200).optional(),
  propertyValue: z.string().optional(),
});

const associationEventSchema = baseSchema.extend({
  fromObjectId: numericId,
  toObjectId: numericId,
  fromObjectTypeId: objectTypeId.optional(),
  toObjectTypeId: objectTypeId.optional(),
  associationType: z.string().max(200).optional(),
  associationTypeId: z.number().int().optional(),
  associationCategory: z.string().max(100).optional(),
  associationRemoved: z.boolean().default(false),
  isPrimaryAssociation: z.boolean().default(false),
});

const mergeEventSchema = baseSchema.extend({
  objectTypeId: objectTypeId.optional(),
  primaryObjectId: numericId,
  mergedObjectIds: z.array(numericId),
  newObjectId: numericId,
});

interface EventBase {
  eventId: string;
  /** HubSpot's eventId alone is not guaranteed unique; this key is stable across redeliveries of one event. */
  deliveryKey: string;
  portalId: string;
  subscriptionType: string;
  occurredAt: number;
  attemptNumber: number;
  changeSource: string | null;
  sourceId: string | null;
}

export type WebhookEvent =
  | (EventBase & {
      kind: 'object';
      /** creation, deletion, propertyChange, restore… (the part after the dot). */
      action: string;
      objectTypeId: string;
      objectId: string;
      propertyName: string | null;
      propertyValue: string | null;
    })
  | (EventBase & {
      kind: 'association';
      fromObjectTypeId: string;
      fromObjectId: string;
      toObjectTypeId: string;
      toObjectId: string;
      associationTypeId: number | null;
      removed: boolean;
      primary: boolean;
    })
  | (EventBase & { kind: 'merge'; objectTypeId: string; primaryObjectId: string; mergedObjectIds: string[]; newObjectId: string })
  /** Valid JSON the app does not understand (a new subscription type or shape): logged, counted, never fatal. */
  | { kind: 'unrecognised'; deliveryKey: string; reason: string; raw: unknown };

function base(event: z.infer<typeof baseSchema>): EventBase {
  return {
    eventId: event.eventId,
    deliveryKey: [event.portalId, event.subscriptionId ?? '', event.eventId, event.occurredAt].join(':'),
    portalId: event.portalId,
    subscriptionType: event.subscriptionType,
    occurredAt: event.occurredAt,
    attemptNumber: event.attemptNumber ?? 0,
    changeSource: event.changeSource ?? null,
    sourceId: event.sourceId ?? null,
  };
}

function unrecognised(raw: unknown, reason: string, index: number): WebhookEvent {
  const eventId = typeof raw === 'object' && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined;
  return { kind: 'unrecognised', deliveryKey: `unrecognised:${typeof eventId === 'string' || typeof eventId === 'number' ? eventId : index}`, reason, raw };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || 'event'}: ${issue?.message ?? 'invalid'}`;
}

/** Reads one event by its documented shape; anything else becomes `unrecognised` rather than an error. */
export function parseWebhookEvent(raw: unknown, index = 0): WebhookEvent {
  const head = baseSchema.safeParse(raw);
  if (!head.success) return unrecognised(raw, firstIssue(head.error), index);
  const [prefix, action = ''] = head.data.subscriptionType.split('.', 2);
  if (action === 'associationChange') {
    const parsed = associationEventSchema.safeParse(raw);
    if (!parsed.success) return unrecognised(raw, firstIssue(parsed.error), index);
    const event = parsed.data;
    const classic = event.associationType ? CLASSIC_ASSOCIATION_TYPES[event.associationType] : undefined;
    const fromType = event.fromObjectTypeId ?? classic?.[0];
    const toType = event.toObjectTypeId ?? classic?.[1];
    if (!fromType || !toType) return unrecognised(raw, `association type ${event.associationType ?? '(none)'} is not one the app reads`, index);
    return {
      ...base(event),
      kind: 'association',
      fromObjectTypeId: fromType,
      fromObjectId: event.fromObjectId,
      toObjectTypeId: toType,
      toObjectId: event.toObjectId,
      associationTypeId: event.associationTypeId ?? null,
      removed: event.associationRemoved,
      primary: event.isPrimaryAssociation,
    };
  }
  const typeId = (explicit: string | undefined) => explicit ?? (prefix === 'object' ? undefined : CLASSIC_OBJECT_TYPE_IDS[prefix ?? '']);
  if (action === 'merge') {
    const parsed = mergeEventSchema.safeParse(raw);
    if (!parsed.success) return unrecognised(raw, firstIssue(parsed.error), index);
    const objectType = typeId(parsed.data.objectTypeId);
    if (!objectType) return unrecognised(raw, 'merge event without an object type', index);
    return {
      ...base(parsed.data),
      kind: 'merge',
      objectTypeId: objectType,
      primaryObjectId: parsed.data.primaryObjectId,
      mergedObjectIds: parsed.data.mergedObjectIds,
      newObjectId: parsed.data.newObjectId,
    };
  }
  const parsed = objectEventSchema.safeParse(raw);
  if (!parsed.success) return unrecognised(raw, firstIssue(parsed.error), index);
  const objectType = typeId(parsed.data.objectTypeId);
  if (!objectType) return unrecognised(raw, `subscription type ${head.data.subscriptionType} names no object type`, index);
  return {
    ...base(parsed.data),
    kind: 'object',
    action,
    objectTypeId: objectType,
    objectId: parsed.data.objectId,
    propertyName: parsed.data.propertyName ?? null,
    propertyValue: parsed.data.propertyValue ?? null,
  };
}

export type WebhookFailure = SignatureFailure | 'INVALID_PAYLOAD';

export type WebhookVerification = { ok: true; events: WebhookEvent[] } | { ok: false; failure: WebhookFailure; message: string };

/**
 * Webhook deliveries are POSTs to the app's target URL, signed with the same v3 scheme over the raw
 * JSON array. HubSpot re-signs each redelivery (the body's attemptNumber changes), so deliveries are
 * deduplicated by event, not by signature. Only a body that is not a JSON array is refused: one
 * event the app does not understand must not cost the others in its batch.
 */
export function verifyHubSpotWebhookV3(input: Omit<VerifyInput, 'method'> & { method?: string }): WebhookVerification {
  const verified = verifyHubSpotSignatureV3({ ...input, method: input.method ?? 'POST' });
  if (!verified.ok) return verified;
  let body: unknown;
  try {
    body = JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8'));
  } catch {
    return { ok: false, failure: 'INVALID_PAYLOAD', message: 'The webhook body is not valid JSON.' };
  }
  if (!Array.isArray(body) || body.length > MAX_EVENTS) {
    return { ok: false, failure: 'INVALID_PAYLOAD', message: `The webhook body must be a JSON array of at most ${MAX_EVENTS} events.` };
  }
  return { ok: true, events: body.map((raw, index) => parseWebhookEvent(raw, index)) };
}

export type ChangeSourceId = { kind: 'user'; userId: string } | { kind: 'other'; type: string; id: string };

/**
 * `sourceId` names who made a change, e.g. `userId:45678` for a user in the HubSpot UI. Other
 * prefixes (integrations, workflows) are passed through as `other`; anything unparseable is null.
 */
export function parseSourceId(sourceId: string | null | undefined): ChangeSourceId | null {
  if (!sourceId) return null;
  const match = /^([A-Za-z][A-Za-z0-9_-]{0,63}):(\S{1,128})$/.exec(sourceId.trim());
  if (!match) return null;
  const [, type, id] = match as unknown as [string, string, string];
  if (type === 'userId') return /^\d{1,20}$/.test(id) ? { kind: 'user', userId: id } : null;
  return { kind: 'other', type, id };
}
