import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OLIVIA } from '../function/gate-support.ts';
import { demoUsers } from '../../src/sandbox/seed/demo-people.ts';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe('the Alliance metrics page in the browser', () => {
  it('a RevOps admin opens it, filters by a team and follows a figure to its deals', async () => {
    const page = await e2e.pageAs(OLIVIA);
    await page.waitForFunction((expected) => document.querySelector<HTMLSelectElement>('[data-testid="view-as"]')?.value === expected, OLIVIA);
    await page.goto(`${e2e.sandbox.url}/preview/pages/approvals`);
    await page.getByRole('tab', { name: 'Alliance metrics' }).click();
    await page.getByTestId('metrics-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('metrics-pipeline-chart').waitFor();
    expect(await page.getByTestId('metrics-section-bypass').innerText()).toMatch(/Bypass rate[\s\S]*Won direct where the marketplace was recommended/);

    const shared = page.getByTestId('metric-records-cosell.shared.aws');
    const before = await shared.innerText();
    await page.getByTestId('metrics-team').locator('select').selectOption({ label: 'Enterprise East' });
    await page.waitForFunction((text) => {
      const button = document.querySelector('[data-testid="metric-records-cosell.shared.aws"]');
      return button !== null && button.textContent !== text;
    }, before);

    await shared.click();
    const firstDeal = page.locator('[data-testid^="metric-record-"]').first();
    const dealId = (await firstDeal.getAttribute('data-testid'))!.replace('metric-record-', '');
    const owner = e2e.sandbox.store.getObject('deals', dealId)!.properties.hubspot_owner_id;
    expect(demoUsers.find((user) => user.ownerId === owner)?.team).toBe('Enterprise East');
    await firstDeal.click();
    await page.waitForURL(`**/preview/deals/${dealId}`);
    await page.getByTestId('gate-section').waitFor();
  });
});
