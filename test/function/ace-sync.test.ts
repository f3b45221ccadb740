import { describe, expect, it } from 'vitest';
import { AceSync } from '../../src/backend/ace/sync.ts';
import { openBackendStore } from '../../src/backend/store/index.ts';
import { buildAceCreateOpportunity } from '../../src/domain/ace/readiness.ts';
import { parseCoSellCompany, parseCoSellContact, parseCoSellDeal, type HubSpotPropertyBag } from '../../src/hubspot/records/cosell.ts';
import { createAceClient } from '../../src/backend/ace/client.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { ACE_STAND_IN_CREDENTIALS } from '../../src/sandbox/ace/constants.ts';
import { startAceStandIn } from '../../src/sandbox/ace/server.ts';
import type { AcePartnerCentral } from '../../src/sandbox/ace/partner-central.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import { backendUrl } from '../../app/cards/backendActions.ts';
import { SANDBOX_PORTAL_ID } from '../../src/sandbox/constants.ts';
import { act, withTestSandbox } from './support.ts';

const HOUR = 3_600_000;
const FAST = { readsPerSecond: 500, writesPerSecond: 500, readsPerDay: 100_000, writesPerDay: 10_000 };

let sandbox: Sandbox;
withTestSandbox(
  (booted) => {
    sandbox = booted;
  },
  { ace: { quotas: FAST, review: { inReviewAfterMs: HOUR, decisionAfterMs: 2 * HOUR }, syncRetryDelayMs: () => 10 } },
);

const deal = (id: string) => sandbox.store.getObject('deals', id)!.properties;
const ownerEmail = (dealId: string) => demoUsers.find((user) => user.ownerId === deal(dealId)['hubspot_owner_id'])!.email;
const alliance = demoUsers.find((user) => user.role === 'alliance')!;

let template: { properties: Record<string, unknown>; companyId: string; contactIds: string[] } | undefined;

/** A new deal like the demo's "AWS picked, not shared yet, ready for ACE" one: same company, contacts and owner. */
function readyUnsharedDeals(): string[] {
  if (!template) {
    const demo = sandbox.store
      .listObjects('deals')
      .find((d) => d.properties['cosell_cloud'] === 'aws' && !d.properties['cosell_aws_opportunity_id'] && d.properties['cosell_ace_business_problem'])!;
    template = {
      properties: Object.fromEntries(Object.entries(demo.properties).filter(([name]) => !name.startsWith('hs_') && name !== 'createdate')),
      companyId: sandbox.store.getAssociations('deals', demo.id, 'companies')[0]!.toId,
      contactIds: sandbox.store.getAssociations('deals', demo.id, 'contacts').map((c) => c.toId),
    };
  }
  const created = sandbox.store.createObject('deals', { properties: template.properties });
  sandbox.store.associate('deals', created.id, 'companies', template.companyId);
  for (const contactId of template.contactIds) sandbox.store.associate('deals', created.id, 'contacts', contactId);
  return [created.id];
}

interface ActionAnswer {
  response: { ok: boolean; result?: { state: string; message: string }; error?: { code: string; message: string } };
}

function share(dealId: string, as: string, extra: Record<string, unknown> = {}) {
  return act<ActionAnswer>(sandbox, {
    as,
    function: 'ace_share',
    objectId: dealId,
    objectTypeId: '0-3',
    parameters: { dealId, involvementType: 'Co-Sell', visibility: 'Full', ...extra },
  });
}

describe('sharing a deal with AWS through the backend', () => {
  it('creates, associates and submits once; the follow maps AWS review, seller and comments onto the deal', async () => {
    const [dealId] = readyUnsharedDeals();
    expect(dealId).toBeDefined();
    const answer = await share(dealId!, ownerEmail(dealId!));
    expect(answer.body.response).toMatchObject({ ok: true, result: { state: 'done' } });
    const opportunityId = deal(dealId!)['cosell_aws_opportunity_id'];
    expect(opportunityId).toMatch(/^O\d+$/);
    expect(deal(dealId!)).toMatchObject({
      cosell_aws_review_status: 'Submitted',
      cosell_aws_involvement_type: 'Co-Sell',
      cosell_aws_origin: 'Partner Referral',
    });

    // Sharing again is refused: the deal is with AWS.
    const again = await share(dealId!, ownerEmail(dealId!));
    expect(again.body.response).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const sync = sandbox.aceSync()!;
    const standIn = sandbox.aceStandIn!;
    standIn.partnerCentral.advance(HOUR);
    expect(await sync.follow()).toBeGreaterThanOrEqual(1);
    expect(deal(dealId!)['cosell_aws_review_status']).toBe('In review');
    standIn.partnerCentral.advance(2 * HOUR);
    await sync.follow();
    expect(deal(dealId!)).toMatchObject({
      cosell_aws_review_status: 'Approved',
      cosell_hyperscaler_contact_email: 'dreyes@amazon.com',
      cosell_hyperscaler_contact_role: 'AWS sales representative',
    });
    // Nothing changed at AWS: the next follow writes nothing.
    expect(await sync.follow()).toBe(0);
    expect(standIn.partnerCentral.served.get('CreateOpportunity')).toBe(1);
  });

  it('refuses people who are neither on the deal nor alliance managers, and unknown parameters', async () => {
    const [dealId] = readyUnsharedDeals();
    const stranger = demoUsers.find(
      (user) =>
        user.role === 'ae' &&
        user.ownerId !== deal(dealId!)['hubspot_owner_id'] &&
        user.team !== demoUsers.find((u) => u.ownerId === deal(dealId!)['hubspot_owner_id'])?.team,
    )!;
    const forbidden = await share(dealId!, stranger.email);
    expect(forbidden.body.response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const forged = await share(dealId!, ownerEmail(dealId!), { actingUserId: '1' });
    expect(forged.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    expect(deal(dealId!)['cosell_aws_opportunity_id'] ?? '').toBe('');
  });

  it("shows AWS's refusal on the deal when AWS says Action Required and the fix is refused", async () => {
    const sync = sandbox.aceSync()!;
    const standIn = sandbox.aceStandIn!;
    const [dealId] = readyUnsharedDeals();
    standIn.partnerCentral.queueReviewOutcome({ status: 'Action Required', comments: 'Describe the business problem in more detail.' });
    expect((await share(dealId!, alliance.email)).body.response).toMatchObject({ ok: true, result: { state: 'done' } });
    standIn.partnerCentral.advance(3 * HOUR);
    await sync.follow();
    expect(deal(dealId!)).toMatchObject({
      cosell_aws_review_status: 'Action Required',
      cosell_aws_review_comments: 'Describe the business problem in more detail.',
    });
    // The AE renames the deal: AWS locks the title under Action Required, so it waits; a new problem text goes through.
    sandbox.store.updateObject('deals', dealId!, {
      dealname: 'Renamed deal',
      cosell_ace_business_problem: 'The customer needs to consolidate three data warehouses into one governed lake.',
    });
    await sync.requestPush(dealId!);
    await sync.drain();
    // The held-back field is named on the deal, by AWS's own label, with why it waits.
    expect(deal(dealId!)['cosell_aws_sync_waiting']).toMatch(
      /^Action Required: only the customer address, .* can change\. These changes go to AWS once it allows them: Partner Project Title\.$/,
    );
    // AWS's answer to the push (back to review) reaches the deal with the next follow.
    await sync.follow();
    const summary = standIn.partnerCentral.getOpportunity({ Catalog: 'AWS', Identifier: deal(dealId!)['cosell_aws_opportunity_id'] });
    expect((summary['Project'] as { CustomerBusinessProblem: string; Title: string }).CustomerBusinessProblem).toContain('three data warehouses');
    expect((summary['Project'] as { Title: string }).Title).not.toBe('Renamed deal');
    expect(deal(dealId!)['cosell_aws_review_status']).toBe('Submitted');
  });
});

describe('crashes and faults', () => {
  it('a crash after create and before submit resumes without a second opportunity', async () => {
    const standIn = await startAceStandIn({ quotas: FAST });
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
    const options = {
      client: createAceClient({ catalog: 'AWS', endpoint: standIn.url, credentials: ACE_STAND_IN_CREDENTIALS }),
      catalog: 'AWS' as const,
      gateway,
      store: sandbox.backendStore,
      quotas: FAST,
      retryDelayMs: () => 0,
    };
    try {
      const [dealId] = readyUnsharedDeals();
      const crashing = new AceSync(options);
      // The process dies right after AWS created the opportunity: the step is never recorded, the job stays leased.
      const realRecord = sandbox.backendStore.recordAceProgress.bind(sandbox.backendStore);
      let died: () => void = () => undefined;
      const dead = new Promise<void>((resolve) => (died = resolve));
      sandbox.backendStore.recordAceProgress = () => {
        died();
        return new Promise<never>(() => undefined);
      };
      await crashing.requestShare(dealId!, { involvementType: 'Co-Sell', visibility: 'Full', holdReason: null });
      void crashing.drain();
      await dead;
      sandbox.backendStore.recordAceProgress = realRecord;
      expect(standIn.partnerCentral.served.get('CreateOpportunity')).toBe(1);
      expect(standIn.partnerCentral.served.get('SubmitOpportunity') ?? 0).toBe(0);

      // Another instance, once the dead one's lease has run out.
      const restarted = new AceSync({ ...options, now: () => Date.now() + 130_000 });
      await restarted.drain();
      const resumed = await restarted.jobState('share', dealId!);
      expect(resumed, JSON.stringify(resumed)).toMatchObject({ state: 'done' });
      expect(standIn.partnerCentral.served.get('CreateOpportunity')).toBe(2);
      expect(standIn.partnerCentral.served.get('SubmitOpportunity')).toBe(1);
      const listed = standIn.partnerCentral.listOpportunities({ Catalog: 'AWS', MaxResults: 100 });
      expect(
        (listed['OpportunitySummaries'] as { PartnerOpportunityIdentifier: string }[]).filter((o) => o.PartnerOpportunityIdentifier === dealId),
      ).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });

  it('throttling is retried with backoff until AWS takes the call; nothing is doubled', async () => {
    const standIn = await startAceStandIn({ quotas: { readsPerSecond: 1_000, writesPerSecond: 1 } });
    const sync = new AceSync({
      client: createAceClient({ catalog: 'AWS', endpoint: standIn.url, credentials: ACE_STAND_IN_CREDENTIALS }),
      catalog: 'AWS',
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }),
      store: sandbox.backendStore,
      // Pacing as if the quota were 20 writes a second: AWS throttles, the outbox backs off and retries.
      quotas: { readsPerSecond: 1_000, writesPerSecond: 20 },
      retryDelayMs: () => 300,
    });
    try {
      const [dealId] = readyUnsharedDeals();
      await sync.requestShare(dealId!, { involvementType: 'For Visibility Only', visibility: 'Limited', holdReason: null });
      for (let round = 0; round < 30 && (await sync.jobState('share', dealId!))?.state !== 'done'; round++) {
        await sync.drain();
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const job = await sync.jobState('share', dealId!);
      expect(job).toMatchObject({ state: 'done' });
      expect(job!.attempts).toBeGreaterThan(1);
      expect(standIn.partnerCentral.served.get('SubmitOpportunity')).toBe(1);
      expect(deal(dealId!)['cosell_aws_involvement_type']).toBe('For Visibility Only');
    } finally {
      await standIn.close();
    }
  });
});

describe('following AWS', () => {
  it('two opportunities AWS changes in the same millisecond, seen by two follows, both reach their deals; nothing is read twice', async () => {
    // AWS's clock stands still unless the test moves it: every change below is stamped with the same millisecond.
    const frozen = Date.parse('2026-12-03T09:00:00.000Z');
    const standIn = await startAceStandIn({ quotas: FAST, clock: () => frozen, review: { inReviewAfterMs: HOUR, decisionAfterMs: 2 * HOUR } });
    const store = await openBackendStore({ sqliteFile: ':memory:' });
    const pc = standIn.partnerCentral;
    const sync = new AceSync({
      client: createAceClient({ catalog: 'AWS', endpoint: standIn.url, credentials: ACE_STAND_IN_CREDENTIALS }),
      catalog: 'AWS',
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }),
      store,
      quotas: FAST,
      retryDelayMs: () => 0,
    });
    const seller = (email: string) => [{ FirstName: 'Alex', LastName: 'Moreno', Email: email, BusinessTitle: 'AWSSalesRep' as const }];
    try {
      const [first, second] = [...readyUnsharedDeals(), ...readyUnsharedDeals()];
      for (const dealId of [first!, second!]) await sync.requestShare(dealId, { involvementType: 'Co-Sell', visibility: 'Full', holdReason: null });
      await sync.drain();
      pc.advance(3 * HOUR);
      await sync.follow();
      expect([deal(first!)['cosell_aws_review_status'], deal(second!)['cosell_aws_review_status']]).toEqual(['Approved', 'Approved']);

      pc.assignAwsTeam('AWS', deal(first!)['cosell_aws_opportunity_id']!, seller('first-seller@amazon.com'));
      await sync.follow();
      expect(deal(first!)['cosell_hyperscaler_contact_email']).toBe('first-seller@amazon.com');
      // AWS's second change lands in the millisecond the last follow already moved its cursor to.
      pc.assignAwsTeam('AWS', deal(second!)['cosell_aws_opportunity_id']!, seller('second-seller@amazon.com'));
      const readsBefore = pc.served.get('GetOpportunity') ?? 0;
      await sync.follow();
      expect(deal(second!)['cosell_hyperscaler_contact_email']).toBe('second-seller@amazon.com');
      // Only the second was read again: the first, already followed at that millisecond, was not.
      expect((pc.served.get('GetOpportunity') ?? 0) - readsBefore).toBe(1);
      await sync.follow();
      expect((pc.served.get('GetOpportunity') ?? 0) - readsBefore).toBe(1);
      expect(deal(first!)['cosell_hyperscaler_contact_email']).toBe('first-seller@amazon.com');
    } finally {
      await standIn.close();
      await store.close();
    }
  });
});

const bag = (properties: Record<string, unknown>): HubSpotPropertyBag =>
  Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v === null || v === undefined ? null : String(v as string)]));

/** A ready deal AWS already has (created in the stand-in directly, as if shared earlier), still editable there. */
function sharedEarlier(partnerCentral: AcePartnerCentral): string {
  const [dealId] = readyUnsharedDeals();
  const companyId = sandbox.store.getAssociations('deals', dealId!, 'companies')[0]!.toId;
  const contactIds = sandbox.store.getAssociations('deals', dealId!, 'contacts').map((c) => c.toId);
  const payload = buildAceCreateOpportunity({
    deal: parseCoSellDeal(bag({ ...deal(dealId!), hs_object_id: dealId })).ace,
    company: parseCoSellCompany(bag(sandbox.store.getObject('companies', companyId)!.properties)).ace,
    contacts: contactIds.map((id) => parseCoSellContact(bag(sandbox.store.getObject('contacts', id)!.properties))),
    catalog: 'AWS',
  });
  const created = partnerCentral.createOpportunity(payload as unknown as Record<string, unknown>);
  sandbox.store.updateObject('deals', dealId!, { cosell_aws_opportunity_id: created['Id'], cosell_aws_review_status: 'Pending Submission' });
  return dealId!;
}

describe("AWS's daily limit", () => {
  it("stops background pushes at the budget without a throttled call, keeps the reserve for a person's share, and resumes when AWS's window frees", async () => {
    let now = Date.parse('2026-12-03T09:00:00.000Z');
    const clock = () => now;
    const quotas = { readsPerSecond: 100, writesPerSecond: 10, readsPerDay: 1_000, writesPerDay: 20 };
    const standIn = await startAceStandIn({ quotas, clock, quotaClock: clock });
    const store = await openBackendStore({ sqliteFile: ':memory:' });
    const pc = standIn.partnerCentral;
    const options = {
      client: createAceClient({ catalog: 'AWS', endpoint: standIn.url, credentials: ACE_STAND_IN_CREDENTIALS }),
      catalog: 'AWS' as const,
      gateway: new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url }),
      store,
      quotas,
      // A quarter of each day's quota is kept for people: 15 background writes, 5 for people.
      personReserve: 0.25,
      now: clock,
      // Waiting moves the test's clock (in whole milliseconds, as a real clock) instead of real time.
      sleep: async (ms: number) => {
        const until = Math.ceil(now + ms);
        await Promise.resolve();
        now = Math.max(now, until);
      },
      retryDelayMs: () => 1_000,
    };
    const waiting = (dealId: string) => deal(dealId)['cosell_aws_sync_waiting'] ?? '';
    try {
      const sync = new AceSync(options);
      const backlog = Array.from({ length: 18 }, () => sharedEarlier(pc));
      for (const dealId of backlog) {
        sandbox.store.updateObject('deals', dealId, { cosell_ace_next_steps: `Workshop booked (${dealId})` });
        await sync.requestPush(dealId);
      }
      await sync.drain();
      expect(pc.served.get('UpdateOpportunity')).toBe(15);
      expect(pc.throttled).toBe(0);
      const held = backlog.filter((dealId) => waiting(dealId) !== '');
      expect(held).toHaveLength(3);
      expect(waiting(held[0]!)).toBe("AWS's daily limit reached; will send after 10:00 UTC on 4 December.");
      expect(await sync.jobState('push', held[0]!)).toMatchObject({ state: 'waiting', attempts: 0 });
      expect((await sync.dailyBudget()).writes).toMatchObject({ used: 15, backgroundLimit: 15, limit: 20, waitingUntil: '2026-12-04T10:00:00.000Z' });

      // A person's share goes through from the reserve: create, associate and submit.
      const [shared] = readyUnsharedDeals();
      await sync.requestShare(shared!, { involvementType: 'Co-Sell', visibility: 'Full', holdReason: null });
      await sync.drain();
      expect(deal(shared!)['cosell_aws_review_status']).toBe('Submitted');
      expect(pc.served.get('UpdateOpportunity')).toBe(15);
      expect(pc.throttled).toBe(0);

      // The count is in the store: after a restart, another background change waits too.
      const restarted = new AceSync(options);
      sandbox.store.updateObject('deals', backlog[0]!, { cosell_ace_next_steps: 'Second workshop booked' });
      await restarted.requestPush(backlog[0]!);
      const readsBefore = pc.served.get('GetOpportunity');
      await restarted.drain();
      expect(pc.served.get('UpdateOpportunity')).toBe(15);
      // Held back before any call: not even the read before the write is spent.
      expect(pc.served.get('GetOpportunity')).toBe(readsBefore);
      expect(waiting(backlog[0]!)).toMatch(/^AWS's daily limit reached/);

      // 24 hours after the hour of the first writes, AWS counts them no more: the waiting changes go out.
      now = Date.parse('2026-12-04T10:00:00.000Z');
      await restarted.drain();
      expect(pc.served.get('UpdateOpportunity')).toBe(19);
      expect(pc.throttled).toBe(0);
      expect(backlog.filter((dealId) => waiting(dealId) !== '')).toEqual([]);
      for (const dealId of backlog) {
        const lifeCycle = pc.getOpportunity({ Catalog: 'AWS', Identifier: deal(dealId)['cosell_aws_opportunity_id'] })['LifeCycle'] as { NextSteps: string };
        expect(lifeCycle.NextSteps).toBe(dealId === backlog[0] ? 'Second workshop booked' : `Workshop booked (${dealId})`);
      }
    } finally {
      await standIn.close();
      await store.close();
    }
  });
});

describe('a conflict when AWS changed the record', () => {
  it('reads again and reapplies the change; AWS-owned fields are left as AWS has them', async () => {
    const sync = sandbox.aceSync()!;
    const partnerCentral = sandbox.aceStandIn!.partnerCentral;
    const [dealId] = readyUnsharedDeals();
    await share(dealId!, alliance.email);
    partnerCentral.advance(3 * HOUR);
    await sync.follow();
    expect(deal(dealId!)['cosell_aws_review_status']).toBe('Approved');
    // Right after our read, AWS changes the opportunity (its review moves it on): our LastModifiedDate is stale.
    const realGet = partnerCentral.getOpportunity.bind(partnerCentral);
    let raced = false;
    partnerCentral.getOpportunity = (input) => {
      const answer = realGet(input);
      if (!raced) {
        raced = true;
        partnerCentral.advance(1_000);
        const opportunity = realGet(input);
        partnerCentral.updateOpportunity({
          ...opportunity,
          Identifier: input['Identifier'],
          LifeCycle: { ...(opportunity['LifeCycle'] as object), NextSteps: 'AWS seller added a step' },
        });
      }
      return answer;
    };
    try {
      sandbox.store.updateObject('deals', dealId!, { cosell_ace_next_steps: 'Joint workshop with the customer in January.' });
      await sync.requestPush(dealId!);
      await sync.drain();
    } finally {
      partnerCentral.getOpportunity = realGet;
    }
    const job = await sync.jobState('push', dealId!);
    expect(job).toMatchObject({ state: 'done' });
    expect(raced).toBe(true);
    // Our first update carried a stale LastModifiedDate (AWS answers ConflictException); the retry read again and went through.
    const now = realGet({ Catalog: 'AWS', Identifier: deal(dealId!)['cosell_aws_opportunity_id'] });
    expect((now['LifeCycle'] as { NextSteps: string; ReviewStatus: string }).NextSteps).toBe('Joint workshop with the customer in January.');
    expect((now['LifeCycle'] as { ReviewStatus: string }).ReviewStatus).toBe('Approved');
  });

  it("closing the deal lost sends Closed Lost with the AE's reason", async () => {
    const sync = sandbox.aceSync()!;
    const partnerCentral = sandbox.aceStandIn!.partnerCentral;
    const [dealId] = readyUnsharedDeals();
    await share(dealId!, alliance.email);
    partnerCentral.advance(3 * HOUR);
    await sync.follow();
    sandbox.store.updateObject('deals', dealId!, { dealstage: 'closedlost', cosell_ace_closed_lost_reason: 'Price' });
    await sync.requestPush(dealId!);
    await sync.drain();
    await sync.follow();
    expect(deal(dealId!)['cosell_aws_stage']).toBe('Closed Lost');
    expect(deal(dealId!)['cosell_aws_sync_error'] ?? '').toBe('');
    const opportunity = partnerCentral.getOpportunity({ Catalog: 'AWS', Identifier: deal(dealId!)['cosell_aws_opportunity_id'] });
    expect(opportunity['LifeCycle']).toMatchObject({ Stage: 'Closed Lost', ClosedLostReason: 'Price' });
  });
});

describe('AWS referrals', () => {
  it('become a deal for an alliance manager with a task; accepting fills in the customer from AWS', async () => {
    const sync = sandbox.aceSync()!;
    const standIn = sandbox.aceStandIn!;
    const { invitationId } = standIn.partnerCentral.sendReferral({
      body: {
        Customer: {
          Account: {
            CompanyName: 'Brightwater Logistics',
            WebsiteUrl: 'https://www.brightwater-logistics.example',
            Industry: 'Transportation and Logistics',
            Address: { CountryCode: 'US', StateOrRegion: 'Ohio', PostalCode: '43004', City: 'Columbus' },
          },
        },
        Project: { Title: 'Fleet telemetry lake', CustomerBusinessProblem: 'Brightwater wants one place for fleet telemetry and billing data.' },
        LifeCycle: { TargetCloseDate: '2027-06-30' },
      },
      awsTeam: [{ FirstName: 'Sam', LastName: 'Okafor', Email: 'sokafor@amazon.com', BusinessTitle: 'PDM' }],
    });
    expect(await sync.followInvitations()).toBe(1);
    expect(await sync.followInvitations()).toBe(0);
    const referral = sandbox.store.listObjects('deals').find((d) => d.properties['cosell_aws_invitation_id'] === invitationId)!;
    expect(referral.properties).toMatchObject({
      cosell_aws_origin: 'AWS Referral',
      cosell_aws_invitation_status: 'PENDING',
      dealname: 'AWS referral: Fleet telemetry lake',
    });
    const owner = demoUsers.find((user) => user.ownerId === referral.properties['hubspot_owner_id']);
    expect(owner?.role).toBe('alliance');
    const tasks = sandbox.store.getAssociations('deals', referral.id, 'tasks');
    expect(tasks).toHaveLength(1);

    const ae = demoUsers.find((user) => user.role === 'ae')!;
    const byAe = await act<ActionAnswer>(sandbox, {
      as: ae.email,
      function: 'ace_referral_answer',
      objectId: referral.id,
      objectTypeId: '0-3',
      parameters: { dealId: referral.id, decision: 'accept' },
    });
    expect(byAe.body.response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const accepted = await act<ActionAnswer>(sandbox, {
      as: owner!.email,
      function: 'ace_referral_answer',
      objectId: referral.id,
      objectTypeId: '0-3',
      parameters: { dealId: referral.id, decision: 'accept' },
    });
    expect(accepted.body.response).toMatchObject({ ok: true, result: { state: 'done' } });
    expect(deal(referral.id)).toMatchObject({ cosell_aws_invitation_status: 'ACCEPTED', cosell_hyperscaler_contact_email: 'sokafor@amazon.com' });
    const [company] = sandbox.store.getAssociations('deals', referral.id, 'companies');
    expect(sandbox.store.getObject('companies', company!.toId)!.properties).toMatchObject({
      name: 'Brightwater Logistics',
      domain: 'brightwater-logistics.example',
      // The country as people write it, which the ACE checklist reads back as AWS's code.
      country: 'United States',
      state: 'Ohio',
    });
  });

  it('an accept AWS is still working on is followed, not started again, until AWS finishes it', async () => {
    const sync = sandbox.aceSync()!;
    const standIn = sandbox.aceStandIn!;
    const { invitationId } = standIn.partnerCentral.sendReferral({
      body: { Customer: { Account: { CompanyName: 'Slowpoke Freight', WebsiteUrl: 'https://slowpoke-freight.example' } }, Project: { Title: 'Slow accept' } },
      awsTeam: [],
    });
    expect(await sync.followInvitations()).toBe(1);
    const referral = sandbox.store.listObjects('deals').find((d) => d.properties['cosell_aws_invitation_id'] === invitationId)!;
    const owner = demoUsers.find((user) => user.ownerId === referral.properties['hubspot_owner_id'])!;
    // AWS takes longer than one attempt's polls: the first attempt leaves the task running.
    standIn.partnerCentral.acceptTaskListings = 3;
    try {
      const answer = await act<ActionAnswer>(sandbox, {
        as: owner.email,
        function: 'ace_referral_answer',
        objectId: referral.id,
        objectTypeId: '0-3',
        parameters: { dealId: referral.id, decision: 'accept' },
      });
      expect(answer.body.response).toMatchObject({ ok: true, result: { state: 'working' } });
      expect(deal(referral.id)['cosell_aws_invitation_status']).toBe('PENDING');
      expect(deal(referral.id)['cosell_aws_sync_error'] ?? '').toBe('');

      // The outbox's next attempt follows the same task (a second start would be refused as a conflict).
      await new Promise((resolve) => setTimeout(resolve, 20));
      await sync.idle();
      expect(deal(referral.id)).toMatchObject({ cosell_aws_invitation_status: 'ACCEPTED' });
      const [company] = sandbox.store.getAssociations('deals', referral.id, 'companies');
      expect(sandbox.store.getObject('companies', company!.toId)!.properties).toMatchObject({ name: 'Slowpoke Freight' });
    } finally {
      standIn.partnerCentral.acceptTaskListings = 0;
    }
  });

  it('are owned by the alliance managers in turn, not always by the first', async () => {
    const sync = sandbox.aceSync()!;
    const invitations = [1, 2].map(
      (n) => sandbox.aceStandIn!.partnerCentral.sendReferral({ body: { Project: { Title: `Turn ${n}` } }, awsTeam: [] }).invitationId,
    );
    await sync.followInvitations();
    const owners = invitations.map(
      (id) => sandbox.store.listObjects('deals').find((d) => d.properties['cosell_aws_invitation_id'] === id)!.properties['hubspot_owner_id'],
    );
    expect(owners.map((ownerId) => demoUsers.find((user) => user.ownerId === ownerId)?.role)).toEqual(['alliance', 'alliance']);
    expect(new Set(owners).size).toBe(2);
  });

  it('rejecting needs one of AWS reasons', async () => {
    const sync = sandbox.aceSync()!;
    const { invitationId } = sandbox.aceStandIn!.partnerCentral.sendReferral({ body: { Project: { Title: 'Another one' } }, awsTeam: [] });
    await sync.followInvitations();
    const referral = sandbox.store.listObjects('deals').find((d) => d.properties['cosell_aws_invitation_id'] === invitationId)!;
    const base = { as: alliance.email, function: 'ace_referral_answer', objectId: referral.id, objectTypeId: '0-3' as const };
    const noReason = await act<ActionAnswer>(sandbox, { ...base, parameters: { dealId: referral.id, decision: 'reject' } });
    expect(noReason.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    const made = await act<ActionAnswer>(sandbox, { ...base, parameters: { dealId: referral.id, decision: 'reject', rejectionReason: 'Meh' } });
    expect(made.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    const rejected = await act<ActionAnswer>(sandbox, {
      ...base,
      parameters: { dealId: referral.id, decision: 'reject', rejectionReason: 'Unable to support' },
    });
    expect(rejected.body.response).toMatchObject({ ok: true, result: { state: 'done' } });
    expect(deal(referral.id)['cosell_aws_invitation_status']).toBe('REJECTED');
  });
});

describe('the diagnostics view', () => {
  it('shows an admin the AWS connection, what waits for AWS and what AWS refused', async () => {
    const admin = demoUsers.find((user) => user.role === 'revops')!;
    const answer = await sandbox.hubspotFetch(admin.email, {
      url: backendUrl('/diagnostics', { userId: admin.userId, portalId: SANDBOX_PORTAL_ID, email: admin.email }),
      method: 'GET',
    });
    const report = JSON.parse(answer.body) as { result: { aws: Record<string, unknown> } };
    expect(report.result.aws).toMatchObject({ connected: true, catalog: 'AWS', waiting: expect.any(Number) as unknown, failed: expect.any(Number) as unknown });
    expect(report.result.aws['lastFollowAt']).toMatch(/^\d{4}-/);
    expect(report.result.aws['dailyLimit']).toMatch(
      /^Writes: [\d,]+ of 10,000 in the last 24 hours \(1,000 kept for people's own actions\)\. Reads: [\d,]+ of 100,000/,
    );
  });
});
