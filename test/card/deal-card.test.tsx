import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alert, Button, EmptyState, ErrorState, Heading, LoadingSpinner, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CoSellDealCard } from '../../app/cards/CoSellDealCard.tsx';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import { notCoSold } from './cosell-fixtures.ts';
import { awsRecommended, incompleteRouting } from './routing-fixtures.ts';
import { noException, pendingForManager } from './gate-fixtures.ts';
import { awsDraftNotReady } from './cosell-fixtures.ts';
import { findInternalNames, renderedTexts } from '../support/people-words.ts';

const result: DealCosellResult = {
  deal: {
    id: '101',
    name: 'Globex data platform',
    amount: '1250000',
    currency: 'USD',
    stage: { id: 'qualifiedtobuy', label: 'Qualified to buy' },
    closeDate: '2027-03-31',
    owner: { id: '9', name: 'Ava Patel', email: 'ava@example.com' },
  },
  company: { id: '7', name: 'Globex', domain: 'globex.example', country: 'United States' },
  cosell: notCoSold,
  routing: awsRecommended,
  attribution: {
    source: 'own',
    line: 'Not attributed to the alliance: Globex has never been ring-fenced; the deal keeps its own source.',
    ringfence: null,
    conflicts: [],
    conflictNote: null,
  },
  gate: noException,
};

function answer(response: FunctionResponse<DealCosellResult>) {
  return vi.spyOn(hubspot, 'serverless').mockResolvedValue(response);
}

afterEach(() => vi.restoreAllMocks());

describe('Cloud co-sell deal card', () => {
  it('shows a spinner until the function answers, then the deal from the record', async () => {
    const serverless = answer({ ok: true, result });
    const renderer = createRenderer('crm.record.tab');
    renderer.mocks.useCrmProperties.willCall(() => ({
      properties: { amount: '1250000' },
      error: null,
      isLoading: false,
      isRefetching: false,
      refetch: async () => {},
    }));
    renderer.render(<CoSellDealCard />);
    expect(renderer.find(LoadingSpinner).props.label).toBe('Loading co-sell data');
    await renderer.waitFor(() => expect(renderer.find(Heading).text).toBe('Globex data platform'));
    expect(renderer.findByTestId(Text, 'deal-amount').text).toBe('1,250,000 USD');
    expect(renderer.findByTestId(Text, 'deal-company').text).toBe('Customer: Globex (United States)');
    expect(serverless).toHaveBeenCalledWith(
      'deal_cosell',
      expect.objectContaining({
        propertiesToSend: expect.arrayContaining(['hs_object_id']) as unknown,
      }),
    );
  });

  it('shows an empty state when the deal has no company', async () => {
    answer({ ok: true, result: { ...result, company: null } });
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellDealCard />);
    await renderer.waitFor(() => expect(renderer.find(EmptyState).props.title).toBe('No company on this deal'));
  });

  it('shows the function error and retries on request', async () => {
    const serverless = answer({ ok: false, error: { code: 'HUBSPOT_UNAVAILABLE', message: 'HubSpot answered 503 after 4 attempt(s)' } });
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellDealCard />);
    await renderer.waitFor(() => expect(renderer.find(ErrorState).find(Text).text).toBe('HubSpot answered 503 after 4 attempt(s)'));
    serverless.mockResolvedValue({ ok: true, result });
    renderer.findByTestId(Button, 'retry').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.find(Heading).text).toBe('Globex data platform'));
    expect(serverless).toHaveBeenCalledTimes(2);
  });

  it('says once what routing needs, and the gate waits for it without repeating it', async () => {
    answer({
      ok: true,
      result: {
        ...result,
        routing: incompleteRouting,
        gate: { ...noException, facts: null, gateRoute: null, factsProblem: 'The routing recommendation cannot be computed: Amount on the deal: is required.' },
      },
    });
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellDealCard />);
    await renderer.waitFor(() => expect(renderer.find(Heading).text).toBe('Globex data platform'));
    expect(renderer.findAll(Alert).filter((node) => node.text?.includes('Amount on the deal'))).toHaveLength(1);
    expect(renderer.findAll(Text).filter((node) => node.text?.includes('Amount on the deal'))).toHaveLength(0);
    expect(renderer.findByTestId(Text, 'gate-route-required').text).toMatch(
      /^Whether going direct needs an exception is known once the deal has a recommendation/,
    );
  });

  it('speaks in labels in every state of the representative results', async () => {
    for (const variant of [
      result,
      { ...result, cosell: awsDraftNotReady, gate: pendingForManager },
      { ...result, routing: incompleteRouting, company: null },
    ]) {
      answer({ ok: true, result: variant });
      const renderer = createRenderer('crm.record.tab');
      renderer.render(<CoSellDealCard />);
      await renderer.waitFor(() => expect(renderer.find(Heading).text).toBe('Globex data platform'));
      expect(findInternalNames(renderedTexts(renderer))).toEqual([]);
      vi.restoreAllMocks();
    }
  });
});
