import { describe, expect, it } from 'vitest';
import { Accordion, Alert, Link, Table, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { CrmPropertyList } from '@hubspot/ui-extensions/crm';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { RoutingSection } from '../../app/cards/RoutingSection.tsx';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { awsRecommended, incompleteRouting } from './routing-fixtures.ts';

function render(routing: DealCosellResult['routing'] = awsRecommended) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<RoutingSection routing={routing} />);
  return renderer;
}

describe('deal card routing section', () => {
  it('heads with the recommendation and whether going direct needs an exception', () => {
    const renderer = render();
    expect(renderer.findByTestId(Text, 'routing-headline').text).toBe('Recommended: AWS Marketplace');
    expect(renderer.findByTestId(Tag, 'routing-exception').text).toBe('Direct needs an approved exception');
    expect(renderer.findByTestId(Tag, 'routing-estimate').text).toBe('Estimate');
  });

  it('shows fee against customer drawdown and the AE commission per cloud', () => {
    const renderer = render();
    expect(renderer.find(Table).findAll(TableRow)).toHaveLength(4);
    expect(renderer.findByTestId(Text, 'routing-fee-aws').text).toBe('$150,000.00 (1.5%)');
    expect(renderer.findByTestId(Text, 'routing-drawdown-aws').text).toBe('$10,000,000.00');
    expect(renderer.findByTestId(Text, 'routing-commission-azure').text).toBe('-$24,000.00');
    expect(renderer.findByTestId(Tag, 'routing-eligible-aws').text).toBe('Eligible');
    expect(renderer.findByTestId(Text, 'routing-ae-commission').text).toBe(
      'You give up $12,000.00 of commission on this route (8% of the $150,000.00 marketplace fee).',
    );
  });

  it('names each blocker with its text and a link to its source', () => {
    const renderer = render();
    const blocker = renderer.findByTestId(Text, 'routing-blocker-azure-N7');
    expect(blocker.text).toMatch(/^marketplace purchasing is disabled/);
    expect(blocker.find(Link).props.href).toEqual({ url: 'https://flashdba.com/', external: true });
  });

  it('lists the rationale and every rule behind the numbers with its source', () => {
    const renderer = render();
    expect(renderer.findByTestId(Text, 'routing-source-F3').text).toMatch(
      /^Rule F3: AWS private offer, tiered by total contract value \(in force from 2024-01-05, confirmed by the cloud's own documentation\)/,
    );
    expect(renderer.findByTestId(Text, 'routing-source-D1').text).toMatch(/\[estimate\]/);
    expect(renderer.findByTestId(Text, 'routing-source-D1').find(Link).props.href).toEqual({ url: 'https://www.duckbillgroup.com/', external: true });
    expect(renderer.findAll(Text).map((text) => text.text)).toContain(awsRecommended.rationale[1]);
  });

  it('names a missing input by its label once, with the HubSpot property editor to set it on the card', () => {
    const renderer = render(incompleteRouting);
    expect(renderer.findByTestId(Alert, 'routing-incomplete').text).toBe('Amount on the deal: is required');
    expect(renderer.findByTestId(CrmPropertyList, 'routing-missing-deal').props.properties).toEqual(['amount']);
    expect(renderer.findAll(Table)).toHaveLength(0);
  });

  it('states the money and the commitment the route retires up front, and where each offer fact came from', () => {
    const renderer = render();
    expect(renderer.findByTestId(Text, 'routing-money').text).toBe('Fee $150,000.00 (1.5%) · your commission −$12,000.00');
    expect(renderer.findByTestId(Text, 'routing-commitment').text).toBe(
      "Retires $10,000,000.00 of the customer's AWS EDP ($49,000,000.00 left to draw down, ends 2027-06-30).",
    );
    expect(renderer.findByTestId(Text, 'routing-assumed').text).toBe('Delivery model: SaaS, from the portal default.');
    expect(renderer.findByTestId(Text, 'routing-assumption-listings').text).toBe(
      'Marketplace listings: AWS, Microsoft Azure, Google Cloud, from product Stratus Data Platform',
    );
    expect(renderer.findByTestId(CrmPropertyList, 'routing-overrides').props.properties).toEqual(['cosell_delivery_model', 'cosell_offer_type']);
  });

  it('keeps the comparison, the inputs and the reasons in collapsed sections', () => {
    const renderer = render();
    for (const id of ['routing-compare', 'routing-inputs', 'routing-why']) {
      expect(renderer.findByTestId(Accordion, id).props.defaultOpen).toBeFalsy();
    }
    expect(renderer.findByTestId(Accordion, 'routing-compare').find(Table)).toBeDefined();
  });
});
