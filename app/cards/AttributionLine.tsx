import { Alert, Flex, List, StatusTag, Text } from '@hubspot/ui-extensions';
import type { DealCosellResult } from '../../src/functions/contracts.ts';

type Attribution = DealCosellResult['attribution'];

const day = (iso: string) => iso.slice(0, 10);

/** The deal's attribution in one line, with the ring-fence it came from and any recorded conflicts. */
export function AttributionLine({ attribution }: { attribution: Attribution }) {
  const ringfence = attribution.ringfence;
  return (
    <Flex direction="column" gap="xs" testId="attribution">
      <Flex direction="row" gap="sm" align="center">
        <StatusTag variant={attribution.source === 'alliance' ? 'success' : 'default'} testId="attribution-source">
          {attribution.source === 'alliance' ? 'Alliance' : 'Own source'}
        </StatusTag>
        <Text testId="attribution-line">{attribution.line}</Text>
      </Flex>
      {ringfence && (
        <Text variant="microcopy" testId="attribution-ringfence">
          Ring-fence {ringfence.id} ({ringfence.cloudLabel}) by {ringfence.owner.name}
          {ringfence.status ? `: ${ringfence.status}` : ''}
          {ringfence.registeredAt ? `, registered ${day(ringfence.registeredAt)}` : ''}
          {ringfence.expiresOn ? `, expires on ${ringfence.expiresOn}` : ''}
        </Text>
      )}
      {attribution.conflicts.length > 0 && (
        <Alert title="Attribution conflict" variant="warning" testId="attribution-conflicts">
          {attribution.conflictNote}
          <List>
            {attribution.conflicts.map((conflict) => (
              <Text key={`${conflict.at}-${conflict.kind}-${conflict.what}`}>
                {conflict.label}: {conflict.what} ({day(conflict.at)})
              </Text>
            ))}
          </List>
        </Alert>
      )}
    </Flex>
  );
}
