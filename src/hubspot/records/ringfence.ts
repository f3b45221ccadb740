import { z } from 'zod';
import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import { describeIssues, type ParseResult } from '../../domain/ringfence/command-schemas.ts';
import { dealAttributionSchema, type DealAttribution, type DealFacts } from '../../domain/ringfence/deal.ts';
import { calendarDateInZone } from '../../domain/ringfence/calendar.ts';
import { emptyRingfenceState, ringfenceStateSchema, type RingfenceState } from '../../domain/ringfence/state.ts';
import { ringfenceStatus } from '../../domain/ringfence/window.ts';

/**
 * Mapping between HubSpot property bags (values are strings or null, as the CRM API returns them)
 * and the ring-fence domain. The JSON state property is authoritative; the flat properties are
 * projections of it for search, lists and reports.
 */

export type PropertyBag = Record<string, string | null>;

export const COMPANY_RINGFENCE_PROPERTY_NAMES = [
  'cosell_ringfence_state',
  'cosell_ringfence_status',
  'cosell_ringfence_owner_user_id',
  'cosell_ringfence_cloud',
  'cosell_ringfence_registered_at',
  'cosell_ringfence_expires_on',
  'cosell_ringfence_id',
  'cosell_ringfence_version',
] as const;
type CompanyRingfenceProperty = (typeof COMPANY_RINGFENCE_PROPERTY_NAMES)[number];

export const DEAL_ATTRIBUTION_PROPERTY_NAMES = [
  'cosell_attribution_source',
  'cosell_attribution_owner',
  'cosell_attribution_ringfence_id',
  'cosell_attribution_cloud',
  'cosell_attribution_conflicts',
  'cosell_attribution_conflict_count',
  'cosell_attribution_basis',
] as const;
type DealAttributionProperty = (typeof DEAL_ATTRIBUTION_PROPERTY_NAMES)[number];

/** Deal properties to request so that `parseDealFacts` has what it needs. */
export function dealPropertyNamesToRead(config: RingfenceConfig): string[] {
  return [
    'dealname',
    'createdate',
    'hubspot_owner_id',
    'pipeline',
    'dealstage',
    'hs_is_closed',
    'hs_analytics_source',
    config.dealSourceProperty,
    ...DEAL_ATTRIBUTION_PROPERTY_NAMES,
  ];
}

const propertyBagSchema = z.record(z.string(), z.string().nullable());

// HubSpot returns unset properties as null or as an empty string.
const optionalValue = z
  .string()
  .nullable()
  .optional()
  .transform((value) => (value === undefined || value === null || value.trim() === '' ? null : value));
const requiredValue = optionalValue.refine((value): value is string => value !== null, 'is required');

const hubspotInstant = requiredValue.transform((value, ctx) => {
  // Datetimes come back as ISO 8601; older paths still use epoch milliseconds.
  const instant = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(instant.getTime())) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a date and time` });
    return z.NEVER;
  }
  return instant;
});

function jsonValue(value: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
}

/** Reads a company's ring-fence state; a company never ring-fenced yields the empty state. */
export function parseCompanyRingfenceState(companyId: string, properties: PropertyBag): ParseResult<RingfenceState> {
  const bag = propertyBagSchema.safeParse(properties);
  if (!bag.success) return { ok: false, error: describeIssues(bag.error) };
  const raw = optionalValue.parse(bag.data['cosell_ringfence_state']);
  if (raw === null) return { ok: true, value: emptyRingfenceState(companyId) };

  const parsed = z
    .object({
      cosell_ringfence_state: z.string().transform(jsonValue).pipe(ringfenceStateSchema),
    })
    .safeParse({ cosell_ringfence_state: raw });
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  const state = parsed.data.cosell_ringfence_state;
  if (state.companyId !== companyId) {
    return {
      ok: false,
      error: `cosell_ringfence_state: belongs to company ${state.companyId}, not ${companyId}`,
    };
  }
  return { ok: true, value: state };
}

/** Every company ring-fence property for `state`, with the status as of `now`. Empty string clears a value. */
export function companyRingfenceProperties(state: RingfenceState, now: Date, config: RingfenceConfig): Record<CompanyRingfenceProperty, string> {
  const current = state.current;
  const today = calendarDateInZone(now, config.timeZone);
  return {
    cosell_ringfence_state: JSON.stringify(state),
    cosell_ringfence_status: current ? ringfenceStatus(current, today) : '',
    cosell_ringfence_owner_user_id: current?.ownerUserId ?? '',
    cosell_ringfence_cloud: current?.cloud ?? '',
    cosell_ringfence_registered_at: current?.registeredAt ?? '',
    cosell_ringfence_expires_on: current?.expiresOn ?? '',
    cosell_ringfence_id: current?.id ?? '',
    cosell_ringfence_version: String(state.version),
  };
}

/**
 * Only the company properties whose stored value differs from what `state` implies as of `now`,
 * so callers skip no-op writes. Also how an expired status reaches the flat property: expiry is
 * derived, so it is written whenever the company is next read or refreshed.
 */
export function companyRingfencePropertyUpdates(
  stored: PropertyBag,
  state: RingfenceState,
  now: Date,
  config: RingfenceConfig,
): Partial<Record<CompanyRingfenceProperty, string>> {
  const wanted = companyRingfenceProperties(state, now, config);
  const updates: Partial<Record<CompanyRingfenceProperty, string>> = {};
  for (const name of COMPANY_RINGFENCE_PROPERTY_NAMES) {
    if (!sameStoredValue(name, stored[name] ?? null, wanted[name])) updates[name] = wanted[name];
  }
  return updates;
}

function sameStoredValue(name: CompanyRingfenceProperty, stored: string | null, wanted: string): boolean {
  const storedValue = stored ?? '';
  if (storedValue === wanted) return true;
  if (storedValue === '' || wanted === '') return false;
  // HubSpot reformats datetimes and numbers on the way back; compare what they mean.
  if (name === 'cosell_ringfence_registered_at') return Date.parse(storedValue) === Date.parse(wanted);
  if (name === 'cosell_ringfence_version') return Number(storedValue) === Number(wanted);
  if (name === 'cosell_ringfence_state') return sameJson(storedValue, wanted);
  return false;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** Maps a HubSpot deal to the facts the ring-fence rules need; errors name the offending property. */
export function parseDealFacts(dealId: string, properties: PropertyBag, config: RingfenceConfig): ParseResult<DealFacts> {
  const bag = propertyBagSchema.safeParse(properties);
  if (!bag.success) return { ok: false, error: describeIssues(bag.error) };

  const deal = z
    .object({
      dealname: optionalValue,
      createdate: hubspotInstant,
      hubspot_owner_id: optionalValue,
      pipeline: requiredValue,
      dealstage: requiredValue,
      hs_is_closed: optionalValue.pipe(z.enum(['true', 'false']).nullable()),
      hs_analytics_source: optionalValue,
    })
    .safeParse(bag.data);
  if (!deal.success) return { ok: false, error: describeIssues(deal.error) };

  const attribution = parseDealAttribution(bag.data);
  if (!attribution.ok) return attribution;

  const values = deal.data;
  return {
    ok: true,
    value: {
      id: dealId,
      name: values.dealname ?? `Deal ${dealId}`,
      createdAt: values.createdate,
      ownerUserId: values.hubspot_owner_id,
      pipelineId: values.pipeline,
      stageId: values.dealstage,
      isClosed: values.hs_is_closed === 'true',
      analyticsSource: values.hs_analytics_source,
      dealSource: optionalValue.parse(bag.data[config.dealSourceProperty]),
      attribution: attribution.value,
    },
  };
}

function parseDealAttribution(bag: PropertyBag): ParseResult<DealAttribution | null> {
  const source = optionalValue.parse(bag['cosell_attribution_source']);
  if (source === null) return { ok: true, value: null };

  const propertyFor: Record<keyof DealAttribution, DealAttributionProperty> = {
    source: 'cosell_attribution_source',
    ownerUserId: 'cosell_attribution_owner',
    ringfenceId: 'cosell_attribution_ringfence_id',
    cloud: 'cosell_attribution_cloud',
    conflicts: 'cosell_attribution_conflicts',
    basis: 'cosell_attribution_basis',
  };
  const conflictsText = optionalValue.parse(bag['cosell_attribution_conflicts']) ?? '[]';
  const parsed = z
    .object({ conflicts: z.string().transform(jsonValue) })
    .transform((value) => ({
      source,
      ownerUserId: optionalValue.parse(bag['cosell_attribution_owner']),
      ringfenceId: optionalValue.parse(bag['cosell_attribution_ringfence_id']),
      cloud: optionalValue.parse(bag['cosell_attribution_cloud']),
      conflicts: value.conflicts,
      ...(optionalValue.parse(bag['cosell_attribution_basis']) ? { basis: optionalValue.parse(bag['cosell_attribution_basis']) } : {}),
    }))
    .pipe(dealAttributionSchema)
    .safeParse({ conflicts: conflictsText });
  if (parsed.success) return { ok: true, value: parsed.data };
  // Report the HubSpot property, not the domain field, so RevOps can find the bad value.
  const issues = parsed.error.issues.map((issue) => {
    const [field, ...rest] = issue.path.map(String);
    const property = propertyFor[field as keyof DealAttribution] ?? field;
    return `${[property, ...rest].join('.')}: ${issue.message}`;
  });
  return { ok: false, error: issues.join('; ') };
}

/** The deal properties for an attribution; null clears them (empty strings). */
export function dealAttributionProperties(attribution: DealAttribution | null): Record<DealAttributionProperty, string> {
  return {
    cosell_attribution_source: attribution?.source ?? '',
    cosell_attribution_owner: attribution?.ownerUserId ?? '',
    cosell_attribution_ringfence_id: attribution?.ringfenceId ?? '',
    cosell_attribution_cloud: attribution?.cloud ?? '',
    cosell_attribution_conflicts: attribution ? JSON.stringify(attribution.conflicts) : '',
    cosell_attribution_conflict_count: attribution ? String(attribution.conflicts.length) : '',
    cosell_attribution_basis: attribution?.basis ?? '',
  };
}
