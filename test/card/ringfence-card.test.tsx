import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alert, DateInput, Form, Input, Select, Table, TableCell, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { AllianceCompanyCard } from '../../app/cards/AllianceCompanyCard.tsx';
import { AttributionLine } from '../../app/cards/AttributionLine.tsx';
import type { CompanyAllianceResult, DealCosellResult } from '../../src/functions/contracts.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import { globexCommitments } from './commitments-fixtures.ts';

const marcus = { userId: '7100010', name: 'Marcus Webb' };
const formConflict = {
  kind: 'form_submission' as const,
  label: 'Web form submission',
  what: 'contact jo@globex.example (original source: Organic search)',
  at: '2026-05-02T14:00:00.000Z',
};

const ringfenced: CompanyAllianceResult = {
  commitments: globexCommitments,
  integrity: { status: 'sealed', changed: [], changedBy: [], restoredCount: 0, lastRestoredAt: null },
  company: { id: '7', name: 'Globex', domain: 'globex.example', country: 'United States' },
  deals: [
    {
      id: '101',
      name: 'Globex data platform',
      amount: '1250000',
      currency: 'USD',
      stage: { id: 'qualifiedtobuy', label: 'Qualified to buy' },
      closeDate: null,
      owner: null,
    },
    { id: '102', name: 'Globex pilot', amount: '50000', currency: 'USD', stage: { id: 'closedlost', label: 'Closed lost' }, closeDate: null, owner: null },
  ],
  ringfence: {
    status: 'active',
    version: 1,
    today: '2026-05-10',
    timeZone: 'America/New_York',
    current: {
      id: 'rf-7-1',
      owner: marcus,
      cloud: 'aws',
      cloudLabel: 'AWS',
      registeredAt: '2025-11-22T15:00:00.000Z',
      firstEngagedOn: '2025-11-22',
      lastEngagedOn: '2025-11-22',
      expiresOn: '2026-05-21',
      lastActiveDay: '2026-05-20',
      daysRemaining: 11,
      expiryWarning:
        'This ring-fence ends in 11 days: its last day is 2026-05-20 (America/New_York). Extend it with new evidence of a hyperscaler engagement to keep it.',
      extensionCount: 0,
      released: null,
      evidence: {
        kind: 'hyperscaler_ae_introduction',
        kindLabel: 'Hyperscaler AE introduction',
        contactName: 'Riley Chen',
        contactRole: 'AWS Account Executive',
        contactEmail: 'riley@amazon.com',
        engagedOn: '2025-11-22',
        notes: '',
      },
    },
    history: [
      {
        version: 1,
        at: '2025-11-22T15:00:00.000Z',
        action: 'register',
        actor: marcus,
        summary: 'Registered for AWS on hyperscaler ae introduction of 2025-11-22 (Riley Chen); expires on 2026-05-21.',
      },
    ],
    past: [],
    attributedDeals: [{ dealId: '101', ringfenceId: 'rf-7-1', owner: marcus, cloud: 'aws', conflicts: [formConflict] }],
    rules: [
      'Only alliance managers can register, extend or release a ring-fence: members of the alliance team.',
      'A ring-fence lasts 180 days from the engagement date.',
    ],
    allianceManagers: { teamIds: ['6100003'], userIds: [] },
  },
};

const notRingfenced: CompanyAllianceResult = {
  ...ringfenced,
  ringfence: { ...ringfenced.ringfence, status: 'none', version: 0, current: null, history: [], attributedDeals: [] },
};

function answer(result: CompanyAllianceResult) {
  return vi.spyOn(hubspot, 'serverless').mockResolvedValue({ ok: true, result } satisfies FunctionResponse<CompanyAllianceResult>);
}

function renderAs(teams: number[]) {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user = {
    ...renderer.mocks.context.user,
    id: teams.length ? 7100010 : 7100002,
    teams: teams.map((id) => ({ id, name: 'Team', teammates: [] })),
  };
  renderer.render(<AllianceCompanyCard />);
  return renderer;
}

function backendAnswers(body: unknown) {
  return vi.spyOn(hubspot, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status: 200 }));
}

afterEach(() => vi.restoreAllMocks());

describe('Alliance attribution company card', () => {
  it('shows status, owner, cloud, evidence, days left with the warning, attributed deals, conflicts, history and rules', async () => {
    answer(ringfenced);
    const renderer = renderAs([]);
    await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'ringfence-owner').text).toBe('Marcus Webb'));
    expect(renderer.findByTestId(Text, 'ringfence-cloud').text).toBe('AWS');
    expect(renderer.findByTestId(Text, 'ringfence-days-left').text).toBe('11 days left (last day 2026-05-20, America/New_York)');
    expect(renderer.findByTestId(Alert, 'ringfence-expiry-warning').text).toContain('ends in 11 days');
    expect(renderer.findByTestId(Text, 'ringfence-evidence').text).toContain('Hyperscaler AE introduction on 2025-11-22 with Riley Chen');
    const cells = renderer
      .findByTestId(Table, 'ringfence-attributed-deals')
      .findAll(TableCell)
      .map((cell) => cell.text);
    expect(cells).toEqual(['Globex data platform', 'Qualified to buy', '1,250,000 USD', 'rf-7-1 (Marcus Webb, AWS)', '1']);
    const conflicts = renderer
      .findByTestId(Alert, 'ringfence-conflicts')
      .findAll(Text)
      .map((text) => text.text);
    expect(conflicts).toContainEqual('Globex data platform: Web form submission, contact jo@globex.example (original source: Organic search) (2026-05-02)');
    expect(renderer.findAll(Text).map((text) => text.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Marcus Webb: Registered for AWS'),
        'Only alliance managers can register, extend or release a ring-fence: members of the alliance team.',
      ]),
    );
  });

  it('is read-only for anyone outside the alliance team', async () => {
    answer(notRingfenced);
    const renderer = renderAs([6100001]);
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Text, 'ringfence-read-only').text).toBe('Only alliance managers can register, extend or release a ring-fence.'),
    );
    expect(renderer.findAll(Form)).toHaveLength(0);
  });

  it('an alliance manager registers with evidence: the body names the company, version and evidence, never a user', async () => {
    const serverless = answer(notRingfenced);
    const fetch = backendAnswers({
      ok: true,
      result: { outcome: 'applied', message: 'Ring-fence rf-7-1 registered: active until it expires on 2026-11-06 (America/New_York).' },
    });
    const renderer = renderAs([6100003]);
    await renderer.waitFor(() => expect(renderer.findByTestId(Form, 'ringfence-register-form')).toBeTruthy());
    renderer.findByTestId(Select, 'register-cloud').trigger('onChange', 'gcp' as never);
    renderer.findByTestId(Input, 'register-contact-name').trigger('onChange', 'Sam Rivera' as never);
    renderer.findByTestId(Input, 'register-contact-role').trigger('onChange', 'Google Cloud AE' as never);
    renderer.findByTestId(Input, 'register-contact-email').trigger('onChange', 'sam@google.com' as never);
    renderer.findByTestId(TextArea, 'register-notes').trigger('onChange', 'Intro call' as never);
    renderer.findByTestId(DateInput, 'register-engaged-on').trigger('onChange', { year: 2026, month: 4, date: 9, formattedDate: 'May 9, 2026' } as never);
    renderer.findByTestId(Form, 'ringfence-register-form').trigger('onSubmit');
    await vi.waitFor(() => expect(renderer.findByTestId(Alert, 'ringfence-outcome').text).toContain('Ring-fence rf-7-1 registered'));
    expect(fetch).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/cosell-backend\.example\.com\/actions\/ringfence_register\?cardUserId=/), {
      method: 'POST',
      body: {
        companyId: '7',
        idempotencyKey: expect.stringMatching(/^k[0-9a-z]+$/) as unknown,
        expectedVersion: 0,
        cloud: 'gcp',
        evidence: {
          kind: 'hyperscaler_ae_introduction',
          contact: { name: 'Sam Rivera', role: 'Google Cloud AE', email: 'sam@google.com' },
          engagedOn: '2026-05-09',
          notes: 'Intro call',
        },
      },
    });
    await vi.waitFor(() => expect(serverless).toHaveBeenCalledTimes(2));
  });

  it("shows the backend's refusal, naming the owner", async () => {
    answer(notRingfenced);
    backendAnswers({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'While you were working, Marcus Webb registered a ring-fence on this company first (aws, expiring on 2026-11-06, America/New_York).',
      },
    });
    const renderer = renderAs([6100003]);
    await renderer.waitFor(() => expect(renderer.findByTestId(Form, 'ringfence-register-form')).toBeTruthy());
    renderer.findByTestId(Form, 'ringfence-register-form').trigger('onSubmit');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Alert, 'ringfence-outcome').text).toContain('Marcus Webb registered a ring-fence on this company first'),
    );
  });

  it('offers extend and release to an alliance manager while the ring-fence is active', async () => {
    const serverless = answer(ringfenced);
    const fetch = backendAnswers({ ok: true, result: { outcome: 'applied', message: 'Ring-fence rf-7-1 released.' } });
    const renderer = renderAs([6100003]);
    await renderer.waitFor(() => expect(renderer.findByTestId(Form, 'ringfence-release-form')).toBeTruthy());
    expect(renderer.findByTestId(Form, 'ringfence-extend-form')).toBeTruthy();
    renderer.findByTestId(TextArea, 'release-reason').trigger('onChange', 'Customer chose to buy direct' as never);
    renderer.findByTestId(Form, 'ringfence-release-form').trigger('onSubmit');
    await vi.waitFor(() => expect(serverless).toHaveBeenCalledTimes(2));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![1]).toMatchObject({
      body: { companyId: '7', ringfenceId: 'rf-7-1', expectedVersion: 1, reason: 'Customer chose to buy direct' },
    });
  });
});

describe('attribution line on the deal card', () => {
  const alliance: DealCosellResult['attribution'] = {
    source: 'alliance',
    line: "Attributed to the alliance: Marcus Webb's AWS ring-fence rf-7-1 on Globex.",
    ringfence: {
      id: 'rf-7-1',
      companyId: '7',
      owner: marcus,
      cloud: 'aws',
      cloudLabel: 'AWS',
      status: 'active',
      registeredAt: '2025-11-22T15:00:00.000Z',
      expiresOn: '2026-05-21',
    },
    conflicts: [formConflict],
    conflictNote: 'Inbound activity after the ring-fence was registered does not change this attribution.',
  };

  it('names the ring-fence the deal came from and the recorded conflict', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AttributionLine attribution={alliance} />);
    expect(renderer.findByTestId(Text, 'attribution-line').text).toBe(alliance.line);
    expect(renderer.findByTestId(Text, 'attribution-ringfence').text).toBe(
      'Ring-fence rf-7-1 (AWS) by Marcus Webb: active, registered 2025-11-22, expires on 2026-05-21',
    );
    expect(
      renderer
        .findByTestId(Alert, 'attribution-conflicts')
        .findAll(Text)
        .map((text) => text.text),
    ).toEqual(['Web form submission: contact jo@globex.example (original source: Organic search) (2026-05-02)']);
  });

  it('says when the deal keeps its own source', () => {
    const renderer = createRenderer('crm.record.tab');
    const own: DealCosellResult['attribution'] = {
      source: 'own',
      line: 'Not attributed to the alliance: Globex has never been ring-fenced; the deal keeps its own source (original source: Organic search).',
      ringfence: null,
      conflicts: [],
      conflictNote: null,
    };
    renderer.render(<AttributionLine attribution={own} />);
    expect(renderer.findByTestId(Text, 'attribution-line').text).toBe(own.line);
    expect(renderer.findAll(Alert)).toHaveLength(0);
  });
});
