import { describe, expect, it } from 'vitest';
import { loadDealCard, withTestSandbox } from './support.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';

const AE = 'jordan.patel@stratusdata.example';
let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

function act(objectId: string): Promise<FunctionResponse<DealCosellResult>> {
  return loadDealCard(sandbox, objectId, AE);
}

async function coSellOf(objectId: string): Promise<DealCosellResult['cosell']> {
  const response = await act(objectId);
  if (!response.ok) throw new Error(`deal_cosell failed: ${response.error.code} ${response.error.message}`);
  return response.result.cosell;
}

/** The demo deal whose stored properties include all of `match`. */
function demoDeal(match: Record<string, string>): string {
  const deal = sandbox.store.listObjects('deals').find((candidate) => Object.entries(match).every(([name, value]) => candidate.properties[name] === value));
  if (!deal) throw new Error(`no demo deal with ${JSON.stringify(match)}`);
  return deal.id;
}

describe('deal_cosell on the demo portal, as an AE', () => {
  it('an AWS draft whose company has no postal code names the company property to fix', async () => {
    const cosell = await coSellOf(demoDeal({ cosell_aws_opportunity_id: 'O7100201' }));
    expect(cosell.status).toMatchObject({ value: 'draft', label: 'Draft', daysInStatus: 3, stalled: false });
    expect(cosell.readiness?.ready).toBe(false);
    expect(cosell.readiness?.problems).toEqual([
      expect.objectContaining({
        field: 'Customer.Account.Address.PostalCode',
        code: 'REQUIRED_FIELD_MISSING',
        property: { object: 'company', name: 'zip', label: 'Postal code' },
        editableNow: true,
      }),
    ]);
    expect(cosell.readiness?.editability.mode).toBe('all');
  });

  it("a US postal code in the wrong format gets AWS's own message", async () => {
    const cosell = await coSellOf(demoDeal({ cosell_aws_opportunity_id: 'O7100202' }));
    expect(cosell.readiness?.problems.map((problem) => [problem.code, problem.message])).toEqual([
      ['INVALID_STRING_FORMAT', 'The postal code is invalid for country United States, United States postal code must be in 99999 OR 99999-9999 format.'],
    ]);
  });

  it("a complete AWS deal not yet shared is ready, with advice from the portal's own recent AWS decisions", async () => {
    const id = sandbox.store
      .listObjects('deals')
      .find(
        (deal) =>
          deal.properties.cosell_cloud === 'aws' &&
          !deal.properties.cosell_aws_opportunity_id &&
          !deal.properties.cosell_aws_origin &&
          deal.properties.cosell_ace_solution_ids,
      )!.id;
    const cosell = await coSellOf(id);
    expect(cosell.status.value).toBe('not_shared');
    expect(cosell.readiness).toMatchObject({ ready: true, problems: [] });
    expect(cosell.advice?.recommendation).toBe('submit');
    // The demo's AWS partner referrals decided within 180 days: four approved, one rejected.
    expect(cosell.advice?.recentSubmissions).toEqual({ accepted: 4, decided: 5, windowDays: 180 });
    expect(cosell.hyperscalerContact).toEqual({ name: 'Dana Whitfield', email: 'dana.whitfield@aws.example', role: 'AWS account manager' });
  });

  it('under Action Required only the listed fields may change, and the stalled status says so', async () => {
    const cosell = await coSellOf(demoDeal({ cosell_aws_opportunity_id: 'O7100206' }));
    expect(cosell.status).toMatchObject({ value: 'action_required', daysInStatus: 9, stalled: true });
    expect(cosell.readiness?.editability.mode).toBe('listed');
    expect(cosell.readiness?.editability.properties.map((property) => property.name)).toEqual(
      expect.arrayContaining(['cosell_ace_business_problem', 'zip', 'closedate']),
    );
    expect(cosell.readiness?.problems).toEqual([expect.objectContaining({ field: 'Project.CustomerBusinessProblem', editableNow: true })]);
    expect(cosell.advice).toBeNull();
  });

  it('an AWS referral awaiting our answer asks to accept it and shows no ACE checklist', async () => {
    const cosell = await coSellOf(demoDeal({ cosell_aws_invitation_status: 'PENDING' }));
    expect(cosell.status).toMatchObject({ value: 'action_required', terminal: false });
    expect(cosell.status.nextAction).toContain('accept or reject the referral');
    expect(cosell.readiness).toBeNull();
  });

  it('Microsoft and Google statuses, terminal ones included', async () => {
    const declined = await coSellOf(demoDeal({ cosell_microsoft_referral_substatus: 'Declined' }));
    expect(declined).toMatchObject({
      cloud: 'azure',
      cloudName: 'Microsoft',
      status: { value: 'rejected', terminal: true, rawStatus: 'Closed / Declined' },
      readiness: null,
    });
    const stalled = await coSellOf(demoDeal({ cosell_microsoft_referral_substatus: 'Accepted' }));
    expect(stalled.status).toMatchObject({ value: 'accepted', daysInStatus: 60, stalled: true });
    const won = await coSellOf(demoDeal({ cosell_google_sales_stage: 'Closed Won' }));
    expect(won).toMatchObject({ cloud: 'gcp', status: { value: 'won', terminal: true } });
  });

  it('a stage-one deal with no progress for 70 days is zombie pipeline, and the advice is to hold', async () => {
    const cosell = await coSellOf(demoDeal({ cosell_google_submission_state: 'DRAFT' }));
    expect(cosell.zombie).toMatchObject({ zombie: true, stageOne: true, daysWithoutProgress: 70 });
    expect(cosell.advice?.recommendation).toBe('hold');
    expect(cosell.advice?.summary).toContain('still in stage one');
  });

  it('an unknown deal is a clear NOT_FOUND, whether HubSpot or the function finds it missing', async () => {
    const refused = await fetch(`${sandbox.url}/sandbox/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: AE, function: 'deal_cosell', objectId: '99999999999', objectTypeId: '0-3' }),
    });
    expect(refused.status).toBe(404);
    // A deal deleted after the card opened: HubSpot still hands the function its id.
    const response = await sandbox.runner({ uid: 'deal_cosell', parameters: {}, propertiesToSend: { hs_object_id: '99999999999' } });
    expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('99999999999') as unknown } });
  });

  it('retries a HubSpot 503 and answers', async () => {
    sandbox.crm.injectFailures([{ pathPrefix: '/crm/v3/objects/deals/', status: 503, times: 2 }]);
    const response = await act(demoDeal({ cosell_aws_opportunity_id: 'O7100201' }));
    sandbox.crm.clearInjectedFailures();
    expect(response.ok).toBe(true);
  });

  it('a rate limit that outlasts the retries is a clear error, not a wrong card', async () => {
    sandbox.crm.injectFailures([{ pathPrefix: '/crm/v3/objects/deals/', status: 429, times: 10 }]);
    const response = await act(demoDeal({ cosell_aws_opportunity_id: 'O7100201' }));
    sandbox.crm.clearInjectedFailures();
    expect(response).toMatchObject({ ok: false, error: { code: 'HUBSPOT_RATE_LIMITED' } });
  }, 30_000);
});
