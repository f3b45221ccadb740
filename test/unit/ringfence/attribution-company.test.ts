import { describe, expect, it } from 'vitest';
import { attributionCompanyFor } from '../../../src/domain/ringfence/attribution-company.ts';
import { registerRingfence, emptyRingfenceState, type RingfenceState } from '../../../src/domain/ringfence/index.ts';
import { applied, config, dana, deal, evidence, pipeline } from './helpers.ts';

function ringfenced(companyId: string, registeredAt: string): RingfenceState {
  return applied(
    registerRingfence(
      emptyRingfenceState(companyId),
      { idempotencyKey: `k-${companyId}`, expectedVersion: 0, cloud: 'aws', evidence: evidence('2026-01-10') },
      { now: new Date(registeredAt), actor: dana, config, companyDeals: [], pipeline },
    ),
  );
}

describe('which company attributes a deal on several companies', () => {
  const createdAt = new Date('2026-03-01T15:00:00Z');
  const onDeal = deal({ createdAt });
  const early = ringfenced('200', '2026-01-12T15:00:00Z');
  const late = ringfenced('100', '2026-02-01T15:00:00Z');

  it('the primary company first, whatever the registration dates', () => {
    expect(
      attributionCompanyFor(
        onDeal,
        [
          { companyId: '200', primary: false, state: early },
          { companyId: '100', primary: true, state: late },
        ],
        config,
      ),
    ).toEqual({ companyId: '100', basis: 'primary_company' });
  });

  it('the only company whose ring-fence claims it, when the primary has none', () => {
    expect(
      attributionCompanyFor(
        onDeal,
        [
          { companyId: '300', primary: true, state: null },
          { companyId: '200', primary: false, state: early },
        ],
        config,
      ),
    ).toEqual({ companyId: '200', basis: 'only_ringfenced_company' });
  });

  it('else the earliest registration, then the lower company id, in any input order', () => {
    const twin = ringfenced('150', '2026-01-12T15:00:00Z');
    for (const order of [
      [late, early, twin],
      [twin, late, early],
    ]) {
      const companies = order.map((state) => ({ companyId: state.companyId, primary: false, state }));
      expect(attributionCompanyFor(onDeal, companies, config)).toEqual({ companyId: '150', basis: 'earliest_ringfence' });
    }
  });

  it('nobody when no ring-fence claims the deal', () => {
    expect(
      attributionCompanyFor(deal({ createdAt: new Date('2025-12-01T15:00:00Z') }), [{ companyId: '200', primary: true, state: early }], config),
    ).toBeNull();
  });
});
