// Stand-in for `@hubspot/ui-extensions/crm` in the local card preview: the data hooks, read from the
// sandbox for the previewed record. HubSpot pushes fresh values to these hooks when the record changes;
// here the page's `sandbox:record-changed` event does, with the same state transitions (no refetch flag).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { useAssociations as RealUseAssociations, useCrmProperties as RealUseCrmProperties } from '@hubspot/ui-extensions/crm';
import { fetchRecordProperties, onRecordChanged, previewRecord, readSandboxJson } from './host-state.ts';

export { CrmPropertyList } from './crm-property-list.tsx';

type CrmPropertiesResult = ReturnType<typeof RealUseCrmProperties>;
type AssociationsResult = ReturnType<typeof RealUseAssociations>;
type AssociationsConfig = Parameters<typeof RealUseAssociations>[0];

// HubSpot's hooks default to pages of ten associations.
const DEFAULT_PAGE_SIZE = 10;

type LoadMode = 'initial' | 'refetch' | 'pushed';

function toError(error: unknown, fallback: string): Error {
  return error instanceof Error ? error : new Error(fallback);
}

/**
 * Runs `load` on mount, when `key` changes, on `refetch()` and on record changes, dropping answers that
 * a newer load has overtaken. `apply` receives the outcome with the mode it was loaded in.
 */
function useRecordLoader<T>(key: string, load: () => Promise<T>, apply: (mode: LoadMode, outcome: { data: T } | { error: unknown }) => void) {
  const latestLoad = useRef(0);
  const current = useRef({ load, apply });
  current.current = { load, apply };
  const run = useCallback(async (mode: LoadMode) => {
    const sequence = ++latestLoad.current;
    try {
      const data = await current.current.load();
      if (sequence === latestLoad.current) current.current.apply(mode, { data });
    } catch (error) {
      if (sequence === latestLoad.current) current.current.apply(mode, { error });
    }
  }, []);
  useEffect(() => {
    void run('initial');
    return onRecordChanged(() => void run('pushed'));
  }, [key, run]);
  return run;
}

export const useCrmProperties: typeof RealUseCrmProperties = (propertyNames) => {
  const names = [...propertyNames].sort();
  const [state, setState] = useState<Omit<CrmPropertiesResult, 'refetch'>>({
    properties: {},
    error: null,
    isLoading: true,
    isRefetching: false,
  });
  const run = useRecordLoader(
    names.join(','),
    () => fetchRecordProperties(names),
    (mode, outcome) => {
      if ('data' in outcome) {
        setState({ properties: outcome.data, error: null, isLoading: false, isRefetching: false });
        return;
      }
      const error = toError(outcome.error, 'Failed to fetch CRM properties');
      setState((previous) =>
        mode === 'initial' ? { properties: {}, error, isLoading: false, isRefetching: false } : { ...previous, error, isRefetching: false },
      );
    },
  );
  const refetch = useCallback(async () => {
    setState((previous) => ({ ...previous, isRefetching: true, error: null }));
    await run('refetch');
  }, [run]);
  useOnKeyChange(names.join(','), () => setState((previous) => ({ ...previous, isLoading: true, error: null })));
  return { ...state, refetch };
};

/** Calls `onChange` during render when `key` differs from the previous render's, like HubSpot's FETCH_START. */
function useOnKeyChange(key: string, onChange: () => void) {
  const [previousKey, setPreviousKey] = useState(key);
  if (previousKey !== key) {
    setPreviousKey(key);
    onChange();
  }
}

interface AssociationsPage {
  results: AssociationsResult['results'];
  hasMore: boolean;
  nextOffset: number;
}

function isAssociationsPage(data: unknown): data is AssociationsPage {
  const page = data as AssociationsPage | null;
  return typeof page === 'object' && page !== null && Array.isArray(page.results) && typeof page.hasMore === 'boolean' && typeof page.nextOffset === 'number';
}

/** `GET /sandbox/record-associations` for the previewed record. */
async function fetchAssociationsPage(config: AssociationsConfig, pageLength: number, offset: number | undefined): Promise<AssociationsPage> {
  const crm = previewRecord();
  const query = new URLSearchParams({
    objectTypeId: crm.objectTypeId,
    objectId: String(crm.objectId),
    toObjectType: config.toObjectType,
    properties: (config.properties ?? []).join(','),
    pageLength: String(pageLength),
  });
  if (offset !== undefined) query.set('offset', String(offset));
  const body = await readSandboxJson<unknown>(await fetch(`/sandbox/record-associations?${query}`), 'Reading associations');
  if (!isAssociationsPage(body)) throw new Error('Invalid response format');
  return body;
}

export const useAssociations: typeof RealUseAssociations = (config) => {
  const pageSize = config.pageLength ?? DEFAULT_PAGE_SIZE;
  // Offsets of the pages before the current one, so previousPage() can go back.
  const [offsets, setOffsets] = useState<{ current: number | undefined; history: Array<number | undefined> }>({
    current: undefined,
    history: [],
  });
  const [state, setState] = useState({
    results: [] as AssociationsResult['results'],
    error: null as Error | null,
    isLoading: true,
    isRefetching: false,
    hasMore: false,
    nextOffset: undefined as number | undefined,
  });
  const key = JSON.stringify([config.toObjectType, config.properties ?? [], pageSize, offsets.current]);
  useOnKeyChange(key, () => setState((previous) => ({ ...previous, isLoading: true, error: null })));
  const run = useRecordLoader(
    key,
    () => fetchAssociationsPage(config, pageSize, offsets.current),
    (mode, outcome) => {
      if ('data' in outcome) {
        const { results, hasMore, nextOffset } = outcome.data;
        setState({ results, hasMore, nextOffset, error: null, isLoading: false, isRefetching: false });
        return;
      }
      const error = toError(outcome.error, 'Failed to fetch associations');
      setState((previous) =>
        mode === 'initial'
          ? { results: [], hasMore: false, nextOffset: undefined, error, isLoading: false, isRefetching: false }
          : { ...previous, error, isRefetching: false },
      );
    },
  );
  const refetch = useCallback(async () => {
    setState((previous) => ({ ...previous, isRefetching: true, error: null }));
    await run('refetch');
  }, [run]);
  const page = offsets.history.length + 1;
  return {
    results: state.results,
    error: state.error,
    isLoading: state.isLoading,
    isRefetching: state.isRefetching,
    refetch,
    pagination: {
      hasNextPage: state.hasMore,
      hasPreviousPage: page > 1,
      currentPage: page,
      pageSize,
      nextPage: () => {
        if (state.hasMore) setOffsets({ current: state.nextOffset, history: [...offsets.history, offsets.current] });
      },
      previousPage: () => {
        if (page > 1) setOffsets({ current: offsets.history.at(-1), history: offsets.history.slice(0, -1) });
      },
      reset: () => {
        if (page > 1) setOffsets({ current: undefined, history: [] });
      },
    },
  };
};
