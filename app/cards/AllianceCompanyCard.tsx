import { EmptyState, Flex, Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text, hubspot } from '@hubspot/ui-extensions';
import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import type { CompanyAllianceResult } from '../../src/functions/contracts.ts';
import { PendingOrError, formatMoney } from './CardStates.tsx';
import { useAppFunction } from './useAppFunction.ts';

hubspot.extend<'crm.record.tab'>(() => <AllianceCompanyCard />);

export function AllianceCompanyCard() {
  const live = useCrmProperties(['name', 'country', 'hubspot_owner_id']);
  const { state, reload } = useAppFunction<CompanyAllianceResult>(
    'company_alliance',
    ['hs_object_id', 'name', 'domain', 'country', 'hubspot_owner_id'],
    JSON.stringify(live.properties),
  );
  if (state.status !== 'ready') return <PendingOrError state={state} reload={reload} loadingLabel="Loading alliance data" />;
  const { company, deals } = state.result;
  return (
    <Flex direction="column" gap="sm">
      <Heading>{company.name}</Heading>
      <Text testId="company-domain">{company.domain ?? 'No domain'}{company.country ? ` · ${company.country}` : ''}</Text>
      {deals.length === 0 ? (
        <EmptyState title="No deals yet" layout="vertical">
          <Text>Deals associated with this company appear here with their attribution.</Text>
        </EmptyState>
      ) : (
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
      )}
    </Flex>
  );
}
