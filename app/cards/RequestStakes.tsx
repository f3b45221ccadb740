import { DescriptionList, DescriptionListItem, Flex, Text } from '@hubspot/ui-extensions';
import type { RequestBrief } from '../../src/hubspot/records/gate-request-view.ts';
import { formatMoney } from './CardStates.tsx';

const usd = (amount: string) => formatMoney(amount, 'USD');

export const ageText = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

/**
 * What an approver weighs on a direct-route exception request: the money going direct gives away,
 * the facts the request was made on, how long it has waited and whether a senior approval follows.
 * Shared by the deal card's gate section and the "Routing approvals" page.
 */
export function RequestStakes({ brief, testId }: { brief: RequestBrief; testId: string }) {
  const { stakes, factsAtRequest: facts } = brief;
  return (
    <Flex direction="column" gap="xs" testId={testId}>
      {stakes ? (
        <DescriptionList direction="row">
          <DescriptionListItem label={`${stakes.marketplace} fee`}>
            <Text testId={`${testId}-fee`}>{usd(stakes.feeUsd)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Customer commitment left undrawn">
            <Text testId={`${testId}-undrawn`}>{usd(stakes.undrawnCommitmentUsd)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="AE's extra commission going direct">
            <Text testId={`${testId}-commission`}>{usd(stakes.aeCommissionGainUsd)}</Text>
          </DescriptionListItem>
        </DescriptionList>
      ) : (
        <Text variant="microcopy">The money at stake was not recorded with this request (made before the app recorded it).</Text>
      )}
      {stakes?.estimate && <Text variant="microcopy">Estimate: at least one of these figures rests on an unconfirmed marketplace rule.</Text>}
      <Text variant="microcopy" testId={`${testId}-facts`}>
        When asked: {usd(facts.amountUsd)}
        {facts.cloud ? `, ${facts.cloud}` : ''}
        {facts.dealType ? `, ${facts.dealType.toLowerCase()}` : ''}; recommended route {facts.recommendedRoute}.
      </Text>
      <Text variant="microcopy" testId={`${testId}-age`}>
        Asked {ageText(brief.ageDays)} by {brief.requester}. {brief.seniorApprovalFollows ? 'A senior approval follows this one.' : ''}
      </Text>
    </Flex>
  );
}
