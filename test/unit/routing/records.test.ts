import { describe, expect, it } from 'vitest';
import { evaluateRoute } from '../../../src/domain/routing/engine.ts';
import { routingProperties } from '../../../src/hubspot/schema/routing.ts';
import {
  ROUTING_COMPANY_PROPERTY_NAMES,
  ROUTING_DEAL_PROPERTY_NAMES,
  productOffersFromRecords,
  routeResultToProperties,
  routingFromRecords,
  routingInputFromRecords,
  RoutingRecordError,
} from '../../../src/hubspot/records/routing.ts';
import { policy } from './helpers.ts';

const DEAL = { amount: '2500000', closedate: '1774915200000', cosell_delivery_model: 'saas', deal_currency_code: null };

describe('routing properties', () => {
  it('are all prefixed cosell_, unique, and cover every custom property the mapping reads', () => {
    const names = routingProperties.map((property) => property.name);
    expect(names.every((name) => name.startsWith('cosell_'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const read = [...ROUTING_DEAL_PROPERTY_NAMES, ...ROUTING_COMPANY_PROPERTY_NAMES].filter((name) => name.startsWith('cosell_'));
    for (const name of read) expect(names).toContain(name);
    for (const name of ['cosell_route_recommended', 'cosell_route_requires_exception', 'cosell_route_policy_version', 'cosell_route_evaluated_at']) {
      expect(routingProperties.find((property) => property.name === name)?.writtenBy).toBe('app');
    }
  });
});

describe('HubSpot records to routing input', () => {
  it('reads native and app properties, HubSpot booleans, multi-selects and epoch close dates', () => {
    const input = routingInputFromRecords(
      { ...DEAL, dealtype: 'existingbusiness', cosell_channel_partner: 'true', cosell_route_target_clouds: 'gcp;aws' },
      {
        country: 'Canada',
        cosell_aws_commit_program: 'ppa',
        cosell_aws_commit_annual: '8000000',
        cosell_aws_marketplace_spend_counted: '',
        cosell_gcp_commit_program: 'none',
        cosell_gcp_commit_annual: '5',
      },
      policy,
    );
    expect(input.deal.closeDate).toBe('2026-03-31');
    expect(input.deal.dealType).toBe('expansion');
    expect(input.deal.channelPartner).toBe(true);
    expect(input.deal.customerCountry).toBe('CA');
    expect(input.deal.clouds).toEqual(['aws', 'gcp']);
    expect(input.commitments.aws?.program).toBe('private pricing agreement');
    expect(input.commitments.aws?.marketplaceSpendCounted).toBeNull();
    expect(input.commitments.gcp).toBeUndefined();
  });

  it("prefers our deal type over HubSpot's and defaults to a new private offer", () => {
    expect(routingInputFromRecords({ ...DEAL, dealtype: 'newbusiness', cosell_deal_type: 'renewal' }, null, policy).deal.dealType).toBe('renewal');
    const plain = routingInputFromRecords(DEAL, null, policy).deal;
    expect(plain.dealType).toBe('new');
    expect(plain.offer).toBe('private');
    expect(plain.currency).toBe('USD');
  });

  it.each([
    [{ ...DEAL, amount: null }, null, 'deal.amount', /^Amount on the deal: is required/],
    [{ ...DEAL, closedate: 'soon' }, null, 'deal.closedate', /^Close date on the deal: expected a date/],
    [
      { ...DEAL, cosell_delivery_model: 'onprem' },
      null,
      'deal.cosell_delivery_model',
      /^Delivery model on the deal: is not one of SaaS, Machine image \(AMI \/ VM\), Container, Professional services/,
    ],
    [{ ...DEAL, cosell_channel_partner: 'maybe' }, null, 'deal.cosell_channel_partner', /^Through a channel partner on the deal: expected true or false/],
    [{ ...DEAL, deal_currency_code: 'EUR' }, null, 'deal.deal_currency_code', /^Currency on the deal: no USD rate for EUR/],
    [
      DEAL,
      { cosell_azure_commit_program: 'macc' },
      'company.cosell_azure_commit_annual',
      /^Microsoft annual commitment \(USD\) on the company: a commitment needs/,
    ],
    [
      DEAL,
      { cosell_aws_commit_remaining: '-5' },
      'company.cosell_aws_commit_remaining',
      /^AWS remaining drawdown capacity \(USD\) on the company: expected a non-negative/,
    ],
    [
      DEAL,
      { cosell_aws_commit_remaining: '5', cosell_aws_marketplace_spend_counted: '1' },
      'company.cosell_aws_marketplace_spend_counted',
      /^AWS marketplace spend counted \(USD\) on the company: marketplace spend counted needs/,
    ],
  ])('names the HubSpot property by its label for people and by its name for machines (%#)', (deal, company, property, message) => {
    let thrown: unknown;
    try {
      routingInputFromRecords(deal, company, policy);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RoutingRecordError);
    expect((thrown as RoutingRecordError).message).toMatch(message);
    expect((thrown as RoutingRecordError).properties).toEqual([property]);
  });

  it('assumes the portal default delivery model when neither the deal nor a product names one, and says so', () => {
    const { input, offer } = routingFromRecords({ ...DEAL, cosell_delivery_model: null }, null, policy);
    expect(input.deal.delivery).toBe('saas');
    expect(offer.sources.delivery).toEqual({ kind: 'portal' });
    expect(offer.sources.listings).toEqual({ kind: 'portal' });
  });

  it("takes the offer facts from the deal's largest line item product; the AE's delivery model on the deal wins", () => {
    const products = productOffersFromRecords(
      [
        { properties: { name: 'Services', amount: '50000', hs_product_id: '2' } },
        { properties: { name: 'Appliance', amount: '900000', hs_product_id: '1' } },
        { properties: { name: 'Travel', amount: '990000', hs_product_id: null } },
      ],
      new Map([
        ['1', { name: 'Edge Appliance', cosell_delivery_model: 'ami', cosell_listed_on: 'aws', cosell_private_offers_on: 'aws', cosell_runs_on: 'aws' }],
        ['2', { name: 'Implementation', cosell_delivery_model: 'services' }],
      ]),
    );
    const fromProduct = routingFromRecords({ ...DEAL, cosell_delivery_model: null }, null, policy, products);
    expect(fromProduct.input.deal.delivery).toBe('ami');
    expect(fromProduct.offer.sources.delivery).toEqual({ kind: 'product', product: 'Edge Appliance' });
    expect(fromProduct.input.vendor.azure.listed).toBe(false);
    expect(fromProduct.input.vendor.aws).toMatchObject({ listed: true, privateOffersEnabled: true, deployedOnAws: true });
    expect(fromProduct.offer.otherProducts).toEqual(['Implementation', 'Travel']);
    const overridden = routingFromRecords(DEAL, null, policy, products);
    expect(overridden.input.deal.delivery).toBe('saas');
    expect(overridden.offer.sources.delivery).toEqual({ kind: 'deal' });
    // Not listed on Microsoft: the product's listing blocks that route.
    expect(evaluateRoute(fromProduct.input, policy).options.find((option) => option.cloud === 'azure')?.blockers).toContain('NOT-LISTED');
  });
});

describe('route result to HubSpot properties', () => {
  it('writes the recommendation, its economics and when it was evaluated', () => {
    const input = routingInputFromRecords(DEAL, { cosell_aws_commit_program: 'edp', cosell_aws_commit_annual: '20000000' }, policy);
    const properties = routeResultToProperties(evaluateRoute(input, policy), new Date('2026-03-01T12:00:00Z'));
    expect(properties).toEqual({
      cosell_route_recommended: 'marketplace:aws',
      cosell_route_requires_exception: 'true',
      cosell_route_fee: '50000.00',
      cosell_route_drawdown: '2500000.00',
      cosell_route_ae_commission_delta: '4000.00',
      cosell_route_estimate: 'true',
      cosell_route_policy_version: '2026-11.1',
      cosell_route_rules_used: expect.stringContaining('F3') as unknown,
      cosell_route_evaluated_at: '2026-03-01T12:00:00.000Z',
    });
  });
});
