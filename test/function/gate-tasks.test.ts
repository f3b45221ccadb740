import { describe, expect, it } from 'vitest';
import { evaluateRoute } from '../../src/domain/routing/engine.ts';
import { gateRoutingPolicy } from '../../src/hubspot/records/gate-facts.ts';
import { routingInputFromRecords } from '../../src/hubspot/records/routing.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from './support.ts';
import {
  DANIEL,
  HANNAH,
  JORDAN,
  JUSTIFICATION,
  MAYA,
  OLIVIA,
  RACHEL,
  action,
  dealCard,
  freshKey,
  gatedDeal,
  ok,
  requestException,
  userOf,
} from './gate-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

/** The app's gate tasks on a deal (each ends with its reference line), oldest first. */
function gateTasks(dealId: string) {
  return sandbox.store
    .getAssociations('deals', dealId, 'tasks')
    .map((association) => sandbox.store.getObject('tasks', association.toId)!.properties)
    .filter((task) => task.hs_task_body?.includes('Ref: cosell-gate-task/'));
}

/** What no person should read: internal property names, route ids, raw enum values. */
const INTERNAL = /cosell_|marketplace:(aws|azure|gcp)|customer_refuses_marketplace|awaiting_senior|\bgcp\b|\bazure\b/;

/** The routing engine's option for the recommended marketplace route, from the deal and its primary company as HubSpot holds them. */
function recommendedOption(dealId: string) {
  const deal = sandbox.store.getObject('deals', dealId)!.properties;
  const companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
  const company = sandbox.store.getObject('companies', companyId)!.properties;
  const policy = gateRoutingPolicy();
  const result = evaluateRoute(routingInputFromRecords(deal, company, policy), policy);
  expect(result.requiresException).toBe(true);
  return result.options.find((candidate) => `marketplace:${candidate.cloud}` === result.recommended)!;
}

interface Pending {
  dealId: string;
  team: string | null;
  cloud: string | null;
  ageDays: number;
  seniorApprovalFollows: boolean;
  reasonLabel: string;
  justification: string;
  factsAtRequest: { amountUsd: string; cloud: string | null; recommendedRoute: string };
  stakes: { marketplace: string; feeUsd: string; undrawnCommitmentUsd: string; aeCommissionGainUsd: string; estimate: boolean } | null;
}

describe('managers decide with the numbers', () => {
  it('each pending request carries the fee, the undrawn commitment and the commission difference the routing engine computed when it was asked', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    const option = recommendedOption(dealId);
    await requestException(sandbox, JORDAN, dealId);

    const { pending } = await ok<{ pending: Pending[] }>(sandbox, MAYA, 'gate_approvals', {});
    const item = pending.find((candidate) => candidate.dealId === dealId)!;
    expect(item).toMatchObject({
      team: expect.stringMatching(/East$/) as unknown,
      ageDays: 0,
      seniorApprovalFollows: false,
      reasonLabel: 'Customer refuses marketplace',
      justification: JUSTIFICATION,
      factsAtRequest: { amountUsd: '900000.00' },
      stakes: { feeUsd: option.fee, undrawnCommitmentUsd: option.drawdown, aeCommissionGainUsd: option.aeCommissionDelta, estimate: option.estimate },
    });
    expect(Number(item.stakes!.feeUsd)).toBeGreaterThan(0);
    expect(JSON.stringify({ ...item, dealId: '' })).not.toMatch(INTERNAL);

    const card = await dealCard(sandbox, MAYA, dealId);
    expect(card.gate.request).toMatchObject({ stakes: item.stakes, factsAtRequest: item.factsAtRequest, seniorApprovalFollows: false });
  });

  it('an escalated request says a senior approval follows, until the team has approved', async () => {
    const dealId = gatedDeal(sandbox, HANNAH, { amount: 6_000_000 });
    await requestException(sandbox, HANNAH, dealId);
    const team = await ok<{ pending: Pending[] }>(sandbox, DANIEL, 'gate_approvals', {});
    expect(team.pending.find((candidate) => candidate.dealId === dealId)).toMatchObject({
      seniorApprovalFollows: true,
      team: expect.stringMatching(/West$/) as unknown,
    });
    await ok(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    const senior = await ok<{ pending: Pending[] }>(sandbox, RACHEL, 'gate_approvals', {});
    expect(senior.pending.find((candidate) => candidate.dealId === dealId)).toMatchObject({ seniorApprovalFollows: false });
  });
});

describe('HubSpot tasks for the approver and the requester', () => {
  it('the team approver gets one task when a request arrives, in plain words with the money; a retried request makes no second task', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    const parameters = { dealId, idempotencyKey: freshKey(), expectedVersion: 0, reasonCode: 'customer_refuses_marketplace', justification: JUSTIFICATION };
    await ok(sandbox, JORDAN, 'gate_request', parameters);
    await ok(sandbox, JORDAN, 'gate_request', parameters);
    await sandbox.webhooksIdle();

    const tasks = gateTasks(dealId);
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    const dealName = sandbox.store.getObject('deals', dealId)!.properties.dealname!;
    expect(task).toMatchObject({
      hubspot_owner_id: userOf(MAYA).ownerId,
      hs_task_subject: `Decide: sell ${dealName} direct?`,
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
      hs_task_type: 'TODO',
    });
    expect(task!.hs_task_body).toMatch(/Jordan Patel asks to sell .* direct instead of through (AWS|Microsoft|Google Cloud) Marketplace\./);
    expect(task!.hs_task_body).toMatch(
      /fee would be \$[\d,]+\.\d\d; \$[\d,]+\.\d\d of the customer's cloud commitment would be left undrawn; the AE earns \$[\d,]+\.\d\d more/,
    );
    expect(task!.hs_task_body).toMatch(/Reason: Customer refuses marketplace\./);
    expect(task!.hs_task_body!.replace(/<p>Ref: [^<]*<\/p>/, '')).not.toMatch(INTERNAL);
  });

  it('the requester gets one task when the request is decided; of two decisions at once exactly one makes a task', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    const answers = await Promise.all([
      action(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Customer policy confirmed.' }),
      action(sandbox, OLIVIA, 'gate_reject', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Use the private offer instead.' }),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    await sandbox.webhooksIdle();

    const decided = gateTasks(dealId).filter((task) => task.hubspot_owner_id === userOf(JORDAN).ownerId);
    expect(decided).toHaveLength(1);
    const approved = answers[0].ok;
    expect(decided[0]!.hs_task_subject).toMatch(approved ? /was approved$/ : /was rejected$/);
    expect(decided[0]!.hs_task_body).toMatch(approved ? /Maya Chen approved your request/ : /Olivia Grant rejected your request .* \(as an admin override\)/);
    expect(gateTasks(dealId)).toHaveLength(2);
    // Whoever decided, the approver's task is done.
    expect(gateTasks(dealId).find((task) => task.hubspot_owner_id === userOf(MAYA).ownerId)).toMatchObject({ hs_task_status: 'COMPLETED' });
    expect(decided[0]).toMatchObject({ hs_task_status: 'NOT_STARTED' });
  });

  it('after the team approval of an escalated deal the senior approver gets the task; the final approval tells the requester', async () => {
    const dealId = gatedDeal(sandbox, HANNAH, { amount: 6_000_000 });
    await requestException(sandbox, HANNAH, dealId);
    await ok(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    await ok(sandbox, RACHEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 2 });
    const owners = gateTasks(dealId).map((task) => [task.hubspot_owner_id, task.hs_task_subject, task.hs_task_status]);
    expect(owners).toEqual([
      [userOf(DANIEL).ownerId, expect.stringMatching(/^Decide: /), 'COMPLETED'],
      [userOf(RACHEL).ownerId, expect.stringMatching(/^Senior approval needed: /), 'COMPLETED'],
      [userOf(HANNAH).ownerId, expect.stringMatching(/was approved$/), 'NOT_STARTED'],
    ]);
  });

  it("a withdrawn request completes the approver's task and gives nobody a new one", async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    await ok(sandbox, JORDAN, 'gate_withdraw', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    await sandbox.webhooksIdle();
    expect(gateTasks(dealId).map((task) => [task.hubspot_owner_id, task.hs_task_status])).toEqual([[userOf(MAYA).ownerId, 'COMPLETED']]);
  });

  it('a forged identity or an unknown deal writes no task', async () => {
    const dealId = gatedDeal(sandbox, JORDAN);
    await requestException(sandbox, JORDAN, dealId);
    const forged = await action(sandbox, JORDAN, 'gate_approve', {
      dealId,
      idempotencyKey: freshKey(),
      expectedVersion: 1,
      approverUserId: userOf(MAYA).userId,
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    const self = await action(sandbox, JORDAN, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(self).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const tasksBefore = sandbox.store.listObjects('tasks').length;
    const unknown = await action(sandbox, MAYA, 'gate_approve', { dealId: '999999999', idempotencyKey: freshKey(), expectedVersion: 1 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await sandbox.webhooksIdle();
    expect(sandbox.store.listObjects('tasks')).toHaveLength(tasksBefore);
    expect(gateTasks(dealId)).toHaveLength(1);
  });
});
