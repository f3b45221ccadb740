import { Accordion, Alert, Flex, Link, List, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { CrmPropertyList } from '@hubspot/ui-extensions/crm';
import type { DealCosellResult } from '../../src/functions/contracts.ts';

type Routing = DealCosellResult['routing'];
type Ready = Extract<Routing, { status: 'ready' }>;
type Incomplete = Extract<Routing, { status: 'incomplete' }>;

/** "1234567.80" as "$1,234,567.80". */
function usd(amount: string): string {
  const [whole = '0', cents = '00'] = amount.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The deal card's routing section: the summary, then the details collapsed. */
export function RoutingSection({ routing, companyId }: { routing: Routing; companyId?: string | null }) {
  return (
    <Flex direction="column" gap="sm">
      <RoutingSummary routing={routing} companyId={companyId ?? null} />
      <RoutingDetails routing={routing} />
    </Flex>
  );
}

/** Which route, what it costs, what commitment it retires, and what it assumed: the AE's second question. */
export function RoutingSummary({ routing, companyId }: { routing: Routing; companyId: string | null }) {
  if (routing.status === 'incomplete') return <MissingInputs routing={routing} companyId={companyId} />;
  const { headline, commitment } = routing;
  const recommended = routing.options.find((option) => `marketplace:${option.cloud}` === headline.route);
  const delivery = routing.assumptions.find((assumption) => assumption.fact === 'delivery');
  return (
    <Flex direction="column" gap="xs" testId="routing-summary">
      <Flex direction="row" gap="sm" align="center" wrap="wrap">
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
      {recommended ? (
        <Text testId="routing-money">
          Fee {usd(recommended.fee)} ({recommended.feePercent}) · your commission −{usd(recommended.aeCommissionDelta)}
        </Text>
      ) : (
        <Text testId="routing-headline-text">{headline.text}</Text>
      )}
      <Text testId="routing-commitment">{commitment ? commitment.text : "No marketplace route retires any of the customer's committed spend."}</Text>
      {delivery && (
        <Text variant="microcopy" testId="routing-assumed">
          {delivery.text}.
        </Text>
      )}
    </Flex>
  );
}

/** One message naming each missing input by its label, with HubSpot's own editor to set it right here. */
function MissingInputs({ routing, companyId }: { routing: Incomplete; companyId: string | null }) {
  const onDeal = routing.problems.filter((problem) => problem.object === 'deal').map((problem) => problem.property);
  const onCompany = routing.problems.filter((problem) => problem.object === 'company').map((problem) => problem.property);
  return (
    <Flex direction="column" gap="xs" testId="routing-summary">
      <Alert title="No recommendation yet" variant="warning" testId="routing-incomplete">
        {routing.message}
      </Alert>
      {onDeal.length > 0 && <CrmPropertyList properties={[...new Set(onDeal)]} direction="row" testId="routing-missing-deal" />}
      {onCompany.length > 0 && companyId && (
        <CrmPropertyList
          properties={[...new Set(onCompany)]}
          objectTypeId="0-2"
          objectId={Number(companyId)}
          direction="row"
          testId="routing-missing-company"
        />
      )}
    </Flex>
  );
}

/** The per-cloud comparison, the reasons with their sources, and the inputs the recommendation rests on. */
export function RoutingDetails({ routing }: { routing: Routing }) {
  if (routing.status === 'incomplete') return null;
  return (
    <Flex direction="column" gap="xs" testId="routing-details">
      <Accordion title="Compare the clouds" testId="routing-compare">
        <Flex direction="column" gap="xs">
          <OptionsTable routing={routing} />
          <Text testId="routing-ae-commission">{routing.aeCommission.text}</Text>
        </Flex>
      </Accordion>
      <Accordion title="Routing inputs and defaults" testId="routing-inputs">
        <Flex direction="column" gap="xs">
          <List variant="unordered" testId="routing-assumptions">
            {routing.assumptions.map((assumption) => (
              <Text key={assumption.fact} testId={`routing-assumption-${assumption.fact}`}>
                {assumption.text}
              </Text>
            ))}
          </List>
          <Text variant="microcopy">Set any of these on the deal to override the products and the portal defaults:</Text>
          <CrmPropertyList properties={routing.overrides} direction="row" testId="routing-overrides" />
        </Flex>
      </Accordion>
      <Accordion title="Why, with the rules and their sources" testId="routing-why">
        <Flex direction="column" gap="xs">
          <List variant="unordered-styled" testId="routing-rationale">
            {routing.rationale.map((line) => (
              <Text key={line}>{line}</Text>
            ))}
          </List>
          <Sources routing={routing} />
        </Flex>
      </Accordion>
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
                      {blocker.text}
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
  // A rule id recurs when its rows differ by cloud (N4 for AWS and for Google): those rows name their clouds.
  const repeated = new Set(routing.sources.map((source) => source.ruleId).filter((id, index, ids) => ids.indexOf(id) !== index));
  return (
    <Flex direction="column" gap="xs" testId="routing-sources">
      <Text variant="microcopy">Marketplace policy {routing.policyVersion}. Every figure above comes from these rules:</Text>
      {routing.sources.map((source) => (
        <Text
          key={`${source.ruleId}-${source.clouds.join('-')}`}
          variant="microcopy"
          testId={repeated.has(source.ruleId) ? `routing-source-${source.ruleId}-${source.clouds.join('-')}` : `routing-source-${source.ruleId}`}
        >
          Rule {source.ruleId}: {source.summary} (in force from {source.effectiveFrom ?? 'before records'}, {CONFIDENCE_WORDS[source.confidence]})
          {source.estimate ? ' [estimate] ' : ' '}
          <Link href={{ url: source.urls[0]!, external: true }}>source</Link>
        </Text>
      ))}
    </Flex>
  );
}

const CONFIDENCE_WORDS: Record<Ready['sources'][number]['confidence'], string> = {
  C: "confirmed by the cloud's own documentation",
  '2°': 'from third-party reporting',
  U: 'unconfirmed',
};
