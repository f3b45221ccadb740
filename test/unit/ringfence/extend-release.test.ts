import { describe, expect, it } from 'vitest';
import {
  emptyRingfenceState,
  extendRingfence,
  latestEvidence,
  registerRingfence,
  releaseRingfence,
  type ExtendRingfenceCommand,
  type ReleaseRingfenceCommand,
  type RingfenceState,
} from '../../../src/domain/ringfence/index.ts';
import { MAX_EXTENSIONS_STORABLE, ringfenceConfigSchema } from '../../../src/policy/ringfence-config.ts';
import { aeSam, applied, config, dana, evidence, evidenceFor, kim, omar, pipeline, registeredState, rejection } from './helpers.ts';

const base = registeredState();
const ringfenceId = base.current?.id ?? '';
const feb2 = new Date('2026-02-02T12:00:00-05:00');

const extendWith = (engagedOn: string, overrides: Partial<ExtendRingfenceCommand> = {}): ExtendRingfenceCommand => ({
  idempotencyKey: `ext-${engagedOn}`,
  expectedVersion: 1,
  ringfenceId,
  evidence: evidence(engagedOn, { kind: 'joint_account_plan' }),
  ...overrides,
});
const releaseWith = (overrides: Partial<ReleaseRingfenceCommand> = {}): ReleaseRingfenceCommand => ({
  idempotencyKey: 'rel-1',
  expectedVersion: 1,
  ringfenceId,
  reason: 'Customer moved to a partner-led deal.',
  ...overrides,
});

describe('extending a ring-fence', () => {
  it('restarts the window from the new engagement date and audits the evidence', () => {
    const outcome = extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: dana, config });
    const state = applied(outcome);
    expect(state.version).toBe(2);
    expect(state.current).toMatchObject({ expiresOn: '2026-07-31', lastEngagedOn: '2026-02-01', firstEngagedOn: '2026-01-10', extensionCount: 1 });
    expect(outcome.outcome === 'applied' && outcome.audit).toMatchObject({
      action: 'extend',
      actorUserId: 'u-dana',
      previousExpiresOn: '2026-07-09',
      expiresOn: '2026-07-31',
      evidence: { kind: 'joint_account_plan', engagedOn: '2026-02-01' },
    });
    expect(state.current && latestEvidence(state.current).kind).toBe('joint_account_plan');
  });

  it('can be done by an alliance lead without changing the owner', () => {
    const state = applied(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: omar, config }));
    expect(state.current?.ownerUserId).toBe('u-dana');
    expect(state.current?.audit.at(-1)?.actorUserId).toBe('u-omar');
  });

  it('needs an engagement later than the last one', () => {
    for (const engagedOn of ['2026-01-10', '2026-01-09']) {
      const error = rejection(extendRingfence(base, extendWith(engagedOn), { now: feb2, actor: dana, config }));
      expect(error.code).toBe('evidence_not_newer');
      expect(error.message).toContain('later than 2026-01-10');
    }
  });

  it('refuses an engagement in the future', () => {
    expect(rejection(extendRingfence(base, extendWith('2026-02-03'), { now: feb2, actor: dana, config })).code).toBe('engagement_in_future');
  });

  it('is refused to non-alliance users', () => {
    expect(rejection(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: aeSam, config })).code).toBe('not_alliance_manager');
  });

  it('works on the last active day and is refused on the expiry date', () => {
    const lastDay = new Date('2026-07-08T23:00:00-04:00');
    expect(applied(extendRingfence(base, extendWith('2026-07-08'), { now: lastDay, actor: dana, config })).current?.expiresOn).toBe('2027-01-04');
    const expiryDay = new Date('2026-07-09T00:00:00-04:00');
    const error = rejection(extendRingfence(base, extendWith('2026-07-08'), { now: expiryDay, actor: dana, config }));
    expect(error.code).toBe('ringfence_not_active');
    expect(error.message).toContain('expired on 2026-07-09');
  });

  it('stops at the policy maximum of extensions', () => {
    const policy = ringfenceConfigSchema.parse({ ...config, maxExtensions: 2 });
    let state: RingfenceState = base;
    for (const engagedOn of ['2026-01-20', '2026-01-25']) {
      state = applied(extendRingfence(state, extendWith(engagedOn, { expectedVersion: state.version }), { now: feb2, actor: dana, config: policy }));
    }
    const error = rejection(extendRingfence(state, extendWith('2026-01-30', { expectedVersion: state.version }), { now: feb2, actor: dana, config: policy }));
    expect(error.code).toBe('extension_limit_reached');
  });

  it('refuses an extension that would not move the expiry date (policy window shortened)', () => {
    const shorter = ringfenceConfigSchema.parse({ ...config, windowDays: 30 });
    const error = rejection(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: dana, config: shorter }));
    expect(error.code).toBe('extension_not_later');
    expect(error.details).toMatchObject({ expiresOn: '2026-07-09', proposedExpiresOn: '2026-03-03' });
  });

  it('refuses a ring-fence id that is not the current one', () => {
    expect(rejection(extendRingfence(base, extendWith('2026-02-01', { ringfenceId: 'rf-other' }), { now: feb2, actor: dana, config })).code).toBe(
      'ringfence_not_found',
    );
  });

  it('names who changed the ring-fence when the expected version is stale', () => {
    const extendedByOmar = applied(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: omar, config }));
    const error = rejection(extendRingfence(extendedByOmar, extendWith('2026-01-31', { idempotencyKey: 'dana-ext' }), { now: feb2, actor: dana, config }));
    expect(error.code).toBe('concurrent_change');
    expect(error.message).toContain('user u-omar extended the ring-fence to expire on 2026-07-31');
  });

  it('replays a retried extension', () => {
    const once = applied(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: dana, config }));
    const again = extendRingfence(once, extendWith('2026-02-01'), { now: new Date(feb2.getTime() + 5_000), actor: dana, config });
    expect(again.outcome).toBe('replayed');
    expect(again.outcome === 'replayed' && again.state.current?.audit).toHaveLength(2);
  });

  it('keeps the storable maximum in step with the schema', () => {
    expect(ringfenceConfigSchema.safeParse({ ...config, maxExtensions: MAX_EXTENSIONS_STORABLE + 1 }).success).toBe(false);
  });
});

describe('releasing a ring-fence', () => {
  it('records who released it and why, and ends it at once', () => {
    const outcome = releaseRingfence(base, releaseWith(), { now: feb2, actor: omar, config });
    const state = applied(outcome);
    expect(state.current?.released).toEqual({ at: '2026-02-02T17:00:00.000Z', byUserId: 'u-omar', reason: 'Customer moved to a partner-led deal.' });
    expect(outcome.outcome === 'applied' && outcome.audit).toMatchObject({ action: 'release', version: 2, reason: 'Customer moved to a partner-led deal.' });
  });

  it('is refused to non-alliance users', () => {
    expect(rejection(releaseRingfence(base, releaseWith(), { now: feb2, actor: aeSam, config })).code).toBe('not_alliance_manager');
  });

  it('cannot release twice or extend after release', () => {
    const released = applied(releaseRingfence(base, releaseWith(), { now: feb2, actor: dana, config }));
    const twice = rejection(releaseRingfence(released, releaseWith({ idempotencyKey: 'rel-2', expectedVersion: 2 }), { now: feb2, actor: dana, config }));
    expect(twice.code).toBe('ringfence_not_active');
    expect(twice.message).toContain('released on 2026-02-02');
    const extend = rejection(extendRingfence(released, extendWith('2026-02-01', { expectedVersion: 2 }), { now: feb2, actor: dana, config }));
    expect(extend.code).toBe('ringfence_not_active');
  });

  it('cannot release an expired ring-fence', () => {
    const error = rejection(releaseRingfence(base, releaseWith(), { now: new Date('2026-07-10T12:00:00Z'), actor: dana, config }));
    expect(error.details).toMatchObject({ status: 'expired' });
  });
});

describe('ring-fence takeover and evidence rules (attacks)', () => {
  it("another alliance manager can neither release nor extend a colleague's ring-fence", () => {
    expect(rejection(releaseRingfence(base, releaseWith(), { now: feb2, actor: kim, config }))).toMatchObject({
      code: 'not_ringfence_owner',
      message: expect.stringContaining('Dana Lee') as unknown,
    });
    expect(rejection(extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: kim, config })).code).toBe('not_ringfence_owner');
  });

  it('after the owner releases, a colleague cannot re-register within the cooling period; an alliance lead can, and so can anyone afterwards', () => {
    const released = applied(releaseRingfence(base, releaseWith(), { now: feb2, actor: dana, config }));
    const again = (actor: typeof kim, now: Date) =>
      registerRingfence(
        released,
        { idempotencyKey: `again-${actor.userId}`, expectedVersion: 2, cloud: 'aws', evidence: evidence('2026-01-20') },
        { now, actor, config, companyDeals: [], pipeline },
      );
    expect(rejection(again(kim, feb2))).toMatchObject({ code: 'cooling_off', message: expect.stringContaining(`until 2026-03-04`) as unknown });
    expect(again(omar, feb2).outcome).toBe('applied');
    expect(again(dana, feb2).outcome).toBe('applied');
    const afterCooling = new Date('2026-03-04T17:00:00Z');
    expect(
      registerRingfence(
        released,
        { idempotencyKey: 'later', expectedVersion: 2, cloud: 'aws', evidence: evidence('2026-03-01') },
        { now: afterCooling, actor: kim, config, companyDeals: [], pipeline },
      ).outcome,
    ).toBe('applied');
  });

  it('refuses an AWS-originated opportunity as evidence for another cloud', () => {
    const outcome = registerRingfence(
      emptyRingfenceState('9100'),
      {
        idempotencyKey: 'x',
        expectedVersion: 0,
        cloud: 'azure',
        evidence: evidenceFor('azure', '2026-01-20', { kind: 'aws_originated_opportunity_or_invitation' }),
      },
      { now: feb2, actor: dana, config, companyDeals: [], pipeline },
    );
    expect(rejection(outcome)).toMatchObject({ code: 'evidence_cloud_mismatch' });
  });

  it("refuses a hyperscaler contact outside the cloud's domains unless an alliance lead accepts it with a reason", () => {
    const freeMail = evidence('2026-01-20', { contact: { name: 'Pat', role: 'AWS AE', email: 'pat.aws@gmail.com' } });
    const command = { idempotencyKey: 'gm', expectedVersion: 0, cloud: 'aws' as const, evidence: freeMail };
    const context = { now: feb2, config, companyDeals: [], pipeline };
    expect(rejection(registerRingfence(emptyRingfenceState('9101'), command, { ...context, actor: dana }))).toMatchObject({
      code: 'contact_domain_not_hyperscaler',
      message: expect.stringContaining('amazon.com') as unknown,
    });
    const reason = 'Contractor for AWS, confirmed with the PDM by phone.';
    expect(
      rejection(registerRingfence(emptyRingfenceState('9101'), { ...command, contactDomainOverrideReason: reason }, { ...context, actor: dana })).code,
    ).toBe('domain_override_not_allowed');
    const accepted = registerRingfence(emptyRingfenceState('9101'), { ...command, contactDomainOverrideReason: reason }, { ...context, actor: omar });
    expect(accepted.outcome === 'applied' && accepted.audit).toMatchObject({ contactDomainOverrideReason: reason });
    // A subdomain of the cloud's domain is the cloud's.
    expect(
      registerRingfence(
        emptyRingfenceState('9102'),
        { ...command, evidence: evidence('2026-01-20', { contact: { name: 'Pat', role: 'AE', email: 'pat@corp.amazon.com' } }) },
        { ...context, actor: dana },
      ).outcome,
    ).toBe('applied');
  });

  it('caps extensions at the policy span from the first engagement', () => {
    const capped = ringfenceConfigSchema.parse({ ...config, maxSpanDays: 200 });
    const outcome = extendRingfence(base, extendWith('2026-02-01'), { now: feb2, actor: dana, config: capped });
    expect(rejection(outcome)).toMatchObject({ code: 'span_limit_reached', message: expect.stringContaining('at most 200 days') as unknown });
  });
});
