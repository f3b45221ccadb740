import { afterEach, describe, expect, it, vi } from 'vitest';
import { Button, Select, TableRow, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { z } from 'zod';
import type { gateApprovalsContract } from '../../src/backend/gate/actions.ts';
import { RoutingApprovalsPage } from '../../app/pages/RoutingApprovals.tsx';

afterEach(() => vi.restoreAllMocks());

type Pending = z.infer<typeof gateApprovalsContract.result>['pending'][number];

function pendingItem(dealId: string, values: Partial<Pending>): Pending {
  return {
    dealId,
    dealName: `Deal ${dealId}`,
    team: 'Enterprise East',
    cloud: 'AWS',
    step: 'team',
    version: 1,
    override: false,
    requester: 'Jordan Patel',
    requestedAt: '2026-11-20T10:00:00.000Z',
    ageDays: 1,
    reasonLabel: 'Customer refuses marketplace',
    justification: 'The customer refuses marketplace procurement for this purchase.',
    escalated: false,
    seniorApprovalFollows: false,
    factsAtRequest: { amountUsd: '900000.00', cloud: 'AWS', dealType: 'New', recommendedRoute: 'AWS Marketplace' },
    stakes: { marketplace: 'AWS Marketplace', feeUsd: '27000.00', undrawnCommitmentUsd: '900000.00', aeCommissionGainUsd: '2160.00', estimate: false },
    ...values,
  };
}

const QUEUE = {
  pending: [
    pendingItem('101', {}),
    pendingItem('102', {
      team: 'Enterprise West',
      cloud: 'Microsoft Azure',
      ageDays: 9,
      escalated: true,
      seniorApprovalFollows: true,
      stakes: {
        marketplace: 'Microsoft Marketplace',
        feeUsd: '180000.00',
        undrawnCommitmentUsd: '6000000.00',
        aeCommissionGainUsd: '14400.00',
        estimate: true,
      },
    }),
    pendingItem('103', { ageDays: 3, stakes: null }),
  ],
  recent: [],
};

function renderPage() {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockResolvedValue(new Response(JSON.stringify({ ok: true, result: QUEUE }), { status: 200 }));
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<RoutingApprovalsPage />);
  return { renderer, fetchSpy };
}

const rowIds = (renderer: ReturnType<typeof renderPage>['renderer']) =>
  renderer.findAll(TableRow).flatMap((row) => (row.props.testId?.startsWith('approval-') ? [row.props.testId] : []));

describe('the Routing approvals page', () => {
  it('shows each request with the fee, the undrawn commitment, the commission difference, the facts, the age and whether a senior approval follows', async () => {
    const { renderer } = renderPage();
    await renderer.waitFor(() => expect(rowIds(renderer)).toHaveLength(3));
    expect(renderer.findByTestId(Text, 'approval-stakes-102-fee').text).toBe('180,000.00 USD');
    expect(renderer.findByTestId(Text, 'approval-stakes-102-undrawn').text).toBe('6,000,000.00 USD');
    expect(renderer.findByTestId(Text, 'approval-stakes-102-commission').text).toBe('14,400.00 USD');
    expect(renderer.findByTestId(Text, 'approval-stakes-102-age').text).toMatch(/^Asked 9 days ago by Jordan Patel\. A senior approval follows this one\./);
    expect(renderer.findByTestId(Text, 'approval-stakes-101-facts').text).toBe('When asked: 900,000.00 USD, AWS, new; recommended route AWS Marketplace.');
    const all = renderer
      .findAll(Text)
      .map((node) => node.text)
      .join('\n');
    expect(all).toMatch(/Estimate: at least one of these figures rests on an unconfirmed marketplace rule/);
    expect(all).toMatch(/The money at stake was not recorded with this request/);
    expect(all).toMatch(/Customer refuses marketplace: "The customer refuses marketplace procurement/);
    expect(all).not.toMatch(/marketplace:(aws|azure|gcp)|customer_refuses|cosell_/);
  });

  it('filters by team, cloud and age', async () => {
    const { renderer } = renderPage();
    await renderer.waitFor(() => expect(rowIds(renderer)).toHaveLength(3));
    const team = renderer.findByTestId(Select, 'approvals-filter-team');
    expect(team.props.options.map((option) => option.label)).toEqual(['All teams', 'Enterprise East', 'Enterprise West']);
    team.trigger('onChange', 'Enterprise West' as never);
    await renderer.waitFor(() => expect(rowIds(renderer)).toEqual(['approval-102']));
    expect(renderer.findByTestId(Text, 'approvals-count').text).toBe('1 of 3 waiting match the filters');
    renderer.findByTestId(Select, 'approvals-filter-team').trigger('onChange', 'all' as never);
    renderer.findByTestId(Select, 'approvals-filter-cloud').trigger('onChange', 'AWS' as never);
    await renderer.waitFor(() => expect(rowIds(renderer)).toEqual(['approval-101', 'approval-103']));
    renderer.findByTestId(Select, 'approvals-filter-age').trigger('onChange', '2' as never);
    await renderer.waitFor(() => expect(rowIds(renderer)).toEqual(['approval-103']));
  });

  it('decides with the deal, version and a fresh idempotency key only', async () => {
    const { renderer, fetchSpy } = renderPage();
    await renderer.waitFor(() => expect(rowIds(renderer)).toHaveLength(3));
    renderer.findByTestId(Button, 'approval-approve-101').trigger('onClick');
    await renderer.waitFor(() => expect(fetchSpy.mock.calls.length).toBeGreaterThanOrEqual(2));
    const [url, options] = fetchSpy.mock.calls[1]!;
    expect(url).toMatch(/\/actions\/gate_approve\?/);
    expect(Object.keys((options as { body: object }).body).sort()).toEqual(['dealId', 'expectedVersion', 'idempotencyKey']);
  });
});
