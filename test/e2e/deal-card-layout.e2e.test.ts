import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import { recordId, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

/** About one screen of a HubSpot record tab: what the AE sees before scrolling. */
const FIRST_SCREEN_PX = 600;

/** How far below the card's first line (its heading; the preview's own label and title are not the card) the element ends, in CSS pixels. */
async function bottomInCard(card: Locator, element: Locator): Promise<number> {
  const [top, box] = await Promise.all([card.locator('#card-root [data-hs-component="Heading"]').first().boundingBox(), element.boundingBox()]);
  if (!top || !box) throw new Error('element not laid out');
  return box.y + box.height - top.y;
}

async function openDeal(page: Page, dealId: string): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
  const card = page.getByTestId('card-frame');
  await card.getByTestId('gate-section').waitFor();
  return card;
}

describe('the deal card fits a record page', () => {
  it("answers the AE's three questions in the first 600 px and keeps the details collapsed until opened", async () => {
    // A deal shared with AWS (its status and next action), with a recommendation and an exception gate.
    const dealId = recordId(e2e.sandbox, 'deals', (properties) => properties.cosell_aws_opportunity_id === 'O7100203');
    // As its owner, who has an action on the gate.
    const owner = demoUsers.find((user) => user.ownerId === e2e.sandbox.store.getObject('deals', dealId)?.properties.hubspot_owner_id);
    const page = await e2e.pageAs(owner!.email);
    const card = await openDeal(page, dealId);

    const firstScreen = {
      'co-sell status': card.getByTestId('cosell-status'),
      'next action': card.getByTestId('cosell-next-action'),
      route: card.getByTestId('routing-headline'),
      'fee and commission': card.getByTestId('routing-money'),
      'commitment retired': card.getByTestId('routing-commitment'),
      'gate state': card.getByTestId('gate-status'),
      'gate rule': card.getByTestId('gate-route-required'),
      'the one action': card.getByTestId('gate-action'),
    };
    const bottoms: Record<string, number> = {};
    for (const [what, element] of Object.entries(firstScreen)) {
      expect(await element.isVisible(), `${what} is shown`).toBe(true);
      bottoms[what] = await bottomInCard(card, element);
    }
    expect(Object.entries(bottoms).filter(([, bottom]) => bottom > FIRST_SCREEN_PX)).toEqual([]);
    expect(await card.getByTestId('routing-headline').innerText()).toMatch(/^Recommended: /);
    expect(await card.getByTestId('gate-action').innerText()).toMatch(/Request an exception to go direct/);
    expect(await card.getByTestId('routing-money').innerText()).toMatch(/^Fee \$[\d,]+\.\d{2} \([\d.]+%\) · your commission −\$[\d,]+\.\d{2}$/);

    // Details: present but collapsed, opened on demand.
    const regions = card.locator('[data-hs-component="Accordion"] > [role="region"]');
    expect(await regions.count()).toBeGreaterThanOrEqual(5);
    for (const region of await regions.all()) expect(await region.isVisible()).toBe(false);
    expect(await card.getByTestId('routing-options').isVisible()).toBe(false);
    expect(await card.getByTestId('cosell-checklist').isVisible()).toBe(false);
    await card
      .getByTestId('routing-compare')
      .getByRole('button', { name: /Compare the clouds/ })
      .click();
    await card.getByTestId('routing-options').waitFor({ state: 'visible' });
    await card.getByTestId('cosell-readiness').getByRole('button').first().click();
    await card.getByTestId('cosell-checklist').waitFor({ state: 'visible' });
  });

  it('shows a recommendation from the portal defaults on a deal nobody filled in, says so, and lets the AE override it on the card', async () => {
    // A seeded deal with no routing inputs of its own: everything comes from the portal defaults.
    const dealId = recordId(e2e.sandbox, 'deals', (properties) => !properties.cosell_delivery_model && !properties.cosell_cloud && Boolean(properties.amount));
    const page = await e2e.pageAs('jordan.patel@stratusdata.example');
    const card = await openDeal(page, dealId);
    expect(await card.getByTestId('routing-headline').innerText()).toMatch(/^Recommended: /);
    expect(await card.getByTestId('routing-assumed').innerText()).toBe('Delivery model: SaaS, from the portal default.');
    expect(await bottomInCard(card, card.getByTestId('routing-assumed'))).toBeLessThanOrEqual(FIRST_SCREEN_PX);
    expect(await card.getByText('Routing needs deal details').count()).toBe(0);

    // The override, with HubSpot's property editor inside the card.
    await card
      .getByTestId('routing-inputs')
      .getByRole('button', { name: /Routing inputs/ })
      .click();
    const overrides = card.getByTestId('routing-overrides');
    await overrides.getByRole('button', { name: /^Edit Delivery model/ }).click();
    await overrides.locator('select#crm-property-cosell_delivery_model').selectOption({ label: 'Professional services' });
    await overrides.getByRole('button', { name: 'Save' }).click();
    await card.getByTestId('routing-assumed').getByText('Delivery model: Professional services, set on this deal.').waitFor();
    expect(e2e.sandbox.store.getObject('deals', dealId)?.properties.cosell_delivery_model).toBe('services');
  });
});
