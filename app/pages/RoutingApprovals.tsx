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

type Approvals = z.infer<typeof gateApprovalsContract.result>;
type Pending = Approvals['pending'][number];

const usd = (amount: number) => `${amount.toLocaleString('en-US')} USD`;

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
      <Text>Direct-route exception requests waiting for your decision. Every decision is recorded on the deal with your name.</Text>
      {pending.length === 0 ? (
        <EmptyState title="Nothing to decide" layout="vertical" testId="approvals-empty">
          <Text>No pending exception request is waiting for you.</Text>
        </EmptyState>
      ) : (
        <Table bordered testId="approvals-pending">
          <TableHead>
            <TableRow>
              <TableHeader>Deal</TableHeader>
              <TableHeader>Age</TableHeader>
              <TableHeader>Amount</TableHeader>
              <TableHeader>Cloud</TableHeader>
              <TableHeader>Reason</TableHeader>
              <TableHeader>Requester</TableHeader>
              <TableHeader>Decision</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {pending.map((item) => (
              <PendingRow key={`${item.dealId}:${item.version}`} item={item} onDecided={reload} />
            ))}
          </TableBody>
        </Table>
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
        <Text variant="microcopy">{item.justification}</Text>
        {item.escalated && <Text variant="microcopy">{item.step === 'senior' ? 'Escalated: senior approval' : 'Escalated: senior approval follows'}</Text>}
      </TableCell>
      <TableCell>{item.ageDays === 0 ? 'today' : `${item.ageDays} d`}</TableCell>
      <TableCell>{usd(item.amountUsd)}</TableCell>
      <TableCell>{item.cloud ?? '—'}</TableCell>
      <TableCell>{item.reasonCode.replaceAll('_', ' ')}</TableCell>
      <TableCell>{item.requester}</TableCell>
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
