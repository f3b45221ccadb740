import { describe, expect, it } from 'vitest';
import { option, optionFor, policyWith, route } from './helpers.ts';

describe('customer drawdown', () => {
  it('AWS capacity is cap% x annual commitment minus marketplace spend counted (D1, default 25%)', () => {
    const commitments = { aws: { program: 'EDP', annualCommitment: '8000000', marketplaceSpendCounted: '500000' } };
    const aws = optionFor('aws', { tcv: '5000000', commitments });
    expect(aws.capacity).toBe('1500000.00');
    expect(aws.drawdown).toBe('1500000.00');
    expect(aws.estimate).toBe(true);
  });

  it("uses the customer's negotiated cap, then the vendor default", () => {
    const negotiated = { aws: { program: 'EDP', annualCommitment: '8000000', drawdownCapPercent: '35' } };
    expect(optionFor('aws', { tcv: '5000000', commitments: negotiated }).capacity).toBe('2800000.00');
    const vendorCap = policyWith({ aws: { drawdownCapPercent: 30 } });
    const plain = { aws: { program: 'EDP', annualCommitment: '8000000' } };
    expect(optionFor('aws', { tcv: '5000000', commitments: plain }, vendorCap).capacity).toBe('2400000.00');
  });

  it('a known remaining AWS capacity bounds the cap formula', () => {
    const commitments = { aws: { program: 'EDP', annualCommitment: '8000000', remainingCapacity: '300000' } };
    expect(optionFor('aws', { tcv: '5000000', commitments }).drawdown).toBe('300000.00');
  });

  it('pre-2022 AWS contracts count half of the spend', () => {
    const commitments = { aws: { program: 'EDP', annualCommitment: '400000000', startDate: '2021-12-31' } };
    expect(optionFor('aws', { tcv: '1000000', commitments }).drawdown).toBe('500000.00');
    const from2022 = { aws: { program: 'EDP', annualCommitment: '400000000', startDate: '2022-01-01' } };
    expect(optionFor('aws', { tcv: '1000000', commitments: from2022 }).drawdown).toBe('1000000.00');
  });

  it('Microsoft and Google retire min(TCV, remaining commitment), the annual amount when remaining is unknown', () => {
    const commitments = { azure: { program: 'MACC', remainingCapacity: '250000.50' }, gcp: { program: 'commit', annualCommitment: '2000000' } };
    expect(optionFor('azure', { tcv: '1000000', commitments, customerCountry: null }).drawdown).toBe('250000.50');
    expect(optionFor('gcp', { tcv: '1000000', commitments }).drawdown).toBe('1000000.00');
  });

  it('converts a home-currency deal to USD before tiers and drawdown', () => {
    const gbp = policyWith({ top: { homeCurrency: 'GBP', usdPerHomeCurrency: 1.25 } });
    const aws = optionFor('aws', { tcv: '800000', currency: 'GBP' }, gbp);
    expect(aws.feeRate).toBe('0.02');
    expect(aws.fee).toBe('20000.00');
    expect(aws.drawdown).toBe('1000000.00');
  });
});

describe('recommendation', () => {
  it('recommends the route that retires the most commitment', () => {
    const commitments = {
      aws: { program: 'EDP', annualCommitment: '4000000' },
      azure: { program: 'MACC', remainingCapacity: '3000000', country: 'US' },
    };
    const result = route({ tcv: '5000000', commitments });
    expect(result.recommended).toBe('marketplace:azure');
    expect(result.drawdownShare).toBe('0.6');
  });

  it('breaks drawdown ties on the lower fee', () => {
    const result = route({ tcv: '5000000', clouds: ['azure', 'gcp'] });
    expect(result.recommended).toBe('marketplace:gcp');
  });

  it('goes direct when no marketplace retires anything', () => {
    const result = route({ commitments: {} });
    expect(result.recommended).toBe('direct');
    expect(result.requiresException).toBe(false);
    expect(result.aeCommissionDelta).toBe('0.00');
    expect(result.rationale.some((line) => line.startsWith('Recommended: direct'))).toBe(true);
  });

  it('requires an exception to go direct exactly when drawdown share reaches the threshold (20%)', () => {
    const at = { azure: { program: 'MACC', remainingCapacity: '100000', country: 'US' } };
    expect(route({ tcv: '500000', commitments: at }).requiresException).toBe(true);
    const below = { azure: { program: 'MACC', remainingCapacity: '99999.99', country: 'US' } };
    const result = route({ tcv: '500000', commitments: below });
    expect(result.recommended).toBe('marketplace:azure');
    expect(result.requiresException).toBe(false);
  });

  it('cites the policy version and every rule used, and flags estimates in the rationale', () => {
    const result = route({ clouds: ['aws'] });
    expect(result.policyVersion).toBe('2026-11.1');
    expect(result.rulesUsed).toEqual(expect.arrayContaining(['F3', 'D1', 'D2']));
    expect(result.estimate).toBe(true);
    expect(result.rationale.at(-1)).toMatch(/^Estimate: .*D1/);
  });
});

describe("the playbook's worked example: $10M, 8% commission, net-revenue plan", () => {
  const worked = { tcv: '10000000', commitments: {}, clouds: undefined };

  it('costs the AE $24,000 on a Microsoft new deal (3%)', () => {
    const result = route({ ...worked, commitments: { azure: { program: 'MACC', remainingCapacity: '10000000', country: 'US' } } });
    expect(result.recommended).toBe('marketplace:azure');
    expect(result.aeCommissionDelta).toBe('24000.00');
  });

  it('costs the AE $12,000 on an AWS new private offer of $10M or more (1.5%)', () => {
    const result = route({ ...worked, commitments: { aws: { program: 'EDP', annualCommitment: '40000000' } } });
    expect(result.recommended).toBe('marketplace:aws');
    expect(result.aeCommissionDelta).toBe('12000.00');
  });

  it('costs $12,000 on a Microsoft renewal (1.5%) and shows every option even when direct', () => {
    expect(optionFor('azure', { ...worked, dealType: 'renewal' }).aeCommissionDelta).toBe('12000.00');
    const direct = route(worked);
    expect(direct.recommended).toBe('direct');
    expect(option(direct, 'azure').aeCommissionDelta).toBe('24000.00');
    expect(option(direct, 'aws').aeCommissionDelta).toBe('12000.00');
  });

  it('costs nothing on a gross-revenue plan', () => {
    const gross = policyWith({ aeCompensation: { basis: 'gross' } });
    const result = route({ ...worked, commitments: { azure: { program: 'MACC', remainingCapacity: '10000000', country: 'US' } } }, gross);
    expect(result.aeCommissionDelta).toBe('0.00');
    expect(result.options.every((candidate) => candidate.aeCommissionDelta === '0.00')).toBe(true);
  });
});
