import { describe, expect, it } from 'vitest';
import { CONFIG_BLOCKERS } from '../../../src/domain/routing/engine.ts';
import { optionFor, policyWith } from './helpers.ts';

/** Each N rule: a deal it blocks and the nearest deal it does not. */
describe('not-advisable rules (N1-N12)', () => {
  it('N1: no commitment on the cloud, or one that ended before the close date', () => {
    expect(optionFor('gcp', { commitments: {} }).blockers).toEqual(['N1']);
    const ended = { gcp: { program: 'commit', remainingCapacity: '1000000', endDate: '2026-03-30' } };
    expect(optionFor('gcp', { commitments: ended }).blockers).toEqual(['N1']);
    const endsOnClose = { gcp: { program: 'commit', remainingCapacity: '1000000', endDate: '2026-03-31' } };
    expect(optionFor('gcp', { commitments: endsOnClose }).eligible).toBe(true);
  });

  it('N1: a Microsoft or Google commitment already fully drawn down', () => {
    const drawn = { azure: { program: 'MACC', remainingCapacity: '0', country: 'US' } };
    expect(optionFor('azure', { commitments: drawn }).blockers).toEqual(['N1']);
  });

  it('N2: AWS SaaS without "Deployed on AWS" from 2025-05-01 (D2), not before, not for AMIs', () => {
    const undeployed = policyWith({ aws: { deployedOnAws: false } });
    const after = optionFor('aws', { closeDate: '2025-05-01' }, undeployed);
    expect(after.blockers).toEqual(['N2']);
    expect(after.drawdown).toBe('0.00');
    expect(after.estimate).toBe(true);
    expect(optionFor('aws', { closeDate: '2025-04-30' }, undeployed).eligible).toBe(true);
    expect(optionFor('aws', { closeDate: '2025-05-01', delivery: 'ami' }, undeployed).eligible).toBe(true);
    expect(optionFor('aws', { closeDate: '2025-05-01' }).eligible).toBe(true);
  });

  it('N3: AWS marketplace spend already at the cap', () => {
    const atCap = { aws: { program: 'EDP', annualCommitment: '4000000', marketplaceSpendCounted: '1000000' } };
    expect(optionFor('aws', { commitments: atCap }).blockers).toEqual(['N3']);
    const belowCap = { aws: { program: 'EDP', annualCommitment: '4000000', marketplaceSpendCounted: '999999.99' } };
    const aws = optionFor('aws', { commitments: belowCap });
    expect(aws.eligible).toBe(true);
    expect(aws.drawdown).toBe('0.01');
  });

  it('N4: professional services on AWS and Google; on Microsoft only in multiparty offers', () => {
    expect(optionFor('aws', { delivery: 'services' }).blockers).toEqual(['N4']);
    expect(optionFor('gcp', { delivery: 'services' }).blockers).toEqual(['N4']);
    expect(optionFor('azure', { delivery: 'services', channelPartner: true }).blockers).toEqual(['N4']);
    expect(optionFor('azure', { delivery: 'services' }).eligible).toBe(true);
    expect(optionFor('aws', { delivery: 'container' }).eligible).toBe(true);
  });

  it('N5: our offer not MACC eligible, or purchase outside the MACC country', () => {
    expect(optionFor('azure', {}, policyWith({ azure: { maccEligible: false } })).blockers).toEqual(['N5']);
    const ukMacc = { azure: { program: 'MACC', remainingCapacity: '1000000', country: 'United Kingdom' } };
    expect(optionFor('azure', { commitments: ukMacc, customerCountry: 'United States' }).blockers).toEqual(['N5']);
    expect(optionFor('azure', { commitments: ukMacc, customerCountry: 'UK' }).eligible).toBe(true);
  });

  it('N6: Microsoft multiparty offers outside the US, UK and Canada', () => {
    const frMacc = { azure: { program: 'MACC', remainingCapacity: '1000000', country: 'FR' } };
    expect(optionFor('azure', { channelPartner: true, customerCountry: 'France', commitments: frMacc }).blockers).toEqual(['N6']);
    expect(optionFor('azure', { channelPartner: true, customerCountry: null }).blockers).toContain('N6');
    const caMacc = { azure: { program: 'MACC', remainingCapacity: '1000000', country: 'CA' } };
    expect(optionFor('azure', { channelPartner: true, customerCountry: 'Canada', commitments: caMacc }).eligible).toBe(true);
    expect(optionFor('azure', { channelPartner: false, customerCountry: 'France', commitments: frMacc }).eligible).toBe(true);
  });

  it("N7: marketplace purchasing blocked in the customer's Microsoft agreement", () => {
    const blocked = { azure: { program: 'MACC', remainingCapacity: '1000000', marketplacePurchasingBlocked: 'true' } };
    expect(optionFor('azure', { commitments: blocked }).blockers).toEqual(['N7']);
    const open = { azure: { program: 'MACC', remainingCapacity: '1000000', marketplacePurchasingBlocked: 'false' } };
    expect(optionFor('azure', { commitments: open }).eligible).toBe(true);
  });

  it('N8: not running on Google Cloud, or resale without our opt-in', () => {
    expect(optionFor('gcp', {}, policyWith({ gcp: { runsOnGoogleCloud: false } })).blockers).toEqual(['N8']);
    expect(optionFor('gcp', { channelPartner: true }).blockers).toEqual(['N8']);
    const resold = optionFor('gcp', { channelPartner: true }, policyWith({ gcp: { resaleOptIn: true } }));
    expect(resold.eligible).toBe(true);
    expect(resold.rulesUsed).toContain('D8');
  });

  it('N10: AWS public AMI or container listing (20% fee), still counted as drawdown', () => {
    const publicAmi = optionFor('aws', { offer: 'public', delivery: 'ami' });
    expect(publicAmi.blockers).toEqual(['N10']);
    expect(publicAmi.drawdown).toBe('500000.00');
    expect(optionFor('aws', { offer: 'private', delivery: 'ami' }).eligible).toBe(true);
    expect(optionFor('aws', { offer: 'public', delivery: 'saas' }).eligible).toBe(true);
  });

  it('N11: AWS GovCloud and Azure Government, not Google', () => {
    expect(optionFor('aws', { governmentCloud: true }).blockers).toEqual(['N11']);
    expect(optionFor('azure', { governmentCloud: true }).blockers).toEqual(['N11']);
    expect(optionFor('gcp', { governmentCloud: true }).eligible).toBe(true);
    expect(optionFor('aws', { governmentCloud: false }).eligible).toBe(true);
  });

  it('N12: AWS non-USD public offers; private offers in another currency are fine', () => {
    const gbp = policyWith({ top: { homeCurrency: 'GBP', usdPerHomeCurrency: 1.25 } });
    expect(optionFor('aws', { currency: 'GBP', offer: 'public' }, gbp).blockers).toEqual(['N12']);
    expect(optionFor('aws', { currency: 'GBP', offer: 'private' }, gbp).eligible).toBe(true);
    expect(optionFor('aws', { currency: 'USD', offer: 'public' }, gbp).eligible).toBe(true);
  });
});

describe('vendor config blockers', () => {
  it('blocks a cloud we do not list on', () => {
    const unlisted = policyWith({ gcp: { listed: false } });
    expect(optionFor('gcp', {}, unlisted).blockers).toEqual([CONFIG_BLOCKERS.notListed]);
    expect(optionFor('gcp').eligible).toBe(true);
  });

  it('blocks private offers when they are not enabled, but not public ones', () => {
    const noPrivate = policyWith({ aws: { privateOffersEnabled: false } });
    expect(optionFor('aws', { offer: 'private' }, noPrivate).blockers).toEqual([CONFIG_BLOCKERS.privateOffersOff]);
    expect(optionFor('aws', { offer: 'public' }, noPrivate).eligible).toBe(true);
  });
});
