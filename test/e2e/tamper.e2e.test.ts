import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { JORDAN, MAYA, freshKey, gatedDeal, ok, requestException } from '../function/gate-support.ts';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

const SOFIA = 'sofia.alvarez@stratusdata.example';

async function signedInAs(email: string): Promise<Page> {
  const page = await e2e.pageAs(email);
  await page.waitForFunction((expected) => document.querySelector<HTMLSelectElement>('[data-testid="view-as"]')?.value === expected, email);
  await page.waitForLoadState('load');
  return page;
}

describe("a sales rep edits the app's data in the record sidebar", () => {
  it("copies an approved exception onto a deal and closes it: the card shows the violation and the app's own state", async () => {
    const approved = gatedDeal(e2e.sandbox, JORDAN);
    await requestException(e2e.sandbox, JORDAN, approved);
    await ok(e2e.sandbox, MAYA, 'gate_approve', { dealId: approved, idempotencyKey: freshKey(), expectedVersion: 1 });
    await e2e.sandbox.webhooksIdle();
    const source = e2e.sandbox.store.getObject('deals', approved)!.properties;

    const dealId = gatedDeal(e2e.sandbox, SOFIA);
    const rep = await signedInAs(SOFIA);
    await rep.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
    await rep.getByTestId('gate-section').waitFor();
    // The rep opens HubSpot's full property list and pastes another deal's app data.
    await rep.getByTestId('app-owned-properties').locator('summary').click();
    const form = rep.getByTestId('record-editor-app');
    for (const name of ['cosell_exception_state', 'cosell_app_seal']) await form.locator(`[name="${name}"]`).fill(source[name] ?? '');
    await form.locator('[name="cosell_exception_status"]').selectOption('approved');
    await rep.getByTestId('save-record-app').click();
    await rep.getByTestId('save-status-app').getByText('Saved').waitFor();
    await rep.getByTestId('record-editor').locator('[name="dealstage"]').selectOption('closedwon');
    await rep.getByTestId('save-record').click();
    await rep.getByTestId('save-status').getByText('Saved').waitFor();
    await e2e.sandbox.webhooksIdle();

    await rep.reload();
    await rep.getByTestId('gate-violation').waitFor();
    expect(await rep.getByTestId('gate-status').innerText()).toBe('None');
    expect(await rep.getByTestId('integrity-restored').innerText()).toMatch(/1 outside edit of the gate data restored/);
    expect(await rep.getByTestId('gate-violation').innerText()).toMatch(/without a marketplace route/);
    const restored = e2e.sandbox.store.getObject('deals', dealId)!.properties;
    expect(restored).toMatchObject({ cosell_tamper_count: '1', cosell_gate_violation: 'true' });
    expect(restored.cosell_exception_status ?? '').toBe('');
  });
});
