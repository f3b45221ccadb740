import { Button, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { FunctionState } from './useAppFunction.ts';

/** Loading and error states shared by the app's cards; returns null once there is a result. */
export function PendingOrError({ state, reload, loadingLabel }: { state: FunctionState<unknown>; reload: () => void; loadingLabel: string }) {
  if (state.status === 'loading') return <LoadingSpinner label={loadingLabel} layout="centered" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="Cloud co-sell could not load this record">
        <Text>{state.message}</Text>
        <Button onClick={reload} testId="retry">
          Try again
        </Button>
      </ErrorState>
    );
  }
  return null;
}

export function formatMoney(amount: string | null, currency: string): string {
  if (amount === null) return 'No amount';
  const [whole = '0', fraction] = amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fraction ? `.${fraction.padEnd(2, '0').slice(0, 2)}` : '';
  return `${amount.startsWith('-') ? '-' : ''}${grouped}${cents} ${currency}`;
}
