import { Alert, EmptyState, Flex, Heading, List, StatusTag, Text } from '@hubspot/ui-extensions';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { AwsShareSection } from './AwsShareSection.tsx';

type CoSell = DealCosellResult['cosell'];
type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';

const STATUS_VARIANTS: Record<CoSell['status']['value'], TagVariant> = {
  not_shared: 'default',
  draft: 'info',
  submitted: 'info',
  in_review: 'info',
  action_required: 'warning',
  accepted: 'success',
  rejected: 'danger',
  won: 'success',
  lost: 'default',
  expired: 'default',
};

const VERDICT_WORDS: Record<NonNullable<CoSell['advice']>['reasons'][number]['verdict'], string> = {
  for: 'For',
  against: 'Against',
  neutral: 'Note',
};

const OBJECT_WORDS = { deal: 'deal', company: 'company', contact: 'contact' } as const;

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The deal card's co-sell section: status, readiness for AWS, submit-or-hold advice and the cloud contact. */
export function CoSellSection({ cosell, dealId, onChanged }: { cosell: CoSell; dealId?: string; onChanged?: () => void }) {
  const { status } = cosell;
  if (cosell.cloud === null) {
    return (
      <EmptyState title="Not co-sold with a cloud" layout="vertical" testId="cosell-empty">
        <Text>{status.nextAction}</Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>Co-sell with {cosell.cloudName}</Heading>
      <Flex direction="row" gap="sm" align="center">
        <StatusTag variant={STATUS_VARIANTS[status.value]} testId="cosell-status">
          {status.label}
        </StatusTag>
        {status.daysInStatus !== null && <Text testId="cosell-days">{days(status.daysInStatus)} in this status</Text>}
      </Flex>
      {status.rawStatus && (
        <Text variant="microcopy">
          {cosell.cloudName} says: {status.rawStatus}
        </Text>
      )}
      <Text testId="cosell-next-action">{status.nextAction}</Text>
      {status.stalled && status.stalledMessage && (
        <Alert title="Stalled" variant="warning" testId="cosell-stalled">
          {status.stalledMessage}
        </Alert>
      )}
      {cosell.zombie.zombie && cosell.zombie.message && (
        <Alert title="Zombie pipeline" variant="danger" testId="cosell-zombie">
          {cosell.zombie.message}
        </Alert>
      )}
      {cosell.readiness && <Readiness readiness={cosell.readiness} />}
      {cosell.advice && <Advice advice={cosell.advice} />}
      {dealId && onChanged && <AwsShareSection cosell={cosell} dealId={dealId} onChanged={onChanged} />}
      <Heading>{cosell.cloudName} contact</Heading>
      {cosell.hyperscalerContact ? (
        <Text testId="cosell-contact">
          {[cosell.hyperscalerContact.name, cosell.hyperscalerContact.role, cosell.hyperscalerContact.email].filter(Boolean).join(' · ')}
        </Text>
      ) : (
        <Text testId="cosell-contact">No {cosell.cloudName} seller named: fill in Cloud seller name and email on the deal.</Text>
      )}
    </Flex>
  );
}

function Readiness({ readiness }: { readiness: NonNullable<CoSell['readiness']> }) {
  const { editability, problems } = readiness;
  return (
    <Flex direction="column" gap="xs">
      <Heading>Ready for AWS (ACE)</Heading>
      {readiness.ready ? (
        <StatusTag variant="success" testId="cosell-ready">
          Ready to submit to AWS
        </StatusTag>
      ) : (
        <>
          <StatusTag variant="warning" testId="cosell-ready">
            {problems.length === 1 ? '1 thing' : `${problems.length} things`} to fix before AWS accepts it
          </StatusTag>
          <List variant="unordered-styled" testId="cosell-checklist">
            {problems.map((problem, index) => (
              <Flex key={`${problem.field}:${problem.code}`} direction="column" gap="flush">
                <Text testId={`cosell-problem-${index}`}>
                  {problem.property.label} on the {OBJECT_WORDS[problem.property.object]}
                  {problem.record ? ` (${problem.record})` : ''}: {problem.fix}
                  {problem.editableNow ? '' : ' Locked in ACE right now.'}
                </Text>
                <Text variant="microcopy">AWS: {problem.message}</Text>
              </Flex>
            ))}
          </List>
        </>
      )}
      <Text variant="microcopy" testId="cosell-editability">
        {editability.reason}
        {editability.mode === 'listed' && editability.properties.length > 0
          ? ` You can change: ${editability.properties.map((property) => property.label).join(', ')}.`
          : ''}
      </Text>
    </Flex>
  );
}

function Advice({ advice }: { advice: NonNullable<CoSell['advice']> }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>Submit or hold</Heading>
      <StatusTag variant={advice.recommendation === 'submit' ? 'success' : 'warning'} testId="cosell-advice">
        {advice.recommendation === 'submit' ? 'Submit' : 'Hold'}
      </StatusTag>
      <Text testId="cosell-advice-summary">{advice.summary}</Text>
      <List variant="unordered">
        {advice.reasons.map((reason) => (
          <Text key={reason.factor} testId={`cosell-reason-${reason.factor}`}>
            {VERDICT_WORDS[reason.verdict]}: {reason.message}
          </Text>
        ))}
      </List>
    </Flex>
  );
}
