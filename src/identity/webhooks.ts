import { z } from 'zod';
import { verifyHubSpotSignatureV3, type SignatureFailure, type VerifyInput } from './signature-v3.ts';

/** HubSpot sends at most 100 events per request; anything far beyond that is not HubSpot. */
const MAX_EVENTS = 1000;

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** The fields the app relies on; HubSpot adds others per subscription type, which are kept. */
export const webhookEventSchema = z.looseObject({
  eventId: numericId,
  subscriptionId: numericId.optional(),
  portalId: numericId,
  appId: numericId.optional(),
  occurredAt: z.number().int().nonnegative(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: numericId,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export type WebhookFailure = SignatureFailure | 'INVALID_PAYLOAD';

export type WebhookVerification = { ok: true; events: WebhookEvent[] } | { ok: false; failure: WebhookFailure; message: string };

/** Webhook deliveries are POSTs to the app's target URL, signed with the same v3 scheme over the raw JSON array. */
export function verifyHubSpotWebhookV3(input: Omit<VerifyInput, 'method'> & { method?: string }): WebhookVerification {
  const verified = verifyHubSpotSignatureV3({ ...input, method: input.method ?? 'POST' });
  if (!verified.ok) return verified;
  let body: unknown;
  try {
    body = JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8'));
  } catch {
    return { ok: false, failure: 'INVALID_PAYLOAD', message: 'The webhook body is not valid JSON.' };
  }
  const parsed = z.array(webhookEventSchema).min(1).max(MAX_EVENTS).safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'body';
    return { ok: false, failure: 'INVALID_PAYLOAD', message: `The webhook body is invalid at "${where}": ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, events: parsed.data };
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
