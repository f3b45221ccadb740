import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heading, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CoSellDealCard } from '../../app/cards/CoSellDealCard.tsx';
import { AllianceCompanyCard } from '../../app/cards/AllianceCompanyCard.tsx';
import type { CompanyAllianceResult } from '../../src/functions/contracts.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { findInternalNames, renderedTexts, type InternalName } from '../support/people-words.ts';
import { act, loadDealCard, withTestSandbox } from './support.ts';

/**
 * The whole demo portal, as its people see it after `npm start -- --reset`: every deal card and
 * every company card, loaded through the real function bundles and rendered by the real card modules.
 */
let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

afterEach(() => vi.restoreAllMocks());

/** The person who owns the record (their view shows the most actions); the first AE for unowned ones. */
function ownerEmail(ownerId: string | undefined): string {
  return (demoUsers.find((user) => user.ownerId === ownerId) ?? demoUsers[0]!).email;
}

async function renderWith<R>(card: () => React.JSX.Element, response: FunctionResponse<R>, heading: string) {
  vi.spyOn(hubspot, 'serverless').mockResolvedValue(response);
  const renderer = createRenderer('crm.record.tab');
  renderer.render(card());
  await renderer.waitFor(() => expect(renderer.find(Heading).text).toBe(heading));
  return renderer;
}

const leaksIn = (where: string, found: InternalName[]) => found.map((leak) => `${where}: ${leak.what} "${leak.match}" in "${leak.text}"`);

describe('the demo portal as people see it', () => {
  it('gives every deal with an amount and a close date a recommendation, and every deal card speaks in labels', async () => {
    const deals = sandbox.store.listObjects('deals');
    expect(deals.length).toBeGreaterThanOrEqual(48);
    const withoutRecommendation: string[] = [];
    const leaks: string[] = [];
    let recommended = 0;
    let fromProducts = 0;
    for (const deal of deals) {
      const response = await loadDealCard(sandbox, deal.id, ownerEmail(deal.properties.hubspot_owner_id));
      if (!response.ok) throw new Error(`${deal.properties.dealname}: ${response.error.message}`);
      const { routing } = response.result;
      if (deal.properties.amount && deal.properties.closedate) {
        if (routing.status === 'ready') recommended++;
        else withoutRecommendation.push(`${deal.properties.dealname}: ${routing.message}`);
      }
      if (routing.status === 'ready' && routing.assumptions.some((assumption) => assumption.source === 'product')) fromProducts++;
      const renderer = await renderWith(() => <CoSellDealCard />, response, response.result.deal.name);
      const texts = renderedTexts(renderer);
      // The scan sees the first screen and the collapsed details alike.
      if (routing.status === 'ready') expect(texts).toEqual(expect.arrayContaining([`Recommended: ${routing.headline.label}`, 'Compare the clouds']));
      leaks.push(...leaksIn(`deal "${deal.properties.dealname}"`, findInternalNames(texts)));
    }
    expect(withoutRecommendation).toEqual([]);
    expect(recommended).toBeGreaterThanOrEqual(48);
    // Both paths are visible in the demo: offer facts from products, and from the portal defaults.
    expect(fromProducts).toBeGreaterThanOrEqual(4);
    expect(recommended - fromProducts).toBeGreaterThan(fromProducts);
    expect(leaks).toEqual([]);
  }, 240_000);

  it('shows no internal name on any company card', async () => {
    const leaks: string[] = [];
    for (const company of sandbox.store.listObjects('companies')) {
      const { status, body } = await act<{ response: FunctionResponse<CompanyAllianceResult> }>(sandbox, {
        as: ownerEmail(company.properties.hubspot_owner_id),
        function: 'company_alliance',
        objectId: company.id,
        objectTypeId: '0-2',
      });
      expect(status).toBe(200);
      if (!body.response.ok) throw new Error(`${company.properties.name}: ${body.response.error.message}`);
      const renderer = await renderWith(() => <AllianceCompanyCard />, body.response, body.response.result.company.name);
      leaks.push(...leaksIn(`company "${company.properties.name}"`, findInternalNames(renderedTexts(renderer))));
    }
    expect(leaks).toEqual([]);
  }, 240_000);
});

describe('the internal-name scanner', () => {
  it('finds property names, route ids and raw enumeration values, and leaves plain words alone', () => {
    const found = findInternalNames([
      'deal.cosell_delivery_model: is required',
      'hs_analytics_source is PAID_SEARCH',
      'Gate: marketplace:aws required',
      'direct',
      'Delivery model: saas',
      'Program: edp on aws',
      'Status: awaiting_senior',
      'Sell direct: no marketplace route retires any of the customer\u2019s committed spend.',
      'Delivery model: SaaS, from the portal default',
      'A new private offer on AWS Marketplace, Microsoft Azure and Google Cloud',
    ]);
    expect(found.map((leak) => leak.match)).toEqual(
      expect.arrayContaining([
        'cosell_delivery_model',
        'deal.cosell_delivery_model',
        'hs_analytics_source',
        'PAID_SEARCH',
        'marketplace:aws',
        'direct',
        'saas',
        'edp',
        'aws',
        'awaiting_senior',
      ]),
    );
    expect(found.filter((leak) => /Sell direct|SaaS, from|new private offer/.test(leak.text))).toEqual([]);
  });
});
