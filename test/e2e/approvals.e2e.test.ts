import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JORDAN, MAYA, gatedDeal, ok, requestException, userOf } from '../function/gate-support.ts';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

interface Pending {
  dealId: string;
  cloud: string;
  stakes: { feeUsd: string; undrawnCommitmentUsd: string; aeCommissionGainUsd: string };
}

const money = (amount: string) => `${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`;

describe('a manager decides with the numbers on the Routing approvals page', () => {
  it('filters the queue by cloud and age, sees what going direct costs, approves; the requester gets a task', async () => {
    const dealId = gatedDeal(e2e.sandbox, JORDAN);
    await requestException(e2e.sandbox, JORDAN, dealId);
    const { pending } = await ok<{ pending: Pending[] }>(e2e.sandbox, MAYA, 'gate_approvals', {});
    const mine = pending.find((item) => item.dealId === dealId)!;

    const manager = await e2e.pageAs(MAYA);
    await manager.goto(`${e2e.sandbox.url}/preview/pages/approvals`);
    const row = manager.getByTestId(`approval-${dealId}`);
    await row.waitFor();

    // Only requests waiting a week or more: today's request leaves the list, and comes back with any age.
    await manager.getByTestId('approvals-filter-age').locator('select').selectOption({ label: 'Waiting 7 days or more' });
    await row.waitFor({ state: 'detached' });
    await manager.getByTestId('approvals-filter-age').locator('select').selectOption({ label: 'Any age' });
    await manager.getByTestId('approvals-filter-cloud').locator('select').selectOption({ label: mine.cloud });
    await row.waitFor();
    const shown = await manager.getByTestId('approvals-pending').locator('tbody > tr').allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((text) => text.includes(mine.cloud))).toBe(true);
    expect(await manager.getByTestId('approvals-count').innerText()).toMatch(/^\d+ (of \d+ waiting match the filters|waiting)$/);

    expect(await manager.getByTestId(`approval-stakes-${dealId}-fee`).innerText()).toBe(money(mine.stakes.feeUsd));
    expect(await manager.getByTestId(`approval-stakes-${dealId}-undrawn`).innerText()).toBe(money(mine.stakes.undrawnCommitmentUsd));
    expect(await manager.getByTestId(`approval-stakes-${dealId}-commission`).innerText()).toBe(money(mine.stakes.aeCommissionGainUsd));
    expect(await row.innerText()).toMatch(/Customer refuses marketplace[\s\S]*Asked today by Jordan Patel/);
    expect(await row.innerText()).not.toMatch(/cosell_|marketplace:(aws|azure|gcp)|customer_refuses/);

    await manager.getByTestId(`approval-approve-${dealId}`).click();
    await row.waitFor({ state: 'detached' });
    await manager.getByTestId('approvals-recent').getByText('Maya Chen').first().waitFor();
    await e2e.sandbox.webhooksIdle();

    const { store } = e2e.sandbox;
    const tasks = store
      .getAssociations('deals', dealId, 'tasks')
      .map((association) => store.getObject('tasks', association.toId)!.properties)
      .filter((task) => task.hs_task_body?.includes('Ref: cosell-gate-task/'));
    expect(tasks.map((task) => task.hubspot_owner_id)).toEqual([userOf(MAYA).ownerId, userOf(JORDAN).ownerId]);
    expect(tasks[1]!.hs_task_subject).toMatch(/was approved$/);
  });
});
