import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe('the preview of a demo portal', () => {
  it('lists demo deals and companies and shows both cards with data from the record', async () => {
    const page = await e2e.pageAs('jordan.patel@stratusdata.example');
    expect(await page.getByTestId('preview-label').innerText()).toBe('Local preview, not HubSpot');
    const deals = page.getByTestId('deal-list').locator('a');
    expect(await deals.count()).toBeGreaterThanOrEqual(40);

    const deal = e2e.sandbox.store.listObjects('deals')[0]!;
    await page.goto(`${e2e.sandbox.url}/preview/deals/${deal.id}`);
    const card = page.getByTestId('card-frame');
    await card.getByText(deal.properties.dealname!, { exact: true }).first().waitFor();
    const amount = Number(deal.properties.amount).toLocaleString('en-US');
    expect(await card.getByTestId('deal-amount').innerText()).toContain(amount);

    const company = e2e.sandbox.store.listObjects('companies')[0]!;
    await page.goto(`${e2e.sandbox.url}/preview/companies/${company.id}`);
    const companyCard = page.getByTestId('card-frame');
    await companyCard.getByTestId('company-domain').waitFor();
    expect(await companyCard.getByTestId('company-domain').innerText()).toContain(company.properties.domain!);
    const companyDeals = e2e.sandbox.store.getAssociations('companies', company.id, 'deals');
    const firstDeal = e2e.sandbox.store.getObject('deals', companyDeals[0]!.toId)!;
    // The company's deals are details: they open on demand.
    const allDeals = companyCard.getByTestId('company-all-deals');
    await allDeals.locator('button').first().click();
    await allDeals.getByText(firstDeal.properties.dealname!, { exact: true }).first().waitFor();
  });
});
