import { DescriptionList, DescriptionListItem, Divider, EmptyState, Flex, Heading, Text, hubspot } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { PendingOrError, formatMoney } from './CardStates.tsx';
import { useAppFunction } from './useAppFunction.ts';

hubspot.extend<'crm.record.tab'>(() => <CoSellDealCard />);

export function CoSellDealCard() {
  // Live values: when any of these change on the record, the function recomputes.
  const live = useCrmProperties(['amount', 'dealstage', 'closedate', 'deal_currency_code', 'hubspot_owner_id']);
  const refreshKey = JSON.stringify(live.properties);
  const { state, reload } = useAppFunction<DealCosellResult>(
    'deal_cosell',
    ['hs_object_id'],
    refreshKey,
  );
  if (state.status !== 'ready') return <PendingOrError state={state} reload={reload} loadingLabel="Loading co-sell data" />;
  const { deal, company } = state.result;
  return (
    <Flex direction="column" gap="sm">
      <Heading>{deal.name}</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Amount">
          <Text testId="deal-amount">{formatMoney(deal.amount, deal.currency)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Stage">
          <Text>{deal.stage?.label ?? 'No stage'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Close date">
          <Text>{deal.closeDate ?? 'Not set'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Owner">
          <Text>{deal.owner?.name ?? 'Unassigned'}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Divider />
      {company ? (
        <Text testId="deal-company">
          Customer: {company.name}
          {company.country ? ` (${company.country})` : ''}
        </Text>
      ) : (
        <EmptyState title="No company on this deal" layout="vertical">
          <Text>Associate the customer's company so its cloud commitments can be used.</Text>
        </EmptyState>
      )}
    </Flex>
  );
}
