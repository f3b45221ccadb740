import { z } from 'zod';
import { addDays, calendarDateInZone } from '../../domain/ringfence/calendar.ts';
import { ATTRIBUTION_BASIS_TEXT } from '../../domain/ringfence/attribution-company.ts';
import { CONFLICT_KIND_LABELS, CONFLICT_KINDS, type AttributionConflict, type DealAttribution } from '../../domain/ringfence/deal.ts';
import { CLOUDS, EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, type RingfenceState, type RingfenceSummary } from '../../domain/ringfence/state.ts';
import { describeRingfence, ringfenceStatus } from '../../domain/ringfence/window.ts';
import { CLOUD_LABELS } from '../../hubspot/schema/ringfence.ts';
import { describeRingfenceRules, type RingfenceConfig, type StageOneDefinition } from '../../policy/ringfence-config.ts';
import type { NameOf } from '../../hubspot/ringfence/audit-notes.ts';

/** What the company and deal cards show about ring-fences, shaped from the domain's view. */

const personSchema = z.object({ userId: z.string(), name: z.string() });
const statusSchema = z.enum(['active', 'expired', 'released']);

export const conflictViewSchema = z.object({
  kind: z.enum(CONFLICT_KINDS),
  label: z.string(),
  what: z.string(),
  at: z.string().describe('ISO 8601'),
});

const pastRingfenceSchema = z.object({
  id: z.string(),
  owner: personSchema,
  cloud: z.enum(CLOUDS),
  cloudLabel: z.string(),
  registeredAt: z.string(),
  expiresOn: z.string(),
  status: statusSchema,
});

export const companyRingfenceSectionSchema = z.object({
  status: z.enum(['none', 'active', 'expired', 'released']),
  version: z.number().int().describe('send as expectedVersion with register, extend or release'),
  today: z.string().describe('YYYY-MM-DD in the policy time zone'),
  timeZone: z.string(),
  current: z
    .object({
      id: z.string(),
      owner: personSchema,
      cloud: z.enum(CLOUDS),
      cloudLabel: z.string(),
      registeredAt: z.string(),
      firstEngagedOn: z.string(),
      lastEngagedOn: z.string(),
      expiresOn: z.string().describe('first day no longer active'),
      lastActiveDay: z.string(),
      daysRemaining: z.number().int().nullable(),
      expiryWarning: z.string().nullable().describe('set when an active ring-fence has fewer than warningDays left'),
      extensionCount: z.number().int(),
      released: z.object({ at: z.string(), by: personSchema, reason: z.string() }).nullable(),
      evidence: z.object({
        kind: z.enum(EVIDENCE_KINDS),
        kindLabel: z.string(),
        contactName: z.string(),
        contactRole: z.string(),
        contactEmail: z.string(),
        engagedOn: z.string(),
        notes: z.string(),
      }),
    })
    .nullable(),
  history: z.array(
    z.object({ version: z.number().int(), at: z.string(), action: z.enum(['register', 'extend', 'release']), actor: personSchema, summary: z.string() }),
  ),
  past: z.array(pastRingfenceSchema).describe('earlier ring-fences replaced by a newer registration'),
  attributedDeals: z.array(
    z.object({
      dealId: z.string(),
      ringfenceId: z.string(),
      owner: personSchema,
      cloud: z.enum(CLOUDS),
      conflicts: z.array(conflictViewSchema),
    }),
  ),
  rules: z.array(z.string()),
  allianceManagers: z
    .object({ teamIds: z.array(z.string()), userIds: z.array(z.string()) })
    .describe('for showing the forms only; the backend decides who may act'),
});
export type CompanyRingfenceSection = z.infer<typeof companyRingfenceSectionSchema>;

export function conflictViews(conflicts: readonly AttributionConflict[]): z.infer<typeof conflictViewSchema>[] {
  return conflicts.map((conflict) => ({ ...conflict, label: CONFLICT_KIND_LABELS[conflict.kind] }));
}

function person(userId: string, nameOf: NameOf) {
  return { userId, name: nameOf(userId) };
}

function pastView(summary: RingfenceSummary, today: string, nameOf: NameOf): z.infer<typeof pastRingfenceSchema> {
  return {
    id: summary.id,
    owner: person(summary.ownerUserId, nameOf),
    cloud: summary.cloud,
    cloudLabel: CLOUD_LABELS[summary.cloud],
    registeredAt: summary.registeredAt,
    expiresOn: summary.expiresOn,
    status: ringfenceStatus(summary, today),
  };
}

export function buildCompanyRingfenceSection(input: {
  state: RingfenceState;
  attributions: ReadonlyArray<{ dealId: string; attribution: DealAttribution | null }>;
  now: Date;
  config: RingfenceConfig;
  pipeline: StageOneDefinition;
  nameOf: NameOf;
}): CompanyRingfenceSection {
  const { state, config, nameOf } = input;
  const view = describeRingfence(state, input.now, config);
  const current = view.ringfence;
  const evidence = view.evidence;
  return {
    status: view.status,
    version: view.version,
    today: view.today,
    timeZone: config.timeZone,
    current:
      current && evidence
        ? {
            id: current.id,
            owner: person(current.ownerUserId, nameOf),
            cloud: current.cloud,
            cloudLabel: CLOUD_LABELS[current.cloud],
            registeredAt: current.registeredAt,
            firstEngagedOn: current.firstEngagedOn,
            lastEngagedOn: current.lastEngagedOn,
            expiresOn: current.expiresOn,
            lastActiveDay: view.lastActiveDay ?? addDays(current.expiresOn, -1),
            daysRemaining: view.daysRemaining,
            expiryWarning: view.expiryWarning,
            extensionCount: current.extensionCount,
            released: current.released ? { at: current.released.at, by: person(current.released.byUserId, nameOf), reason: current.released.reason } : null,
            evidence: {
              kind: evidence.kind,
              kindLabel: EVIDENCE_KIND_LABELS[evidence.kind],
              contactName: evidence.contact.name,
              contactRole: evidence.contact.role,
              contactEmail: evidence.contact.email,
              engagedOn: evidence.engagedOn,
              notes: evidence.notes,
            },
          }
        : null,
    history: (current?.audit ?? [])
      .map((entry) => ({
        version: entry.version,
        at: entry.at,
        action: entry.action,
        actor: person(entry.actorUserId, nameOf),
        summary:
          entry.action === 'register'
            ? `Registered for ${CLOUD_LABELS[entry.cloud]} on ${EVIDENCE_KIND_LABELS[entry.evidence.kind].toLowerCase()} of ${entry.evidence.engagedOn} (${entry.evidence.contact.name}); expires on ${entry.expiresOn}.`
            : entry.action === 'extend'
              ? `Extended on new evidence of ${entry.evidence.engagedOn} (${entry.evidence.contact.name}): expiry ${entry.previousExpiresOn} → ${entry.expiresOn}.`
              : `Released: ${entry.reason}`,
      }))
      .reverse(),
    past: state.past.map((summary) => pastView(summary, view.today, nameOf)),
    attributedDeals: input.attributions.flatMap(({ dealId, attribution }) =>
      attribution
        ? [
            {
              dealId,
              ringfenceId: attribution.ringfenceId,
              owner: person(attribution.ownerUserId, nameOf),
              cloud: attribution.cloud,
              conflicts: conflictViews(attribution.conflicts),
            },
          ]
        : [],
    ),
    rules: describeRingfenceRules(config, input.pipeline),
    allianceManagers: { teamIds: [...config.allianceTeamIds], userIds: [...config.allianceUserIds] },
  };
}

export const attributionSectionSchema = z.object({
  source: z.enum(['alliance', 'own']).describe('own: the deal keeps its own source'),
  line: z.string().describe('the attribution in one sentence'),
  ringfence: z
    .object({
      id: z.string(),
      companyId: z.string(),
      owner: personSchema,
      cloud: z.enum(CLOUDS),
      cloudLabel: z.string(),
      status: statusSchema.nullable().describe('null when the company no longer holds this ring-fence'),
      registeredAt: z.string().nullable(),
      expiresOn: z.string().nullable(),
    })
    .nullable(),
  conflicts: z.array(conflictViewSchema),
  conflictNote: z.string().nullable(),
});
export type AttributionSection = z.infer<typeof attributionSectionSchema>;

/** The deal card's attribution line: which ring-fence claims the deal, or why none does. */
export function describeDealAttribution(input: {
  attribution: DealAttribution | null;
  dealCreatedAt: Date | null;
  company: { id: string; name: string; state: RingfenceState } | null;
  ownSource: string | null;
  now: Date;
  config: RingfenceConfig;
  nameOf: NameOf;
}): AttributionSection {
  const { attribution, company, config, nameOf } = input;
  const today = calendarDateInZone(input.now, config.timeZone);
  if (attribution && company) {
    const all = company.state.current ? [company.state.current, ...company.state.past] : company.state.past;
    const held = all.find((ringfence) => ringfence.id === attribution.ringfenceId) ?? null;
    const owner = person(attribution.ownerUserId, nameOf);
    const conflicts = conflictViews(attribution.conflicts);
    return {
      source: 'alliance',
      line:
        `Attributed to the alliance: ${owner.name}'s ${CLOUD_LABELS[attribution.cloud]} ring-fence ${attribution.ringfenceId} on ${company.name}` +
        (attribution.basis ? `, because the deal is on several companies and ${company.name} is ${ATTRIBUTION_BASIS_TEXT[attribution.basis]}.` : '.'),
      ringfence: {
        id: attribution.ringfenceId,
        companyId: company.id,
        owner,
        cloud: attribution.cloud,
        cloudLabel: CLOUD_LABELS[attribution.cloud],
        status: held ? ringfenceStatus(held, today) : null,
        registeredAt: held?.registeredAt ?? null,
        expiresOn: held?.expiresOn ?? null,
      },
      conflicts,
      conflictNote:
        conflicts.length > 0
          ? `Inbound activity after the ring-fence was registered does not change this attribution; it is recorded here so the alliance and marketing teams see the dispute.`
          : null,
    };
  }
  const source = input.ownSource ? ` (${input.ownSource})` : '';
  const all = company ? (company.state.current ? [company.state.current, ...company.state.past] : company.state.past) : [];
  const created = input.dealCreatedAt ? calendarDateInZone(input.dealCreatedAt, config.timeZone) : null;
  // The ring-fence whose window covers the creation date but which was registered after the deal existed.
  const predates = input.dealCreatedAt
    ? all.find(
        (ringfence) =>
          input.dealCreatedAt!.getTime() < Date.parse(ringfence.registeredAt) && created! >= ringfence.firstEngagedOn && created! < ringfence.expiresOn,
      )
    : undefined;
  const why = !company
    ? 'the deal has no company, so no ring-fence can claim it'
    : all.length === 0
      ? `${company.name} has never been ring-fenced`
      : predates
        ? `it was created on ${created}, before ring-fence ${predates.id} was registered on ${calendarDateInZone(new Date(predates.registeredAt), config.timeZone)} (a ring-fence claims only deals created after it is registered, even when the engagement came earlier)`
        : `it was created${created ? ` on ${created}` : ''}, outside every ring-fence window of ${company.name}`;
  return {
    source: 'own',
    line: `Not attributed to the alliance: ${why}; the deal keeps its own source${source}.`,
    ringfence: null,
    conflicts: [],
    conflictNote: null,
  };
}
