import {
  Accordion,
  Divider,
  EmptyState,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  hubspot,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { IntegrityNotice } from './IntegrityNotice.tsx';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import type { CompanyAllianceResult } from '../../src/functions/contracts.ts';
import { PendingOrError, formatMoney } from './CardStates.tsx';
import { RingfenceSection } from './RingfenceSection.tsx';
import { CommitmentsSection } from './CommitmentsSection.tsx';
import { useAppFunction } from './useAppFunction.ts';

hubspot.extend<'crm.record.tab'>(() => <AllianceCompanyCard />);

export function AllianceCompanyCard() {
  const live = useCrmProperties(['name', 'country', 'hubspot_owner_id']);
  const { user } = useExtensionContext<'crm.record.tab'>();
  const actions = useExtensionActions<'crm.record.tab'>();
  const { state, reload } = useAppFunction<CompanyAllianceResult>(
    'company_alliance',
    ['hs_object_id', 'name', 'domain', 'country', 'hubspot_owner_id'],
    JSON.stringify(live.properties),
  );
  if (state.status !== 'ready') return <PendingOrError state={state} reload={reload} loadingLabel="Loading alliance data" />;
  const { company, deals } = state.result;
  // A display hint only: the backend decides on the identity HubSpot signs into each request.
  const managers = state.result.ringfence.allianceManagers;
  const mayAct = managers.userIds.includes(String(user.id)) || user.teams.some((team) => managers.teamIds.includes(String(team.id)));
  const changed = () => {
    actions.refreshObjectProperties();
    reload();
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>{company.name}</Heading>
      <Text testId="company-domain">
        {company.domain ?? 'No domain'}
        {company.country ? ` · ${company.country}` : ''}
      </Text>
      <IntegrityNotice integrity={state.result.integrity} what="The ring-fence" />
      <RingfenceSection
        result={state.result}
        mayAct={mayAct}
        onChanged={changed}
        summaryExtra={<CommitmentsSection commitments={state.result.commitments} companyId={company.id} mayEdit={mayAct} onChanged={changed} />}
      />
      <Divider />
      {deals.length === 0 ? (
        <EmptyState title="No deals yet" layout="vertical">
          <Text>Deals associated with this company appear here with their attribution.</Text>
        </EmptyState>
      ) : (
        <Accordion title={`All deals (${deals.length})`} testId="company-all-deals">
          <Table bordered>
            <TableHead>
              <TableRow>
                <TableHeader>Deal</TableHeader>
                <TableHeader>Stage</TableHeader>
                <TableHeader>Amount</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {deals.map((deal) => (
                <TableRow key={deal.id}>
                  <TableCell>{deal.name}</TableCell>
                  <TableCell>{deal.stage?.label ?? 'No stage'}</TableCell>
                  <TableCell>{formatMoney(deal.amount, deal.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Accordion>
      )}
    </Flex>
  );
}
