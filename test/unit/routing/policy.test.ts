import { describe, expect, it } from 'vitest';
import { marketplacePolicy, parseMarketplacePolicy } from '../../../src/policy/marketplace-policy.ts';
import { defaultRoutingConfig, parseRoutingConfig } from '../../../src/policy/routing-config.ts';
import { compileRoutingPolicy, ruleInForce } from '../../../src/domain/routing/policy.ts';
import { policy } from './helpers.ts';

describe('marketplace policy table', () => {
  it('carries every rule in the reference, each with sources, confidence and an effective window', () => {
    const ids = new Set(marketplacePolicy.rules.map((rule) => rule.id));
    const expected = [
      'F1',
      'F2',
      'F3',
      'F4',
      'F5',
      'F6',
      'F8',
      'F9',
      'F10',
      'F11',
      'F12',
      'F13',
      'F14',
      'D1',
      'D2',
      'D4',
      'D5',
      'D6',
      'D8',
      'N1',
      'N2',
      'N3',
      'N4',
      'N5',
      'N6',
      'N7',
      'N8',
      'N10',
      'N11',
      'N12',
    ];
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('flags every unconfirmed rule and the AWS terms AWS does not publish as estimates', () => {
    for (const rule of marketplacePolicy.rules) if (rule.confidence === 'U') expect(rule.estimate).toBe(true);
    const estimates = new Set(marketplacePolicy.rules.filter((rule) => rule.estimate).map((rule) => rule.id));
    for (const id of ['F6', 'F13', 'D1', 'D2', 'N2', 'N3']) expect(estimates).toContain(id);
  });

  it('selects the version of a rule in force on a date', () => {
    expect(ruleInForce<'band'>(policy, 'gcp', 'F11', '2025-04-20')?.value.rate.toString()).toBe('0.03');
    expect(ruleInForce<'band'>(policy, 'gcp', 'F11', '2025-04-21')?.value.rate.toString()).toBe('0.02');
    expect(ruleInForce(policy, 'aws', 'D2', '2025-04-30')).toBeUndefined();
    expect(ruleInForce(policy, 'aws', 'D2', '2025-05-01')?.id).toBe('D2');
    expect(ruleInForce(policy, 'azure', 'F3', '2026-01-01')).toBeUndefined();
  });

  it('rejects a bad row naming the row and field', () => {
    const broken = structuredClone(marketplacePolicy);
    broken.rules[0]!.sources = ['not a url'];
    expect(() => parseMarketplacePolicy(broken)).toThrow(/rules\.0\.sources\.0/);
    const unflagged = structuredClone(marketplacePolicy);
    const f6 = unflagged.rules.findIndex((rule) => rule.id === 'F6');
    unflagged.rules[f6]!.estimate = false;
    expect(() => parseMarketplacePolicy(unflagged)).toThrow(new RegExp(`rules\\.${f6}\\.estimate`));
  });

  it('rejects overlapping versions of one rule', () => {
    const overlapping = structuredClone(marketplacePolicy);
    const f12 = overlapping.rules.findIndex((rule) => rule.id === 'F12' && rule.effectiveUntil !== null);
    overlapping.rules[f12]!.effectiveUntil = '2025-04-21';
    expect(() => parseMarketplacePolicy(overlapping)).toThrow(/F12 overlaps/);
  });

  it('rejects a value shape the engine cannot read', () => {
    const wrong = structuredClone(marketplacePolicy);
    const f3 = wrong.rules.findIndex((rule) => rule.id === 'F3');
    wrong.rules[f3]!.value = { type: 'rate', rate: '0.03' };
    expect(() => compileRoutingPolicy(parseMarketplacePolicy(wrong), defaultRoutingConfig)).toThrow(/F3.*"tiers"/);
  });
});

describe('routing config', () => {
  it('accepts the demo config', () => {
    expect(defaultRoutingConfig.clouds.aws.drawdownCapPercent).toBe(25);
  });

  it('names the offending field', () => {
    const tooHigh = structuredClone(defaultRoutingConfig);
    tooHigh.aeCompensation.commissionPercent = 120;
    expect(() => parseRoutingConfig(tooHigh)).toThrow(/aeCompensation\.commissionPercent/);
    expect(() => parseRoutingConfig({ ...defaultRoutingConfig, homeCurrency: 'EUR' })).toThrow(/usdPerHomeCurrency: required/);
    const typo = { ...defaultRoutingConfig, clouds: { ...defaultRoutingConfig.clouds, aws: { ...defaultRoutingConfig.clouds.aws, deployedOnAWS: true } } };
    expect(() => parseRoutingConfig(typo)).toThrow(/clouds\.aws/);
  });
});
