import {
  AssociateOpportunityCommand,
  ConflictException,
  CreateOpportunityCommand,
  GetAwsOpportunitySummaryCommand,
  GetEngagementInvitationCommand,
  GetOpportunityCommand,
  ListEngagementInvitationsCommand,
  ListOpportunitiesCommand,
  RejectEngagementInvitationCommand,
  ResourceNotFoundException,
  StartEngagementByAcceptingInvitationTaskCommand,
  ListEngagementByAcceptingInvitationTasksCommand,
  SubmitOpportunityCommand,
  ThrottlingException,
  UpdateOpportunityCommand,
  ValidationException,
  type CreateOpportunityRequest,
  type PartnerCentralSellingClient,
} from '@aws-sdk/client-partnercentral-selling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAceClient } from '../../src/backend/ace/client.ts';
import type { AceQuotas } from '../../src/domain/ace/quotas.ts';
import { startAceStandIn, type AceStandIn } from '../../src/sandbox/ace/server.ts';
import { validPayload, withField } from '../unit/cosell/fixtures/payloads.ts';

const START = Date.parse('2026-11-15T12:00:00Z');
const TEST_CREDENTIALS = { accessKeyId: 'AKIDSTANDINTEST', secretAccessKey: 'stand-in-test-secret' };
const FAST = { readsPerSecond: 1_000, writesPerSecond: 1_000 };
const HOUR = 3_600_000;

let standIn: AceStandIn;
let client: PartnerCentralSellingClient;
let clock = START;

async function start(quotas: Partial<AceQuotas> = FAST, quotaClock?: () => number) {
  clock = START;
  standIn = await startAceStandIn({
    clock: () => clock,
    quotas,
    review: { inReviewAfterMs: HOUR, decisionAfterMs: 2 * HOUR },
    ...(quotaClock ? { quotaClock } : {}),
  });
  client = createAceClient({ catalog: 'Sandbox', endpoint: standIn.url, credentials: TEST_CREDENTIALS });
}

const payload = (token = 'hubspot-deal-9001'): CreateOpportunityRequest => ({
  ...withField(validPayload(), 'LifeCycle.TargetCloseDate', '2027-03-31'),
  Catalog: 'Sandbox',
  ClientToken: token,
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function submittedOpportunity(): Promise<string> {
  const { Id } = await client.send(new CreateOpportunityCommand(payload()));
  await client.send(
    new AssociateOpportunityCommand({ Catalog: 'Sandbox', OpportunityIdentifier: Id, RelatedEntityType: 'Solutions', RelatedEntityIdentifier: 'S-1234567' }),
  );
  await client.send(new SubmitOpportunityCommand({ Catalog: 'Sandbox', Identifier: Id, InvolvementType: 'Co-Sell', Visibility: 'Full' }));
  return Id!;
}

describe('the ACE stand-in, driven by the real SDK client', () => {
  beforeEach(() => start());
  afterEach(() => standIn.close());

  it('creates idempotently by ClientToken and answers GetOpportunity in AWS shapes', async () => {
    const first = await client.send(new CreateOpportunityCommand(payload()));
    const retry = await client.send(new CreateOpportunityCommand(payload()));
    expect(first.Id).toMatch(/^O\d+$/);
    expect(retry.Id).toBe(first.Id);
    expect(first.LastModifiedDate).toEqual(new Date(START));
    const got = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: first.Id }));
    expect(got.LifeCycle?.ReviewStatus).toBe('Pending Submission');
    expect(got.LifeCycle?.Stage).toBe('Prospect');
    expect(got.Customer?.Account?.CompanyName).toBe((validPayload()['Customer'] as { Account: { CompanyName: string } }).Account.CompanyName);
    const other = await client.send(new CreateOpportunityCommand(payload('hubspot-deal-9002')));
    expect(other.Id).not.toBe(first.Id);
  });

  it('refuses a payload AWS would refuse, with AWS error codes per field', async () => {
    const bad = withField(
      withField(payload() as unknown as Record<string, unknown>, 'Customer.Account.Address.PostalCode', '1000'),
      'Project.Title',
      undefined,
    );
    const error = await errorOf(client.send(new CreateOpportunityCommand(bad as unknown as CreateOpportunityRequest)));
    expect(error).toBeInstanceOf(ValidationException);
    const fields = (error as ValidationException).ErrorList?.map((e) => [e.FieldName, e.Code]);
    expect(fields).toContainEqual(['Customer.Account.Address.PostalCode', 'INVALID_STRING_FORMAT']);
    expect(fields).toContainEqual(['Project.Title', 'REQUIRED_FIELD_MISSING']);
    const wrongCatalog = await errorOf(client.send(new GetOpportunityCommand({ Catalog: 'Moon', Identifier: 'O1' })));
    expect(wrongCatalog).toBeInstanceOf(ValidationException);
    const unknown = await errorOf(client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: 'O999' })));
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });

  it('needs a solution before submit, then plays the review on its clock: Submitted, In review, Approved with an AWS seller', async () => {
    const { Id } = await client.send(new CreateOpportunityCommand(payload()));
    const noSolution = await errorOf(client.send(new SubmitOpportunityCommand({ Catalog: 'Sandbox', Identifier: Id, InvolvementType: 'Co-Sell' })));
    expect((noSolution as ValidationException).ErrorList?.[0]?.FieldName).toBe('RelatedEntityIdentifiers.Solutions');
    await client.send(
      new AssociateOpportunityCommand({ Catalog: 'Sandbox', OpportunityIdentifier: Id, RelatedEntityType: 'Solutions', RelatedEntityIdentifier: 'S-1234567' }),
    );
    await client.send(new SubmitOpportunityCommand({ Catalog: 'Sandbox', Identifier: Id, InvolvementType: 'Co-Sell', Visibility: 'Full' }));
    const status = async () => (await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: Id }))).LifeCycle?.ReviewStatus;
    expect(await status()).toBe('Submitted');
    standIn.partnerCentral.advance(HOUR);
    expect(await status()).toBe('In review');
    standIn.partnerCentral.advance(2 * HOUR);
    expect(await status()).toBe('Approved');
    const summary = await client.send(new GetAwsOpportunitySummaryCommand({ Catalog: 'Sandbox', RelatedOpportunityIdentifier: Id }));
    expect(summary.OpportunityTeam?.[0]?.BusinessTitle).toBe('AWSSalesRep');
    expect(summary.InvolvementType).toBe('Co-Sell');
  });

  it('lists changes after a LastModifiedDate cursor, oldest first, in pages', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      clock += 1_000;
      ids.push((await client.send(new CreateOpportunityCommand(payload(`t-${n}`)))).Id!);
    }
    const page1 = await client.send(
      new ListOpportunitiesCommand({ Catalog: 'Sandbox', MaxResults: 2, LastModifiedDate: { AfterLastModifiedDate: new Date(START + 1_000) } }),
    );
    expect(page1.OpportunitySummaries?.map((o) => o.Id)).toEqual(ids.slice(1, 3));
    const page2 = await client.send(
      new ListOpportunitiesCommand({
        Catalog: 'Sandbox',
        MaxResults: 2,
        NextToken: page1.NextToken,
        LastModifiedDate: { AfterLastModifiedDate: new Date(START + 1_000) },
      }),
    );
    expect(page2.OpportunitySummaries?.map((o) => o.Id)).toEqual(ids.slice(3, 5));
    expect(page2.NextToken).toBeUndefined();
  });

  it('locks fields per review status, asks for the current LastModifiedDate, and resubmits after Action Required', async () => {
    const id = await submittedOpportunity();
    const current = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: id }));
    const renamed = { ...current, Identifier: id, Project: { ...current.Project, Title: 'Renamed' } };
    const locked = await errorOf(client.send(new UpdateOpportunityCommand(renamed)));
    expect((locked as ValidationException).ErrorList?.[0]).toMatchObject({ FieldName: 'Project.Title', Code: 'ACTION_NOT_PERMITTED' });

    standIn.partnerCentral.queueReviewOutcome({ status: 'Action Required', comments: 'Please give the full postal address.' });
    standIn.partnerCentral.advance(3 * HOUR);
    const asked = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: id }));
    expect(asked.LifeCycle).toMatchObject({ ReviewStatus: 'Action Required', ReviewComments: 'Please give the full postal address.' });

    const titleStillLocked = await errorOf(
      client.send(new UpdateOpportunityCommand({ ...asked, Identifier: id, Project: { ...asked.Project, Title: 'Renamed' } })),
    );
    expect((titleStillLocked as ValidationException).ErrorList?.[0]?.Code).toBe('ACTION_NOT_PERMITTED');
    const address = { ...asked.Customer!.Account!.Address, StreetAddress: '1 Main Street' };
    const fixed = {
      ...asked,
      Identifier: id,
      Customer: { ...asked.Customer, Account: { ...asked.Customer!.Account!, CompanyName: asked.Customer!.Account!.CompanyName!, Address: address } },
    };
    const stale = await errorOf(client.send(new UpdateOpportunityCommand({ ...fixed, LastModifiedDate: current.LastModifiedDate })));
    expect(stale).toBeInstanceOf(ConflictException);
    const updated = await client.send(new UpdateOpportunityCommand(fixed));
    expect(updated.LastModifiedDate!.getTime()).toBeGreaterThan(asked.LastModifiedDate!.getTime());
    const after = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: id }));
    expect(after.LifeCycle?.ReviewStatus).toBe('Submitted');
    const awsOwned = await errorOf(
      client.send(new UpdateOpportunityCommand({ ...after, Identifier: id, LifeCycle: { ...after.LifeCycle, ReviewStatus: 'Approved' } })),
    );
    expect((awsOwned as ValidationException).ErrorList?.[0]).toMatchObject({ FieldName: 'LifeCycle.ReviewStatus', Code: 'ACTION_NOT_PERMITTED' });
  });

  it('sends AWS referrals with the customer masked until accepted; rejects with AWS reasons only', async () => {
    const body = payload() as unknown as Record<string, unknown>;
    const first = standIn.partnerCentral.sendReferral({ catalog: 'Sandbox', body, awsTeam: [{ Email: 'pdm@amazon.com', BusinessTitle: 'PDM' }] });
    const second = standIn.partnerCentral.sendReferral({ catalog: 'Sandbox', body, awsTeam: [] });
    const listed = await client.send(new ListEngagementInvitationsCommand({ Catalog: 'Sandbox', ParticipantType: 'RECEIVER', Status: ['PENDING'] }));
    expect(listed.EngagementInvitationSummaries?.map((i) => i.Id)).toEqual([first.invitationId, second.invitationId]);
    const pending = await client.send(new GetEngagementInvitationCommand({ Catalog: 'Sandbox', Identifier: first.invitationId }));
    expect(pending.Payload?.OpportunityInvitation?.Customer?.CompanyName).toBe('Accept to View');
    const masked = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: first.opportunityId }));
    expect(masked.Customer?.Account?.WebsiteUrl).toBe('Accept to View');

    const task = await client.send(
      new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: first.invitationId, ClientToken: 'accept-1' }),
    );
    // AWS accepts in a background task: started, not finished, no opportunity named yet, customer still masked.
    expect(task).toMatchObject({ TaskStatus: 'IN_PROGRESS', EngagementInvitationId: first.invitationId });
    expect(task.OpportunityId).toBeUndefined();
    const stillMasked = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: first.opportunityId }));
    expect(stillMasked.Customer?.Account?.CompanyName).toBe('Accept to View');
    const retried = await client.send(
      new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: first.invitationId, ClientToken: 'accept-1' }),
    );
    expect(retried.TaskId).toBe(task.TaskId);
    const other = await errorOf(
      client.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: first.invitationId, ClientToken: 'accept-2' })),
    );
    expect(other).toBeInstanceOf(ConflictException);
    const listedTasks = await client.send(new ListEngagementByAcceptingInvitationTasksCommand({ Catalog: 'Sandbox', TaskIdentifier: [task.TaskId!] }));
    expect(listedTasks.TaskSummaries).toEqual([expect.objectContaining({ TaskId: task.TaskId, TaskStatus: 'COMPLETE', OpportunityId: first.opportunityId })]);
    const opened = await client.send(new GetOpportunityCommand({ Catalog: 'Sandbox', Identifier: first.opportunityId }));
    expect(opened.Customer?.Account?.CompanyName).not.toBe('Accept to View');

    const badReason = await errorOf(
      client.send(new RejectEngagementInvitationCommand({ Catalog: 'Sandbox', Identifier: second.invitationId, RejectionReason: 'Meh' })),
    );
    expect(badReason).toBeInstanceOf(ValidationException);
    await client.send(new RejectEngagementInvitationCommand({ Catalog: 'Sandbox', Identifier: second.invitationId, RejectionReason: 'Unable to support' }));
    const again = await errorOf(client.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: second.invitationId })));
    expect((again as ValidationException).ErrorList?.[0]?.Code).toBe('INVALID_RESOURCE_STATE');
  });

  it('refuses unsigned requests', async () => {
    const res = await fetch(standIn.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSPartnerCentralSelling.GetOpportunity', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ Catalog: 'Sandbox', Identifier: 'O1' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });
});

describe("the ACE stand-in's quotas", () => {
  afterEach(() => standIn.close());

  it('throttles the second write in the same second at AWS quota (1 write a second)', async () => {
    // The quota clock stands still: both writes fall in the same second however slow the machine is.
    await start({ readsPerSecond: 10, writesPerSecond: 1 }, () => START);
    await client.send(new CreateOpportunityCommand(payload('a')));
    const error = await errorOf(client.send(new CreateOpportunityCommand(payload('b'))));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(standIn.partnerCentral.served.get('CreateOpportunity')).toBe(1);
  });

  it('counts the daily quota over a rolling 24 hours, as AWS does, not per calendar day', async () => {
    let quotaNow = Date.parse('2026-11-15T23:00:00Z');
    await start({ readsPerSecond: 10, writesPerSecond: 1, writesPerDay: 2 }, () => quotaNow);
    await client.send(new CreateOpportunityCommand(payload('a')));
    quotaNow += 1_000;
    await client.send(new CreateOpportunityCommand(payload('b')));
    // A new UTC day, but both writes are still within the last 24 hours.
    quotaNow = Date.parse('2026-11-16T00:30:00Z');
    expect(await errorOf(client.send(new CreateOpportunityCommand(payload('c'))))).toBeInstanceOf(ThrottlingException);
    quotaNow = Date.parse('2026-11-16T23:00:00.001Z');
    await client.send(new CreateOpportunityCommand(payload('c')));
    expect(await errorOf(client.send(new CreateOpportunityCommand(payload('d'))))).toBeInstanceOf(ThrottlingException);
    expect(standIn.partnerCentral.served.get('CreateOpportunity')).toBe(3);
  });
});
