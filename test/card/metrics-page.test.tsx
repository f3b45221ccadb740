import { afterEach, describe, expect, it, vi } from 'vitest';
import { BarChart, Button, EmptyState, LineChart, Link, Select, Tab, Tabs, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { z } from 'zod';
import { AllianceMetricsPage } from '../../app/pages/AllianceMetrics.tsx';
import { AppPages } from '../../app/pages/AppPages.tsx';
import type { allianceMetricsContract } from '../../src/backend/metrics/actions.ts';

type Answer = z.infer<typeof allianceMetricsContract.result>;

const figure = (id: string, label: string, unit: 'usd' | 'count' | 'ratio' | 'days', value: string | null, cloud: 'aws' | 'azure' | 'gcp' | null = null) => ({
  id,
  label,
  definition: `Definition of ${label}.`,
  unit,
  value,
  cloud,
  records: value === '0' || value === null ? [] : [{ objectTypeId: '0-3' as const, id: '40000000005', name: 'Globex data platform' }],
  dealCount: value === '0' || value === null ? 0 : 1,
  companyCount: 0,
});

const ready: Answer = {
  status: 'ready',
  month: '2026-10',
  snapshotTakenAt: '2026-11-02T15:00:00.000Z',
  // A portal in HubSpot's EU data centre: its records are not on app.hubspot.com.
  uiDomain: 'app-eu1.hubspot.com',
  refreshing: false,
  filters: { teamId: null, ownerUserId: null },
  sections: [
    {
      id: 'pipeline',
      title: 'Sourced and influenced pipeline',
      definition: 'Deals closing in the month.',
      figures: [
        figure('pipeline.sourced.aws.won', 'Sourced pipeline, won, AWS', 'usd', '250000.00', 'aws'),
        figure('pipeline.influenced.aws.won', 'Influenced pipeline, won, AWS', 'usd', '0.00', 'aws'),
      ],
    },
    {
      id: 'marketplace',
      title: 'Marketplace transactions',
      definition: 'Deals won this month.',
      figures: [figure('marketplace.value.aws', 'Marketplace value, AWS', 'usd', '250000.00', 'aws')],
    },
    {
      id: 'bypass',
      title: 'Silent marketplace bypass',
      definition: 'Won direct.',
      figures: [figure('bypass.rate', 'Bypass rate', 'ratio', '0.25'), figure('exceptions.timeToDecision', 'Median time to decision', 'days', null)],
    },
  ],
  trend: [
    { month: '2026-09', series: 'Sourced AWS', valueUsd: 0 },
    { month: '2026-10', series: 'Sourced AWS', valueUsd: 250000 },
  ],
  teams: [
    { id: '6100001', name: 'Enterprise East' },
    { id: '6100002', name: 'Enterprise West' },
  ],
  owners: [{ userId: '7100002', name: 'Jordan Patel' }],
  unconvertedDealIds: [],
  unreadableDealIds: [],
};

const answers = (...bodies: unknown[]) => {
  const spy = vi.spyOn(hubspot, 'fetch');
  for (const body of bodies) spy.mockResolvedValueOnce(new Response(JSON.stringify(body), { status: 200 }));
  return spy;
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function render(element: JSX.Element) {
  const renderer = createRenderer('pages');
  renderer.render(element);
  return renderer;
}

describe('Alliance metrics page', () => {
  it('charts the figures, shows each definition beside its number and formats money, ratios and gaps', async () => {
    answers({ ok: true, result: ready });
    const renderer = render(<AllianceMetricsPage />);
    await renderer.waitFor(() => expect(renderer.findByTestId(BarChart, 'metrics-pipeline-chart')).toBeTruthy());
    const pipeline = renderer.findByTestId(BarChart, 'metrics-pipeline-chart');
    expect(pipeline.props.data).toEqual([
      { cloud: 'AWS', kind: 'Sourced pipeline, won', usd: 250000 },
      { cloud: 'AWS', kind: 'Influenced pipeline, won', usd: 0 },
    ]);
    expect(renderer.findByTestId(BarChart, 'metrics-marketplace-chart').props.data).toEqual([{ marketplace: 'AWS', usd: 250000 }]);
    expect(renderer.findByTestId(LineChart, 'metrics-trend-chart').props.data).toHaveLength(2);
    const texts = renderer.findAll(Text).map((text) => text.text);
    expect(texts).toContain('$250,000.00');
    expect(texts).toContain('25.0%');
    expect(texts).toContain('n/a');
    expect(texts).toContain('Definition of Bypass rate.');
    expect(texts.join(' ')).not.toMatch(/pipeline\.sourced|marketplace:aws|usd\b/);
  });

  it('sends the team filter to the backend and lists the deals behind a figure, linked to their HubSpot records', async () => {
    const fetch = answers({ ok: true, result: ready }, { ok: true, result: { ...ready, filters: { teamId: '6100002', ownerUserId: null } } });
    const renderer = render(<AllianceMetricsPage />);
    await renderer.waitFor(() => expect(renderer.findByTestId(Select, 'metrics-team')).toBeTruthy());
    expect(renderer.findByTestId(Select, 'metrics-team').props.options.map((option) => option.label)).toEqual([
      'All teams',
      'Enterprise East',
      'Enterprise West',
    ]);
    renderer.findByTestId(Select, 'metrics-team').trigger('onChange', '6100002' as never);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const [, request] = fetch.mock.calls[1]!;
    expect(request).toMatchObject({ method: 'POST', body: { teamId: '6100002' } });
    await renderer.waitFor(() => expect(renderer.findByTestId(Button, 'metric-records-marketplace.value.aws')).toBeTruthy());
    renderer.findByTestId(Button, 'metric-records-marketplace.value.aws').trigger('onClick');
    const link = renderer.findByTestId(Link, 'metric-record-40000000005');
    expect(link.text).toBe('Globex data platform');
    const href = link.props.href as { url: string; external: boolean };
    expect(href.url).toMatch(/^https:\/\/app-eu1\.hubspot\.com\/contacts\/\d+\/record\/0-3\/40000000005$/);
    expect(href.external).toBe(false);
  });

  it('says it is reading the portal, and asks again until the figures are ready', async () => {
    const fetch = answers({ ok: true, result: { status: 'preparing', dealsRead: 4200, companiesRead: 900 } }, { ok: true, result: ready });
    const renderer = render(<AllianceMetricsPage />);
    await renderer.waitFor(() => expect(renderer.findByTestId(EmptyState, 'metrics-preparing')).toBeTruthy());
    expect(renderer.findByTestId(EmptyState, 'metrics-preparing').find(Text).text).toContain('4,200 deals and 900 companies so far');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2), { timeout: 5_000 });
    await renderer.waitFor(() => expect(renderer.findByTestId(BarChart, 'metrics-pipeline-chart')).toBeTruthy());
  });

  it('shows the backend’s refusal in people’s words', async () => {
    answers({ ok: false, error: { code: 'FORBIDDEN', message: 'Alliance metrics are for admins, sales managers and the alliance team.' } });
    const renderer = render(<AllianceMetricsPage />);
    await renderer.waitFor(() =>
      expect(renderer.findAll(Text).map((text) => text.text)).toContain('Alliance metrics are for admins, sales managers and the alliance team.'),
    );
  });

  it('sits beside Routing approvals in the app page', () => {
    vi.spyOn(hubspot, 'fetch').mockReturnValue(new Promise(() => {}));
    const renderer = render(<AppPages />);
    expect(
      renderer
        .findByTestId(Tabs, 'app-page-tabs')
        .findAll(Tab)
        .map((tab) => tab.props.title),
    ).toEqual(['Routing approvals', 'Alliance metrics']);
  });
});
