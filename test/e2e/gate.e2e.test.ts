import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { JORDAN, MAYA, gatedDeal } from '../function/gate-support.ts';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

/** Signed in as `email` once the "View as" switch has reloaded the page as that user. */
async function signedInAs(email: string): Promise<Page> {
  const page = await e2e.pageAs(email);
  await page.waitForFunction((expected) => document.querySelector<HTMLSelectElement>('[data-testid="view-as"]')?.value === expected, email);
  await page.waitForLoadState('load');
  return page;
}

async function openDeal(page: Page, dealId: string) {
  await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
  await page.getByTestId('gate-section').waitFor();
}

const status = (page: Page) => page.getByTestId('gate-status').innerText();

/** Opens one of the card's collapsed sections (an Accordion) by its test id. */
async function open(page: Page, testId: string) {
  const title = page.getByTestId(testId).locator(':scope > button').first();
  if ((await title.getAttribute('aria-expanded')) !== 'true') await title.click();
}

async function requestFromCard(page: Page) {
  await open(page, 'gate-request-open');
  await page.getByTestId('gate-reason').locator('select').selectOption({ label: 'Customer refuses marketplace' });
  const justification = page.getByTestId('gate-justification').locator('textarea');
  await justification.fill('The customer refuses marketplace procurement for all software this year.');
  await justification.blur();
  await page.getByTestId('gate-request-submit').click();
  await page.getByTestId('gate-outcome').getByText('Exception requested').waitFor();
}

describe('the direct-route exception gate in the browser', () => {
  it('AE requests; the manager approves from the Routing approvals page; the AE routes the deal direct', async () => {
    const dealId = gatedDeal(e2e.sandbox, JORDAN);
    const ae = await signedInAs(JORDAN);
    await openDeal(ae, dealId);
    expect(await status(ae)).toBe('None');
    await open(ae, 'gate-route-open');
    await ae.getByTestId('gate-route').locator('select').selectOption({ label: 'Direct' });
    await ae.getByTestId('gate-set-route').click();
    expect(await ae.getByTestId('gate-outcome').innerText()).toMatch(/Refused[\s\S]*needs an approved exception/);

    await requestFromCard(ae);
    await ae.getByTestId('gate-status').getByText('Requested').waitFor();
    expect(await ae.getByTestId('gate-approve').count()).toBe(0);

    const manager = await signedInAs(MAYA);
    await manager.goto(`${e2e.sandbox.url}/preview/pages/approvals`);
    const row = manager.getByTestId(`approval-${dealId}`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Jordan Patel[\s\S]*customer refuses marketplace|customer refuses marketplace[\s\S]*Jordan Patel/);
    await manager.getByTestId(`approval-approve-${dealId}`).click();
    await row.waitFor({ state: 'detached' });
    await manager.getByTestId('approvals-recent').getByText('Maya Chen').first().waitFor();

    await openDeal(ae, dealId);
    expect(await status(ae)).toBe('Approved');
    await ae.getByTestId('gate-route').locator('select').selectOption({ label: 'Direct' });
    await ae.getByTestId('gate-set-route').click();
    await ae
      .getByTestId('gate-outcome')
      .getByText(/Route set to direct/i)
      .waitFor();
    await ae.getByTestId('gate-route-chosen').getByText('Route chosen: Direct').waitFor();
    expect(e2e.sandbox.store.getObject('deals', dealId)!.properties.cosell_route_chosen).toBe('direct');
  });

  it('the AE is not offered, and is refused, approving their own request', async () => {
    const dealId = gatedDeal(e2e.sandbox, JORDAN);
    const ae = await signedInAs(JORDAN);
    await openDeal(ae, dealId);
    await requestFromCard(ae);
    expect(await ae.getByTestId('gate-approve').count()).toBe(0);

    // The card hides the button; a hand-made call from the AE's own session is signed as the AE and refused.
    const answer = await ae.evaluate(async (id) => {
      const response = await fetch('/sandbox/hubspot-fetch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: 'https://cosell-backend.example.com/actions/gate_approve',
          method: 'POST',
          body: { dealId: id, idempotencyKey: 'selfapproval-1', expectedVersion: 1 },
        }),
      });
      return JSON.parse(((await response.json()) as { body: string }).body) as { ok: boolean; error?: { code: string; message: string } };
    }, dealId);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/cannot decide on your own exception request/) as unknown },
    });
    expect(e2e.sandbox.store.getObject('deals', dealId)!.properties.cosell_exception_status).toBe('requested');
  });

  it('raising the amount past the tolerance in the record sidebar invalidates the approval, shown on the card', async () => {
    const dealId = gatedDeal(e2e.sandbox, JORDAN, { amount: 900_000 });
    const ae = await signedInAs(JORDAN);
    await openDeal(ae, dealId);
    await requestFromCard(ae);
    const manager = await signedInAs(MAYA);
    await openDeal(manager, dealId);
    await manager.getByTestId('gate-approve').click();
    await manager.getByTestId('gate-status').getByText('Approved').waitFor();

    await openDeal(ae, dealId);
    await ae.locator('#prop-amount').fill('1500000');
    await ae.getByTestId('save-record').click();
    await ae.getByTestId('save-status').getByText('Saved').waitFor();
    await e2e.sandbox.webhooksIdle();
    await openDeal(ae, dealId);
    expect(await status(ae)).toBe('Invalidated (deal changed)');
    await open(ae, 'gate-details');
    expect(await ae.getByTestId('gate-history').innerText()).toMatch(/amount changed from 900000 to 1500000/);
    expect(await ae.getByTestId('gate-direct-assessment').innerText()).toMatch(/no longer applies because the deal changed/);
  });
});
