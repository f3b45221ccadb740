import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import { act, loadDealCard, withTestSandbox } from './support.ts';

let sandbox: Sandbox;
withTestSandbox(
  (booted) => {
    sandbox = booted;
  },
  { ace: {} },
);

const DAY = 86_400_000;
const deal = (id: string) => sandbox.store.getObject('deals', id)!.properties;

/** AWS turned down our recent submissions: the portal's acceptance rate on AWS falls below the policy's target. */
function rejectedRecently(count: number): void {
  for (let n = 0; n < count; n++) {
    sandbox.store.createObject('deals', {
      properties: {
        dealname: `Turned down by AWS ${n}`,
        pipeline: 'default',
        cosell_cloud: 'aws',
        cosell_aws_opportunity_id: `O${9_100_000 + n}`,
        cosell_aws_origin: 'Partner Referral',
        cosell_aws_review_status: 'Rejected',
        cosell_aws_review_status_since: new Date(Date.now() - 10 * DAY).toISOString(),
      },
    });
  }
}

/** A deal ready for ACE with one supporting signal (AWS listing): no named AWS contact, a customer without an AWS commitment. */
function weaklySupportedDeal(): string {
  const demo = sandbox.store
    .listObjects('deals')
    .find((d) => d.properties['cosell_cloud'] === 'aws' && !d.properties['cosell_aws_opportunity_id'] && d.properties['cosell_ace_business_problem'])!;
  const demoCompanyId = sandbox.store.getAssociations('deals', demo.id, 'companies')[0]!.toId;
  const own = (properties: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(properties).filter(([name]) => !name.startsWith('hs_') && name !== 'createdate'));
  const company = sandbox.store.createObject('companies', {
    properties: {
      ...own(sandbox.store.getObject('companies', demoCompanyId)!.properties),
      cosell_aws_commit_program: 'none',
      domain: 'weakly-supported.example',
    },
  });
  const created = sandbox.store.createObject('deals', {
    properties: { ...own(demo.properties), cosell_hyperscaler_contact_name: '', cosell_hyperscaler_contact_email: '', cosell_hyperscaler_contact_role: '' },
  });
  sandbox.store.associate('deals', created.id, 'companies', company.id);
  for (const contact of sandbox.store.getAssociations('deals', demo.id, 'contacts')) sandbox.store.associate('deals', created.id, 'contacts', contact.toId);
  return created.id;
}

interface ActionAnswer {
  response: { ok: boolean; result?: { state: string }; error?: { code: string; message: string; field?: string } };
}

describe('the advice to hold a deal back from AWS', () => {
  it('asks for a reason to share exactly when the card does: a low AWS acceptance rate counts for both', async () => {
    rejectedRecently(6);
    const dealId = weaklySupportedDeal();
    const card = await loadDealCard(sandbox, dealId);
    if (!card.ok) throw new Error(JSON.stringify(card));
    const advice = card.result.cosell.advice!;
    expect(advice.recommendation).toBe('hold');
    expect(advice.reasons.find((reason) => reason.factor === 'acceptance_rate')?.verdict).toBe('against');

    const owner = demoUsers.find((user) => user.ownerId === deal(dealId)['hubspot_owner_id'])!;
    const share = (extra: Record<string, unknown>) =>
      act<ActionAnswer>(sandbox, {
        as: owner.email,
        function: 'ace_share',
        objectId: dealId,
        objectTypeId: '0-3',
        parameters: { dealId, involvementType: 'Co-Sell', visibility: 'Full', ...extra },
      });
    const without = await share({});
    expect(without.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    expect(deal(dealId)['cosell_aws_opportunity_id'] ?? '').toBe('');

    const reason = 'The AWS account team asked for this customer by name last week.';
    const withReason = await share({ holdReason: reason });
    expect(withReason.body.response).toMatchObject({ ok: true });
    expect(deal(dealId)).toMatchObject({ cosell_aws_hold_reason: reason });
    expect(deal(dealId)['cosell_aws_opportunity_id']).toMatch(/^O\d+$/);
  });
});
