import { useRef, useState } from 'react';
import { Accordion, Alert, Button, ButtonRow, Flex, List, Select, StatusTag, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { useCardIdentity } from './useCardIdentity.ts';
import { callBackendAction, newIdempotencyKey } from './backendActions.ts';
import { RequestStakes } from './RequestStakes.tsx';
import { IntegrityNotice } from './IntegrityNotice.tsx';

type Gate = DealCosellResult['gate'];
type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';

const STATUS_VARIANTS: Record<Gate['status'], TagVariant> = {
  none: 'default',
  requested: 'info',
  awaiting_senior: 'info',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
  invalidated: 'warning',
  expired: 'warning',
};

const usd = (amount: number) => `${amount.toLocaleString('en-US')} USD`;
const day = (iso: string) => iso.slice(0, 10);

/**
 * The deal card's exception gate. It renders what the deal function computed and sends decisions
 * to the app backend with hubspot.fetch; the buttons shown follow the function's viewer hints, but
 * only the backend decides, on the identity HubSpot signs into the request.
 */
export function GateSection({ gate, dealId, onChanged }: { gate: Gate; dealId: string; onChanged: () => void }) {
  const card = useCardIdentity();
  const [reasonCode, setReasonCode] = useState<string | undefined>(undefined);
  const [justification, setJustification] = useState('');
  const [comment, setComment] = useState('');
  const [route, setRoute] = useState<string | undefined>(gate.routeChosen ?? undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  // One key per action on one version: a retried click replays instead of acting twice.
  const keys = useRef<Record<string, string>>({});
  const keyFor = (action: string) => (keys.current[`${action}:${gate.version}:${gate.routeChosen ?? ''}`] ??= newIdempotencyKey());

  async function send(action: string, uid: string, body: Record<string, unknown>) {
    setBusy(true);
    setOutcome(null);
    const response = await callBackendAction(hubspot.fetch, uid, { dealId, idempotencyKey: keyFor(action), ...body }, card);
    setBusy(false);
    setOutcome(response.ok ? { ok: true, message: response.message } : { ok: false, message: response.message });
    if (response.ok) {
      setJustification('');
      setComment('');
      onChanged();
    }
  }
  const decision = (kind: 'withdraw' | 'approve' | 'reject') =>
    send(kind, `gate_${kind}`, { expectedVersion: gate.version, ...(comment.trim() ? { comment } : {}) });

  const hints = gate.viewerHints;
  const pending = gate.status === 'requested' || gate.status === 'awaiting_senior';
  const exceptionNeeded = gate.gateRoute !== null && gate.gateRoute !== 'direct';
  const canRequest = hints.canRequest && exceptionNeeded;
  // The one action the viewer has now; the route choice is secondary unless nothing else applies.
  const primary: 'decide' | 'withdraw' | 'request' | 'route' | null =
    pending && hints.canDecide ? 'decide' : pending && hints.canWithdraw ? 'withdraw' : canRequest ? 'request' : hints.canSetRoute ? 'route' : null;

  const requestForm = (
    <Flex direction="column" gap="xs" testId="gate-request-form">
      <Select
        label="Reason"
        name="reasonCode"
        required
        options={gate.reasonOptions}
        value={reasonCode}
        onChange={(value) => setReasonCode(String(value))}
        testId="gate-reason"
      />
      <TextArea
        label="Justification"
        name="justification"
        required
        description="At least 30 characters: why direct is right for this customer."
        value={justification}
        onChange={setJustification}
        testId="gate-justification"
      />
      <Button
        variant="primary"
        disabled={busy || !reasonCode}
        onClick={() => send('request', 'gate_request', { expectedVersion: gate.version, reasonCode, justification })}
        testId="gate-request-submit"
      >
        Request exception
      </Button>
    </Flex>
  );
  const routeForm = (
    <Flex direction="row" gap="sm" align="end" testId="gate-route-form">
      <Select label="Co-sell route" name="route" options={gate.routeOptions} value={route} onChange={(value) => setRoute(String(value))} testId="gate-route" />
      <Button
        disabled={busy || !route || route === gate.routeChosen}
        onClick={() => send(`route-${route}`, 'gate_set_route', { route })}
        testId="gate-set-route"
      >
        Set route
      </Button>
    </Flex>
  );

  return (
    <Flex direction="column" gap="xs" testId="gate-section">
      <Flex direction="row" gap="sm" align="center" wrap="wrap">
        <Text format={{ fontWeight: 'bold' }}>Direct-route exception</Text>
        <StatusTag variant={STATUS_VARIANTS[gate.status]} testId="gate-status">
          {gate.statusLabel}
        </StatusTag>
        {gate.expiresAt && gate.status === 'approved' && <Text variant="microcopy">Valid until {day(gate.expiresAt)}</Text>}
      </Flex>
      <Text testId="gate-route-required">
        {gate.gateRoute === null
          ? 'Whether going direct needs an exception is known once the deal has a recommendation.'
          : exceptionNeeded
            ? `${labelOf(gate.routeOptions, gate.gateRoute)} is required unless a manager approves going direct.`
            : 'No exception needed: either route is allowed.'}{' '}
        <Text inline testId="gate-route-chosen">
          Route chosen: {gate.routeChosen ? labelOf(gate.routeOptions, gate.routeChosen) : 'not set'}
        </Text>
      </Text>
      {gate.request && pending && (
        <Text testId="gate-request">
          {gate.request.requester} asked on {day(gate.request.requestedAt)}: {gate.request.reasonLabel}. "{gate.request.justification}"
          {gate.request.escalated ? ' Escalated: needs a senior approval too.' : ''}
        </Text>
      )}
      {gate.request && pending && <RequestStakes brief={gate.request} testId="gate-stakes" />}

      <Flex direction="column" gap="xs" testId="gate-action">
        {primary === 'decide' && (
          <Flex direction="column" gap="xs" testId="gate-decision-form">
            <TextArea
              label={hints.decidesAsOverride ? 'Comment (you decide as admin override)' : 'Comment'}
              name="comment"
              description="Required to reject (at least 10 characters)."
              value={comment}
              onChange={setComment}
              testId="gate-comment"
            />
            <ButtonRow>
              <Button variant="primary" disabled={busy} onClick={() => decision('approve')} testId="gate-approve">
                Approve
              </Button>
              <Button variant="destructive" disabled={busy} onClick={() => decision('reject')} testId="gate-reject">
                Reject
              </Button>
            </ButtonRow>
          </Flex>
        )}
        {primary === 'withdraw' && (
          <Button disabled={busy} onClick={() => decision('withdraw')} testId="gate-withdraw">
            Withdraw request
          </Button>
        )}
        {primary === 'request' && (
          <Accordion title="Request an exception to go direct" testId="gate-request-open">
            {requestForm}
          </Accordion>
        )}
        {primary === 'route' && routeForm}
        {primary === null && (
          <Text variant="microcopy">
            {pending
              ? "Waiting for the approver of the deal owner's team."
              : 'Nothing for you to do here: the deal owner or their team can request an exception or choose the route.'}
          </Text>
        )}
      </Flex>
      <IntegrityNotice integrity={gate.integrity} what="The gate data" />
      {gate.violation.count > 0 && (
        <Alert
          title={gate.violation.flagged ? 'Gate violation' : 'Past gate violations'}
          variant={gate.violation.flagged ? 'danger' : 'warning'}
          testId="gate-violation"
        >
          This deal entered a contract or closed-won stage without a marketplace route and without a valid exception {gate.violation.count}{' '}
          {gate.violation.count === 1 ? 'time' : 'times'}
          {gate.violation.detectedAt ? ` (last on ${day(gate.violation.detectedAt)})` : ''}. The owner's manager was notified.
        </Alert>
      )}
      {primary !== 'route' && hints.canSetRoute && (
        <Accordion title="Choose the route" testId="gate-route-open">
          {routeForm}
        </Accordion>
      )}

      {outcome && (
        <Alert title={outcome.ok ? 'Done' : 'Refused'} variant={outcome.ok ? 'success' : 'danger'} testId="gate-outcome">
          {outcome.message}
        </Alert>
      )}
    </Flex>
  );
}

/** The label of a route among the gate's options (the options carry every route). */
function labelOf(options: Gate['routeOptions'], value: string): string {
  return options.find((option) => option.value === value)?.label ?? 'Unknown route';
}

/** The exception's record: what was asked, who decided, what the gate said, and the history. */
export function GateDetails({ gate }: { gate: Gate }) {
  const decided = gate.status === 'approved' || gate.status === 'rejected';
  return (
    <Accordion title="Exception details and history" testId="gate-details">
      <Flex direction="column" gap="xs">
        {gate.facts && <Text>Deal amount judged: {usd(gate.facts.amountUsd)}</Text>}
        {!gate.factsProblem && (
          <Text variant="microcopy" testId="gate-direct-assessment">
            {gate.direct.message}
          </Text>
        )}
        {gate.request && decided && (
          <Text testId="gate-request">
            {gate.request.requester} asked on {day(gate.request.requestedAt)}: {gate.request.reasonLabel}. "{gate.request.justification}"
            {gate.request.escalated ? ' Escalated: needs a senior approval too.' : ''}
          </Text>
        )}
        {gate.approvals.map((approval) => (
          <Text key={`${approval.step}-${approval.at}`} variant="microcopy">
            {approval.step === 'team' ? 'Team approval' : 'Senior approval'} by {approval.approver} on {day(approval.at)}
            {approval.override ? ' (admin override)' : ''}
            {approval.comment ? `: ${approval.comment}` : ''}
          </Text>
        ))}
        {gate.history.length > 0 ? (
          <List testId="gate-history">
            {gate.history.map((entry) => (
              <Text key={entry.version} variant="microcopy">
                {day(entry.at)} · {entry.actor}: {entry.from} → {entry.to}
                {entry.override ? ' (admin override)' : ''}
                {entry.comment ? ` · ${entry.comment}` : ''}
              </Text>
            ))}
          </List>
        ) : (
          <Text variant="microcopy">No exception has been requested on this deal.</Text>
        )}
      </Flex>
    </Accordion>
  );
}
