import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordId, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe('an AE fixes what stops a deal from being shared with AWS', () => {
  it('sees the missing field in the checklist, fixes it in the sidebar, and the deal becomes ready', async () => {
    const dealId = recordId(e2e.sandbox, 'deals', (properties) => properties.cosell_aws_opportunity_id === 'O7100203');
    const page = await e2e.pageAs('jordan.patel@stratusdata.example');
    await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
    const card = page.getByTestId('card-frame');

    await card
      .getByTestId('cosell-readiness')
      .getByRole('button', { name: /Ready for AWS/ })
      .click();
    await card.getByTestId('cosell-problem-0').waitFor();
    expect(await card.getByTestId('cosell-ready').innerText()).toContain('1 thing to fix');
    const problem = await card.getByTestId('cosell-problem-0').innerText();
    expect(problem).toContain('Customer business problem (for AWS) on the deal');
    expect(problem).toContain('20 to 2000 characters');

    const editor = page.getByTestId('record-editor');
    await editor
      .locator('[name="cosell_ace_business_problem"]')
      .fill('Month-end reporting takes four days on an ageing on-premises warehouse; moving it to our platform on AWS cuts it to hours.');
    await editor.getByTestId('save-record').click();
    await page.getByTestId('save-status').getByText('Saved').waitFor();

    await card.getByText('Ready to submit to AWS').waitFor();
    expect(await card.getByTestId('cosell-problem-0').count()).toBe(0);
    // The save kept the deal's other ACE fields, multi-valued ones included.
    const activities = String(e2e.sandbox.store.getObject('deals', dealId)?.properties.cosell_ace_sales_activities).split(';').sort();
    expect(activities).toEqual(['Conducted POC / Demo', 'Initialized discussions with customer']);
  });
});
