import { describe, expect, it } from 'vitest';
import {
  applyExceptionCommand,
  assessDirectRoute,
  detectGateViolation,
  gateRecommendation,
  initialExceptionState,
  type ExceptionState,
} from '../../../src/domain/exception/index.ts';
import { JUSTIFICATION, NOW, ae, deal, facts, freshKey, later, manager, policy, stages } from './fixtures.ts';

const { recommendedRoute, ...dealFacts } = facts;

function approvedState(): ExceptionState {
  const ctx = { deal, facts, policy, now: NOW };
  const requested = applyExceptionCommand(
    initialExceptionState(),
    { kind: 'request', idempotencyKey: freshKey(), expectedVersion: 0, reasonCode: 'legal_or_contract_terms', justification: JUSTIFICATION },
    { ...ctx, actor: ae },
  );
  if (!requested.ok) throw new Error(requested.error.message);
  const approved = applyExceptionCommand(requested.state, { kind: 'approve', idempotencyKey: freshKey(), expectedVersion: 1 }, { ...ctx, actor: manager });
  if (!approved.ok) throw new Error(approved.error.message);
  return approved.state;
}

describe('assessDirectRoute', () => {
  it('allows direct without an exception when direct is the recommendation', () => {
    expect(assessDirectRoute(initialExceptionState(), dealFacts, 'direct', NOW, policy)).toMatchObject({ allowed: true, basis: 'recommended' });
  });

  it('refuses direct without an approved exception', () => {
    expect(assessDirectRoute(initialExceptionState(), dealFacts, recommendedRoute, NOW, policy)).toMatchObject({ allowed: false, reason: 'no_request' });
  });

  it('allows direct under a valid approval', () => {
    expect(assessDirectRoute(approvedState(), dealFacts, recommendedRoute, later(10), policy)).toMatchObject({ allowed: true, basis: 'approved_exception' });
  });

  it('refuses once the approval expired, even before expiry is persisted', () => {
    const state = approvedState();
    expect(assessDirectRoute(state, dealFacts, recommendedRoute, new Date(state.expiresAt ?? ''), policy)).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('refuses when the facts changed materially, listing the changes', () => {
    const outcome = assessDirectRoute(approvedState(), { ...dealFacts, cloud: 'azure' }, 'marketplace:azure', NOW, policy);
    expect(outcome).toMatchObject({ allowed: false, reason: 'facts_changed' });
    expect(!outcome.allowed && outcome.changes.map((c) => c.kind)).toEqual(['cloud', 'recommendation']);
  });
});

describe('detectGateViolation', () => {
  const base = { facts: dealFacts, recommendation: recommendedRoute, now: NOW, policy, stages };

  it('flags a direct deal reaching closed-won without approval, with the move-back policy', () => {
    expect(detectGateViolation({ ...base, state: initialExceptionState(), chosenRoute: 'direct', stageId: 'closedwon' })).toMatchObject({
      violation: true,
      stageKind: 'closed_won',
      reason: 'no_request',
      moveBack: true,
    });
  });

  it('flags contract stages too', () => {
    expect(detectGateViolation({ ...base, state: initialExceptionState(), chosenRoute: 'direct', stageId: 'contractsent' })).toMatchObject({
      violation: true,
      stageKind: 'contract',
    });
  });

  it.each([
    ['an ungated stage', { state: initialExceptionState(), chosenRoute: 'direct' as const, stageId: 'qualifiedtobuy' }],
    ['a marketplace route', { state: initialExceptionState(), chosenRoute: 'marketplace:aws' as const, stageId: 'closedwon' }],
    ['no route chosen', { state: initialExceptionState(), chosenRoute: null, stageId: 'closedwon' }],
  ])('does not flag %s', (_label, input) => {
    expect(detectGateViolation({ ...base, ...input })).toEqual({ violation: false });
  });

  it('does not flag a direct deal with a valid approval, but does after it expired', () => {
    const state = approvedState();
    expect(detectGateViolation({ ...base, state, chosenRoute: 'direct', stageId: 'closedwon' })).toEqual({ violation: false });
    const afterExpiry = new Date(Date.parse(state.expiresAt ?? '') + 1);
    expect(detectGateViolation({ ...base, now: afterExpiry, state, chosenRoute: 'direct', stageId: 'closedwon' })).toMatchObject({ violation: true, reason: 'expired' });
  });
});

describe('gateRecommendation', () => {
  it('keeps a marketplace recommendation the routing engine says direct needs an exception for', () => {
    expect(gateRecommendation({ recommended: 'marketplace:azure', requiresException: true })).toBe('marketplace:azure');
  });

  it('reads a marketplace recommendation below the required drawdown share as no gate: direct needs no exception', () => {
    expect(gateRecommendation({ recommended: 'marketplace:aws', requiresException: false })).toBe('direct');
    expect(assessDirectRoute(initialExceptionState(), dealFacts, gateRecommendation({ recommended: 'marketplace:aws', requiresException: false }), NOW, policy)).toMatchObject({ allowed: true });
  });
});
