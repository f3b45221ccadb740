import { buildAceCreateOpportunity } from '../domain/ace/readiness.ts';
import { startAceLoop } from '../backend/ace/loop.ts';
import { parseCoSellCompany, parseCoSellContact, parseCoSellDeal, type HubSpotPropertyBag } from '../hubspot/records/cosell.ts';
import { bootSandbox } from '../sandbox/boot.ts';
import type { Sandbox } from '../sandbox/server.ts';

/**
 * AWS allows 1 write a second per partner account; a 1,000-change backlog at that rate takes 17
 * minutes. The bench runs AWS's clock 10 times faster (10 writes a second in the stand-in and in the
 * sync's pacing) and reports the ratio to that ceiling, which is what the quota bounds.
 */
const SCALE = 10;
const BACKLOG = 1_000;
const LATENCY_SAMPLES = 10;
const HOUR = 3_600_000;

type Bag = HubSpotPropertyBag;
const bag = (properties: Record<string, unknown>): Bag =>
  Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null]),
  );

/** Deals shared with AWS (opportunities made directly in the stand-in, as if shared earlier), all still editable. */
function sharedDeals(sandbox: Sandbox, count: number): string[] {
  const standIn = sandbox.aceStandIn!;
  const template = sandbox.store
    .listObjects('deals')
    .find((d) => d.properties['cosell_cloud'] === 'aws' && !d.properties['cosell_aws_opportunity_id'] && d.properties['cosell_ace_business_problem'])!;
  const companyId = sandbox.store.getAssociations('deals', template.id, 'companies')[0]!.toId;
  const contactIds = sandbox.store.getAssociations('deals', template.id, 'contacts').map((c) => c.toId);
  const company = parseCoSellCompany(bag(sandbox.store.getObject('companies', companyId)!.properties)).ace;
  const contacts = contactIds.map((id) => parseCoSellContact(bag(sandbox.store.getObject('contacts', id)!.properties)));
  const properties = Object.fromEntries(Object.entries(template.properties).filter(([name]) => !name.startsWith('hs_') && name !== 'createdate'));
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const deal = sandbox.store.createObject('deals', { properties });
    sandbox.store.associate('deals', deal.id, 'companies', companyId);
    for (const contactId of contactIds) sandbox.store.associate('deals', deal.id, 'contacts', contactId);
    const payload = buildAceCreateOpportunity({
      deal: parseCoSellDeal(bag({ ...deal.properties, hs_object_id: deal.id })).ace,
      company,
      contacts,
      catalog: 'AWS',
    });
    const created = standIn.partnerCentral.createOpportunity(payload as unknown as Record<string, unknown>);
    sandbox.store.updateObject('deals', deal.id, {
      cosell_aws_opportunity_id: created['Id'],
      cosell_aws_review_status: 'Pending Submission',
      cosell_aws_origin: 'Partner Referral',
    });
    ids.push(deal.id);
  }
  return ids;
}

async function mapDeals(sandbox: Sandbox, dealIds: readonly string[]): Promise<void> {
  const now = Date.now();
  for (const dealId of dealIds) {
    const opportunityId = String(sandbox.store.getObject('deals', dealId)!.properties['cosell_aws_opportunity_id']);
    await sandbox.backendStore.setValue(`ace.deal.${opportunityId}`, dealId, now);
    await sandbox.backendStore.setValue(`ace.opportunity.${dealId}`, opportunityId, now);
  }
}

async function writeThroughput(sandbox: Sandbox): Promise<string[]> {
  const sync = sandbox.aceSync()!;
  const partnerCentral = sandbox.aceStandIn!.partnerCentral;
  const dealIds = sharedDeals(sandbox, BACKLOG);
  // The backlog: every deal's next steps changed in HubSpot while the sync was down, each change then queued in the outbox.
  for (const dealId of dealIds) sandbox.store.updateObject('deals', dealId, { cosell_ace_next_steps: `Workshop booked (${dealId})` });
  await sandbox.webhooksIdle();
  await mapDeals(sandbox, dealIds);
  for (const dealId of dealIds) await sync.requestPush(dealId);
  const updatesBefore = partnerCentral.served.get('UpdateOpportunity') ?? 0;
  const throttledBefore = partnerCentral.throttled;
  const started = performance.now();
  await sync.drain();
  const seconds = (performance.now() - started) / 1000;
  const writes = (partnerCentral.served.get('UpdateOpportunity') ?? 0) - updatesBefore;
  let duplicates = 0;
  let missing = 0;
  for (const dealId of dealIds) {
    const opportunity = partnerCentral.getOpportunity({
      Catalog: 'AWS',
      Identifier: sandbox.store.getObject('deals', dealId)!.properties['cosell_aws_opportunity_id'],
    });
    const history = ((opportunity['LifeCycle'] as { NextStepsHistory?: { Value: string }[] }).NextStepsHistory ?? []).filter(
      (h) => h.Value === `Workshop booked (${dealId})`,
    );
    if (history.length === 0) missing += 1;
    duplicates += Math.max(0, history.length - 1);
  }
  duplicates += Math.max(0, writes - BACKLOG);
  const ceiling = SCALE;
  const rate = writes / seconds;
  return [
    `${BACKLOG} queued changes pushed in ${seconds.toFixed(1)} s: ${rate.toFixed(2)} writes/s against a ceiling of ${ceiling}/s (AWS's 1/s, clock ×${SCALE}) = ${((rate / ceiling) * 100).toFixed(1)}% of the quota`,
    `duplicates: ${duplicates}, changes missing at AWS: ${missing}, throttled by AWS: ${partnerCentral.throttled - throttledBefore}`,
  ];
}

async function statusLatency(sandbox: Sandbox): Promise<string[]> {
  const sync = sandbox.aceSync()!;
  const partnerCentral = sandbox.aceStandIn!.partnerCentral;
  const dealIds = sharedDeals(sandbox, LATENCY_SAMPLES);
  await mapDeals(sandbox, dealIds);
  // Catch up with the backlog phase first, so each sample waits for one change only.
  await sync.follow();
  const followEveryMs = 1_000;
  const loop = startAceLoop(sync, { followEveryMs, invitationsEveryMs: 3_600_000, outboxEveryMs: 3_600_000 });
  const latencies: number[] = [];
  try {
    for (const dealId of dealIds) {
      const id = sandbox.store.getObject('deals', dealId)!.properties['cosell_aws_opportunity_id'];
      partnerCentral.associateOpportunity({ Catalog: 'AWS', OpportunityIdentifier: id, RelatedEntityType: 'Solutions', RelatedEntityIdentifier: 'S-1234567' });
      partnerCentral.submitOpportunity({ Catalog: 'AWS', Identifier: id, InvolvementType: 'Co-Sell', Visibility: 'Full' });
      const deal = () => String(sandbox.store.getObject('deals', dealId)!.properties['cosell_aws_review_status']);
      while (deal() !== 'Submitted') await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * followEveryMs));
      const before = deal();
      // AWS decides: one review step on AWS's clock moves every submitted opportunity on; time from that moment.
      const changedAt = performance.now();
      partnerCentral.advance(HOUR + 2 * HOUR);
      while (deal() === before) await new Promise((resolve) => setTimeout(resolve, 10));
      latencies.push(performance.now() - changedAt);
    }
  } finally {
    await loop.stop();
  }
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)]!;
  return [
    `AWS status change -> deal property: median ${(median / 1000).toFixed(2)} s, worst ${(latencies.at(-1)! / 1000).toFixed(2)} s over ${latencies.length} changes, following every ${followEveryMs / 1000} s`,
    `(the latency is the follow interval plus one pull; production follows every 60 s, so up to about a minute; EventBridge would push instead)`,
  ];
}

export async function benchAce(): Promise<string[]> {
  const sandbox = await bootSandbox({
    dbFile: ':memory:',
    ace: {
      quotas: { readsPerSecond: 10 * SCALE, writesPerSecond: SCALE, readsPerDay: 10_000_000, writesPerDay: 1_000_000 },
      review: { inReviewAfterMs: HOUR, decisionAfterMs: 2 * HOUR },
    },
  });
  try {
    const throughput = await writeThroughput(sandbox);
    return [...throughput, ...(await statusLatency(sandbox))];
  } finally {
    await sandbox.close();
    sandbox.store.close();
  }
}
