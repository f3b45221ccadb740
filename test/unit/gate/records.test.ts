import { describe, expect, it } from 'vitest';
import { applyExceptionCommand, initialExceptionState } from '../../../src/domain/exception/index.ts';
import { gateProperties } from '../../../src/hubspot/schema/gate.ts';
import { auditedVersionToProperties, exceptionStateToProperties, gateViolationToProperties, parseGateRecord } from '../../../src/hubspot/records/gate.ts';
import { defaultGateConfig, gateConfigSchema } from '../../../src/policy/gate-config.ts';
import { JUSTIFICATION, NOW, admin, ae, deal, facts, policy } from './fixtures.ts';

describe('gate property schema', () => {
  it('declares prefixed, unique deal properties written by the app', () => {
    const names = gateProperties.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name.startsWith('cosell_'))).toBe(true);
    expect(gateProperties.every((p) => p.objectType === 'deals' && p.writtenBy === 'app')).toBe(true);
    expect(gateProperties.filter((p) => p.type === 'enumeration').every((p) => (p.options?.length ?? 0) > 0)).toBe(true);
  });

  it('covers every flat property the record mapping writes', () => {
    const written = Object.keys(exceptionStateToProperties(initialExceptionState()));
    const declared = new Set(gateProperties.map((p) => p.name));
    expect(written.filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe('gate record mapping', () => {
  const requested = applyExceptionCommand(
    initialExceptionState(),
    { kind: 'request', idempotencyKey: 'click-0001', expectedVersion: 0, reasonCode: 'timing', justification: JUSTIFICATION },
    { actor: ae, deal, facts, policy, now: NOW },
  );
  if (!requested.ok) throw new Error(requested.error.message);
  const approved = applyExceptionCommand(
    requested.state,
    { kind: 'approve', idempotencyKey: 'click-0002', expectedVersion: 1 },
    { actor: admin, deal, facts, policy, now: NOW },
  );
  if (!approved.ok) throw new Error(approved.error.message);

  it('projects the state onto flat queryable properties', () => {
    expect(exceptionStateToProperties(approved.state)).toMatchObject({
      cosell_exception_status: 'approved',
      cosell_exception_reason_code: 'timing',
      cosell_exception_requested_by: '101',
      cosell_exception_approver: '401',
      cosell_exception_senior_approver: '',
      cosell_exception_override: 'true',
      cosell_exception_decided_at: NOW.toISOString(),
      cosell_exception_state_version: '2',
    });
  });

  it('reads back the state JSON and the violation fields', () => {
    const properties = {
      ...exceptionStateToProperties(approved.state),
      cosell_route_chosen: 'direct',
      ...gateViolationToProperties({ flagged: false, detectedAt: null, count: 1 }, NOW),
      ...auditedVersionToProperties(2),
    };
    expect(parseGateRecord(properties)).toEqual({
      ok: true,
      record: { exception: approved.state, auditedVersion: 2, routeChosen: 'direct', violation: { flagged: true, detectedAt: NOW.toISOString(), count: 2 } },
    });
  });

  it('maps a deal with none of the properties set to the initial state', () => {
    expect(parseGateRecord({ cosell_exception_state: null, cosell_route_chosen: '' })).toEqual({
      ok: true,
      record: { exception: initialExceptionState(), auditedVersion: 0, routeChosen: null, violation: { flagged: false, detectedAt: null, count: 0 } },
    });
  });

  it('names the property when a value is invalid', () => {
    expect(parseGateRecord({ cosell_route_chosen: 'marketplace:oracle' })).toMatchObject({ ok: false, field: 'cosell_route_chosen' });
    expect(parseGateRecord({ cosell_exception_state: '{"broken"' })).toMatchObject({ ok: false, field: 'cosell_exception_state' });
    expect(parseGateRecord({ cosell_gate_violation_count: '-3' })).toMatchObject({ ok: false, field: 'cosell_gate_violation_count' });
  });
});

describe('gate policy', () => {
  it('parses the default and rejects unknown or out-of-range settings, naming them', () => {
    expect(gateConfigSchema.parse(defaultGateConfig)).toEqual(defaultGateConfig);
    const bad = gateConfigSchema.safeParse({ ...defaultGateConfig, amountTolerancePct: 120 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['amountTolerancePct']);
    expect(gateConfigSchema.safeParse({ ...defaultGateConfig, approverIds: ['1'] }).success).toBe(false);
    expect(gateConfigSchema.safeParse({ ...defaultGateConfig, teamApprovers: { sales: ['1'] } }).success).toBe(false);
  });
});
