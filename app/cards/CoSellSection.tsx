import { Accordion, Alert, Flex, List, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import type { DealCosellResult } from '../../src/functions/contracts.ts';

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

/** The deal card's co-sell section: the summary, then the details (readiness, advice, contact) collapsed. */
export function CoSellSection({ cosell }: { cosell: CoSell }) {
  return (
    <Flex direction="column" gap="sm">
      <CoSellSummary cosell={cosell} />
      <CoSellDetails cosell={cosell} />
    </Flex>
  );
}

/** Where co-sell stands and the next action: the first thing the AE reads. */
export function CoSellSummary({ cosell }: { cosell: CoSell }) {
  const { status } = cosell;
  if (cosell.cloud === null) {
    return (
      <Flex direction="column" gap="xs" testId="cosell-empty">
        <Flex direction="row" gap="sm" align="center">
          <Text format={{ fontWeight: 'bold' }}>Co-sell</Text>
          <StatusTag variant="default" testId="cosell-status">
            Not co-sold with a cloud
          </StatusTag>
        </Flex>
        <Text testId="cosell-next-action">{status.nextAction}</Text>
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="xs" testId="cosell-summary">
      <Flex direction="row" gap="sm" align="center" wrap="wrap">
        <Text format={{ fontWeight: 'bold' }}>Co-sell with {cosell.cloudName}</Text>
        <StatusTag variant={STATUS_VARIANTS[status.value]} testId="cosell-status">
          {status.label}
        </StatusTag>
        {status.daysInStatus !== null && <Text testId="cosell-days">{days(status.daysInStatus)} in this status</Text>}
        {status.stalled && <Tag variant="warning">Stalled</Tag>}
        {cosell.zombie.zombie && <Tag variant="error">Zombie pipeline</Tag>}
      </Flex>
      <Text testId="cosell-next-action">{status.nextAction}</Text>
    </Flex>
  );
}

/** The co-sell details, each collapsed until the AE opens it. */
export function CoSellDetails({ cosell }: { cosell: CoSell }) {
  if (cosell.cloud === null) return null;
  const { status } = cosell;
  const problems = cosell.readiness?.problems.length ?? 0;
  return (
    <Flex direction="column" gap="xs" testId="cosell-details">
      {(status.stalled || cosell.zombie.zombie || status.rawStatus) && (
        <Accordion title={`Co-sell status with ${cosell.cloudName}`} testId="cosell-status-details">
          <Flex direction="column" gap="xs">
            {status.rawStatus && (
              <Text variant="microcopy">
                {cosell.cloudName} says: {status.rawStatus}
              </Text>
            )}
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
          </Flex>
        </Accordion>
      )}
      {cosell.readiness && (
        <Accordion
          title={cosell.readiness.ready ? 'Ready for AWS (ACE)' : `Ready for AWS (ACE): ${problems === 1 ? '1 thing' : `${problems} things`} to fix`}
          testId="cosell-readiness"
        >
          <Readiness readiness={cosell.readiness} />
        </Accordion>
      )}
      {cosell.advice && (
        <Accordion title={`Submit or hold: ${cosell.advice.recommendation === 'submit' ? 'submit' : 'hold'}`} testId="cosell-advice-details">
          <Advice advice={cosell.advice} />
        </Accordion>
      )}
      <Accordion title={`${cosell.cloudName} contact`} testId="cosell-contact-details">
        {cosell.hyperscalerContact ? (
          <Text testId="cosell-contact">
            {[cosell.hyperscalerContact.name, cosell.hyperscalerContact.role, cosell.hyperscalerContact.email].filter(Boolean).join(' · ')}
          </Text>
        ) : (
          <Text testId="cosell-contact">No {cosell.cloudName} seller named: fill in Cloud seller name and email on the deal.</Text>
        )}
      </Accordion>
    </Flex>
  );
}

function Readiness({ readiness }: { readiness: NonNullable<CoSell['readiness']> }) {
  const { editability, problems } = readiness;
  return (
    <Flex direction="column" gap="xs">
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
