import { useCallback, useEffect, useState } from 'react';
import {
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LineChart,
  Link,
  LoadingSpinner,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  hubspot,
} from '@hubspot/ui-extensions';
import type { z } from 'zod';
import type { allianceMetricsContract } from '../../src/backend/metrics/actions.ts';
import { callBackendAction } from '../cards/backendActions.ts';
import { useCardIdentity } from '../cards/useCardIdentity.ts';

type Answer = z.infer<typeof allianceMetricsContract.result>;
type Ready = Extract<Answer, { status: 'ready' }>;
type Section = Ready['sections'][number];
type Figure = Section['figures'][number];

const POLL_MS = 2_000;
const CLOUD_NAMES = { aws: 'AWS', azure: 'Microsoft', gcp: 'Google Cloud' } as const;

/** The last twelve months, newest first, as YYYY-MM with a readable label. */
function monthChoices(today: Date): { label: string; value: string }[] {
  return Array.from({ length: 12 }, (_, index) => {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - index, 1));
    return { value: date.toISOString().slice(0, 7), label: date.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }) };
  });
}

function display(figure: Pick<Figure, 'unit' | 'value'>): string {
  if (figure.value === null) return 'n/a';
  const number = Number(figure.value);
  switch (figure.unit) {
    case 'usd':
      return `$${number.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'ratio':
      return `${(number * 100).toFixed(1)}%`;
    case 'days':
      return `${figure.value} days`;
    case 'count':
      return figure.value;
  }
}

/** Where HubSpot shows the portal's records: the UI domain HubSpot gives for the portal (EU portals differ from app.hubspot.com). */
const recordsAt = (uiDomain: string, portalId: number | string) => `https://${uiDomain}/contacts/${portalId}/record`;

/**
 * "Alliance metrics": the month's alliance figures for the monthly review, each with its written
 * definition and the records behind it. The backend computes them (the same definitions as
 * `cosell kpis`) from a snapshot of the portal it keeps current; the page only renders.
 */
export function AllianceMetricsPage() {
  const card = useCardIdentity();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [teamId, setTeamId] = useState('');
  const [ownerUserId, setOwnerUserId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'answered'; answer: Answer }>({
    status: 'loading',
  });
  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    const parameters = { ...(month ? { month } : {}), ...(teamId ? { teamId } : {}), ...(ownerUserId ? { ownerUserId } : {}) };
    void callBackendAction<Answer & { message?: string }>(hubspot.fetch, 'alliance_metrics', parameters, card).then((answer) => {
      if (!current) return;
      setState(answer.ok ? { status: 'answered', answer: answer.result } : { status: 'error', message: answer.message });
      // While the backend reads the portal, ask again shortly.
      if (answer.ok && answer.result.status === 'preparing') setTimeout(() => current && retry(), POLL_MS);
    });
    return () => {
      current = false;
    };
  }, [month, teamId, ownerUserId, attempt, card, retry]);

  if (state.status === 'loading') return <LoadingSpinner label="Loading alliance metrics" layout="centered" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="Alliance metrics could not load">
        <Text>{state.message}</Text>
        <Button onClick={retry} testId="metrics-retry">
          Try again
        </Button>
      </ErrorState>
    );
  }
  const { answer } = state;
  if (answer.status === 'preparing') {
    return (
      <EmptyState title="Reading the portal" layout="vertical" testId="metrics-preparing">
        <Text>
          The app is reading every deal and company for the figures: {answer.dealsRead.toLocaleString('en-US')} deals and{' '}
          {answer.companiesRead.toLocaleString('en-US')} companies so far. This page fills in by itself.
        </Text>
      </EmptyState>
    );
  }
  return (
    <MetricsView
      data={answer}
      onMonth={setMonth}
      onTeam={setTeamId}
      onOwner={setOwnerUserId}
      teamId={teamId}
      ownerUserId={ownerUserId}
      portalId={card.portalId}
    />
  );
}

function MetricsView(props: {
  data: Ready;
  teamId: string;
  ownerUserId: string;
  portalId: number | string;
  onMonth: (month: string) => void;
  onTeam: (teamId: string) => void;
  onOwner: (userId: string) => void;
}) {
  const { data, portalId } = props;
  const pipeline = data.sections.find((section) => section.id === 'pipeline');
  const marketplace = data.sections.find((section) => section.id === 'marketplace');
  return (
    <Flex direction="column" gap="md" testId="metrics-page">
      <Heading>Alliance metrics</Heading>
      <Text>
        The alliance function’s monthly figures. Each number has its definition beside it and opens the records behind it. Figures as of{' '}
        {new Date(data.snapshotTakenAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC
        {data.refreshing ? ' (a newer reading is under way)' : ''}.
      </Text>
      <Flex direction="row" gap="sm" wrap="wrap">
        <Select
          label="Month"
          name="month"
          value={data.month}
          options={monthChoices(new Date(data.snapshotTakenAt))}
          onChange={(value) => props.onMonth(String(value))}
          testId="metrics-month"
        />
        <Select
          label="Team"
          name="team"
          value={props.teamId}
          options={[{ label: 'All teams', value: '' }, ...data.teams.map((team) => ({ label: team.name, value: team.id }))]}
          onChange={(value) => props.onTeam(String(value ?? ''))}
          testId="metrics-team"
        />
        <Select
          label="Owner"
          name="owner"
          value={props.ownerUserId}
          options={[{ label: 'All owners', value: '' }, ...data.owners.map((owner) => ({ label: owner.name, value: owner.userId }))]}
          onChange={(value) => props.onOwner(String(value ?? ''))}
          testId="metrics-owner"
        />
      </Flex>
      {pipeline && (
        <BarChart
          data={pipeline.figures.map((figure) => ({
            cloud: figure.cloud ? CLOUD_NAMES[figure.cloud] : '',
            kind: figure.label.replace(/, (AWS|Microsoft|Google Cloud)$/, ''),
            usd: Number(figure.value ?? 0),
          }))}
          axes={{
            x: { field: 'cloud', fieldType: 'category', label: 'Cloud' },
            y: { field: 'usd', fieldType: 'linear', label: 'USD' },
            options: { groupFieldByColor: 'kind' },
          }}
          options={{ title: 'Sourced and influenced pipeline this month', showLegend: true, showTooltips: true }}
          testId="metrics-pipeline-chart"
        />
      )}
      {marketplace && (
        <BarChart
          data={marketplace.figures
            .filter((figure) => figure.id.startsWith('marketplace.value.'))
            .map((figure) => ({ marketplace: figure.cloud ? CLOUD_NAMES[figure.cloud] : '', usd: Number(figure.value ?? 0) }))}
          axes={{ x: { field: 'marketplace', fieldType: 'category', label: 'Marketplace' }, y: { field: 'usd', fieldType: 'linear', label: 'USD won' } }}
          options={{ title: 'Won through each marketplace', showTooltips: true, showDataLabels: true }}
          testId="metrics-marketplace-chart"
        />
      )}
      <LineChart
        data={data.trend.map((point) => ({ month: point.month, series: point.series, usd: point.valueUsd }))}
        axes={{
          x: { field: 'month', fieldType: 'category', label: 'Month' },
          y: { field: 'usd', fieldType: 'linear', label: 'USD won' },
          options: { groupFieldByColor: 'series' },
        }}
        options={{ title: 'Won pipeline, last six months', showLegend: true, showTooltips: true }}
        testId="metrics-trend-chart"
      />
      {data.sections.map((section) => (
        <SectionTable key={section.id} section={section} records={recordsAt(data.uiDomain, portalId)} />
      ))}
      {data.unconvertedDealIds.length > 0 && (
        <Text variant="microcopy" testId="metrics-unconverted">
          {data.unconvertedDealIds.length} deal(s) are in a currency the routing policy has no rate for and are left out of the money figures.
        </Text>
      )}
    </Flex>
  );
}

function SectionTable({ section, records }: { section: Section; records: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Flex direction="column" gap="xs" testId={`metrics-section-${section.id}`}>
      <Heading>{section.title}</Heading>
      <Text variant="microcopy">{section.definition}</Text>
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Figure</TableHeader>
            <TableHeader>Value</TableHeader>
            <TableHeader>What it counts</TableHeader>
            <TableHeader>Records</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {section.figures.map((figure) => (
            <TableRow key={figure.id} testId={`metric-${figure.id}`}>
              <TableCell>{figure.label}</TableCell>
              <TableCell>
                <Text format={{ fontWeight: 'bold' }}>{display(figure)}</Text>
              </TableCell>
              <TableCell>
                <Text variant="microcopy">{figure.definition}</Text>
              </TableCell>
              <TableCell>
                <FigureRecords figure={figure} records={records} open={open === figure.id} onToggle={() => setOpen(open === figure.id ? null : figure.id)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

function FigureRecords({ figure, records, open, onToggle }: { figure: Figure; records: string; open: boolean; onToggle: () => void }) {
  const count = figure.dealCount > 0 ? figure.dealCount : figure.companyCount;
  if (count === 0) return <Text variant="microcopy">none</Text>;
  const noun = figure.dealCount > 0 ? (count === 1 ? 'deal' : 'deals') : count === 1 ? 'company' : 'companies';
  return (
    <Flex direction="column" gap="flush">
      <Button variant="transparent" size="xs" onClick={onToggle} testId={`metric-records-${figure.id}`}>
        {open ? 'Hide' : `${count.toLocaleString('en-US')} ${noun}`}
      </Button>
      {open &&
        figure.records.map((record) => (
          <Link key={record.id} href={{ url: `${records}/${record.objectTypeId}/${record.id}`, external: false }} testId={`metric-record-${record.id}`}>
            {record.name}
          </Link>
        ))}
      {open && figure.records.length < count && (
        <Text variant="microcopy">{`and ${(count - figure.records.length).toLocaleString('en-US')} more: cosell kpis --csv lists every one.`}</Text>
      )}
    </Flex>
  );
}
