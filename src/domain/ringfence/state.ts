import { z } from 'zod';
import { isCalendarDate } from './calendar.ts';

/**
 * The ring-fence state of one company, as stored in its `cosell_ringfence_state` property.
 * Parsed with these schemas whenever it is read back, so a hand-edited value is caught.
 */

export { CLOUDS, type Cloud } from '../../policy/marketplace-policy.ts';
import { CLOUDS } from '../../policy/marketplace-policy.ts';

export const EVIDENCE_KINDS = ['hyperscaler_ae_introduction', 'pdm_referral', 'aws_originated_opportunity_or_invitation', 'joint_account_plan'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  hyperscaler_ae_introduction: 'Hyperscaler AE introduction',
  pdm_referral: 'Partner development manager referral',
  aws_originated_opportunity_or_invitation: 'AWS-originated opportunity or invitation',
  joint_account_plan: 'Joint account plan',
};

/** Length limits; together with MAX_PAST_RINGFENCES they keep the state within one HubSpot property. */
export const TEXT_LIMITS = {
  id: 64,
  idempotencyKey: 100,
  contactName: 200,
  contactRole: 200,
  contactEmail: 254,
  notes: 1000,
  releaseReason: 500,
  releaseReasonMin: 5,
  displayName: 200,
} as const;

/** Replaced ring-fences kept (newest first) as summaries; their full trail lives in HubSpot notes. */
export const MAX_PAST_RINGFENCES = 5;

// Control characters other than newline and tab have no place in these fields and bloat the JSON.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/;

/** Zod error text: "is required" when the field is missing, `otherwise` when it has the wrong type. */
export function requiredOr(otherwise: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : otherwise);
}

export function boundedText(max: number, options: { min?: number; required?: string } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: requiredOr('must be text') })
    .trim()
    .min(min, options.required ?? (min === 1 ? 'is required' : `must be at least ${min} characters`))
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');
}

export const calendarDateSchema = z
  .string({ error: requiredOr('must be a date written YYYY-MM-DD') })
  .refine(isCalendarDate, 'must be a calendar date written YYYY-MM-DD');

const instantSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });

export const idSchema = boundedText(TEXT_LIMITS.id);

export const engagementEvidenceSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS, { error: requiredOr(`must be one of ${EVIDENCE_KINDS.join(', ')}`) }),
  contact: z.object(
    {
      name: boundedText(TEXT_LIMITS.contactName),
      role: boundedText(TEXT_LIMITS.contactRole),
      email: z.email({ error: requiredOr('must be an email address') }).max(TEXT_LIMITS.contactEmail, `must be at most ${TEXT_LIMITS.contactEmail} characters`),
    },
    { error: requiredOr('must be an object with name, role and email') },
  ),
  engagedOn: calendarDateSchema,
  notes: boundedText(TEXT_LIMITS.notes, { min: 0 }).default(''),
});
export type EngagementEvidence = z.infer<typeof engagementEvidenceSchema>;

const auditBase = {
  version: z.number().int().min(1),
  at: instantSchema,
  actorUserId: idSchema,
  idempotencyKey: boundedText(TEXT_LIMITS.idempotencyKey),
  ringfenceId: idSchema,
};

export const auditEntrySchema = z.discriminatedUnion('action', [
  z.strictObject({
    ...auditBase,
    action: z.literal('register'),
    cloud: z.enum(CLOUDS),
    evidence: engagementEvidenceSchema,
    expiresOn: calendarDateSchema,
    contactDomainOverrideReason: boundedText(TEXT_LIMITS.releaseReason).optional(),
  }),
  z.strictObject({
    ...auditBase,
    action: z.literal('extend'),
    evidence: engagementEvidenceSchema,
    previousExpiresOn: calendarDateSchema,
    expiresOn: calendarDateSchema,
    contactDomainOverrideReason: boundedText(TEXT_LIMITS.releaseReason).optional(),
  }),
  z.strictObject({
    ...auditBase,
    action: z.literal('release'),
    reason: boundedText(TEXT_LIMITS.releaseReason),
  }),
]);
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type RingfenceAction = AuditEntry['action'];

const ringfenceSummaryShape = {
  id: idSchema,
  ownerUserId: idSchema,
  ownerName: boundedText(TEXT_LIMITS.displayName).nullable(),
  cloud: z.enum(CLOUDS),
  registeredAt: instantSchema,
  firstEngagedOn: calendarDateSchema,
  lastEngagedOn: calendarDateSchema,
  /** First calendar day (portal time zone) on which the ring-fence is no longer active. */
  expiresOn: calendarDateSchema,
  extensionCount: z.number().int().min(0),
  released: z.strictObject({ at: instantSchema, byUserId: idSchema, reason: boundedText(TEXT_LIMITS.releaseReason) }).nullable(),
};

export const ringfenceSummarySchema = z.strictObject(ringfenceSummaryShape);
export type RingfenceSummary = z.infer<typeof ringfenceSummarySchema>;

export const ringfenceSchema = z.strictObject({
  ...ringfenceSummaryShape,
  audit: z.array(auditEntrySchema).min(1),
});
export type Ringfence = z.infer<typeof ringfenceSchema>;

export const ringfenceStateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  companyId: idSchema,
  /** Bumped by every applied command; commands name the version they expect. */
  version: z.number().int().min(0),
  current: ringfenceSchema.nullable(),
  past: z.array(ringfenceSummarySchema).max(MAX_PAST_RINGFENCES),
});
export type RingfenceState = z.infer<typeof ringfenceStateSchema>;

export function emptyRingfenceState(companyId: string): RingfenceState {
  return { schemaVersion: 1, companyId, version: 0, current: null, past: [] };
}

export function summarise(ringfence: Ringfence): RingfenceSummary {
  const { audit: _audit, ...summary } = ringfence;
  return summary;
}

/** The evidence behind the ring-fence's current window: that of its last registration or extension. */
export function latestEvidence(ringfence: Ringfence): EngagementEvidence {
  for (let index = ringfence.audit.length - 1; index >= 0; index -= 1) {
    const entry = ringfence.audit[index];
    if (entry && entry.action !== 'release') return entry.evidence;
  }
  throw new Error(`ring-fence ${ringfence.id} has no registration entry`);
}
