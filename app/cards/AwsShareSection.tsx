import { Alert, Button, ButtonRow, Flex, Heading, Select, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { callBackendAction } from './backendActions.ts';
import { useCardIdentity } from './useCardIdentity.ts';

type CoSell = DealCosellResult['cosell'];

const INVOLVEMENT_OPTIONS = [
  { label: 'Co-sell: AWS sellers work the deal with us', value: 'Co-Sell' },
  { label: 'For visibility only: AWS is informed, no seller engagement', value: 'For Visibility Only' },
];
const VISIBILITY_OPTIONS = [
  { label: 'Full: AWS sees every detail', value: 'Full' },
  { label: 'Limited: AWS sees the customer and size only', value: 'Limited' },
];
const REJECTION_OPTIONS = ['Customer problem unclear', 'Next steps unclear', 'Unable to support', 'Duplicate of partner referral', 'Other'].map((value) => ({
  label: value,
  value,
}));

/**
 * "Share with AWS" and answering AWS's referrals, sent to the app backend with hubspot.fetch. The
 * buttons follow what the deal card's function computed; the backend decides who may act.
 */
export function AwsShareSection({ cosell, dealId, onChanged }: { cosell: CoSell; dealId: string; onChanged: () => void }) {
  const card = useCardIdentity();
  const [involvementType, setInvolvementType] = useState('Co-Sell');
  const [visibility, setVisibility] = useState('Full');
  const [holdReason, setHoldReason] = useState('');
  const [rejectionReason, setRejectionReason] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  if (cosell.cloud !== 'aws') return null;
  const referralPending = cosell.status.value === 'action_required' && (cosell.status.rawStatus ?? '').includes('PENDING');
  const canShare = (cosell.status.value === 'not_shared' || cosell.status.value === 'draft') && cosell.readiness?.ready === true;
  const hold = cosell.advice?.recommendation === 'hold';
  const { reviewComments, syncProblem, syncWaiting } = cosell.awsFeedback;
  if (!referralPending && !canShare && !outcome && !reviewComments && !syncProblem && !syncWaiting) return null;

  async function send(uid: string, body: Record<string, unknown>) {
    setBusy(true);
    setOutcome(null);
    const response = await callBackendAction<{ state: string; message: string }>(hubspot.fetch, uid, { dealId, ...body }, card);
    setBusy(false);
    setOutcome({ ok: response.ok && response.result.state !== 'failed', message: response.ok ? response.result.message : response.message });
    if (response.ok) onChanged();
  }

  return (
    <Flex direction="column" gap="xs" testId="aws-share">
      {syncProblem && (
        <Alert title="AWS refused the last change" variant="danger" testId="aws-sync-problem">
          {syncProblem}
        </Alert>
      )}
      {syncWaiting && (
        <Alert title="Waiting for AWS" variant="info" testId="aws-sync-waiting">
          {syncWaiting}
        </Alert>
      )}
      {reviewComments && <Text testId="aws-review-comments">AWS's comments: {reviewComments}</Text>}
      {canShare && (
        <>
          <Heading>Share with AWS</Heading>
          <Select
            label="How AWS takes part"
            name="involvementType"
            options={INVOLVEMENT_OPTIONS}
            value={involvementType}
            onChange={(v) => setInvolvementType(String(v))}
            testId="aws-involvement"
          />
          <Select
            label="What AWS sees"
            name="visibility"
            options={VISIBILITY_OPTIONS}
            value={visibility}
            onChange={(v) => setVisibility(String(v))}
            testId="aws-visibility"
          />
          {hold && (
            <TextArea
              label="Why share although the advice is to hold"
              name="holdReason"
              required
              description="At least 20 characters; kept on the deal."
              value={holdReason}
              onChange={setHoldReason}
              testId="aws-hold-reason"
            />
          )}
          <Button
            variant="primary"
            disabled={busy || (hold && holdReason.trim().length < 20)}
            onClick={() => send('ace_share', { involvementType, visibility, ...(hold ? { holdReason } : {}) })}
            testId="aws-share-submit"
          >
            Share with AWS
          </Button>
        </>
      )}
      {referralPending && (
        <>
          <Heading>AWS referral</Heading>
          <Text>Accept to see the customer and work the deal with AWS, or reject it with AWS's reason.</Text>
          <Select
            label="Reason to reject"
            name="rejectionReason"
            options={REJECTION_OPTIONS}
            value={rejectionReason}
            onChange={(v) => setRejectionReason(String(v))}
            testId="aws-rejection-reason"
          />
          <ButtonRow>
            <Button variant="primary" disabled={busy} onClick={() => send('ace_referral_answer', { decision: 'accept' })} testId="aws-accept">
              Accept referral
            </Button>
            <Button
              disabled={busy || !rejectionReason}
              onClick={() => send('ace_referral_answer', { decision: 'reject', rejectionReason })}
              testId="aws-reject"
            >
              Reject referral
            </Button>
          </ButtonRow>
        </>
      )}
      {outcome && (
        <Alert title={outcome.ok ? 'Sent to AWS' : 'AWS did not take it'} variant={outcome.ok ? 'success' : 'danger'} testId="aws-outcome">
          {outcome.message}
        </Alert>
      )}
    </Flex>
  );
}
