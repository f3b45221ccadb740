import { describe, expect, it } from 'vitest';
import {
  emptyRingfenceState,
  extendRingfence,
  registerRingfence,
  releaseRingfence,
  type DealFacts,
  type RegisterRingfenceCommand,
  type RingfenceState,
} from '../../../src/domain/ringfence/index.ts';
import { ringfenceConfigSchema } from '../../../src/policy/ringfence-config.ts';
import { COMPANY_ID, aeSam, applied, config, dana, deal, evidence, pipeline, omar, registeredState, rejection, solo } from './helpers.ts';

const registerOn = (engagedOn: string, key = 'reg-1', expectedVersion = 0): RegisterRingfenceCommand => ({
  idempotencyKey: key,
  expectedVersion,
  cloud: 'aws',
  evidence: evidence(engagedOn),
});
const jan10Morning = new Date('2026-01-10T09:00:00-05:00');

function register(state: RingfenceState, command: RegisterRingfenceCommand, options: { actor?: typeof dana; now?: Date; deals?: DealFacts[] } = {}) {
  return registerRingfence(state, command, {
    now: options.now ?? jan10Morning,
    actor: options.actor ?? dana,
    config,
    companyDeals: options.deals ?? [],
    pipeline,
  });
}

describe('registering a ring-fence', () => {
  it('records owner, cloud, window and an audit entry with the evidence', () => {
    const outcome = register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'));
    const state = applied(outcome);
    expect(state.version).toBe(1);
    expect(state.current).toMatchObject({
      id: `rf-${COMPANY_ID}-1`,
      ownerUserId: 'u-dana',
      ownerName: 'Dana Lee',
      cloud: 'aws',
      registeredAt: '2026-01-10T14:00:00.000Z',
      firstEngagedOn: '2026-01-10',
      expiresOn: '2026-07-09',
      extensionCount: 0,
      released: null,
    });
    expect(outcome.outcome === 'applied' && outcome.audit).toEqual({
      version: 1,
      at: '2026-01-10T14:00:00.000Z',
      actorUserId: 'u-dana',
      idempotencyKey: 'reg-1',
      ringfenceId: `rf-${COMPANY_ID}-1`,
      action: 'register',
      cloud: 'aws',
      evidence: evidence('2026-01-10'),
      expiresOn: '2026-07-09',
    });
  });

  it('counts the window from the engagement date, not the registration date', () => {
    const state = applied(register(emptyRingfenceState(COMPANY_ID), registerOn('2025-12-01')));
    expect(state.current?.expiresOn).toBe('2026-05-30');
  });

  describe('who may register', () => {
    it('accepts alliance managers by team membership and by user id', () => {
      expect(register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), { actor: omar }).outcome).toBe('applied');
      expect(register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), { actor: solo }).outcome).toBe('applied');
    });

    it('rejects everyone else, whatever else they send', () => {
      const error = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), { actor: aeSam }));
      expect(error.code).toBe('not_alliance_manager');
      expect(error.message).toContain('Only alliance managers');
    });

    it('rejects everyone while the policy names no alliance managers', () => {
      const unconfigured = ringfenceConfigSchema.parse({ ...config, allianceTeamIds: [], allianceUserIds: [] });
      const outcome = registerRingfence(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), {
        now: jan10Morning,
        actor: dana,
        config: unconfigured,
        companyDeals: [],
        pipeline,
      });
      expect(rejection(outcome).code).toBe('not_alliance_manager');
    });
  });

  describe('an active ring-fence blocks a new one', () => {
    it('names the other owner and the expiry date', () => {
      const error = rejection(register(registeredState(), registerOn('2026-02-01', 'reg-2', 1), { actor: omar, now: new Date('2026-02-02T12:00:00Z') }));
      expect(error.code).toBe('already_ringfenced');
      expect(error.message).toContain('Dana Lee');
      expect(error.message).toContain('2026-07-09');
      expect(error.details).toMatchObject({ ownerUserId: 'u-dana', expiresOn: '2026-07-09' });
    });

    it('tells the owner to extend instead', () => {
      const error = rejection(register(registeredState(), registerOn('2026-02-01', 'reg-2', 1), { now: new Date('2026-02-02T12:00:00Z') }));
      expect(error.code).toBe('already_ringfenced');
      expect(error.message).toContain('Extend it');
    });

    it('names the owner by user id when no display name was known', () => {
      const bySolo = applied(register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), { actor: solo }));
      const error = rejection(register(bySolo, registerOn('2026-02-01', 'reg-2', 1), { now: new Date('2026-02-02T12:00:00Z') }));
      expect(error.message).toContain('user u-solo');
    });

    it('still blocks on the last active day and no longer on the expiry date', () => {
      const lastActiveEvening = new Date('2026-07-08T23:59:59-04:00');
      expect(rejection(register(registeredState(), registerOn('2026-07-08', 'reg-2', 1), { actor: omar, now: lastActiveEvening })).code).toBe(
        'already_ringfenced',
      );
      const expiryMidnight = new Date('2026-07-09T00:00:00-04:00');
      const state = applied(register(registeredState(), registerOn('2026-07-08', 'reg-2', 1), { actor: omar, now: expiryMidnight }));
      expect(state.current?.ownerUserId).toBe('u-omar');
      // The expired ring-fence keeps its history as a summary.
      expect(state.past).toEqual([expect.objectContaining({ id: `rf-${COMPANY_ID}-1`, ownerUserId: 'u-dana', expiresOn: '2026-07-09' })]);
      expect(state.current?.id).toBe(`rf-${COMPANY_ID}-2`);
    });

    it('lets another alliance manager register once the ring-fence is released', () => {
      const registered = registeredState();
      const released = applied(
        releaseRingfence(
          registered,
          { idempotencyKey: 'rel-1', expectedVersion: 1, ringfenceId: registered.current?.id ?? '', reason: 'Customer chose a partner-led motion.' },
          { now: new Date('2026-02-01T12:00:00Z'), actor: dana, config },
        ),
      );
      const state = applied(register(released, registerOn('2026-02-01', 'reg-3', 2), { actor: omar, now: new Date('2026-02-02T12:00:00Z') }));
      expect(state.current?.ownerUserId).toBe('u-omar');
      expect(state.past[0]?.released?.reason).toBe('Customer chose a partner-led motion.');
    });
  });

  describe('engagement date', () => {
    it('rejects an engagement dated after today in the portal time zone', () => {
      // 22:00 on 9 January in New York is already 10 January in UTC.
      const error = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn('2026-01-10'), { now: new Date('2026-01-10T03:00:00Z') }));
      expect(error.code).toBe('engagement_in_future');
      expect(error.details).toMatchObject({ engagedOn: '2026-01-10', today: '2026-01-09' });
    });

    it('rejects an engagement whose window has already ended, and accepts one on its last day', () => {
      const tooOld = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn('2025-07-14'), { now: jan10Morning }));
      expect(tooOld.code).toBe('engagement_too_old');
      expect(tooOld.details).toMatchObject({ expiresOn: '2026-01-10' });
      const lastDay = applied(register(emptyRingfenceState(COMPANY_ID), registerOn('2025-07-15'), { now: jan10Morning }));
      expect(lastDay.current?.expiresOn).toBe('2026-01-11');
    });
  });

  describe('retroactive claims', () => {
    const engagedOn = '2026-01-10';
    const beforeEngagement = new Date('2026-01-05T10:00:00-05:00');

    it('refuses when another team sourced an open stage-one deal before the engagement, naming the deal', () => {
      const blocking = deal({ id: 'd-77', name: 'Acme data platform', createdAt: beforeEngagement, analyticsSource: 'ORGANIC_SEARCH' });
      const error = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), { deals: [blocking] }));
      expect(error.code).toBe('retroactive_claim');
      expect(error.message).toContain('"Acme data platform" (d-77)');
      expect(error.message).toContain('marketing (original source: Organic search), owned by user u-sam');
      expect(error.details).toMatchObject({ dealId: 'd-77', stageId: 'qualifiedtobuy', createdOn: '2026-01-05' });
    });

    it('refuses for any stage at or beyond stage one', () => {
      for (const stageId of ['appointmentscheduled', 'qualifiedtobuy', 'contractsent']) {
        const outcome = register(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), { deals: [deal({ createdAt: beforeEngagement, stageId })] });
        expect(rejection(outcome).code).toBe('retroactive_claim');
      }
    });

    it('counts all blocking deals and names the earliest', () => {
      const deals = [
        deal({ id: 'd-2', name: 'Later', createdAt: new Date('2026-01-07T10:00:00-05:00') }),
        deal({ id: 'd-1', name: 'Earlier', createdAt: beforeEngagement }),
      ];
      const error = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), { deals }));
      expect(error.details).toMatchObject({ dealId: 'd-1', blockingDealIds: 'd-1,d-2' });
      expect(error.message).toContain('and 1 more open deal');
    });

    it('allows deals that are closed, alliance-sourced, created on or after the engagement date, or before stage one', () => {
      const withLeadStage = { ...pipeline, stageOrder: { ...pipeline.stageOrder, partner: ['lead', 'appointmentscheduled', 'closedwon'] } };
      const harmless: DealFacts[] = [
        deal({ id: 'closed', createdAt: beforeEngagement, isClosed: true, stageId: 'closedlost' }),
        deal({
          id: 'ours',
          createdAt: beforeEngagement,
          attribution: { source: 'alliance', ownerUserId: 'u-dana', ringfenceId: 'rf-old', cloud: 'aws', conflicts: [] },
        }),
        // Created 00:30 on the engagement date in New York (05:30 UTC): not before it.
        deal({ id: 'same-day', createdAt: new Date('2026-01-10T05:30:00Z') }),
        deal({ id: 'early-stage', createdAt: beforeEngagement, pipelineId: 'partner', stageId: 'lead' }),
      ];
      const outcome = registerRingfence(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), {
        now: jan10Morning,
        actor: dana,
        config,
        companyDeals: harmless,
        pipeline: withLeadStage,
      });
      expect(outcome.outcome).toBe('applied');
    });

    it('judges "before the engagement date" on the portal calendar', () => {
      // 23:30 on 9 January in New York is 04:30 on the 10th in UTC: still before the engagement date.
      const lateEvening = deal({ createdAt: new Date('2026-01-10T04:30:00Z') });
      expect(rejection(register(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), { deals: [lateEvening] })).code).toBe('retroactive_claim');
    });

    it('refuses with a clear error when a deal is in a pipeline the policy does not order', () => {
      const unknown = deal({ id: 'd-9', createdAt: beforeEngagement, pipelineId: 'renewals', stageId: '12345' });
      const error = rejection(register(emptyRingfenceState(COMPANY_ID), registerOn(engagedOn), { deals: [unknown] }));
      expect(error.code).toBe('stage_order_unknown');
      expect(error.details).toMatchObject({ dealId: 'd-9', pipelineId: 'renewals', stageId: '12345' });
    });
  });

  describe('retries and concurrent registration', () => {
    it('replays a retried registration without a second change', () => {
      const first = registeredState();
      const retry = register(first, registerOn('2026-01-10'), { now: new Date('2026-01-10T09:00:05-05:00') });
      expect(retry.outcome).toBe('replayed');
      expect(retry.outcome === 'replayed' && retry.state).toBe(first);
      expect(retry.outcome === 'replayed' && retry.audit.version).toBe(1);
    });

    it('lets one of two simultaneous registrations win and tells the other who won', () => {
      const seen = emptyRingfenceState(COMPANY_ID);
      // Both alliance managers load version 0 and submit at the same moment.
      const fromDana = register(seen, registerOn('2026-01-10', 'dana-key'), { actor: dana });
      const fromOmar = register(seen, registerOn('2026-01-09', 'omar-key'), { actor: omar });
      expect(fromDana.outcome).toBe('applied');
      expect(fromOmar.outcome).toBe('applied');

      // The store accepts a write only when its version is the one the command expected.
      let stored = seen;
      const write = (next: RingfenceState) => {
        if (next.version !== stored.version + 1) return false;
        stored = next;
        return true;
      };
      expect(write(applied(fromDana))).toBe(true);
      expect(write(applied(fromOmar))).toBe(false);

      // Omar's command, retried against what is stored, is refused with the winner named.
      const error = rejection(register(stored, registerOn('2026-01-09', 'omar-key'), { actor: omar }));
      expect(error.code).toBe('concurrent_change');
      expect(error.message).toContain('Dana Lee registered a ring-fence on this company first');
      expect(error.message).toContain('2026-07-09');
      expect(error.details).toMatchObject({ winnerUserId: 'u-dana', expectedVersion: 0, currentVersion: 1 });
      expect(stored.current?.ownerUserId).toBe('u-dana');
    });

    it('refuses an idempotency key reused for a different change', () => {
      const state = registeredState();
      const outcome = extendRingfence(
        state,
        { idempotencyKey: 'reg-1', expectedVersion: 1, ringfenceId: state.current?.id ?? '', evidence: evidence('2026-02-01') },
        { now: new Date('2026-02-02T12:00:00Z'), actor: dana, config },
      );
      expect(rejection(outcome).code).toBe('idempotency_key_reused');
    });
  });
});
