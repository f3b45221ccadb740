import { describe, expect, it } from 'vitest';
import { withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import {
  DANIEL,
  HANNAH,
  JORDAN,
  MAYA,
  OLIVIA,
  RACHEL,
  action,
  dealCard,
  freshKey,
  gateNotes,
  gatedDeal,
  ok,
  requestException,
  snapshot,
  userOf,
} from './gate-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

describe('the exception lifecycle through the signed backend', () => {
  it('AE requests, the team manager approves, the AE routes direct; each step is one note and shows on the card', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    const refused = await action(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'route' } });
    expect(!refused.ok && refused.error.message).toMatch(/needs an approved exception; request one first/);

    expect(await requestException(sandbox, JORDAN, dealId)).toMatchObject({ status: 'requested', version: 1 });
    expect(
      await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Customer policy confirmed.' }),
    ).toMatchObject({ status: 'approved', version: 2, override: false });
    expect(await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() })).toMatchObject({
      route: 'direct',
      changed: true,
    });

    const deal = sandbox.store.getObject('deals', dealId)!.properties;
    expect(deal).toMatchObject({
      cosell_exception_status: 'approved',
      cosell_exception_requested_by: userOf(JORDAN).userId,
      cosell_exception_approver: userOf(MAYA).userId,
      cosell_exception_state_version: '2',
      cosell_exception_audited_version: '2',
      cosell_route_chosen: 'direct',
    });
    const notes = gateNotes(sandbox, dealId);
    expect(notes).toHaveLength(2);
    expect(notes.join('\n')).toMatch(/approved.*Maya Chen \(HubSpot user 7100001\)/s);
    expect(notes.join('\n')).toMatch(/Facts: amount \d+ USD; cloud \w+; deal type/);
    expect(snapshot(sandbox, dealId).notes.some((body) => body.includes('Co-sell route set to Direct'))).toBe(true);

    const card = await dealCard(sandbox, JORDAN, dealId);
    expect(card.gate).toMatchObject({ status: 'approved', routeChosen: 'direct', direct: { allowed: true } });
    expect(card.gate.history.map((entry) => entry.action)).toEqual(['approve', 'request']);
  });

  it('a marketplace route is always allowed, also with no exception', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    expect(await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() })).toMatchObject({ changed: true });
  });

  it('escalated deals need the senior approval after the team approval', async () => {
    const dealId = gatedDeal(sandbox, HANNAH, { amount: 6_000_000 });
    await requestException(sandbox, HANNAH, dealId);
    expect(await ok(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 })).toMatchObject({ status: 'awaiting_senior' });
    const notYet = await action(sandbox, HANNAH, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
    expect(!notYet.ok && notYet.error.message).toMatch(/waiting for the senior approval/);
    expect(await ok(sandbox, RACHEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 2 })).toMatchObject({ status: 'approved' });
  });

  it('an admin with override decides in place of the approver, marked as an override', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    expect(
      await ok(sandbox, OLIVIA, 'gate_reject', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Use the private offer instead.' }),
    ).toMatchObject({ status: 'rejected', override: true });
    expect(sandbox.store.getObject('deals', dealId)!.properties.cosell_exception_override).toBe('true');
    expect(gateNotes(sandbox, dealId).join('\n')).toMatch(/rejected<\/strong> <strong>by admin override/);
  });

  it('the requester withdraws a pending request', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    expect(await ok(sandbox, JORDAN, 'gate_withdraw', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 })).toMatchObject({ status: 'withdrawn' });
  });
});

describe('the Routing approvals list', () => {
  it('lists for each manager only the pending requests they may decide', async () => {
    const maya = await ok<{ pending: { requester: string; step: string }[] }>(sandbox, MAYA, 'gate_approvals', {});
    const daniel = await ok<{ pending: { requester: string; step: string }[] }>(sandbox, DANIEL, 'gate_approvals', {});
    const rachel = await ok<{ pending: { requester: string; step: string }[] }>(sandbox, RACHEL, 'gate_approvals', {});
    const jordan = await ok<{ pending: unknown[] }>(sandbox, JORDAN, 'gate_approvals', {});
    expect(maya.pending.map((item) => item.requester)).toContain('Jordan Patel');
    expect(maya.pending.every((item) => ['Jordan Patel', 'Sofia Alvarez', "Liam O'Connor"].includes(item.requester))).toBe(true);
    expect(daniel.pending.map((item) => item.requester)).toContain('Priya Raman');
    expect(daniel.pending.some((item) => item.requester === 'Jordan Patel')).toBe(false);
    expect(rachel.pending).toEqual([expect.objectContaining({ requester: 'Hannah Mueller', step: 'senior' })]);
    expect(jordan.pending).toEqual([]);
  });
});

describe('the card hints what the viewer may do, for display only', () => {
  it('offers the AE the request form and the manager the decision, never the AE its own approval', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    expect((await dealCard(sandbox, JORDAN, dealId)).gate.viewerHints).toMatchObject({ canRequest: true, canDecide: false, canSetRoute: true });
    await requestException(sandbox, JORDAN, dealId);
    expect((await dealCard(sandbox, JORDAN, dealId)).gate.viewerHints).toMatchObject({ canWithdraw: true, canDecide: false });
    expect((await dealCard(sandbox, MAYA, dealId)).gate.viewerHints).toMatchObject({ canDecide: true, canWithdraw: false, canSetRoute: false });
    expect((await dealCard(sandbox, DANIEL, dealId)).gate.viewerHints).toMatchObject({ canDecide: false });
  });
});
