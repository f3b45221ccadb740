import { Divider, EmptyState, Flex, Heading, Text, hubspot, useExtensionActions, useExtensionContext } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { PendingOrError, formatMoney } from './CardStates.tsx';
import { AttributionLine } from './AttributionLine.tsx';
import { AwsShareSection } from './AwsShareSection.tsx';
import { CoSellDetails, CoSellSummary } from './CoSellSection.tsx';
import { GateDetails, GateSection } from './GateSection.tsx';
import { RoutingDetails, RoutingSummary } from './RoutingSection.tsx';
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
  const onBackendWrote = () => {
    // The backend wrote the deal: HubSpot's own property panels must show it too.
    actions.refreshObjectProperties();
    reload();
  };
  // The first screen answers the AE's three questions (co-sell, route and money, gate and its action);
  // everything else sits below in collapsed sections.
  return (
    <Flex direction="column" gap="sm">
      <Heading>{deal.name}</Heading>
      <Text testId="deal-facts">
        <Text inline testId="deal-amount">
          {formatMoney(deal.amount, deal.currency)}
        </Text>
        {` · ${deal.stage?.label ?? 'No stage'} · closes ${deal.closeDate ?? 'on no date yet'} · ${deal.owner?.name ?? 'Unassigned'}`}
        {company && (
          <>
            {' · '}
            <Text inline testId="deal-company">
              Customer: {company.name}
              {company.country ? ` (${company.country})` : ''}
            </Text>
          </>
        )}
      </Text>
      {!company && (
        <EmptyState title="No company on this deal" layout="vertical">
          <Text>Associate the customer's company so its cloud commitments can be used.</Text>
        </EmptyState>
      )}
      <Divider />
      <CoSellSummary cosell={cosell} />
      <AwsShareSection cosell={cosell} dealId={deal.id} onChanged={onBackendWrote} />
      <Divider />
      <RoutingSummary routing={routing} companyId={company?.id ?? null} />
      <Divider />
      <GateSection gate={gate} dealId={deal.id} onChanged={onBackendWrote} />
      <Divider />
      <Flex direction="column" gap="xs" testId="deal-details">
        <AttributionLine attribution={attribution} />
        <CoSellDetails cosell={cosell} />
        <RoutingDetails routing={routing} />
        <GateDetails gate={gate} />
      </Flex>
    </Flex>
  );
}
