import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import { recordId, startE2E, type E2E } from './harness.ts';

const HOUR = 3_600_000;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({
    ace: {
      quotas: { readsPerSecond: 100, writesPerSecond: 20, readsPerDay: 100_000, writesPerDay: 10_000 },
      review: { inReviewAfterMs: HOUR, decisionAfterMs: 2 * HOUR },
    },
  });
});
afterAll(async () => e2e?.close());

describe('an AE shares a ready deal with AWS from the card', () => {
  it('sees "Submitted", then "In review", then "Accepted" once AWS approves', async () => {
    const dealId = recordId(e2e.sandbox, 'deals', (p) => p.cosell_cloud === 'aws' && !p.cosell_aws_opportunity_id && Boolean(p.cosell_ace_business_problem));
    const owner = demoUsers.find((user) => user.ownerId === e2e.sandbox.store.getObject('deals', dealId)?.properties.hubspot_owner_id)!;
    const page = await e2e.pageAs(owner.email);
    await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
    const card = page.getByTestId('card-frame');

    await card.getByTestId('aws-share-submit').click();
    await card.getByTestId('aws-outcome').getByText('Shared with AWS and submitted for review.').waitFor();
    await card.getByTestId('cosell-status').getByText('Submitted').waitFor();

    const sync = e2e.sandbox.aceSync()!;
    const partnerCentral = e2e.sandbox.aceStandIn!.partnerCentral;
    partnerCentral.advance(HOUR);
    await sync.follow();
    await page.reload();
    await card.getByTestId('cosell-status').getByText('In review').waitFor();

    partnerCentral.advance(2 * HOUR);
    await sync.follow();
    await page.reload();
    await card.getByTestId('cosell-status').getByText('Accepted').waitFor();
    expect(await card.getByTestId('cosell-contact').innerText()).toContain('dreyes@amazon.com');
  });
});

describe('an alliance manager answers an AWS referral', () => {
  it('accepts it on the deal card and the deal gets the customer AWS had hidden', async () => {
    const partnerCentral = e2e.sandbox.aceStandIn!.partnerCentral;
    const { invitationId } = partnerCentral.sendReferral({
      body: {
        Customer: {
          Account: {
            CompanyName: 'Harborline Freight',
            WebsiteUrl: 'https://harborline-freight.example',
            Industry: 'Transportation and Logistics',
            Address: { CountryCode: 'US' },
          },
        },
        Project: { Title: 'Port telemetry', CustomerBusinessProblem: 'Harborline wants one view of container telemetry across ports.' },
      },
      awsTeam: [{ FirstName: 'Sam', LastName: 'Okafor', Email: 'sokafor@amazon.com', BusinessTitle: 'PDM' }],
    });
    await e2e.sandbox.aceSync()!.followInvitations();
    const dealId = recordId(e2e.sandbox, 'deals', (p) => p.cosell_aws_invitation_id === invitationId);
    const manager = demoUsers.find((user) => user.ownerId === e2e.sandbox.store.getObject('deals', dealId)?.properties.hubspot_owner_id)!;
    expect(manager.role).toBe('alliance');
    const page = await e2e.pageAs(manager.email);
    await page.goto(`${e2e.sandbox.url}/preview/deals/${dealId}`);
    const card = page.getByTestId('card-frame');
    await card.getByTestId('aws-accept').click();
    await card.getByTestId('aws-outcome').getByText("Accepted: the customer's details are on the deal.").waitFor();
    const [company] = e2e.sandbox.store.getAssociations('deals', dealId, 'companies');
    expect(e2e.sandbox.store.getObject('companies', company!.toId)?.properties).toMatchObject({
      name: 'Harborline Freight',
      domain: 'harborline-freight.example',
    });
    await page.reload();
    await card.getByTestId('cosell-status').getByText('Accepted').waitFor();
  });
});
