import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordId, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe('an AE reads the routing recommendation on a deal', () => {
  it('sees the recommendation and its economics, and the fee follows the amount across a tier edge', async () => {
    const dealId = recordId(e2e.sandbox, 'deals', (properties) => properties.dealname === 'AWS tier edge $9,999,999.99');
    const page = await e2e.pageAs('jordan.patel@stratusdata.example');
    await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
    const card = page.getByTestId('card-frame');

    await card.getByTestId('routing-headline').waitFor();
    expect(await card.getByTestId('routing-headline').innerText()).toBe('Recommended: AWS Marketplace');
    expect(await card.getByTestId('routing-exception').innerText()).toBe('Direct needs an approved exception');
    expect(await card.getByTestId('routing-money').innerText()).toBe('Fee $200,000.00 (2%) · your commission −$16,000.00');
    // The comparison and the sources sit in collapsed sections, opened on demand.
    await card
      .getByTestId('routing-compare')
      .getByRole('button', { name: /Compare the clouds/ })
      .click();
    await card.getByTestId('routing-why').getByRole('button', { name: /Why/ }).click();
    expect(await card.getByTestId('routing-fee-aws').innerText()).toBe('$200,000.00 (2%)');
    expect(await card.getByTestId('routing-drawdown-aws').innerText()).toBe('$9,999,999.99');
    expect(await card.getByTestId('routing-ae-commission').innerText()).toBe(
      'You give up $16,000.00 of commission on this route (8% of the $200,000.00 marketplace fee).',
    );
    expect(await card.getByTestId('routing-source-F3').innerText()).toContain('AWS private offer, tiered by total contract value');

    const editor = page.getByTestId('record-editor');
    await editor.locator('[name="amount"]').fill('10000000');
    await editor.getByTestId('save-record').click();
    await page.getByTestId('save-status').getByText('Saved').waitFor();

    await card.getByTestId('routing-fee-aws').getByText('$150,000.00 (1.5%)').waitFor();
    expect(await card.getByTestId('routing-commission-aws').innerText()).toBe('-$12,000.00');
    expect(e2e.sandbox.store.getObject('deals', dealId)?.properties.cosell_route_fee).toBe('150000');
  });
});
