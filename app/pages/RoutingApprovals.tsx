import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  ButtonRow,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  Input,
  Select,
  LoadingSpinner,
  StatusTag,
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
import type { gateApprovalsContract } from '../../src/backend/gate/actions.ts';
import { callBackendAction, newIdempotencyKey } from '../cards/backendActions.ts';
import { useCardIdentity } from '../cards/useCardIdentity.ts';
import { RequestStakes, ageText } from '../cards/RequestStakes.tsx';

type Approvals = z.infer<typeof gateApprovalsContract.result>;
type Pending = Approvals['pending'][number];

const ALL = 'all';
const AGE_OPTIONS = [
  { label: 'Any age', value: '0' },
  { label: 'Waiting 2 days or more', value: '2' },
  { label: 'Waiting 7 days or more', value: '7' },
];

/** The distinct values of one field, as Select options after an "all" option. */
function optionsOf(items: readonly Pending[], field: 'team' | 'cloud', allLabel: string) {
  const values = [...new Set(items.map((item) => item[field]).filter((value): value is string => value !== null))].sort();
  return [{ label: allLabel, value: ALL }, ...values.map((value) => ({ label: value, value }))];
}

/**
 * "Routing approvals": the direct-route exception requests the signed-in person may decide, with
 * the decision inline, and the recent decisions they can see. The list comes from a signed backend
 * action because it depends on who is looking; the page never names the viewer itself.
 */
export function RoutingApprovalsPage() {
  const card = useCardIdentity();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: Approvals }>({
    status: 'loading',
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    // callBackendAction answers every failure itself; it never rejects.
    void callBackendAction<Approvals & { message?: string }>(hubspot.fetch, 'gate_approvals', {}, card).then((answer) => {
      if (!current) return;
      setState(answer.ok ? { status: 'ready', data: answer.result } : { status: 'error', message: answer.message });
    });
    return () => {
      current = false;
    };
  }, [generation, card]);

  if (state.status === 'loading') return <LoadingSpinner label="Loading routing approvals" layout="centered" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="Routing approvals could not load">
        <Text>{state.message}</Text>
        <Button onClick={reload} testId="approvals-retry">
          Try again
        </Button>
      </ErrorState>
    );
  }
  const { pending, recent } = state.data;
  return (
    <Flex direction="column" gap="md" testId="approvals-page">
      <Heading>Routing approvals</Heading>
      <Text>
        Direct-route exception requests waiting for your decision, with what going direct costs. Every decision is recorded on the deal with your name, and the
        requester gets a task.
      </Text>
      {pending.length === 0 ? (
        <EmptyState title="Nothing to decide" layout="vertical" testId="approvals-empty">
          <Text>No pending exception request is waiting for you.</Text>
        </EmptyState>
      ) : (
        <PendingRequests pending={pending} onDecided={reload} />
      )}
      <Heading>Recent decisions</Heading>
      {recent.length === 0 ? (
        <Text testId="approvals-recent-empty">No decisions in the last 30 days.</Text>
      ) : (
        <Table bordered testId="approvals-recent">
          <TableHead>
            <TableRow>
              <TableHeader>Deal</TableHeader>
              <TableHeader>Decision</TableHeader>
              <TableHeader>By</TableHeader>
              <TableHeader>When</TableHeader>
              <TableHeader>Comment</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {recent.map((decision) => (
              <TableRow key={`${decision.dealId}:${decision.at}`}>
                <TableCell>{decision.dealName}</TableCell>
                <TableCell>
                  <StatusTag variant={decision.action === 'approve' ? 'success' : 'danger'}>
                    {decision.action === 'approve' ? 'Approved' : 'Rejected'}
                    {decision.override ? ' (override)' : ''}
                  </StatusTag>
                </TableCell>
                <TableCell>{decision.by}</TableCell>
                <TableCell>{decision.at.slice(0, 10)}</TableCell>
                <TableCell>{decision.comment ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}

function PendingRequests({ pending, onDecided }: { pending: Pending[]; onDecided: () => void }) {
  const [team, setTeam] = useState(ALL);
  const [cloud, setCloud] = useState(ALL);
  const [minAge, setMinAge] = useState('0');
  const shown = pending.filter((item) => (team === ALL || item.team === team) && (cloud === ALL || item.cloud === cloud) && item.ageDays >= Number(minAge));
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" testId="approvals-filters">
        <Select
          label="Team"
          name="team"
          value={team}
          options={optionsOf(pending, 'team', 'All teams')}
          onChange={(value) => setTeam(String(value ?? ALL))}
          testId="approvals-filter-team"
        />
        <Select
          label="Cloud"
          name="cloud"
          value={cloud}
          options={optionsOf(pending, 'cloud', 'All clouds')}
          onChange={(value) => setCloud(String(value ?? ALL))}
          testId="approvals-filter-cloud"
        />
        <Select
          label="Age"
          name="age"
          value={minAge}
          options={AGE_OPTIONS}
          onChange={(value) => setMinAge(String(value ?? '0'))}
          testId="approvals-filter-age"
        />
      </Flex>
      <Text variant="microcopy" testId="approvals-count">
        {shown.length === pending.length ? `${pending.length} waiting` : `${shown.length} of ${pending.length} waiting match the filters`}
      </Text>
      {shown.length > 0 && (
        <Table bordered testId="approvals-pending">
          <TableHead>
            <TableRow>
              <TableHeader>Request</TableHeader>
              <TableHeader>What going direct costs</TableHeader>
              <TableHeader>Decision</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((item) => (
              <PendingRow key={`${item.dealId}:${item.version}`} item={item} onDecided={onDecided} />
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}

function PendingRow({ item, onDecided }: { item: Pending; onDecided: () => void }) {
  const card = useCardIdentity();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const keys = useRef<Record<string, string>>({});

  async function decide(kind: 'approve' | 'reject') {
    setBusy(true);
    setRefusal(null);
    const answer = await callBackendAction(
      hubspot.fetch,
      `gate_${kind}`,
      {
        dealId: item.dealId,
        expectedVersion: item.version,
        idempotencyKey: (keys.current[kind] ??= newIdempotencyKey()),
        ...(comment.trim() ? { comment } : {}),
      },
      card,
    );
    setBusy(false);
    if (answer.ok) onDecided();
    else setRefusal(answer.message);
  }

  return (
    <TableRow testId={`approval-${item.dealId}`}>
      <TableCell>
        <Text format={{ fontWeight: 'bold' }}>{item.dealName}</Text>
        <Text variant="microcopy">
          {[item.team, item.cloud, item.step === 'senior' ? 'Senior approval' : 'Team approval', `asked ${ageText(item.ageDays)}`].filter(Boolean).join(' · ')}
        </Text>
        <Text>
          {item.reasonLabel}: "{item.justification}"
        </Text>
      </TableCell>
      <TableCell>
        <RequestStakes brief={item} testId={`approval-stakes-${item.dealId}`} />
      </TableCell>
      <TableCell>
        <Input label="Comment" name="comment" value={comment} onChange={setComment} testId={`approval-comment-${item.dealId}`} />
        <ButtonRow>
          <Button variant="primary" disabled={busy} onClick={() => decide('approve')} testId={`approval-approve-${item.dealId}`}>
            {item.override ? 'Approve (override)' : 'Approve'}
          </Button>
          <Button variant="destructive" disabled={busy} onClick={() => decide('reject')} testId={`approval-reject-${item.dealId}`}>
            Reject
          </Button>
        </ButtonRow>
        {refusal && (
          <Alert title="Refused" variant="danger" testId={`approval-refusal-${item.dealId}`}>
            {refusal}
          </Alert>
        )}
      </TableCell>
    </TableRow>
  );
}
