import { describe, expect, it } from 'vitest';
import {
  computeAllianceMetrics,
  DEFINITIONS,
  exceptionStatusOnDay,
  monthBounds,
  prepareMetrics,
  valueOnDay,
  type AllianceMetrics,
  type MetricFigure,
} from '../../../src/domain/metrics/index.ts';
import { route } from '../routing/helpers.ts';
import { context, deal, exception, ringfenced, TIME_ZONE } from './fixtures.ts';

function find(metrics: AllianceMetrics, id: string): MetricFigure {
  const found = metrics.sections.flatMap((section) => section.figures).find((figure) => figure.id === id);
  if (!found) throw new Error(`no figure ${id}`);
  return found;
}

const awsRouting = (tcv: string) => route({ tcv, clouds: ['aws'], closeDate: '2026-10-15' });
const onAws = [{ value: 'marketplace:aws', at: '2026-10-10T15:00:00.000Z' }];
const direct = [{ value: 'direct', at: '2026-10-01T15:00:00.000Z' }];

/**
 * October 2026 in a portal whose home currency is EUR (1.1 USD each):
 * d1 won on AWS Marketplace, sourced and co-sold; d2 won on Azure in the home currency, a public offer;
 * d3 won direct, moved to the marketplace after closing; d4 won direct on an approval invalidated after
 * closing; d5 won direct on an approval invalidated before closing; d6 open, stalled and zombie with a
 * rejected exception; d7 won in GBP (no rate); d8 won in September.
 */
const portal = {
  deals: [
    deal('d1', {
      amount: '1000000',
      routeChosen: onAws,
      routing: awsRouting('1000000'),
      attribution: { alliance: true, cloud: 'aws', ringfenceId: 'rf-c1', conflictCount: 2 },
      coSell: {
        cloud: 'aws',
        aws: {
          opportunityId: 'O1',
          origin: 'Partner Referral',
          reviewStatus: 'Approved',
          reviewStatusSince: '2026-10-03',
          stage: null,
          stageSince: null,
          involvementType: null,
          invitationStatus: null,
          invitationStatusSince: null,
        },
      },
      companyId: 'c1',
      hyperscalerContactEmail: 'Pat@Amazon.com',
    }),
    deal('d2', {
      amount: '200000',
      currency: null,
      offerType: 'public',
      closeDate: '2026-10-20',
      routeChosen: [{ value: 'marketplace:azure', at: '2026-10-19T15:00:00.000Z' }],
    }),
    deal('d3', {
      amount: '300000',
      closeDate: '2026-10-05T14:00:00.000Z',
      routing: awsRouting('300000'),
      routeChosen: [...direct, { value: 'marketplace:aws', at: '2026-11-01T15:00:00.000Z' }],
    }),
    deal('d4', {
      closeDate: '2026-10-12T14:00:00.000Z',
      routing: awsRouting('100000'),
      routeChosen: direct,
      exception: exception([
        ['request', '2026-10-01T12:00:00.000Z', 'requested'],
        ['approve', '2026-10-03T12:00:00.000Z', 'approved'],
        ['invalidate', '2026-10-20T12:00:00.000Z', 'invalidated'],
      ]),
    }),
    deal('d5', {
      amount: '400000',
      closeDate: '2026-10-25T14:00:00.000Z',
      teamIds: ['team-west'],
      ownerUserId: 'u-west',
      routing: awsRouting('400000'),
      routeChosen: direct,
      exception: exception([
        ['request', '2026-09-28T12:00:00.000Z', 'requested'],
        ['approve', '2026-10-02T12:00:00.000Z', 'approved'],
        ['invalidate', '2026-10-22T12:00:00.000Z', 'invalidated'],
      ]),
    }),
    deal('d6', {
      outcome: 'open',
      amount: '50000',
      closeDate: '2026-10-30',
      attribution: { alliance: true, cloud: 'gcp', ringfenceId: 'rf-c3', conflictCount: 0 },
      coSell: { cloud: 'gcp', google: { opportunityId: 'G1', state: 'SUBMITTED', stateSince: '2026-10-01', salesStage: null, salesStageSince: null } },
      stage: { dealStage: 'appointmentscheduled', stageEnteredAt: '2026-08-01T12:00:00.000Z', createdAt: '2026-07-01T12:00:00.000Z' },
      exception: exception([
        ['request', '2026-10-10T12:00:00.000Z', 'requested'],
        ['reject', '2026-10-11T12:00:00.000Z', 'rejected'],
      ]),
    }),
    deal('d7', { amount: '90000', currency: 'GBP', routeChosen: onAws }),
    deal('d8', { closeDate: '2026-09-20T14:00:00.000Z', routeChosen: onAws, routing: awsRouting('100000') }),
  ],
  companies: [
    ringfenced('c1', 'aws', { engagedOn: '2026-05-14', expiresOn: '2026-11-10', contactEmail: 'riley@amazon.com' }),
    ringfenced('c2', 'azure', { engagedOn: '2026-04-18', expiresOn: '2026-10-15', contactEmail: 'sam@microsoft.com' }),
    ringfenced('c3', 'gcp', { engagedOn: '2026-08-05', expiresOn: '2027-02-01', contactEmail: 'ana@google.com' }),
    ringfenced('c4', 'gcp', { engagedOn: '2026-07-05', expiresOn: '2027-01-01', releasedAt: '2026-11-01T15:00:00.000Z', contactEmail: 'lee@google.com' }),
  ],
};

const october = computeAllianceMetrics(portal, context({ homeCurrency: 'EUR', usdPerHomeCurrency: '1.1' }));

describe('alliance metrics on a hand-built portal (October 2026)', () => {
  it('counts sourced and influenced pipeline per cloud, open and won, in USD', () => {
    expect(find(october, 'pipeline.sourced.aws.won')).toMatchObject({ value: '1000000.00', dealIds: ['d1'] });
    expect(find(october, 'pipeline.influenced.aws.won')).toMatchObject({ value: '1000000.00', dealIds: ['d1'] });
    expect(find(october, 'pipeline.sourced.gcp.open')).toMatchObject({ value: '50000.00', dealIds: ['d6'] });
    expect(find(october, 'pipeline.influenced.gcp.open')).toMatchObject({ value: '0.00', dealIds: [] });
    expect(find(october, 'pipeline.sourced.azure.won').value).toBe('0.00');
  });

  it('converts the home currency at the policy rate and leaves out a currency it cannot convert', () => {
    expect(find(october, 'marketplace.value.azure')).toMatchObject({ value: '220000.00', dealIds: ['d2'] });
    expect(october.unconvertedDealIds).toEqual(['d7']);
    expect(find(october, 'marketplace.count.aws')).toMatchObject({ value: '1', dealIds: ['d1'] });
  });

  it('judges a deal on the route it closed on, not one set after closing', () => {
    expect(find(october, 'marketplace.value.aws').dealIds).not.toContain('d3');
    expect(find(october, 'bypass.count').dealIds).toContain('d3');
    expect(find(october, 'bypass.violations').dealIds).toContain('d3');
  });

  it('splits private and public offers and the share of won business that retired commitments', () => {
    expect(find(october, 'marketplace.private')).toMatchObject({ value: '1000000.00', dealIds: ['d1'] });
    expect(find(october, 'marketplace.public')).toMatchObject({ value: '220000.00', dealIds: ['d2'] });
    // d1 retires its customer's EDP; won in all: 1,000,000 + 220,000 + 300,000 + 100,000 + 400,000.
    expect(find(october, 'marketplace.retiredShare')).toMatchObject({ value: '0.495', dealIds: ['d1'] });
  });

  it('counts an approval invalidated after closing as an approved exception, and one invalidated before as a violation', () => {
    expect(find(october, 'bypass.approved').dealIds).toEqual(['d4']);
    expect(find(october, 'bypass.violations').dealIds).toEqual(['d3', 'd5']);
    expect(find(october, 'bypass.rate').value).toBe('0.75');
    expect(find(october, 'bypass.belowThreshold').value).toBe('0');
  });

  it('adds up the commitment left undrawn and the fee avoided from the engine’s recommended option', () => {
    expect(find(october, 'bypass.undrawn').value).toBe('800000.00');
    const fees = ['300000', '100000', '400000'].map((tcv) => Number(awsRouting(tcv).options.find((option) => option.cloud === 'aws')!.fee));
    expect(find(october, 'bypass.feeAvoided').value).toBe(fees.reduce((sum, fee) => sum + fee, 0).toFixed(2));
    expect(Number(find(october, 'bypass.feeAvoided').value)).toBeGreaterThan(0);
  });

  it('measures exception requests, approval rate, time to decision, invalidations and requests by team', () => {
    expect(find(october, 'exceptions.requests')).toMatchObject({ value: '2', dealIds: ['d4', 'd6'] });
    expect(find(october, 'exceptions.approvalRate').value).toBe('0.6667');
    // d4: 2 days, d5: 4 days (requested in September), d6: 1 day.
    expect(find(october, 'exceptions.timeToDecision').value).toBe('2');
    expect(find(october, 'exceptions.invalidated').dealIds).toEqual(['d4', 'd5']);
    expect(find(october, 'exceptions.requests.team.team-east')).toMatchObject({ value: '2', label: 'Requests, team team-east' });
  });

  it('counts co-sell decisions, acceptance, time in status, stalled and zombie deals', () => {
    expect(find(october, 'cosell.decided.aws')).toMatchObject({ value: '1', dealIds: ['d1'] });
    expect(find(october, 'cosell.acceptanceRate.aws').value).toBe('1');
    expect(find(october, 'cosell.acceptanceRate.azure').value).toBeNull();
    expect(find(october, 'cosell.shared.gcp').dealIds).toEqual(['d6']);
    expect(find(october, 'cosell.daysIn.submitted')).toMatchObject({ value: '32', dealIds: ['d6'] });
    expect(find(october, 'cosell.stalled').dealIds).toEqual(['d6']);
    expect(find(october, 'cosell.zombie').dealIds).toEqual(['d6']);
  });

  it('reads ring-fences at the end of the month: one that expired mid-month is not active, a later release does not count yet', () => {
    expect(find(october, 'ringfences.active').companyIds).toEqual(['c1', 'c3', 'c4']);
    expect(find(october, 'ringfences.expiring').companyIds).toEqual(['c1']);
    expect(find(october, 'ringfences.ended').companyIds).toEqual(['c2']);
    expect(find(october, 'ringfences.conflicts')).toMatchObject({ value: '2', dealIds: ['d1'] });
    // c1: riley@ and the deal's pat@ (case folded); c3: ana@; c4: lee@.
    expect(find(october, 'ringfences.contactsPerAccount').value).toBe('1.33');
  });

  it('counts a record changed outside the app apart: not as the marketplace, a bypass or an exception, not as an active ring-fence', () => {
    const handEdited = {
      deals: [
        ...portal.deals.filter((candidate) => candidate.id !== 'd1' && candidate.id !== 'd4'),
        // d1's route and d4's exception were written by hand over the app's record.
        { ...portal.deals.find((candidate) => candidate.id === 'd1')!, stateVerified: false },
        { ...portal.deals.find((candidate) => candidate.id === 'd4')!, stateVerified: false },
      ],
      companies: portal.companies.map((company) => (company.id === 'c1' ? { ...company, ringfenceVerified: false } : company)),
    };
    const edited = computeAllianceMetrics(handEdited, context({ homeCurrency: 'EUR', usdPerHomeCurrency: '1.1' }));
    expect(find(edited, 'bypass.unverified')).toMatchObject({ value: '2', dealIds: ['d1', 'd4'] });
    expect(find(edited, 'marketplace.count.aws').dealIds).not.toContain('d1');
    expect(find(edited, 'bypass.approved').dealIds).toEqual([]);
    expect(find(edited, 'bypass.count').dealIds).not.toContain('d4');
    expect(find(edited, 'exceptions.requests').dealIds).toEqual(['d6']);
    expect(find(edited, 'ringfences.unverified')).toMatchObject({ value: '1', companyIds: ['c1'] });
    expect(find(edited, 'ringfences.active').companyIds).not.toContain('c1');
    // The deal's pipeline does not rest on the app's record: it still counts.
    expect(find(edited, 'pipeline.sourced.aws.won').dealIds).toContain('d1');
    expect(find(october, 'bypass.unverified')).toMatchObject({ value: '0', dealIds: [] });
    expect(find(october, 'ringfences.unverified')).toMatchObject({ value: '0', companyIds: [] });
  });

  it('prepares a snapshot changed in one deal from the earlier preparation as it would from scratch', () => {
    const earlier = prepareMetrics(portal, context({ homeCurrency: 'EUR', usdPerHomeCurrency: '1.1' }));
    const changed = { ...portal, deals: portal.deals.map((candidate) => (candidate.id === 'd2' ? { ...candidate, amount: '900000' } : candidate)) };
    const reused = prepareMetrics(changed, context({ homeCurrency: 'EUR', usdPerHomeCurrency: '1.1' }), earlier);
    expect(reused).toEqual(prepareMetrics(changed, context({ homeCurrency: 'EUR', usdPerHomeCurrency: '1.1' })));
    expect(reused.deals.find((prepared) => prepared.deal.id === 'd1')).toBe(earlier.deals.find((prepared) => prepared.deal.id === 'd1'));
    expect(reused.deals.find((prepared) => prepared.deal.id === 'd2')!.usd!.toString()).toBe('990000');
  });

  it('filters by team and by owner', () => {
    const west = computeAllianceMetrics(portal, context({ filters: { teamId: 'team-west' } }));
    expect(find(west, 'bypass.count').dealIds).toEqual(['d5']);
    expect(find(west, 'ringfences.active').companyIds).toEqual([]);
    const owner = computeAllianceMetrics(portal, context({ filters: { ownerUserId: 'u-west' } }));
    expect(find(owner, 'bypass.violations').dealIds).toEqual(['d5']);
    const alliance = computeAllianceMetrics(portal, context({ filters: { teamId: 'team-alliances' } }));
    expect(find(alliance, 'ringfences.active').value).toBe('3');
  });

  it('gives every figure a written definition', () => {
    for (const figure of october.sections.flatMap((section) => section.figures)) expect(figure.definition.length).toBeGreaterThan(20);
    expect(Object.keys(DEFINITIONS).length).toBeGreaterThan(30);
  });

  it('answers an empty portal with zeros and no ratio to divide', () => {
    const empty = computeAllianceMetrics({ deals: [], companies: [] }, context());
    expect(find(empty, 'bypass.rate').value).toBeNull();
    expect(find(empty, 'marketplace.value.aws').value).toBe('0.00');
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => monthBounds('2026-13')).toThrow(/YYYY-MM/);
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(monthBounds('2028-02').last).toBe('2028-02-29');
  });

  it('reads history in the portal time zone', () => {
    // 02:00 UTC on 1 November is still 31 October in New York.
    expect(valueOnDay([{ value: 'x', at: '2026-11-01T02:00:00.000Z' }], '2026-10-31', TIME_ZONE)).toBe('x');
    expect(valueOnDay([{ value: 'x', at: '2026-11-01T05:00:00.000Z' }], '2026-10-31', TIME_ZONE)).toBeNull();
    const approved = exception(
      [
        ['request', '2026-10-01T12:00:00.000Z', 'requested'],
        ['approve', '2026-10-02T12:00:00.000Z', 'approved'],
      ],
      '2026-10-10T12:00:00.000Z',
    );
    expect(exceptionStatusOnDay(approved, '2026-10-09', TIME_ZONE)).toBe('approved');
    expect(exceptionStatusOnDay(approved, '2026-10-10', TIME_ZONE)).toBe('expired');
  });
});
