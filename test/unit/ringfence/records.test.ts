import { describe, expect, it } from 'vitest';
import {
  attributeDeal,
  emptyRingfenceState,
  extendRingfence,
  registerRingfence,
  releaseRingfence,
  MAX_PAST_RINGFENCES,
  TEXT_LIMITS,
  type RingfenceState,
} from '../../../src/domain/ringfence/index.ts';
import { MAX_EXTENSIONS_STORABLE, ringfenceConfigSchema } from '../../../src/policy/ringfence-config.ts';
import {
  companyRingfenceProperties,
  companyRingfencePropertyUpdates,
  dealAttributionProperties,
  dealPropertyNamesToRead,
  parseCompanyRingfenceState,
  parseDealFacts,
} from '../../../src/hubspot/records/ringfence.ts';
import { ringfenceProperties } from '../../../src/hubspot/schema/ringfence.ts';
import { COMPANY_ID, applied, config, dana, deal, evidence, pipeline, omar, registeredState } from './helpers.ts';
import { NOTED_VERSION_PROPERTY } from '../../../src/hubspot/ringfence/audit-notes.ts';

const HUBSPOT_STRING_LIMIT = 65_536;
const feb = new Date('2026-02-01T12:00:00Z');

describe('company ring-fence properties', () => {
  it('round-trips the state through the JSON property', () => {
    const state = registeredState();
    const properties = companyRingfenceProperties(state, feb, config);
    const parsed = parseCompanyRingfenceState(COMPANY_ID, properties);
    expect(parsed).toEqual({ ok: true, value: state });
  });

  it('writes flat, queryable properties', () => {
    const properties = companyRingfenceProperties(registeredState(), feb, config);
    expect(properties).toMatchObject({
      cosell_ringfence_status: 'active',
      cosell_ringfence_owner_user_id: 'u-dana',
      cosell_ringfence_cloud: 'aws',
      cosell_ringfence_registered_at: '2026-01-10T14:00:00.000Z',
      cosell_ringfence_expires_on: '2026-07-09',
      cosell_ringfence_id: `rf-${COMPANY_ID}-1`,
      cosell_ringfence_version: '1',
    });
  });

  it('reads a company never ring-fenced (null or empty values) as the empty state', () => {
    expect(parseCompanyRingfenceState(COMPANY_ID, { cosell_ringfence_state: null })).toEqual({ ok: true, value: emptyRingfenceState(COMPANY_ID) });
    expect(parseCompanyRingfenceState(COMPANY_ID, { cosell_ringfence_state: '' })).toEqual({ ok: true, value: emptyRingfenceState(COMPANY_ID) });
  });

  it('names the property when the stored state is broken', () => {
    const notJson = parseCompanyRingfenceState(COMPANY_ID, { cosell_ringfence_state: '{oops' });
    expect(notJson).toEqual({ ok: false, error: 'cosell_ringfence_state: is not valid JSON' });
    const edited = JSON.parse(companyRingfenceProperties(registeredState(), feb, config).cosell_ringfence_state) as { current: { expiresOn: string } };
    edited.current.expiresOn = '2026-02-30';
    const badDate = parseCompanyRingfenceState(COMPANY_ID, { cosell_ringfence_state: JSON.stringify(edited) });
    expect(badDate).toEqual({ ok: false, error: 'cosell_ringfence_state.current.expiresOn: must be a calendar date written YYYY-MM-DD' });
    const otherCompany = parseCompanyRingfenceState('1234', companyRingfenceProperties(registeredState(), feb, config));
    expect(otherCompany.ok).toBe(false);
  });

  it('writes only what changed, comparing HubSpot-reformatted values by meaning', () => {
    const state = registeredState();
    const stored = {
      ...companyRingfenceProperties(state, feb, config),
      cosell_ringfence_registered_at: '2026-01-10T14:00:00Z',
      cosell_ringfence_version: '1.0',
    };
    expect(companyRingfencePropertyUpdates(stored, state, feb, config)).toEqual({});
    // Expiry is derived: once the date passes, only the status needs writing.
    expect(companyRingfencePropertyUpdates(stored, state, new Date('2026-07-09T04:00:00Z'), config)).toEqual({ cosell_ringfence_status: 'expired' });
  });

  it('clears the flat properties for the empty state', () => {
    expect(companyRingfenceProperties(emptyRingfenceState(COMPANY_ID), feb, config)).toMatchObject({
      cosell_ringfence_status: '',
      cosell_ringfence_owner_user_id: '',
      cosell_ringfence_version: '0',
    });
  });

  it('fits the largest possible state in one HubSpot string property', () => {
    const actor = { ...dana, userId: 'u'.repeat(TEXT_LIMITS.id), displayName: '"\n'.repeat(TEXT_LIMITS.displayName / 2) };
    // The actor is an alliance lead, so every entry can carry the longest contact-domain override reason too.
    const policy = ringfenceConfigSchema.parse({ ...config, maxExtensions: MAX_EXTENSIONS_STORABLE, allianceLeadUserIds: [actor.userId] });
    // Quotes and newlines double in JSON: the worst case for every text field.
    const worst = (length: number) => '"\n'.repeat(length / 2);
    const bigEvidence = (engagedOn: string) =>
      evidence(engagedOn, {
        contact: { name: worst(TEXT_LIMITS.contactName), role: worst(TEXT_LIMITS.contactRole), email: `${'a'.repeat(64)}@${'b'.repeat(180)}.com` },
        notes: worst(TEXT_LIMITS.notes),
      });
    const key = (n: number) => `${n}`.padStart(TEXT_LIMITS.idempotencyKey, 'k');
    const longId = 'c'.repeat(TEXT_LIMITS.id - 10);
    const override = worst(TEXT_LIMITS.releaseReason);
    let state: RingfenceState = emptyRingfenceState(longId);
    let day = new Date('2026-01-01T12:00:00Z');
    const nextDay = () => (day = new Date(day.getTime() + 86_400_000));
    for (let round = 0; round <= MAX_PAST_RINGFENCES; round += 1) {
      nextDay();
      state = applied(
        registerRingfence(
          state,
          {
            idempotencyKey: key(state.version),
            expectedVersion: state.version,
            cloud: 'azure',
            evidence: bigEvidence(day.toISOString().slice(0, 10)),
            contactDomainOverrideReason: override,
          },
          { now: day, actor, config: policy, companyDeals: [], pipeline },
        ),
      );
      for (let extension = 0; extension < MAX_EXTENSIONS_STORABLE; extension += 1) {
        nextDay();
        state = applied(
          extendRingfence(
            state,
            {
              idempotencyKey: key(state.version),
              expectedVersion: state.version,
              ringfenceId: state.current?.id ?? '',
              evidence: bigEvidence(day.toISOString().slice(0, 10)),
              contactDomainOverrideReason: override,
            },
            { now: day, actor, config: policy },
          ),
        );
      }
      state = applied(
        releaseRingfence(
          state,
          {
            idempotencyKey: key(state.version),
            expectedVersion: state.version,
            ringfenceId: state.current?.id ?? '',
            reason: worst(TEXT_LIMITS.releaseReason),
          },
          { now: day, actor, config: policy },
        ),
      );
    }
    expect(state.past).toHaveLength(MAX_PAST_RINGFENCES);
    const json = companyRingfenceProperties(state, day, policy).cosell_ringfence_state;
    expect(json.length).toBeLessThan(HUBSPOT_STRING_LIMIT);
  });
});

describe('deal records', () => {
  const dealBag = {
    dealname: 'Acme platform',
    createdate: '2026-03-01T15:00:00Z',
    hubspot_owner_id: '77',
    pipeline: 'default',
    dealstage: 'qualifiedtobuy',
    hs_is_closed: 'false',
    hs_analytics_source: 'ORGANIC_SEARCH',
    deal_source: '',
    cosell_attribution_source: null,
    cosell_attribution_owner: null,
    cosell_attribution_ringfence_id: null,
    cosell_attribution_cloud: null,
    cosell_attribution_conflicts: null,
    cosell_attribution_conflict_count: null,
  };

  it('lists the properties to request', () => {
    expect(dealPropertyNamesToRead(config)).toEqual(expect.arrayContaining(Object.keys(dealBag)));
  });

  it('maps HubSpot strings and nulls to deal facts', () => {
    expect(parseDealFacts('d-1', dealBag, config)).toEqual({
      ok: true,
      value: {
        id: 'd-1',
        name: 'Acme platform',
        createdAt: new Date('2026-03-01T15:00:00Z'),
        ownerUserId: '77',
        pipelineId: 'default',
        stageId: 'qualifiedtobuy',
        isClosed: false,
        analyticsSource: 'ORGANIC_SEARCH',
        dealSource: null,
        attribution: null,
      },
    });
  });

  it('names the property that is missing or malformed', () => {
    expect(parseDealFacts('d-1', { ...dealBag, createdate: null }, config)).toEqual({ ok: false, error: 'createdate: is required' });
    expect(parseDealFacts('d-1', { ...dealBag, createdate: 'soon' }, config)).toEqual({ ok: false, error: "createdate: 'soon' is not a date and time" });
    const badCloud = parseDealFacts(
      'd-1',
      {
        ...dealBag,
        cosell_attribution_source: 'alliance',
        cosell_attribution_owner: 'u-dana',
        cosell_attribution_ringfence_id: 'rf-1',
        cosell_attribution_cloud: 'oracle',
      },
      config,
    );
    expect(badCloud.ok === false && badCloud.error).toMatch(/^cosell_attribution_cloud: /);
    const badConflicts = parseDealFacts(
      'd-1',
      {
        ...dealBag,
        cosell_attribution_source: 'alliance',
        cosell_attribution_owner: 'u-dana',
        cosell_attribution_ringfence_id: 'rf-1',
        cosell_attribution_cloud: 'aws',
        cosell_attribution_conflicts: '[{',
      },
      config,
    );
    expect(badConflicts).toEqual({ ok: false, error: 'cosell_attribution_conflicts: is not valid JSON' });
  });

  it('round-trips an attribution so recomputation reports no change', () => {
    const state = registeredState();
    const facts = deal({ createdAt: new Date('2026-03-01T15:00:00Z'), analyticsSource: 'ORGANIC_SEARCH' });
    const first = attributeDeal(state, facts, [], config);
    const written = { ...dealBag, ...dealAttributionProperties(first.attribution) };
    expect(written.cosell_attribution_conflict_count).toBe('1');
    const reread = parseDealFacts('d-1', written, config);
    if (!reread.ok) throw new Error(reread.error);
    expect(reread.value.attribution).toEqual(first.attribution);
    expect(attributeDeal(state, { ...facts, attribution: reread.value.attribution }, [], config).changed).toBe(false);
  });

  it('clears every attribution property for no attribution', () => {
    expect(Object.values(dealAttributionProperties(null)).every((value) => value === '')).toBe(true);
  });
});

describe('property definitions', () => {
  it('declares every property the app writes, prefixed cosell_, once', () => {
    const names = ringfenceProperties.map((property) => property.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name.startsWith('cosell_'))).toBe(true);
    const written = [
      ...Object.keys(companyRingfenceProperties(registeredState(), feb, config)),
      ...Object.keys(dealAttributionProperties(null)),
      // Written after the audit note, by the backend and on read (see audit-notes.ts).
      NOTED_VERSION_PROPERTY,
    ];
    expect([...names].sort()).toEqual([...written].sort());
  });

  it('puts company properties on companies and attribution on deals, with options for enumerations', () => {
    for (const property of ringfenceProperties) {
      expect(property.objectType).toBe(property.name.startsWith('cosell_ringfence_') ? 'companies' : 'deals');
      expect((property.options?.length ?? 0) > 0).toBe(property.type === 'enumeration');
    }
    const cloud = ringfenceProperties.find((property) => property.name === 'cosell_attribution_cloud');
    expect(cloud?.options?.map((option) => option.value)).toEqual(['aws', 'azure', 'gcp']);
  });

  it('offers every status the domain can write', () => {
    const status = ringfenceProperties.find((property) => property.name === 'cosell_ringfence_status');
    const written = new Set(
      [feb, new Date('2026-08-01T00:00:00Z')].map((now) => companyRingfenceProperties(registeredState(), now, config).cosell_ringfence_status),
    );
    const released = applied(
      releaseRingfence(
        registeredState(),
        { idempotencyKey: 'r', expectedVersion: 1, ringfenceId: `rf-${COMPANY_ID}-1`, reason: 'No longer pursued.' },
        { now: feb, actor: omar, config },
      ),
    );
    written.add(companyRingfenceProperties(released, feb, config).cosell_ringfence_status);
    expect(status?.options?.map((option) => option.value).sort()).toEqual([...written].sort());
  });
});
