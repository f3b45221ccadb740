import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/ringfence/calendar.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { personInUi } from '../../src/sandbox/crm/sources.ts';
import { demoUser } from '../../src/sandbox/seed/index.ts';
import { withTestSandbox } from './support.ts';
import {
  appDataWritesDuring,
  AE,
  MARCUS,
  action,
  companyCard,
  companyNotes,
  createFromCompanyPage,
  dealCard,
  newCompany,
  properties,
  registerParams,
  storeRingfenceExpiringOn,
  today,
} from './ringfence-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

/** Counts the CRM writes `work` causes, to show a recomputation that changes nothing writes nothing. */
async function ringfencedCompany(name: string): Promise<string> {
  const companyId = newCompany(sandbox, name);
  const registered = await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
  expect(registered.ok).toBe(true);
  return companyId;
}

describe('attribution of deals created for a ring-fenced company', () => {
  it('a deal an AE creates inside the window is attributed to the alliance by the webhook, and the deal card says so', async () => {
    const companyId = await ringfencedCompany('Quarry Networks');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Quarry Networks - Lakehouse',
      amount: '120000',
      dealstage: 'appointmentscheduled',
    });
    expect(properties(sandbox, 'deals', dealId)).toMatchObject({
      cosell_attribution_source: 'alliance',
      cosell_attribution_owner: '7100010',
      cosell_attribution_ringfence_id: `rf-${companyId}-1`,
      cosell_attribution_cloud: 'aws',
      cosell_attribution_conflict_count: '0',
    });
    const { attribution } = await dealCard(sandbox, dealId);
    expect(attribution).toMatchObject({
      source: 'alliance',
      line: `Attributed to the alliance: Marcus Webb's AWS ring-fence rf-${companyId}-1 on Quarry Networks.`,
      ringfence: { id: `rf-${companyId}-1`, status: 'active', owner: { userId: '7100010', name: 'Marcus Webb' } },
      conflicts: [],
    });
  });

  it('a deal created before the ring-fence keeps its own source', async () => {
    const companyId = newCompany(sandbox, 'Redwood Clinics');
    const earlier = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Redwood - Pilot',
      amount: '20000',
      dealstage: 'appointmentscheduled',
    });
    const registered = await action(sandbox, MARCUS, 'ringfence_register', registerParams(companyId));
    expect(registered.ok).toBe(true);
    await companyCard(sandbox, companyId);
    expect(properties(sandbox, 'deals', earlier).cosell_attribution_source ?? null).toBeNull();
    const { attribution } = await dealCard(sandbox, earlier);
    expect(attribution.source).toBe('own');
    expect(attribution.line).toMatch(/before ring-fence rf-\d+-1 was registered on .*claims only deals created after it is registered/);
  });

  it('a web-form contact after registration does not take the deal away: the conflict is recorded and shown on both cards', async () => {
    const companyId = await ringfencedCompany('Saltmarsh Energy');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Saltmarsh - Grid analytics',
      amount: '300000',
      dealstage: 'qualifiedtobuy',
    });
    await createFromCompanyPage(sandbox, AE, 'contacts', companyId, { firstname: 'Jo', lastname: 'Inbound', email: 'jo@saltmarsh.example' }, 'FORM');

    const deal = properties(sandbox, 'deals', dealId);
    expect(deal).toMatchObject({ cosell_attribution_source: 'alliance', cosell_attribution_owner: '7100010', cosell_attribution_conflict_count: '1' });
    expect(JSON.parse(deal.cosell_attribution_conflicts!)).toEqual([
      { kind: 'form_submission', what: 'contact jo@saltmarsh.example (original source: Organic search)', at: expect.any(String) as unknown },
    ]);

    const { attribution } = await dealCard(sandbox, dealId);
    expect(attribution.source).toBe('alliance');
    expect(attribution.conflicts).toEqual([expect.objectContaining({ kind: 'form_submission', label: 'Web form submission' })]);
    expect(attribution.conflictNote).toContain('does not change this attribution');

    const card = await companyCard(sandbox, companyId, MARCUS);
    expect(card.ringfence.attributedDeals).toEqual([
      expect.objectContaining({ dealId, ringfenceId: `rf-${companyId}-1`, conflicts: [expect.objectContaining({ kind: 'form_submission' })] }),
    ]);
    // The card's recomputation (which sees the contact but not the form) keeps one conflict, not two.
    expect(properties(sandbox, 'deals', dealId).cosell_attribution_conflict_count).toBe('1');
  });

  it('a marketing-sourced deal inside the window stays with the alliance and records the conflict', async () => {
    const companyId = await ringfencedCompany('Tidewater Foods');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Tidewater - Forecasting',
      amount: '75000',
      dealstage: 'appointmentscheduled',
    });
    sandbox.store.updateObject('deals', dealId, { hs_analytics_source: 'PAID_SEARCH' });
    const { attribution } = await dealCard(sandbox, dealId);
    expect(attribution).toMatchObject({
      source: 'alliance',
      conflicts: [expect.objectContaining({ kind: 'marketing_deal_source', what: 'original source: Paid search' })],
    });
  });

  it('recomputing on card load writes only when something changed', async () => {
    const companyId = await ringfencedCompany('Umber Textiles');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Umber - Supply chain',
      amount: '50000',
      dealstage: 'appointmentscheduled',
    });
    await companyCard(sandbox, companyId);
    await dealCard(sandbox, dealId);
    expect(await appDataWritesDuring(sandbox, () => companyCard(sandbox, companyId))).toBe(0);
    expect(await appDataWritesDuring(sandbox, () => dealCard(sandbox, dealId))).toBe(0);

    // A deal the webhook never saw (its attribution cleared) is put right by the next card load.
    sandbox.store.updateObject('deals', dealId, {
      cosell_attribution_source: '',
      cosell_attribution_owner: '',
      cosell_attribution_ringfence_id: '',
      cosell_attribution_cloud: '',
    });
    await dealCard(sandbox, dealId);
    expect(properties(sandbox, 'deals', dealId)).toMatchObject({ cosell_attribution_source: 'alliance', cosell_attribution_ringfence_id: `rf-${companyId}-1` });
  });
});

describe('expiry through the function', () => {
  it('the day before expiry: active, 1 day left with a warning, new deals are claimed', async () => {
    const companyId = newCompany(sandbox, 'Vale Instruments');
    storeRingfenceExpiringOn(sandbox, companyId, addDays(today(), 1));
    const { ringfence } = await companyCard(sandbox, companyId);
    expect(ringfence).toMatchObject({ status: 'active', current: { daysRemaining: 1, lastActiveDay: today(), owner: { name: 'Marcus Webb' } } });
    expect(ringfence.current?.expiryWarning).toContain('ends in 1 day');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Vale - Telemetry',
      amount: '10000',
      dealstage: 'appointmentscheduled',
    });
    expect(properties(sandbox, 'deals', dealId).cosell_attribution_source).toBe('alliance');
  });

  it('13 days left warns, 14 does not', async () => {
    const warned = newCompany(sandbox, 'Wren Logistics');
    storeRingfenceExpiringOn(sandbox, warned, addDays(today(), 13));
    expect((await companyCard(sandbox, warned)).ringfence.current?.expiryWarning).toContain('ends in 13 days');
    const calm = newCompany(sandbox, 'Yarrow Retail');
    storeRingfenceExpiringOn(sandbox, calm, addDays(today(), 14));
    expect((await companyCard(sandbox, calm)).ringfence.current).toMatchObject({ daysRemaining: 14, expiryWarning: null });
  });

  it('the day of expiry: expired, the flat status refreshes on read, new deals keep their own source, history stays', async () => {
    const companyId = newCompany(sandbox, 'Zephyr Aero');
    storeRingfenceExpiringOn(sandbox, companyId, today());
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_status).toBe('active');
    const { ringfence } = await companyCard(sandbox, companyId);
    expect(ringfence).toMatchObject({ status: 'expired', current: { daysRemaining: null, expiryWarning: null } });
    expect(ringfence.history).toHaveLength(1);
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_status).toBe('expired');
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', companyId, {
      dealname: 'Zephyr - Fleet',
      amount: '10000',
      dealstage: 'appointmentscheduled',
    });
    expect(properties(sandbox, 'deals', dealId).cosell_attribution_source ?? null).toBeNull();
    expect((await dealCard(sandbox, dealId)).attribution.source).toBe('own');
  });

  it('the day after expiry: still expired, and anyone may register again', async () => {
    const companyId = newCompany(sandbox, 'Aster Mills');
    storeRingfenceExpiringOn(sandbox, companyId, addDays(today(), -1));
    expect((await companyCard(sandbox, companyId)).ringfence.status).toBe('expired');
    const again = await action(sandbox, 'aiko.tanaka@stratusdata.example', 'ringfence_register', registerParams(companyId, { expectedVersion: 1 }));
    expect(again).toMatchObject({ ok: true, result: { outcome: 'applied', version: 2 } });
    const card = await companyCard(sandbox, companyId);
    expect(card.ringfence).toMatchObject({
      status: 'active',
      current: { owner: { name: 'Aiko Tanaka' } },
      past: [expect.objectContaining({ status: 'expired', owner: { userId: '7100010', name: 'Marcus Webb' } })],
    });
  });
});

describe('audit notes', () => {
  it('a note missing after a failure between the writes is written by the backend when it next sees the company, once', async () => {
    const companyId = newCompany(sandbox, 'Birch Dynamics');
    storeRingfenceExpiringOn(sandbox, companyId, addDays(today(), 90), { noted: false });
    await sandbox.webhooksIdle();
    await companyCard(sandbox, companyId);
    await sandbox.webhooksIdle();
    const notes = companyNotes(sandbox, companyId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('registered by Marcus Webb for Google Cloud');
    expect(properties(sandbox, 'companies', companyId).cosell_ringfence_noted_version).toBe('1');
  });
});

describe('the company card result', () => {
  it('shows status, owner, cloud, evidence, days left, history and the written rules to anyone', async () => {
    const companyId = await ringfencedCompany('Cobalt Ventures');
    const card = await companyCard(sandbox, companyId, AE);
    expect(card.ringfence).toMatchObject({
      status: 'active',
      version: 1,
      current: {
        owner: { userId: '7100010', name: 'Marcus Webb' },
        cloud: 'aws',
        cloudLabel: 'AWS',
        daysRemaining: 180,
        evidence: { kindLabel: 'Hyperscaler AE introduction', contactName: 'Riley Chen', engagedOn: today() },
      },
      history: [expect.objectContaining({ action: 'register', actor: { userId: '7100010', name: 'Marcus Webb' } })],
      allianceManagers: { teamIds: ['6100003'], userIds: [] },
    });
    expect(card.ringfence.rules.join('\n')).toContain('stage one: the first 2 stages of the pipeline');
  });

  it('a company never ring-fenced costs two HubSpot calls after the portal data is cached', async () => {
    const companyId = newCompany(sandbox, 'Dune Optics');
    await companyCard(sandbox, companyId);
    const before = sandbox.apiRequestCount();
    const card = await companyCard(sandbox, companyId);
    expect(card.ringfence).toMatchObject({ status: 'none', current: null, history: [], attributedDeals: [] });
    expect(sandbox.apiRequestCount() - before).toBeLessThanOrEqual(2);
  });
});

describe('a deal on two ring-fenced companies', () => {
  it('is attributed once, through its primary company, and the card says why', async () => {
    const reseller = newCompany(sandbox, 'Keel Resellers');
    const customer = newCompany(sandbox, 'Keel Customer Corp');
    storeRingfenceExpiringOn(sandbox, reseller, addDays(today(), 120));
    storeRingfenceExpiringOn(sandbox, customer, addDays(today(), 150));
    await sandbox.webhooksIdle();
    const dealId = await createFromCompanyPage(sandbox, AE, 'deals', reseller, { dealname: 'Keel expansion', amount: '50000', dealstage: 'qualifiedtobuy' });
    // The AE adds the customer as the deal's primary company.
    sandbox.store.asSource(personInUi(demoUser(AE).userId), () =>
      sandbox.store.associate('deals', dealId, 'companies', customer, [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }]),
    );
    await sandbox.webhooksIdle();
    const deal = properties(sandbox, 'deals', dealId);
    expect(deal).toMatchObject({
      cosell_attribution_source: 'alliance',
      cosell_attribution_ringfence_id: `rf-${customer}-1`,
      cosell_attribution_basis: 'primary_company',
    });
    const { attribution } = await dealCard(sandbox, dealId);
    expect(attribution.line).toMatch(/because the deal is on several companies and Keel Customer Corp is its primary company/);
  });
});
