import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.ts';

const MARCUS = 'marcus.webb@stratusdata.example';
const AIKO = 'aiko.tanaka@stratusdata.example';
const AE = 'jordan.patel@stratusdata.example';

let e2e: E2E;
let companyId: string;
beforeAll(async () => {
  e2e = await startE2E();
  // A new account with no deals yet: nothing another team sourced predates the engagement.
  companyId = e2e.sandbox.store.createObject('companies', {
    properties: { name: 'Northwind Analytics', domain: 'northwind-analytics.example', country: 'United States' },
  }).id;
});
afterAll(async () => e2e?.close());

/** Opens `url` and checks the preview shows it as `viewer` (pageAs has already switched "View as"). */
async function open(page: Page, url: string, viewer: string) {
  await page.goto(url);
  expect(await page.getByTestId('view-as').inputValue()).toBe(viewer);
}

/** The register, extend and release forms sit in an accordion below the card's first screen. */
async function openActions(page: Page) {
  const card = page.getByTestId('card-frame');
  await card.getByTestId('ringfence-actions').locator('button').first().click();
  await card.getByTestId('ringfence-register-form').waitFor();
}

async function fillEvidence(page: Page) {
  const card = page.getByTestId('card-frame');
  await card.getByTestId('register-cloud').locator('select').selectOption({ label: 'AWS' });
  await card.getByTestId('register-kind').locator('select').selectOption({ label: 'Hyperscaler AE introduction' });
  await card.getByTestId('register-contact-name').locator('input').fill('Riley Chen');
  await card.getByTestId('register-contact-role').locator('input').fill('AWS Account Executive');
  await card.getByTestId('register-contact-email').locator('input').fill('riley.chen@amazon.com');
  await card.getByTestId('register-notes').locator('textarea').fill('AWS AE introduced the CTO on a joint call.');
}

describe('an alliance manager ring-fences an account and keeps its deals when inbound activity follows', () => {
  it('registers, the AE deal is attributed, a second manager is refused by name, a web form does not change it', async () => {
    const companyUrl = `${e2e.sandbox.url}/preview/companies/${companyId}`;

    // Aiko opens the company before anyone has ring-fenced it.
    const aiko = await e2e.pageAs(AIKO);
    await open(aiko, companyUrl, AIKO);
    await openActions(aiko);

    // Marcus ring-fences it with the evidence of his AWS engagement.
    const marcus = await e2e.pageAs(MARCUS);
    await open(marcus, companyUrl, MARCUS);
    const marcusCard = marcus.getByTestId('card-frame');
    await openActions(marcus);
    expect(await marcusCard.getByTestId('ringfence-status').innerText()).toBe('Not ring-fenced');
    await fillEvidence(marcus);
    await marcusCard.getByTestId('ringfence-register').click();
    await marcusCard.getByTestId('ringfence-owner').waitFor();
    expect(await marcusCard.getByTestId('ringfence-status').innerText()).toBe('Active');
    expect(await marcusCard.getByTestId('ringfence-owner').innerText()).toBe('Marcus Webb');
    expect(await marcusCard.getByTestId('ringfence-days-left').innerText()).toContain('180 days left');
    expect(await marcusCard.getByTestId('ringfence-evidence').innerText()).toContain('Riley Chen (AWS Account Executive, riley.chen@amazon.com)');

    // An AE creates a deal for the company and finds it attributed to the alliance.
    const ae = await e2e.pageAs(AE);
    await open(ae, companyUrl, AE);
    expect(await ae.getByTestId('card-frame').getByTestId('ringfence-read-only').innerText()).toContain('Only alliance managers');
    const createDeal = ae.getByTestId('create-deal');
    await createDeal.locator('[name="dealname"]').fill('Northwind - Analytics platform');
    await createDeal.locator('[name="amount"]').fill('240000');
    await createDeal.getByRole('button').click();
    await ae.getByTestId('created-link').click();
    await ae.waitForURL(/\/preview\/deals\/\d+$/);
    const dealCard = ae.getByTestId('card-frame');
    await dealCard.getByTestId('attribution-line').waitFor();
    expect(await dealCard.getByTestId('attribution-line').innerText()).toContain("Attributed to the alliance: Marcus Webb's AWS ring-fence");
    expect(await dealCard.getByTestId('attribution-ringfence').innerText()).toContain(`Ring-fence rf-${companyId}-1 (AWS) by Marcus Webb: active`);
    const dealUrl = ae.url();

    // Aiko submits from the page she opened before Marcus registered: refused, with his name.
    await fillEvidence(aiko);
    await aiko.getByTestId('card-frame').getByTestId('ringfence-register').click();
    const refusal = aiko.getByTestId('card-frame').getByTestId('ringfence-outcome');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Marcus Webb registered a ring-fence on this company first');

    // A prospect fills in the company's web form: the deal stays with the alliance, the conflict is shown.
    await open(ae, companyUrl, AE);
    const webForm = ae.getByTestId('web-form');
    await webForm.locator('[name="firstname"]').fill('Jo');
    await webForm.locator('[name="lastname"]').fill('Inbound');
    await webForm.locator('[name="email"]').fill('jo@northwind-analytics.example');
    await webForm.getByRole('button').click();
    await ae.getByTestId('web-form-status').getByText('Created').waitFor();
    await e2e.sandbox.webhooksIdle();

    await open(ae, dealUrl, AE);
    await dealCard.getByTestId('attribution-conflicts').waitFor();
    expect(await dealCard.getByTestId('attribution-line').innerText()).toContain("Attributed to the alliance: Marcus Webb's AWS ring-fence");
    expect(await dealCard.getByTestId('attribution-conflicts').innerText()).toContain('Web form submission: contact jo@northwind-analytics.example');

    await open(marcus, companyUrl, MARCUS);
    await marcusCard.getByTestId('ringfence-conflicts').waitFor();
    expect(await marcusCard.getByTestId('ringfence-conflicts').innerText()).toContain('Northwind - Analytics platform: Web form submission');
  });
});
