import { useRef, useState, type ReactNode } from 'react';
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
  List,
  Select,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  TextArea,
  hubspot,
} from '@hubspot/ui-extensions';
import type { CompanyAllianceResult } from '../../src/functions/contracts.ts';
import { useCardIdentity } from './useCardIdentity.ts';
import { callBackendAction, newIdempotencyKey } from './backendActions.ts';
import { calendarDateOf, isoDateOf } from './calendarDate.ts';
import { formatMoney } from './CardStates.tsx';

type Result = CompanyAllianceResult;
type Ringfence = Result['ringfence'];

const STATUS: Record<Ringfence['status'], { label: string; variant: 'success' | 'warning' | 'default' | 'danger' }> = {
  none: { label: 'Not ring-fenced', variant: 'default' },
  active: { label: 'Active', variant: 'success' },
  expired: { label: 'Expired', variant: 'warning' },
  released: { label: 'Released', variant: 'default' },
};

const CLOUD_OPTIONS = [
  { label: 'AWS', value: 'aws' },
  { label: 'Microsoft Azure', value: 'azure' },
  { label: 'Google Cloud', value: 'gcp' },
];
const EVIDENCE_OPTIONS = [
  { label: 'Hyperscaler AE introduction', value: 'hyperscaler_ae_introduction' },
  { label: 'Partner development manager referral', value: 'pdm_referral' },
  { label: 'AWS-originated opportunity or invitation', value: 'aws_originated_opportunity_or_invitation' },
  { label: 'Joint account plan', value: 'joint_account_plan' },
];

const day = (iso: string) => iso.slice(0, 10);

/**
 * The company card's ring-fence: what the company function computed, and (for alliance managers,
 * as a display hint only) the register, extend and release forms. The backend decides who may act.
 */
export function RingfenceSection({
  result,
  mayAct,
  onChanged,
  summaryExtra,
}: {
  result: Result;
  mayAct: boolean;
  onChanged: () => void;
  /** Shown right after the ring-fence summary, on the card's first screen (the commitments summary). */
  summaryExtra?: ReactNode;
}) {
  const { ringfence, deals } = result;
  const current = ringfence.current;
  const dealById = new Map(deals.map((deal) => [deal.id, deal]));
  const conflicts = ringfence.attributedDeals.flatMap((item) => item.conflicts.map((conflict) => ({ ...conflict, dealId: item.dealId })));
  return (
    <Flex direction="column" gap="sm" testId="ringfence-section">
      <Heading>Ring-fence</Heading>
      <Flex direction="row" gap="sm" align="center">
        <StatusTag variant={STATUS[ringfence.status].variant} testId="ringfence-status">
          {STATUS[ringfence.status].label}
        </StatusTag>
        {current && ringfence.status === 'active' && (
          <Text testId="ringfence-days-left">
            {current.daysRemaining} day{current.daysRemaining === 1 ? '' : 's'} left (last day {current.lastActiveDay}, {ringfence.timeZone})
          </Text>
        )}
      </Flex>
      {current?.expiryWarning && (
        <Alert title="Ring-fence ending soon" variant="warning" testId="ringfence-expiry-warning">
          {current.expiryWarning}
        </Alert>
      )}
      {current && (
        <DescriptionList direction="row">
          <DescriptionListItem label="Owner">
            <Text testId="ringfence-owner">{current.owner.name}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Cloud">
            <Text testId="ringfence-cloud">{current.cloudLabel}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Registered">
            <Text>{day(current.registeredAt)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Expires on">
            <Text testId="ringfence-expires-on">{current.expiresOn}</Text>
          </DescriptionListItem>
        </DescriptionList>
      )}
      {current && (
        <Text testId="ringfence-evidence">
          Evidence: {current.evidence.kindLabel} on {current.evidence.engagedOn} with {current.evidence.contactName} ({current.evidence.contactRole},{' '}
          {current.evidence.contactEmail}){current.evidence.notes ? `. ${current.evidence.notes}` : ''}
        </Text>
      )}
      {current?.released && (
        <Text testId="ringfence-released">
          Released on {day(current.released.at)} by {current.released.by.name}: {current.released.reason}
        </Text>
      )}

      {summaryExtra}

      {ringfence.attributedDeals.length === 0 ? (
        <Text testId="ringfence-no-attributed-deals">No deals are attributed to the alliance.</Text>
      ) : (
        <Accordion title={`Deals attributed to the alliance (${ringfence.attributedDeals.length})`} testId="ringfence-attributed">
          <Table bordered testId="ringfence-attributed-deals">
            <TableHead>
              <TableRow>
                <TableHeader>Deal</TableHeader>
                <TableHeader>Stage</TableHeader>
                <TableHeader>Amount</TableHeader>
                <TableHeader>Ring-fence</TableHeader>
                <TableHeader>Conflicts</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {ringfence.attributedDeals.map((item) => {
                const deal = dealById.get(item.dealId);
                return (
                  <TableRow key={item.dealId}>
                    <TableCell>{deal?.name ?? `Deal ${item.dealId}`}</TableCell>
                    <TableCell>{deal?.stage?.label ?? 'No stage'}</TableCell>
                    <TableCell>{deal ? formatMoney(deal.amount, deal.currency) : ''}</TableCell>
                    <TableCell>
                      {item.ringfenceId} ({item.owner.name}, {item.cloud.toUpperCase()})
                    </TableCell>
                    <TableCell>{item.conflicts.length}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Accordion>
      )}

      {conflicts.length > 0 && (
        <Alert title="Attribution conflicts" variant="info" testId="ringfence-conflicts">
          Inbound activity after registration does not take these deals from the alliance; it is recorded so both teams see it.
          <List>
            {conflicts.map((conflict) => (
              <Text key={`${conflict.dealId}-${conflict.at}-${conflict.what}`}>
                {dealById.get(conflict.dealId)?.name ?? `Deal ${conflict.dealId}`}: {conflict.label}, {conflict.what} ({day(conflict.at)})
              </Text>
            ))}
          </List>
        </Alert>
      )}

      {(ringfence.history.length > 0 || ringfence.past.length > 0) && (
        <Accordion title="History" testId="ringfence-history">
          <List>
            {ringfence.history.map((entry) => (
              <Text key={entry.version}>
                {day(entry.at)} · {entry.actor.name}: {entry.summary}
              </Text>
            ))}
            {ringfence.past.map((past) => (
              <Text key={past.id}>
                Earlier ring-fence {past.id} by {past.owner.name} ({past.cloudLabel}), registered {day(past.registeredAt)}, {past.status}.
              </Text>
            ))}
          </List>
        </Accordion>
      )}

      {mayAct ? (
        <Accordion title="Register, extend or release" testId="ringfence-actions">
          <RingfenceForms ringfence={ringfence} companyId={result.company.id} onChanged={onChanged} />
        </Accordion>
      ) : (
        <Text variant="microcopy" testId="ringfence-read-only">
          Only alliance managers can register, extend or release a ring-fence.
        </Text>
      )}

      <Accordion title="The written rules" testId="ringfence-rules">
        <List variant="ordered">
          {ringfence.rules.map((rule) => (
            <Text key={rule}>{rule}</Text>
          ))}
        </List>
      </Accordion>
    </Flex>
  );
}

interface EvidenceDraft {
  kind: string;
  contactName: string;
  contactRole: string;
  contactEmail: string;
  engagedOn: string;
  notes: string;
}

function EvidenceFields({ draft, set, prefix }: { draft: EvidenceDraft; set: (patch: Partial<EvidenceDraft>) => void; prefix: string }) {
  return (
    <>
      <Select
        label="Evidence"
        name={`${prefix}-kind`}
        testId={`${prefix}-kind`}
        required
        value={draft.kind}
        options={EVIDENCE_OPTIONS}
        onChange={(value) => set({ kind: String(value) })}
      />
      <Input
        label="Hyperscaler contact name"
        name={`${prefix}-contact-name`}
        testId={`${prefix}-contact-name`}
        required
        value={draft.contactName}
        onChange={(value) => set({ contactName: value })}
      />
      <Input
        label="Hyperscaler contact role"
        name={`${prefix}-contact-role`}
        testId={`${prefix}-contact-role`}
        required
        value={draft.contactRole}
        onChange={(value) => set({ contactRole: value })}
      />
      <Input
        label="Hyperscaler contact email"
        name={`${prefix}-contact-email`}
        testId={`${prefix}-contact-email`}
        required
        value={draft.contactEmail}
        onChange={(value) => set({ contactEmail: value })}
      />
      <DateInput
        label="Engagement date"
        name={`${prefix}-engaged-on`}
        testId={`${prefix}-engaged-on`}
        required
        format="medium"
        value={calendarDateOf(draft.engagedOn)}
        onChange={(value) => set({ engagedOn: value ? isoDateOf(value) : '' })}
      />
      <TextArea label="Notes" name={`${prefix}-notes`} testId={`${prefix}-notes`} value={draft.notes} onChange={(value) => set({ notes: value })} />
    </>
  );
}

function evidenceBody(draft: EvidenceDraft) {
  return {
    kind: draft.kind,
    contact: { name: draft.contactName, role: draft.contactRole, email: draft.contactEmail },
    engagedOn: draft.engagedOn,
    notes: draft.notes,
  };
}

function RingfenceForms({ ringfence, companyId, onChanged }: { ringfence: Ringfence; companyId: string; onChanged: () => void }) {
  const card = useCardIdentity();
  const blank: EvidenceDraft = {
    kind: 'hyperscaler_ae_introduction',
    contactName: '',
    contactRole: '',
    contactEmail: '',
    engagedOn: ringfence.today,
    notes: '',
  };
  const [evidence, setEvidence] = useState<EvidenceDraft>(blank);
  const [cloud, setCloud] = useState('aws');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  // One key per action on one version: a retried click replays instead of acting twice.
  const keys = useRef<Record<string, string>>({});
  const keyFor = (action: string) => (keys.current[`${action}:${ringfence.version}`] ??= newIdempotencyKey());
  const set = (patch: Partial<EvidenceDraft>) => setEvidence((previous) => ({ ...previous, ...patch }));

  async function send(action: 'register' | 'extend' | 'release', body: Record<string, unknown>) {
    setBusy(true);
    setOutcome(null);
    const answer = await callBackendAction(
      hubspot.fetch,
      `ringfence_${action}`,
      { companyId, idempotencyKey: keyFor(action), expectedVersion: ringfence.version, ...body },
      card,
    );
    setBusy(false);
    setOutcome({ ok: answer.ok, message: answer.message });
    if (answer.ok) {
      setEvidence(blank);
      setReason('');
      onChanged();
    }
  }

  const current = ringfence.current;
  const active = ringfence.status === 'active' && current;
  return (
    <Flex direction="column" gap="sm" testId="ringfence-forms">
      {outcome && (
        <Alert title={outcome.ok ? 'Done' : 'Not done'} variant={outcome.ok ? 'success' : 'danger'} testId="ringfence-outcome">
          {outcome.message}
        </Alert>
      )}
      {!active ? (
        <Form testId="ringfence-register-form" onSubmit={() => void send('register', { cloud, evidence: evidenceBody(evidence) })}>
          <Heading>Register a ring-fence</Heading>
          <Select
            label="Cloud"
            name="register-cloud"
            testId="register-cloud"
            required
            value={cloud}
            options={CLOUD_OPTIONS}
            onChange={(value) => setCloud(String(value))}
          />
          <EvidenceFields draft={evidence} set={set} prefix="register" />
          <Button type="submit" variant="primary" disabled={busy} testId="ringfence-register">
            Register ring-fence
          </Button>
        </Form>
      ) : (
        <>
          <Form testId="ringfence-extend-form" onSubmit={() => void send('extend', { ringfenceId: current.id, evidence: evidenceBody(evidence) })}>
            <Heading>Extend with new evidence</Heading>
            <EvidenceFields draft={evidence} set={set} prefix="extend" />
            <Button type="submit" disabled={busy} testId="ringfence-extend">
              Extend ring-fence
            </Button>
          </Form>
          <Form testId="ringfence-release-form" onSubmit={() => void send('release', { ringfenceId: current.id, reason })}>
            <Heading>Release</Heading>
            <TextArea label="Reason" name="release-reason" testId="release-reason" required value={reason} onChange={(value) => setReason(value)} />
            <Button type="submit" variant="destructive" disabled={busy} testId="ringfence-release">
              Release ring-fence
            </Button>
          </Form>
        </>
      )}
    </Flex>
  );
}
