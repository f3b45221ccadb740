import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.ts';

const MARCUS = 'marcus.webb@stratusdata.example'; // alliance manager
const AE = 'jordan.patel@stratusdata.example'; // sales rep

/** The first screen of a card in a record sidebar: what shows without scrolling. */
const FIRST_SCREEN_PX = 600;

let e2e: E2E;
let companyId: string;
beforeAll(async () => {
  e2e = await startE2E();
  companyId = e2e.sandbox.store.createObject('companies', {
    properties: {
      name: 'Contoso Retail',
      domain: 'contoso-retail.example',
      country: 'United States',
      cosell_azure_commit_program: 'macc',
      cosell_azure_commit_annual: '2000000',
    },
  }).id;
});
afterAll(async () => e2e?.close());

async function openCompany(page: Page): Promise<Locator> {
  await page.goto(`${e2e.sandbox.url}/preview/companies/${companyId}`);
  const card = page.getByTestId('card-frame');
  await card.getByTestId('commitments-summary').waitFor();
  return card;
}

/** How far below the top of the card the bottom of `element` is. */
async function bottomBelowCardTop(card: Locator, element: Locator): Promise<number> {
  const [cardBox, box] = await Promise.all([card.boundingBox(), element.boundingBox()]);
  return box!.y + box!.height - cardBox!.y;
}

async function fill(card: Locator, testId: string, value: string) {
  const input = card.getByTestId(testId).locator('input');
  await input.fill(value);
  await input.blur();
}

describe('cloud commitments on the company card', () => {
  it('the first screen shows the ring-fence state and every cloud commitment; an alliance manager records one, a mistake is refused with nothing written', async () => {
    const marcus = await e2e.pageAs(MARCUS);
    const card = await openCompany(marcus);
    expect(await bottomBelowCardTop(card, card.getByTestId('ringfence-status'))).toBeLessThan(FIRST_SCREEN_PX);
    expect(await bottomBelowCardTop(card, card.getByTestId('commitments-summary'))).toBeLessThan(FIRST_SCREEN_PX);
    expect(await card.getByTestId('commitment-azure').innerText()).toMatch(/Microsoft Azure \(unconfirmed\)/);
    expect(await card.getByTestId('commitment-form').isVisible()).toBe(false);

    await card.getByTestId('commitments-edit').locator('button').first().click();
    await card.getByTestId('commitment-cloud').locator('select').selectOption({ label: 'AWS' });
    await card.getByTestId('commitment-program').locator('select').selectOption({ label: 'Enterprise Discount Program (EDP)' });
    await fill(card, 'commitment-annual', '5000000');
    await fill(card, 'commitment-left', '6000000');
    await fill(card, 'commitment-spend', '0');
    await fill(card, 'commitment-renewal', '2027-03-31');
    await fill(card, 'commitment-source', 'EDP order form, March 2026');
    await card.getByTestId('commitment-save').click();
    await card.getByTestId('commitment-outcome').getByText('Capacity left cannot be more than the annual commitment').waitFor();
    expect(e2e.sandbox.store.getObject('companies', companyId)!.properties.cosell_commitments_state).toBeUndefined();

    await fill(card, 'commitment-left', '3200000');
    await fill(card, 'commitment-spend', '600000');
    await card.getByTestId('commitment-save').click();
    await card.getByTestId('commitment-aws').getByText('3,200,000.00 USD').waitFor();
    expect(await card.getByTestId('commitment-aws').innerText()).toMatch(/AWS\s+3,200,000\.00 USD\s+2027-03-31/);
    await card.getByTestId('commitments-details').locator('button').first().click();
    expect(await card.getByTestId('commitment-source-aws').innerText()).toMatch(
      /Source: EDP order form, March 2026\. Last update \d{4}-\d{2}-\d{2} by Marcus Webb\./,
    );
    expect(e2e.sandbox.store.getObject('companies', companyId)!.properties).toMatchObject({
      cosell_aws_commit_remaining: '3200000',
      cosell_aws_commit_program: 'edp',
    });
  });

  it('a sales rep sees the commitments read-only, and a hand-made save from their session is refused', async () => {
    const ae = await e2e.pageAs(AE);
    const card = await openCompany(ae);
    expect(await card.getByTestId('commitment-aws').innerText()).toMatch(/3,200,000\.00 USD/);
    expect(await card.getByTestId('commitments-read-only').innerText()).toMatch(/Alliance managers record commitments/);
    expect(await card.getByTestId('commitment-form').count()).toBe(0);
    const answer = await ae.evaluate(async (id) => {
      const response = await fetch('/sandbox/hubspot-fetch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: 'https://cosell-backend.example.com/actions/commitment_set',
          method: 'POST',
          body: {
            companyId: id,
            cloud: 'aws',
            program: 'edp',
            annualCommitmentUsd: '9000000',
            capacityLeftUsd: '9000000',
            marketplaceSpendThisYearUsd: '0',
            renewalDate: '2027-03-31',
            source: 'The rep says so',
            expectedVersion: 1,
            idempotencyKey: 'rep-attempt-1',
          },
        }),
      });
      const proxied = (await response.json()) as { body: string };
      const parsed = JSON.parse(proxied.body) as { responseBody?: string; ok?: boolean };
      return (parsed.responseBody ? JSON.parse(parsed.responseBody) : parsed) as { ok: boolean; error?: { code: string } };
    }, companyId);
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(e2e.sandbox.store.getObject('companies', companyId)!.properties.cosell_aws_commit_remaining).toBe('3200000');
  });
});
