import {
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  Flex,
  Heading,
  Text,
  hubspot,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { PendingOrError, formatMoney } from './CardStates.tsx';
import { AttributionLine } from './AttributionLine.tsx';
import { CoSellSection } from './CoSellSection.tsx';
import { GateSection } from './GateSection.tsx';
import { RoutingSection } from './RoutingSection.tsx';
import { useAppFunction } from './useAppFunction.ts';

hubspot.extend<'crm.record.tab'>(() => <CoSellDealCard />);

export function CoSellDealCard() {
  // Live values: when any of these change on the record, the function recomputes.
  const live = useCrmProperties([
    'amount',
    'dealstage',
    'closedate',
    'deal_currency_code',
    'hubspot_owner_id',
    'dealname',
    'cosell_cloud',
    'cosell_hyperscaler_contact_name',
    'cosell_hyperscaler_contact_email',
    'cosell_hyperscaler_contact_role',
    'cosell_ace_use_case',
    'cosell_ace_business_problem',
    'cosell_ace_delivery_models',
    'cosell_ace_sales_activities',
    'cosell_ace_primary_needs',
    'cosell_ace_opportunity_type',
    'cosell_ace_related_opportunity_id',
    'cosell_ace_expected_monthly_spend',
    'cosell_ace_spend_currency',
    'cosell_ace_national_security',
    'cosell_ace_competitor',
    'cosell_ace_other_competitor',
    'cosell_ace_solution_ids',
    'cosell_ace_other_solution',
    'cosell_ace_next_steps',
    'cosell_ace_marketing_source',
    'cosell_ace_marketing_funding_used',
    'cosell_ace_marketing_campaign',
    'cosell_ace_marketing_channels',
    'cosell_ace_marketing_use_cases',
    'dealtype',
    'cosell_deal_type',
    'cosell_delivery_model',
    'cosell_offer_type',
    'cosell_channel_partner',
    'cosell_government_cloud',
    'cosell_route_target_clouds',
  ]);
  const refreshKey = JSON.stringify(live.properties);
  // The viewer's id is sent for display hints only (which buttons to show); the backend decides on HubSpot's signature.
  const viewerUserId = String(useExtensionContext<'crm.record.tab'>().user.id);
  const actions = useExtensionActions<'crm.record.tab'>();
  const { state, reload } = useAppFunction<DealCosellResult>('deal_cosell', ['hs_object_id'], refreshKey, { viewerUserId });
  if (state.status !== 'ready') return <PendingOrError state={state} reload={reload} loadingLabel="Loading co-sell data" />;
  const { deal, company, cosell, gate, attribution, routing } = state.result;
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
      <AttributionLine attribution={attribution} />
      <Divider />
      <CoSellSection
        cosell={cosell}
        dealId={deal.id}
        onChanged={() => {
          actions.refreshObjectProperties();
          reload();
        }}
      />
      <Divider />
      <RoutingSection routing={routing} />
      <Divider />
      <GateSection
        gate={gate}
        dealId={deal.id}
        onChanged={() => {
          // The backend wrote the deal: HubSpot's own property panels must show it too.
          actions.refreshObjectProperties();
          reload();
        }}
      />
    </Flex>
  );
}
