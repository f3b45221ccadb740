import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyAllianceResult } from '../../src/functions/contracts.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from './support.ts';
import { MARCUS, appDataWritesDuring, companyCard, companyNotes } from './ringfence-support.ts';

let sandbox: Sandbox;
let cards: Array<{ id: string; card: CompanyAllianceResult }>;
let writesWhileReading = 0;

beforeAll(async () => {
  sandbox = await bootTestSandbox();
  const ringfenced = sandbox.store.listObjects('companies').filter((company) => company.properties.cosell_ringfence_state);
  cards = [];
  writesWhileReading = await appDataWritesDuring(sandbox, async () => {
    for (const company of ringfenced) cards.push({ id: company.id, card: await companyCard(sandbox, company.id, MARCUS) });
  });
}, 120_000);
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});

describe('the demo portal ring-fences', () => {
  it('follow the written rules: recomputing every ring-fenced company on read changes nothing', () => {
    expect(cards.length).toBeGreaterThanOrEqual(5);
    expect(writesWhileReading).toBe(0);
  });

  it('cover both alliance managers, one expiring within 14 days, one expired and one released', () => {
    const ringfences = cards.map(({ card }) => card.ringfence);
    const active = ringfences.filter((ringfence) => ringfence.status === 'active');
    expect(new Set(active.map((ringfence) => ringfence.current?.owner.name))).toEqual(new Set(['Marcus Webb', 'Aiko Tanaka']));
    expect(active.some((ringfence) => ringfence.current?.expiryWarning !== null && (ringfence.current?.daysRemaining ?? 99) < 14)).toBe(true);
    expect(ringfences.filter((ringfence) => ringfence.status === 'expired')).toHaveLength(1);
    expect(ringfences.filter((ringfence) => ringfence.status === 'released')).toHaveLength(1);
    expect(ringfences.some((ringfence) => ringfence.history.some((entry) => entry.action === 'extend'))).toBe(true);
  });

  it('attribute deals (the expired one keeps its deals), show inbound conflicts, and have one note per change', () => {
    for (const { id, card } of cards) {
      expect(companyNotes(sandbox, id).filter((body) => body.includes(`cosell-ringfence:${id}:`))).toHaveLength(card.ringfence.history.length);
    }
    const expired = cards.find(({ card }) => card.ringfence.status === 'expired')!;
    expect(expired.card.ringfence.attributedDeals.length).toBeGreaterThan(0);
    const attributed = cards.flatMap(({ card }) => card.ringfence.attributedDeals);
    expect(attributed.length).toBeGreaterThanOrEqual(5);
    expect(attributed.some((deal) => deal.conflicts.length > 0)).toBe(true);
    // Only deals of ring-fenced companies carry alliance attribution.
    const ringfencedDealIds = new Set(attributed.map((deal) => deal.dealId));
    const allianceDeals = sandbox.store.listObjects('deals').filter((deal) => deal.properties.cosell_attribution_source === 'alliance');
    expect(allianceDeals.map((deal) => deal.id).sort()).toEqual([...ringfencedDealIds].sort());
  });
});
