import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyCommitmentUpdate, emptyCommitments, parseCommitments, type CommitmentUpdate } from '../../src/domain/commitments/index.ts';
import { commitmentProjections } from '../../src/hubspot/records/commitments.ts';
import { sealMatches, sealValues } from '../../src/hubspot/integrity/seal.ts';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const update = (values: Partial<CommitmentUpdate> = {}): CommitmentUpdate => ({
  cloud: 'aws',
  program: 'edp',
  annualCommitmentUsd: '5000000',
  capacityLeftUsd: '3000000',
  marketplaceSpendThisYearUsd: '2000000',
  renewalDate: '2027-03-31',
  source: 'EDP order form',
  expectedVersion: 0,
  idempotencyKey: 'save-0001',
  ...values,
});

describe('recording a cloud commitment', () => {
  it('accepts figures that add up exactly to the annual commitment and keeps them as 2-dp strings', () => {
    const outcome = applyCommitmentUpdate(emptyCommitments(), update(), { actorUserId: '7100010', now: NOW });
    expect(outcome).toMatchObject({
      ok: true,
      replayed: false,
      state: { version: 1, clouds: { aws: { capacityLeftUsd: '3000000.00', updatedAt: NOW.toISOString() } } },
    });
  });

  it('refuses capacity or spend beyond the annual commitment by a cent, a program of another cloud, and a stale version', () => {
    const context = { actorUserId: '7100010', now: NOW };
    expect(applyCommitmentUpdate(emptyCommitments(), update({ capacityLeftUsd: '5000000.01' }), context)).toMatchObject({
      ok: false,
      field: 'capacityLeftUsd',
    });
    expect(applyCommitmentUpdate(emptyCommitments(), update({ marketplaceSpendThisYearUsd: '2000000.01' }), context)).toMatchObject({
      ok: false,
      field: 'marketplaceSpendThisYearUsd',
    });
    expect(applyCommitmentUpdate(emptyCommitments(), update({ program: 'macc' }), context)).toMatchObject({ ok: false, field: 'program' });
    expect(applyCommitmentUpdate(emptyCommitments(), update({ expectedVersion: 1 }), context)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('a retried save returns the state it produced; the same key for another cloud is refused', () => {
    const context = { actorUserId: '7100010', now: NOW };
    const first = applyCommitmentUpdate(emptyCommitments(), update(), context);
    if (!first.ok) throw new Error(first.message);
    expect(applyCommitmentUpdate(first.state, update(), context)).toMatchObject({ ok: true, replayed: true, state: { version: 1 } });
    expect(applyCommitmentUpdate(first.state, update({ cloud: 'azure', program: 'macc' }), context)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('derives the routing properties of recorded clouds only, and parses what it wrote', () => {
    const outcome = applyCommitmentUpdate(emptyCommitments(), update(), { actorUserId: '7100010', now: NOW });
    if (!outcome.ok) throw new Error(outcome.message);
    const json = JSON.stringify(outcome.state);
    expect(parseCommitments(json)).toEqual({ ok: true, state: outcome.state });
    const flat = commitmentProjections(json);
    expect(flat).toMatchObject({ cosell_aws_commit_annual: '5000000.00', cosell_aws_commit_remaining: '3000000.00', cosell_aws_commit_end_date: '2027-03-31' });
    expect(Object.keys(flat).some((name) => name.includes('azure'))).toBe(false);
    expect(commitmentProjections('')).toEqual({});
  });
});

describe('the company seal with the commitments state', () => {
  const KEY = 'k'.repeat(40);
  const ringfenceOnly = { cosell_ringfence_state: '{"v":1}', cosell_ringfence_noted_version: '1', cosell_tamper_count: '', cosell_tamper_detected_at: '' };

  it('a seal written before commitments existed still verifies (same MAC as the four original values)', () => {
    const legacy = createHmac('sha256', KEY)
      .update(JSON.stringify(['cosell-seal-v1', 'companies', '7', 1000, Object.entries(ringfenceOnly)]), 'utf8')
      .digest()
      .toString('base64url');
    expect(sealMatches(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '' }, `v1.1000.${legacy}`)).toBe(true);
  });

  it('adding, changing or clearing the commitments state breaks the seal', () => {
    const seal = sealValues(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '{"a":1}' }, 1000);
    expect(sealMatches(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '{"a":1}' }, seal)).toBe(true);
    expect(sealMatches(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '{"a":2}' }, seal)).toBe(false);
    expect(sealMatches(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '' }, seal)).toBe(false);
    const before = sealValues(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '' }, 1000);
    expect(sealMatches(KEY, 'companies', '7', { ...ringfenceOnly, cosell_commitments_state: '{"a":1}' }, before)).toBe(false);
  });
});
