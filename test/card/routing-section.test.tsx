import { describe, expect, it } from 'vitest';
import { Alert, Link, Table, TableRow, Tag, Text } from '@hubspot/ui-extensions';
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
    expect(blocker.text).toMatch(/^N7: marketplace purchasing is disabled/);
    expect(blocker.find(Link).props.href).toEqual({ url: 'https://flashdba.com/', external: true });
  });

  it('lists the rationale and every rule behind the numbers with its source', () => {
    const renderer = render();
    expect(renderer.findByTestId(Text, 'routing-source-F3').text).toMatch(
      /^F3: AWS private offer, tiered by total contract value \(in force from 2024-01-05, confidence C\)/,
    );
    expect(renderer.findByTestId(Text, 'routing-source-D1').text).toMatch(/\[estimate\]/);
    expect(renderer.findByTestId(Text, 'routing-source-D1').find(Link).props.href).toEqual({ url: 'https://www.duckbillgroup.com/', external: true });
    expect(renderer.findAll(Text).map((text) => text.text)).toContain(awsRecommended.rationale[1]);
  });

  it('says which deal property routing needs when the inputs are incomplete', () => {
    const renderer = render(incompleteRouting);
    expect(renderer.findByTestId(Alert, 'routing-incomplete').text).toBe('deal.cosell_delivery_model: is required');
    expect(renderer.findAll(Table)).toHaveLength(0);
  });
});
