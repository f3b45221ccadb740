import { Alert, Flex, Heading, Link, List, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import type { DealCosellResult } from '../../src/functions/contracts.ts';

type Routing = DealCosellResult['routing'];
type Ready = Extract<Routing, { status: 'ready' }>;

/** "1234567.80" as "$1,234,567.80". */
function usd(amount: string): string {
  const [whole = '0', cents = '00'] = amount.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The deal card's routing section: the recommendation, its economics per cloud, the AE's commission and the sources. */
export function RoutingSection({ routing }: { routing: Routing }) {
  if (routing.status === 'incomplete') {
    return (
      <Flex direction="column" gap="sm">
        <Heading>Marketplace routing</Heading>
        <Alert title="Routing needs deal details" variant="warning" testId="routing-incomplete">
          {routing.message}
        </Alert>
      </Flex>
    );
  }
  const { headline, aeCommission } = routing;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Marketplace routing</Heading>
      <Flex direction="row" gap="sm" align="center">
        <Text format={{ fontWeight: 'bold' }} testId="routing-headline">
          Recommended: {headline.label}
        </Text>
        {headline.requiresException && (
          <Tag variant="warning" testId="routing-exception">
            Direct needs an approved exception
          </Tag>
        )}
        {routing.estimate && (
          <Tag variant="default" testId="routing-estimate">
            Estimate
          </Tag>
        )}
      </Flex>
      <Text testId="routing-headline-text">{headline.text}</Text>
      <OptionsTable routing={routing} />
      <Text testId="routing-ae-commission">{aeCommission.text}</Text>
      <Heading>Why</Heading>
      <List variant="unordered-styled" testId="routing-rationale">
        {routing.rationale.map((line) => (
          <Text key={line}>{line}</Text>
        ))}
      </List>
      <Sources routing={routing} />
    </Flex>
  );
}

function OptionsTable({ routing }: { routing: Ready }) {
  return (
    <Table bordered testId="routing-options">
      <TableHead>
        <TableRow>
          <TableHeader>Cloud</TableHeader>
          <TableHeader>Marketplace fee</TableHeader>
          <TableHeader>Customer drawdown</TableHeader>
          <TableHeader>Your commission</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {routing.options.map((option) => (
          <TableRow key={option.cloud} testId={`routing-option-${option.cloud}`}>
            <TableCell>
              <Flex direction="column" gap="xs">
                <Text format={{ fontWeight: 'demibold' }}>{option.cloudName}</Text>
                {option.eligible ? (
                  <Tag variant="success" testId={`routing-eligible-${option.cloud}`}>
                    Eligible
                  </Tag>
                ) : (
                  option.blockers.map((blocker) => (
                    <Text key={blocker.id} variant="microcopy" testId={`routing-blocker-${option.cloud}-${blocker.id}`}>
                      {blocker.id}: {blocker.text}
                      {blocker.sourceUrl && (
                        <>
                          {' '}
                          <Link href={{ url: blocker.sourceUrl, external: true }}>source</Link>
                        </>
                      )}
                    </Text>
                  ))
                )}
                {option.estimate && <Tag variant="default">Estimate</Tag>}
              </Flex>
            </TableCell>
            <TableCell>
              <Text testId={`routing-fee-${option.cloud}`}>
                {usd(option.fee)} ({option.feePercent})
              </Text>
            </TableCell>
            <TableCell>
              <Text testId={`routing-drawdown-${option.cloud}`}>{usd(option.drawdown)}</Text>
              <Text variant="microcopy">{option.capacity === null ? 'No commitment on this cloud' : `of ${usd(option.capacity)} capacity`}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`routing-commission-${option.cloud}`}>-{usd(option.aeCommissionDelta)}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Sources({ routing }: { routing: Ready }) {
  return (
    <Flex direction="column" gap="xs" testId="routing-sources">
      <Text variant="microcopy">Marketplace policy {routing.policyVersion}. Every figure above comes from these rules:</Text>
      {routing.sources.map((source) => (
        <Text key={`${source.ruleId}-${source.clouds.join('-')}`} variant="microcopy" testId={`routing-source-${source.ruleId}`}>
          {source.ruleId}: {source.summary} (in force from {source.effectiveFrom ?? 'before records'}, confidence {source.confidence})
          {source.estimate ? ' [estimate] ' : ' '}
          <Link href={{ url: source.urls[0]!, external: true }}>source</Link>
        </Text>
      ))}
    </Flex>
  );
}
