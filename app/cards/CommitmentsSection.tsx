import { useRef, useState } from 'react';
import {
  Accordion,
  Alert,
  Button,
  DateInput,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Form,
  Heading,
  Input,
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
import type { CommitmentsSection as Commitments } from '../../src/hubspot/records/commitments.ts';
import { callBackendAction, newIdempotencyKey } from './backendActions.ts';
import { calendarDateOf, isoDateOf } from './calendarDate.ts';
import { formatMoney } from './CardStates.tsx';
import { useCardIdentity } from './useCardIdentity.ts';

type CloudCommitment = Commitments['clouds'][number];

const usd = (amount: string | null) => (amount === null ? 'Not recorded' : formatMoney(amount, 'USD'));

/**
 * Each cloud's commitment on the company: a one-line summary per cloud up front, the details and the
 * alliance manager's form in accordions. Saving goes to the backend, which decides who may.
 */
export function CommitmentsSection({
  commitments,
  companyId,
  mayEdit,
  onChanged,
}: {
  commitments: Commitments;
  companyId: string;
  mayEdit: boolean;
  onChanged: () => void;
}) {
  return (
    <Flex direction="column" gap="xs" testId="commitments-section">
      <Heading>Cloud commitments</Heading>
      <Table bordered testId="commitments-summary">
        <TableHead>
          <TableRow>
            <TableHeader>Cloud</TableHeader>
            <TableHeader>Capacity left</TableHeader>
            <TableHeader>Renews</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {commitments.clouds.map((item) => (
            <TableRow key={item.cloud} testId={`commitment-${item.cloud}`}>
              <TableCell>
                {item.cloudLabel}
                {item.recorded ? '' : ' (unconfirmed)'}
              </TableCell>
              <TableCell>{item.program === 'none' ? 'No commitment' : usd(item.capacityLeftUsd)}</TableCell>
              <TableCell>{item.renewalDate ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Accordion title="Commitment details" testId="commitments-details">
        <Flex direction="column" gap="sm">
          {commitments.clouds.map((item) => (
            <CommitmentDetails key={item.cloud} item={item} />
          ))}
        </Flex>
      </Accordion>
      {mayEdit ? (
        <Accordion title="Record a commitment" testId="commitments-edit">
          <CommitmentForm commitments={commitments} companyId={companyId} onChanged={onChanged} />
        </Accordion>
      ) : (
        <Text variant="microcopy" testId="commitments-read-only">
          Alliance managers record commitments here; you can see them.
        </Text>
      )}
    </Flex>
  );
}

function CommitmentDetails({ item }: { item: CloudCommitment }) {
  return (
    <Flex direction="column" gap="xs" testId={`commitment-details-${item.cloud}`}>
      <Text format={{ fontWeight: 'bold' }}>
        {item.cloudLabel}: {item.programLabel ?? 'No program recorded'}
      </Text>
      <DescriptionList direction="row">
        <DescriptionListItem label="Annual commitment">
          <Text>{usd(item.annualCommitmentUsd)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Capacity left">
          <Text>{usd(item.capacityLeftUsd)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Marketplace spend this year">
          <Text>{usd(item.marketplaceSpendThisYearUsd)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Renewal date">
          <Text>{item.renewalDate ?? 'Not recorded'}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Text variant="microcopy" testId={`commitment-source-${item.cloud}`}>
        Source: {item.source}
        {item.updatedAt ? `. Last update ${item.updatedAt.slice(0, 10)}${item.updatedBy ? ` by ${item.updatedBy}` : ''}.` : '.'}
      </Text>
    </Flex>
  );
}

interface Draft {
  program: string;
  annualCommitmentUsd: string;
  capacityLeftUsd: string;
  marketplaceSpendThisYearUsd: string;
  renewalDate: string;
  source: string;
}

const draftOf = (item: CloudCommitment | undefined, programs: Commitments['programOptions'][keyof Commitments['programOptions']]): Draft => ({
  program: item?.program ?? programs[0]?.value ?? '',
  annualCommitmentUsd: item?.annualCommitmentUsd ?? '',
  capacityLeftUsd: item?.capacityLeftUsd ?? '',
  marketplaceSpendThisYearUsd: item?.marketplaceSpendThisYearUsd ?? '',
  renewalDate: item?.renewalDate ?? '',
  source: item?.recorded ? item.source : '',
});

function CommitmentForm({ commitments, companyId, onChanged }: { commitments: Commitments; companyId: string; onChanged: () => void }) {
  const card = useCardIdentity();
  const [cloud, setCloud] = useState(commitments.clouds[0]!.cloud);
  const itemOf = (value: string) => commitments.clouds.find((item) => item.cloud === value);
  const [draft, setDraft] = useState<Draft>(() => draftOf(itemOf(cloud), commitments.programOptions[cloud]));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  // One key per cloud on one version: a retried click replays instead of saving twice.
  const keys = useRef<Record<string, string>>({});
  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));

  async function save() {
    setBusy(true);
    setOutcome(null);
    const answer = await callBackendAction(
      hubspot.fetch,
      'commitment_set',
      {
        companyId,
        cloud,
        expectedVersion: commitments.version,
        idempotencyKey: (keys.current[`${cloud}:${commitments.version}`] ??= newIdempotencyKey()),
        ...draft,
      },
      card,
    );
    setBusy(false);
    setOutcome({ ok: answer.ok, message: answer.message });
    if (answer.ok) onChanged();
  }

  return (
    <Form testId="commitment-form" onSubmit={() => void save()}>
      <Flex direction="column" gap="xs">
        <Select
          label="Cloud"
          name="commitment-cloud"
          value={cloud}
          options={commitments.clouds.map((item) => ({ label: item.cloudLabel, value: item.cloud }))}
          onChange={(value) => {
            const next = commitments.clouds.find((item) => item.cloud === value)?.cloud ?? cloud;
            setCloud(next);
            setDraft(draftOf(itemOf(next), commitments.programOptions[next]));
          }}
          testId="commitment-cloud"
        />
        <Select
          label="Program"
          name="commitment-program"
          value={draft.program}
          options={commitments.programOptions[cloud]}
          onChange={(value) => set({ program: String(value ?? '') })}
          testId="commitment-program"
        />
        <Input
          label="Annual commitment (USD)"
          name="commitment-annual"
          value={draft.annualCommitmentUsd}
          onChange={(value) => set({ annualCommitmentUsd: value })}
          testId="commitment-annual"
        />
        <Input
          label="Capacity left (USD)"
          name="commitment-left"
          value={draft.capacityLeftUsd}
          onChange={(value) => set({ capacityLeftUsd: value })}
          testId="commitment-left"
        />
        <Input
          label="Marketplace spend this year (USD)"
          name="commitment-spend"
          value={draft.marketplaceSpendThisYearUsd}
          onChange={(value) => set({ marketplaceSpendThisYearUsd: value })}
          testId="commitment-spend"
        />
        <DateInput
          label="Renewal date"
          name="commitment-renewal"
          format="medium"
          clearButtonLabel="Clear"
          value={calendarDateOf(draft.renewalDate)}
          onChange={(value) => set({ renewalDate: value ? isoDateOf(value) : '' })}
          testId="commitment-renewal"
        />
        <Input label="Source" name="commitment-source" value={draft.source} onChange={(value) => set({ source: value })} testId="commitment-source" />
        <Button type="submit" variant="primary" disabled={busy} testId="commitment-save">
          Save commitment
        </Button>
        {outcome && (
          <Alert title={outcome.ok ? 'Saved' : 'Not saved'} variant={outcome.ok ? 'success' : 'danger'} testId="commitment-outcome">
            {outcome.message}
          </Alert>
        )}
      </Flex>
    </Form>
  );
}
