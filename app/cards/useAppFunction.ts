import { useCallback, useEffect, useRef, useState } from 'react';
import { hubspot } from '@hubspot/ui-extensions';
import type { FunctionResponse } from '../../src/functions/contract.ts';

export type FunctionState<R> = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; result: R };

/**
 * Calls one app function and tracks its answer. `refreshKey` re-runs the call when the record's live
 * values change, so the card never shows numbers computed from stale properties.
 */
export function useAppFunction<R>(
  uid: string,
  propertiesToSend: string[],
  refreshKey: string,
  /** Sent as the function's parameters; the call re-runs when they change. */
  parameters: Record<string, string> = {},
): { state: FunctionState<R>; reload: () => void } {
  const [state, setState] = useState<FunctionState<R>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latestCall = useRef(0);

  useEffect(() => {
    const call = ++latestCall.current;
    // Started inside a promise so a host that throws synchronously still ends in the error state.
    Promise.resolve()
      .then(() => hubspot.serverless<FunctionResponse<R>>(uid, { propertiesToSend, parameters }))
      .then((response) => {
        if (call !== latestCall.current) return;
        setState(response.ok ? { status: 'ready', result: response.result } : { status: 'error', message: response.error.message, code: response.error.code });
      })
      .catch((error: unknown) => {
        if (call !== latestCall.current) return;
        setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    // propertiesToSend is a literal per card; the call re-runs on the record's changes and reloads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uid, refreshKey, generation, JSON.stringify(parameters)]);

  // A reload after an error shows the spinner again; a ready card keeps its numbers until the new answer.
  const reload = useCallback(() => {
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    setGeneration((value) => value + 1);
  }, []);
  return { state, reload };
}
