import { Alert, Text } from '@hubspot/ui-extensions';
import type { IntegritySection } from '../../src/functions/integrity-view.ts';

const day = (iso: string) => iso.slice(0, 10);

/**
 * Says when the app's data on the record was changed outside the app: the card then shows the app's
 * own last values, and the backend puts them back (and counts, notes and tasks the edit).
 */
export function IntegrityNotice({ integrity, what }: { integrity: IntegritySection; what: string }) {
  if (integrity.status === 'tampered') {
    const by = integrity.changedBy.length > 0 ? ` by ${integrity.changedBy.join(', ')}` : '';
    return (
      <Alert title={`${what} was changed outside the app`} variant="danger" testId="integrity-tampered">
        {integrity.changed.join(', ') || 'App data'} changed{by}. Only Cloud co-sell may write it: this card shows the app's own values, and the app is putting
        them back and telling the approver.
      </Alert>
    );
  }
  if (integrity.restoredCount > 0) {
    return (
      <Text variant="microcopy" testId="integrity-restored">
        {integrity.restoredCount} outside {integrity.restoredCount === 1 ? 'edit' : 'edits'} of {what.toLowerCase()} restored
        {integrity.lastRestoredAt ? `, last on ${day(integrity.lastRestoredAt)}` : ''}.
      </Text>
    );
  }
  return null;
}
