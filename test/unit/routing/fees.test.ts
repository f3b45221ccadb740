import { describe, expect, it } from 'vitest';
import { CONFIG_BLOCKERS } from '../../../src/domain/routing/engine.ts';
import { optionFor } from './helpers.ts';

const EDGES = ['999999.99', '1000000', '9999999.99', '10000000'] as const;

describe('AWS fees (F1-F6)', () => {
  it.each([
    ['999999.99', '0.03'],
    ['1000000', '0.02'],
    ['9999999.99', '0.02'],
    ['10000000', '0.015'],
  ])('private offer of $%s pays the F3 tier %s', (tcv, rate) => {
    const aws = optionFor('aws', { tcv });
    expect(aws.feeRate).toBe(rate);
    expect(aws.rulesUsed).toContain('F3');
  });

  it('rounds the fee to cents from the exact product', () => {
    expect(optionFor('aws', { tcv: '999999.99' }).fee).toBe('30000.00');
    expect(optionFor('aws', { tcv: '9999999.99' }).fee).toBe('200000.00');
    expect(optionFor('aws', { tcv: '1000000' }).fee).toBe('20000.00');
  });

  it('charges 1.5% on any private renewal whatever the size (F4)', () => {
    for (const tcv of EDGES) expect(optionFor('aws', { tcv, dealType: 'renewal' }).feeRate).toBe('0.015');
    expect(optionFor('aws', { dealType: 'renewal' }).rulesUsed).toContain('F4');
  });

  it('treats an expansion as a new private offer tiered by TCV', () => {
    expect(optionFor('aws', { tcv: '2000000', dealType: 'expansion' }).feeRate).toBe('0.02');
  });

  it('adds the 0.5-point CPPO surcharge to private offers through a channel partner (F5)', () => {
    expect(optionFor('aws', { tcv: '999999.99', channelPartner: true }).feeRate).toBe('0.035');
    expect(optionFor('aws', { tcv: '10000000', channelPartner: true }).feeRate).toBe('0.02');
    expect(optionFor('aws', { dealType: 'renewal', channelPartner: true }).feeRate).toBe('0.02');
    expect(optionFor('aws', { channelPartner: true }).rulesUsed).toContain('F5');
  });

  it('charges public SaaS 3% (F1) and public server products 20% (F2) at any size', () => {
    for (const tcv of EDGES) {
      expect(optionFor('aws', { tcv, offer: 'public' }).feeRate).toBe('0.03');
      expect(optionFor('aws', { tcv, offer: 'public', delivery: 'ami' }).feeRate).toBe('0.2');
    }
  });

  it('charges professional services 2.5% and flags it as an estimate (F6, unconfirmed)', () => {
    const aws = optionFor('aws', { delivery: 'services' });
    expect(aws.feeRate).toBe('0.025');
    expect(aws.estimate).toBe(true);
  });

  it('has no fee rule before the 2024-01-05 schedule and says so', () => {
    const before = optionFor('aws', { closeDate: '2024-01-04' });
    expect(before.blockers).toContain(CONFIG_BLOCKERS.noRuleInForce);
    expect(before.eligible).toBe(false);
    expect(optionFor('aws', { closeDate: '2024-01-05' }).blockers).not.toContain(CONFIG_BLOCKERS.noRuleInForce);
  });
});

describe('Microsoft fees (F8-F10)', () => {
  it('charges the 3% store fee on new deals at every tier edge (F8)', () => {
    for (const tcv of EDGES) expect(optionFor('azure', { tcv }).feeRate).toBe('0.03');
  });

  it('halves the fee for private renewals and upsells from 2024-10-01 (F9)', () => {
    expect(optionFor('azure', { dealType: 'renewal', closeDate: '2024-10-01' }).feeRate).toBe('0.015');
    expect(optionFor('azure', { dealType: 'expansion', closeDate: '2024-10-01' }).feeRate).toBe('0.015');
    const before = optionFor('azure', { dealType: 'renewal', closeDate: '2024-09-30' });
    expect(before.feeRate).toBe('0.03');
    expect(before.rulesUsed).not.toContain('F9');
  });

  it('keeps the store fee for public renewals', () => {
    expect(optionFor('azure', { dealType: 'renewal', offer: 'public' }).feeRate).toBe('0.03');
  });

  it('assumes the store fee for multiparty offers and flags the unpublished split (F10)', () => {
    const multiparty = optionFor('azure', { channelPartner: true });
    expect(multiparty.feeRate).toBe('0.03');
    expect(multiparty.rulesUsed).toContain('F10');
    expect(multiparty.estimate).toBe(true);
    expect(optionFor('azure').estimate).toBe(false);
  });
});

describe('Google fees (F11-F14)', () => {
  it.each([
    ['999999.99', '0.03', 'F13'],
    ['1000000', '0.02', 'F11'],
    ['9999999.99', '0.02', 'F11'],
    ['10000000', '0.015', 'F13'],
  ])('new private offer of $%s pays %s under %s from 2025-04-21', (tcv, rate, rule) => {
    const gcp = optionFor('gcp', { tcv, closeDate: '2025-04-21' });
    expect(gcp.feeRate).toBe(rate);
    expect(gcp.rulesUsed).toContain(rule);
  });

  it('marks the inferred F13 tiers as estimates but not the documented F11 band', () => {
    expect(optionFor('gcp', { tcv: '999999.99' }).estimate).toBe(true);
    expect(optionFor('gcp', { tcv: '5000000' }).estimate).toBe(false);
  });

  it('falls back to the prior flat 3% before the variable schedule (2025-04-20), as an estimate', () => {
    for (const tcv of EDGES) {
      const gcp = optionFor('gcp', { tcv, closeDate: '2025-04-20' });
      expect(gcp.feeRate).toBe('0.03');
      expect(gcp.estimate).toBe(true);
    }
    expect(optionFor('gcp', { dealType: 'renewal', closeDate: '2025-04-20' }).feeRate).toBe('0.03');
  });

  it('charges 1.5% on renewals from 2025-04-21 (F12) and 3% on public offers', () => {
    for (const tcv of EDGES) expect(optionFor('gcp', { tcv, dealType: 'renewal' }).feeRate).toBe('0.015');
    expect(optionFor('gcp', { tcv: '5000000', offer: 'public' }).feeRate).toBe('0.03');
  });

  it('takes deals with professional services off the variable schedule from 2025-08-28 (F14)', () => {
    const after = optionFor('gcp', { tcv: '5000000', delivery: 'services', closeDate: '2025-08-28' });
    expect(after.feeRate).toBe('0.03');
    expect(after.rulesUsed).toContain('F14');
    const before = optionFor('gcp', { tcv: '5000000', delivery: 'services', closeDate: '2025-08-27' });
    expect(before.feeRate).toBe('0.02');
    expect(before.rulesUsed).not.toContain('F14');
  });
});
